"""One clock: moments are stored in UTC and shown in one display zone."""

from datetime import UTC, datetime

import pytest

from lib import clock
from lib.config import DEFAULT_TIMEZONE


@pytest.mark.parametrize(("stored", "expected"), [
    (None, DEFAULT_TIMEZONE), ("", DEFAULT_TIMEZONE), ("Mars/Olympus", DEFAULT_TIMEZONE),
    ("Europe/London", "Europe/London"), ("Asia/Tokyo", "Asia/Tokyo"),
])
def test_display_zone_is_a_known_zone_or_the_default(stored, expected):
    assert clock.display_zone(stored) == expected


@pytest.mark.parametrize(("moment", "zone", "shown"), [
    ("2026-12-01T02:15:00+00:00", "Asia/Tokyo", "2026-12-01 11:15"),
    ("2026-12-01T02:15:00", "Asia/Tokyo", "2026-12-01 11:15"),  # no offset: written in UTC
    (datetime(2026, 12, 1, 2, 15, tzinfo=UTC), "Europe/London", "2026-12-01 02:15"),
    ("2026-07-01T02:15:00+00:00", "Europe/London", "2026-07-01 03:15"),  # summer time
])
def test_a_stored_moment_in_the_display_zone(moment, zone, shown):
    assert clock.in_zone(moment, zone).strftime("%Y-%m-%d %H:%M") == shown


def test_now_is_aware_and_stored_in_utc():
    moment = clock.now("Asia/Tokyo")
    assert moment.utcoffset().total_seconds() == 9 * 3600
    assert clock.utc_iso(moment).endswith("+00:00")
    assert clock.in_zone(clock.utc_iso(moment), "Asia/Tokyo").replace(microsecond=0) == moment.replace(microsecond=0)
