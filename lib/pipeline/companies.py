"""Companies and their interviews: commands and queries on the SQLite file."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, ensure_unchanged, exists, snapshot
from lib.models import Checker, Company, Interview, Interviewer, ValidationError, clean_text, zone
from lib.pipeline.agents import Agent
from lib.pipeline.stages import StageMove, follow_interview

# `agent=KEEP_AGENT`: leave the company's agent link as it is.
KEEP_AGENT = object()


def save_company(db: Database, company: Company, company_id: int | None = None, *, is_sample: bool = False,
                 expected: object = UNCHECKED, refuse_same_name: bool = False, agent: object = KEEP_AGENT) -> int:
    """Insert or update a company after validation; returns its id. With `expected` (the
    company as this session read it), refuse with WriteConflict if it changed meanwhile.
    With `refuse_same_name`, a new company named like one already stored is refused (the
    form asks the user first: a double click must not add the same company twice).

    The agent is a record (lib.pipeline.agents), entered once: `agent` is an agent's id, a new
    agent's name (the record is made in the same transaction, or an agent of that name reused),
    or None for no agent. An agent typed as text (Company.agent_name: an import, the sample)
    becomes a record the same way. A company linked to an agent but marked as applied directly
    is marked as applied through an agent."""
    record = asdict(company.validated())
    typed = record.pop("agent_name")
    if agent is KEEP_AGENT and typed:
        agent = typed
    record["agent_name"] = ""  # the record holds the name (the column is left from before m006)
    record["updated_at"] = now_iso()
    with db.atomic():
        if company_id is not None:
            ensure_unchanged(company_from_row(get_company(db, company_id)), expected)
        if agent is not KEEP_AGENT:
            record["agent_id"] = _agent_id(db, agent)
            if record["agent_id"] is not None and record["applied_via"] == "direct":
                record["applied_via"] = "agent"
        if company_id is not None:
            db["companies"].update(company_id, record)
            return company_id
        record |= {"created_at": record["updated_at"], "is_sample": int(is_sample)}
        if refuse_same_name and exists(db, "SELECT 1 FROM companies WHERE name = ? COLLATE NOCASE",
                                       [record["name"]]):
            raise ValidationError({"name": ("error.duplicate_company", {"name": record["name"]})})
        company_id = db["companies"].insert(record).last_pk
        db["stage_changes"].insert({"company_id": company_id, "stage": "applied", "changed_at": record["created_at"]})
    return company_id


def _agent_id(db: Database, agent: object) -> int | None:
    """The id of the agent `agent` names: an id (that must exist), a name (an agent of that name,
    or a new record), or None. ValidationError under the field "agent" otherwise."""
    if agent is None or agent == "":
        return None
    if isinstance(agent, int):
        if not exists(db, "SELECT 1 FROM agents WHERE id = ?", [agent]):
            raise ValidationError({"agent": ("error.not_found", {})})
        return agent
    try:
        name = Agent(name=str(agent)).validated().name
    except ValidationError as problem:
        raise ValidationError({"agent": problem.errors["name"]}) from problem
    found = db.execute("SELECT id FROM agents WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", [name]).fetchone()
    if found:
        return found[0]
    stamp = now_iso()
    return db["agents"].insert({"name": name, "agency": "", "email": "", "phone": "", "notes": "",
                                "created_at": stamp, "updated_at": stamp}).last_pk


def set_archived(db: Database, company_id: int, archived: bool) -> None:
    db["companies"].update(company_id, {"archived": int(archived), "updated_at": now_iso()})


# A company with its agent's name read from the agent record (agent_name): the text column
# holds what was typed before agents were records, and m006 made a record of each of those.
_COMPANY_SELECT = """
SELECT c.id, c.name, c.position, c.industry, c.applied_via, COALESCE(a.name, '') AS agent_name,
       c.interest, c.url, c.notes, c.archived, c.is_sample, c.created_at, c.updated_at, c.agent_id, c.stage
FROM companies c LEFT JOIN agents a ON a.id = c.agent_id
"""


def get_company(db: Database, company_id: int) -> dict | None:
    rows = list(db.query(_COMPANY_SELECT + "WHERE c.id = ?", [company_id]))
    return rows[0] if rows else None


def list_companies(db: Database, *, include_archived: bool = False) -> list[dict]:
    """Companies by name, each with its agent's name; archived ones only when asked for."""
    where = "" if include_archived else "WHERE c.archived = 0"
    return list(db.query(_COMPANY_SELECT + f"{where} ORDER BY c.archived, c.name COLLATE NOCASE, c.id"))


def company_from_row(row: dict) -> Company:
    return Company(**{k: row[k] or ("" if k != "interest" else None) for k in Company.__dataclass_fields__})


_NOT_EDITED_IN_FORM = ("created_at", "updated_at", "thank_you_dismissed", "feedback_source", "feedback",
                      "feedback_rating")


def interview_snapshot(db: Database, interview_id: int) -> dict | None:
    """The interview form's stored values and interviewers, to detect a save from another tab."""
    row = snapshot(db, "interviews", {"id": interview_id}, ignore=_NOT_EDITED_IN_FORM)
    if row is not None:
        row["interviewers"] = [tuple(r) for r in db.execute(
            "SELECT name, role FROM interviewers WHERE interview_id = ? ORDER BY position", [interview_id])]
    return row


def feedback_snapshot(db: Database, interview_id: int) -> dict | None:
    row = db.execute("SELECT feedback_source, feedback, feedback_rating FROM interviews WHERE id = ?",
                     [interview_id]).fetchone()
    return None if row is None else dict(zip(("source", "text", "rating"), row))


def save_interview(db: Database, interview: Interview, interview_id: int | None = None, *,
                   expected: object = UNCHECKED, move_stage: bool = True) -> int:
    """Insert or update an interview and its interviewers in one transaction; returns its id.
    With `expected` (interview_snapshot as this session read it), refuse with WriteConflict if
    it changed. The company's stage follows the interview (see save_interview_moving)."""
    return save_interview_moving(db, interview, interview_id, expected=expected, move_stage=move_stage)[0]


def save_interview_moving(db: Database, interview: Interview, interview_id: int | None = None, *,
                          expected: object = UNCHECKED, move_stage: bool = True) -> tuple[int, StageMove | None]:
    """save_interview, also returning the stage move it made (None if none), for the page to
    name it and offer an undo. A new interview, or a change of its round, status or result,
    moves the company forward as lib.pipeline.stages.stage_for_interview says; an edit that
    leaves those alone moves nothing (a stage set by hand stays). `move_stage=False` leaves
    the stage alone (sample data sets its own history)."""
    iv = interview.validated()
    ends = iv.ends_at()
    record = {
        "company_id": iv.company_id, "round": iv.round,
        "starts_at": iv.starts_at().isoformat(), "ends_at": ends.isoformat() if ends else None,
        "timezone": iv.timezone, "format": iv.format, "location": iv.location,
        "status": iv.status, "result": iv.result, "notes": iv.notes, "updated_at": now_iso(),
    }
    facts = (iv.company_id, iv.round, iv.status, iv.result)
    with db.atomic():
        if interview_id is None and exists(
                db, "SELECT 1 FROM interviews WHERE company_id = ? AND starts_at = ? AND round = ?",
                [record["company_id"], record["starts_at"], record["round"]]):
            raise ValidationError({"day": ("error.duplicate_interview", {})})
        if interview_id is None:
            before = None
            interview_id = db["interviews"].insert(record | {"created_at": record["updated_at"]}).last_pk
        else:
            ensure_unchanged(interview_snapshot(db, interview_id), expected)
            before = db.execute("SELECT company_id, round, status, result FROM interviews WHERE id = ?",
                                [interview_id]).fetchone()
            db["interviews"].update(interview_id, record)
            db.execute("DELETE FROM interviewers WHERE interview_id = ?", [interview_id])
        db["interviewers"].insert_all(
            {"interview_id": interview_id, "position": i, "name": p.name, "role": p.role}
            for i, p in enumerate(iv.interviewers)
        )
        move = None
        if move_stage and (before is None or tuple(before) != facts):
            move = follow_interview(db, iv.company_id, iv.round, iv.status, iv.result)
    return interview_id, move


def delete_interview(db: Database, interview_id: int) -> None:
    db.execute("DELETE FROM interviews WHERE id = ?", [interview_id])


_INTERVIEW_SELECT = """
SELECT i.*, c.name AS company, c.position, c.is_sample, r.id AS reflection_id, r.status AS reflection_status
FROM interviews i
JOIN companies c ON c.id = i.company_id
LEFT JOIN reflections r ON r.interview_id = i.id
"""


def get_interview(db: Database, interview_id: int) -> dict | None:
    """One interview with its company name, reflection state and interviewers."""
    rows = list(db.query(_INTERVIEW_SELECT + "WHERE i.id = ?", [interview_id]))
    if not rows:
        return None
    row = rows[0]
    row["interviewers"] = list(db.query(
        "SELECT name, role FROM interviewers WHERE interview_id = ? ORDER BY position", [interview_id]))
    return row


def list_interviews(db: Database, company_id: int | None = None) -> list[dict]:
    """Interviews, newest first, optionally of one company."""
    where, params = ("WHERE i.company_id = ?", [company_id]) if company_id else ("", [])
    return list(db.query(_INTERVIEW_SELECT + where + " ORDER BY i.starts_at DESC", params))


def upcoming_interviews(db: Database, now: datetime, limit: int = 10) -> list[dict]:
    """Scheduled interviews that have not started yet, soonest first."""
    return list(db.query(
        _INTERVIEW_SELECT + "WHERE i.status = 'scheduled' AND i.starts_at >= ? ORDER BY i.starts_at LIMIT ?",
        [now.astimezone(UTC).isoformat(), limit],
    ))


def interviews_awaiting_reflection(db: Database, now: datetime, limit: int = 10) -> list[dict]:
    """Interviews that took place (done, or scheduled and past) with no completed reflection."""
    return list(db.query(
        _INTERVIEW_SELECT
        + """WHERE (i.status = 'done' OR (i.status = 'scheduled' AND i.starts_at < ?))
             AND (r.id IS NULL OR r.status = 'draft')
             ORDER BY i.starts_at DESC LIMIT ?""",
        [now.astimezone(UTC).isoformat(), limit],
    ))


def interview_from_row(row: dict) -> Interview:
    """The editable form of a stored interview, in its own time zone."""
    tz = zone(row["timezone"])
    starts = datetime.fromisoformat(row["starts_at"]).astimezone(tz)
    ends = datetime.fromisoformat(row["ends_at"]).astimezone(tz) if row.get("ends_at") else None
    return Interview(
        company_id=row["company_id"], round=row["round"], day=starts.date(),
        start=starts.time().replace(tzinfo=None), end=ends.time().replace(tzinfo=None) if ends else None,
        timezone=row["timezone"], format=row["format"], location=row["location"] or "",
        interviewers=[Interviewer(p["name"], p["role"]) for p in row.get("interviewers", [])],
        status=row["status"], result=row["result"], notes=row["notes"] or "",
    )


def local_start(row: dict) -> datetime:
    """An interview's start in its own time zone."""
    return datetime.fromisoformat(row["starts_at"]).astimezone(zone(row["timezone"]))


FEEDBACK_SOURCES = ("agent", "company")


def save_feedback(db: Database, interview_id: int, source: str, text: str, rating: int | None, *,
                  expected: object = UNCHECKED) -> None:
    """Feedback the agent or the company gave on an interview, to compare with the self-rating.
    With `expected` (feedback_snapshot as read), refuse with WriteConflict if it changed."""
    text = clean_text(text)
    check = Checker()
    check.choice("feedback_source", source, FEEDBACK_SOURCES)
    check.text("feedback", text)
    check.rating("feedback_rating", rating)
    check.done()
    with db.atomic():
        ensure_unchanged(feedback_snapshot(db, interview_id), expected)
        db["interviews"].update(interview_id, {"feedback_source": source, "feedback": text,
                                               "feedback_rating": rating, "updated_at": now_iso()})


# Tables holding a company's records, parents before children, with the column that leads
# back to the company. Used to delete a company with an undo.
_COMPANY_TREE = (
    ("companies", "id = :company"),
    ("stage_changes", "company_id = :company"),
    ("interviews", "company_id = :company"),
    ("interviewers", "interview_id IN (SELECT id FROM interviews WHERE company_id = :company)"),
    ("reflections", "interview_id IN (SELECT id FROM interviews WHERE company_id = :company)"),
    ("asked_questions", ("reflection_id IN (SELECT r.id FROM reflections r JOIN interviews i"
                         " ON i.id = r.interview_id WHERE i.company_id = :company)")),
    ("competency_scores", ("reflection_id IN (SELECT r.id FROM reflections r JOIN interviews i"
                           " ON i.id = r.interview_id WHERE i.company_id = :company)")),
    ("communications", "company_id = :company"),
    ("mail_drafts", "interview_id IN (SELECT id FROM interviews WHERE company_id = :company)"),
)


def delete_company(db: Database, company_id: int) -> dict[str, list[dict]]:
    """Delete a company with everything under it, in one transaction; returns what was
    deleted so that restore_company() can undo it."""
    snapshot = {}
    with db.atomic():
        for table, where in _COMPANY_TREE:
            snapshot[table] = list(db.query(f"SELECT * FROM [{table}] WHERE {where}", {"company": company_id}))
        db.execute("DELETE FROM companies WHERE id = ?", [company_id])
    return snapshot


def restore_company(db: Database, snapshot: dict[str, list[dict]]) -> None:
    """Put back what delete_company() removed, with the same ids, all or nothing."""
    with db.atomic():
        for table, _ in _COMPANY_TREE:
            if snapshot.get(table):
                db[table].insert_all(snapshot[table])
