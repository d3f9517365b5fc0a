"""The way to a finished reflection, counted in a real browser: every click, fill and key
press a user makes, from a first open on an empty file to the wizard, through a complete
reflection with four questions, to what it offers next. And the wizard's size."""

from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta

import pytest
from browser import choose, key, screenshot, wait_idle
from playwright.sync_api import expect

from lib import db
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import save_reflection_field, set_step, start_reflection

FIRST_REFLECTION_CLICKS = 6
COMPLETE_REFLECTION_INTERACTIONS = 40


class Counted:
    """The user's hands: every click, fill and key press is counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator) -> None:
        locator.click()
        self.count += 1
        wait_idle(self.page)

    def fill(self, locator, text: str) -> None:
        locator.fill(text)  # sends nothing until the field is left: no wait
        self.count += 1

    def press(self, locator, keys: str) -> None:
        locator.press(keys)
        self.count += 1
        wait_idle(self.page)


def rows(app, sql: str) -> list[tuple]:
    with sqlite3.connect(app.db_path) as conn:
        return conn.execute(sql).fetchall()


def test_first_reflection_from_an_empty_file_in_at_most_six_clicks(app, page):
    hands = Counted(page)
    page.goto(app.url)  # the first open: Home, on an empty file
    wait_idle(page)
    hands.click(page.get_by_role("button", name="この面接を振り返る", exact=True))
    name = key(page, "entry_company_name").locator("input")
    hands.click(name)
    name.type("ミナトデータ")  # typing is free; Enter is a key press
    hands.press(name, "Enter")
    expect(key(page, "r1_overall")).to_be_visible()  # the wizard's first step
    expect(page.get_by_text("企業「ミナトデータ」と面接を登録しました。", exact=False)).to_be_visible()
    print(f"first reflection: {hands.count} clicks and key presses")
    assert hands.count <= FIRST_REFLECTION_CLICKS
    assert rows(app, "SELECT c.name, i.status FROM interviews i JOIN companies c ON c.id = i.company_id") == [
        ("ミナトデータ", "done")]
    assert "interview=1" in page.url


def test_entry_offers_waiting_interviews_and_a_known_company(app, page):
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company = save_company(conn, Company(name="ヒカリ"))
        save_interview(conn, Interview(company, "first", date.today() - timedelta(days=1), time(10), status="done"))
    page.goto(f"{app.url}/reflect")
    wait_idle(page)
    expect(page.get_by_text("振り返りを待っている面接")).to_be_visible()
    # a second interview with the same company, in the fold below, picked from the list and given its round
    key(page, "entry_new_open__toggle").get_by_role("button").click()
    choose(page, "entry_company", "ヒカリ")
    key(page, "entry_round").get_by_role("radio", name="二次面接", exact=True).click()
    page.get_by_role("button", name="振り返りを始める").click()
    wait_idle(page)
    expect(key(page, "r1_overall")).to_be_visible()  # the new interview's reflection, the first one made
    expect(page.get_by_role("heading", name="ヒカリ｜二次面接", exact=False)).to_be_visible()
    assert rows(app, "SELECT company_id, round FROM interviews ORDER BY id") == [(1, "first"), (1, "second")]


@pytest.fixture
def waiting(app) -> int:
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company = save_company(conn, Company(name="ミナトデータ"))
        return save_interview(conn, Interview(company, "first", date.today(), time(0), status="done"))


QUESTIONS = [
    ("自己紹介をお願いします", "自己紹介", "3分で職務経歴を話した", "4"),
    ("当社を志望する理由は？", "志望動機", "顧客の声を聞く文化に惹かれた", "2"),
    ("チームで意見が割れたときは？", "職務経歴", "データで合意を取った例を話した", "3"),
    ("休日は何をしていますか？", "その他", "山歩き", "4"),
]


def test_a_complete_reflection_with_four_questions_in_at_most_forty_interactions(app, page, waiting):
    page.goto(f"{app.url}/reflect")
    wait_idle(page)
    hands = Counted(page)
    hands.click(key(page, f"entry_open_{waiting}").get_by_role("button"))
    forward = key(page, "wizard_next").get_by_role("button")
    # 1. overall
    hands.click(key(page, "r1_overall").get_by_text("4", exact=True))
    hands.fill(key(page, "r1_feeling").locator("input"), "緊張したが最後は落ち着いた")
    hands.click(forward)
    # 2. four questions, each with its type, the answer in short and a self-rating
    for question, category, answer, rating in QUESTIONS:
        hands.fill(key(page, "r1_newq_question").locator("input"), question)
        hands.click(key(page, "r1_newq_category").get_by_role("radio", name=category, exact=True))
        hands.fill(key(page, "r1_newq_answer_summary").locator("textarea"), answer)
        hands.click(key(page, "r1_newq_rating").get_by_text(rating, exact=True))
        hands.click(page.get_by_role("button", name="質問を追加"))
        expect(page.get_by_text("質問を追加しました。")).to_be_visible()
    expect(page.get_by_text("質問4件を記録済み")).to_be_visible()
    hands.click(forward)
    # 3. four competencies that came up, one of them with a note
    for competency, rating in (("self_introduction", "4"), ("motivation", "2"), ("career_story", "3"),
                               ("composure", "3")):
        hands.click(key(page, f"r1_score_{competency}_rating").get_by_role("radio", name=rating, exact=True))
    hands.click(key(page, "r1_score_motivation_note_open").get_by_role("button"))
    note = key(page, "r1_score_motivation_note").locator("input")
    hands.fill(note, "企業研究が浅かった")
    hands.press(note, "Enter")
    hands.click(forward)
    # 4-6. free text, saved as the field is left
    hands.fill(key(page, "r1_went_well").locator("textarea"), "数字で実績を説明できた")
    hands.fill(key(page, "r1_to_improve").locator("textarea"), "志望動機を具体的に")
    hands.click(forward)
    hands.fill(key(page, "r1_untold_points").locator("textarea"), "新人の育成経験")
    hands.click(forward)
    hands.fill(key(page, "r1_next_steps").locator("textarea"), "今日中にお礼メール")
    hands.click(key(page, "wizard_finish").get_by_role("button"))
    expect(page.get_by_text("振り返りを完了しました。", exact=False)).to_be_visible()
    print(f"complete reflection with 4 questions: {hands.count} interactions")
    assert hands.count <= COMPLETE_REFLECTION_INTERACTIONS

    assert rows(app, "SELECT status, overall, feeling, went_well, to_improve, untold_points, next_steps"
                     " FROM reflections") == [("complete", 4, "緊張したが最後は落ち着いた", "数字で実績を説明できた",
                                               "志望動機を具体的に", "新人の育成経験", "今日中にお礼メール")]
    assert rows(app, "SELECT question, category, answer_summary, rating FROM asked_questions ORDER BY position") == [
        (q, c, a, int(r)) for (q, _, a, r), c in zip(QUESTIONS, ("self_introduction", "motivation", "career_story",
                                                                  "other"), strict=True)]
    assert rows(app, "SELECT competency, rating, note FROM competency_scores ORDER BY competency") == [
        ("career_story", 3, ""), ("composure", 3, ""), ("motivation", 2, "企業研究が浅かった"),
        ("self_introduction", 4, "")]

    # What is due next, one click each: the thank-you mail first, with its deadline.
    due = key(page, "wizard_due")
    for offer in ("お礼メールを書く（期限：", "対策プラン", "練習"):
        expect(due.get_by_role("link", name=offer, exact=False).first).to_be_visible()
    screenshot(page, "reflection-complete")
    due.get_by_role("link", name="お礼メールを書く", exact=False).click()
    wait_idle(page)
    assert f"interview={waiting}" in page.url and "/follow_up" in page.url


@pytest.fixture
def on_competencies(app) -> int:
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        company = save_company(conn, Company(name="ミナトデータ"))
        interview = save_interview(conn, Interview(company, "first", date(2026, 1, 20), time(10), status="done"))
        reflection = start_reflection(conn, interview)
        save_reflection_field(conn, reflection, "overall", 3)
        set_step(conn, reflection, "competencies")
    return interview


@pytest.mark.parametrize(("width", "height", "bar_rows", "most"), [(1400, 1000, 1, 900), (390, 844, 2, 950)])
def test_the_wizard_is_compact(app, page, on_competencies, width, height, bar_rows, most):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app.url}/reflect?interview={on_competencies}")
    wait_idle(page)
    options = key(page, "wizard_nav").get_by_role("radio")  # a single choice: radios
    expect(options).to_have_count(6)
    expect(page.locator("[data-testid=stSkeleton]")).to_have_count(0)
    tops = {round(box["y"]) for box in (options.nth(i).bounding_box() for i in range(6))}
    assert len(tops) == bar_rows, f"the step bar takes {len(tops)} rows at {width} px"
    step = key(page, "wizard_step").bounding_box()
    print(f"competency step at {width}x{height}: {step['height']:.0f} px")
    assert step["height"] <= most  # 1,530 px at 1400 and 2,645 px at 390 as 13 cards with a note each
    # the primary button sits bottom right, after the step
    forward, back = (key(page, name).get_by_role("button").bounding_box() for name in ("wizard_next", "wizard_back"))
    assert forward["y"] > step["y"] + step["height"] and forward["x"] > back["x"]
    assert forward["x"] + forward["width"] > width * 0.7
    assert page.evaluate("document.documentElement.scrollWidth") <= width
