"""Long tables shown a page at a time: the newest rows first, more on request.

A grid of 5,000 rows sends about half a megabyte to the browser on every page switch;
the first PAGE_ROWS rows answer most visits, and the filters narrow the rest.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd
import streamlit as st

from lib.ui.session import tr

PAGE_ROWS = 100
T = TypeVar("T", pd.DataFrame, list)


def _limit(key: str, size: int) -> int:
    return st.session_state.get(f"{key}_rows", size)


def _show_more(key: str, size: int) -> None:
    st.session_state[f"{key}_rows"] = _limit(key, size) + size


def first_rows(rows: T, key: str, size: int = PAGE_ROWS) -> T:
    """The rows (a frame or a list) shown so far for the table `key`: `size`, then `size` more per click."""
    return rows.iloc[:_limit(key, size)] if isinstance(rows, pd.DataFrame) else rows[:_limit(key, size)]


def more_rows(key: str, shown: int, total: int, size: int = PAGE_ROWS) -> None:
    """Under a paged table: how many rows it shows, and a button for the next page when there is one."""
    if shown >= total:
        return
    with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_paging"):
        st.caption(tr("common.rows_shown", shown=shown, total=total))
        st.button(tr("common.show_more", count=min(size, total - shown)), key=f"{key}_more",
                  on_click=_show_more, args=(key, size), icon=":material/expand_more:")
