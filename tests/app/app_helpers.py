"""AppTest helpers: the real Streamlit runtime, one fresh database per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import config, db, i18n

ROOT = Path(__file__).resolve().parents[2]

PAGES = ("home", "reflect", "reflections", "trends", "plan", "practice", "follow_up", "log", "stories", "pipeline",
         "calendar", "interviews", "companies", "agents", "data", "settings")


def open_app(page: str | None = None, *, lang: str = "ja", query: dict | None = None) -> AppTest:
    """The app as a user sees it, on `page`, in `lang`."""
    # The language a returning user chose earlier, as the app stores it.
    with db.opened(config.db_path()) as conn:
        db.migrations.apply(conn)
        db.set_setting(conn, "language", lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = str(value)
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page, for 'is this shown' checks."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "success", "info", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.fixture
def tr():
    return i18n.t


def html_of(at: AppTest) -> str:
    """Everything the page rendered with st.html (the calendar grid, the pipeline board)."""
    return "\n".join(element.value for element in at.html)


def list_lines(at: AppTest, name: str) -> list[str]:
    """The lines of a list whose every line is a button (companies, interviews, log, agents), as shown."""
    return [b.label for b in at.button if (b.key or "").startswith(f"{name}_row_")]


def open_line(at: AppTest, name: str, record_id: int) -> AppTest:
    """One click on a list's line: opens that record."""
    return at.button(key=f"{name}_row_{record_id}").click().run()


def open_fold(at: AppTest, key: str) -> AppTest:
    """A click on the heading of the closed fold `key` (ui.fold; an add form's is "<prefix>__open"): its content
    is drawn only while it is open."""
    return at.button(key=f"{key}__toggle").click().run()


def open_tab(at: AppTest, key: str, code: str) -> AppTest:
    """A click on the tab `code` of the tabs `key` (ui.lazy_tabs): only the open tab is drawn."""
    at.session_state[f"{key}__open"] = code
    return at.run()
