"""A double click, a second submit or a rerun never stores the same record twice."""

from datetime import UTC, date, datetime, time

import pytest

from lib.follow_up.communications import Entry, add_entry, record_sent, sent_entry, undo_sent
from lib.follow_up.stories import save_story
from lib.models import AskedQuestion, Company, Interview, Story, ValidationError
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import list_companies, save_company, save_interview
from lib.practice.action_plan import add_action
from lib.practice.cards import add_own_question
from lib.reflect.reflections import add_asked_question, asked_questions


def refused(call, field: str, key: str) -> None:
    with pytest.raises(ValidationError) as problem:
        call()
    assert problem.value.errors[field][0] == key


def test_a_company_with_the_same_name_is_asked_about_first(conn):
    save_company(conn, Company(name="ミナト商事"))
    refused(lambda: save_company(conn, Company(name=" ミナト商事 "), refuse_same_name=True),
            "name", "error.duplicate_company")
    save_company(conn, Company(name="minato"), refuse_same_name=True)
    refused(lambda: save_company(conn, Company(name="MINATO"), refuse_same_name=True), "name",
            "error.duplicate_company")  # letter case does not make another company
    save_company(conn, Company(name="ミナト商事"), refuse_same_name=False)  # the user said "add anyway"
    assert [c["name"] for c in list_companies(conn)].count("ミナト商事") == 2


def test_the_same_interview_twice_is_refused(conn):
    company_id = save_company(conn, Company(name="A"))
    interview = Interview(company_id, "first", date(2026, 12, 3), time(10))
    save_interview(conn, interview)
    refused(lambda: save_interview(conn, interview), "day", "error.duplicate_interview")
    save_interview(conn, Interview(company_id, "second", date(2026, 12, 3), time(10)))  # another round is fine
    assert conn["interviews"].count == 2


def test_an_identical_question_in_the_same_reflection_is_refused(conn, make):
    rid = make.reflection(make.interview(make.company("A"), "first", date(2026, 12, 3), time(10)))
    add_asked_question(conn, rid, AskedQuestion("志望動機を教えてください"))
    refused(lambda: add_asked_question(conn, rid, AskedQuestion(" 志望動機を教えてください ")),
            "question", "error.duplicate_question")
    assert len(asked_questions(conn, rid)) == 1


@pytest.mark.parametrize(("save", "field", "key"), [
    (lambda conn: save_story(conn, Story("移行プロジェクト")), "title", "error.duplicate_story"),
    (lambda conn: save_agent(conn, Agent("山本", "キャリアブリッジ")), "name", "error.duplicate_agent"),
])
def test_a_story_or_an_agent_twice_is_refused(conn, save, field, key):
    save(conn)
    refused(lambda: save(conn), field, key)


def test_a_plan_action_twice_is_refused():
    plan = add_action([], "自己紹介を声に出して練習する", date(2026, 12, 10))
    refused(lambda: add_action(plan, "自己紹介を声に出して練習する ", date(2026, 12, 11)), "text",
            "error.duplicate_action")


def test_a_log_entry_twice_is_refused(conn, make):
    company_id = make.company("A")
    entry = Entry(company_id, datetime(2026, 12, 1, 9, tzinfo=UTC), summary="日程の連絡")
    add_entry(conn, entry)
    refused(lambda: add_entry(conn, entry), "summary", "error.duplicate_entry")


def test_sent_is_a_state_recorded_once_and_undone(conn, make):
    company_id = make.company("A")
    iid = make.interview(company_id, "first", date(2026, 12, 3), time(10))
    first = record_sent(conn, Entry(company_id, datetime(2026, 12, 3, 5, tzinfo=UTC), summary="お礼",
                                    kind="thank_you", interview_id=iid))
    again = record_sent(conn, Entry(company_id, datetime(2026, 12, 3, 6, tzinfo=UTC), summary="お礼 2",
                                    kind="thank_you", interview_id=iid))
    assert again == first and conn["communications"].count == 1
    assert sent_entry(conn, iid, "thank_you")["occurred_at"] == "2026-12-03T05:00:00+00:00"
    undo_sent(conn, iid, "thank_you")
    assert sent_entry(conn, iid, "thank_you") is None and conn["communications"].count == 0


def test_an_own_practice_question_twice_is_refused(conn):
    add_own_question(conn, "前職で一番大変だったことは？", "achievements")
    refused(lambda: add_own_question(conn, "前職で一番大変だったことは？ ", "achievements"), "text",
            "error.duplicate_own_question")
