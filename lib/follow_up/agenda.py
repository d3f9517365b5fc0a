"""Home's "what now?" and the thank-you mail's list: reads of the SQLite file and the countdown."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

MAIL_STATES = ("none", "draft", "sent")


def recent_reflections(db: Database, limit: int = 5) -> list[dict]:
    """Reflections of the most recent interviews, newest interview first.

    By interview date, not by edit time: a reflection saved in the same second as others
    (the sample data, a restore) must neither jump the queue nor drop out of it."""
    return list(db.query(
        """SELECT r.id, r.status, r.interview_id, i.round, i.starts_at, i.timezone, c.name AS company, c.is_sample
           FROM reflections r JOIN interviews i ON i.id = r.interview_id
           JOIN companies c ON c.id = i.company_id
           ORDER BY i.starts_at DESC, r.id DESC LIMIT ?""",
        [limit],
    ))


def mail_candidates(db: Database, now: datetime, limit: int = 300) -> list[dict]:
    """Every interview that took place (marked done, or scheduled and already started), newest
    first, with how it was applied for and the state of its thank-you mail (none, draft, sent).

    "Done" counts whatever time was recorded: an interview reflected on right after it ended
    may still carry a start time later the same day."""
    rows = list(db.query(
        """SELECT i.id, i.round, i.starts_at, i.timezone, i.company_id, c.name AS company, c.is_sample,
                  c.applied_via,
                  EXISTS (SELECT 1 FROM communications m WHERE m.interview_id = i.id AND m.kind = 'thank_you')
                      AS sent,
                  EXISTS (SELECT 1 FROM mail_drafts d WHERE d.interview_id = i.id AND d.kind = 'thank_you')
                      AS drafted
           FROM interviews i JOIN companies c ON c.id = i.company_id
           WHERE i.status = 'done' OR (i.status = 'scheduled' AND i.starts_at < ?)
           ORDER BY i.starts_at DESC, i.id DESC LIMIT ?""",
        [now.astimezone(UTC).isoformat(), limit],
    ))
    for row in rows:
        row["mail_state"] = "sent" if row.pop("sent") else "draft" if row.pop("drafted") else "none"
        row.pop("drafted", None)
    return rows


def countdown(start: datetime, now: datetime) -> tuple[str, dict]:
    """How soon an interview is, as a locale key and its parameters: today with the time,
    tomorrow, or in N days (counted in calendar days of `now`'s zone)."""
    local = start.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    if days <= 0:
        return "home.countdown_today", {"time": local.strftime("%H:%M")}
    if days == 1:
        return "home.countdown_tomorrow", {"time": local.strftime("%H:%M")}
    return "home.countdown_days", {"count": days}
