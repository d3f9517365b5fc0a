"""Home's countdown and reads: how soon an interview is, the latest reflections, the mails' list."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lib import i18n
from lib.follow_up.agenda import countdown, mail_candidates, recent_reflections
from lib.storage import sample_data

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 12, 2, 9, 30, tzinfo=TOKYO)


@pytest.mark.parametrize(("start", "ja", "en"), [
    (datetime(2026, 12, 2, 14, 0, tzinfo=TOKYO), "今日14:00", "today at 14:00"),
    (datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO), "明日10:00", "tomorrow at 10:00"),
    (datetime(2026, 12, 5, 10, 0, tzinfo=TOKYO), "あと3日", "in 3 days"),
    # Counted in calendar days where the user is: 18:00 in London is 03:00 the next day in Tokyo.
    (datetime(2026, 12, 2, 18, 0, tzinfo=ZoneInfo("Europe/London")), "明日03:00", "tomorrow at 03:00"),
])
def test_countdown(start, ja, en):
    key, params = countdown(start, NOW)
    assert i18n.t(key, "ja", **params) == ja
    assert i18n.t(key, "en", **params) == en


def test_countdown_just_before_midnight():
    key, params = countdown(datetime(2026, 12, 3, 0, 30, tzinfo=TOKYO), datetime(2026, 12, 2, 23, 50, tzinfo=TOKYO))
    assert i18n.t(key, "ja", **params) == "明日00:30"


def test_sample_reflections_come_newest_interview_first_and_all_five(conn):
    sample_data.load_sample(conn, "ja", date(2026, 11, 27))  # every reflection saved in the same second
    rows = recent_reflections(conn)
    newest = list(conn.query("SELECT r.id FROM reflections r JOIN interviews i ON i.id = r.interview_id"
                             " ORDER BY i.starts_at DESC LIMIT 5"))
    assert [r["id"] for r in rows] == [r["id"] for r in newest]
    starts = [r["starts_at"] for r in rows]
    assert starts == sorted(starts, reverse=True)


def test_mail_candidates_are_every_interview_that_took_place(conn, make):
    company = make.company("ミナトデータ", applied_via="agent")

    def interview(start: datetime, status: str) -> int:
        return make.interview(company, "first", start.date(), start.time().replace(tzinfo=None), status=status)

    later_today_done = interview(NOW + timedelta(hours=2), "done")
    started = interview(NOW - timedelta(hours=1), "scheduled")
    long_ago = interview(NOW - timedelta(days=90), "done")
    interview(NOW + timedelta(days=2), "scheduled")
    interview(NOW - timedelta(days=3), "cancelled")
    make.reflection(long_ago, complete=True)
    rows = mail_candidates(conn, NOW)
    assert [r["id"] for r in rows] == [later_today_done, started, long_ago]
    assert {r["mail_state"] for r in rows} == {"none"} and {r["applied_via"] for r in rows} == {"agent"}
