"""One clock: the current moment, and moments stored in UTC shown in the user's zone.

Every time the app shows (a mail marked sent, a log entry, a backup) is written in one
display zone, a setting (Asia/Tokyo by default), so the same moment never reads 02:15 on one
page and 11:15 on another. Interviews keep their own zone for their wall-clock time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lib.config import DEFAULT_TIMEZONE
from lib.models import timezone_names, zone

SETTING = "display_timezone"


def display_zone(stored: str | None) -> str:
    """The zone times are shown in: the stored setting when it is a known zone, else the default."""
    return stored if stored in timezone_names() else DEFAULT_TIMEZONE


def now(tz_name: str = DEFAULT_TIMEZONE) -> datetime:
    """The current moment, aware, in `tz_name`."""
    return datetime.now(zone(tz_name))


def now_iso() -> str:
    """The current moment as stored (created_at, updated_at…)."""
    return utc_iso(datetime.now(UTC))


def utc_iso(moment: datetime) -> str:
    """How a moment is stored: UTC, ISO 8601, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def in_zone(moment: str | datetime, tz_name: str) -> datetime:
    """A stored moment (ISO text or aware datetime) in `tz_name`."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is None:  # stored without an offset: it was written in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone(tz_name))
