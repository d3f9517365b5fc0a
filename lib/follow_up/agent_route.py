"""Follow-up through a recruiting agent: who passes the thanks on, and what the agent may hear
of the other applications (company and stage from the pipeline, never the user's notes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from lib.generate.agent_report import OTHER_STAGES, OtherApplication
from lib.models import zone
from lib.pipeline.agents import agent_for_company


@dataclass(frozen=True)
class AgentContact:
    """The agent a company came through: the linked record, else the name typed on the company."""

    name: str
    agency: str = ""
    email: str = ""


def agent_route(db: Database, company_id: int) -> AgentContact | None:
    """The agent to thank through, or None when the company was not applied to through one."""
    rows = list(db.query("SELECT applied_via, agent_name FROM companies WHERE id = ?", [company_id]))
    if not rows or rows[0]["applied_via"] != "agent":
        return None
    if record := agent_for_company(db, company_id):
        return AgentContact(record["name"] or "", record["agency"] or "", record["email"] or "")
    return AgentContact(rows[0]["agent_name"] or "")


def other_applications(db: Database, company_id: int, now: datetime) -> list[OtherApplication]:
    """The other companies still in the running (or with an offer), furthest along first, each
    with its next scheduled interview's date. Sample companies go with sample companies only."""
    this = list(db.query("SELECT is_sample FROM companies WHERE id = ?", [company_id]))
    if not this:
        return []
    stages = ", ".join("?" * len(OTHER_STAGES))
    companies = list(db.query(
        f"""SELECT id, name, stage FROM companies
            WHERE id != ? AND archived = 0 AND is_sample = ? AND stage IN ({stages})""",
        [company_id, this[0]["is_sample"], *OTHER_STAGES]))
    upcoming: dict[int, datetime] = {}
    for row in db.query("""SELECT company_id, starts_at, timezone FROM interviews
                           WHERE status = 'scheduled' AND starts_at >= ? ORDER BY starts_at DESC""",
                        [now.astimezone(UTC).isoformat()]):
        upcoming[row["company_id"]] = datetime.fromisoformat(row["starts_at"]).astimezone(zone(row["timezone"]))
    companies.sort(key=lambda c: (-OTHER_STAGES.index(c["stage"]), c["name"].casefold()))
    return [OtherApplication(c["name"], c["stage"], upcoming[c["id"]].date() if c["id"] in upcoming else None)
            for c in companies]
