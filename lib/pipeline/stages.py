"""Where each company stands in its selection, and the history of its stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

import pandas as pd
from sqlite_utils import Database

from lib.clock import now_iso

# The selection flow in order; the last three are where a process ends.
STAGES = ("applied", "screening", "casual", "first", "second", "final", "offer", "accepted", "declined", "rejected")
ACTIVE_STAGES = STAGES[:7]
CLOSED_STAGES = STAGES[7:]
# The stages a candidate passes through on the way to an offer, for the funnel.
FUNNEL = ("applied", "screening", "casual", "first", "second", "final", "offer", "accepted")

# The stage an interview round belongs to: a third round is still the middle of the selection
# (between the second and the final interview), and "other" says nothing about the stage.
ROUND_STAGE = {"casual": "casual", "first": "first", "second": "second", "third": "second", "final": "final"}
# Where passing a round leads: the stage of the next round, an offer after the final one.
AFTER_PASSING = {"casual": "first", "first": "second", "second": "final", "final": "offer"}
# Results that end the selection, and the closed stage each one leads to.
ENDING_RESULTS = {"rejected": "rejected", "withdrawn": "declined"}


def stage_for_interview(current: str, round: str, status: str, result: str | None) -> str | None:
    """The stage an interview's facts move a company to, or None when it stays where it is.

    Moves only go forward: a company already at this stage or further (moved there by hand,
    or by a later interview) stays, and a closed selection (accepted, declined, not selected)
    never reopens by itself. Adding or holding a round moves to that round's stage; passing
    moves to the next round's stage (after the final one, to the offer); an offer moves to
    the offer; お見送り or a withdrawal close the selection, unless the company is already
    past that round or holds an offer (an older interview's result does not undo later news).
    """
    if current in CLOSED_STAGES or current not in STAGES or status == "cancelled":
        return None
    position = ACTIVE_STAGES.index(current)
    round_stage = ROUND_STAGE.get(round)
    if result in ENDING_RESULTS:
        later_news = current == "offer" or (round_stage is not None and ACTIVE_STAGES.index(round_stage) < position)
        return None if later_news else ENDING_RESULTS[result]
    if result == "offer":
        target = "offer"
    elif result == "passed":
        target = AFTER_PASSING.get(round_stage or "")
    else:
        target = round_stage
    if target is None or ACTIVE_STAGES.index(target) <= position:
        return None
    return target


@dataclass(frozen=True)
class StageMove:
    """A move the app made by itself, with what is needed to take it back."""

    company_id: int
    company: str
    before: str
    after: str
    change_id: int  # the row in stage_changes that records it


def set_stage(db: Database, company_id: int, stage: str, when: datetime | None = None) -> None:
    """Move a company to `stage` and record the move, in one transaction."""
    if stage not in STAGES:
        raise ValueError(stage)
    stamp = when.isoformat(timespec="seconds") if when else now_iso()
    with db.atomic():
        current = db.execute("SELECT stage FROM companies WHERE id = ?", [company_id]).fetchone()
        if current is None:
            raise KeyError(company_id)
        if current[0] == stage:
            return
        db["companies"].update(company_id, {"stage": stage, "updated_at": stamp})
        db["stage_changes"].insert({"company_id": company_id, "stage": stage, "changed_at": stamp})


def follow_interview(db: Database, company_id: int, round: str, status: str, result: str | None,
                     when: datetime | None = None) -> StageMove | None:
    """Move the company as the interview's facts say (stage_for_interview), recording the move;
    the move made, or None. Call it inside the transaction that saves the interview."""
    row = db.execute("SELECT name, stage FROM companies WHERE id = ?", [company_id]).fetchone()
    if row is None:
        return None
    name, current = row
    target = stage_for_interview(current, round, status, result)
    if target is None:
        return None
    stamp = when.isoformat(timespec="seconds") if when else now_iso()
    with db.atomic():
        db["companies"].update(company_id, {"stage": target, "updated_at": stamp})
        change_id = db["stage_changes"].insert({"company_id": company_id, "stage": target, "changed_at": stamp}).last_pk
    return StageMove(company_id, name, current, target, change_id)


def undo_move(db: Database, move: StageMove) -> bool:
    """Take back a move the app made: the company returns to its stage before and the move
    leaves the history. False (and nothing changed) when the company has moved since."""
    with db.atomic():
        row = db.execute("SELECT stage FROM companies WHERE id = ?", [move.company_id]).fetchone()
        latest = db.execute("SELECT MAX(id) FROM stage_changes WHERE company_id = ?", [move.company_id]).fetchone()
        if row is None or row[0] != move.after or latest[0] != move.change_id:
            return False
        db.execute("DELETE FROM stage_changes WHERE id = ?", [move.change_id])
        db["companies"].update(move.company_id, {"stage": move.before, "updated_at": now_iso()})
    return True


def stage_history(db: Database) -> list[dict]:
    return list(db.query("SELECT company_id, stage, changed_at FROM stage_changes ORDER BY company_id, changed_at"))


def funnel(history: pd.DataFrame) -> pd.DataFrame:
    """Per funnel stage: companies that reached it, that went further, the pass rate, and the
    median days to the next stage reached. A company counts as having reached every funnel
    stage up to the furthest one in its history (skipped stages, like no casual talk, count)."""
    rows = []
    reached: dict[str, set] = {stage: set() for stage in FUNNEL}
    days: dict[str, list[float]] = {stage: [] for stage in FUNNEL}
    for company_id, changes in history.sort_values("changed_at").groupby("company_id"):
        stages = [s for s in changes["stage"] if s in FUNNEL]
        if not stages:
            continue
        furthest = max(FUNNEL.index(s) for s in stages)
        for stage in FUNNEL[: furthest + 1]:
            reached[stage].add(company_id)
        times = changes.assign(at=pd.to_datetime(changes["changed_at"], utc=True, format="ISO8601"))
        times = times[times["stage"].isin(FUNNEL)].drop_duplicates("stage")
        ordered = list(zip(times["stage"], times["at"], strict=True))
        for (stage, at), (_, later) in pairwise(ordered):
            days[stage].append((later - at).total_seconds() / 86400)
    for position, stage in enumerate(FUNNEL):
        count = len(reached[stage])
        further = len(reached[FUNNEL[position + 1]]) if position + 1 < len(FUNNEL) else None
        rows.append({
            "stage": stage, "reached": count, "passed": further,
            "pass_rate": (further / count) if count and further is not None else None,
            "median_days": float(pd.Series(days[stage]).median()) if days[stage] else None,
        })
    return pd.DataFrame(rows, columns=["stage", "reached", "passed", "pass_rate", "median_days"])
