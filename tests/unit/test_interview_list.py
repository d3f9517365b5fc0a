"""The Interviews page's list lines, when an interview is one to thank for, and any interview's .ics."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from lib.models import Company, Interview
from lib.pipeline.companies import list_interviews, save_company, save_interview
from lib.pipeline.interview_list import interview_ics, row_labels, thanks_due
from lib.reflect.analytics import interviews_frame


@pytest.fixture
def records(conn):
    company = save_company(conn, Company(name="<b>ミナト</b>"))
    past = save_interview(conn, Interview(company, "first", date(2026, 11, 20), time(10), status="done",
                                          result="passed"))
    cancelled = save_interview(conn, Interview(company, "second", date(2026, 11, 25), time(9, 30),
                                               timezone="Europe/London", status="cancelled"))
    future = save_interview(conn, Interview(company, "final", date.today() + timedelta(days=3), time(14)))
    return {"past": past, "cancelled": cancelled, "future": future}


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", [("2026年11月25日（水）09:30（Europe/London）", "<b>ミナト</b>｜二次面接｜中止｜振り返り：未"),
            ("2026年11月20日（金）10:00", "<b>ミナト</b>｜一次面接｜実施済み｜通過｜振り返り：未")]),
    ("en", [("Wed 25 Nov 2026, 09:30 (Europe/London)", "<b>ミナト</b> | 2nd interview | Cancelled | Reflection: Not yet"),
            ("Fri 20 Nov 2026, 10:00", "<b>ミナト</b> | 1st interview | Done | Passed | Reflection: Not yet")]),
])
def test_one_line_per_interview_newest_first(conn, records, lang, expected):
    lines = row_labels(interviews_frame(list_interviews(conn)), lang, "Asia/Tokyo")
    assert [i for i, _, _ in lines] == [records["future"], records["cancelled"], records["past"]]
    assert [(when, rest) for _, when, rest in lines][1:] == expected


def test_an_interview_is_one_to_thank_for_once_done_or_held(conn, records):
    now = datetime.now(UTC)
    rows = {row["id"]: row for row in list_interviews(conn)}
    assert thanks_due(rows[records["past"]], now)
    assert not thanks_due(rows[records["future"]], now)
    assert not thanks_due(rows[records["cancelled"]], now)
    assert thanks_due(rows[records["future"]], now + timedelta(days=4))  # held, not yet marked done


@pytest.mark.parametrize("which", ["past", "cancelled", "future"])
def test_any_interview_downloads_as_ics(db_path, conn, records, which):
    event = next(iter(Calendar.from_ical(interview_ics(db_path, records[which], "ja")()).walk("VEVENT")))
    assert str(event["uid"]) == f"interview-{records[which]}@furikaeri.local"
    assert str(event["status"]) == ("CANCELLED" if which == "cancelled" else "CONFIRMED")


def test_a_deleted_interview_gives_an_empty_file(db_path, conn):
    assert interview_ics(db_path, 999, "en")() == b""
