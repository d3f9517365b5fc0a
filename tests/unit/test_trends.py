"""Trends maths on small fixtures whose answers were worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.config import LANGUAGES
from lib.reflect import trends
from lib.reflect.analytics import filter_reflections, questions_frame, reflections_frame, scores_frame
from lib.reflect.trends_view import Filters, build

# ---------------------------------------------------------------------------- fixtures

def context(interview: int, day: int, *, company: int = 1, round_: str = "first", result: str = "pending",
            clock: str = "10:00", zone: str = "Asia/Tokyo", offset: str = "+09:00") -> dict:
    """The interview columns shared by every frame; `day` is a day of January 2026."""
    return {"reflection_id": interview, "interview_id": interview, "starts_at": f"2026-01-{day:02d}T{clock}:00{offset}",
            "timezone": zone, "company_id": company, "company": f"C{company}", "is_sample": 0, "round": round_,
            "result": result}


def scores(ratings: dict[str, list], days: list[int] | None = None, **interview) -> pd.DataFrame:
    """competency -> ratings, the n-th rating in interview n+1 (on day n+1); None = not rated there."""
    rows = []
    for competency, values in ratings.items():
        for n, rating in enumerate(values):
            if rating is not None:
                day = days[n] if days else n + 1
                rows.append(context(n + 1, day, **interview) | {"competency": competency, "rating": rating})
    return scores_frame(rows)


def reflection(rid: int, *, overall=3, result="pending", round_="first", status="complete", day=None,
               company=1) -> dict:
    row = context(rid, day or rid, result=result, round_=round_, company=company)
    return {"id": rid, "status": status, "overall": overall, "feeling": "", "updated_at": ""} | {
        k: v for k, v in row.items() if k not in ("reflection_id",)}


def question(qid: int, interview: int, day: int, category: str, rating, text: str = "") -> dict:
    return context(interview, day) | {"question_id": qid, "question": text or f"Q{qid}", "category": category,
                                      "rating": rating, "reaction": None}


MAIN = {
    "self_introduction": [3, 4, 3, 4, 3],   # mean 3.4, slope 0 → steady
    "motivation": [2, 2, 3, 3, 4],          # mean 2.8, slope 5/10 = +0.5 → improving
    "strengths": [4, 4],                    # two points → not enough data
    "composure": [4, None, 3, None, 2],     # x = 0,1,2 over its own ratings → slope -1 → declining
    "weaknesses": [None, None, None, None, None],
}


# ---------------------------------------------------------------------------- filters

def test_filters_apply_to_each_kind_of_frame():
    score_frame = scores({"motivation": [2, 3, 4]}).assign(company_id=[1, 2, 1], round=["first", "second", "final"])
    assert list(filter_reflections(score_frame, companies=[1])["rating"]) == [2, 4]
    assert list(filter_reflections(score_frame, rounds=["second", "final"])["rating"]) == [3, 4]
    assert list(filter_reflections(score_frame, dates=(date(2026, 1, 2), date(2026, 1, 2)))["rating"]) == [3]
    questions = questions_frame([question(1, 1, 1, "motivation", 2), question(2, 2, 5, "composure", 4)])
    assert list(filter_reflections(questions, dates=(date(2026, 1, 3),))["question_id"]) == [2]
    reflections = reflections_frame([reflection(1, round_="casual"), reflection(2, round_="final")])
    assert list(filter_reflections(reflections, rounds=["final"])["id"]) == [2]
    assert len(filter_reflections(reflections)) == 2


# ---------------------------------------------------------------------------- competency summary

def test_summary_by_hand():
    summary = trends.competency_summary(scores(MAIN))
    assert list(summary.index) == list(COMPETENCIES)
    expected = {  # competency: (mean, count, slope, trend)
        "self_introduction": (3.4, 5, 0.0, "steady"),
        "motivation": (2.8, 5, 0.5, "improving"),
        "strengths": (4.0, 2, math.nan, "not_enough_data"),
        "composure": (3.0, 3, -1.0, "declining"),
        "weaknesses": (math.nan, 0, math.nan, "not_enough_data"),
    }
    for competency, (mean, count, slope, trend) in expected.items():
        row = summary.loc[competency]
        assert row["mean"] == pytest.approx(mean, nan_ok=True)
        assert (row["count"], row["interviews"], row["trend"]) == (count, count, trend)
        assert row["slope"] == pytest.approx(slope, nan_ok=True)
    assert summary["count"].sum() == 15
    assert summary.loc["career_story", "trend"] == "not_enough_data"


def test_slope_uses_only_the_last_n_rated_interviews():
    ratings = {"motivation": [2, 2, 3, 3, 4]}
    assert trends.competency_summary(scores(ratings), last_n=3).loc["motivation", "slope"] == pytest.approx(0.5)
    assert trends.competency_summary(scores(ratings), last_n=3).loc["motivation", "points"] == 3
    # Four points 1, 5, 5, 5 over the last four: 2.4/5; the mean still covers all five ratings.
    last_four = trends.competency_summary(scores({"motivation": [5, 1, 5, 5, 5]}), last_n=4).loc["motivation"]
    assert last_four["slope"] == pytest.approx(1.2) and last_four["mean"] == pytest.approx(4.2)
    assert trends.competency_summary(scores(ratings), last_n=2).loc["motivation", "trend"] == "not_enough_data"


@pytest.mark.parametrize(("ratings", "trend"), [
    ([3, 3, 3, 4, 3], "improving"),   # slope exactly +0.1: the threshold counts as a change
    ([3, 3, 3, 2, 3], "declining"),   # exactly -0.1
    ([3, 3, 3, 3, 3], "steady"),
    ([1, 5, 1], "steady"),            # up and down again: slope 0
    ([1, 5], "not_enough_data"),
])
def test_trend_thresholds(ratings, trend):
    assert trends.competency_summary(scores({"motivation": ratings})).loc["motivation", "trend"] == trend


@pytest.mark.parametrize(("slope", "trend"), [(0.1, "improving"), (0.0999, "steady"), (-0.0999, "steady"),
                                              (-0.1, "declining"), (math.nan, "not_enough_data"),
                                              (None, "not_enough_data")])
def test_trend_of(slope, trend):
    assert trends.trend_of(slope) == trend


def test_slope_follows_real_time_not_row_order():
    # Interviews on days 3, 1, 2 with ratings 5, 1, 3: in time order 1, 3, 5 → +2 per interview.
    summary = trends.competency_summary(scores({"motivation": [5, 1, 3]}, days=[3, 1, 2]))
    assert summary.loc["motivation", "slope"] == pytest.approx(2.0)


def test_single_interview_and_empty_frame():
    one = trends.competency_summary(scores({"motivation": [4], "composure": [2]}))
    assert one.loc["motivation", "count"] == 1 and one.loc["motivation", "trend"] == "not_enough_data"
    empty = trends.competency_summary(scores_frame([]))
    assert list(empty.index) == list(COMPETENCIES) and empty["count"].sum() == 0
    assert trends.strongest(empty) == [] and trends.weakest(empty) == []


# ---------------------------------------------------------------------------- strongest / weakest

TIES = {
    "self_introduction": [4, 4],      # 4.0, 2 ratings
    "motivation": [4],                # 4.0, 1 rating
    "career_story": [3],
    "strengths": [4, 4, 4],           # 4.0, 3 ratings
    "weaknesses": [2, 2],             # 2.0, 2 ratings, earlier in the taxonomy than role_skills
    "composure": [2],                 # 2.0, 1 rating
    "role_skills": [2, 2],            # 2.0, 2 ratings
}


def test_strongest_and_weakest_break_ties_by_ratings_then_taxonomy():
    summary = trends.competency_summary(scores(TIES))
    assert trends.strongest(summary) == ["strengths", "self_introduction", "motivation"]
    assert trends.weakest(summary) == ["weaknesses", "role_skills", "composure"]
    assert trends.strongest(summary, k=1) == ["strengths"] and trends.weakest(summary, k=1) == ["weaknesses"]


@pytest.mark.parametrize(("ratings", "best", "worst"), [
    ({"motivation": [3]}, ["motivation"], []),
    ({"motivation": [3], "composure": [2]}, ["motivation"], ["composure"]),
    ({"motivation": [3], "composure": [2], "strengths": [5], "weaknesses": [1]},
     ["strengths", "motivation"], ["weaknesses", "composure"]),
    ({"motivation": [3], "composure": [2], "strengths": [5], "weaknesses": [1], "culture_fit": [4]},
     ["strengths", "culture_fit", "motivation"], ["weaknesses", "composure"]),
])
def test_with_few_rated_competencies_the_lists_split_them(ratings, best, worst):
    summary = trends.competency_summary(scores(ratings))
    assert (trends.strongest(summary), trends.weakest(summary)) == (best, worst)


def test_all_equal_means_still_give_two_different_lists():
    summary = trends.competency_summary(scores({c: [3] for c in COMPETENCIES[:6]}))
    assert trends.strongest(summary) == list(COMPETENCIES[:3])
    assert trends.weakest(summary) == list(COMPETENCIES[3:6])


def test_changing_orders_by_size_of_change():
    summary = trends.competency_summary(scores({"motivation": [2, 2, 3, 3, 4], "strengths": [1, 3, 5],
                                                "composure": [4, 3, 2], "culture_fit": [3, 3, 3, 3, 2]}))
    assert trends.changing(summary, "improving") == ["strengths", "motivation"]
    assert trends.changing(summary, "declining") == ["composure", "culture_fit"]


# ---------------------------------------------------------------------------- radar

def test_radar_latest_against_mean_of_earlier():
    radar = trends.radar_comparison(scores({"motivation": [2, 4, 5], "composure": [3], "strengths": [None, None, 4]}))
    ratings = radar.ratings
    assert list(ratings.index) == list(COMPETENCIES)
    assert (ratings.loc["motivation", "latest"], ratings.loc["motivation", "earlier"]) == (5, 3)
    assert ratings.loc["motivation", "earlier_count"] == 2
    assert math.isnan(ratings.loc["composure", "latest"]) and ratings.loc["composure", "earlier"] == 3
    assert ratings.loc["strengths", "latest"] == 4 and math.isnan(ratings.loc["strengths", "earlier"])
    assert ratings["latest"].notna().sum() == 2
    assert radar.latest["interview_id"] == 3 and radar.earlier_interviews == 2


def test_radar_with_one_interview_has_nothing_earlier():
    radar = trends.radar_comparison(scores({"motivation": [4]}))
    assert radar.earlier_interviews == 0 and radar.ratings["earlier"].isna().all()
    assert radar.ratings.loc["motivation", "latest"] == 4
    empty = trends.radar_comparison(scores_frame([]))
    assert empty.latest is None and empty.ratings["latest"].isna().all()


def test_latest_means_latest_in_real_time_across_zones():
    rows = [
        context(1, 4, clock="09:00") | {"competency": "motivation", "rating": 2},  # Tokyo 4 Jan 09:00 = 00:00 UTC
        context(2, 3, clock="20:00", zone="America/New_York", offset="-05:00")     # 3 Jan 20:00 = 4 Jan 01:00 UTC
        | {"competency": "motivation", "rating": 5},
    ]
    radar = trends.radar_comparison(scores_frame(rows))
    assert radar.latest["interview_id"] == 2 and radar.ratings.loc["motivation", "latest"] == 5


# ---------------------------------------------------------------------------- timeline

def test_timeline_one_point_per_interview_with_rolling_mean():
    timeline = trends.competency_timeline(scores({"motivation": [2, 4, 3, 5]}, result="passed"), "motivation",
                                          window=3)
    points = timeline.points
    assert timeline.granularity == "interview"
    assert list(points["rating"]) == [2, 4, 3, 5]
    assert list(points["rolling"]) == pytest.approx([2, 3, 3, 4])
    assert list(points["count"]) == [1, 1, 1, 1] and set(points["result"]) == {"passed"}
    assert list(points["when"]) == [pd.Timestamp(f"2026-01-0{d} 10:00") for d in (1, 2, 3, 4)]


def test_timeline_keeps_taxonomy_order_and_skips_unrated():
    timeline = trends.competency_timeline(scores({"composure": [3, 4], "motivation": [2]}),
                                          ["composure", "weaknesses", "motivation"])
    assert list(timeline.points["competency"]) == ["motivation", "composure", "composure"]


# Ten interviews in three weeks of January 2026 (5 Jan is a Monday).
WEEK_DAYS = [5, 6, 7, 12, 13, 19, 20, 21, 22, 23]
WEEK_RATINGS = [2, 3, 4, 4, 4, 5, 5, 5, 5, 5]


def test_timeline_aggregates_to_weeks_beyond_max_points():
    timeline = trends.competency_timeline(scores({"motivation": WEEK_RATINGS}, days=WEEK_DAYS), "motivation",
                                          window=2, max_points=5)
    points = timeline.points
    assert timeline.granularity == "week"
    assert list(points["when"]) == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12"), pd.Timestamp("2026-01-19")]
    assert list(points["rating"]) == [3, 4, 5] and list(points["count"]) == [3, 2, 5]
    # Weighted by ratings: (9 + 8) / 5 and (8 + 25) / 7.
    assert list(points["rolling"]) == pytest.approx([3, 3.4, 33 / 7])
    assert points["result"].isna().all() and points["interview_id"].isna().all()


def test_timeline_falls_back_to_months():
    timeline = trends.competency_timeline(scores({"motivation": WEEK_RATINGS}, days=WEEK_DAYS), "motivation",
                                          max_points=2)
    assert timeline.granularity == "month"
    assert list(timeline.points["rating"]) == [4.2] and list(timeline.points["count"]) == [10]


# ---------------------------------------------------------------------------- heatmap

def test_heatmap_latest_interviews_oldest_first():
    heatmap = trends.heatmap_matrix(scores({"composure": [1], "motivation": [2, 3, None, 5, 4],
                                            "strengths": [None, None, 4]}), limit=3)
    assert list(heatmap.matrix.columns) == [3, 4, 5]
    assert list(heatmap.interviews["interview_id"]) == [3, 4, 5]
    assert list(heatmap.matrix.index) == ["motivation", "strengths"]  # composure only in interview 1
    assert heatmap.matrix.loc["motivation"].tolist()[1:] == [5, 4] and math.isnan(heatmap.matrix.loc["motivation", 3])
    assert heatmap.matrix.loc["strengths", 3] == 4
    assert list(heatmap.interviews["company"]) == ["C1"] * 3


@pytest.mark.parametrize(("lang", "first"), [
    ("ja", ("1月5日", [("志望動機", "4")])),
    ("en", ("Mon 5 Jan", [("Motivation for this company", "4")])),
])
def test_heatmap_list_has_the_same_figures_newest_first(lang, first):
    heatmap = trends.heatmap_matrix(scores({"composure": [1], "motivation": [2, 3, None, 5, 4],
                                            "strengths": [None, None, 4]}), limit=3)
    entries = trends.heatmap_list(heatmap, lang)
    assert len(entries) == 3 and entries[0].company == "C1"
    assert first[0] in entries[0].when and entries[0].ratings == first[1]
    assert [len(e.ratings) for e in entries] == [1, 1, 1]  # interview 3: strengths only, motivation unrated
    assert entries[2].ratings[0][1] == "4"  # strengths in interview 3
    assert trends.heatmap_list(trends.heatmap_matrix(scores_frame([])), lang) == []


def test_heatmap_of_nothing_is_empty():
    heatmap = trends.heatmap_matrix(scores_frame([]))
    assert heatmap.matrix.empty and heatmap.interviews.empty


# ---------------------------------------------------------------------------- questions

QUESTIONS = [
    question(1, 1, 1, "motivation", 2, "Why us?"),
    question(2, 1, 1, "motivation", 4),
    question(3, 2, 2, "motivation", None),
    question(4, 2, 2, "strengths", 5),
    question(5, 2, 2, "strengths", 5),
    question(6, 2, 2, "composure", None),
    question(7, 2, 2, "unknown_category", 1),
    question(8, 3, 3, "self_introduction", 2, "Tell me about yourself"),
]


def test_category_stats_by_hand():
    stats = trends.category_stats(questions_frame(QUESTIONS))
    assert list(stats.index) == ["self_introduction", "motivation", "strengths", "composure"]
    assert stats.loc["motivation"].to_dict() == {"asked": 3, "rated": 2, "mean": 3.0, "share": 3 / 7}
    assert stats.loc["strengths", "mean"] == 5 and math.isnan(stats.loc["composure", "mean"])
    assert stats.loc["composure", "asked"] == 1 and stats["asked"].sum() == 7


def test_lowest_questions_newest_first_on_ties():
    lowest = trends.lowest_questions(questions_frame(QUESTIONS), k=3)
    assert list(lowest["question_id"]) == [8, 1, 2]
    assert list(lowest["question"])[:2] == ["Tell me about yourself", "Why us?"]
    assert list(lowest["rating"]) == [2, 2, 4]
    assert lowest.loc[0, "local_date"] == date(2026, 1, 3) and lowest.loc[0, "company"] == "C1"
    assert trends.lowest_questions(questions_frame([])).empty


def test_lowest_questions_table_in_both_languages():
    lowest = trends.lowest_questions(questions_frame(QUESTIONS), k=1)
    table = trends.lowest_questions_table(lowest, "en")
    assert list(table.columns) == ["when", "company", "round", "category", "question", "rating"]
    assert table.iloc[0].tolist() == ["Sat 3 Jan 2026", "C1", "1st interview", "Self-introduction",
                                      "Tell me about yourself", 2]
    ja = trends.lowest_questions_table(lowest, "ja")
    assert ja.iloc[0]["when"] == "2026年1月3日（土）" and ja.iloc[0]["category"] == "自己紹介"


# ---------------------------------------------------------------------------- outcomes

OUTCOMES = [
    reflection(1, round_="first", result="passed", overall=2),
    reflection(2, round_="first", result="rejected", overall=1),
    reflection(3, round_="first", result="pending", overall=3),
    reflection(4, round_="second", result="rejected", overall=3),
    reflection(5, round_="second", result="withdrawn", overall=5),
    reflection(6, round_="final", result="offer", overall=4),
    reflection(7, round_="casual", result="pending", overall=None, status="draft"),
    reflection(8, round_="final", result="passed", overall=5),
]


def test_pass_rate_by_round_by_hand():
    by_round = trends.pass_rate_by_round(reflections_frame(OUTCOMES))
    assert list(by_round.index) == ["casual", "first", "second", "final"]
    assert by_round.loc["first"].to_dict() == {"passed": 1, "rejected": 1, "decided": 2, "rate": 0.5, "undecided": 1}
    assert by_round.loc["second", "rate"] == 0 and by_round.loc["second", "undecided"] == 1
    assert by_round.loc["final", "rate"] == 1 and by_round.loc["final", "decided"] == 2
    assert by_round.loc["casual", "decided"] == 0 and math.isnan(by_round.loc["casual", "rate"])


def test_rating_vs_result_by_hand():
    by_band = trends.rating_vs_result(reflections_frame(OUTCOMES))
    assert list(by_band.index) == ["low", "mid", "high"]
    assert by_band.loc["low"].to_dict() == {"passed": 1, "rejected": 1, "decided": 2, "rate": 0.5, "undecided": 0}
    assert by_band.loc["mid"].to_dict() == {"passed": 0, "rejected": 1, "decided": 1, "rate": 0.0, "undecided": 1}
    assert by_band.loc["high"].to_dict() == {"passed": 2, "rejected": 0, "decided": 2, "rate": 1.0, "undecided": 1}
    assert by_band[["decided", "undecided"]].to_numpy().sum() == 7  # the draft without a rating is left out


@pytest.mark.parametrize(("overall", "band"), [(1, "low"), (2, "low"), (3, "mid"), (4, "high"), (5, "high"),
                                               (None, None), (math.nan, None)])
def test_rating_band(overall, band):
    assert trends.rating_band(overall) == band


# ---------------------------------------------------------------------------- headline and text

def test_headline_by_hand():
    summary = trends.competency_summary(scores(MAIN))
    top = trends.headline(reflections_frame(OUTCOMES), summary)
    assert (top.interviews, top.completed, top.overall_count) == (8, 7, 7)
    assert top.average_overall == pytest.approx(23 / 7)
    assert top.strongest == ["strengths", "self_introduction"] and top.weakest == ["motivation", "composure"]
    assert top.improving == ["motivation"] and top.declining == ["composure"]
    none_rated = trends.headline(reflections_frame([reflection(1, overall=None, status="draft")]), summary)
    assert none_rated.interviews == 1 and none_rated.completed == 0 and math.isnan(none_rated.average_overall)


@pytest.mark.parametrize(("lang", "competency", "expected"), [
    ("ja", "motivation", "志望動機：2.8（面接5回）、上向き（1回あたり+0.5）"),
    ("en", "motivation", "Motivation for this company: 2.8 (5 interviews), improving +0.5 per interview"),
    ("ja", "composure", "落ち着き（緊張）：3.0（面接3回）、下向き（1回あたり-1.0）"),
    ("en", "composure", "Composure: 3.0 (3 interviews), declining -1.0 per interview"),
    ("en", "self_introduction", "Self-introduction: 3.4 (5 interviews), steady"),
    ("ja", "strengths", "強み：4.0（面接2回）、傾向を出すにはデータ不足（面接3回分が必要）"),
    ("en", "strengths", "Strengths: 4.0 (2 interviews), not enough data for a trend (needs 3 interviews)"),
])
def test_competency_line(lang, competency, expected):
    assert trends.competency_line(trends.competency_summary(scores(MAIN)), competency, lang) == expected


def test_one_interview_is_singular():
    summary = trends.competency_summary(scores({"motivation": [4]}))
    line = trends.competency_line(summary, "motivation", "en")
    assert line.startswith("Motivation for this company: 4.0 (1 interview),")
    assert trends.interview_count(1, "ja") == "面接1回"


@pytest.mark.parametrize(("value", "lang", "text"), [(3.42, "en", "3.4/5"), (4, "ja", "4.0/5"),
                                                     (math.nan, "en", "—"), (None, "ja", "—")])
def test_format_rating(value, lang, text):
    assert trends.format_rating(value, lang) == text


# ---------------------------------------------------------------------------- empty states

def state_for(count: int) -> dict[str, trends.Section]:
    ratings = {"motivation": [3, 4, 2][:count]}
    reflections = reflections_frame([reflection(n + 1) for n in range(count)])
    questions = questions_frame([question(n + 1, n + 1, n + 1, "motivation", None) for n in range(count)])
    return trends.section_states(scores(ratings) if count else scores_frame([]), questions, reflections)


@pytest.mark.parametrize(("filtered", "key"), [(False, "trends.empty.no_reflections_yet"),
                                               (True, "trends.empty.no_reflections")])
def test_nothing_reflected_says_so_once_and_mentions_filters_only_when_one_is_set(filtered, key):
    states = trends.section_states(scores_frame([]), questions_frame([]), reflections_frame([]), filtered=filtered)
    assert set(states) == set(trends.SECTIONS)
    assert not any(s.show for s in states.values())
    assert [s.message for s in states.values() if s.message] == [(key, {})]
    widen = {"ja": "フィルター", "en": "filters"}
    for lang, word in widen.items():
        assert (word in i18n.t(key, lang)) == filtered


def test_one_reflection_shows_what_it_can():
    states = state_for(1)
    assert states["overview"] == (True, None)
    assert states["radar"] == (True, ("trends.empty.radar_first", {}))
    assert states["timeline"] == (True, ("trends.empty.timeline_few", {"count": 1, "needed": 3}))
    assert states["heatmap"].show
    assert states["categories"] == (True, ("trends.empty.no_question_ratings", {}))
    assert states["outcomes"] == (False, ("trends.empty.no_decided", {}))


def test_two_and_three_reflections():
    assert state_for(2)["radar"] == (True, None)
    assert state_for(2)["timeline"].message == ("trends.empty.timeline_few", {"count": 2, "needed": 3})
    assert state_for(3)["timeline"] == (True, None)


def test_reflections_without_ratings_or_questions():
    reflections = reflections_frame([reflection(1, result="passed"), reflection(2, result="rejected")])
    states = trends.section_states(scores_frame([]), questions_frame([]), reflections)
    assert states["overview"] == (True, ("trends.empty.no_scores", {}))
    assert all(states[name] == (False, None) for name in ("radar", "timeline", "heatmap"))  # said once
    assert states["categories"] == (False, ("trends.empty.no_questions", {}))
    assert states["outcomes"] == (True, ("trends.empty.few_decided", {"count": 2}))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_key_exists(lang):
    keys = {s.message[0] for count in (0, 1, 2, 3) for s in state_for(count).values() if s.message}
    keys |= {"trends.empty.no_scores", "trends.empty.no_questions", "trends.empty.few_decided",
             "trends.empty.no_reflections", "trends.empty.no_reflections_yet"}
    for key in keys:
        assert i18n.t(key, lang, count=1, needed=3)


# ---------------------------------------------------------------------------- properties

ratings_table = st.dictionaries(
    st.sampled_from(COMPETENCIES),
    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=8),
    max_size=len(COMPETENCIES),
)


@settings(max_examples=60, deadline=None)
@given(ratings_table)
def test_summary_counts_every_rating_once(table):
    frame = scores(table) if table else scores_frame([])
    summary = trends.competency_summary(frame)
    assert summary["count"].sum() == len(frame)
    assert ((summary["mean"] >= 1) & (summary["mean"] <= 5) | summary["mean"].isna()).all()
    assert ((summary["points"] < trends.MIN_TREND_POINTS) == (summary["trend"] == "not_enough_data")).all()


@settings(max_examples=60, deadline=None)
@given(ratings_table, st.integers(1, 4))
def test_strongest_and_weakest_never_overlap(table, k):
    summary = trends.competency_summary(scores(table) if table else scores_frame([]))
    best, worst = trends.strongest(summary, k), trends.weakest(summary, k)
    rated = int((summary["count"] > 0).sum())
    assert not set(best) & set(worst)
    if rated >= 2 * k:
        assert len(best) == len(worst) == k
        assert summary.loc[best, "mean"].min() >= summary.loc[worst, "mean"].max()
    assert len(best) + len(worst) == min(rated, 2 * k)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 28), st.integers(1, 5)), min_size=1, max_size=40), st.integers(1, 10))
def test_timeline_points_hold_every_rating(day_ratings, max_points):
    days, ratings = zip(*day_ratings, strict=True)
    frame = scores({"motivation": list(ratings)}, days=list(days))
    timeline = trends.competency_timeline(frame, "motivation", max_points=max_points)
    assert timeline.points["count"].sum() == len(ratings)
    assert (timeline.points["rating"] * timeline.points["count"]).sum() == pytest.approx(sum(ratings))
    assert len(timeline.points) <= max_points or timeline.granularity == "year"
    assert timeline.points["when"].is_monotonic_increasing


@settings(max_examples=40, deadline=None)
@given(ratings_table, st.integers(1, 10))
def test_heatmap_columns_are_the_latest_interviews(table, limit):
    frame = scores(table) if table else scores_frame([])
    heatmap = trends.heatmap_matrix(frame, limit=limit)
    rated = sorted(frame["interview_id"].unique())
    assert list(heatmap.matrix.columns) == rated[-limit:]
    assert heatmap.matrix.notna().sum().sum() == frame["interview_id"].isin(rated[-limit:]).sum()


# ---------------------------------------------------------------------------- the headline sentence

@pytest.mark.parametrize(("ratings", "lang", "sentence"), [
    ({"industry_knowledge": [3, 2, 2, 3], "motivation": [4, 4, 5, 4]}, "en",
     "Before your next interview: Industry and company knowledge, 2.5 on average, not improving."),
    ({"industry_knowledge": [3, 2, 2, 3], "motivation": [4, 4, 5, 4]}, "ja",
     "次の面接に向けて力を入れたいのは「業界・企業理解」です（平均2.5、横ばい）。"),
    ({"composure": [4, 3, 2], "motivation": [4, 4, 5]}, "en",
     "Before your next interview: Composure, 3.0 on average, declining."),
    ({"motivation": [1, 2, 4], "strengths": [5, 5, 5]}, "en",
     "Before your next interview: Motivation for this company, 2.3 on average, improving."),
    ({"motivation": [2, 3], "strengths": [5, 5]}, "en",
     "Before your next interview: Motivation for this company, 2.5 on average, too early to see a trend."),
])
def test_the_headline_is_one_sentence_the_charts_bear_out(ratings, lang, sentence):
    frame = scores(ratings)
    summary = trends.competency_summary(frame)
    head = trends.headline(reflections_frame([reflection(n + 1) for n in range(4)]), summary)
    key, params = trends.focus_message(summary, head.focus, lang)
    assert i18n.t(key, lang, **params) == sentence
    # The same competency leads the weakest list and is never among the strongest.
    assert head.focus == head.weakest[0] and head.focus not in head.strongest
    assert params["mean"] == f"{summary.loc[head.focus, 'mean']:.1f}"


def test_no_headline_sentence_with_fewer_than_two_rated_competencies():
    summary = trends.competency_summary(scores({"motivation": [2, 3, 4]}))
    assert trends.headline(reflections_frame([reflection(1)]), summary).focus is None


@pytest.mark.parametrize("ratings", [
    {"motivation": [3, 3], "composure": [3, 3]},
    {"motivation": [3], "composure": [3], "strengths": [3]},
    {"motivation": [2, 4], "composure": [3, 3], "strengths": [4, 2]},
])
def test_equal_means_never_put_a_competency_in_both_lists(ratings):
    summary = trends.competency_summary(scores(ratings))
    for k in (1, 2, 3):
        assert not set(trends.strongest(summary, k)) & set(trends.weakest(summary, k))


@pytest.mark.parametrize(("filters", "is_set"), [
    (Filters(), False), (Filters(companies=(1,)), True), (Filters(rounds=("final",)), True),
    (Filters(dates=(date(2026, 1, 1),)), True),
])
def test_filters_know_whether_they_are_set(filters, is_set):
    assert filters.is_set == is_set


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_view_puts_the_headline_sentence_first_and_says_empty_once(lang):
    ratings = {"industry_knowledge": [3, 2, 2, 3], "motivation": [4, 4, 5, 4]}
    reflections = reflections_frame([reflection(n + 1) for n in range(4)])
    view = build(reflections, scores(ratings), questions_frame([]), Filters(), (), lang)
    key, params = view.states["overview"].message
    assert key == "trends.headline.focus" and params["competency"] == i18n.t("competency.industry_knowledge", lang)
    assert view.headline.focus == "industry_knowledge" and not view.filtered
    empty = build(reflections_frame([]), scores_frame([]), questions_frame([]), Filters(rounds=("final",)), (), lang)
    assert [s.message for s in empty.states.values() if s.message] == [("trends.empty.no_reflections", {})]
    assert empty.filtered and empty.headline is None and not empty.figures
