"""Cached reads of the user's file: one decorator, keyed on the data version every write bumps.

Results are shared read-only between reruns (st.cache_resource: no unpickling on every
rerun); pages never mutate them. A page's own reads use the same decorator.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from lib import config, db
from lib.follow_up import agenda as follow_up_agenda
from lib.follow_up.communications import thank_you_reminders
from lib.follow_up.profile import get_profile
from lib.follow_up.stories import list_stories
from lib.generate.practice_sheet import PracticeSheet
from lib.pipeline.companies import (
    interviews_awaiting_reflection,
    list_companies,
    list_interviews,
    upcoming_interviews,
)
from lib.practice import plans, question_set, spaced
from lib.practice import view as practice_view
from lib.practice.cards import asked_questions as asked_questions_of
from lib.practice.cards import cards as practice_cards_of
from lib.practice.cards import list_own_questions
from lib.practice.question_bank import load_bank
from lib.reflect import tables, trends_view
from lib.reflect.analytics import interviews_frame, questions_frame, reflections_frame, scores_frame
from lib.reflect.reflections import list_reflections, question_rows, score_rows, to_improve_texts
from lib.reflect.trends import competency_summary as summarise
from lib.ui.session import database, lang, now

P = ParamSpec("P")
R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def _frozen() -> dict[str, int]:
    return {"modules": 0}


_freezing = threading.Lock()


def freeze_long_lived() -> None:
    """Move what the imported modules hold out of the garbage collector's reach (gc.freeze).

    Streamlit runs gc.collect(2) after every script run; with pandas, Plotly and our own
    modules loaded that walks ~150,000 objects (~120 ms per rerun on a 2-core machine)
    that live as long as the process. Freezing once more whenever a page has imported
    new modules keeps that walk to what the run itself made. The number of freezes is
    bounded by the modules there are to import, so what a freeze keeps is bounded too.
    """
    with _freezing:
        state = _frozen()
        if len(sys.modules) != state["modules"]:
            state["modules"] = len(sys.modules)
            gc.freeze()


def data_version() -> int:
    """A number every committed write changes (read through a bare read-only connection)."""
    return db.read_data_version(config.db_path())


def by_data_version(max_entries: int = 4) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a read of the user's file until the next write: `read(*args)` runs once per
    database file, data version and arguments (arguments must be hashable by Streamlit)."""
    def decorate(read: Callable[P, R]) -> Callable[P, R]:
        def cached(path: str, version: int, *args, **kwargs):
            return read(*args, **kwargs)

        # Streamlit keys a cache on the function's module and qualified name: one per read.
        cached.__module__, cached.__qualname__, cached.__name__ = read.__module__, read.__qualname__, read.__name__
        shared = st.cache_resource(show_spinner=False, max_entries=max_entries)(cached)

        @wraps(read)
        def current(*args: P.args, **kwargs: P.kwargs) -> R:
            return shared(str(config.db_path()), data_version(), *args, **kwargs)

        return current

    return decorate


@by_data_version()
def _reflections(language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        frame = reflections_frame(list_reflections(conn))
    return frame, tables.reflection_table(frame, language)


def reflections() -> tuple[pd.DataFrame, pd.DataFrame]:
    """All reflection summaries and their display table (same index), built once per data
    version and language."""
    return _reflections(lang())


@by_data_version()
def _interviews(language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        frame = interviews_frame(list_interviews(conn))
    return frame, tables.interview_table(frame, language)


def interviews() -> tuple[pd.DataFrame, pd.DataFrame]:
    """All interviews, newest first, and their display table, built once per data version and language."""
    return _interviews(lang())


@by_data_version()
def _trend_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        return scores_frame(score_rows(conn)), questions_frame(question_rows(conn))


@by_data_version()
def competency_summary() -> pd.DataFrame:
    """Mean, count and trend of every competency over all interviews."""
    return summarise(_trend_data()[0])


@by_data_version()
def to_improve_notes() -> list[str]:
    """Every reflection's "what to improve" text, read once per data version."""
    with database() as conn:
        return to_improve_texts(conn)


@by_data_version(max_entries=16)
def _trends_view(language: str, filters: trends_view.Filters, picked: tuple[str, ...],
                 section: str | None) -> trends_view.TrendsView:
    every, _ = _reflections(language)
    scores, questions = _trend_data()
    return trends_view.build(every, scores, questions, filters, picked, language, section)


def trends_page(filters: trends_view.Filters, picked: tuple[str, ...], section: str | None) -> trends_view.TrendsView:
    """The Trends page's content with one chart section's figures, built once per data version,
    language, filters, pick and section."""
    return _trends_view(lang(), filters, picked, section)


@st.cache_resource(show_spinner=False)
def _bank_index() -> question_set.BankIndex:
    return question_set.index_bank(load_bank())


@by_data_version()
def practice_data() -> dict:
    """Practice cards, recorded and own questions, stories and profile, once per data version."""
    with database() as conn:
        return {"cards": practice_cards_of(conn), "asked": asked_questions_of(conn),
                "own": list_own_questions(conn), "stories": [s for _, s in list_stories(conn)],
                "profile": get_profile(conn)}


def practice_cards() -> dict[str, dict]:
    return practice_data()["cards"]


def asked_questions() -> list[dict]:
    return practice_data()["asked"]


def stories() -> list:
    return practice_data()["stories"]


def profile():
    return practice_data()["profile"]


@by_data_version()
def _plan_progress(today) -> dict[str, int]:
    with database() as conn:
        return plans.progress(plans.load_plan(conn), today)


def plan_progress() -> dict[str, int]:
    """Done / total and overdue actions of the plan."""
    return _plan_progress(now().date())


def open_actions_due(days: int) -> list:
    """Open actions of the plan due within `days` days (or overdue), soonest first."""
    today = now().date()
    with database() as conn:
        return [a for a in plans.load_plan(conn) if not a.done and (a.due - today).days <= days]


def due_count() -> int:
    """Practice questions due now."""
    moment = now().astimezone(UTC).isoformat()
    return sum(1 for row in practice_cards().values() if row["due"] <= moment)


@by_data_version(max_entries=32)
def _question_set(language: str, target: dict | None, size: int, focus: tuple[str, ...], seed: int,
                  day, interviewers: tuple[str, ...] | None = None,
                  job_family: str | None = None) -> question_set.QuestionSet:
    data = practice_data()
    own = [{"id": f"own-{q['id']}", "question": q["text"], "category": q["category"], "rating": None,
            "company_id": q["company_id"]} for q in data["own"]]
    return question_set.generate_question_set(
        _bank_index(), competency_summary(), data["asked"] + own,
        company_id=target["company_id"] if target else None, company=target["company"] if target else "",
        upcoming_round=target["round"] if target else None, due=spaced.due_dates(
            {qid: row["card"] for qid, row in data["cards"].items()}),
        now=datetime.combine(day, datetime.min.time(), tzinfo=UTC), size=size, focus=focus, seed=seed,
        lang=language, interviewers=interviewers, job_family=job_family)


def question_set_for(target: dict | None, size: int, focus: tuple[str, ...], seed: int,
                     interviewers: tuple[str, ...] | None = None,
                     job_family: str | None = None) -> question_set.QuestionSet:
    """The mock-interview set for these choices, the same all day for the same seed. `interviewers`:
    the next round's interviewer roles (None: the round's usual ones); `job_family`: a pack to add."""
    return _question_set(lang(), target, size, focus, seed, now().date(), interviewers, job_family)


@by_data_version(max_entries=8)
def _practice_sheet(language: str, target: dict | None, size: int, focus: tuple[str, ...], seed: int, today,
                    interviewers: tuple[str, ...] | None, job_family: str | None, day,
                    candidate_name: str) -> PracticeSheet:
    data = practice_data()
    qset = _question_set(language, target, size, focus, seed, today, interviewers, job_family)
    return practice_view.practice_sheet(qset, data["stories"], data["asked"], language,
                                        company=target["company"] if target else "",
                                        round_code=target["round"] if target else "", day=day,
                                        candidate_name=candidate_name)


def practice_sheet(target: dict | None, size: int, focus: tuple[str, ...], seed: int,
                   interviewers: tuple[str, ...] | None = None, job_family: str | None = None, *,
                   day=None) -> PracticeSheet:
    """The practice sheet of the set question_set_for() gives for the same choices (`day`: the
    interview's), built once per data version and choices: it reads every past answer for key
    points (~40 ms at 20,000 answers), too slow for every visit."""
    return _practice_sheet(lang(), target, size, focus, seed, now().date(), interviewers, job_family, day,
                           profile().full_name)


def practice_queue(queue: list[str]) -> list:
    data = practice_data()
    return practice_view.practice_queue(queue, data["cards"], now(), data["asked"], data["own"], lang())


@by_data_version()
def _agenda(minute: datetime) -> dict[str, list[dict]]:
    with database() as conn:
        return {
            "awaiting": interviews_awaiting_reflection(conn, minute, limit=50),
            "upcoming": upcoming_interviews(conn, minute),
            "recent": follow_up_agenda.recent_reflections(conn),
            "thank_you": thank_you_reminders(conn, minute),
        }


def agenda() -> dict[str, list[dict]]:
    """What needs doing: interviews awaiting a reflection, upcoming ones, thank-you mails due, and
    the reflections of the latest interviews. Read once per data version and minute."""
    return _agenda(now().replace(second=0, microsecond=0))


@by_data_version()
def companies(include_archived: bool = False) -> list[dict]:
    """Companies, read once per data version."""
    with database() as conn:
        return list_companies(conn, include_archived=include_archived)


@by_data_version()
def _mail_candidates(minute: datetime) -> list[dict]:
    with database() as conn:
        return follow_up_agenda.mail_candidates(conn, minute)


def thank_you_candidates() -> list[dict]:
    """Every interview that took place, newest first, with its thank-you mail's state."""
    return _mail_candidates(now().replace(second=0, microsecond=0))
