"""Recruiting agents (転職エージェント) and the companies they introduced."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from lib.clock import now_iso
from lib.db import UNCHECKED, ensure_unchanged, exists, snapshot
from lib.models import Checker, ValidationError, clean_line, clean_text

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Agent:
    name: str
    agency: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""

    def validated(self) -> Agent:
        a = Agent(*(clean_line(v) for v in (self.name, self.agency, self.email, self.phone)), clean_text(self.notes))
        check = Checker()
        check.text("name", a.name, required=True, limit=200)
        check.text("agency", a.agency, limit=200)
        check.text("email", a.email, limit=320)
        if a.email and not EMAIL.match(a.email):
            check.fail("email", "error.email")
        check.text("phone", a.phone, limit=50)
        check.text("notes", a.notes)
        check.done()
        return a


def save_agent(db: Database, agent: Agent, agent_id: int | None = None, *, expected: object = UNCHECKED) -> int:
    """Insert or update an agent; with `expected` (snapshot of the stored agent as read),
    refuse with WriteConflict if another tab changed it meanwhile."""
    record = asdict(agent.validated()) | {"updated_at": now_iso()}
    if agent_id is None:
        with db.atomic():
            if exists(db, "SELECT 1 FROM agents WHERE name = ? COLLATE NOCASE AND agency = ? COLLATE NOCASE",
                      [record["name"], record["agency"]]):
                raise ValidationError({"name": ("error.duplicate_agent", {})})
            return db["agents"].insert(record | {"created_at": record["updated_at"]}).last_pk
    with db.atomic():
        ensure_unchanged(snapshot(db, "agents", {"id": agent_id}), expected)
        db["agents"].update(agent_id, record)
    return agent_id


def list_agents(db: Database) -> list[dict]:
    return list(db.query(
        """SELECT a.*, (SELECT COUNT(*) FROM companies c WHERE c.agent_id = a.id) AS companies
           FROM agents a ORDER BY a.name COLLATE NOCASE"""))


def get_agent(db: Database, agent_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM agents WHERE id = ?", [agent_id]))
    return rows[0] if rows else None


def delete_agent(db: Database, agent_id: int) -> None:
    """Remove an agent; their companies stay, unlinked."""
    db.execute("DELETE FROM agents WHERE id = ?", [agent_id])


def link_company(db: Database, company_id: int, agent_id: int | None) -> None:
    db["companies"].update(company_id, {"agent_id": agent_id, "updated_at": now_iso()})


def agent_for_company(db: Database, company_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT a.* FROM agents a JOIN companies c ON c.agent_id = a.id WHERE c.id = ?", [company_id]))
    return rows[0] if rows else None
