"""Nothing wrong is saved, nothing leaks, in a real browser.

Add forms come back empty and a second click stores nothing twice; text the user typed (or
imported, or restored) never becomes a link, an image or a style; no request leaves 127.0.0.1;
the table toolbar offers no raw CSV; "sent" is a state that is recorded once.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlparse

import pytest
from browser import key, wait_idle
from playwright.sync_api import expect

from lib import db
from lib.follow_up.communications import Entry, add_entry
from lib.follow_up.stories import save_story
from lib.models import Company, Interview, Interviewer, Story
from lib.pipeline.agents import Agent, link_company, save_agent
from lib.pipeline.companies import save_company, save_interview
from lib.practice.action_plan import add_action
from lib.practice.plans import load_plan, save_plan
from lib.reflect.reflections import complete_reflection, save_reflection_field, start_reflection
from lib.storage import sample_data
from lib.ui import WORD_JOINER

# Markdown that would show a live link and fetch a remote image, a bare URL and an e-mail
# address that Markdown would autolink, and HTML.
HOSTILE_NAME = ("![x](http://203.0.113.9/p.png) [verify](http://203.0.113.9/login) "
                "https://evil.example/x mail@evil.example <img src=http://203.0.113.9/i.png>")
PAGES = ("", "reflect", "reflections", "trends", "plan", "practice", "follow_up", "log", "stories", "pipeline",
         "calendar", "interviews", "companies", "agents", "data", "settings")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def rows(app, sql: str) -> list[tuple]:
    with sqlite3.connect(app.db_path) as conn:
        return conn.execute(sql).fetchall()


def submit(page, label: str) -> None:
    page.get_by_test_id("stForm").get_by_role("button", name=label, exact=True).click()
    wait_idle(page)


def test_company_form_is_empty_after_add_and_a_second_click_adds_nothing(app, page):
    page.goto(f"{app.url}/companies")
    wait_idle(page)
    name = page.get_by_role("textbox", name="企業名 *", exact=True)
    position = page.get_by_role("textbox", name="応募職種", exact=True)
    name.fill("ミナト商事")
    position.fill("営業")
    submit(page, "追加")
    expect(page.get_by_text("「ミナト商事」を追加しました。", exact=True)).to_be_visible()
    expect(name).to_be_visible()  # the form stays open for the next company
    expect(name).to_have_value("")
    expect(position).to_have_value("")
    submit(page, "追加")  # the same button again: the form is empty now
    expect(page.get_by_text("必須項目です。入力してください。", exact=True)).to_be_visible()
    # Typing the same name again asks first instead of storing a duplicate.
    name.fill("ミナト商事")
    submit(page, "追加")
    expect(page.get_by_text("「ミナト商事」は登録済みです。", exact=False)).to_be_visible()
    assert rows(app, "SELECT name FROM companies") == [("ミナト商事",)]


def test_interview_form_starts_without_the_previous_interviewer(app, page):
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        save_company(conn, Company(name="アオゾラ"))
    page.goto(f"{app.url}/interviews")
    wait_idle(page)
    page.get_by_text("面接を追加", exact=True).click()
    wait_idle(page)
    person = key(page, "new_interview_person_0_name").get_by_role("textbox")
    person.fill("佐藤")
    submit(page, "追加")
    expect(page.get_by_text("面接を追加しました。", exact=True)).to_be_visible()
    expect(person).to_have_value("")
    submit(page, "追加")  # a second click on the same form: nothing new
    assert rows(app, "SELECT count(*) FROM interviews") == [(1,)]
    assert rows(app, "SELECT name FROM interviewers") == [("佐藤",)]


def test_wizard_question_form_is_empty_after_add_and_a_repeat_is_refused(app, page):
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name="ヒカリ"))
        interview_id = save_interview(conn, Interview(company_id, "first", date.today() - timedelta(days=1),
                                                      time(10), status="done"))
        reflection_id = start_reflection(conn, interview_id)
        save_reflection_field(conn, reflection_id, "overall", 3)
        conn["reflections"].update(reflection_id, {"step": "questions"})
    page.goto(f"{app.url}/reflect?interview={interview_id}")
    wait_idle(page)
    question = key(page, f"r{reflection_id}_newq_question").get_by_role("textbox")
    question_type = key(page, f"r{reflection_id}_newq_category").get_by_role("radio", name="志望動機", exact=True)
    question.fill("志望動機を教えてください")
    question_type.click()
    submit(page, "質問を追加")
    expect(page.get_by_text("質問を追加しました。", exact=True)).to_be_visible()
    expect(question).to_have_value("")
    question.fill("志望動機を教えてください")
    question_type.click()
    submit(page, "質問を追加")
    expect(page.get_by_text("この質問はもう記録しています。", exact=False)).to_be_visible()
    assert rows(app, "SELECT question FROM asked_questions") == [("志望動機を教えてください",)]


@pytest.fixture
def hostile_records(app) -> dict:
    """Sample data plus one record of every kind whose texts hold remote images, links,
    bare URLs and e-mail addresses (as a CSV import or someone else's backup could bring)."""
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        sample_data.load_sample(conn, "ja", date.today())
        company_id = save_company(conn, Company(name=HOSTILE_NAME, position=HOSTILE_NAME, notes=HOSTILE_NAME,
                                                url="https://company.example/recruit", applied_via="agent",
                                                agent_name=HOSTILE_NAME))
        link_company(conn, company_id, save_agent(conn, Agent(name=HOSTILE_NAME, agency=HOSTILE_NAME)))
        done = save_interview(conn, Interview(company_id, "first", date.today() - timedelta(days=1), time(10),
                                              status="done", location=HOSTILE_NAME,
                                              interviewers=[Interviewer(HOSTILE_NAME, HOSTILE_NAME)]))
        save_interview(conn, Interview(company_id, "second", date.today() + timedelta(days=2), time(15),
                                       location=HOSTILE_NAME))
        reflection_id = start_reflection(conn, done)
        for field in ("went_well", "to_improve", "untold_points", "interesting_topics", "next_steps"):
            save_reflection_field(conn, reflection_id, field, HOSTILE_NAME)
        save_reflection_field(conn, reflection_id, "overall", 3)
        complete_reflection(conn, reflection_id)
        save_story(conn, Story(title=HOSTILE_NAME, situation=HOSTILE_NAME))
        add_entry(conn, Entry(company_id, datetime.now(UTC), "out", "email", HOSTILE_NAME, HOSTILE_NAME,
                              HOSTILE_NAME))
        save_plan(conn, add_action(load_plan(conn), HOSTILE_NAME, date.today() + timedelta(days=3)))
    return {"company": company_id, "interview": done, "reflection": reflection_id}


def outside(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in ("data", "blob", "about") and parsed.hostname not in LOCAL_HOSTS


def test_no_request_leaves_loopback_and_no_user_text_becomes_a_link(app, page, hostile_records):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    tour = [f"{app.url}/{name}" for name in PAGES] + [
        f"{app.url}/reflections?reflection={hostile_records['reflection']}",
        f"{app.url}/follow_up?interview={hostile_records['interview']}",
        f"{app.url}/agents?reflection={hostile_records['reflection']}",
        f"{app.url}/interviews?interview={hostile_records['interview']}",
    ]
    for url in tour:
        page.goto(url)
        wait_idle(page)
        expect(page.locator("[data-testid=stException]")).to_have_count(0)
        links = page.locator("[data-testid=stMain] a[href]").evaluate_all("els => els.map(e => [e.href, e.rel])")
        for href, rel in links:
            if outside(href):
                # Only the company's own website, typed into its URL field, may link out, safely.
                assert href == "https://company.example/recruit" and "noopener" in rel, (url, href)
        images = page.locator("img[src]").evaluate_all("els => els.map(e => e.src)")
        assert not [src for src in images if outside(src)], (url, images)
    assert not [r for r in requests if outside(r)], sorted(set(filter(outside, requests)))


def test_success_message_shows_a_hostile_name_literally(app, page):
    page.goto(f"{app.url}/companies")
    wait_idle(page)
    page.get_by_role("textbox", name="企業名 *", exact=True).fill(HOSTILE_NAME)
    submit(page, "追加")
    message = page.locator("[data-testid=stAlertContentSuccess]")
    expect(message).to_contain_text("を追加しました。")
    # Word joiners (invisible) keep Markdown from turning URLs and addresses into links.
    assert HOSTILE_NAME in message.inner_text().replace(WORD_JOINER, "")
    expect(message.locator("a, img")).to_have_count(0)


def test_table_toolbar_offers_no_raw_csv(app, page):
    # The import preview is a grid of the uploaded file's cells, a spreadsheet formula among them.
    db.migrate(app.db_path)
    page.goto(f"{app.url}/data")
    wait_idle(page)
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(files=[{
        "name": "companies.csv", "mimeType": "text/csv",
        "buffer": '企業名,URL\n"=HYPERLINK(""http://203.0.113.9"",""x"")",\n'.encode()}])
    wait_idle(page)
    grid = page.locator("[data-testid=stDataFrame]")
    expect(grid).to_have_count(1)
    grid.hover()
    expect(page.get_by_role("button", name="Search")).to_be_visible()  # the toolbar is shown…
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)  # …without the raw download
    assert rows(app, "SELECT count(*) FROM companies") == [(0,)]  # a preview, nothing written


@pytest.fixture
def reflected(app) -> dict:
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name="ミナトデータ", applied_via="agent"))
        link_company(conn, company_id, save_agent(conn, Agent(name="山本", email="yamamoto@example.com")))
        interview_id = save_interview(conn, Interview(company_id, "first", date.today(), time(0, 5), status="done",
                                                      interviewers=[Interviewer("佐藤", "人事部長")]))
        reflection_id = start_reflection(conn, interview_id)
        save_reflection_field(conn, reflection_id, "overall", 4)
        save_reflection_field(conn, reflection_id, "interesting_topics", "新規事業の立ち上げ")
        complete_reflection(conn, reflection_id)
    return {"interview": interview_id, "reflection": reflection_id}


def test_mark_as_sent_is_recorded_once_with_an_undo(app, page, reflected):
    page.goto(f"{app.url}/follow_up?interview={reflected['interview']}")
    wait_idle(page)
    key(page, "mail_generate").get_by_role("button").click()
    wait_idle(page)
    sent = key(page, "mail_sent").get_by_role("button")
    sent.click()
    wait_idle(page)
    expect(page.get_by_text("送信済み", exact=False).first).to_be_visible()
    expect(key(page, "mail_sent")).to_have_count(0)  # no second "mark as sent"
    expect(key(page, "mail_check_send_window")).to_have_count(0)  # no "send it today" once sent
    assert rows(app, "SELECT count(*) FROM communications WHERE kind = 'thank_you'") == [(1,)]
    key(page, "mail_unsend").get_by_role("button").click()
    wait_idle(page)
    expect(key(page, "mail_sent")).to_be_visible()
    assert rows(app, "SELECT count(*) FROM communications WHERE kind = 'thank_you'") == [(0,)]


def test_agent_report_sent_is_recorded_once(app, page, reflected):
    page.goto(f"{app.url}/agents?reflection={reflected['reflection']}")
    wait_idle(page)
    prefix = f"report_{reflected['interview']}"
    key(page, f"{prefix}_sent").get_by_role("button").click()
    wait_idle(page)
    expect(key(page, f"{prefix}_sent")).to_have_count(0)
    expect(key(page, f"{prefix}_unsend")).to_be_visible()
    assert rows(app, "SELECT count(*) FROM communications WHERE kind = 'agent_report'") == [(1,)]
