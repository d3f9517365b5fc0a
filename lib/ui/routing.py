"""Which page runs, and for which record: the one Streamlit workaround, ?interview=, and the
record a list's line opened (?company=, ?agent=, ?entry=, ?interview=)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.pipeline.companies import get_interview
from lib.ui.session import database
from lib.ui.text import say


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
