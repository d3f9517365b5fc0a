"""The next action per company: one rule table, both languages."""

from datetime import UTC, datetime

import pytest

from lib.pipeline.next_action import ACTIONS, CompanyFacts, describe, next_action

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
YESTERDAY = "2026-11-26T01:00:00+00:00"
LAST_MONTH = "2026-10-20T01:00:00+00:00"
NEXT_WEEK = "2026-12-03T05:00:00+00:00"


def facts(**changes) -> CompanyFacts:
    base = {"stage": "first", "last_starts_at": YESTERDAY, "last_timezone": "Asia/Tokyo", "last_round": "first",
            "last_result": "pending", "last_reflection": "complete", "last_thanked": True}
    return CompanyFacts(**(base | changes))


@pytest.mark.parametrize(("given", "code"), [
    (facts(stage="accepted", next_starts_at=NEXT_WEEK), "none"),
    (facts(stage="rejected"), "none"),
    (facts(stage="declined", last_reflection=None), "none"),
    (facts(next_starts_at=NEXT_WEEK, next_timezone="Asia/Tokyo", next_round="second", last_reflection=None),
     "prepare"),
    (facts(last_reflection=None), "reflect"),
    (facts(last_reflection="draft"), "reflect"),
    (facts(last_thanked=False), "send_thanks"),
    (facts(last_thanked=False, last_starts_at=LAST_MONTH), "await_result"),  # too late to thank
    (facts(), "await_result"),
    (facts(last_result="passed"), "schedule_next"),
    (facts(last_result="offer"), "decide_offer"),
    (facts(stage="offer", last_result="passed", stage_since="2026-11-20T03:00:00+00:00"), "decide_offer"),
    (facts(last_result="rejected"), "update_stage"),
    (facts(last_result="withdrawn"), "update_stage"),
    (facts(stage="rejected", last_result="rejected"), "none"),
    (CompanyFacts(stage="applied"), "await_screening"),
    (CompanyFacts(stage="screening"), "await_screening"),
    (CompanyFacts(stage="second"), "schedule_next"),
    (CompanyFacts(stage="offer", stage_since="2026-11-20T03:00:00+00:00"), "decide_offer"),
])
def test_the_next_action_follows_the_loop(given, code):
    assert next_action(given, NOW).code == code


def test_prepare_carries_the_interview_in_its_own_zone():
    action = next_action(facts(next_starts_at=NEXT_WEEK, next_timezone="Asia/Tokyo", next_round="second"), NOW)
    assert (action.interview_at.hour, action.interview_at.utcoffset().total_seconds()) == (14, 9 * 3600)


def test_a_rejection_suggests_the_matching_stage():
    assert next_action(facts(last_result="rejected"), NOW).params["stage"] == "rejected"
    assert next_action(facts(last_result="withdrawn"), NOW).params["stage"] == "declined"


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "お礼メールを送る（2026年11月27日（金）まで）"), ("en", "Send a thank-you mail (by Fri 27 Nov 2026)")])
def test_the_thank_you_deadline_is_the_day_after_the_interview(lang, expected):
    assert describe(next_action(facts(last_thanked=False), NOW), lang) == expected


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_action_reads_in_both_languages(lang):
    seen = set()
    for given in (facts(stage="accepted"), facts(next_starts_at=NEXT_WEEK, next_round="final"),
                  facts(last_reflection=None), facts(last_thanked=False), facts(last_result="offer"),
                  facts(stage="offer", stage_since="2026-11-20T03:00:00+00:00"), facts(last_result="rejected"),
                  facts(last_result="passed"), CompanyFacts(stage="applied"), facts()):
        action = next_action(given, NOW)
        seen.add(action.code)
        text = describe(action, lang)
        assert text.strip() and "{" not in text
    assert seen == set(ACTIONS)
