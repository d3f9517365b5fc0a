"""Pure plotly: lib.pipeline.stages.funnel() in, a translated funnel Figure out. No streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from lib.i18n import t

FUNNEL_COLOUR = "#3d6b8e"
# plotly_white's layout without its per-trace defaults, as lib.charts does (smaller JSON).
_TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout)


def funnel_chart(funnel: pd.DataFrame, lang: str) -> go.Figure:
    """How many companies reached each stage, with the share that went on from the stage before."""
    labels = [t(f"stage.{stage}", lang) for stage in funnel["stage"]]
    reached = [int(v) for v in funnel["reached"]]
    fig = go.Figure(go.Funnel(
        y=labels, x=reached, marker={"color": FUNNEL_COLOUR}, textinfo="value+percent previous",
        hovertemplate=t("pipeline.chart_hover", lang, stage="%{y}", count="%{x}") + "<extra></extra>",
    ))
    fig.update_layout(template=_TEMPLATE, title={"text": t("pipeline.chart_title", lang), "x": 0, "xanchor": "left"},
                      margin={"l": 8, "r": 8, "t": 48, "b": 8}, height=60 + 40 * len(labels))
    if not any(reached):
        fig.add_annotation(text=t("pipeline.funnel_empty", lang), showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return fig
