"""Spaced practice of interview questions, scheduled by the fsrs package.

A card's state is fsrs's own JSON (Card.to_json), stored as TEXT next to its due time;
nothing here touches the database. Times are aware datetimes; fsrs wants UTC, so every
time is converted on the way in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

GRADES = ("again", "hard", "good", "easy")
_RATING = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

# One learning step: "again" brings the question back later in the same session (10 min),
# "good" already means "done for today" — answering the same question twice in a row in a
# mock interview teaches little. A job search lasts weeks, not years: at most 30 days
# between two practices of one question. No fuzz, so a grade always gives the same date.
SCHEDULER = Scheduler(learning_steps=(timedelta(minutes=10),), maximum_interval=30, enable_fuzzing=False)

# Suggested answer length for the timer, in seconds: a self-introduction is asked for in
# one minute (or three), most answers should land within two.
ANSWER_SECONDS = {"self_introduction": 60, "career_story": 180, "achievements": 120, "reverse_questions": 60}
DEFAULT_ANSWER_SECONDS = 120

# The outline space: STAR, keys of the catalog under practice_set.star.
STAR_PARTS = ("situation", "task", "action", "result")


def _utc(moment: datetime) -> datetime:
    """fsrs refuses anything but tzinfo == timezone.utc; naive times are taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def new_card_state(now: datetime, card_id: int | None = None) -> str:
    """The JSON of a new card, due at once. `card_id` defaults to `now` in epoch ms (fsrs's own
    default would sleep a millisecond and read the clock)."""
    now = _utc(now)
    card_id = card_id if card_id is not None else int(now.timestamp() * 1000)
    return Card(card_id=card_id, due=now).to_json()


def review(card_json: str | None, grade: str, now: datetime, duration_ms: int | None = None,
           ) -> tuple[str, datetime, str]:
    """Grade one practice: the card's new JSON, its next due time (UTC) and the review log's JSON.
    A missing card (first practice of a question) starts as a new one."""
    if grade not in _RATING:
        raise ValueError(f"grade must be one of {GRADES}, got {grade!r}")
    now = _utc(now)
    card = Card.from_json(card_json) if card_json else Card.from_json(new_card_state(now))
    card, log = SCHEDULER.review_card(card, _RATING[grade], review_datetime=now, review_duration=duration_ms)
    return card.to_json(), card.due, log.to_json()


def due_at(card_json: str) -> datetime:
    """When a card is due (aware, UTC)."""
    return _utc(datetime.fromisoformat(json.loads(card_json)["due"]))


def due_dates(cards: Mapping[str, str]) -> dict[str, datetime]:
    """question id → due time, from question id → card JSON (what the question-set generator takes)."""
    return {qid: due_at(card) for qid, card in cards.items()}


def answer_seconds(category: str) -> int:
    """The timer's suggested length for an answer in this category."""
    return ANSWER_SECONDS.get(category, DEFAULT_ANSWER_SECONDS)
