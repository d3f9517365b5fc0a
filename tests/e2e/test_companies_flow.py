"""Companies in a real browser: move one along the pipeline, download the .ics and the XLSX,
draft and send the interview report to the agent."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, time, timedelta

import openpyxl
import pytest
from browser import choose, key, screenshot, wait_idle
from icalendar import Calendar
from playwright.sync_api import expect

from lib import db
from lib.models import Company, Interview, Interviewer
from lib.pipeline.agents import Agent, link_company, save_agent
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import complete_reflection, save_reflection_field, start_reflection

COMPANY = "ミナトデータ <b>株式会社</b>"


@pytest.fixture
def records(app) -> dict:
    """A company applied to through an agent: one interview done and reflected, the next one scheduled."""
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name=COMPANY, applied_via="agent", interest=4))
        link_company(conn, company_id, save_agent(conn, Agent(name="山本", agency="キャリアブリッジ",
                                                               email="yamamoto@example.com")))
        done = save_interview(conn, Interview(company_id, "first", date.today() - timedelta(days=1), time(10),
                                              status="done", interviewers=[Interviewer("佐藤", "人事部長")]))
        reflection_id = start_reflection(conn, done)
        save_reflection_field(conn, reflection_id, "overall", 4)
        save_reflection_field(conn, reflection_id, "went_well", "数字で実績を説明できた")
        complete_reflection(conn, reflection_id)
        upcoming = save_interview(conn, Interview(company_id, "second", date.today() + timedelta(days=5), time(14),
                                                  location="https://meet.example.com/abc"))
    return {"company": company_id, "done": done, "upcoming": upcoming, "reflection": reflection_id}



def test_move_download_and_report(app, page, records):
    # Pipeline: the interviews moved the company to 二次面接; one click moves it on by hand.
    page.goto(f"{app.url}/pipeline")
    wait_idle(page)
    second = page.locator(".fk-column[data-stage=second]")
    expect(second.get_by_text(COMPANY, exact=True)).to_be_visible()  # HTML shown literally
    key(page, "pipeline_move_open__toggle").get_by_role("button").click()  # moving by hand is folded away
    choose(page, "pipeline_company", COMPANY)
    key(page, f"pipeline_stage_{records['company']}").get_by_role("radio", name="最終面接", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(f"「{COMPANY}」を「最終面接」に移しました。")).to_be_visible()
    expect(page.locator(".fk-column[data-stage=final]").get_by_text(COMPANY, exact=True)).to_be_visible()
    screenshot(page, "pipeline")
    with sqlite3.connect(app.db_path) as conn:
        assert conn.execute("SELECT stage FROM stage_changes ORDER BY id").fetchall() == \
            [("applied",), ("first",), ("second",), ("final",)]

    # Calendar: every upcoming interview in one .ics.
    page.goto(f"{app.url}/calendar")
    wait_idle(page)
    with page.expect_download() as download:
        key(page, "calendar_ics_all").get_by_role("button").click()
    events = list(Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"interview-{records['upcoming']}@furikaeri.local"]
    assert str(events[0]["summary"]) == f"二次面接｜{COMPANY}"
    assert events[0].decoded("dtstart").hour == 14
    assert download.value.suggested_filename.endswith(".ics")
    with page.expect_download() as single:
        key(page, f"calendar_ics_{records['upcoming']}").get_by_role("button").click()
    assert next(iter(Calendar.from_ical(single.value.path().read_bytes()).walk("VEVENT")))["location"] == \
        "https://meet.example.com/abc"

    # Data: one workbook, headers and sheet names in Japanese.
    page.goto(f"{app.url}/data")
    wait_idle(page)
    with page.expect_download() as workbook:
        key(page, "data_xlsx").get_by_role("button").click()
    book = openpyxl.load_workbook(io.BytesIO(workbook.value.path().read_bytes()))
    assert book.sheetnames == ["応募企業", "面接", "やり取りの記録"]
    companies = list(book["応募企業"].values)
    assert companies[0][0] == "企業名" and companies[1][0] == COMPANY
    interviews = list(book["面接"].values)
    assert {row[1] for row in interviews[1:]} == {"一次面接", "二次面接"}

    # Agents: the report names the company; marking it sent logs it.
    page.goto(f"{app.url}/agents?reflection={records['reflection']}")
    wait_idle(page)
    prefix = f"report_{records['done']}"
    expect(key(page, f"{prefix}_body").locator("textarea")).not_to_have_value("")
    body = key(page, f"{prefix}_body").locator("textarea").input_value()
    assert COMPANY in body and "山本" in body and "数字で実績を説明できた" in body
    expect(key(page, f"{prefix}_to").locator("input")).to_have_value("yamamoto@example.com")
    area = key(page, f"{prefix}_body").locator("textarea")
    area.fill(body + "\n追記: よろしくお願いいたします。")
    area.press("Tab")
    wait_idle(page)
    with page.expect_download() as mail:
        key(page, f"{prefix}_eml").get_by_role("button").click()
    assert b"X-Unsent: 1" in mail.value.path().read_bytes()
    key(page, f"{prefix}_sent").get_by_role("button").click()
    wait_idle(page)
    expect(page.get_by_text("面接報告を送信済みとして、やり取りの記録に残しました。")).to_be_visible()
    screenshot(page, "agent-report")
    with sqlite3.connect(app.db_path) as conn:
        kind, interview_id, text = conn.execute("SELECT kind, interview_id, body FROM communications").fetchone()
    assert (kind, interview_id) == ("agent_report", records["done"])
    assert COMPANY in text and "追記: よろしくお願いいたします。" in text
