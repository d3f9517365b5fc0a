"""Pure plotly: the prepared results of lib.reflect.trends in, translated Figures out. No streamlit.

Every title, axis, legend entry and hover label comes from the locale catalogs; user text
(company names) is HTML-escaped because plotly renders labels as a small HTML subset.
Competencies keep the taxonomy's order and one colour each across all charts; rating axes
always run from 1 to 5; values are rounded before plotting to keep the JSON small.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.i18n import t
from lib.models import RESULTS
from lib.reflect.trends import SMALL_SAMPLE, Heatmap, Radar, Timeline, interview_count

# Calm, distinct colours (Tableau 10 and its lighter companions), one per competency.
COMPETENCY_COLOURS: dict[str, str] = {
    "self_introduction": "#4E79A7",
    "motivation": "#F28E2B",
    "reason_for_change": "#E15759",
    "career_story": "#76B7B2",
    "strengths": "#59A14F",
    "weaknesses": "#EDC948",
    "achievements": "#B07AA1",
    "culture_fit": "#FF9DA7",
    "industry_knowledge": "#9C755F",
    "reverse_questions": "#79706E",
    "communication": "#A0CBE8",
    "composure": "#8CD17D",
    "role_skills": "#D37295",
}
RESULT_COLOURS: dict[str, str] = {
    "pending": "#BAB0AC",
    "passed": "#59A14F",
    "rejected": "#E15759",
    "offer": "#2E7D5B",
    "withdrawn": "#8C8C8C",
}
# Shapes as well as colours, so that results stay apart in print and for colour-blind eyes.
RESULT_SYMBOLS: dict[str, str] = {
    "pending": "circle-open",
    "passed": "circle",
    "rejected": "x",
    "offer": "star",
    "withdrawn": "square-open",
}
LATEST_COLOUR = "#4E79A7"
EARLIER_COLOUR = "#9C9C9C"
PASS_COLOUR = RESULT_COLOURS["passed"]
# Red for a weak self-rating, white for 3, blue for a strong one (readable without red-green).
RATING_SCALE = [[0.0, "#D6604D"], [0.25, "#F4A582"], [0.5, "#F7F7F7"], [0.75, "#92C5DE"], [1.0, "#4393C3"]]
RATING_TICKS = [1, 2, 3, 4, 5]

# plotly_white's layout without its per-trace defaults: the full template adds ~6 KB to every figure.
_TEMPLATE = go.layout.Template(layout=pio.templates["plotly_white"].layout)
_MARGIN = {"l": 8, "r": 8, "t": 48, "b": 8}
_COMPANY_TICK = 8  # characters of a company name under a heatmap column
# Legal-form words that would fill those few characters without telling companies apart.
_LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "(株)", "㈱")


def competency_label(competency: str, lang: str) -> str:
    return i18n.t(f"competency.{competency}", lang)


# A radar's labels sit outside its circle and plotly makes no room for them: on a phone (a
# chart ~360 px wide) a long one ran off the edge. Long labels go on two lines, and the
# margins keep the longest line inside the figure.
_RADAR_LINE = {"ja": 5, "en": 12}  # characters on one line of a radar label
_RADAR_MARGIN = {"l": 72, "r": 72, "t": 72, "b": 8}
_BREAK_AFTER = "・）)のな"  # where a Japanese label reads well broken after
_BREAK_BEFORE = "（(と"


def wrapped_label(label: str, lang: str) -> str:
    """`label` on more lines (plotly's <br>) when it is longer than a radar line: English
    wrapped at spaces; Japanese on two lines broken at the natural point nearest its middle
    (after 「・」「の」…, before 「（」「と」)."""
    width = _RADAR_LINE.get(lang, 12)
    if len(label) <= width:
        return label
    if lang == "en":
        lines: list[str] = []
        for word in re.split(r"(?<=-)| ", label):  # after a hyphen too: "Self-introduction"
            joined = lines[-1] + word if lines and lines[-1].endswith("-") else f"{lines[-1]} {word}" if lines else ""
            if lines and len(joined) <= width:
                lines[-1] = joined
            else:
                lines.append(word)
        return "<br>".join(lines)
    else:
        cuts = [(i + 1, i + 1) for i, ch in enumerate(label[:-1]) if ch in _BREAK_AFTER and i > 0]
        cuts += [(i, i) for i, ch in enumerate(label) if ch in _BREAK_BEFORE and i > 0]
        cuts = cuts or [(len(label) // 2, len(label) // 2)]
    if not cuts:
        return label
    end, start = min(cuts, key=lambda cut: abs(cut[0] - len(label) / 2))
    return f"{label[:end]}<br>{label[start:]}"


def _escape(text: object) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def _rounded(values: Iterable, digits: int = 2) -> list:
    """Plain JSON numbers (shorter than plotly's base64 float arrays at this precision), None for gaps."""
    return [None if v is None or pd.isna(v) else round(float(v), digits) for v in values]


def _short_date(moment: pd.Timestamp, lang: str) -> str:
    return i18n.format_date(t("trends.short_date", lang), moment, lang)


def _short_company(name: str) -> str:
    short = name
    for form in _LEGAL_FORMS:
        short = short.replace(form, "")
    short = short.strip() or name
    return short if len(short) <= _COMPANY_TICK else short[:_COMPANY_TICK - 1] + "…"


def _figure(title: str, *, height: int = 380, fig: go.Figure | None = None) -> go.Figure:
    fig = go.Figure() if fig is None else fig
    fig.update_layout(template=_TEMPLATE, title={"text": title, "x": 0, "xanchor": "left"}, margin=_MARGIN,
                      height=height, legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0})
    return fig


def _no_data(fig: go.Figure, lang: str) -> go.Figure:
    """A figure that says there is nothing to draw, in case a page forgets section_states()."""
    fig.add_annotation(text=t("trends.no_data", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _rating_axis(title: str) -> dict:
    return {"title": {"text": title}, "range": [0.5, 5.5], "tickvals": RATING_TICKS, "zeroline": False}


# ---------------------------------------------------------------------------- radar

def radar_chart(radar: Radar, lang: str) -> go.Figure:
    """Latest interview's self-ratings against the mean of all earlier interviews.
    Axes: the competencies rated in either, in taxonomy order; radius fixed to 1-5.
    Traces: earlier average (only when there is an earlier interview), then latest."""
    fig = _figure(t("trends.radar.title", lang), height=420)
    ratings = radar.ratings
    shown = ratings[ratings["latest"].notna() | ratings["earlier"].notna()]
    if radar.latest is None or shown.empty:
        return _no_data(fig, lang)
    theta = [wrapped_label(competency_label(c, lang), lang) for c in shown.index]
    theta.append(theta[0])  # close the polygon
    hover = f"<b>%{{theta}}</b><br>{t('trends.rating', lang)}: %{{r:.2f}}"

    def trace(values: pd.Series, name: str, colour: str, dash: str) -> go.Scatterpolar:
        r = _rounded(values)
        complete = all(v is not None for v in r)
        return go.Scatterpolar(r=r + r[:1], theta=theta, name=name, mode="lines+markers",
                               line={"color": colour, "dash": dash}, marker={"size": 7},
                               fill="toself" if complete else "none", opacity=0.9, hovertemplate=hover)

    if shown["earlier"].notna().any():
        fig.add_trace(trace(shown["earlier"], t("trends.radar.earlier", lang,
                                                 interviews=interview_count(radar.earlier_interviews, lang)),
                            EARLIER_COLOUR, "dot"))
    latest = radar.latest
    fig.add_trace(trace(shown["latest"], t("trends.radar.latest", lang, date=_short_date(latest["local_start"], lang),
                                            company=_escape(latest["company"])), LATEST_COLOUR, "solid"))
    # The radial ticks sit between the first two competencies, clear of their labels.
    between = 90 - 180 / len(shown)
    fig.update_layout(polar={"radialaxis": {"range": [1, 5], "tickvals": RATING_TICKS, "angle": between,
                                            "tickangle": between},
                             "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 11}}},
                      legend={"y": -0.08}, margin=_RADAR_MARGIN)
    return fig


# ---------------------------------------------------------------------------- timeline

def timeline_chart(timeline: Timeline, lang: str) -> go.Figure:
    """Ratings over time per competency with their rolling mean.

    One point per interview: markers coloured and shaped by the interview's result (one
    legend entry per result, RESULTS order); the line has the competency's colour. Aggregated timelines
    (week/month/... means, see trends.competency_timeline) have one marker trace per
    competency with the number of ratings in the hover. Per competency (taxonomy order)
    the traces are: rolling-mean line, then markers."""
    points, granularity, window = timeline
    present = set(points["competency"])
    competencies = [c for c in COMPETENCIES if c in present]
    single = len(competencies) == 1
    title = (t("trends.timeline.title", lang, competency=competency_label(competencies[0], lang)) if single
             else t("trends.timeline.title_many", lang))
    fig = _figure(title, height=400)
    if not competencies:
        return _no_data(fig, lang)
    day, sep = t("trends.d3_day", lang), t("common.separator", lang)
    x_format = {"interview": day, "week": day, "month": t("trends.d3_month", lang),
                "quarter": t("trends.d3_month", lang), "year": "%Y"}[granularity]
    rating = t("trends.rating", lang)
    rolling_name = t(f"trends.rolling.{granularity}", lang, window=window)
    results_shown: set[str] = set()
    for competency in competencies:
        label = competency_label(competency, lang)
        colour = COMPETENCY_COLOURS[competency]
        mine = points[points["competency"] == competency]
        x = mine["when"].dt.strftime("%Y-%m-%d %H:%M" if granularity == "interview" else "%Y-%m-%d")
        hover = f"<b>{label}</b><br>%{{x|{x_format}}}<br>{rolling_name}: %{{y:.2f}}<extra></extra>"
        if len(mine) >= 2:
            fig.add_trace(go.Scatter(
                x=x.tolist(), y=_rounded(mine["rolling"]), mode="lines", name=rolling_name if single else label,
                legendgroup=competency, line={"color": colour, "width": 2.5}, hovertemplate=hover,
            ))
        elif not single:
            # One point draws no line, and a legend entry for a line that is not drawn misleads:
            # the competency is marked by a dash of its colour behind its point instead.
            fig.add_trace(go.Scatter(
                x=x.tolist(), y=_rounded(mine["rolling"]), mode="markers", name=label, legendgroup=competency,
                marker={"color": colour, "symbol": "line-ew-open", "size": 18, "line": {"width": 3, "color": colour}},
                hovertemplate=hover,
            ))
        if granularity != "interview":
            mean_name = t(f"trends.mean.{granularity}", lang)
            when = t(f"trends.period_start.{granularity}", lang, date=f"%{{x|{x_format}}}")
            fig.add_trace(go.Scatter(
                x=x.tolist(), y=_rounded(mine["rating"]), mode="markers",
                name=mean_name if single else f"{label}: {mean_name}", legendgroup=competency,
                marker={"color": colour, "size": 7, "opacity": 0.7}, customdata=mine["count"].astype(int).tolist(),
                hovertemplate=(f"<b>{label}</b><br>{when}<br>{mean_name}: %{{y:.2f}}<br>"
                               f"{t('trends.timeline.ratings', lang)}: %{{customdata}}<extra></extra>"),
            ))
            continue
        results = mine["result"].where(mine["result"].isin(RESULTS), "pending")
        for result in RESULTS:
            chosen = mine[results == result]
            if chosen.empty:
                continue
            result_label = t(f"result.{result}", lang)
            rounds = [t(f"round.{r}", lang) if isinstance(r, str) else "" for r in chosen["round"]]
            fig.add_trace(go.Scatter(
                x=x[results == result].tolist(), y=_rounded(chosen["rating"]), mode="markers", name=result_label,
                legendgroup=f"result.{result}", showlegend=result not in results_shown,
                marker={"color": RESULT_COLOURS[result], "symbol": RESULT_SYMBOLS[result], "size": 9,
                        "line": {"width": 2}},
                customdata=[[_escape(c), r] for c, r in zip(chosen["company"], rounds, strict=True)],
                hovertemplate=(f"<b>{label}</b><br>%{{x|{day}}}{sep}%{{customdata[0]}}{sep}%{{customdata[1]}}<br>"
                               f"{result_label}<br>{rating}: %{{y}}<extra></extra>"),
            ))
            results_shown.add(result)
    fig.update_layout(yaxis=_rating_axis(rating), xaxis={
        "type": "date", "title": {"text": t("trends.date", lang)},
        "tickformatstops": [{"dtickrange": [None, "M1"], "value": day},
                            {"dtickrange": ["M1", None], "value": t("trends.d3_month", lang)}],
        **_few_days_axis(points["when"], lang),
    })
    return fig


# With this few interview days, plotly's automatic date ticks repeat one day (every few hours).
FEW_DAYS = 6


def _few_days_axis(moments: pd.Series, lang: str) -> dict:
    """One tick per interview day, and a day of room either side, when there are few days."""
    days = sorted({moment.date() for moment in moments})
    if not days or len(days) > FEW_DAYS:
        return {}
    first_of_day = {moment.date(): moment for moment in sorted(moments, reverse=True)}
    ticks = [first_of_day[day].strftime("%Y-%m-%d %H:%M") for day in days]
    span = [pd.Timestamp(days[0]) - pd.Timedelta(days=1), pd.Timestamp(days[-1]) + pd.Timedelta(days=2)]
    return {"tickmode": "array", "tickvals": ticks,
            "ticktext": [i18n.format_datetime(day, lang, with_time=False) for day in days],
            "range": [moment.strftime("%Y-%m-%d") for moment in span]}


# ---------------------------------------------------------------------------- heatmap

def heatmap_chart(heatmap: Heatmap, lang: str) -> go.Figure:
    """Competency (rows, taxonomy order, top to bottom) × interview (columns, oldest left)
    coloured from 1 (red) through 3 (white) to 5 (blue); unrated cells stay blank. Column
    ticks are a short date and the company; the hover has the full date, company and round."""
    matrix, interviews = heatmap
    fig = _figure(t("trends.heatmap.title", lang, count=len(interviews)), height=230 + 24 * max(len(matrix), 3))
    if matrix.empty or not matrix.notna().to_numpy().any():
        return _no_data(fig, lang)
    # Each column is named by its full description (date · company · round), so the hover can
    # show it once per column instead of repeating it in every cell's customdata.
    columns, ticks = [], []
    for row in interviews.itertuples():
        company = str(row.company)
        short = _short_company(company)
        ticks.append(f"{_short_date(row.local_start, lang)} {_escape(short)}")
        name = t("common.separator", lang).join([i18n.format_datetime(row.local_start, lang, with_time=False), _escape(company),
                           t(f"round.{row.round}", lang) if isinstance(row.round, str) else ""])
        while name in columns:  # two interviews on the same day with the same company and round
            name += "\u200b"
        columns.append(name)
    fig.add_trace(go.Heatmap(
        z=[_rounded(values) for values in matrix.to_numpy()], x=columns,
        y=[competency_label(c, lang) for c in matrix.index],
        zmin=1, zmax=5, colorscale=RATING_SCALE, xgap=2, ygap=2, hoverongaps=False,
        texttemplate="%{z}", textfont={"size": 10},
        colorbar={"title": {"text": t("trends.rating", lang)}, "tickvals": RATING_TICKS, "thickness": 12},
        hovertemplate=f"<b>%{{y}}</b><br>%{{x}}<br>{t('trends.rating', lang)}: %{{z}}<extra></extra>",
    ))
    fig.update_layout(
        xaxis={"type": "category", "tickmode": "array", "tickvals": columns, "ticktext": ticks,
               "title": {"text": t("trends.date", lang)}, "showgrid": False},
        yaxis={"autorange": "reversed", "title": {"text": t("trends.competency", lang)}, "showgrid": False},
    )
    return fig


# ---------------------------------------------------------------------------- question categories

def category_chart(stats: pd.DataFrame, lang: str) -> go.Figure:
    """Per question category (taxonomy order, top to bottom): the mean rating of your
    answers (dots on a 1-5 axis, left) and how often it was asked (bars, right). When no
    answer is rated, only the bars."""
    title, height = t("trends.categories.title", lang), 160 + 26 * max(len(stats), 3)
    fig = _figure(title, height=height)
    if stats.empty:
        return _no_data(fig, lang)
    labels = [competency_label(c, lang) for c in stats.index]
    colours = [COMPETENCY_COLOURS[c] for c in stats.index]
    mean_title, asked_title = t("trends.categories.mean", lang), t("trends.categories.asked", lang)
    has_mean = stats["mean"].notna().any()
    if has_mean:
        # The two panels are named by their axis titles under them: subplot titles above ran into
        # each other and into the figure's title on a phone.
        fig = _figure(title, height=height, fig=make_subplots(
            rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06, column_widths=[0.55, 0.45]))
        fig.add_trace(go.Scatter(
            x=_rounded(stats["mean"]), y=labels, mode="markers", name=mean_title, showlegend=False,
            marker={"color": colours, "size": 13, "line": {"color": "#FFFFFF", "width": 1}},
            customdata=stats["rated"].astype(int).tolist(),
            hovertemplate=(f"<b>%{{y}}</b><br>{mean_title}: %{{x:.2f}}<br>"
                           f"{t('trends.categories.rated', lang)}: %{{customdata}}<extra></extra>"),
        ), row=1, col=1)
        fig.update_xaxes(_rating_axis(t("trends.categories.mean_axis", lang)), row=1, col=1)
    bars = go.Bar(
        x=stats["asked"].astype(int).tolist(), y=labels, orientation="h", name=asked_title, showlegend=False,
        marker={"color": colours}, customdata=_rounded(stats["share"], 3),
        texttemplate="%{x}", textposition="auto",
        hovertemplate=f"<b>%{{y}}</b><br>{asked_title}: %{{x}} (%{{customdata:.0%}})<extra></extra>",
    )
    if has_mean:
        fig.add_trace(bars, row=1, col=2)
        fig.update_xaxes(title_text=asked_title, rangemode="tozero", row=1, col=2)
    else:
        fig.add_trace(bars)
        fig.update_xaxes(title_text=asked_title, rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig


# ---------------------------------------------------------------------------- outcomes

def _pass_rate_chart(counts: pd.DataFrame, labels: list[str], title: str, axis_title: str, lang: str) -> go.Figure:
    fig = _figure(title, height=340)
    if counts.empty or counts["decided"].sum() == 0:
        return _no_data(fig, lang)
    decided = counts["decided"].astype(int).tolist()
    x = [f"{label}<br>{t('trends.outcomes.n', lang, count=n)}" for label, n in zip(labels, decided, strict=True)]
    pass_rate = t("trends.outcomes.pass_rate", lang)
    fig.add_trace(go.Bar(
        x=x, y=_rounded(counts["rate"], 3), name=pass_rate, showlegend=False,
        # Rates on few results are hatched so that nobody reads 1 of 1 as "100 %".
        marker={"color": PASS_COLOUR, "pattern": {"shape": ["/" if 0 < n < SMALL_SAMPLE else "" for n in decided]}},
        customdata=[[int(p), n] for p, n in zip(counts["passed"], decided, strict=True)],
        texttemplate="%{y:.0%}", textposition="outside",
        hovertemplate=(f"<b>%{{x}}</b><br>{pass_rate}: %{{y:.0%}}<br>"
                       f"{t('trends.outcomes.passed_of_decided', lang)}: %{{customdata[0]}} / %{{customdata[1]}}"
                       "<extra></extra>"),
    ))
    fig.update_layout(yaxis={"range": [0, 1.15], "tickformat": ".0%", "tickvals": [0, 0.25, 0.5, 0.75, 1],
                             "title": {"text": pass_rate}},
                      xaxis={"title": {"text": axis_title}, "type": "category"})
    return fig


def pass_rate_chart(by_round: pd.DataFrame, lang: str) -> go.Figure:
    """Pass rate per round (trends.pass_rate_by_round), with the number of decided results
    under each bar; bars on fewer than SMALL_SAMPLE results are hatched."""
    labels = [t(f"round.{r}", lang) for r in by_round.index]
    return _pass_rate_chart(by_round, labels, t("trends.outcomes.by_round", lang),
                            t("trends.outcomes.round", lang), lang)


def rating_result_chart(by_band: pd.DataFrame, lang: str) -> go.Figure:
    """Pass rate per overall-rating band (trends.rating_vs_result): do interviews you rated
    higher pass more often? n under each bar, small samples hatched."""
    labels = [t(f"trends.band.{b}", lang) for b in by_band.index]
    return _pass_rate_chart(by_band, labels, t("trends.outcomes.by_rating", lang),
                            t("trends.outcomes.overall", lang), lang)
