"""The main flow in a real browser: a company → the reflect entry → the whole wizard → the list."""

from __future__ import annotations

import sqlite3

from browser import choose, key, screenshot, wait_idle
from playwright.sync_api import expect


def commit_text(page, widget_key: str, text: str, tag: str = "input") -> None:
    field = key(page, widget_key).locator(tag)
    field.fill(text)
    field.press("Tab")
    wait_idle(page)


def add_company(page, base: str, company: str) -> None:
    page.goto(f"{base}/companies")
    wait_idle(page)
    key(page, "new_company_name").locator("input").fill(company)
    key(page, "new_company_position").locator("input").fill("プロダクトマネージャー")
    page.get_by_role("button", name="追加", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(f"「{company}」を追加しました。")).to_be_visible()


def test_add_company_interview_and_complete_the_wizard(app, page):
    company = "テスト商事 <b>株式会社</b>"
    add_company(page, app.url, company)

    # The interview is named on the reflect page's entry, the company picked from the list.
    page.goto(f"{app.url}/reflect")
    wait_idle(page)
    choose(page, "entry_company", company)
    key(page, "entry_format").get_by_role("radio", name="対面", exact=True).click()
    page.get_by_role("button", name="振り返りを始める").click()
    wait_idle(page)
    assert "interview=1" in page.url

    # 1. overall
    key(page, "r1_overall").get_by_text("4", exact=True).click()
    wait_idle(page)
    commit_text(page, "r1_feeling", "緊張したが最後は落ち着いた 😊")
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    # 2. questions
    key(page, "r1_newq_question").locator("input").fill("志望動機を教えてください")
    key(page, "r1_newq_category").get_by_role("radio", name="志望動機", exact=True).click()
    key(page, "r1_newq_answer_summary").locator("textarea").fill("顧客の声を聞く文化に惹かれた")
    key(page, "r1_newq_rating").get_by_text("2", exact=True).click()
    page.get_by_role("button", name="質問を追加").click()
    wait_idle(page)
    expect(page.get_by_text("質問1件を記録済み")).to_be_visible()
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    # 3. competencies
    key(page, "r1_score_motivation_rating").get_by_role("radio", name="2", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    # 4-6. free text
    commit_text(page, "r1_went_well", "数字で実績を説明できた", "textarea")
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    commit_text(page, "r1_untold_points", "新人 PM の育成経験", "textarea")
    page.get_by_role("button", name="保存して次へ").click()
    wait_idle(page)
    commit_text(page, "r1_ask_agent", "二次面接の日程", "textarea")
    page.get_by_role("button", name="完了にする").click()
    wait_idle(page)
    expect(page.get_by_text("振り返りを完了しました。")).to_be_visible()

    page.get_by_role("link", name="振り返り一覧で見る").click()
    wait_idle(page)
    detail = key(page, "reflection_detail")
    expect(detail.get_by_text("志望動機を教えてください")).to_be_visible()
    expect(detail.get_by_text(company, exact=False).first).to_be_visible()  # HTML shown literally
    screenshot(page, "reflection-detail")

    with sqlite3.connect(app.db_path) as db:
        status, overall, feeling, went_well = db.execute(
            "SELECT status, overall, feeling, went_well FROM reflections").fetchone()
        assert (status, overall, feeling, went_well) == ("complete", 4, "緊張したが最後は落ち着いた 😊", "数字で実績を説明できた")
        assert db.execute("SELECT question, category, rating FROM asked_questions").fetchall() == [
            ("志望動機を教えてください", "motivation", 2)]
        assert db.execute("SELECT competency, rating FROM competency_scores").fetchall() == [("motivation", 2)]
        assert db.execute("SELECT format, status FROM interviews").fetchall() == [("onsite", "done")]
