"""The Calendar page's content: a month grid of interviews and thank-you deadlines.

Pure except `upcoming_for_calendar`, which reads the rows the .ics export needs.
"""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlite_utils import Database

from lib.i18n import t
from lib.pipeline.companies import upcoming_interviews


@dataclass(frozen=True)
class CalendarItem:
    """One thing on one day: an interview (at a local time) or a thank-you deadline."""

    day: date
    kind: str  # "interview", "thanks" or "action" (an action of the plan, due that day)
    company: str
    round: str
    is_sample: bool = False
    time: str = ""  # HH:MM, interviews only
    status: str = "scheduled"
    interview_id: int | None = None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month `delta` months after (or before) year-month."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) that show the month, days of the months around included."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def interview_items(frame: pd.DataFrame, year: int, month: int) -> list[CalendarItem]:
    """The interviews of a frame from lib.reflect.analytics.interviews_frame that fall, in their own
    local time, in the weeks shown for year-month."""
    weeks = month_weeks(year, month)
    first, last = pd.Timestamp(weeks[0][0]), pd.Timestamp(weeks[-1][-1] + timedelta(days=1))
    shown = frame[(frame["local_start"] >= first) & (frame["local_start"] < last)].sort_values("local_start")
    return [
        CalendarItem(day=start.date(), kind="interview", company=company, round=round_code,
                     is_sample=bool(sample), time=start.strftime("%H:%M"), status=status, interview_id=int(row_id))
        for start, company, round_code, sample, status, row_id in zip(
            shown["local_start"], shown["company"], shown["round"], shown["is_sample"], shown["status"],
            shown["id"], strict=True)
    ]


def due_day(deadline: datetime) -> date:
    """The last day to send a thank-you mail whose deadline is the midnight that ends it."""
    return (deadline - timedelta(seconds=1)).date()


def thanks_items(reminders: list[dict]) -> list[CalendarItem]:
    """Thank-you deadlines (lib.communications.thank_you_reminders) on their last day."""
    return [CalendarItem(day=due_day(r["deadline"]), kind="thanks", company=r["company"], round=r["round"],
                         is_sample=bool(r["is_sample"]), interview_id=r["id"]) for r in reminders]


def action_items(plan: list, year: int, month: int) -> list[CalendarItem]:
    """Open actions of the plan (lib.action_plan.PlanAction) due in the weeks shown."""
    weeks = month_weeks(year, month)
    return [CalendarItem(day=a.due, kind="action", company=a.text, round="") for a in plan
            if not a.done and weeks[0][0] <= a.due <= weeks[-1][-1]]


def month_title(year: int, month: int, lang: str) -> str:
    month_name = t("common.months", lang).split(",")[month - 1]
    return t("calendar.month_title", lang, year=year, month_name=month_name)


def _item_html(item: CalendarItem, lang: str) -> str:
    company = item.company + (f" [{t('common.sample_badge', lang)}]" if item.is_sample else "")
    round_label = t(f"round.{item.round}", lang) if item.round else ""
    if item.kind == "thanks":
        text = t("calendar.grid_thanks", lang, company=company, round=round_label)
        return f'<div class="fk-item fk-thanks">{html.escape(text)}</div>'
    if item.kind == "action":
        return f'<div class="fk-item fk-action">{html.escape(t("calendar.grid_action", lang, text=item.company))}</div>'
    text = t("calendar.grid_interview", lang, time=item.time, company=company, round=round_label)
    css = "fk-item fk-cancelled" if item.status == "cancelled" else "fk-item"
    return f'<div class="{css}">{html.escape(text)}</div>'


# A day shows this many items, then how many more: a fuller cell is unreadable, and costs the browser.
PER_DAY = 3


def _day_html(items: list[CalendarItem], lang: str) -> str:
    shown = "".join(_item_html(item, lang) for item in items[:PER_DAY])
    if len(items) > PER_DAY:
        shown += f'<div class="fk-item fk-more">{html.escape(t("calendar.grid_more", lang, count=len(items) - PER_DAY))}</div>'
    return shown


def month_html(year: int, month: int, items: list[CalendarItem], today: date, lang: str) -> str:
    """The month as an HTML table, Monday first, at most PER_DAY items a day and how many more;
    every user text is escaped."""
    by_day: dict[date, list[CalendarItem]] = {}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    weekdays = t("common.weekdays", lang).split(",")
    head = "".join(f'<th class="{_WEEKEND.get(n, "")}">{html.escape(name)}</th>' for n, name in enumerate(weekdays))
    rows = []
    for week in month_weeks(year, month):
        cells = []
        for day in week:
            css = ["fk-day"]
            if day.month != month:
                css.append("fk-other")
            if day == today:
                css.append("fk-today")
            if day.weekday() in _WEEKEND:
                css.append(_WEEKEND[day.weekday()])
            content = _day_html(by_day.get(day, []), lang)
            cells.append(f'<td class="{" ".join(css)}" data-date="{day.isoformat()}">'
                         f'<div class="fk-num">{day.day}</div>{content}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = html.escape(month_title(year, month, lang))
    return (_MONTH_CSS + f'<table class="fk-month"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


# Saturday in blue and Sunday in red, as calendars in Japan print them.
_WEEKEND = {5: "fk-sat", 6: "fk-sun"}

_MONTH_CSS = """<style>
.fk-month { width: 100%; border-collapse: collapse; table-layout: fixed; }
.fk-month caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
.fk-month th { font-weight: 600; font-size: 0.85rem; padding: 0.2rem; text-align: left; }
.fk-month td { border: 1px solid rgba(36, 49, 59, 0.15); vertical-align: top; height: 5.5rem; padding: 0.25rem;
               overflow-wrap: anywhere; }
.fk-month .fk-other { opacity: 0.45; }
.fk-month .fk-today { background: rgba(61, 107, 142, 0.10); }
.fk-month .fk-today .fk-num { color: #3d6b8e; font-weight: 700; }
.fk-num { font-size: 0.8rem; }
.fk-month .fk-sat .fk-num, .fk-month th.fk-sat { color: #2f6db5; }
.fk-month .fk-sun .fk-num, .fk-month th.fk-sun { color: #c0392b; }
.fk-item { font-size: 0.78rem; background: rgba(61, 107, 142, 0.12); border-radius: 0.25rem; padding: 0 0.25rem;
           margin-top: 0.15rem; white-space: pre-wrap; }
.fk-thanks { background: rgba(242, 142, 43, 0.18); }
.fk-action { background: rgba(89, 161, 79, 0.16); }
.fk-cancelled { text-decoration: line-through; opacity: 0.6; }
.fk-more { background: none; opacity: 0.75; }
</style>"""


def upcoming_for_calendar(db: Database, now: datetime, limit: int = 500) -> list[dict]:
    """Scheduled interviews from `now` on, with their interviewers, as lib.generate.calendar_ics takes them."""
    rows = upcoming_interviews(db, now.astimezone(UTC), limit=limit)
    if not rows:
        return rows
    ids = [row["id"] for row in rows]
    people: dict[int, list[dict]] = {}
    for person in db.query(
            f"SELECT interview_id, name, role FROM interviewers WHERE interview_id IN ({','.join('?' * len(ids))})"
            " ORDER BY interview_id, position", ids):
        people.setdefault(person["interview_id"], []).append({"name": person["name"], "role": person["role"]})
    return [row | {"interviewers": people.get(row["id"], [])} for row in rows]
