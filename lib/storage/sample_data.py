"""Sample data for a first look around: loaded in the UI language, removable in one go."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlite_utils import Database

from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR
from lib.follow_up.communications import Entry, add_entry
from lib.models import AskedQuestion, Company, CompetencyScore, Interview, Interviewer
from lib.pipeline.companies import save_company, save_interview
from lib.pipeline.stages import set_stage
from lib.reflect.reflections import (
    add_asked_question,
    complete_reflection,
    save_competency_score,
    save_reflection_field,
    start_reflection,
)

REFLECTION_TEXTS = ("feeling", "went_well", "to_improve", "untold_points", "interesting_topics",
                    "next_steps", "ask_agent")


@cache
def _sample() -> dict:
    with open(DATA_DIR / "sample_data.toml", "rb") as f:
        return tomllib.load(f)


def has_sample(db: Database) -> bool:
    return db.execute("SELECT 1 FROM companies WHERE is_sample = 1 LIMIT 1").fetchone() is not None


def load_sample(db: Database, lang: str, today: date) -> dict[str, int]:
    """Insert the sample companies, interviews and reflections in one transaction."""
    def text(value: object) -> str:
        return value[lang] if isinstance(value, dict) else (value or "")

    counts = {"companies": 0, "interviews": 0, "reflections": 0}
    with db.atomic():
        for c in _sample()["companies"]:
            company_id = save_company(db, Company(
                name=text(c["name"]), position=text(c.get("position")), industry=text(c.get("industry")),
                applied_via=c["applied_via"], agent_name=text(c.get("agent_name")),
                interest=c.get("interest"), notes=text(c.get("notes")),
            ), is_sample=True)
            counts["companies"] += 1
            first_day = today - timedelta(days=max(iv["days_ago"] for iv in c["interviews"]) + 14)
            db.execute("UPDATE stage_changes SET changed_at = ? WHERE company_id = ?",
                       [_stamp(first_day), company_id])
            for iv in c["interviews"]:
                interview_id = save_interview(db, Interview(
                    company_id=company_id, round=iv["round"], day=today - timedelta(days=iv["days_ago"]),
                    start=time.fromisoformat(iv["time"]), end=None, format=iv["format"],
                    location=text(iv.get("location")), status="done", result=iv["result"],
                    interviewers=[Interviewer(text(p["name"]), text(p["role"])) for p in iv["interviewers"]],
                ))
                counts["interviews"] += 1
                _load_reflection(db, interview_id, iv["reflection"], text)
                # The sample candidate thanked every company the same evening.
                add_entry(db, Entry(company_id, _at(today - timedelta(days=iv["days_ago"])) + timedelta(hours=8),
                                    "out", "email", summary=text(_sample()["thank_you_summary"]),
                                    kind="thank_you", interview_id=interview_id))
                counts["reflections"] += 1
                day = today - timedelta(days=iv["days_ago"])
                set_stage(db, company_id, iv["round"], when=_at(day))
                if iv["result"] in ("offer", "rejected"):
                    set_stage(db, company_id, iv["result"], when=_at(day + timedelta(days=3)))
    return counts


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _stamp(day: date) -> str:
    return _at(day).isoformat(timespec="seconds")


def _load_reflection(db: Database, interview_id: int, r: dict, text) -> None:
    reflection_id = start_reflection(db, interview_id)
    for name in ("overall", "interest_after"):
        save_reflection_field(db, reflection_id, name, r[name])
    for name in REFLECTION_TEXTS:
        save_reflection_field(db, reflection_id, name, text(r.get(name)))
    for competency, rating in zip(COMPETENCIES, r["ratings"], strict=True):
        save_competency_score(db, reflection_id, CompetencyScore(competency, rating or None))
    for q in r["questions"]:
        add_asked_question(db, reflection_id, AskedQuestion(
            question=text(q["question"]), category=q["category"], answer_summary=text(q["answer"]),
            rating=q["rating"], reaction=q["reaction"]))
    complete_reflection(db, reflection_id)


def remove_sample(db: Database) -> int:
    """Delete the sample companies with everything under them; the user's own rows stay."""
    return db.execute("DELETE FROM companies WHERE is_sample = 1").rowcount
