"""Where each company stands in its selection, and the history of its stages."""

from __future__ import annotations

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
