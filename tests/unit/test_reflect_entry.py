"""The way into a reflection (the default moment, a new interview with its company in one
transaction) and what the wizard offers once it is complete."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from lib.follow_up.communications import Entry, add_entry, dismiss_thank_you
from lib.models import Company, ValidationError
from lib.pipeline.companies import save_company
from lib.reflect.entry import default_slot, open_interview
from lib.reflect.next_steps import InterviewFacts, due_next, interview_facts

TOKYO = ZoneInfo("Asia/Tokyo")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TOKYO)


@pytest.mark.parametrize(("now", "expected"), [
    (at(2, 16, 40), at(2, 15)),   # an afternoon interview just over: the last full hour an hour ago
    (at(2, 11, 0), at(2, 10)),
    (at(2, 10, 5), at(2, 9)),     # the first slot of the day
    (at(2, 9, 59), at(1, 18)),    # too early for today's: yesterday's last slot
    (at(2, 7, 30), at(1, 18)),
    (at(2, 0, 20), at(1, 18)),    # just after midnight
    (at(2, 22, 15), at(2, 18)),   # late evening: no interview starts at 21:00
])
def test_the_default_moment_is_the_most_recent_plausible_start(now, expected):
    assert default_slot(now) == expected


def names(conn):
    return [row[0] for row in conn.execute("SELECT name FROM companies ORDER BY id")]


def test_a_new_company_and_its_interview_are_made_together(conn):
    opened = open_interview(conn, "  ミナトデータ ", date(2026, 12, 2), time(15), "second", "onsite", "Asia/Tokyo",
                            at(2, 16, 40))
    assert (opened.company_created, opened.existed) == (True, False)
    row = conn.execute("SELECT c.name, i.round, i.format, i.status, i.starts_at FROM interviews i"
                       " JOIN companies c ON c.id = i.company_id WHERE i.id = ?", [opened.interview_id]).fetchone()
    assert row == ("ミナトデータ", "second", "onsite", "done", "2026-12-02T06:00:00+00:00")


def test_a_typed_name_of_a_known_company_uses_that_company(conn):
    known = save_company(conn, Company(name="Minato Data"))
    opened = open_interview(conn, "minato data", date(2026, 12, 2), time(15), "first", "online", "Asia/Tokyo",
                            at(2, 16))
    assert not opened.company_created
    assert names(conn) == ["Minato Data"]
    assert conn.execute("SELECT company_id FROM interviews").fetchone()[0] == known


def test_the_same_interview_twice_opens_the_first(conn):
    company = save_company(conn, Company(name="ミナトデータ"))
    first = open_interview(conn, company, date(2026, 12, 2), time(15), "first", "online", "Asia/Tokyo", at(2, 17))
    again = open_interview(conn, company, date(2026, 12, 2), time(15), "first", "onsite", "Asia/Tokyo", at(2, 17))
    assert (again.interview_id, again.existed) == (first.interview_id, True)
    assert conn.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == 1


def test_every_problem_is_reported_and_nothing_is_saved(conn):
    with pytest.raises(ValidationError) as problem:
        open_interview(conn, "", None, time(15), "fifth", "online", "Asia/Tokyo", at(2, 17))
    assert {field: key for field, (key, _) in problem.value.errors.items()} == {
        "company": "error.required", "day": "error.required", "round": "error.choice"}
    with pytest.raises(ValidationError) as problem:
        open_interview(conn, "未来商事", date(2026, 12, 2), time(18), "fifth", "online", "Asia/Tokyo", at(2, 17))
    assert {field: key for field, (key, _) in problem.value.errors.items()} == {
        "round": "error.choice", "start": "entry.future"}
    assert names(conn) == []  # the typed company was not made either
    with pytest.raises(ValidationError) as problem:
        open_interview(conn, "長" * 201, date(2026, 12, 2), time(9), "first", "online", "Asia/Tokyo", at(2, 17))
    assert problem.value.errors["company"][0] == "error.too_long"


def test_an_unknown_company_id_is_refused(conn):
    with pytest.raises(ValidationError) as problem:
        open_interview(conn, 42, date(2026, 12, 2), time(9), "first", "online", "Asia/Tokyo", at(2, 17))
    assert problem.value.errors == {"company": ("error.choice", {})}


# ------------------------------------------------------------------ what is due next

def facts(**changes) -> InterviewFacts:
    return InterviewFacts(**({"interview_id": 7, "starts_at": "2026-12-02T06:00:00+00:00",
                              "timezone": "Asia/Tokyo", "status": "done"} | changes))


def test_after_an_interview_the_mail_comes_first_with_the_next_days_end_as_deadline():
    steps = due_next(facts(), 3, at(2, 18), open_actions=2, practice_due=5)
    assert [(s.kind, s.page, s.query) for s in steps] == [
        ("thank_you", "pages/follow_up.py", (("interview", "7"),)),
        ("plan", "pages/plan.py", ()), ("practice", "pages/practice.py", ())]
    assert steps[0].deadline == at(3, 23, 59) and not steps[0].overdue
    assert [s.count for s in steps[1:]] == [2, 5]


def test_a_late_mail_is_still_offered_and_marked_overdue():
    assert due_next(facts(), 3, at(4, 0, 1))[0].overdue


@pytest.mark.parametrize("changes", [{"thank_you_sent": True}, {"thank_you_dismissed": True},
                                     {"status": "cancelled"}])
def test_no_mail_when_sent_set_aside_or_cancelled(changes):
    assert "thank_you" not in [s.kind for s in due_next(facts(**changes), 3, at(2, 18))]


def test_the_agent_report_only_when_an_agent_introduced_the_company_and_it_is_not_sent():
    assert "agent_report" not in [s.kind for s in due_next(facts(), 3, at(2, 18))]
    report = due_next(facts(via_agent=True), 3, at(2, 18))[1]
    assert (report.kind, report.page, report.query) == ("agent_report", "pages/agents.py", (("reflection", "3"),))
    assert "agent_report" not in [s.kind for s in due_next(facts(via_agent=True, agent_report_sent=True), 3,
                                                            at(2, 18))]


def test_the_facts_are_read_from_the_file(conn, make):
    direct = make.company("直接商事")
    agent = make.company("紹介商事", applied_via="agent", agent_name="佐藤")
    first = make.interview(direct, "first", date(2026, 12, 2), time(15), status="done")
    second = make.interview(agent, "first", date(2026, 12, 2), time(10), status="done")
    assert interview_facts(conn, first) == facts(interview_id=first)
    assert interview_facts(conn, second).via_agent
    add_entry(conn, Entry(agent, at(2, 19), summary="お礼", kind="thank_you", interview_id=second))
    add_entry(conn, Entry(agent, at(2, 19), summary="報告", kind="agent_report", interview_id=second))
    dismiss_thank_you(conn, first)
    read = interview_facts(conn, second)
    assert (read.thank_you_sent, read.agent_report_sent) == (True, True)
    assert interview_facts(conn, first).thank_you_dismissed
    assert interview_facts(conn, 999) is None
