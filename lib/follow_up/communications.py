"""The log of every exchange with each company, thank-you reminders and mail drafts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, ensure_unchanged, exists
from lib.models import Checker, ValidationError, clean_line, clean_text, zone

DIRECTIONS = ("out", "in")
CHANNELS = ("email", "phone", "message", "meeting", "other")
KINDS = ("note", "thank_you", "agent_report")


@dataclass
class Entry:
    company_id: int
    occurred_at: datetime
    direction: str = "out"
    channel: str = "email"
    counterpart: str = ""
    summary: str = ""
    body: str = ""
    kind: str = "note"
    interview_id: int | None = None

    def validated(self) -> Entry:
        e = Entry(self.company_id, self.occurred_at, self.direction, self.channel, clean_line(self.counterpart),
                  clean_line(self.summary), clean_text(self.body), self.kind, self.interview_id)
        check = Checker()
        check.choice("direction", e.direction, DIRECTIONS)
        check.choice("channel", e.channel, CHANNELS)
        check.choice("kind", e.kind, KINDS)
        check.text("counterpart", e.counterpart, limit=200)
        check.text("summary", e.summary, required=not e.body, limit=500)
        check.text("body", e.body, limit=100_000)
        if not isinstance(e.occurred_at, datetime) or e.occurred_at.tzinfo is None:
            check.fail("occurred_at", "error.date")
        check.done()
        return e


def add_entry(db: Database, entry: Entry) -> int:
    e = entry.validated()
    record = asdict(e) | {"occurred_at": e.occurred_at.astimezone(UTC).isoformat(timespec="seconds"),
                          "created_at": now_iso()}
    with db.atomic():
        if exists(db, """SELECT 1 FROM communications WHERE company_id = ? AND occurred_at = ? AND kind = ?
                         AND summary = ? AND body = ?""",
                  [record["company_id"], record["occurred_at"], record["kind"], record["summary"], record["body"]]):
            raise ValidationError({"summary": ("error.duplicate_entry", {})})
        return db["communications"].insert(record).last_pk


_SELECT = """SELECT m.*, c.name AS company, c.is_sample FROM communications m
             JOIN companies c ON c.id = m.company_id"""


def list_entries(db: Database, company_id: int | None = None, limit: int = 500) -> list[dict]:
    """Newest first, of one company or all."""
    where, params = ("WHERE m.company_id = ?", [company_id]) if company_id else ("", [])
    return list(db.query(f"{_SELECT} {where} ORDER BY m.occurred_at DESC, m.id DESC LIMIT ?", [*params, limit]))


def search(db: Database, text: str, company_id: int | None = None, limit: int = 200) -> list[dict]:
    """Entries whose counterpart, summary or text contain `text`, across all companies.
    Full-text (trigram) search for three characters or more; shorter words, common in
    Japanese (お礼, 面接), fall back to a plain substring match."""
    text = clean_text(text)
    if not text:
        return []
    of_company, params = ("AND m.company_id = ?", [company_id]) if company_id else ("", [])
    if len(text) >= 3:
        quoted = '"' + text.replace('"', '""') + '"'
        return list(db.query(
            f"{_SELECT} WHERE m.id IN (SELECT rowid FROM communications_fts WHERE communications_fts MATCH ?)"
            f" {of_company} ORDER BY m.occurred_at DESC LIMIT ?", [quoted, *params, limit]))
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.query(
        f"{_SELECT} WHERE (m.counterpart LIKE ? ESCAPE '\\' OR m.summary LIKE ? ESCAPE '\\'"
        f" OR m.body LIKE ? ESCAPE '\\') {of_company} ORDER BY m.occurred_at DESC LIMIT ?",
        [like, like, like, *params, limit]))


def thank_you_deadline(starts_at: str, tz_name: str) -> datetime:
    """23:59 on the day after the interview, in the interview's own zone."""
    local = datetime.fromisoformat(starts_at).astimezone(zone(tz_name))
    return (local + timedelta(days=1)).replace(hour=23, minute=59, second=0, microsecond=0)


def thank_you_reminders(db: Database, now: datetime, horizon_days: int = 7) -> list[dict]:
    """Interviews of the last `horizon_days` whose thank-you mail is neither sent nor dismissed,
    with their deadline, whether it has passed and how the company was applied to (an agent
    passes the thanks on)."""
    since = (now - timedelta(days=horizon_days)).astimezone(UTC).isoformat()
    rows = list(db.query(
        """SELECT i.id, i.starts_at, i.timezone, i.round, c.name AS company, c.is_sample, c.applied_via
           FROM interviews i JOIN companies c ON c.id = i.company_id
           WHERE i.status != 'cancelled' AND i.starts_at <= ? AND i.starts_at >= ?
             AND i.thank_you_dismissed = 0
             AND NOT EXISTS (SELECT 1 FROM communications m WHERE m.interview_id = i.id AND m.kind = 'thank_you')
           ORDER BY i.starts_at""",
        [now.astimezone(UTC).isoformat(), since]))
    for row in rows:
        row["deadline"] = thank_you_deadline(row["starts_at"], row["timezone"])
        row["overdue"] = now > row["deadline"]
    return rows


def dismiss_thank_you(db: Database, interview_id: int) -> None:
    db["interviews"].update(interview_id, {"thank_you_dismissed": 1})


def sent_entry(db: Database, interview_id: int, kind: str) -> dict | None:
    rows = list(db.query(f"{_SELECT} WHERE m.interview_id = ? AND m.kind = ? ORDER BY m.occurred_at DESC LIMIT 1",
                         [interview_id, kind]))
    return rows[0] if rows else None


def record_sent(db: Database, entry: Entry) -> int:
    """Log a mail of `entry.kind` about `entry.interview_id` as sent, once: sending is a state,
    so a second click (or a second tab) returns the first record instead of adding another."""
    with db.atomic():
        if existing := sent_entry(db, entry.interview_id, entry.kind):
            return existing["id"]
        return add_entry(db, entry)


def undo_sent(db: Database, interview_id: int, kind: str) -> None:
    """Take back "sent" (clicked by mistake): the log entry goes, the draft stays."""
    db.execute("DELETE FROM communications WHERE interview_id = ? AND kind = ?", [interview_id, kind])


def draft_snapshot(db: Database, interview_id: int, kind: str) -> dict | None:
    """A draft's subject and body as stored (None: no draft yet)."""
    row = db.execute("SELECT subject, body FROM mail_drafts WHERE interview_id = ? AND kind = ?",
                     [interview_id, kind]).fetchone()
    return None if row is None else {"subject": row[0], "body": row[1]}


def save_draft(db: Database, interview_id: int, kind: str, subject: str, body: str, options: dict, *,
               expected: object = UNCHECKED) -> None:
    """Keep the edited mail so a reload does not lose it. With `expected` (draft_snapshot as
    this session read it), refuse with WriteConflict if another tab changed the text meanwhile."""
    with db.atomic():
        ensure_unchanged(draft_snapshot(db, interview_id, kind), expected)
        db["mail_drafts"].upsert(
            {"interview_id": interview_id, "kind": kind, "subject": subject, "body": body,
             "options": json.dumps(options), "updated_at": now_iso()},
            pk=("interview_id", "kind"))


def get_draft(db: Database, interview_id: int, kind: str) -> dict | None:
    rows = list(db.query("SELECT * FROM mail_drafts WHERE interview_id = ? AND kind = ?", [interview_id, kind]))
    if not rows:
        return None
    return rows[0] | {"options": json.loads(rows[0]["options"] or "{}")}


def delete_draft(db: Database, interview_id: int, kind: str) -> None:
    db.execute("DELETE FROM mail_drafts WHERE interview_id = ? AND kind = ?", [interview_id, kind])
