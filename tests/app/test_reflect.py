"""The reflection wizard under the real Streamlit runtime: autosave, steps, completion."""

from datetime import date, time

import pytest
from app_helpers import errors, open_app, texts

from lib import db, i18n
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import get_reflection


@pytest.fixture
def interview_id(db_path) -> int:
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        company_id = save_company(conn, Company(name="ミナトデータ"))
        return save_interview(conn, Interview(company_id, "first", date(2026, 11, 20), time(10), status="done"))


def stored(db_path, rid=1) -> dict:
    with db.opened(db_path) as conn:
        return get_reflection(conn, rid)


def wizard(interview_id, lang="ja"):
    return open_app("reflect", lang=lang, query={"interview": interview_id})


def test_the_overall_rating_is_needed_to_move_on(db_path, interview_id):
    at = wizard(interview_id, "en")
    at.button(key="wizard_next").click().run()
    assert i18n.t("error.required", "en") in errors(at)
    assert stored(db_path)["step"] == "overall"


def test_every_field_is_saved_as_it_changes_and_survives_a_new_session(db_path, interview_id):
    at = wizard(interview_id)
    at.radio(key="r1_overall").set_value(4).run()
    at.text_input(key="r1_feeling").set_value("緊張した 😅 <b>でも</b>").run()
    assert (stored(db_path)["overall"], stored(db_path)["feeling"]) == (4, "緊張した 😅 <b>でも</b>")
    at.button(key="wizard_next").click().run()
    assert stored(db_path)["step"] == "questions"

    again = wizard(interview_id)  # a reload: a new session resumes the draft where it was
    assert "2/6" in again.get("progress")[0].proto.text
    again.button(key="wizard_back").click().run()
    assert again.radio(key="r1_overall").value == 4
    assert again.text_input(key="r1_feeling").value == "緊張した 😅 <b>でも</b>"


def test_questions_are_added_edited_and_deleted(db_path, interview_id):
    at = wizard(interview_id)
    at.radio(key="r1_overall").set_value(3).run()
    at.button(key="wizard_next").click().run()
    at.button(key="FormSubmitter:r1_newq_form-質問を追加").click().run()
    assert i18n.t("error.required", "ja") in errors(at)
    at.text_input(key="r1_newq_question").set_value("[当社](javascript:x) の志望動機は?")
    at.selectbox(key="r1_newq_category").set_value("motivation")
    at.radio(key="r1_newq_rating").set_value(2)
    at.radio(key="r1_newq_reaction").set_value("negative")
    at.button(key="FormSubmitter:r1_newq_form-質問を追加").click().run()
    assert not errors(at)
    questions = stored(db_path)["questions"]
    assert [(q["question"], q["category"], q["rating"], q["reaction"]) for q in questions] == [
        ("[当社](javascript:x) の志望動機は?", "motivation", 2, "negative")]
    qid = questions[0]["id"]
    assert "**1. \\[当社\\]\\(javascript\\:x\\)" in texts(at)  # shown literally, not as a link
    at.button(key=f"q{qid}_edit").click().run()
    at.radio(key=f"q{qid}_rating").set_value(3).run()
    at.button(key=f"q{qid}_done").click().run()
    assert stored(db_path)["questions"][0]["rating"] == 3
    at.button(key=f"q{qid}_delete").click().run()
    assert stored(db_path)["questions"] == []


def test_complete_walkthrough_in_english(db_path, interview_id):
    at = wizard(interview_id, "en")
    at.radio(key="r1_overall").set_value(5).run()
    at.button(key="wizard_next").click().run()
    at.button(key="wizard_next").click().run()
    at.radio(key="r1_score_reverse_questions_rating").set_value(2).run()
    at.text_input(key="r1_score_reverse_questions_note").set_value("too generic").run()
    at.button(key="wizard_next").click().run()
    at.text_area(key="r1_to_improve").set_value("answer first\nresearch competitors").run()
    at.button(key="wizard_next").click().run()
    at.text_area(key="r1_untold_points").set_value("coaching two junior PMs").run()
    at.button(key="wizard_next").click().run()
    at.text_area(key="r1_next_steps").set_value("send thanks today").run()
    at.button(key="wizard_finish").click().run()
    assert i18n.t("wizard.completed", "en") in texts(at)
    reflection = stored(db_path)
    assert reflection["status"] == "complete"
    assert reflection["scores"] == {"reverse_questions": {"rating": 2, "note": "too generic"}}
    assert (reflection["to_improve"], reflection["next_steps"]) == ("answer first\nresearch competitors",
                                                                    "send thanks today")


def test_text_areas_stop_at_20000_characters(db_path, interview_id):
    at = wizard(interview_id, "en")
    at.radio(key="r1_overall").set_value(3).run()
    at.button(key="wizard_next").click().run()
    at.button(key="wizard_next").click().run()
    at.button(key="wizard_next").click().run()
    at.text_area(key="r1_went_well").set_value("長" * 20_001).run()
    assert not errors(at) and not at.exception
    assert stored(db_path)["went_well"] == "長" * 20_000  # the widget's limit, as in the browser


def test_picker_lists_interviews_waiting_for_a_reflection(db_path, interview_id):
    at = open_app("reflect")
    at.selectbox(key="reflect_pick").set_value(interview_id).run()
    at.button(key="reflect_start").click().run()
    assert at.radio(key="r1_overall").value is None
    assert at.subheader[0].value.startswith("2026")


def test_unknown_interview_says_so(db_path, interview_id):
    at = open_app("reflect", lang="en", query={"interview": 999})
    assert i18n.t("wizard.not_found", "en") in texts(at)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_question_that_should_not_be_asked_is_pointed_out(db_path, interview_id, lang):
    at = wizard(interview_id, lang)
    at.radio(key="r1_overall").set_value(3).run()
    at.button(key="wizard_next").click().run()
    at.text_input(key="r1_newq_question").set_value("ご両親のお仕事は何ですか?")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:r1_newq_form")).click().run()
    notes = [i.value for i in at.info]
    notice = i18n.t("wizard.questions.fair_selection", lang, topic="", why="", matched="")
    assert any(notice[-20:] in note and ("「両親」" if lang == "ja" else "両親") in note for note in notes)
    at.text_input(key="r1_newq_question").set_value("志望動機を教えてください")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:r1_newq_form")).click().run()
    assert len(at.info) == len(notes)  # an ordinary question gets no note
