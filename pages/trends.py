"""Trends: strengths and weaknesses across interviews, and whether practice is working."""

import streamlit as st

from lib import charts, trends, ui
from lib.models import ROUNDS

ui.ensure_routed()

# Plotly's toolbar speaks English only; the charts need no toolbar to be read.
CHART_CONFIG = {"displayModeBar": False}


def explain(section: trends.Section) -> None:
    if section.message:
        key, params = section.message
        st.info(ui.tr(key, **params), icon=":material/info:")


def chart(figure, key: str) -> None:
    st.plotly_chart(figure, key=key, config=CHART_CONFIG)


def competency_lines(title_key: str, competencies: list[str], summary, lang: str) -> None:
    st.markdown(f"**{ui.tr(title_key)}**")
    if competencies:
        st.markdown("\n".join(f"- {trends.competency_line(summary, c, lang)}" for c in competencies))
    else:
        st.caption(ui.tr("trends.no_change"))


st.title(ui.tr("trends.title"))
st.caption(ui.tr("trends.intro"))
lang = ui.lang()
every, table = ui.reflections()
all_scores, all_questions = ui.trend_data()

companies = dict(zip(every["company_id"], table.iloc[:, 1], strict=True))
with st.container(horizontal=True, key="trend_filters"):
    chosen = {
        "companies": st.multiselect(ui.tr("trends.filter_companies"), companies, format_func=companies.get,
                                    key="trend_companies", placeholder=ui.tr("common.choose")),
        "rounds": st.multiselect(ui.tr("trends.filter_rounds"), ROUNDS, format_func=ui.labels("round"),
                                 key="trend_rounds", placeholder=ui.tr("common.choose")),
        "dates": tuple(st.date_input(ui.tr("trends.filter_dates"), value=(), key="trend_dates",
                                     format="YYYY/MM/DD")),
    }
reflections = trends.apply_filters(every, **chosen)
scores = trends.apply_filters(all_scores, **chosen)
questions = trends.apply_filters(all_questions, **chosen)
states = trends.section_states(scores, questions, reflections)
summary = trends.competency_summary(scores)

st.subheader(ui.tr("trends.section.overview"))
explain(states["overview"])
if states["overview"].show:
    head = trends.headline(reflections, summary)
    left, right = st.columns(2)
    left.metric(ui.tr("trends.interviews_metric"), head.interviews)
    right.metric(ui.tr("trends.overall_metric"), trends.format_rating(head.average_overall, lang))
    if head.strongest or head.weakest:
        left, right = st.columns(2)
        with left:
            competency_lines("trends.strongest", head.strongest, summary, lang)
            competency_lines("trends.improving", head.improving, summary, lang)
        with right:
            competency_lines("trends.weakest", head.weakest, summary, lang)
            competency_lines("trends.declining", head.declining, summary, lang)

st.subheader(ui.tr("trends.section.radar"))
explain(states["radar"])
if states["radar"].show:
    chart(charts.radar_chart(trends.radar_comparison(scores), lang), "radar_chart")

st.subheader(ui.tr("trends.section.timeline"))
explain(states["timeline"])
if states["timeline"].show:
    rated = [c for c in summary.index if summary.loc[c, "count"] > 0]
    picked = st.multiselect(ui.tr("trends.competency_select"), rated, default=trends.weakest(summary, 1) or rated[:1],
                            format_func=ui.labels("competency"), key="trend_competencies")
    timeline = trends.competency_timeline(scores, picked or rated[:1])
    if timeline.granularity != "interview":
        st.caption(ui.tr("trends.timeline.aggregated", period=ui.tr(f"trends.period.{timeline.granularity}")))
    chart(charts.timeline_chart(timeline, lang), "timeline_chart")

st.subheader(ui.tr("trends.section.heatmap"))
explain(states["heatmap"])
if states["heatmap"].show:
    chart(charts.heatmap_chart(trends.heatmap_matrix(scores), lang), "heatmap_chart")

st.subheader(ui.tr("trends.section.categories"))
explain(states["categories"])
if states["categories"].show:
    chart(charts.category_chart(trends.category_stats(questions), lang), "category_chart")
    lowest = trends.lowest_questions(questions)
    if not lowest.empty:
        st.markdown(f"**{ui.tr('trends.categories.lowest')}**")
        st.dataframe(trends.lowest_questions_table(lowest, lang), hide_index=True, key="lowest_questions")

st.subheader(ui.tr("trends.section.outcomes"))
explain(states["outcomes"])
if states["outcomes"].show:
    left, right = st.columns(2)
    with left:
        chart(charts.pass_rate_chart(trends.pass_rate_by_round(reflections), lang), "pass_rate_chart")
    with right:
        chart(charts.rating_result_chart(trends.rating_vs_result(reflections), lang), "rating_result_chart")
