"""The reflection page under the real Streamlit runtime: the one entry, autosave, steps,
completion and what it offers next."""

import sqlite3
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from app_helpers import errors, open_app, open_fold, texts
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Selectbox

from lib import clock, db, i18n
from lib.follow_up.communications import thank_you_deadline
from lib.models import Interview
from lib.reflect.entry import default_slot
from lib.reflect.reflections import get_reflection

ADD_QUESTION = "r1_newq_submit"


@pytest.fixture
def interview_id(seed) -> int:
    with seed() as make:
        return make.interview(make.company("ミナトデータ"), "first", date(2026, 11, 20), time(10), status="done")


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
    at.button(key=ADD_QUESTION).click().run()
    assert i18n.t("error.required", "ja") in errors(at)
    at.text_input(key="r1_newq_question").set_value("[当社](javascript:x) の志望動機は?")
    at.pills(key="r1_newq_category").set_value("motivation")
    at.radio(key="r1_newq_rating").set_value(2)
    at.radio(key="r1_newq_reaction").set_value("negative")
    at.button(key=ADD_QUESTION).click().run()
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
    assert i18n.t("wizard.competencies.legend", "en") in texts(at)  # the scale's ends, said once
    at.segmented_control(key="r1_score_reverse_questions_rating").set_value(2).run()
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


def test_an_interview_waiting_for_a_reflection_opens_in_one_click(db_path, interview_id):
    at = open_app("reflect")
    at.button(key=f"entry_open_{interview_id}").click().run()
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
    at.pills(key="r1_newq_category").set_value("other")
    at.button(key=ADD_QUESTION).click().run()
    notes = [i.value for i in at.info]
    notice = i18n.t("wizard.questions.fair_selection", lang, topic="", why="", matched="")
    assert any(notice[-20:] in note and ("「両親」" if lang == "ja" else "両親") in note for note in notes)
    at.text_input(key="r1_newq_question").set_value("志望動機を教えてください")
    at.pills(key="r1_newq_category").set_value("motivation")
    at.button(key=ADD_QUESTION).click().run()
    assert len(at.info) == len(notes)  # an ordinary question gets no note


# ------------------------------------------------------------------ the one entry

def opened(at) -> str:
    """The interview named in the page's address (AppTest keeps a parameter as a list)."""
    value = at.query_params["interview"]
    return value[0] if isinstance(value, list) else value


def interviews_in(db_path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT c.name, i.round, i.format, i.status, i.starts_at FROM interviews i"
                            " JOIN companies c ON c.id = i.company_id ORDER BY i.id").fetchall()


def test_on_an_empty_file_a_typed_company_starts_the_first_reflection(db_path):
    db.migrate(db_path)
    at = open_app("reflect")
    slot = default_slot(clock.now())
    assert (at.date_input(key="entry_day").value, at.time_input(key="entry_start").value) == (
        slot.date(), slot.time().replace(tzinfo=None))
    at.text_input(key="entry_company_name").set_value("ミナトデータ <b>株式会社</b>")
    at.button(key="entry_submit").click().run()
    assert not at.exception and not errors(at)
    assert interviews_in(db_path) == [("ミナトデータ <b>株式会社</b>", "first", "online", "done",
                                       slot.astimezone(clock.UTC).isoformat())]
    assert opened(at) == "1"
    assert at.radio(key="r1_overall").value is None  # step 1 of the wizard
    assert "企業「ミナトデータ \\<b\\>株式会社\\</b\\>」と面接を登録しました" in texts(at)


class _TypedOption(Selectbox):
    """A selectbox whose user typed a new option (accept_new_options): the browser sends the
    typed text as the value, which AppTest's own set_value cannot do."""

    @property
    def _widget_state(self) -> WidgetState:
        return WidgetState(id=self.id, string_value=self._value)


def type_new_option(box: Selectbox, text: str) -> None:
    box.__class__ = _TypedOption
    box._value = text


def test_a_new_company_is_typed_in_place_next_to_the_known_ones(db_path, interview_id):
    at = open_app("reflect", lang="en")
    # An interview is waiting: the form for another one is folded away below it, drawn once opened.
    assert not at.get("selectbox")
    open_fold(at, "entry_new_open")
    type_new_option(at.selectbox(key="entry_company"), "Kita Systems")
    at.date_input(key="entry_day").set_value(date(2026, 11, 27))
    at.time_input(key="entry_start").set_value(time(14, 30))
    at.segmented_control(key="entry_round").set_value("second")
    at.segmented_control(key="entry_format").set_value("onsite")
    at.button(key="entry_submit").click().run()
    assert not errors(at)
    assert interviews_in(db_path)[-1] == ("Kita Systems", "second", "onsite", "done", "2026-11-27T05:30:00+00:00")
    assert i18n.t("entry.created_company", "en", company="Kita Systems") in texts(at)


def stage_of(db_path, company_id: int) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT stage FROM companies WHERE id = ?", [company_id]).fetchone()[0]


def test_entering_a_later_round_moves_the_company_with_a_message_and_an_undo(db_path, interview_id):
    at = open_fold(open_app("reflect"), "entry_new_open")
    at.selectbox(key="entry_company").set_value(1)
    at.date_input(key="entry_day").set_value(date(2026, 11, 27))
    at.segmented_control(key="entry_round").set_value("second")
    at.button(key="entry_submit").click().run()
    assert stage_of(db_path, 1) == "second"
    assert i18n.t("pipeline.auto_moved", "ja", company="ミナトデータ", before=i18n.t("stage.first", "ja"),
                  stage=i18n.t("stage.second", "ja")) in texts(at)
    at.button(key="stage_move_undo").click().run()
    assert stage_of(db_path, 1) == "first"


def test_a_known_company_is_picked(db_path, interview_id):
    at = open_fold(open_app("reflect"), "entry_new_open")
    at.selectbox(key="entry_company").set_value(1)
    at.date_input(key="entry_day").set_value(date(2026, 11, 27))
    at.button(key="entry_submit").click().run()
    assert [row[0] for row in interviews_in(db_path)] == ["ミナトデータ", "ミナトデータ"]
    assert i18n.t("entry.created", "ja", company="ミナトデータ") in texts(at)


def test_entry_problems_show_under_their_fields_and_nothing_is_saved(db_path, monkeypatch):
    noon = datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    monkeypatch.setattr(clock, "now", lambda tz_name="Asia/Tokyo": noon.astimezone(ZoneInfo(tz_name)))
    db.migrate(db_path)
    at = open_app("reflect", lang="en")
    assert at.time_input(key="entry_start").value == time(11)  # the last full hour an hour ago
    at.button(key="entry_submit").click().run()
    assert errors(at) == [i18n.t("error.required", "en")]
    assert "interview" not in at.query_params
    at.text_input(key="entry_company_name").set_value("Mirai Corp")
    at.time_input(key="entry_start").set_value(time(15))  # later today: it has not taken place
    at.button(key="entry_submit").click().run()
    assert errors(at) == [i18n.t("entry.future", "en")]
    assert interviews_in(db_path) == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 0  # nor the company
    at.date_input(key="entry_day").set_value(date(2026, 12, 1))
    at.button(key="entry_submit").click().run()
    assert not errors(at) and interviews_in(db_path) == [
        ("Mirai Corp", "first", "online", "done", "2026-12-01T06:00:00+00:00")]


def test_the_same_interview_entered_again_opens_the_one_stored(db_path, interview_id):
    at = open_fold(open_app("reflect", lang="en"), "entry_new_open")
    at.selectbox(key="entry_company").set_value(1)
    at.date_input(key="entry_day").set_value(date(2026, 11, 20))
    at.time_input(key="entry_start").set_value(time(10))
    at.segmented_control(key="entry_round").set_value("first")
    at.button(key="entry_submit").click().run()
    assert not errors(at)
    assert len(interviews_in(db_path)) == 1
    assert opened(at) == str(interview_id)
    assert i18n.t("entry.existed", "en") in texts(at)


# ------------------------------------------------------------------ the question's type

def test_a_question_without_its_type_is_refused_and_other_is_a_type(db_path, interview_id):
    at = wizard(interview_id)
    at.radio(key="r1_overall").set_value(3).run()
    at.button(key="wizard_next").click().run()
    assert at.pills(key="r1_newq_category").value is None  # no silent default
    at.text_input(key="r1_newq_question").set_value("休日の過ごし方は？")
    at.button(key=ADD_QUESTION).click().run()
    assert errors(at) == [i18n.t("wizard.questions.category_required", "ja")]
    assert stored(db_path)["questions"] == []
    assert at.text_input(key="r1_newq_question").value == "休日の過ごし方は？"  # kept for the retry
    at.pills(key="r1_newq_category").set_value("other")
    at.button(key=ADD_QUESTION).click().run()
    assert not errors(at)
    assert [(q["question"], q["category"]) for q in stored(db_path)["questions"]] == [("休日の過ごし方は？", "other")]
    assert "その他" in texts(at)
    assert at.pills(key="r1_newq_category").value is None  # the next question's type is chosen afresh


# ------------------------------------------------------------------ what comes next

def complete(at) -> None:
    at.radio(key="r1_overall").set_value(4).run()
    for _ in range(5):
        at.button(key="wizard_next").click().run()
    at.button(key="wizard_finish").click().run()


def offers(at) -> dict[str, tuple[str, dict]]:
    return {link.label: (link.proto.page, dict(link.proto.query_string and
                                                   [pair.split("=") for pair in link.proto.query_string.split("&")]))
            for link in at.get("page_link")}


def test_completing_offers_the_mail_with_its_deadline_plan_and_practice(db_path, interview_id):
    at = wizard(interview_id, "en")
    assert not at.get("page_link")
    complete(at)
    deadline = i18n.format_datetime(thank_you_deadline("2026-11-20T01:00:00+00:00", "Asia/Tokyo"), "en")
    links = offers(at)
    mail = i18n.t("wizard.due.thank_you_overdue" if clock.now() > thank_you_deadline(
        "2026-11-20T01:00:00+00:00", "Asia/Tokyo") else "wizard.due.thank_you", "en", deadline=deadline)
    assert links[mail] == ("follow_up", {"interview": str(interview_id)})
    assert links[i18n.t("wizard.due.plan", "en")][0] == "plan"
    assert links[i18n.t("wizard.due.practice", "en")][0] == "practice"
    assert i18n.t("wizard.due.agent_report", "en") not in links


def test_the_interview_report_is_offered_when_an_agent_introduced_the_company(db_path, seed):
    now = clock.now()
    with seed() as make:
        company = make.company("紹介商事", applied_via="agent", agent_name="佐藤")
        interview = make.interview(company, "first", now.date(), time(0), status="done")
    at = wizard(interview)
    complete(at)
    links = offers(at)
    deadline = i18n.format_datetime(thank_you_deadline(
        Interview(company, "first", now.date(), time(0)).starts_at().isoformat(), "Asia/Tokyo"), "ja")
    assert links[i18n.t("wizard.due.thank_you", "ja", deadline=deadline)] == ("follow_up", {"interview": "1"})
    assert links[i18n.t("wizard.due.agent_report", "ja")] == ("agents", {"reflection": "1"})
