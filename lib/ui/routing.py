"""Which page runs, and for which record: the one Streamlit workaround, ?interview=, and the
record a list's line opened (?company=, ?agent=, ?entry=, ?interview=)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.pipeline.companies import get_interview
from lib.ui.paging import first_rows, more_rows
from lib.ui.session import database, tr
from lib.ui.text import md, say


def ensure_routed() -> None:
    """Run every page through app.py's st.navigation.

    When the first request after the server starts is a deep link (say a bookmarked
    /reflect?interview=3), Streamlit 1.67 has not yet seen st.navigation and runs the page
    file directly in its legacy pages/ mode, skipping app.py. Leave that mode and rerun.
    This is the only place that touches Streamlit's internals; tests/unit/test_i18n.py
    fails loudly when the flag it relies on changes.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def interview_in_query(pick: Callable[[], None]) -> dict:
    """The interview named by ?interview= (with its interviewers). Without one, `pick` offers
    a choice and the page stops there; an unknown id says so and stops."""
    param = st.query_params.get("interview", "")
    if not param.isdigit():
        pick()
        st.stop()
    with database() as conn:
        interview = get_interview(conn, int(param))
    if interview is None:
        say("warning", "wizard.not_found")
        st.stop()
    return interview


def opened(name: str) -> int | None:
    """The id of the record the URL names with ?<name>=, if any."""
    param = st.query_params.get(name, "")
    return int(param) if param.isdigit() else None


def open_record(name: str, record_id: int | None) -> None:
    """A list line's click (or a close button's, with None): open that record, in the URL too
    so that a reload or a bookmark keeps it open."""
    if record_id is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = str(record_id)


def close_button(name: str) -> None:
    """The button that closes the record opened with ?<name>= (key "<name>_close")."""
    st.button(tr("common.close"), key=f"{name}_close", icon=":material/close:", on_click=open_record, args=(name, None))


def record_list(table: str, name: str, rows: list, lines: Callable[[list], list[tuple[int, str]]], *,
                icon: str, per_page: int = 25) -> None:
    """A list whose every line is one button opening its record (?<name>=id), `per_page` lines at
    a time, the open one marked, and the hint "<table>.open_hint" below. `lines(page)` gives each
    row's (id, text); the text is shown literally. A static list instead of a selectable grid: an
    st.dataframe costs ~300 ms to draw on every visit and opens a record only through a small box."""
    chosen = opened(name)
    page = first_rows(rows, f"{table}_table", per_page)
    with st.container(key=f"{table}_table", gap=None):
        for record_id, line in lines(page):
            st.button(md(line), key=f"{table}_row_{record_id}", on_click=open_record, args=(name, record_id),
                      icon=icon, type="secondary" if record_id == chosen else "tertiary")
    more_rows(f"{table}_table", len(page), len(rows), per_page)
    st.caption(tr(f"{table}.open_hint"))
