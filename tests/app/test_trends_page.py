"""The trends page: charts with sample data, honest empty states, filters that empty everything."""

import json
from datetime import date, time, timedelta

import pytest
from app_helpers import open_app, open_fold, texts

from lib import db, i18n
from lib.models import CompetencyScore
from lib.reflect.reflections import complete_reflection, save_competency_score
from lib.reflect.trends_view import CHART_SECTIONS

CHARTS = ("radar", "timeline", "heatmap", "categories", "pass rate by round", "pass rate by rating")
SECTION_OF = {i18n.t(f"trends.section.{name}", lang): name for name in CHART_SECTIONS for lang in ("ja", "en")}


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def every_section(at) -> tuple[list[dict], list[str]]:
    """Each chart section chosen in turn: the figures drawn and the texts shown along the way."""
    choice = at.segmented_control(key="trend_section")
    sections = [SECTION_OF[label] for label in choice.options]
    drawn, shown = [], []
    for name in sections:
        at.segmented_control(key="trend_section").set_value(name).run()
        assert not at.exception
        assert at.segmented_control(key="trend_section").value == name
        drawn += figures(at)
        shown.append(texts(at))
    return drawn, shown


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_data_shows_every_chart_in_the_language(sample_db, lang):
    at = open_app("trends", lang=lang)
    assert not at.get("plotly_chart")  # the overview; one chart section at a time, when chosen
    assert at.segmented_control(key="trend_section").value is None
    drawn, _ = every_section(at)
    assert len(drawn) == len(CHARTS)
    titles = [f["layout"]["title"]["text"] for f in drawn]
    assert i18n.t("trends.radar.title", lang) in titles
    assert i18n.t("trends.categories.title", lang) in titles
    with db.opened(sample_db) as conn:
        reflected = conn.execute("SELECT count(DISTINCT interview_id) FROM reflections").fetchone()[0]
    assert at.metric[0].value == str(reflected)
    shown = texts(at)
    assert i18n.t("trends.weakest", lang) in shown
    assert i18n.t("competency.industry_knowledge", lang) in shown  # the sample's weakest area


def test_empty_database_explains_and_draws_nothing(db_path):
    at = open_app("trends", lang="en")
    assert not at.get("plotly_chart")
    shown = [m.value for m in at.info]
    assert shown == [i18n.t("trends.empty.no_reflections_yet", "en")]  # said once, not per section
    assert "widen" not in texts(at)  # no filter is set, so none to widen


def reflection_with_scores(make, company_id, days_ago, ratings: dict[str, int], result="pending"):
    day = date.today() - timedelta(days=days_ago)
    interview_id = make.interview(company_id, "first", day, time(10), status="done", result=result)
    rid = make.reflection(interview_id, overall=3)
    for competency, rating in ratings.items():
        save_competency_score(make.conn, rid, CompetencyScore(competency, rating))
    complete_reflection(make.conn, rid)


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_reflections_say_what_is_needed(db_path, seed, count):
    with seed() as make:
        company_id = make.company("A社")
        for i in range(count):
            reflection_with_scores(make, company_id, 10 - i, {"motivation": 2 + i, "composure": 4})
    at = open_app("trends", lang="ja")
    drawn, sections = every_section(at)
    shown = "\n".join(sections)
    if count == 1:
        assert i18n.t("trends.empty.radar_first", "ja") in sections[0]
    assert i18n.t("trends.empty.timeline_few", "ja", count=count, needed=3) in shown
    assert i18n.t("trends.empty.no_decided", "ja") in shown
    assert len(drawn) == 3  # radar, timeline, heatmap; no questions, no results yet
    assert not at.exception


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("key", "value"), [
    ("trend_rounds", ["third"]),
    ("trend_dates", (date.today() + timedelta(days=1), date.today() + timedelta(days=5))),
])
def test_filters_that_empty_the_data(sample_db, lang, key, value):
    at = open_fold(open_app("trends", lang=lang), "trend_filters_open")  # the filters are folded away at first
    widget = at.multiselect(key=key) if key != "trend_dates" else at.date_input(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert not at.get("plotly_chart")
    assert i18n.t("trends.empty.no_reflections", lang) in texts(at)


def test_choosing_competencies_for_the_timeline(sample_db):
    at = open_app("trends", lang="en")
    at.segmented_control(key="trend_section").set_value("timeline").run()
    at.multiselect(key="trend_competencies").set_value(["motivation", "composure"]).run()
    timeline = next(f for f in figures(at) if f["layout"]["title"]["text"] == i18n.t("trends.timeline.title_many", "en"))
    names = {trace.get("name") for trace in timeline["data"]}
    assert {i18n.t("competency.motivation", "en"), i18n.t("competency.composure", "en")} <= names
