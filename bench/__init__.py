"""Benchmark harness for `make bench`: page rerun times under AppTest against an empty page, and page
switches in Chromium against a stock Streamlit app (bench/browser.py)."""

from __future__ import annotations

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
