"""Practice and action plan under AppTest: a question set with reasons, one question practised,
the plan made, ticked, edited and regenerated without losing the user's changes."""

import pytest
from app_helpers import errors, open_app, open_fold, texts

from lib import db, i18n
from lib.practice.cards import cards, history, list_own_questions
from lib.practice.plans import load_plan


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_question_set_explains_every_pick(sample_db, lang):
    at = open_app("practice", lang=lang)
    shown = texts(at)
    assert i18n.t("competency.industry_knowledge", lang) in shown  # the sample's weakest area comes up
    assert shown.count("**") >= 20  # ten numbered questions
    assert at.get("download_button")
    # The set's options are folded away, drawn only when opened; the fold names the size.
    assert not at.get("number_input")
    assert at.button(key="practice_options_open__toggle").label == i18n.t("practice_set.options", lang, size=10)
    open_fold(at, "practice_options_open")
    at.number_input(key="practice_size").set_value(5).run()
    assert not at.exception
    assert texts(at).count("**") == 10  # five numbered questions


def test_practise_one_question_and_see_it_scheduled(sample_db):
    with db.opened(sample_db) as conn:
        before = len(history(conn))
        cards_before = set(cards(conn))
    at = open_app("practice", lang="ja")
    at.button(key="practise_set").click().run()
    first = at.subheader[0].value
    at.text_area(key=next(t.key for t in at.text_area if t.key.startswith("outline_"))).set_value(
        "S: 解約率が高かった / A: 30 社にヒアリング / R: 4 ポイント改善")
    at.button(key="grade_good").click().run()
    with db.opened(sample_db) as conn:
        attempts = history(conn)
        attempt = attempts[0]  # newest first
        assert len(attempts) == before + 1
        assert attempt["grade"] == "good" and attempt["outline"].startswith("S:")
        assert set(cards(conn)) == cards_before | {attempt["question_id"]}
    assert at.subheader[0].value != first  # on to the next question


def test_own_questions(db_path):
    at = open_app("practice", lang="en")
    at.segmented_control(key="practice_mode").set_value("mine").run()
    at.button(key="FormSubmitter:own_q_form-Add").click().run()
    assert i18n.t("error.required", "en") in errors(at)
    at.text_input(key="own_q_text").set_value("<i>Why</i> this industry?")
    at.button(key="FormSubmitter:own_q_form-Add").click().run()
    with db.opened(db_path) as conn:
        assert [q["text"] for q in list_own_questions(conn)] == ["<i>Why</i> this industry?"]


def test_plan_is_made_ticked_edited_and_regenerated(sample_db):
    at = open_app("plan", lang="en")
    at.button(key="plan_generate").click().run()
    with db.opened(sample_db) as conn:
        plan = load_plan(conn)
    assert 3 <= len(plan) <= 7
    first, second = plan[0], plan[1]
    at.checkbox(key=f"done_{first.id}").check().run()
    at.text_input(key=f"edit_{second.id}_text").set_value("My own wording of this action")
    at.button(key=f"edit_{second.id}_save").click().run()
    at.button(key="plan_generate").click().run()
    with db.opened(sample_db) as conn:
        again = {a.id: a for a in load_plan(conn)}
    assert again[first.id].done and again[second.id].text == "My own wording of this action"
    done = sum(action.done for action in again.values())
    home = open_app("home", lang="en")
    shown = f"Action plan: {done} of"
    assert shown in texts(home) or any(shown in link.label for link in home.get("page_link"))


def test_the_print_view_shows_the_sheet_with_a_print_button(sample_db):
    at = open_app("practice", lang="ja")
    at.toggle(key="practice_print_view").set_value(True).run()
    assert not at.exception
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert page.startswith("<!DOCTYPE html>") and "window.print()" in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_practice_card_shows_the_answer_tip_and_who_asks(db_path, lang):
    from lib.practice.question_bank import question_by_id
    salary = question_by_id("motivation-010")
    at = open_app("practice", lang=lang)
    at.session_state["practice_queue"] = ["motivation-010"]
    at.segmented_control(key="practice_mode").set_value("practise").run()
    assert not at.exception
    assert at.subheader[0].value == salary.text_in(lang)
    shown = texts(at).replace("\\", "")
    assert i18n.t("practice.prepare.tip", lang) in shown
    assert salary.tip_in(lang)[:30] in shown
    assert i18n.t("practice.prepare.asked_by", lang, role=i18n.t("practice.interviewer.hr", lang)) in shown
    assert salary.looking_for_in(lang)[:20] in shown


def test_the_set_follows_the_chosen_interviewer_and_job_family(db_path):
    from lib.practice.question_bank import question_by_id
    at = open_fold(open_app("practice", lang="ja"), "practice_options_open")
    at.number_input(key="practice_size").set_value(30).run()
    at.selectbox(key="practice_family").set_value("engineering").run()
    at.selectbox(key="practice_interviewer").set_value("executive").run()
    assert not at.exception
    shown = texts(at).replace("\\", "")
    assert "エンジニアの職種別の質問です" in shown
    assert "次の面接官（役員）がよく聞く質問です" in shown
    assert "よく聞くのは：役員" in shown
    # Folded away again, the options still hold, and the fold says that two are chosen.
    at.button(key="practice_options_open__toggle").click().run()
    assert not at.get("selectbox") or all(box.key == "practice_target" for box in at.selectbox)
    assert "エンジニアの職種別の質問です" in texts(at).replace("\\", "")
    assert at.button(key="practice_options_open__toggle").label == i18n.t("practice_set.options_changed", "ja", size=30, count=2)
    sales = [q for q in (question_by_id(f"role_skills-{n:03d}") for n in range(28, 32))]
    assert not any(q.text_in("ja") in shown for q in sales)
