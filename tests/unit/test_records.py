"""Companies, interviews and reflections saved to and read from a real SQLite file."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from lib.models import AskedQuestion, Company, CompetencyScore, Interview, Interviewer, ValidationError
from lib.pipeline.companies import (
    company_from_row,
    get_company,
    get_interview,
    interview_from_row,
    interviews_awaiting_reflection,
    list_companies,
    save_company,
    save_interview,
    set_archived,
    upcoming_interviews,
)
from lib.reflect.reflections import (
    add_asked_question,
    competency_scores,
    complete_reflection,
    delete_asked_question,
    get_reflection,
    list_reflections,
    save_competency_score,
    save_reflection_field,
    set_step,
    start_reflection,
    update_asked_question,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_company_round_trip_and_edit(conn):
    company = Company(name="ミナトデータ", position="PM", applied_via="agent", agent_name="佐藤", interest=4,
                      url="https://minato.example", notes="<b>メモ</b>")
    company_id = save_company(conn, company)
    assert company_from_row(get_company(conn, company_id)) == company
    company.interest = 5
    save_company(conn, company, company_id)
    assert get_company(conn, company_id)["interest"] == 5


def test_invalid_company_is_not_saved(conn):
    with pytest.raises(ValidationError):
        save_company(conn, Company(name=""))
    assert conn["companies"].count == 0


def test_archived_companies_are_hidden_but_kept(conn):
    kept = save_company(conn, Company(name="B社"))
    archived = save_company(conn, Company(name="A社"))
    set_archived(conn, archived, True)
    assert [c["id"] for c in list_companies(conn)] == [kept]
    assert [c["id"] for c in list_companies(conn, include_archived=True)] == [kept, archived]


def test_interview_round_trip_keeps_local_time_zone_and_interviewers(conn):
    company_id = save_company(conn, Company(name="A"))
    interview = Interview(company_id, "final", date(2026, 7, 1), time(9, 30), time(10, 30), "America/New_York",
                          "onsite", "NY office", [Interviewer("Jane", "CTO"), Interviewer("田中", "人事")],
                          "done", "offer", "notes")
    interview_id = save_interview(conn, interview)
    row = get_interview(conn, interview_id)
    assert row["starts_at"] == "2026-07-01T13:30:00+00:00"
    assert interview_from_row(row) == interview


def test_editing_an_interview_replaces_its_interviewers_atomically(conn):
    company_id = save_company(conn, Company(name="A"))
    interview = Interview(company_id, "first", date(2026, 1, 5), time(10), interviewers=[Interviewer("A", "")])
    interview_id = save_interview(conn, interview)
    interview.interviewers = [Interviewer("B", ""), Interviewer("C", "")]
    save_interview(conn, interview, interview_id)
    assert [p["name"] for p in get_interview(conn, interview_id)["interviewers"]] == ["B", "C"]
    interview.end = time(9)  # invalid: nothing may change, interviewers included
    with pytest.raises(ValidationError):
        save_interview(conn, interview, interview_id)
    assert [p["name"] for p in get_interview(conn, interview_id)["interviewers"]] == ["B", "C"]


def test_home_lists(conn, make):
    company_id = make.company("A")
    future = make.interview(company_id, at=NOW + timedelta(days=2))
    cancelled = make.interview(company_id, at=NOW + timedelta(days=1), status="cancelled")
    forgotten = make.interview(company_id, at=NOW - timedelta(days=1))  # past, still "scheduled"
    done = make.interview(company_id, at=NOW - timedelta(days=3), status="done")
    make.reflection(make.interview(company_id, at=NOW - timedelta(days=5), status="done"), complete=True)
    make.reflection(done)  # a draft still waits
    assert [r["id"] for r in upcoming_interviews(conn, NOW)] == [future]
    assert [r["id"] for r in interviews_awaiting_reflection(conn, NOW)] == [forgotten, done]
    assert cancelled not in [r["id"] for r in interviews_awaiting_reflection(conn, NOW)]


def test_reflection_draft_to_complete(conn, make):
    interview_id = make.interview(make.company("A"), at=NOW, status="done")
    rid = start_reflection(conn, interview_id)
    with pytest.raises(ValidationError) as problem:
        complete_reflection(conn, rid)
    assert problem.value.errors == {"overall": ("error.required", {})}
    save_reflection_field(conn, rid, "overall", 4)
    save_reflection_field(conn, rid, "untold_points", "育成経験\n監査対応")
    set_step(conn, rid, "untold")
    complete_reflection(conn, rid)
    reflection = get_reflection(conn, rid)
    assert (reflection["status"], reflection["step"], reflection["overall"]) == ("complete", "untold", 4)
    assert reflection["completed_at"]
    assert [r["id"] for r in list_reflections(conn)] == [rid]


def test_a_failed_field_save_changes_nothing(conn, make):
    rid = make.reflection(make.interview(make.company("A"), at=NOW))
    save_reflection_field(conn, rid, "went_well", "良かった")
    with pytest.raises(ValidationError):
        save_reflection_field(conn, rid, "went_well", "x" * 20_001)
    assert get_reflection(conn, rid)["went_well"] == "良かった"


def test_questions_and_scores(conn, make):
    rid = make.reflection(make.interview(make.company("A"), at=NOW))
    first = add_asked_question(conn, rid, AskedQuestion("自己紹介を", "self_introduction", rating=3))
    second = add_asked_question(conn, rid, AskedQuestion("<script>alert(1)</script>", "motivation",
                                                         reaction="negative"))
    update_asked_question(conn, first, AskedQuestion("自己紹介をお願いします", "self_introduction", rating=4))
    questions = get_reflection(conn, rid)["questions"]
    assert [(q["question"], q["position"]) for q in questions] == [
        ("自己紹介をお願いします", 0), ("<script>alert(1)</script>", 1)]
    delete_asked_question(conn, second)
    assert len(get_reflection(conn, rid)["questions"]) == 1

    save_competency_score(conn, rid, CompetencyScore("motivation", 2, "浅かった"))
    save_competency_score(conn, rid, CompetencyScore("composure", 4))
    save_competency_score(conn, rid, CompetencyScore("composure", None))  # cleared: not rated any more
    assert competency_scores(conn, rid) == {"motivation": {"rating": 2, "note": "浅かった"}}


def test_an_invalid_question_is_not_added(conn, make):
    rid = make.reflection(make.interview(make.company("A"), at=NOW))
    with pytest.raises(ValidationError):
        add_asked_question(conn, rid, AskedQuestion("", "motivation"))
    assert conn["asked_questions"].count == 0


def test_deleting_a_company_can_be_undone_exactly(conn):
    from datetime import datetime

    from lib.follow_up.communications import Entry, add_entry
    from lib.pipeline.companies import delete_company, restore_company
    from lib.storage import sample_data

    sample_data.load_sample(conn, "ja", date(2026, 11, 27))
    company_id = next(conn["companies"].rows)["id"]
    add_entry(conn, Entry(company_id, datetime(2026, 11, 20, tzinfo=UTC), summary="お礼", kind="thank_you"))
    tables = ("companies", "interviews", "interviewers", "reflections", "asked_questions", "competency_scores",
              "communications", "stage_changes")
    before = {t: sorted(map(str, conn[t].rows)) for t in tables}
    companies = conn["companies"].count
    snapshot = delete_company(conn, company_id)
    assert conn["companies"].count == companies - 1
    assert conn.execute("SELECT COUNT(*) FROM communications WHERE company_id = ?", [company_id]).fetchone()[0] == 0
    restore_company(conn, snapshot)
    assert {t: sorted(map(str, conn[t].rows)) for t in tables} == before
