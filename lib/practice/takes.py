"""Recorded answers ("takes") in the database: kept per question, the newest few, with their figures.

The audio (a 16 kHz mono WAV from lib.practice.recordings) lives in the same SQLite file; a
question keeps its last `keep` takes (a setting), older ones are deleted when a new one is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from lib.db import get_setting, set_setting
from lib.models import ValidationError, clean_line
from lib.practice.recordings import Analysis

KEEP_SETTING = "takes_keep"
DEFAULT_KEEP = 3
KEEP_RANGE = (1, 20)
# The self-review after listening, yes/no each (None: not answered): keys of practice.takes.review.
REVIEW_ITEMS = ("conclusion_first", "numbers", "star_result", "pace")
# Self-introductions are asked for in one minute or in three: the user picks which one they practise.
INTRODUCTION_TARGETS = (60, 180)
# Action-plan items (library ids) that ask the user to record themselves: the plan links them to the practice card.
RECORD_ACTIONS = frozenset({"self_intro_record", "career_two_minutes"})
_FIGURES = ("id", "question_id", "question_text", "created_at", "target_seconds", "duration_ms", "speaking_ms",
            "long_pauses", "longest_pause_ms", *REVIEW_ITEMS)


@dataclass(frozen=True)
class Space:
    takes: int
    bytes: int


def keep(db: Database) -> int:
    """How many takes each question keeps."""
    try:
        value = int(get_setting(db, KEEP_SETTING) or DEFAULT_KEEP)
    except ValueError:
        return DEFAULT_KEEP
    return min(max(value, KEEP_RANGE[0]), KEEP_RANGE[1])


def set_keep(db: Database, count: int) -> None:
    """Change how many takes each question keeps; takes beyond it are deleted now."""
    if not KEEP_RANGE[0] <= int(count) <= KEEP_RANGE[1]:
        raise ValidationError({"keep": ("practice.takes.error.keep", {"low": KEEP_RANGE[0], "high": KEEP_RANGE[1]})})
    with db.atomic():
        set_setting(db, KEEP_SETTING, str(int(count)))
        for (question_id,) in db.execute("SELECT DISTINCT question_id FROM practice_takes").fetchall():
            _prune(db, question_id, int(count))


def _prune(db: Database, question_id: str, count: int) -> None:
    db.execute("DELETE FROM practice_takes WHERE question_id = ? AND id NOT IN (SELECT id FROM practice_takes"
               " WHERE question_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)", [question_id, question_id, count])


def save_take(db: Database, question_id: str, question_text: str, analysis: Analysis, target_seconds: int | None,
              now: datetime) -> int:
    """Store a measured take and drop the question's takes beyond the kept number; all or nothing."""
    if not question_id:
        raise ValidationError({"question": ("practice.takes.error.no_question", {})})
    with db.atomic():
        take_id = db["practice_takes"].insert({
            "question_id": question_id, "question_text": clean_line(question_text)[:2000],
            "created_at": now.astimezone(UTC).isoformat(timespec="seconds"), "target_seconds": target_seconds,
            "duration_ms": round(analysis.duration * 1000), "speaking_ms": round(analysis.speaking * 1000),
            "long_pauses": analysis.long_pauses, "longest_pause_ms": round(analysis.longest_pause * 1000),
            **dict.fromkeys(REVIEW_ITEMS), "audio": analysis.wav,
        }).last_pk
        _prune(db, question_id, keep(db))
    return take_id


def takes_of(db: Database, question_id: str) -> list[dict]:
    """A question's takes, newest first, without their audio."""
    return list(db.query(f"SELECT {', '.join(_FIGURES)} FROM practice_takes WHERE question_id = ?"
                         " ORDER BY created_at DESC, id DESC", [question_id]))


def all_takes(db: Database) -> list[dict]:
    """Every take's figures (no audio), oldest first: the trends over takes."""
    return list(db.query(f"SELECT {', '.join(_FIGURES)} FROM practice_takes ORDER BY question_id, created_at, id"))


def audio(db: Database, take_id: int) -> bytes | None:
    row = db.execute("SELECT audio FROM practice_takes WHERE id = ?", [take_id]).fetchone()
    return row[0] if row else None


def set_review(db: Database, take_id: int, answers: dict[str, bool | None]) -> None:
    """Store the self-review of a take (yes/no per item; None leaves an item unanswered)."""
    unknown = set(answers) - set(REVIEW_ITEMS)
    if unknown:
        raise ValueError(f"unknown review items: {sorted(unknown)}")
    values = {item: None if answers.get(item) is None else int(bool(answers[item])) for item in REVIEW_ITEMS}
    db.execute(f"UPDATE practice_takes SET {', '.join(f'{item} = ?' for item in REVIEW_ITEMS)} WHERE id = ?",
               [*values.values(), take_id])


def delete_take(db: Database, take_id: int) -> None:
    db.execute("DELETE FROM practice_takes WHERE id = ?", [take_id])


def delete_takes(db: Database, question_id: str | None = None) -> int:
    """Delete a question's takes, or every take when no question is given; returns how many."""
    if question_id is None:
        return db.execute("DELETE FROM practice_takes").rowcount
    return db.execute("DELETE FROM practice_takes WHERE question_id = ?", [question_id]).rowcount


def space(db: Database) -> Space:
    """How many takes are stored and the bytes their audio takes."""
    count, size = db.execute("SELECT count(*), COALESCE(sum(length(audio)), 0) FROM practice_takes").fetchone()
    return Space(count, size)


def compared(takes: list[dict]) -> dict[str, int] | None:
    """The newest take against the one before it: differences in ms (length, speaking) and in
    long pauses; None with fewer than two takes. `takes` newest first, as takes_of returns them."""
    if len(takes) < 2:
        return None
    new, old = takes[0], takes[1]
    return {"duration_ms": new["duration_ms"] - old["duration_ms"],
            "speaking_ms": new["speaking_ms"] - old["speaking_ms"],
            "long_pauses": new["long_pauses"] - old["long_pauses"]}
