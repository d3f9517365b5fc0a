"""Pipeline: every active company by selection stage, its next action, moves, and the funnel."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from lib import ui
from lib.i18n import format_datetime
from lib.pipeline import board
from lib.pipeline.charts import funnel_chart
from lib.pipeline.next_action import describe
from lib.pipeline.stages import STAGES, funnel, set_stage, stage_history

ui.ensure_routed()


@ui.by_data_version()
def board_view(language: str, minute: datetime) -> tuple[list, str]:
    """The cards and the board's HTML, once per data version, language and minute."""
    with ui.database() as conn:
        cards = board.cards(board.board_rows(conn, minute), minute)
    return cards, board.board_html(cards, language)


@ui.by_data_version()
def funnel_view(language: str) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """The funnel figures, their table and chart, once per data version and language."""
    with ui.database() as conn:
        figures = funnel(board.history_frame(stage_history(conn)))
    return figures, board.funnel_table(figures, language), funnel_chart(figures, language)


def move(company_id: int, name: str, previous: str) -> None:
    """Callback of the stage control: one click moves the company and records the move."""
    key = f"pipeline_stage_{company_id}"
    stage = st.session_state.get(key)
    if stage is None:  # clicking the current stage again unselects it: keep the stage
        st.session_state[key] = previous
        return
    with ui.database() as conn:
        set_stage(conn, company_id, stage)
    ui.flash("pipeline.moved", company=name, stage=ui.tr(f"stage.{stage}"))


st.title(ui.tr("nav.pipeline"))
ui.show_flash()

now = datetime.now(UTC).replace(second=0, microsecond=0)
cards, board_html = board_view(ui.lang(), now)
if not cards:
    ui.say("info", "pipeline.none_yet")
    st.page_link("pages/companies.py", label=ui.tr("pipeline.add_company"), icon=":material/add_business:")
    st.stop()

st.caption(ui.tr("pipeline.intro"))
st.markdown(f"#### {ui.tr('pipeline.board')}")
st.html(board_html)

by_id = {card.company_id: card for card in cards}


def move_section() -> None:
    chosen = st.selectbox(ui.tr("pipeline.move_company"), by_id, index=None, key="pipeline_company",
                          format_func=lambda company_id: ui.company_label(vars(by_id[company_id])),
                          placeholder=ui.tr("pipeline.move_pick"))
    if chosen is None or chosen not in by_id:
        return
    card = by_id[chosen]
    key = f"pipeline_stage_{card.company_id}"
    st.session_state[key] = card.stage  # always the stored stage, also after a move elsewhere
    st.segmented_control(ui.tr("pipeline.move_to"), STAGES, key=key, format_func=ui.labels("stage"),
                         on_change=move, args=(card.company_id, card.name, card.stage))
    st.caption(ui.tr("pipeline.move_hint"))
    if card.action.code != "none":
        ui.say("info", "pipeline.next_action", icon=":material/arrow_forward:",
               action=describe(card.action, ui.lang()))
    if card.next_interview:
        st.caption(ui.tr("pipeline.card_next", when=format_datetime(card.next_interview, ui.lang())))


# Moving by hand is the exception (interviews move a company), so it sits in a fold drawn only when
# opened (its list names every company); a link naming a company (?company=) opens it on that one.
param = st.query_params.get("company", "")
if param.isdigit() and int(param) in by_id and st.session_state.get("pipeline_linked") != param:
    st.session_state["pipeline_linked"] = param  # once per link: the user may then pick another company
    st.session_state["pipeline_company"] = int(param)
    st.session_state["pipeline_move_open"] = True
ui.fold(ui.tr("pipeline.move"), "pipeline_move_open", move_section, icon=":material/swap_horiz:",
        keep=("pipeline_company",))

st.markdown(f"#### {ui.tr('pipeline.funnel')}")
figures, table, chart = funnel_view(ui.lang())
if not figures["reached"].any():
    st.caption(ui.tr("pipeline.funnel_empty"))
    st.stop()
st.caption(ui.tr("pipeline.funnel_intro"))
left, right = st.columns([3, 2])
with left:
    # A static table: ten rows need no grid (an st.dataframe grid costs ~300 ms to draw).
    st.table(table.style.format({table.columns[3]: "{:.0%}", table.columns[4]: "{:.1f}"}, na_rep=ui.tr("common.none")),
             hide_index=True)
with right:
    st.plotly_chart(chart, key="pipeline_funnel_chart", config={"displayModeBar": False})
