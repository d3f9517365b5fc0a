"""What to do next for one company in the selection: pure, from plain facts about it.

The rules follow the loop the app coaches: prepare for the next interview → reflect on it →
send thanks while it is fresh → wait for the result → arrange the next step, or decide on an
offer. A company whose process has ended (accepted, declined, rejected) needs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lib.config import DEFAULT_TIMEZONE
from lib.follow_up.communications import thank_you_deadline
from lib.i18n import format_datetime, t
from lib.models import zone
from lib.pipeline.stages import CLOSED_STAGES

ACTIONS = ("prepare", "reflect", "send_thanks", "decide_offer", "update_stage", "schedule_next",
           "await_screening", "await_result", "none")
# How long after an interview a missing thank-you mail is still worth sending (as the reminders).
THANKS_HORIZON = timedelta(days=7)
# A result that ends or changes the process, and the stage it leads to.
RESULT_STAGE = {"offer": "offer", "rejected": "rejected", "withdrawn": "declined"}


@dataclass(frozen=True)
class CompanyFacts:
    """What the rules look at. Times are ISO strings as stored (UTC); `last_*` describe the
    latest interview that has started (not cancelled), `next_*` the next scheduled one."""

    stage: str
    next_starts_at: str | None = None
    next_timezone: str | None = None
    next_round: str | None = None
    last_starts_at: str | None = None
    last_timezone: str | None = None
    last_round: str | None = None
    last_result: str | None = None
    last_reflection: str | None = None  # None, "draft" or "complete"
    last_thanked: bool = False  # a thank-you mail is logged, or its reminder was dismissed
    stage_since: str | None = None


@dataclass(frozen=True)
class NextAction:
    code: str
    params: dict = field(default_factory=dict)
    interview_at: datetime | None = None  # local time of the interview the action is about


def _local(starts_at: str, tz_name: str | None) -> datetime:
    return datetime.fromisoformat(starts_at).astimezone(zone(tz_name or "UTC"))


def next_action(facts: CompanyFacts, now: datetime) -> NextAction:
    """The one thing to do next for a company, given its facts at `now` (aware)."""
    if facts.stage in CLOSED_STAGES:
        return NextAction("none")
    if facts.next_starts_at:
        return NextAction("prepare", {"round": facts.next_round},
                          _local(facts.next_starts_at, facts.next_timezone))
    if facts.last_starts_at:
        last = _local(facts.last_starts_at, facts.last_timezone)
        if facts.last_reflection != "complete":
            return NextAction("reflect", {"round": facts.last_round}, last)
        if not facts.last_thanked and now - last <= THANKS_HORIZON:
            deadline = thank_you_deadline(facts.last_starts_at, facts.last_timezone or "UTC")
            return NextAction("send_thanks", {"round": facts.last_round, "deadline": deadline}, last)
        target = RESULT_STAGE.get(facts.last_result or "")
        if facts.stage == "offer" or target == "offer":
            return NextAction("decide_offer", {"since": facts.stage_since})
        if target and target != facts.stage:
            return NextAction("update_stage", {"stage": target, "result": facts.last_result})
        if facts.last_result == "passed":
            return NextAction("schedule_next")
        return NextAction("await_result", {"round": facts.last_round}, last)
    if facts.stage == "offer":
        return NextAction("decide_offer", {"since": facts.stage_since})
    if facts.stage in ("applied", "screening"):
        return NextAction("await_screening")
    return NextAction("schedule_next")


def describe(action: NextAction, lang: str) -> str:
    """The action as one short line in `lang`."""
    code, params = action.code, action.params
    round_label = t(f"round.{params['round']}", lang) if params.get("round") else ""
    if code == "prepare":
        return t("pipeline.action.prepare", lang, round=round_label)
    if code == "reflect":
        return t("pipeline.action.reflect", lang, round=round_label)
    if code == "send_thanks":
        # The deadline is midnight at the end of the day after: show that day.
        due = params["deadline"] - timedelta(seconds=1)
        return t("pipeline.action.send_thanks", lang, deadline=format_datetime(due, lang, with_time=False))
    if code == "decide_offer":
        if params.get("since"):
            since = datetime.fromisoformat(params["since"]).astimezone(zone(DEFAULT_TIMEZONE))
            return t("pipeline.action.decide_offer_since", lang,
                     since=format_datetime(since, lang, with_time=False))
        return t("pipeline.action.decide_offer", lang)
    if code == "update_stage":
        return t("pipeline.action.update_stage", lang, result=t(f"result.{params['result']}", lang),
                 stage=t(f"stage.{params['stage']}", lang))
    if code == "await_result":
        return t("pipeline.action.await_result", lang, round=round_label)
    return t(f"pipeline.action.{code}", lang)
