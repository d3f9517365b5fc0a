"""Reflections on interviews: the wizard's drafts, their questions and self-ratings."""

from __future__ import annotations

from dataclasses import asdict

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, WriteConflict, ensure_unchanged, exists, snapshot
from lib.models import (
    REFLECTION_STEPS,
    AskedQuestion,
    CompetencyScore,
    ValidationError,
    validate_reflection_field,
)


def start_reflection(db: Database, interview_id: int) -> int:
    """The id of the interview's reflection, created as a draft on first use."""
    row = db.execute("SELECT id FROM reflections WHERE interview_id = ?", [interview_id]).fetchone()
    if row:
        return row[0]
    stamp = now_iso()
    return db["reflections"].insert(
        {"interview_id": interview_id, "status": "draft", "step": REFLECTION_STEPS[0],
         "created_at": stamp, "updated_at": stamp}
    ).last_pk


def get_reflection(db: Database, reflection_id: int) -> dict | None:
    """A reflection with its interview, company, asked questions and competency scores."""
    rows = list(db.query(
        """SELECT r.*, i.company_id, i.round, i.starts_at, i.timezone, i.format, i.status AS interview_status,
                  i.result, c.name AS company, c.is_sample
           FROM reflections r JOIN interviews i ON i.id = r.interview_id
           JOIN companies c ON c.id = i.company_id WHERE r.id = ?""",
        [reflection_id],
    ))
    if not rows:
        return None
    reflection = rows[0]
    reflection["questions"] = asked_questions(db, reflection_id)
    reflection["scores"] = competency_scores(db, reflection_id)
    return reflection



def save_reflection_field(db: Database, reflection_id: int, name: str, value: object,
                          expected: object = UNCHECKED) -> object:
    """Save one field of a draft or completed reflection (validated). With `expected` (the
    value this session last saw), refuse with WriteConflict when someone else changed it.
    Returns the value as stored."""
    cleaned = validate_reflection_field(name, value)
    with db.atomic():
        if expected is not UNCHECKED:  # an empty field reads as "" or NULL: both mean empty
            current = db.execute(f"SELECT [{name}] FROM reflections WHERE id = ?", [reflection_id]).fetchone()[0]
            if (current or None) != (expected or None):
                raise WriteConflict(current)
        db["reflections"].update(reflection_id, {name: cleaned, "updated_at": now_iso()})
    return cleaned


def set_step(db: Database, reflection_id: int, step: str) -> None:
    """Remember where the user is in the wizard, so a reload resumes there."""
    if step not in REFLECTION_STEPS:
        raise ValueError(step)
    db["reflections"].update(reflection_id, {"step": step})


def complete_reflection(db: Database, reflection_id: int) -> None:
    """Mark complete; the overall rating is the one thing a reflection cannot do without."""
    overall = db.execute("SELECT overall FROM reflections WHERE id = ?", [reflection_id]).fetchone()[0]
    if overall is None:
        raise ValidationError({"overall": ("error.required", {})})
    stamp = now_iso()
    db["reflections"].update(reflection_id, {"status": "complete", "completed_at": stamp, "updated_at": stamp})


def asked_questions(db: Database, reflection_id: int) -> list[dict]:
    return list(db.query(
        "SELECT * FROM asked_questions WHERE reflection_id = ? ORDER BY position, id", [reflection_id]))


def _question_record(question: AskedQuestion) -> dict:
    """The question cleaned and checked; its type must have been chosen (never a silent
    default: a question filed under the wrong type skews the trends and the practice)."""
    problems = {}
    try:
        record = asdict(question.validated())
    except ValidationError as problem:
        problems = problem.errors
    if not question.category:
        problems = problems | {"category": ("wizard.questions.category_required", {})}
    if problems:
        raise ValidationError(problems)
    return record


def add_asked_question(db: Database, reflection_id: int, question: AskedQuestion) -> int:
    """Add a question to the reflection (its type chosen); the same question twice is refused."""
    record = _question_record(question)
    with db.atomic():
        if exists(db, "SELECT 1 FROM asked_questions WHERE reflection_id = ? AND question = ? COLLATE NOCASE",
                  [reflection_id, record["question"]]):
            raise ValidationError({"question": ("error.duplicate_question", {})})
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM asked_questions WHERE reflection_id = ?",
            [reflection_id]).fetchone()[0]
        return db["asked_questions"].insert(
            record | {"reflection_id": reflection_id, "position": position}).last_pk


def question_snapshot(db: Database, question_id: int) -> dict | None:
    return snapshot(db, "asked_questions", {"id": question_id})


def update_asked_question(db: Database, question_id: int, question: AskedQuestion, *,
                          expected: object = UNCHECKED) -> None:
    """Save an edited question; with `expected` (question_snapshot as read), refuse with
    WriteConflict if another tab changed it meanwhile."""
    record = _question_record(question)
    with db.atomic():
        ensure_unchanged(question_snapshot(db, question_id), expected)
        db["asked_questions"].update(question_id, record)


def delete_asked_question(db: Database, question_id: int) -> None:
    db.execute("DELETE FROM asked_questions WHERE id = ?", [question_id])


def competency_scores(db: Database, reflection_id: int) -> dict[str, dict]:
    """competency -> {rating, note} for the competencies the user rated or annotated."""
    return {
        row["competency"]: {"rating": row["rating"], "note": row["note"] or ""}
        for row in db.query("SELECT * FROM competency_scores WHERE reflection_id = ?", [reflection_id])
    }


def score_snapshot(db: Database, reflection_id: int, competency: str) -> dict:
    """One competency's stored rating and note (not rated: None and "")."""
    row = db.execute("SELECT rating, note FROM competency_scores WHERE reflection_id = ? AND competency = ?",
                     [reflection_id, competency]).fetchone()
    return {"rating": row[0], "note": row[1] or ""} if row else {"rating": None, "note": ""}


def save_competency_score(db: Database, reflection_id: int, score: CompetencyScore, *,
                          expected: object = UNCHECKED) -> None:
    """Save one self-rating; with `expected` (score_snapshot as read), refuse with
    WriteConflict if another tab changed it meanwhile."""
    s = score.validated()
    with db.atomic():
        ensure_unchanged(score_snapshot(db, reflection_id, s.competency), expected)
        _store_score(db, reflection_id, s)


def _store_score(db: Database, reflection_id: int, s: CompetencyScore) -> None:
    if s.rating is None and not s.note:
        db.execute("DELETE FROM competency_scores WHERE reflection_id = ? AND competency = ?",
                   [reflection_id, s.competency])
        return
    db["competency_scores"].upsert(
        {"reflection_id": reflection_id, "competency": s.competency, "rating": s.rating, "note": s.note},
        pk=("reflection_id", "competency"),
    )


def list_reflections(db: Database) -> list[dict]:
    """One row per reflection with what the list and its filters need, newest interview first."""
    return list(db.query(
        """SELECT r.id, r.status, r.overall, r.feeling, r.updated_at, i.id AS interview_id, i.round,
                  i.starts_at, i.timezone, i.result, c.id AS company_id, c.name AS company, c.is_sample
           FROM reflections r JOIN interviews i ON i.id = r.interview_id
           JOIN companies c ON c.id = i.company_id
           ORDER BY i.starts_at DESC, r.id DESC"""
    ))


def to_improve_texts(db: Database) -> list[str]:
    """Every reflection's "what to improve" text, oldest interview first."""
    return [row[0] for row in db.execute(
        "SELECT r.to_improve FROM reflections r JOIN interviews i ON i.id = r.interview_id"
        " WHERE r.to_improve IS NOT NULL AND r.to_improve != '' ORDER BY i.starts_at")]


_TREND_JOIN = """
FROM reflections r JOIN interviews i ON i.id = r.interview_id JOIN companies c ON c.id = i.company_id
"""


def score_rows(db: Database) -> list[dict]:
    """Every rated competency with its interview's context, oldest interview first."""
    return list(db.query(
        "SELECT r.id AS reflection_id, i.id AS interview_id, i.starts_at, i.timezone, c.id AS company_id,"
        " c.name AS company, c.is_sample, i.round, i.result, s.competency, s.rating"
        + _TREND_JOIN + "JOIN competency_scores s ON s.reflection_id = r.id"
        " WHERE s.rating IS NOT NULL ORDER BY i.starts_at, i.id"
    ))


def question_rows(db: Database) -> list[dict]:
    """Every question recorded in a reflection with its interview's context, oldest first."""
    return list(db.query(
        "SELECT r.id AS reflection_id, i.id AS interview_id, i.starts_at, i.timezone, c.id AS company_id,"
        " c.name AS company, c.is_sample, i.round, i.result, q.id AS question_id, q.question, q.category,"
        " q.rating, q.reaction"
        + _TREND_JOIN + "JOIN asked_questions q ON q.reflection_id = r.id ORDER BY i.starts_at, i.id, q.position"
    ))
