"""Benchmark harness for `make bench`: page rerun times under AppTest against an empty page, and page
switches in Chromium against a stock Streamlit app (bench/browser.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import CodeType

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"


@cache
def _compiled(path: Path, mtime_ns: int) -> CodeType:
    return compile(path.read_text(encoding="utf-8"), str(path), "exec")


def app_code() -> CodeType:
    """app.py compiled once per version of the file, as a running server keeps it."""
    return _compiled(APP, APP.stat().st_mtime_ns)


@contextmanager
def app_database(path: Path) -> Iterator[None]:
    """Point the app under AppTest at the database `path` (FURIKAERI_DB), with Streamlit's caches
    empty before and after; the previous setting comes back afterwards."""
    import streamlit as st

    previous = os.environ.get("FURIKAERI_DB")
    os.environ["FURIKAERI_DB"] = str(path)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("FURIKAERI_DB", None)
        else:
            os.environ["FURIKAERI_DB"] = previous
        st.cache_data.clear()
        st.cache_resource.clear()
