"""Interview calendars (.ics): read back by two independent parsers, icalendar and vobject."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from lib import i18n
from lib.generate.calendar_ics import interview_calendar, interview_uid, one_interview
from lib.models import Company, Interview, Interviewer
from lib.pipeline import companies

NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)




HOSTILE = ('A, B; C \\ D\n<script>alert("x")</script> <b>bold</b> '
           "👩‍👩‍👧‍👦 👨🏽‍💻 مرحبا بالعالم \u202eevil\u202c =1+1 +81 90-1234-5678 @SUM(A1)")


def interview(**changes) -> dict:
    """A row shaped like lib.pipeline.companies.get_interview's."""
    row = {
        "id": 12, "company_id": 3, "company": "株式会社ミナトデータ", "round": "first",
        "starts_at": "2026-07-10T01:00:00+00:00", "ends_at": "2026-07-10T02:00:00+00:00",
        "timezone": "Asia/Tokyo", "format": "online", "location": "https://meet.example.com/abc-def",
        "status": "scheduled", "result": "pending", "notes": "ポートフォリオを用意",
        "created_at": "2026-05-01T09:00:00+00:00", "updated_at": "2026-05-20T09:30:00+00:00",
        "is_sample": 0, "reflection_id": None, "reflection_status": None,
        "interviewers": [{"name": "佐藤 花子", "role": "人事部 マネージャー"}, {"name": "Tanaka", "role": ""}],
    }
    return row | changes


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def icalendar_events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def vobject_events(data: bytes) -> list:
    return vobject.readOne(data.decode("utf-8")).vevent_list


# ---------------------------------------------------------------- both parsers agree

@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("zone_name", "starts_at", "ends_at"), [
    ("Asia/Tokyo", "2026-07-10T01:00:00+00:00", "2026-07-10T02:00:00+00:00"),
    ("America/New_York", "2026-07-10T14:00:00+00:00", "2026-07-10T15:30:00+00:00"),  # EDT, -04:00
    ("America/New_York", "2026-12-10T15:00:00+00:00", "2026-12-10T16:00:00+00:00"),  # EST, -05:00
    ("Europe/London", "2026-10-25T00:30:00+00:00", "2026-10-25T01:30:00+00:00"),  # across the change
])
def test_both_parsers_read_the_same_event_and_instants(lang, zone_name, starts_at, ends_at):
    row = interview(timezone=zone_name, starts_at=starts_at, ends_at=ends_at)
    data = one_interview(row, lang, NOW)
    label = i18n.t("round.first", lang)

    (ev,) = icalendar_events(data)
    assert str(ev["UID"]) == "interview-12@furikaeri.local"
    assert str(ev["SUMMARY"]) == label + i18n.t("common.row_separator", lang) + "株式会社ミナトデータ"
    # Compared in UTC: Python never calls a time in a repeated hour equal across zones (PEP 495).
    assert ev.decoded("DTSTART").astimezone(UTC) == utc(starts_at)
    assert ev.decoded("DTEND").astimezone(UTC) == utc(ends_at)
    if zone_name != "Europe/London":  # that case starts in a repeated hour: written in UTC
        assert ev["DTSTART"].params["TZID"] == zone_name
        assert ev.decoded("DTSTART").utcoffset() == utc(starts_at).astimezone(ZoneInfo(zone_name)).utcoffset()

    (vev,) = vobject_events(data)
    assert vev.uid.value == "interview-12@furikaeri.local"
    assert vev.summary.value == label + i18n.t("common.row_separator", lang) + "株式会社ミナトデータ"
    assert vev.dtstart.value.astimezone(UTC) == utc(starts_at)
    assert vev.dtend.value.astimezone(UTC) == utc(ends_at)
    if zone_name != "Europe/London":
        assert vev.dtstart.value.utcoffset() == utc(starts_at).astimezone(ZoneInfo(zone_name)).utcoffset()


def test_a_time_in_a_repeated_hour_is_written_in_utc():
    # 01:30 on 25 October 2026 happens twice in London (BST, then GMT); readers disagree on
    # which one a bare local 01:30 means, so both ends are written in UTC.
    data = one_interview(interview(timezone="Europe/London", starts_at="2026-10-25T00:30:00+00:00",
                                   ends_at="2026-10-25T01:30:00+00:00"), "en", NOW)
    assert b"DTSTART:20261025T003000Z" in data
    assert b"DTEND:20261025T013000Z" in data
    data = one_interview(interview(timezone="Europe/London", starts_at="2026-10-25T02:00:00+00:00",
                                   ends_at=None), "en", NOW)
    assert b"DTSTART;TZID=Europe/London:20261025T020000" in data


def test_events_are_written_in_the_interviews_own_zone():
    data = one_interview(interview(timezone="America/New_York", starts_at="2026-07-10T14:00:00+00:00",
                                   ends_at=None), "en", NOW)
    assert b"DTSTART;TZID=America/New_York:20260710T100000" in data


@pytest.mark.parametrize("zone_name", ["Asia/Tokyo", "America/New_York"])
def test_vtimezone_is_included_for_the_zone(zone_name):
    data = one_interview(interview(timezone=zone_name), "ja", NOW)
    cal = Calendar.from_ical(data)
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == zone_name
    kinds = {c.name for c in tz.subcomponents}
    assert kinds == ({"STANDARD"} if zone_name == "Asia/Tokyo" else {"STANDARD", "DAYLIGHT"})
    assert cal.get_missing_tzids() == set()


def test_one_vtimezone_per_zone_in_the_full_calendar():
    rows = [interview(id=1), interview(id=2, starts_at="2026-08-01T01:00:00+00:00", ends_at=None),
            interview(id=3, timezone="America/New_York")]
    cal = Calendar.from_ical(interview_calendar(rows, "ja", NOW))
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["America/New_York", "Asia/Tokyo"]


def test_missing_end_means_one_hour():
    data = one_interview(interview(ends_at=None), "ja", NOW)
    (ev,) = icalendar_events(data)
    assert ev.decoded("DTEND") - ev.decoded("DTSTART") == timedelta(hours=1)
    (vev,) = vobject_events(data)
    assert vev.dtend.value - vev.dtstart.value == timedelta(hours=1)


# ---------------------------------------------------------------- content

@pytest.mark.parametrize(("status", "expected"), [("scheduled", "CONFIRMED"), ("done", "CONFIRMED"),
                                                  ("cancelled", "CANCELLED")])
def test_status(status, expected):
    data = one_interview(interview(status=status), "en", NOW)
    assert str(icalendar_events(data)[0]["STATUS"]) == expected
    assert vobject_events(data)[0].status.value == expected


def test_meeting_link_goes_to_url_and_location():
    data = one_interview(interview(location="Zoom: https://zoom.us/j/123?pwd=a,b (passcode 42)"), "en", NOW)
    (ev,) = icalendar_events(data)
    assert str(ev["LOCATION"]) == "Zoom: https://zoom.us/j/123?pwd=a,b (passcode 42)"
    assert str(ev["URL"]) == "https://zoom.us/j/123?pwd=a,b"
    assert vobject_events(data)[0].url.value == "https://zoom.us/j/123?pwd=a,b"


def test_a_place_is_a_location_without_url():
    data = one_interview(interview(format="onsite", location="東京都港区芝浦 1-2-3 10F 受付"), "ja", NOW)
    (ev,) = icalendar_events(data)
    assert str(ev["LOCATION"]) == "東京都港区芝浦 1-2-3 10F 受付"
    assert "URL" not in ev


def test_no_location_no_property():
    (ev,) = icalendar_events(one_interview(interview(location=""), "ja", NOW))
    assert "LOCATION" not in ev and "URL" not in ev


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "形式:オンライン\n面接官:\n・佐藤 花子（人事部 マネージャー）\n・Tanaka"),
    ("en", "Format: Online\nInterviewers:\n- 佐藤 花子 (人事部 マネージャー)\n- Tanaka"),
])
def test_description_lists_format_and_interviewers(lang, expected):
    data = one_interview(interview(), lang, NOW)
    assert str(icalendar_events(data)[0]["DESCRIPTION"]) == expected
    assert vobject_events(data)[0].description.value == expected


def test_notes_stay_private_unless_asked_for():
    assert "ポートフォリオ" not in str(icalendar_events(one_interview(interview(), "ja", NOW))[0]["DESCRIPTION"])
    with_notes = one_interview(interview(), "ja", NOW, include_notes=True)
    assert str(icalendar_events(with_notes)[0]["DESCRIPTION"]).endswith("メモ:\nポートフォリオを用意")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_prodid_and_calendar_name(lang):
    cal = Calendar.from_ical(interview_calendar([interview()], lang, NOW))
    assert str(cal["PRODID"]) == f"-//Furikaeri//Interview calendar//{lang.upper()}"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == i18n.t("export.calendar_name", lang)


# ---------------------------------------------------------------- hostile text

def test_hostile_text_round_trips_through_both_parsers():
    notes = ("x" * 19_990) + "\n最後,;\\"
    row = interview(company=HOSTILE, location=HOSTILE, notes=notes,
                    interviewers=[{"name": HOSTILE, "role": "a;b,c"}])
    data = one_interview(row, "en", NOW, include_notes=True)
    description = f"Format: Online\nInterviewers:\n- {HOSTILE} (a;b,c)\n\nNotes:\n{notes}"

    (ev,) = icalendar_events(data)
    assert str(ev["SUMMARY"]) == f"1st interview | {HOSTILE}"
    assert str(ev["LOCATION"]) == HOSTILE
    assert str(ev["DESCRIPTION"]) == description

    (vev,) = vobject_events(data)
    assert vev.summary.value == f"1st interview | {HOSTILE}"
    assert vev.location.value == HOSTILE
    assert vev.description.value == description


def test_carriage_returns_cannot_break_a_content_line():
    row = interview(company="A\r\nBEGIN:VEVENT\rUID:evil", notes="x\rEND:VCALENDAR")
    data = one_interview(row, "en", NOW, include_notes=True)
    assert len(icalendar_events(data)) == 1 and len(vobject_events(data)) == 1
    assert str(icalendar_events(data)[0]["SUMMARY"]) == "1st interview | A\nBEGIN:VEVENT\nUID:evil"


def test_file_is_rfc_shaped():
    data = one_interview(interview(company=HOSTILE, notes="長い" * 500), "ja", NOW, include_notes=True)
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    data.decode("utf-8")  # folding never splits a character


# ---------------------------------------------------------------- re-import behaviour

def test_the_same_interview_exported_twice_is_the_same_event():
    first = one_interview(interview(), "ja", NOW)
    again = one_interview(interview(), "ja", NOW + timedelta(days=3))
    assert first == again  # DTSTAMP and SEQUENCE come from updated_at, not from the export time
    assert str(icalendar_events(first)[0]["UID"]) == interview_uid(12)
    in_full = interview_calendar([interview()], "ja", NOW)
    assert str(icalendar_events(in_full)[0]["UID"]) == interview_uid(12)


def test_uid_differs_per_interview():
    data = interview_calendar([interview(id=1), interview(id=2)], "ja", NOW)
    assert [str(ev["UID"]) for ev in icalendar_events(data)] == [interview_uid(1), interview_uid(2)]


def test_an_edited_interview_has_a_higher_sequence_and_later_stamp():
    before = icalendar_events(one_interview(interview(), "ja", NOW))[0]
    after = icalendar_events(one_interview(interview(updated_at="2026-05-20T09:30:01+00:00",
                                                     status="cancelled"), "ja", NOW))[0]
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE") >= 0
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert str(after["UID"]) == str(before["UID"])


def test_without_updated_at_sequence_is_zero_and_stamp_is_now():
    (ev,) = icalendar_events(one_interview(interview(updated_at=None, created_at=None), "ja", NOW))
    assert ev.decoded("SEQUENCE") == 0 and ev.decoded("DTSTAMP") == NOW


# ---------------------------------------------------------------- the calendar of upcoming interviews

def test_upcoming_calendar_keeps_only_future_scheduled_interviews_soonest_first():
    rows = [
        interview(id=1, starts_at="2026-07-10T01:00:00+00:00"),
        interview(id=2, starts_at="2026-06-20T01:00:00+00:00"),
        interview(id=3, starts_at="2026-05-31T23:59:00+00:00"),  # before now
        interview(id=4, status="cancelled"),
        interview(id=5, status="done"),
        interview(id=6, starts_at=NOW.isoformat()),  # exactly now still counts
    ]
    uids = [str(ev["UID"]) for ev in icalendar_events(interview_calendar(rows, "ja", NOW))]
    assert uids == [interview_uid(6), interview_uid(2), interview_uid(1)]


def test_empty_calendar_is_still_valid():
    data = interview_calendar([], "en", NOW)
    assert Calendar.from_ical(data).walk("VEVENT") == []
    assert vobject.readOne(data.decode()).name == "VCALENDAR"


def test_unknown_zone_keeps_the_instant():
    (ev,) = icalendar_events(one_interview(interview(timezone="Mars/Olympus_Mons"), "ja", NOW))
    assert ev.decoded("DTSTART") == utc("2026-07-10T01:00:00+00:00")


def test_rows_from_the_database(conn):
    company_id = companies.save_company(conn, Company(name="Minato Data, Inc."))
    interview_id = companies.save_interview(conn, Interview(
        company_id=company_id, round="final", day=date(2026, 11, 2), start=time(9, 30), end=time(10, 15),
        timezone="America/New_York", location="https://meet.example.com/x",
        interviewers=[Interviewer("Jane Roe", "VP Engineering")]))
    row = companies.get_interview(conn, interview_id)
    data = one_interview(row, "en", NOW)
    (ev,) = icalendar_events(data)
    assert str(ev["SUMMARY"]) == "Final interview | Minato Data, Inc."
    assert ev.decoded("DTSTART") == datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    assert "Jane Roe (VP Engineering)" in str(ev["DESCRIPTION"])
    (vev,) = vobject_events(data)
    assert vev.dtend.value == datetime(2026, 11, 2, 15, 15, tzinfo=UTC)  # EST after 1 November
