"""Trends: strengths and weaknesses across interviews, and whether practice is working."""

import streamlit as st

from lib import ui
from lib.reflect import trends
from lib.reflect.trends_view import Filters

ui.ensure_routed()

# Plotly's toolbar speaks English only; the charts need no toolbar to be read.
CHART_CONFIG = {"displayModeBar": False}


def explain(section: trends.Section) -> None:
    if section.message:
        key, params = section.message
        ui.say("info", key, icon=":material/info:", **params)


def section(name: str) -> bool:
    """The section's heading and message; True when it has something to draw. A section with
    neither, or not chosen, is left out (the page says once why it is empty)."""
    if name not in ("overview", view.shown) or (not states[name].show and states[name].message is None):
        return False
    st.subheader(ui.tr(f"trends.section.{name}"))
    explain(states[name])
    return states[name].show


def chart(name: str) -> None:
    st.plotly_chart(view.figures[name], key=f"{name}_chart", config=CHART_CONFIG)


def heatmap_list() -> None:
    separator = ui.tr("common.separator")
    st.markdown(f"**{ui.tr('trends.heatmap.title', count=len(view.heatmap_list))}**")
    st.markdown("\n\n".join(
        f"**{separator.join([entry.when, ui.md(entry.company), entry.round])}**  \n"
        + (separator.join(f"{name} {rating}" for name, rating in entry.ratings) or ui.tr("common.not_rated"))
        for entry in view.heatmap_list))


def lowest_questions() -> None:
    """The answers rated lowest, as a list: it reads on a phone, where a six-column grid did not."""
    separator = ui.tr("common.separator")
    st.markdown(f"**{ui.tr('trends.categories.lowest')}**")
    st.markdown("\n".join(
        f"- {ui.md(row.question)}（{ui.tr('common.rating_of_5', rating=row.rating)}）  \n"
        f"  {separator.join([row.when, ui.md(row.company), row.round, row.category])}"
        for row in view.lowest.itertuples()))


def competency_lines(title_key: str, competencies: list[str], empty_key: str) -> None:
    st.markdown(f"**{ui.tr(title_key)}**")
    if competencies:
        st.markdown("\n".join(f"- {trends.competency_line(view.summary, c, ui.lang())}" for c in competencies))
    else:
        st.caption(ui.tr(empty_key))


st.title(ui.tr("trends.title"))
st.caption(ui.tr("trends.intro"))
every, table = ui.reflections()
companies = dict(zip(every["company_id"], table.iloc[:, 1], strict=True))
filters = Filters(*map(tuple, ui.interview_filters("trend", companies)))
picked = tuple(st.session_state.get("trend_competencies") or ())
# One chart section at a time, when chosen: each Plotly figure costs the browser 100-200 ms to draw.
view = ui.trends_page(filters, picked, st.session_state.get("trend_section"))
states = view.states

if section("overview") and view.headline:
    head = view.headline
    left, right = st.columns(2)
    left.metric(ui.tr("trends.interviews_metric"), head.interviews)
    right.metric(ui.tr("trends.overall_metric"), trends.format_rating(head.average_overall, ui.lang()))
    if head.strongest or head.weakest:
        left, right = st.columns(2)
        with left:
            competency_lines("trends.strongest", head.strongest, "trends.none_listed")
            competency_lines("trends.improving", head.improving[:3], "trends.none_improving")
        with right:
            competency_lines("trends.weakest", head.weakest, "trends.none_listed")
            competency_lines("trends.declining", head.declining[:3], "trends.none_declining")

if view.sections:
    # Nothing drawn until a chart is chosen: the overview says what matters, and a visit stays quick.
    st.segmented_control(ui.tr("trends.section_pick"), view.sections, default=view.shown, key="trend_section",
                         format_func=ui.labels("trends.section"))

if section("radar") and "radar" in view.figures:
    chart("radar")

if section("timeline") and "timeline" in view.figures:
    if any(c not in view.rated for c in picked):  # the filters left some chosen competencies unrated
        st.session_state["trend_competencies"] = [c for c in picked if c in view.rated]
    st.multiselect(ui.tr("trends.competency_select"), view.rated, default=list(picked) or view.default_pick,
                   format_func=ui.labels("competency"), key="trend_competencies",
                                         placeholder=ui.tr("streamlit.choose_option"))
    if view.granularity != "interview":
        st.caption(ui.tr("trends.timeline.aggregated", period=ui.tr(f"trends.period.{view.granularity}")))
    chart("timeline")

if section("heatmap") and "heatmap" in view.figures:
    # Below a phone's width the heatmap's columns are a few pixels wide: the same figures as a list.
    ui.phone_or_wide("heatmap_list", "heatmap_wide")
    with st.container(key="heatmap_wide"):
        chart("heatmap")
    with st.container(key="heatmap_list"):
        heatmap_list()

if section("categories") and "categories" in view.figures:
    chart("categories")
    if view.lowest is not None:
        lowest_questions()

if section("outcomes") and "pass_rate" in view.figures:
    left, right = st.columns(2)
    with left:
        chart("pass_rate")
    with right:
        chart("rating_result")
