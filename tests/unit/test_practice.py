"""Spaced practice: fsrs scheduling behind a small, serialisable interface."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card

from lib.practice import spaced

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_new_card_is_due_now_and_is_fsrs_json():
    card = spaced.new_card_state(NOW)
    assert spaced.due_at(card) == NOW
    assert Card.from_json(card).to_json() == card
    assert json.loads(card)["card_id"] == int(NOW.timestamp() * 1000)


@pytest.mark.parametrize(("grade", "shortest", "longest"), [
    ("again", timedelta(minutes=1), timedelta(minutes=30)),
    ("hard", timedelta(minutes=1), timedelta(hours=1)),
    ("good", timedelta(days=1), timedelta(days=5)),
    ("easy", timedelta(days=3), timedelta(days=15)),
])
def test_the_first_grade_schedules_the_next_practice(grade, shortest, longest):
    card, due, log = spaced.review(spaced.new_card_state(NOW), grade, NOW)
    assert shortest <= due - NOW <= longest
    assert spaced.due_at(card) == due
    assert log  # the review log is kept with the attempt


def test_easier_grades_push_the_next_practice_further():
    card = spaced.new_card_state(NOW)
    dues = [spaced.review(card, grade, NOW)[1] for grade in spaced.GRADES]
    assert dues == sorted(dues) and len(set(dues)) == 4


def test_good_reviews_move_the_due_date_forward_and_again_brings_it_back_soon():
    card, due, _ = spaced.review(None, "good", NOW)
    intervals = [due - NOW]
    for _ in range(3):
        card, next_due, _ = spaced.review(card, "good", due)
        intervals.append(next_due - due)
        due = next_due
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0]
    assert max(intervals) <= timedelta(days=spaced.SCHEDULER.maximum_interval)
    _, lapse_due, _ = spaced.review(card, "again", due)
    assert lapse_due - due <= timedelta(minutes=30)


def test_the_same_review_always_gives_the_same_date():
    card = spaced.review(None, "good", NOW)[0]
    later = NOW + timedelta(days=3)
    assert spaced.review(card, "easy", later) == spaced.review(card, "easy", later)


def test_times_in_any_zone_are_accepted():
    tokyo = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    assert spaced.review(None, "good", tokyo)[1] == spaced.review(None, "good", NOW)[1]
    naive = NOW.replace(tzinfo=None)
    assert spaced.review(None, "good", naive)[1] == spaced.review(None, "good", NOW)[1]


def test_an_unknown_grade_is_refused():
    with pytest.raises(ValueError):
        spaced.review(None, "perfect", NOW)


def test_due_dates_of_the_cards():
    cards = {
        "q1": spaced.new_card_state(NOW - timedelta(days=1)),
        "q2": spaced.review(None, "again", NOW - timedelta(hours=1))[0],  # due 10 min after
        "q3": spaced.review(None, "easy", NOW)[0],
        "q4": spaced.review(None, "good", NOW - timedelta(days=10))[0],
    }
    assert sum(due <= NOW for due in spaced.due_dates(cards).values()) == 3
    assert set(spaced.due_dates(cards)) == set(cards)
    assert spaced.due_dates(cards)["q1"] == NOW - timedelta(days=1)


def test_answer_time_depends_on_the_question():
    assert spaced.answer_seconds("self_introduction") == 60
    assert spaced.answer_seconds("motivation") == spaced.DEFAULT_ANSWER_SECONDS
