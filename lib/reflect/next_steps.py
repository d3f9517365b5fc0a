"""What is due next once an interview is reflected on: the thank-you mail (by the end of the
next day), the interview report when an agent introduced the company, the action plan and
practice. `due_next` decides from plain facts; `interview_facts` reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from lib.follow_up.communications import thank_you_deadline


@dataclass(frozen=True)
class InterviewFacts:
    """What the next steps depend on, as stored."""

    interview_id: int
    starts_at: str
    timezone: str
    status: str
    thank_you_sent: bool = False
    thank_you_dismissed: bool = False
    via_agent: bool = False
    agent_report_sent: bool = False


@dataclass(frozen=True)
class NextStep:
    """One offer: `kind` names it, `page` and `query` open it; a mail has its `deadline`."""

    kind: str  # thank_you, agent_report, plan, practice
    page: str
    query: tuple[tuple[str, str], ...] = ()
    deadline: datetime | None = None
    overdue: bool = False
    count: int = 0


def due_next(facts: InterviewFacts, reflection_id: int, now: datetime, *, open_actions: int = 0,
             practice_due: int = 0) -> list[NextStep]:
    """The next steps for this interview, most urgent first. The mail is offered until it is
    sent or set aside (late is better than never: it says so); the report only when an agent
    introduced the company and it is not sent yet; plan and practice always."""
    steps = []
    if facts.status != "cancelled" and not facts.thank_you_sent and not facts.thank_you_dismissed:
        deadline = thank_you_deadline(facts.starts_at, facts.timezone)
        steps.append(NextStep("thank_you", "pages/follow_up.py", (("interview", str(facts.interview_id)),),
                              deadline=deadline, overdue=now > deadline))
    if facts.via_agent and not facts.agent_report_sent:
        steps.append(NextStep("agent_report", "pages/agents.py", (("reflection", str(reflection_id)),)))
    steps.append(NextStep("plan", "pages/plan.py", count=open_actions))
    steps.append(NextStep("practice", "pages/practice.py", count=practice_due))
    return steps


def interview_facts(db: Database, interview_id: int) -> InterviewFacts | None:
    """The stored facts `due_next` needs about one interview (None when it is gone)."""
    row = db.execute(
        """SELECT i.starts_at, i.timezone, i.status, i.thank_you_dismissed,
                  c.applied_via = 'agent' OR c.agent_id IS NOT NULL,
                  EXISTS (SELECT 1 FROM communications m WHERE m.interview_id = i.id AND m.kind = 'thank_you'),
                  EXISTS (SELECT 1 FROM communications m WHERE m.interview_id = i.id AND m.kind = 'agent_report')
           FROM interviews i JOIN companies c ON c.id = i.company_id WHERE i.id = ?""", [interview_id]).fetchone()
    if row is None:
        return None
    starts_at, timezone, status, dismissed, via_agent, mail_sent, report_sent = row
    return InterviewFacts(interview_id, starts_at, timezone, status, thank_you_sent=bool(mail_sent),
                          thank_you_dismissed=bool(dismissed), via_agent=bool(via_agent),
                          agent_report_sent=bool(report_sent))
