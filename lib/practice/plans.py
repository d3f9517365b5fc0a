"""The action plan in the database: saved whole, in one transaction, after every change."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, ensure_unchanged, get_setting, set_setting
from lib.models import Checker, clean_line
from lib.practice.action_plan import PlanAction

DISMISSED = "plan.dismissed"


def load_plan(db: Database) -> list[PlanAction]:
    return [PlanAction.from_record(row) for row in db.query("SELECT * FROM plan_actions ORDER BY due, id")]


def save_plan(db: Database, plan: list[PlanAction]) -> None:
    """Replace the stored plan with `plan`, all or nothing."""
    stamp = now_iso()
    with db.atomic():
        db.execute("DELETE FROM plan_actions")
        db["plan_actions"].insert_all(
            action.to_record() | {"created_at": stamp, "updated_at": stamp} for action in plan)


def change_plan(db: Database, change: Callable[[list[PlanAction]], list[PlanAction]], *,
                action_id: str | None = None, expected: object = UNCHECKED) -> None:
    """Apply `change` (plan -> plan) to the stored plan in one transaction. With `action_id`
    and `expected` (that action as this session read it), refuse with WriteConflict when
    another tab changed it meanwhile."""
    with db.atomic():
        plan = load_plan(db)
        if action_id is not None:
            ensure_unchanged(next((a for a in plan if a.id == action_id), None), expected)
        save_plan(db, change(plan))


def validated_action(text: str, target: str, due: object) -> tuple[str, str, date]:
    """Cleaned text and target of an action the user typed, or ValidationError."""
    text, target = clean_line(text), clean_line(target)
    check = Checker()
    check.text("text", text, required=True, limit=500)
    check.text("target", target, limit=500)
    if not isinstance(due, date):
        check.fail("due", "error.date")
    check.done()
    return text, target, due


def dismissed(db: Database) -> list[str]:
    """Suggested actions the user deleted: a new plan does not bring them back."""
    return json.loads(get_setting(db, DISMISSED, "[]"))


def dismiss(db: Database, action_id: str) -> None:
    set_setting(db, DISMISSED, json.dumps(sorted({*dismissed(db), action_id})))


def progress(plan: list[PlanAction], today: date) -> dict[str, int]:
    """Done / total and how many open actions are past their due date."""
    return {"done": sum(a.done for a in plan), "total": len(plan),
            "overdue": sum(1 for a in plan if not a.done and a.due < today)}

