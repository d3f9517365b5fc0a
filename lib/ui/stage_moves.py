"""The stage move an interview's save made: named on the page, with one click to take it back.

A page's save callback hands the move to `remember`; the page calls `show` where the message
belongs. lib.pipeline.companies.save_interview_moving returns the move.
"""

from __future__ import annotations

import streamlit as st

from lib.pipeline.stages import StageMove, undo_move
from lib.ui.session import database, tr
from lib.ui.text import flash, say

_KEY = "_stage_move"


def remember(move: StageMove | None) -> None:
    """Keep the move to show it after the rerun; a save that moved nothing clears the last one."""
    if move is None:
        st.session_state.pop(_KEY, None)
    else:
        st.session_state[_KEY] = move


def _undo() -> None:
    move = st.session_state.pop(_KEY, None)
    if move is None:
        return
    with database() as conn:
        undone = undo_move(conn, move)
    if undone:
        flash("pipeline.move_undone", company=move.company, stage=tr(f"stage.{move.before}"))
    else:
        flash("pipeline.move_kept", company=move.company)


def show() -> None:
    """The last move, if any: 「ミナト商事」を「一次面接」に移しました, an undo button and a link to
    the pipeline. Shown until undone or replaced by the next save."""
    move: StageMove | None = st.session_state.get(_KEY)
    if move is None:
        return
    with st.container(border=True, key="stage_move"):
        say("success", "pipeline.auto_moved", icon=":material/view_kanban:", company=move.company,
            before=tr(f"stage.{move.before}"), stage=tr(f"stage.{move.after}"))
        with st.container(horizontal=True, key="stage_move_actions", vertical_alignment="center"):
            st.button(tr("pipeline.undo_move"), key="stage_move_undo", icon=":material/undo:", on_click=_undo)
            st.page_link("pages/pipeline.py", label=tr("pipeline.open_board"), icon=":material/view_kanban:",
                         query_params={"company": move.company_id})
