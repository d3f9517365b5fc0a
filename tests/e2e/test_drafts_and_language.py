"""Drafts survive a reload; switching language keeps what was typed; the browser's locale picks the language."""

from __future__ import annotations

from datetime import date, time

import pytest
from browser import key, screenshot, wait_idle
from playwright.sync_api import expect

from lib import db
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.storage import sample_data


@pytest.fixture
def interview_url(app) -> str:
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company_id = save_company(conn, Company(name="ミナトデータ"))
        interview_id = save_interview(conn, Interview(company_id, "second", date(2026, 11, 20), time(15),
                                                      status="done"))
    return f"{app.url}/reflect?interview={interview_id}"


def test_reload_in_the_middle_of_the_wizard_keeps_the_draft(app, page, interview_url):
    page.goto(interview_url)
    wait_idle(page)
    key(page, "r1_overall").get_by_text("3", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    area = key(page, "r1_went_well").locator("textarea")
    area.fill("逆質問で議論が盛り上がった")
    area.press("Tab")  # leaving the field saves it
    wait_idle(page)

    page.reload()
    wait_idle(page)
    expect(key(page, "r1_went_well").locator("textarea")).to_have_value("逆質問で議論が盛り上がった")
    expect(page.get_by_text("ステップ4/6")).to_be_visible()
    page.get_by_role("button", name="戻る").click()
    wait_idle(page)
    page.get_by_role("button", name="戻る").click()
    wait_idle(page)
    page.get_by_role("button", name="戻る").click()
    wait_idle(page)
    assert key(page, "r1_overall").get_by_role("radio", name="3").is_checked()


def test_switching_language_keeps_what_was_typed(app, page, interview_url):
    page.goto(interview_url)
    wait_idle(page)
    feeling = key(page, "r1_feeling").locator("input")
    feeling.fill("手応えあり 👍")
    feeling.press("Tab")
    wait_idle(page)
    key(page, "language_picker").get_by_text("English").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Reflect")).to_be_visible()
    expect(page.get_by_text("Your feeling in one line")).to_be_visible()
    expect(key(page, "r1_feeling").locator("input")).to_have_value("手応えあり 👍")


def test_switching_language_keeps_an_unsent_form(app, page):
    page.goto(f"{app.url}/companies")
    wait_idle(page)
    key(page, "new_company_name").locator("input").fill("途中まで入力した会社")
    key(page, "new_company_name").locator("input").press("Tab")
    key(page, "language_picker").get_by_text("English").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Companies")).to_be_visible()
    expect(key(page, "new_company_name").locator("input")).to_have_value("途中まで入力した会社")


@pytest.mark.parametrize("browser_context_args", [{"locale": "en-US"}], indirect=False)
def test_an_english_browser_gets_english(app, page):
    page.goto(app.url)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Welcome to Furikaeri")).to_be_visible()


def test_home_with_sample_data_screenshot_for_the_readme(app, page):
    page.goto(app.url)
    wait_idle(page)
    page.get_by_role("button", name="サンプルデータを読み込む").click()
    wait_idle(page)
    expect(page.get_by_text("サンプルデータを読み込みました")).to_be_visible()
    screenshot(page, "home", docs=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("button", name="この面接を振り返る")).to_be_visible()
    screenshot(page, "home-phone", docs=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    with db.opened(app.db_path) as conn:  # the wizard on its self-ratings, for the README
        interview_id, reflection_id = conn.execute(
            "SELECT interview_id, id FROM reflections WHERE status = 'complete' ORDER BY id DESC LIMIT 1").fetchone()
        conn["reflections"].update(reflection_id, {"step": "competencies"})
    page.goto(f"{app.url}/reflect?interview={interview_id}")
    wait_idle(page)
    expect(page.get_by_role("radiogroup", name="ステップ")).to_be_visible()
    expect(page.get_by_role("radiogroup").nth(13)).to_be_visible()  # the steps, then 13 scales drawn
    screenshot(page, "reflect", docs=True)
    page.goto(f"{app.url}/trends")
    wait_idle(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # the overview; one chart section at a time, when chosen
    key(page, "trend_section").get_by_role("radio", name="自己評価の推移", exact=True).click()
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.get_by_text("業界・企業理解の推移")).to_be_visible()
    screenshot(page, "trends", docs=True)
    with db.opened(app.db_path) as conn:
        assert sample_data.has_sample(conn)
