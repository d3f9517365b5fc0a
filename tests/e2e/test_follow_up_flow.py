"""Reflect → draft the thank-you mail → edit it and watch the checks → .eml → mark as sent → log."""

from __future__ import annotations

import re
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from zoneinfo import ZoneInfo

from browser import key, open_list, screenshot, wait_idle
from playwright.sync_api import expect

from lib import db
from lib.clock import now
from lib.follow_up.profile import save_profile
from lib.models import Company, Interview, Interviewer, Profile
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import complete_reflection, save_reflection_field, start_reflection


def test_thank_you_mail_from_reflection_to_log(app, page):
    db.migrate(app.db_path)
    start = now().astimezone(ZoneInfo("Asia/Tokyo")) - timedelta(hours=2)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name="ミナトデータ"))
        interview_id = save_interview(conn, Interview(
            company_id, "second", start.date(), start.time().replace(second=0, microsecond=0, tzinfo=None),
            interviewers=[Interviewer("山本", "CPO")], status="done"))
        save_profile(conn, Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com"))
        # The reflection as the wizard saves it (the wizard has its own browser test): the
        # overall rating and the topic that interested me.
        rid = start_reflection(conn, interview_id)
        save_reflection_field(conn, rid, "overall", 4)
        save_reflection_field(conn, rid, "interesting_topics", "海外展開と多言語対応")
        complete_reflection(conn, rid)

    # The thank-you page lists every interview that took place, with its mail's state.
    page.goto(f"{app.url}/follow_up")
    wait_idle(page)
    open_list(page, "follow_up_pick")
    expect(page.get_by_role("option", name=re.compile("ミナトデータ.*未作成"))).to_be_visible()
    page.keyboard.press("Escape")

    # Compose from the home page's reminder.
    page.goto(app.url)
    wait_idle(page)
    page.get_by_role("link", name="書く").click()
    wait_idle(page)
    page.get_by_role("button", name="下書きを作る").click()
    wait_idle(page)
    body = key(page, f"mail{interview_id}_body").locator("textarea")
    expect(body).to_have_value(re.compile("海外展開と多言語対応"))
    expect(page.locator("[data-testid=stAlertContentWarning]")).to_have_count(0)  # every check passes

    # Edit: 御社 in writing makes the check fail; the text is kept for a reload.
    body.fill(body.input_value().replace("貴社", "御社"))
    body.press("Tab")
    wait_idle(page)
    expect(page.locator("[data-testid=stAlertContentWarning]", has_text="御社")).to_have_count(1)
    body = key(page, f"mail{interview_id}_body").locator("textarea")
    body.fill(body.input_value().replace("御社", "貴社"))
    body.press("Tab")
    wait_idle(page)
    expect(page.locator("[data-testid=stAlertContentWarning]", has_text="御社")).to_have_count(0)
    screenshot(page, "thank-you-mail", docs=True)

    with page.expect_download() as download:
        page.get_by_role("button", name=".eml をダウンロード").click()
    message = BytesParser(policy=policy.default).parsebytes(download.value.path().read_bytes())
    assert "山田 太郎" in message["Subject"]
    assert "海外展開と多言語対応" in message.get_body().get_content()

    page.get_by_role("button", name="送信済みにする").click()
    wait_idle(page)
    expect(page.get_by_text("送信済みとして、やり取りの記録に残しました。")).to_be_visible()

    page.goto(f"{app.url}/log")
    wait_idle(page)
    search = key(page, "log_search").locator("input")
    search.fill("海外展開")
    search.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("見つかりませんでした。")).to_have_count(0)
    line = key(page, "log_table").get_by_role("button")
    expect(line).to_have_count(1)
    line.click()  # one click opens the entry
    wait_idle(page)
    expect(key(page, "log_entry")).to_contain_text("海外展開と多言語対応")
    with db.opened(app.db_path) as conn:
        (kind, summary), = conn.execute("SELECT kind, summary FROM communications").fetchall()
    assert kind == "thank_you" and "山田 太郎" in summary


def test_through_an_agent_home_and_the_mail_page_send_the_thanks_through_the_agent(app, page):
    from lib.pipeline.agents import Agent, link_company, save_agent

    db.migrate(app.db_path)
    start = now().astimezone(ZoneInfo("Asia/Tokyo")) - timedelta(hours=3)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name="さくらヘルスケア", applied_via="agent"))
        link_company(conn, company_id, save_agent(conn, Agent("佐藤 美咲", "キャリアブリッジ", "sato@bridge.example")))
        interview_id = save_interview(conn, Interview(
            company_id, "first", start.date(), start.time().replace(second=0, microsecond=0, tzinfo=None),
            interviewers=[Interviewer("中村", "人事部")], status="done"))
        rid = start_reflection(conn, interview_id)
        save_reflection_field(conn, rid, "overall", 4)
        complete_reflection(conn, rid)

    page.goto(app.url)
    wait_idle(page)
    expect(page.get_by_text(re.compile("エージェントを通してお礼を伝えましょう"))).to_be_visible()
    page.get_by_role("link", name="書く").click()
    wait_idle(page)
    expect(key(page, "mail_via_agent").get_by_text(re.compile("当日か翌日"))).to_be_visible()
    page.get_by_role("button", name="エージェントへのメールを作る").click()
    wait_idle(page)
    body = key(page, f"mail{interview_id}_body").locator("textarea")
    expect(body).to_have_value(re.compile(r"^キャリアブリッジ\n佐藤 美咲様\n"))
    expect(body).to_have_value(re.compile("中村様に、お時間をいただいたお礼をお伝えいただけますでしょうか"))
    expect(key(page, f"mail{interview_id}_to").locator("input")).to_have_value("sato@bridge.example")
    expect(page.get_by_role("link", name="面接報告を書く（お礼のひとこと入り）")).to_be_visible()
