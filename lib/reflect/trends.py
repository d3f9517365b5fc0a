"""Trends across interviews: pure pandas over the frames built by lib.reflect.analytics.

Every function takes the (already filtered) scores, questions or reflections frame and
returns a DataFrame, a small named tuple or plain numbers; nothing here draws or imports
streamlit. Competencies and question categories always come in COMPETENCIES order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.models import ROUNDS

# A trend needs this many rated interviews; with two points any change looks like a trend.
MIN_TREND_POINTS = 3
# Below this change per interview (on a 1-5 scale) we call a competency steady: one point
# up or down over ten interviews is noise in a self-rating.
STEADY_SLOPE = 0.1
TRENDS = ("improving", "declining", "steady", "not_enough_data")

PASSED = ("passed", "offer")
NOT_PASSED = ("rejected",)
# Overall rating (1-5) grouped so that each group has a chance of holding a few interviews.
RATING_BANDS = {"low": (1, 2), "mid": (3, 3), "high": (4, 5)}
# Fewer decided results than this behind a pass rate: the page says to read it as a hint.
SMALL_SAMPLE = 5

# Granularities of the timeline, finest first; the first that fits `max_points` is used.
GRANULARITIES = ("interview", "week", "month", "quarter", "year")
_PERIOD_CODES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


# ---------------------------------------------------------------------------- helpers

def _moment(frame: pd.DataFrame) -> pd.Series:
    """When each row's interview started, comparable across time zones (UTC when known)."""
    if "starts_at" in frame and frame["starts_at"].notna().all():
        return pd.to_datetime(frame["starts_at"], utc=True, format="ISO8601")
    return frame["local_start"]


def interviews_in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per interview of the frame, oldest first (by real start time, then id)."""
    columns = [c for c in ("interview_id", "local_start", "local_date", "company_id", "company", "round", "result")
               if c in frame]
    first = frame.drop_duplicates("interview_id")
    ordered = first.assign(_moment=_moment(first)).sort_values(["_moment", "interview_id"], kind="stable")
    return ordered[columns].reset_index(drop=True)


def _rated(frame: pd.DataFrame, key: str = "competency") -> pd.DataFrame:
    """Rows with a numeric rating and a key from the taxonomy; ratings as floats."""
    ratings = pd.to_numeric(frame["rating"], errors="coerce")
    keep = ratings.notna() & frame[key].isin(COMPETENCIES)
    return frame[keep].assign(rating=ratings[keep].astype(float))


def _slope(values: np.ndarray) -> float:
    """Least-squares change per step of equally spaced values."""
    x = np.arange(len(values), dtype=float)
    x -= x.mean()
    # Rounded so that exact slopes such as 0.1 compare equal to the threshold.
    return round(float((x * (values - values.mean())).sum() / (x * x).sum()), 10)


def trend_of(slope: float) -> str:
    """improving / declining / steady from a slope per interview; NaN means not enough data."""
    if slope is None or np.isnan(slope):
        return "not_enough_data"
    if slope >= STEADY_SLOPE:
        return "improving"
    if slope <= -STEADY_SLOPE:
        return "declining"
    return "steady"


# ---------------------------------------------------------------------------- competencies

def competency_summary(scores: pd.DataFrame, last_n: int = 5) -> pd.DataFrame:
    """Per competency (all of COMPETENCIES, in order): mean rating, count of ratings,
    interviews rated, and the slope per interview over its last `last_n` rated interviews.

    The slope is the least-squares change per rated interview (x = 0, 1, 2... over the
    interviews in which that competency was rated, each interview's mean rating as y);
    NaN when fewer than MIN_TREND_POINTS interviews. `trend` is improving (slope ≥ 0.1),
    declining (≤ -0.1), steady, or not_enough_data. Unrated competencies: mean NaN, count 0.
    """
    rated = _rated(scores)
    position = {iid: n for n, iid in enumerate(interviews_in_order(rated)["interview_id"])}
    rows = {}
    for competency, group in rated.groupby("competency", sort=False):
        per_interview = (group.assign(_pos=group["interview_id"].map(position))
                         .groupby("_pos")["rating"].mean().sort_index())
        recent = per_interview.tail(last_n).to_numpy()
        slope = _slope(recent) if len(recent) >= MIN_TREND_POINTS else np.nan
        rows[competency] = {"mean": group["rating"].mean(), "count": len(group),
                            "interviews": group["interview_id"].nunique(), "points": len(recent), "slope": slope}
    summary = pd.DataFrame.from_dict(rows, orient="index",
                                     columns=["mean", "count", "interviews", "points", "slope"])
    summary = summary.reindex(list(COMPETENCIES))
    summary.index.name = "competency"
    for column in ("count", "interviews", "points"):
        summary[column] = summary[column].fillna(0).astype(int)
    summary["mean"] = summary["mean"].astype(float)
    summary["slope"] = summary["slope"].astype(float)
    summary["trend"] = [trend_of(s) for s in summary["slope"]]
    return summary


def _ranked(summary: pd.DataFrame, best_first: bool) -> list[str]:
    rated = summary[summary["count"] > 0]
    ranking = pd.DataFrame({
        "mean": rated["mean"].round(10), "count": rated["count"],
        "position": [COMPETENCIES.index(c) for c in rated.index],
    }, index=rated.index)
    ranking = ranking.sort_values(["mean", "count", "position"], ascending=[not best_first, False, True],
                                  kind="stable")
    return list(ranking.index)


def strongest(summary: pd.DataFrame, k: int = 3) -> list[str]:
    """The k competencies with the highest mean (ties: more ratings, then taxonomy order).
    Only rated ones; with fewer than 2k rated, takes the better half (rounded up)."""
    rated = int((summary["count"] > 0).sum())
    return _ranked(summary, best_first=True)[:min(k, (rated + 1) // 2)]


def weakest(summary: pd.DataFrame, k: int = 3) -> list[str]:
    """The k competencies with the lowest mean (ties: more ratings, then taxonomy order),
    never one of strongest(summary, k); with fewer than 2k rated, the weaker half (rounded down)."""
    rated = int((summary["count"] > 0).sum())
    best = set(strongest(summary, k))
    return [c for c in _ranked(summary, best_first=False) if c not in best][:min(k, rated // 2)]


def changing(summary: pd.DataFrame, trend: str) -> list[str]:
    """Competencies with this trend, the strongest change first (ties: taxonomy order)."""
    chosen = summary[summary["trend"] == trend]
    order = chosen["slope"].abs().sort_values(ascending=False, kind="stable")
    return list(order.index)


class Radar(NamedTuple):
    ratings: pd.DataFrame          # index competency (all, in order): latest, earlier, earlier_count
    latest: dict | None            # the latest rated interview: interview_id, local_start, company, round, result
    earlier_interviews: int        # rated interviews before it


def radar_comparison(scores: pd.DataFrame) -> Radar:
    """Each competency's rating in the latest rated interview against its mean over all
    earlier interviews (NaN where the competency was not rated)."""
    rated = _rated(scores)
    interviews = interviews_in_order(rated)
    ratings = pd.DataFrame(index=pd.Index(COMPETENCIES, name="competency"),
                           data={"latest": np.nan, "earlier": np.nan, "earlier_count": 0})
    if interviews.empty:
        return Radar(ratings, None, 0)
    latest = interviews.iloc[-1].to_dict()
    is_latest = rated["interview_id"] == latest["interview_id"]
    ratings["latest"] = rated[is_latest].groupby("competency")["rating"].mean().reindex(ratings.index)
    earlier = rated[~is_latest].groupby("competency")["rating"]
    ratings["earlier"] = earlier.mean().reindex(ratings.index)
    ratings["earlier_count"] = earlier.size().reindex(ratings.index).fillna(0).astype(int)
    return Radar(ratings, latest, len(interviews) - 1)


class Timeline(NamedTuple):
    points: pd.DataFrame   # competency, when, rating, count, rolling, result, company, round, interview_id
    granularity: str       # one of GRANULARITIES
    window: int


def competency_timeline(
    scores: pd.DataFrame, competencies: str | Sequence[str], window: int = 3, max_points: int = 150,
) -> Timeline:
    """Ratings of one or more competencies over time, with a rolling mean over `window` points.

    One point per rated interview while every competency has at most `max_points` of them;
    beyond that the points become weekly, then monthly, quarterly or yearly means (the
    first that fits), `when` is the period's first day, `count` the ratings behind it, and
    result/company/round are empty. The rolling mean is weighted by `count`, so it is
    always the mean of the ratings in the last `window` points.
    """
    if isinstance(competencies, str):
        competencies = [competencies]
    wanted = [c for c in COMPETENCIES if c in set(competencies)]
    rated = _rated(scores)
    rated = rated[rated["competency"].isin(wanted)]
    rated = rated.assign(_moment=_moment(rated))
    granularity = _granularity(rated, max_points)
    frames = []
    for competency in wanted:
        mine = rated[rated["competency"] == competency]
        if mine.empty:
            continue
        points = _points(mine, granularity)
        weighted = (points["rating"] * points["count"]).rolling(window, min_periods=1).sum()
        points["rolling"] = weighted / points["count"].rolling(window, min_periods=1).sum()
        frames.append(points.assign(competency=competency))
    columns = ["competency", "when", "rating", "count", "rolling", "result", "company", "round", "interview_id"]
    points = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    return Timeline(points, granularity, window)


def _granularity(rated: pd.DataFrame, max_points: int) -> str:
    if rated.empty or rated.groupby("competency")["interview_id"].nunique().max() <= max_points:
        return "interview"
    for granularity in GRANULARITIES[1:-1]:
        periods = rated["local_start"].dt.to_period(_PERIOD_CODES[granularity])
        if rated.assign(_period=periods).groupby("competency")["_period"].nunique().max() <= max_points:
            return granularity
    return GRANULARITIES[-1]


def _points(mine: pd.DataFrame, granularity: str) -> pd.DataFrame:
    if granularity == "interview":
        grouped = mine.groupby("interview_id", sort=False)
        points = grouped.agg(when=("local_start", "first"), _moment=("_moment", "first"), rating=("rating", "mean"),
                             count=("rating", "size"), result=("result", "first"), company=("company", "first"),
                             round=("round", "first"))
        points = points.reset_index().sort_values(["_moment", "interview_id"], kind="stable")
        return points.drop(columns="_moment").reset_index(drop=True)
    periods = mine["local_start"].dt.to_period(_PERIOD_CODES[granularity])
    grouped = mine.assign(_period=periods).groupby("_period")
    points = grouped.agg(rating=("rating", "mean"), count=("rating", "size")).sort_index().reset_index()
    points["when"] = points["_period"].dt.start_time
    return points.drop(columns="_period").assign(result=None, company=None, round=None, interview_id=np.nan)


class Heatmap(NamedTuple):
    matrix: pd.DataFrame       # index competency (taxonomy order), columns interview_id (oldest → newest)
    interviews: pd.DataFrame   # one row per column: interview_id, local_start, local_date, company, round, result


def heatmap_matrix(scores: pd.DataFrame, limit: int = 40) -> Heatmap:
    """Competency × interview ratings for the latest `limit` rated interviews, oldest first.
    Competencies not rated in any of those interviews are left out (their row would be blank)."""
    rated = _rated(scores)
    interviews = interviews_in_order(rated).tail(limit).reset_index(drop=True)
    shown = rated[rated["interview_id"].isin(interviews["interview_id"])]
    matrix = shown.pivot_table(index="competency", columns="interview_id", values="rating", aggfunc="mean")
    rows = [c for c in COMPETENCIES if c in matrix.index]
    matrix = matrix.reindex(index=rows, columns=list(interviews["interview_id"]))
    matrix.index.name, matrix.columns.name = "competency", "interview_id"
    return Heatmap(matrix.astype(float), interviews)


class HeatmapEntry(NamedTuple):
    """One interview of the heatmap as a line of a list (the heatmap on a phone): `company` is user text."""
    when: str
    company: str
    round: str
    ratings: list[tuple[str, str]]  # (competency in the UI language, rating), taxonomy order, rated ones only


def heatmap_list(heatmap: Heatmap, lang: str) -> list[HeatmapEntry]:
    """The heatmap's figures as a list, newest interview first: what a phone shows instead of the chart."""
    matrix, interviews = heatmap
    entries = []
    for row in interviews.iloc[::-1].itertuples():
        column = matrix[row.interview_id] if row.interview_id in matrix.columns else pd.Series(dtype=float)
        ratings = [(i18n.t(f"competency.{c}", lang), f"{value:g}" if float(value).is_integer() else f"{value:.1f}")
                   for c, value in column.dropna().items()]
        entries.append(HeatmapEntry(i18n.format_datetime(row.local_start, lang, with_time=False), str(row.company),
                                    i18n.t(f"round.{row.round}", lang) if isinstance(row.round, str) else "",
                                    ratings))
    return entries


# ---------------------------------------------------------------------------- questions

def category_stats(questions: pd.DataFrame) -> pd.DataFrame:
    """Per question category asked at least once (taxonomy order): times asked, answers
    rated, mean rating of the rated ones (NaN if none) and share of all questions asked."""
    known = questions[questions["category"].isin(COMPETENCIES)]
    ratings = pd.to_numeric(known["rating"], errors="coerce")
    grouped = known.assign(rating=ratings).groupby("category")["rating"]
    stats = pd.DataFrame({"asked": grouped.size(), "rated": grouped.count(), "mean": grouped.mean()})
    stats = stats.reindex([c for c in COMPETENCIES if c in stats.index])
    stats.index.name = "category"
    stats["asked"] = stats["asked"].astype(int)
    stats["rated"] = stats["rated"].astype(int)
    stats["mean"] = stats["mean"].astype(float)
    total = stats["asked"].sum()
    stats["share"] = stats["asked"] / total if total else 0.0
    return stats


def lowest_questions(questions: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k lowest-rated questions (ties: the more recent interview first, then the order
    they were recorded). Unrated questions are left out."""
    rated = _rated(questions, key="category")
    ranked = rated.assign(_moment=_moment(rated), _id=rated["question_id"]).sort_values(
        ["rating", "_moment", "_id"], ascending=[True, False, True], kind="stable")
    columns = ["question", "category", "rating", "reaction", "local_start", "local_date", "company", "round",
               "result", "reflection_id", "question_id"]
    return ranked.head(k)[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------- outcomes

def _outcome_counts(frame: pd.DataFrame, by: str, order: Sequence[str]) -> pd.DataFrame:
    passed = frame["result"].isin(PASSED)
    rejected = frame["result"].isin(NOT_PASSED)
    counts = pd.DataFrame({"passed": passed, "rejected": rejected, "undecided": ~(passed | rejected),
                           by: frame[by]}).groupby(by).sum()
    counts = counts.reindex([o for o in order if o in counts.index] if by == "round" else list(order))
    counts = counts.fillna(0).astype(int)
    counts["decided"] = counts["passed"] + counts["rejected"]
    counts["rate"] = (counts["passed"] / counts["decided"]).where(counts["decided"] > 0)
    counts.index.name = by
    return counts[["passed", "rejected", "decided", "rate", "undecided"]]


def pass_rate_by_round(reflections: pd.DataFrame) -> pd.DataFrame:
    """Per round present (ROUNDS order): passed (passed or offer), rejected, decided
    (= passed + rejected, the n of the rate), rate (NaN when nothing is decided) and
    undecided (pending or withdrawn: left out of the rate)."""
    return _outcome_counts(reflections, "round", ROUNDS)


def rating_band(overall: float) -> str | None:
    """low (1-2), mid (3) or high (4-5) for an overall rating; None when not rated."""
    if overall is None or pd.isna(overall):
        return None
    return next(band for band, (low, high) in RATING_BANDS.items() if low <= overall <= high)


def rating_vs_result(reflections: pd.DataFrame) -> pd.DataFrame:
    """Pass rate per overall-rating band (low, mid, high, always all three), counted like
    pass_rate_by_round. Reflections without an overall rating are left out."""
    bands = pd.to_numeric(reflections["overall"], errors="coerce").map(rating_band)
    banded = reflections.assign(band=bands)
    return _outcome_counts(banded[banded["band"].notna()], "band", tuple(RATING_BANDS))


# ---------------------------------------------------------------------------- headline

class Headline(NamedTuple):
    interviews: int            # interviews reflected on (drafts included)
    completed: int             # of which the reflection is complete
    average_overall: float     # mean overall rating; NaN when none is rated
    overall_count: int         # reflections with an overall rating
    strongest: list[str]
    weakest: list[str]
    improving: list[str]       # biggest slope first
    declining: list[str]
    focus: str | None = None   # what to prepare before the next interview: the first of `weakest`


def headline(reflections: pd.DataFrame, summary: pd.DataFrame, k: int = 3) -> Headline:
    """The numbers at the top of the page."""
    overall = pd.to_numeric(reflections["overall"], errors="coerce")
    weak = weakest(summary, k)
    return Headline(
        interviews=int(reflections["interview_id"].nunique()),
        completed=int((reflections["status"] == "complete").sum()),
        average_overall=float(overall.mean()) if overall.notna().any() else float("nan"),
        overall_count=int(overall.notna().sum()),
        strongest=strongest(summary, k), weakest=weak,
        improving=changing(summary, "improving"), declining=changing(summary, "declining"),
        focus=weak[0] if weak else None,
    )


def focus_message(summary: pd.DataFrame, competency: str, lang: str) -> tuple[str, dict]:
    """The one-sentence headline, "Before your next interview: industry and company knowledge,
    2.5 on average, not improving", as (locale key, params). Its numbers are the summary's, so
    it says what the lists and charts below it show."""
    row = summary.loc[competency]
    return ("trends.headline.focus", {"competency": i18n.t(f"competency.{competency}", lang),
                                      "mean": f"{row['mean']:.1f}",
                                      "trend": i18n.t(f"trends.focus_trend.{row['trend']}", lang)})


def interview_count(count: int, lang: str) -> str:
    """'1 interview' / '5 interviews' in the language."""
    return i18n.t("trends.interviews_one", lang) if count == 1 else i18n.t("trends.interviews_many", lang,
                                                                             count=count)


def format_rating(value: float | None, lang: str) -> str:
    """A mean rating as '3.4/5', or the catalog's dash when there is none."""
    if value is None or pd.isna(value):
        return i18n.t("common.none", lang)
    return i18n.t("common.rating_of_5", lang, rating=f"{value:.1f}")


def trend_text(row: pd.Series, lang: str) -> str:
    """'improving +0.4 per interview', 'steady', 'not enough data…' for one summary row."""
    if row["trend"] in ("improving", "declining"):
        return i18n.t(f"trends.trend.{row['trend']}", lang, slope=f"{row['slope']:+.1f}")
    if row["trend"] == "steady":
        return i18n.t("trends.trend.steady", lang)
    return i18n.t("trends.trend.not_enough_data", lang, needed=MIN_TREND_POINTS)


def competency_line(summary: pd.DataFrame, competency: str, lang: str) -> str:
    """'Motivation: 2.3 (5 interviews), improving +0.4 per interview' for a rated competency."""
    row = summary.loc[competency]
    return i18n.t("trends.summary_line", lang, competency=i18n.t(f"competency.{competency}", lang),
                  mean=f"{row['mean']:.1f}", interviews=interview_count(int(row["interviews"]), lang),
                  trend=trend_text(row, lang))


def lowest_questions_table(lowest: pd.DataFrame, lang: str) -> pd.DataFrame:
    """lowest_questions() ready to show as a list: dates, categories and rounds in `lang`
    (columns when, company, round, category, question, rating; company and question are user text)."""
    return pd.DataFrame({
        "when": [i18n.format_datetime(moment, lang, with_time=False) for moment in lowest["local_start"]],
        "company": lowest["company"].tolist(),
        "round": [i18n.t(f"round.{r}", lang) for r in lowest["round"]],
        "category": [i18n.t(f"competency.{c}", lang) for c in lowest["category"]],
        "question": lowest["question"].tolist(),
        "rating": lowest["rating"].astype(int).tolist(),
    })


# ---------------------------------------------------------------------------- empty states

class Section(NamedTuple):
    show: bool                          # whether the page should draw the section's chart
    message: tuple[str, dict] | None    # what the section needs or how to read it: (locale key, params)


SECTIONS = ("overview", "radar", "timeline", "heatmap", "categories", "outcomes")


def section_states(scores: pd.DataFrame, questions: pd.DataFrame, reflections: pd.DataFrame, *,
                   filtered: bool = False) -> dict[str, Section]:
    """For each part of the page: draw it or not, and the message to show with it, so that
    with 0, 1 or 2 reflections the page says what it needs instead of an empty chart.

    A message is said once per page: with nothing reflected, only the overview says so (and
    suggests widening the filters only when `filtered`, i.e. a filter is set); with no
    competency rated, only the overview says so and the three rating charts stay silent."""
    if reflections.empty:
        key = "trends.empty.no_reflections" if filtered else "trends.empty.no_reflections_yet"
        return {name: Section(False, (key, {}) if name == "overview" else None) for name in SECTIONS}
    rated_interviews = _rated(scores)["interview_id"].nunique()
    silent = Section(False, None)
    states = {"overview": Section(True, None if rated_interviews else ("trends.empty.no_scores", {}))}
    if rated_interviews == 0:
        states |= {"radar": silent, "timeline": silent, "heatmap": silent}
    else:
        states["radar"] = Section(True, ("trends.empty.radar_first", {}) if rated_interviews == 1 else None)
        states["timeline"] = Section(True, ("trends.empty.timeline_few",
                                            {"count": rated_interviews, "needed": MIN_TREND_POINTS})
                                     if rated_interviews < MIN_TREND_POINTS else None)
        states["heatmap"] = Section(True, None)
    if questions.empty:
        states["categories"] = Section(False, ("trends.empty.no_questions", {}))
    elif pd.to_numeric(questions["rating"], errors="coerce").isna().all():
        states["categories"] = Section(True, ("trends.empty.no_question_ratings", {}))
    else:
        states["categories"] = Section(True, None)
    decided = int(reflections["result"].isin(PASSED + NOT_PASSED).sum())
    if decided == 0:
        states["outcomes"] = Section(False, ("trends.empty.no_decided", {}))
    elif decided < 2 * SMALL_SAMPLE:
        states["outcomes"] = Section(True, ("trends.empty.few_decided", {"count": decided}))
    else:
        states["outcomes"] = Section(True, None)
    return states

