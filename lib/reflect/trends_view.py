"""Pure: everything the Trends page shows, computed in one go so that it can be cached.

Building Plotly figures is the expensive part of the page (validation of every property),
and drawing them the expensive part in the browser, so the page shows one chart section at
a time, only when asked (the overview alone by default), builds only that one, and asks for this view once per data version, language,
filters, chosen competencies and section; reruns only redraw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from lib.reflect import charts, trends
from lib.reflect.analytics import filter_reflections

# The sections drawn as charts, one at a time, in the order the page offers them.
CHART_SECTIONS = ("radar", "timeline", "heatmap", "categories", "outcomes")


@dataclass(frozen=True)
class Filters:
    companies: tuple[int, ...] = ()
    rounds: tuple[str, ...] = ()
    dates: tuple = ()

    @property
    def is_set(self) -> bool:
        """True when any filter narrows the data (an empty page then suggests widening them)."""
        return bool(self.companies or self.rounds or self.dates)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        return filter_reflections(frame, companies=self.companies, rounds=self.rounds, dates=self.dates)


silent = trends.Section(False, None)


@dataclass
class TrendsView:
    states: dict[str, trends.Section]
    summary: pd.DataFrame
    headline: trends.Headline | None = None
    rated: list[str] = field(default_factory=list)        # competencies with at least one rating
    default_pick: list[str] = field(default_factory=list)  # what the timeline shows when nothing is chosen
    granularity: str = "interview"
    # Chart name -> Figure. Kept as Figure objects: st.plotly_chart re-validates a dict
    # (as slow as building it) but takes a Figure as it is.
    figures: dict[str, go.Figure] = field(default_factory=dict)
    heatmap_list: list[trends.HeatmapEntry] = field(default_factory=list)  # the heatmap as a list, for a phone
    lowest: pd.DataFrame | None = None
    filtered: bool = False  # whether a filter is set
    sections: list[str] = field(default_factory=list)  # chart sections with something to show or say
    shown: str | None = None  # the one chart section built, if one is chosen


def build(reflections: pd.DataFrame, scores: pd.DataFrame, questions: pd.DataFrame, filters: Filters,
          picked: tuple[str, ...], lang: str, section: str | None = None) -> TrendsView:
    """The Trends page for these filters and chosen competencies, in `lang`, with the figures of
    the chart section `section` if it has something to show or say (none without one)."""
    reflections, scores, questions = filters.apply(reflections), filters.apply(scores), filters.apply(questions)
    states = trends.section_states(scores, questions, reflections, filtered=filters.is_set)
    summary = trends.competency_summary(scores)
    view = TrendsView(states, summary, filtered=filters.is_set)
    if states["overview"].show:
        view.headline = trends.headline(reflections, summary)
        if view.headline.focus and states["overview"].message is None:
            # The headline sentence is the overview's message: one sentence the lists and charts below bear out.
            states["overview"] = trends.Section(True, trends.focus_message(summary, view.headline.focus, lang))
    view.rated = [c for c in summary.index if summary.loc[c, "count"] > 0]
    view.default_pick = trends.weakest(summary, 1) or view.rated[:1]
    view.sections = [name for name in CHART_SECTIONS if states[name].show or states[name].message is not None]
    view.shown = section if section in view.sections else None
    states = {name: state for name, state in states.items() if name in ("overview", view.shown)}
    figures = {}
    if states.get("radar", silent).show:
        figures["radar"] = charts.radar_chart(trends.radar_comparison(scores), lang)
    if states.get("timeline", silent).show:
        timeline = trends.competency_timeline(scores, list(picked) or view.default_pick)
        view.granularity = timeline.granularity
        figures["timeline"] = charts.timeline_chart(timeline, lang)
    if states.get("heatmap", silent).show:
        heatmap = trends.heatmap_matrix(scores)
        figures["heatmap"] = charts.heatmap_chart(heatmap, lang)
        view.heatmap_list = trends.heatmap_list(heatmap, lang)
    if states.get("categories", silent).show:
        figures["categories"] = charts.category_chart(trends.category_stats(questions), lang)
        lowest = trends.lowest_questions(questions)
        view.lowest = None if lowest.empty else trends.lowest_questions_table(lowest, lang)
    if states.get("outcomes", silent).show:
        figures["pass_rate"] = charts.pass_rate_chart(trends.pass_rate_by_round(reflections), lang)
        figures["rating_result"] = charts.rating_result_chart(trends.rating_vs_result(reflections), lang)
    view.figures = figures
    return view
