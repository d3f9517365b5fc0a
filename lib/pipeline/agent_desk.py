"""The Agents page's logic: the agents table, linking companies, and the interview report's
draft, files and log entry. The report's text itself comes from lib.generate.agent_report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlite_utils import Database

from lib import clock
from lib.follow_up.agent_route import OtherApplication, other_applications
from lib.follow_up.communications import Entry, get_draft, record_sent, sent_entry
from lib.follow_up.profile import get_profile
from lib.generate import agent_report, eml
from lib.i18n import format_datetime, t
from lib.models import Checker, Interviewer, Profile, clean_text, zone
from lib.pipeline.agents import EMAIL, agent_for_company, link_company
from lib.pipeline.companies import get_company, get_interview
from lib.reflect import tables
from lib.reflect.reflections import get_reflection

KIND = "agent_report"


def link_companies(db: Database, agent_id: int, chosen: Iterable[int], linked: Iterable[int]) -> None:
    """Link the chosen companies to the agent and unlink the ones no longer chosen, all at once."""
    chosen, linked = set(chosen), set(linked)
    with db.atomic():
        for company_id in sorted(chosen - linked):
            link_company(db, company_id, agent_id)
        for company_id in sorted(linked - chosen):
            link_company(db, company_id, None)


@dataclass
class ReportContext:
    """Everything the report needs about one reflected interview."""

    reflection: dict
    interview: dict
    company: dict
    agent: dict | None
    profile: Profile
    draft: dict | None
    sent: dict | None
    others: list[OtherApplication]

    @property
    def interview_id(self) -> int:
        return self.interview["id"]

    @property
    def agent_email(self) -> str:
        return (self.agent or {}).get("email") or ""

    @property
    def agent_name(self) -> str:
        return (self.agent or {}).get("name") or self.company.get("agent_name") or ""


def report_context(db: Database, reflection_id: int) -> ReportContext | None:
    reflection = get_reflection(db, reflection_id)
    if reflection is None:
        return None
    interview_id = reflection["interview_id"]
    return ReportContext(
        reflection=reflection, interview=get_interview(db, interview_id),
        company=get_company(db, reflection["company_id"]), agent=agent_for_company(db, reflection["company_id"]),
        profile=get_profile(db), draft=get_draft(db, interview_id, KIND), sent=sent_entry(db, interview_id, KIND),
        others=other_applications(db, reflection["company_id"], clock.now()),
    )


def drafted(context: ReportContext, lang: str, today: date | None = None) -> agent_report.AgentReport:
    """The report written from the reflection (not the saved draft). `today` is in the interview's zone."""
    agent = context.agent or {}
    report = agent_report.input_from_reflection(
        context.reflection, lang,
        interviewers=[Interviewer(p["name"] or "", p["role"] or "") for p in context.interview["interviewers"]],
        interest_before=context.company.get("interest"), agent_name=context.agent_name,
        agency=agent.get("agency") or "", profile_name=context.profile.full_name, profile=context.profile,
        other_companies=context.others,
    )
    return agent_report.compose(report, today)


def today_for(context: ReportContext, now: datetime) -> date:
    """Today's date where the interview took place (for 本日 / 昨日 wording)."""
    return now.astimezone(zone(context.interview["timezone"])).date()


def text_file(subject: str, body: str, lang: str) -> bytes:
    return agent_report.plain_text(agent_report.AgentReport(subject, body), lang).encode("utf-8")


def eml_file(context: ReportContext, to: str, subject: str, body: str, now: datetime) -> bytes:
    return eml.build_eml(to, context.profile.email, subject, body, now)


def log_sent(db: Database, context: ReportContext, subject: str, body: str, lang: str, now: datetime) -> int:
    """Record the report as sent to the agent in the communication log."""
    round_label = t(f"round.{context.interview['round']}", lang)
    return record_sent(db, Entry(
        company_id=context.company["id"], occurred_at=now, direction="out", channel="email",
        counterpart=context.agent_name, summary=t("agents.report_log_summary", lang,
                                                 company=context.company["name"], round=round_label),
        body=agent_report.plain_text(agent_report.AgentReport(subject, body), lang).strip(),
        kind=KIND, interview_id=context.interview_id,
    ))


def check_report(to: str, subject: str, body: str) -> dict[str, str]:
    """The report's fields, cleaned, or ValidationError with a message per field."""
    values = {"to": clean_text(to), "subject": clean_text(subject), "body": (body or "").strip()}
    check = Checker()
    check.text("to", values["to"], limit=320)
    if values["to"] and not EMAIL.match(values["to"]):
        check.fail("to", "error.email")
    check.text("subject", values["subject"], required=True, limit=500)
    check.text("body", values["body"], required=True, limit=100_000)
    check.done()
    return values


def reflection_choices(frame: pd.DataFrame, lang: str, limit: int | None = None,
                       include: int | None = None) -> dict[int, str]:
    """Reflection id -> "when · company · round" for the newest `limit` interviews of a frame
    from lib.ui.reflections() (newest first), plus the reflection `include` if it exists."""
    if limit is not None:
        newest = pd.Series(range(len(frame)), index=frame.index) < limit
        frame = frame[newest | (frame["id"] == include)]
    companies = tables.company_labels(frame, lang)
    rounds = tables.translated(frame["round"], "round", lang)
    return {int(reflection_id): t("home.interview_line", lang, when=format_datetime(start, lang), company=company,
                                  round=round_label)
            for reflection_id, start, company, round_label in zip(frame["id"], frame["local_start"], companies,
                                                                  rounds, strict=True)}
