"""Spaced-practice cards and practice history in the database (scheduling is lib.practice)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from lib.clock import now_iso
from lib.competencies import COMPETENCIES
from lib.db import exists
from lib.models import Checker, ValidationError, clean_line, clean_text

OUTLINE_LIMIT = 20_000


def cards(db: Database) -> dict[str, dict]:
    """question id -> {card, due, text}."""
    return {row["question_id"]: row for row in db.query("SELECT * FROM practice_cards")}


def record_review(db: Database, question_id: str, text: str, card_json: str, due: datetime, grade: str,
                  outline: str, seconds: int | None, now: datetime) -> None:
    """Store the new schedule and the attempt together, all or nothing."""
    outline = clean_text(outline)
    check = Checker()
    check.text("outline", outline, limit=OUTLINE_LIMIT)
    check.done()
    stamp = now.astimezone(UTC).isoformat(timespec="seconds")
    with db.atomic():
        db["practice_cards"].upsert(
            {"question_id": question_id, "card": card_json, "text": text,
             "due": due.astimezone(UTC).isoformat(timespec="seconds"), "updated_at": now_iso()},
            pk="question_id")
        db.execute("UPDATE practice_cards SET created_at = COALESCE(created_at, ?) WHERE question_id = ?",
                   [stamp, question_id])
        db["practice_log"].insert({"question_id": question_id, "text": text, "grade": grade, "outline": outline,
                                   "seconds": seconds, "reviewed_at": stamp})


def history(db: Database, limit: int = 200) -> list[dict]:
    """Practice attempts, newest first."""
    return list(db.query("SELECT * FROM practice_log ORDER BY reviewed_at DESC, id DESC LIMIT ?", [limit]))


def asked_questions(db: Database) -> list[dict]:
    """Every question the user recorded in a reflection, with their answer, rating and company,
    in the form lib.question_set takes (ids "asked-<n>")."""
    return list(db.query(
        """SELECT 'asked-' || q.id AS id, q.id AS question_id, q.question, q.category, q.rating,
                  q.answer_summary, i.company_id, c.name AS company, i.round
           FROM asked_questions q JOIN reflections r ON r.id = q.reflection_id
           JOIN interviews i ON i.id = r.interview_id JOIN companies c ON c.id = i.company_id ORDER BY q.id"""))


def add_own_question(db: Database, text: str, category: str, company_id: int | None = None) -> int:
    """A question the user wants to practise, kept with the built-in bank's; the same question
    twice is refused (a double click must not list it twice)."""
    text = clean_line(text)
    check = Checker()
    check.text("text", text, required=True, limit=2000)
    check.choice("category", category, COMPETENCIES)
    check.done()
    with db.atomic():
        if exists(db, "SELECT 1 FROM own_questions WHERE text = ? COLLATE NOCASE", [text]):
            raise ValidationError({"text": ("error.duplicate_own_question", {})})
        return db["own_questions"].insert({"text": text, "category": category, "company_id": company_id,
                                           "probes": "[]", "created_at": now_iso()}).last_pk


def list_own_questions(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM own_questions ORDER BY id DESC"))


def delete_own_question(db: Database, question_id: int) -> None:
    db.execute("DELETE FROM own_questions WHERE id = ?", [question_id])
