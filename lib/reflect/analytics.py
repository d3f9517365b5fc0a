"""Pure pandas: reflection rows in, DataFrames out. No streamlit, no SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

REFLECTION_COLUMNS = ("id", "status", "overall", "feeling", "updated_at", "interview_id", "round", "starts_at",
                      "timezone", "result", "company_id", "company", "is_sample")


SCORE_COLUMNS = ("reflection_id", "interview_id", "starts_at", "timezone", "company_id", "company", "is_sample",
                 "round", "result", "competency", "rating")
QUESTION_COLUMNS = ("reflection_id", "interview_id", "starts_at", "timezone", "company_id", "company", "is_sample",
                    "round", "result", "question_id", "question", "category", "rating", "reaction")


INTERVIEW_COLUMNS = ("id", "company_id", "company", "is_sample", "round", "starts_at", "timezone", "format", "status",
                     "result", "reflection_id", "reflection_status")


def interviews_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Interviews with their company and reflection state, and each one's local start."""
    return with_local_start(pd.DataFrame([{k: row[k] for k in INTERVIEW_COLUMNS} for row in rows],
                                         columns=list(INTERVIEW_COLUMNS)))


def reflections_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Reflection summaries with each interview's local start time (in its own zone)."""
    return with_local_start(pd.DataFrame(list(rows), columns=list(REFLECTION_COLUMNS)))


def scores_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Competency self-ratings, one row per rating, with the interview's local start."""
    return with_local_start(pd.DataFrame(list(rows), columns=list(SCORE_COLUMNS)))


def questions_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Questions asked, one row per question, with the interview's local start."""
    return with_local_start(pd.DataFrame(list(rows), columns=list(QUESTION_COLUMNS)))


def with_local_start(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `local_start` (naive, in each interview's own zone) and `local_date` from starts_at/timezone."""
    utc = pd.to_datetime(frame["starts_at"], utc=True, format="ISO8601")
    local = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for zone_name in frame["timezone"].dropna().unique():
        in_zone = frame["timezone"] == zone_name
        local[in_zone] = utc[in_zone].dt.tz_convert(zone_name).dt.tz_localize(None).astype("datetime64[ns]")
    frame["local_start"] = local
    frame["local_date"] = local.dt.date
    return frame


def filter_reflections(
    frame: pd.DataFrame,
    *,
    companies: Sequence[int] = (),
    rounds: Sequence[str] = (),
    dates: tuple[date, ...] = (),
) -> pd.DataFrame:
    """The rows matching every filter given; an empty filter keeps everything.
    `dates` is (from,) or (from, to), both inclusive, in each interview's local time."""
    keep = pd.Series(True, index=frame.index)
    if companies:
        keep &= frame["company_id"].isin(companies)
    if rounds:
        keep &= frame["round"].isin(rounds)
    if dates:
        keep &= frame["local_date"] >= dates[0]
        if len(dates) > 1:
            keep &= frame["local_date"] <= dates[1]
    return frame[keep]
