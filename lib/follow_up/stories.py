"""The story bank: career stories in STAR form, reused in mails, sheets and practice."""

from __future__ import annotations

import json
import re
import unicodedata

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, ensure_unchanged, exists
from lib.models import Story, ValidationError


def _record(story: Story) -> dict:
    s = story.validated()
    return {"title": s.title, "situation": s.situation, "task": s.task, "action": s.action, "result": s.result,
            "competencies": json.dumps(s.competencies), "skills": s.skills, "updated_at": now_iso()}


def story_from_row(row: dict) -> Story:
    return Story(row["title"], row["situation"] or "", row["task"] or "", row["action"] or "", row["result"] or "",
                 json.loads(row["competencies"] or "[]"), row["skills"] or "")


def save_story(db: Database, story: Story, story_id: int | None = None, *, expected: object = UNCHECKED) -> int:
    """Insert or update a story; with `expected` (the stored Story as this session read it),
    refuse with WriteConflict if another tab changed it meanwhile."""
    record = _record(story)
    if story_id is None:
        with db.atomic():
            if exists(db, "SELECT 1 FROM stories WHERE title = ? COLLATE NOCASE", [record["title"]]):
                raise ValidationError({"title": ("error.duplicate_story", {})})
            return db["stories"].insert(record | {"created_at": record["updated_at"]}).last_pk
    with db.atomic():
        row = db.execute("SELECT * FROM stories WHERE id = ?", [story_id])
        names = [d[0] for d in row.description]
        current = row.fetchone()
        ensure_unchanged(story_from_row(dict(zip(names, current))) if current else None, expected)
        db["stories"].update(story_id, record)
    return story_id


def delete_story(db: Database, story_id: int) -> None:
    db.execute("DELETE FROM stories WHERE id = ?", [story_id])


def list_stories(db: Database) -> list[tuple[int, Story]]:
    return [(row["id"], story_from_row(row)) for row in db.query("SELECT * FROM stories ORDER BY updated_at DESC")]


# Content words only: runs of kanji and katakana (a hiragana run such as した or ている is
# grammar, not a topic), and Latin words outside a short stop list.
_JA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]{2,}")
_LATIN = re.compile(r"[a-z]{2,}")
_JA_STOP = {"経験"}  # every untold point is one


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_EN_STOP = _word_set("""
about after also and are been before but can could did does for from had has have her his how its into
just more not of off on one our out over she than that the their them then there these they this those
through time to too up very was way we were what when where which while who will with would you your
an as at be by do he if in is it me my no or so us
experience
""")


def content_words(text: str) -> set[str]:
    """Content words to compare a note with a story. Japanese has no spaces: a run of kanji or
    katakana is compared in two-character pieces so 育成経験 meets 育成; one kanji alone (話, 名)
    is too little to say two texts are about the same thing."""
    text = unicodedata.normalize("NFKC", text).lower()
    found = {word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
             for word in _LATIN.findall(text) if word not in _EN_STOP}
    for run in _JA_RUN.findall(text):
        found |= {run[i:i + 2] for i in range(len(run) - 1)}
    return found - _JA_STOP


def matching_story(stories: list[Story], points: list[str], competencies: tuple[str, ...] = ("achievements",)) -> Story | None:
    """The story that best backs up what the user could not get across: most content words shared
    with those points, then a story tagged with one of `competencies`; None when nothing fits."""
    wanted = content_words(" ".join(points))
    best, best_score = None, 0.0
    for story in stories:
        overlap = len(wanted & content_words(f"{story.title} {story.action} {story.result} {story.skills}"))
        score = overlap + (0.5 if set(story.competencies) & set(competencies) else 0)
        if score > best_score:
            best, best_score = story, score
    return best if best_score >= 1 else None
