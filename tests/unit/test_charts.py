"""Charts are inspected as figures: traces, their order, and every label in both languages."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.config import LANGUAGES
from lib.models import RESULTS, ROUNDS
from lib.reflect import charts, trends
from lib.reflect.analytics import questions_frame, reflections_frame, scores_frame

BOTH = pytest.mark.parametrize("lang", LANGUAGES)


def tr(key: str, lang: str, **fmt: object) -> str:
    return i18n.t(key, lang, **fmt)


def label(competency: str, lang: str) -> str:
    return tr(f"competency.{competency}", lang)


# ---------------------------------------------------------------------------- fixtures

def context(interview: int, day: int, *, company: str = "C1", result: str = "pending", round_: str = "first") -> dict:
    return {"reflection_id": interview, "interview_id": interview, "starts_at": f"2026-01-{day:02d}T10:00:00+09:00",
            "timezone": "Asia/Tokyo", "company_id": 1, "company": company, "is_sample": 0, "round": round_,
            "result": result}


def scores(ratings: dict[str, list], *, results: list[str] | None = None, companies: list[str] | None = None,
           days: list[int] | None = None) -> pd.DataFrame:
    rows = []
    for competency, values in ratings.items():
        for n, rating in enumerate(values):
            if rating is not None:
                rows.append(context(n + 1, days[n] if days else n + 1,
                                    result=results[n] if results else "pending",
                                    company=companies[n] if companies else "C1")
                            | {"competency": competency, "rating": rating})
    return scores_frame(rows)


THREE = scores({"composure": [3], "motivation": [2, 4, 5], "strengths": [None, None, 4]},
               results=["passed", "rejected", "passed"])


def is_no_data(fig: go.Figure, lang: str) -> bool:
    return len(fig.data) == 0 and [a.text for a in fig.layout.annotations] == [tr("trends.no_data", lang)]


def test_colours_are_fixed_and_distinct():
    assert tuple(charts.COMPETENCY_COLOURS) == COMPETENCIES
    assert len(set(charts.COMPETENCY_COLOURS.values())) == len(COMPETENCIES)
    assert tuple(charts.RESULT_COLOURS) == RESULTS and len(set(charts.RESULT_COLOURS.values())) == len(RESULTS)
    assert tuple(charts.RESULT_SYMBOLS) == RESULTS


# ---------------------------------------------------------------------------- radar

@BOTH
def test_radar_compares_latest_with_earlier(lang):
    fig = charts.radar_chart(trends.radar_comparison(THREE), lang)
    assert fig.layout.title.text == tr("trends.radar.title", lang)
    earlier, latest = fig.data
    assert earlier.name == tr("trends.radar.earlier", lang, interviews=trends.interview_count(2, lang))
    assert latest.name == {"ja": "最新：1月3日・C1", "en": "Latest: 3 Jan, C1"}[lang]
    # Competencies rated anywhere, in taxonomy order, the first repeated to close the shape.
    names = [label(c, lang) for c in ("motivation", "strengths", "composure")]
    theta = [name.replace("<br>", " " if lang == "en" else "") for name in latest.theta]
    assert theta == [*names, names[0]] and list(earlier.theta) == list(latest.theta)
    assert list(latest.r) == [5, 4, None, 5] and list(earlier.r) == [3, None, 3, 3]
    assert tr("trends.rating", lang) in latest.hovertemplate
    assert list(fig.layout.polar.radialaxis.range) == [1, 5]


@BOTH
def test_radar_with_one_interview_has_only_the_latest(lang):
    fig = charts.radar_chart(trends.radar_comparison(scores({"motivation": [4], "composure": [2]})), lang)
    assert [t.name for t in fig.data] == [{"ja": "最新：1月1日・C1", "en": "Latest: 1 Jan, C1"}[lang]]
    assert fig.data[0].fill == "toself"


@pytest.mark.parametrize(("text", "lang", "wrapped"), [
    ("自己紹介", "ja", "自己紹介"),
    ("社風・価値観との相性", "ja", "社風・価値観<br>との相性"),
    ("落ち着き(緊張)", "ja", "落ち着き<br>(緊張)"),
    ("職種固有のスキル", "ja", "職種固有の<br>スキル"),
    ("業界・企業理解", "ja", "業界・<br>企業理解"),
    ("Composure", "en", "Composure"),
    ("Industry and company knowledge", "en", "Industry and<br>company<br>knowledge"),
])
def test_long_radar_labels_go_on_two_lines_at_a_natural_break(text, lang, wrapped):
    assert charts.wrapped_label(text, lang) == wrapped


@BOTH
def test_radar_labels_fit_a_phone(lang):
    """Plotly makes no room for a radar's labels: on a phone (~360 px) the longest line of every
    label, and the margins beside the circle, keep them inside the figure."""
    fig = charts.radar_chart(trends.radar_comparison(scores({c: [3, 4] for c in COMPETENCIES})), lang)
    lines = [line for name in fig.data[-1].theta for line in name.split("<br>")]
    longest = max(len(line) * (11 if lang == "ja" else 6) for line in lines)  # px at tickfont size 11
    assert fig.layout.polar.angularaxis.tickfont.size == 11
    assert longest <= fig.layout.margin.l + 8 and longest <= fig.layout.margin.r + 8


def test_radar_escapes_company_names():
    fig = charts.radar_chart(trends.radar_comparison(scores({"motivation": [4]}, companies=["<b>A&B</b>"])), "en")
    assert fig.data[0].name == "Latest: 1 Jan, &lt;b&gt;A&amp;B&lt;/b&gt;"


# ---------------------------------------------------------------------------- timeline

@BOTH
def test_timeline_of_one_competency(lang):
    fig = charts.timeline_chart(trends.competency_timeline(THREE, "motivation"), lang)
    assert fig.layout.title.text == tr("trends.timeline.title", lang, competency=label("motivation", lang))
    assert [t.name for t in fig.data] == [tr("trends.rolling.interview", lang, window=3),
                                          tr("result.passed", lang), tr("result.rejected", lang)]
    rolling, passed, rejected = fig.data
    assert list(rolling.y) == [2, 3, 3.67] and rolling.mode == "lines"
    assert list(passed.y) == [2, 5] and list(rejected.y) == [4]
    assert list(passed.x) == ["2026-01-01 10:00", "2026-01-03 10:00"]
    assert passed.marker.color == charts.RESULT_COLOURS["passed"] and passed.marker.symbol == "circle"
    assert rolling.line.color == charts.COMPETENCY_COLOURS["motivation"]
    assert [list(c) for c in rejected.customdata] == [["C1", tr("round.first", lang)]]
    assert f"{tr('trends.rating', lang)}: %{{y}}" in passed.hovertemplate
    assert tr("result.passed", lang) in passed.hovertemplate
    assert fig.layout.yaxis.title.text == tr("trends.rating", lang) and list(fig.layout.yaxis.range) == [0.5, 5.5]
    assert fig.layout.xaxis.title.text == tr("trends.date", lang)
    assert fig.layout.xaxis.tickformatstops[0].value == tr("trends.d3_day", lang)


@BOTH
def test_timeline_of_several_competencies_shows_each_result_once_in_the_legend(lang):
    fig = charts.timeline_chart(trends.competency_timeline(THREE, ["strengths", "motivation"]), lang)
    assert fig.layout.title.text == tr("trends.timeline.title_many", lang)
    assert [(t.name, t.showlegend) for t in fig.data] == [
        (label("motivation", lang), None),
        (tr("result.passed", lang), True), (tr("result.rejected", lang), True),
        (label("strengths", lang), None),
        (tr("result.passed", lang), False),
    ]
    assert label("strengths", lang) in fig.data[-1].hovertemplate


@BOTH
def test_aggregated_timeline_shows_counts(lang):
    days = [5, 6, 7, 12, 13, 19, 20, 21, 22, 23]
    frame = scores({"motivation": [2, 3, 4, 4, 4, 5, 5, 5, 5, 5]}, days=days)
    fig = charts.timeline_chart(trends.competency_timeline(frame, "motivation", max_points=5), lang)
    rolling, means = fig.data
    assert [rolling.name, means.name] == [tr("trends.rolling.week", lang, window=3), tr("trends.mean.week", lang)]
    assert list(means.x) == ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert list(means.y) == [3, 4, 5] and list(means.customdata) == [3, 2, 5]
    assert f"{tr('trends.timeline.ratings', lang)}: %{{customdata}}" in means.hovertemplate
    assert tr("trends.period_start.week", lang, date="%{x|" + tr("trends.d3_day", lang) + "}") in means.hovertemplate


def test_timeline_escapes_company_names():
    frame = scores({"motivation": [3]}, companies=["A<script>"])
    fig = charts.timeline_chart(trends.competency_timeline(frame, "motivation"), "en")
    assert fig.data[0].customdata[0][0] == "A&lt;script&gt;"


def drawn_legend(fig: go.Figure) -> list[str]:
    """Legend entries whose trace draws something: a line needs two points, a marker one."""
    return [trace.name for trace in fig.data if trace.showlegend is not False
            and len(trace.x) >= (2 if trace.mode == "lines" else 1)]


def legend(fig: go.Figure) -> list[str]:
    return [trace.name for trace in fig.data if trace.showlegend is not False]


@BOTH
def test_a_one_point_timeline_has_one_tick_and_no_phantom_legend_entry(lang):
    frame = scores({"motivation": [3]}, results=["passed"])
    fig = charts.timeline_chart(trends.competency_timeline(frame, "motivation"), lang)
    assert [trace.mode for trace in fig.data] == ["markers"]
    assert legend(fig) == drawn_legend(fig) == [tr("result.passed", lang)]
    assert list(fig.layout.xaxis.tickvals) == ["2026-01-01 10:00"]
    assert list(fig.layout.xaxis.ticktext) == [i18n.format_datetime(datetime(2026, 1, 1), lang, with_time=False)]
    assert list(fig.layout.xaxis.range) == ["2025-12-31", "2026-01-03"]


@BOTH
def test_a_competency_with_one_point_among_several_is_marked_not_drawn_as_a_line(lang):
    fig = charts.timeline_chart(trends.competency_timeline(THREE, ["composure", "motivation"]), lang)
    assert legend(fig) == drawn_legend(fig)
    composure = next(trace for trace in fig.data if trace.name == label("composure", lang))
    assert composure.mode == "markers" and composure.marker.symbol == "line-ew-open"
    # Three interview days: one tick each, never the same date twice.
    assert len(fig.layout.xaxis.ticktext) == len(set(fig.layout.xaxis.ticktext)) == 3


def test_many_interview_days_keep_plotlys_own_date_ticks():
    frame = scores({"motivation": [3] * 10})
    fig = charts.timeline_chart(trends.competency_timeline(frame, "motivation"), "en")
    assert fig.layout.xaxis.tickvals is None and fig.layout.xaxis.range is None


# ---------------------------------------------------------------------------- heatmap

@BOTH
def test_heatmap_rows_in_taxonomy_order_columns_oldest_first(lang):
    frame = scores({"composure": [3, 2], "motivation": [2, 4, 5], "strengths": [None, None, 4]},
                   companies=["株式会社ミナトデータ", "B", "C"])
    fig = charts.heatmap_chart(trends.heatmap_matrix(frame), lang)
    assert fig.layout.title.text == tr("trends.heatmap.title", lang, count=3)
    (heat,) = fig.data
    assert list(heat.y) == [label(c, lang) for c in ("motivation", "strengths", "composure")]
    assert [list(row) for row in heat.z] == [[2, 4, 5], [None, None, 4], [3, 2, None]]
    assert (heat.zmin, heat.zmax) == (1, 5)
    assert list(fig.layout.xaxis.ticktext) == {"ja": ["1月1日 ミナトデータ", "1月2日 B", "1月3日 C"],
                                               "en": ["1 Jan ミナトデータ", "2 Jan B", "3 Jan C"]}[lang]
    assert heat.x[0] == i18n.t("common.separator", lang).join([i18n.format_datetime(datetime(2026, 1, 1), lang, with_time=False),
                                    "株式会社ミナトデータ", tr("round.first", lang)])
    assert fig.layout.xaxis.title.text == tr("trends.date", lang)
    assert fig.layout.yaxis.title.text == tr("trends.competency", lang)
    assert heat.colorbar.title.text == tr("trends.rating", lang)


def test_heatmap_columns_stay_apart_when_their_labels_match():
    frame = scores({"motivation": [2, 4]}, days=[1, 1])
    (heat,) = charts.heatmap_chart(trends.heatmap_matrix(frame), "en").data
    assert len(set(heat.x)) == 2 and heat.x[1].startswith(heat.x[0])


# ---------------------------------------------------------------------------- question categories

QUESTIONS = questions_frame([
    context(1, 1) | {"question_id": 1, "question": "Why us?", "category": "motivation", "rating": 2, "reaction": None},
    context(1, 1) | {"question_id": 2, "question": "Q", "category": "motivation", "rating": 4, "reaction": None},
    context(2, 2) | {"question_id": 3, "question": "Q", "category": "self_introduction", "rating": None,
                     "reaction": None},
])


@BOTH
def test_category_chart_has_ratings_and_times_asked(lang):
    fig = charts.category_chart(trends.category_stats(QUESTIONS), lang)
    assert fig.layout.title.text == tr("trends.categories.title", lang)
    assert not fig.layout.annotations  # subplot titles ran into each other on a phone: the axes name the panels
    means, asked = fig.data
    labels = [label("self_introduction", lang), label("motivation", lang)]
    assert list(means.y) == labels and list(asked.y) == labels
    assert list(means.x) == [None, 3.0] and list(asked.x) == [1, 2]
    assert list(means.marker.color) == [charts.COMPETENCY_COLOURS["self_introduction"],
                                        charts.COMPETENCY_COLOURS["motivation"]]
    assert list(fig.layout.xaxis.range) == [0.5, 5.5]
    assert fig.layout.xaxis.title.text == tr("trends.categories.mean_axis", lang)
    assert fig.layout.xaxis2.title.text == tr("trends.categories.asked", lang)
    assert fig.layout.yaxis.autorange == "reversed"


@BOTH
def test_category_chart_without_ratings_shows_only_counts(lang):
    unrated = QUESTIONS.assign(rating=None)
    fig = charts.category_chart(trends.category_stats(unrated), lang)
    assert [t.type for t in fig.data] == ["bar"] and not fig.layout.annotations
    assert fig.layout.xaxis.title.text == tr("trends.categories.asked", lang)


# ---------------------------------------------------------------------------- outcomes

def reflection(rid: int, round_: str, result: str, overall: int | None) -> dict:
    row = context(rid, rid, result=result, round_=round_)
    del row["reflection_id"]
    return {"id": rid, "status": "complete", "overall": overall, "feeling": "", "updated_at": ""} | row


OUTCOMES = reflections_frame(
    [reflection(1, "first", "passed", 2), reflection(2, "first", "rejected", 1), reflection(3, "final", "offer", 5),
     reflection(4, "casual", "pending", 3)]
    + [reflection(5 + n, "second", ("passed", "rejected")[n % 2], 4) for n in range(6)]
)


@BOTH
def test_pass_rate_by_round_chart(lang):
    fig = charts.pass_rate_chart(trends.pass_rate_by_round(OUTCOMES), lang)
    assert fig.layout.title.text == tr("trends.outcomes.by_round", lang)
    (bars,) = fig.data
    counts = {"casual": 0, "first": 2, "second": 6, "final": 1}
    assert list(bars.x) == [f"{tr(f'round.{r}', lang)}<br>{tr('trends.outcomes.n', lang, count=n)}"
                            for r, n in counts.items()]
    assert list(bars.y) == [None, 0.5, 0.5, 1.0]
    assert list(bars.marker.pattern.shape) == ["", "/", "", "/"]  # hatched: fewer than 5 decided
    assert [list(c) for c in bars.customdata] == [[0, 0], [1, 2], [3, 6], [1, 1]]
    assert fig.layout.yaxis.title.text == tr("trends.outcomes.pass_rate", lang)
    assert fig.layout.xaxis.title.text == tr("trends.outcomes.round", lang)
    assert fig.layout.yaxis.tickformat == ".0%"
    assert tr("trends.outcomes.passed_of_decided", lang) in bars.hovertemplate


@BOTH
def test_rating_vs_result_chart(lang):
    fig = charts.rating_result_chart(trends.rating_vs_result(OUTCOMES), lang)
    assert fig.layout.title.text == tr("trends.outcomes.by_rating", lang)
    (bars,) = fig.data
    assert [x.split("<br>")[0] for x in bars.x] == [tr(f"trends.band.{b}", lang) for b in ("low", "mid", "high")]
    assert list(bars.y) == [0.5, None, 0.571]  # high: 4 of 7 (offer counts as passed)
    assert fig.layout.xaxis.title.text == tr("trends.outcomes.overall", lang)


# ---------------------------------------------------------------------------- empty input

@BOTH
def test_every_chart_says_so_when_there_is_nothing_to_draw(lang):
    empty_scores, empty_questions, empty_reflections = scores_frame([]), questions_frame([]), reflections_frame([])
    figures = [
        charts.radar_chart(trends.radar_comparison(empty_scores), lang),
        charts.timeline_chart(trends.competency_timeline(empty_scores, "motivation"), lang),
        charts.heatmap_chart(trends.heatmap_matrix(empty_scores), lang),
        charts.category_chart(trends.category_stats(empty_questions), lang),
        charts.pass_rate_chart(trends.pass_rate_by_round(empty_reflections), lang),
        charts.rating_result_chart(trends.rating_vs_result(empty_reflections), lang),
        charts.pass_rate_chart(trends.pass_rate_by_round(OUTCOMES[OUTCOMES["result"] == "pending"]), lang),
    ]
    assert all(is_no_data(fig, lang) for fig in figures)


# ---------------------------------------------------------------------------- size

def many_interviews(count: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """`count` interviews, one every 19 hours, each with all 13 self-ratings and 4 questions."""
    rng = random.Random(7)
    start = datetime(2016, 1, 4, 1, 0, tzinfo=UTC)
    score_rows, question_rows, reflection_rows = [], [], []
    for i in range(1, count + 1):
        row = {"reflection_id": i, "interview_id": i, "starts_at": (start + timedelta(hours=19 * i)).isoformat(),
               "timezone": "Asia/Tokyo", "company_id": i % 300, "company": f"株式会社サンプル商事{i % 300}",
               "is_sample": 0, "round": ROUNDS[i % len(ROUNDS)], "result": RESULTS[i % len(RESULTS)]}
        score_rows += [row | {"competency": c, "rating": rng.randint(1, 5)} for c in COMPETENCIES]
        question_rows += [row | {"question_id": 4 * i + n, "question": "当社を志望した理由を教えてください。",
                                 "category": rng.choice(COMPETENCIES), "rating": rng.choice([None, 1, 2, 3, 4, 5]),
                                 "reaction": None} for n in range(4)]
        reflection_rows.append({k: v for k, v in row.items() if k != "reflection_id"}
                               | {"id": i, "status": "complete", "overall": rng.randint(1, 5), "feeling": "",
                                  "updated_at": ""})
    return scores_frame(score_rows), questions_frame(question_rows), reflections_frame(reflection_rows)


@BOTH
def test_the_whole_page_stays_small_at_5000_interviews(lang):
    scores_5000, questions_5000, reflections_5000 = many_interviews(5000)
    figures = {
        "radar": charts.radar_chart(trends.radar_comparison(scores_5000), lang),
        # The worst case: every competency selected at once.
        "timeline": charts.timeline_chart(trends.competency_timeline(scores_5000, COMPETENCIES), lang),
        "heatmap": charts.heatmap_chart(trends.heatmap_matrix(scores_5000), lang),
        "categories": charts.category_chart(trends.category_stats(questions_5000), lang),
        "by_round": charts.pass_rate_chart(trends.pass_rate_by_round(reflections_5000), lang),
        "by_rating": charts.rating_result_chart(trends.rating_vs_result(reflections_5000), lang),
    }
    sizes = {name: len(fig.to_json()) for name, fig in figures.items()}
    print(lang, sizes, sum(sizes.values()))
    assert sum(sizes.values()) < 300_000, sizes
    assert len(figures["heatmap"].data[0].x) == 40
    assert all(len(t.x) <= 150 for t in figures["timeline"].data)
