"""The month grid: the right weeks, interviews on their local day, deadlines, literal text."""

from datetime import UTC, date, datetime, time

import pytest

from lib import i18n
from lib.follow_up.communications import thank_you_reminders
from lib.models import Company, Interview, Interviewer
from lib.pipeline.calendar_view import (
    CalendarItem,
    add_months,
    due_day,
    interview_items,
    month_html,
    month_title,
    month_weeks,
    thanks_items,
    upcoming_for_calendar,
)
from lib.pipeline.companies import list_interviews, save_company, save_interview
from lib.reflect.analytics import interviews_frame

HOSTILE = "<img src=x onerror=alert(1)> **株式会社** & [link](x)"


@pytest.mark.parametrize(("year", "month", "delta", "expected"), [
    (2026, 11, 1, (2026, 12)), (2026, 12, 1, (2027, 1)), (2026, 1, -1, (2025, 12)), (2026, 5, -17, (2024, 12)),
    (2026, 5, 0, (2026, 5)),
])
def test_add_months(year, month, delta, expected):
    assert add_months(year, month, delta) == expected


def test_weeks_start_on_monday_and_cover_the_month():
    weeks = month_weeks(2026, 11)
    assert weeks[0][0] == date(2026, 10, 26) and weeks[-1][-1] == date(2026, 12, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)


@pytest.fixture
def month_rows(conn):
    company = save_company(conn, Company(name=HOSTILE))
    # 23:30 in New York on the 30th is already 1 December in UTC: it belongs on the 30th.
    save_interview(conn, Interview(company, "first", date(2026, 11, 30), time(23, 30), timezone="America/New_York"))
    save_interview(conn, Interview(company, "second", date(2026, 11, 10), time(10), status="cancelled"))
    save_interview(conn, Interview(company, "final", date(2027, 1, 20), time(10),
                                   interviewers=[Interviewer("山田", "部長")]))
    save_interview(conn, Interview(company, "casual", date(2026, 11, 25), time(10), status="done"))
    return list_interviews(conn)


def test_interviews_land_on_their_local_day(month_rows):
    items = interview_items(interviews_frame(month_rows), 2026, 11)
    assert [(i.day, i.time, i.round, i.status) for i in items] == [
        (date(2026, 11, 10), "10:00", "second", "cancelled"), (date(2026, 11, 25), "10:00", "casual", "done"),
        (date(2026, 11, 30), "23:30", "first", "scheduled")]


def test_an_empty_frame_gives_no_items():
    assert interview_items(interviews_frame([]), 2026, 11) == []


def test_the_thank_you_deadline_shows_on_its_last_day(conn, month_rows):
    now = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    reminders = thank_you_reminders(conn, now)
    assert due_day(reminders[0]["deadline"]) == date(2026, 11, 26)
    assert [(i.kind, i.day, i.round) for i in thanks_items(reminders)] == [("thanks", date(2026, 11, 26), "casual")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_month_html_escapes_user_text_and_marks_today(conn, month_rows, lang):
    now = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    items = interview_items(interviews_frame(month_rows), 2026, 11) + thanks_items(thank_you_reminders(conn, now))
    page = month_html(2026, 11, items, date(2026, 11, 26), lang)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt; **株式会社** &amp; [link](x)" in page
    assert 'class="fk-day fk-today" data-date="2026-11-26"' in page
    assert 'class="fk-day fk-other" data-date="2026-10-26"' in page
    assert "fk-cancelled" in page and "fk-thanks" in page
    assert month_title(2026, 11, lang) in page
    assert i18n.t("common.weekdays", lang).split(",")[0] in page


def test_saturdays_and_sundays_are_marked_in_the_grid_and_its_header():
    page = month_html(2026, 12, [], date(2026, 12, 2), "ja")
    assert 'class="fk-day fk-sat" data-date="2026-12-05"' in page
    assert 'class="fk-day fk-sun" data-date="2026-12-06"' in page
    assert 'class="fk-day" data-date="2026-12-07"' in page  # a Monday stays plain
    assert '<th class="fk-sat">土</th><th class="fk-sun">日</th>' in page


@pytest.mark.parametrize(("lang", "more"), [("ja", "ほか2件"), ("en", "+2 more")])
def test_a_busy_day_shows_three_items_and_how_many_more(lang, more):
    day = date(2026, 12, 8)
    items = [CalendarItem(day, "interview", f"会社{n}", "first", time=f"{9 + n:02d}:00") for n in range(5)]
    cell = month_html(2026, 12, items, date(2026, 12, 2), lang).split('data-date="2026-12-08"')[1].split("</td>")[0]
    assert [name for name in ("会社0", "会社1", "会社2", "会社3", "会社4") if name in cell] == ["会社0", "会社1", "会社2"]
    assert cell.endswith(f'<div class="fk-item fk-more">{more}</div>')


def test_upcoming_for_calendar_carries_interviewers(conn, month_rows):
    rows = upcoming_for_calendar(conn, datetime(2026, 12, 2, tzinfo=UTC))
    assert [(r["round"], r["interviewers"]) for r in rows] == [("final", [{"name": "山田", "role": "部長"}])]
    assert upcoming_for_calendar(conn, datetime(2028, 1, 1, tzinfo=UTC)) == []
