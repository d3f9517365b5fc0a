"""Interviews as an RFC 5545 calendar (.ics) for any calendar app.

Re-importing: every event's UID is fixed per interview (``interview-<id>@furikaeri.local``),
so Apple Calendar, Google Calendar and Outlook match a re-imported event to the one they
already have and update it instead of adding a copy. To tell them which copy is newer, the
event carries the interview's last edit: DTSTAMP and LAST-MODIFIED are its ``updated_at``
and SEQUENCE is the whole seconds from 2020-01-01 UTC to ``updated_at`` (it only grows with
each save, and stays the same when nothing changed, so exporting twice gives the same
bytes). An older file imported later therefore loses against a newer one. Rows without
``updated_at`` get SEQUENCE 0 and DTSTAMP = now.

The file has no METHOD, so it is a plain published calendar object (RFC 5545 §3.8.7.2:
DTSTAMP is then the time the information was last revised).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from lib.i18n import t
from lib.models import zone

DEFAULT_DURATION = timedelta(minutes=60)
UID_DOMAIN = "furikaeri.local"
# Seconds from here to updated_at make SEQUENCE; int32 lasts until 2088.
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_INT32_MAX = 2**31 - 1
# A URL inside free text ends at blanks, quotes, angle brackets or Japanese punctuation.
_URL = re.compile(r"https?://[^\s<>\"'（）「」『』、。，]+", re.IGNORECASE)


def interview_uid(interview_id: int) -> str:
    """The calendar UID of one interview; the same on every export."""
    return f"interview-{interview_id}@{UID_DOMAIN}"


def interview_calendar(interviews: list[dict], lang: str, now: datetime | None = None,
                       *, include_notes: bool = False) -> bytes:
    """All upcoming interviews (status scheduled, starting at or after `now`) in one .ics."""
    now = now or datetime.now(UTC)
    upcoming = [row for row in interviews
                if row.get("status") == "scheduled" and _utc(row["starts_at"]) >= now]
    upcoming.sort(key=lambda row: _utc(row["starts_at"]))
    return _calendar(upcoming, lang, now, include_notes)


def one_interview(interview: dict, lang: str, now: datetime | None = None,
                  *, include_notes: bool = False) -> bytes:
    """One interview, whatever its status, as an .ics (a cancelled one says CANCELLED)."""
    return _calendar([interview], lang, now or datetime.now(UTC), include_notes)


def _calendar(rows: list[dict], lang: str, now: datetime, include_notes: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//Furikaeri//Interview calendar//{'JA' if lang == 'ja' else 'EN'}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.calendar_name = t("export.calendar_name", lang)
    for row in rows:
        cal.add_component(_event(row, lang, now, include_notes))
    if rows:
        years = [_utc(row["starts_at"]).year for row in rows]
        # Transitions one year either side cover every event and keep the VTIMEZONE short.
        cal.add_missing_timezones(first_date=date(min(years) - 1, 1, 1),
                                  last_date=date(max(years) + 2, 1, 1))
    return cal.to_ical()


def _event(row: dict, lang: str, now: datetime, include_notes: bool) -> Event:
    tz = _zone(row.get("timezone"))
    starts = _utc(row["starts_at"])
    ends = _utc(row["ends_at"]) if row.get("ends_at") else starts + DEFAULT_DURATION
    updated = _utc(row["updated_at"]) if row.get("updated_at") else None

    event = Event()
    event.add("uid", interview_uid(row["id"]))
    event.add("dtstamp", updated or now.astimezone(UTC))
    if updated:
        event.add("last-modified", updated)
    if row.get("created_at"):
        event.add("created", _utc(row["created_at"]))
    event.add("sequence", _sequence(updated))
    event.add("dtstart", _local(starts, tz))
    event.add("dtend", _local(ends, tz))
    event.add("summary", t("common.row_separator", lang).join([_label("round", row.get("round"), lang),
                                                               _text(row.get("company"))]))
    event.add("status", "CANCELLED" if row.get("status") == "cancelled" else "CONFIRMED")
    location = _text(row.get("location"))
    if location:
        event.add("location", location)
        url = _URL.search(location)
        if url:
            event.add("url", url.group(0).rstrip(").,;:!?"))
    event.add("description", _description(row, lang, include_notes))
    return event


def _description(row: dict, lang: str, include_notes: bool) -> str:
    parts = [t("export.ics_line", lang, label=t("interviews.format", lang),
               value=_label("format", row.get("format"), lang))]
    people = [_interviewer(p, lang) for p in row.get("interviewers") or []]
    people = [p for p in people if p]
    if people:
        parts.append(t("export.ics_line", lang, label=t("interviews.interviewers", lang), value="").rstrip())
        parts += [t("export.bullet", lang, item=p) for p in people]
    notes = _text(row.get("notes"))
    if include_notes and notes:
        parts += ["", t("export.ics_line", lang, label=t("interviews.notes", lang), value="").rstrip(), notes]
    return "\n".join(parts)


def _interviewer(person: dict, lang: str) -> str:
    name, role = _text(person.get("name")), _text(person.get("role"))
    if name and role:
        return t("export.interviewer", lang, name=name, role=role)
    return name or role


def _label(prefix: str, code: str | None, lang: str) -> str:
    """The translated label of a stored code; an unknown code is shown as it is."""
    try:
        return t(f"{prefix}.{code}", lang)
    except KeyError:
        return code or ""


def _text(value: str | None) -> str:
    # icalendar escapes \n; a bare CR would otherwise end the content line early.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _sequence(updated: datetime | None) -> int:
    if updated is None:
        return 0
    return max(0, min(_INT32_MAX, int((updated - _SEQUENCE_EPOCH).total_seconds())))


def _local(moment: datetime, tz: ZoneInfo | timezone) -> datetime:
    """The wall-clock time in `tz`, or UTC inside an hour that a clock change repeats:
    RFC 5545 reads such a time as the first pass, but some readers (vobject) take the
    second, so only UTC means the same instant to all of them."""
    local = moment.astimezone(tz)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment
    return local


def _zone(name: str | None) -> ZoneInfo | timezone:
    try:
        return zone(name or "UTC")
    except ValueError:
        return UTC  # the instant stays right even if the zone name is unknown


def _utc(value: str | datetime) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:  # stored values are UTC; be lenient with naive ones
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
