"""The session: its language, its display zone, the database it works on (opened and
migrated once per process), and the current moment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import streamlit as st
from sqlite_utils import Database

from lib import clock, config, db, i18n
from lib.storage import safety_copies


def lang() -> str:
    """The UI language of this session."""
    return st.session_state.get("language", config.DEFAULT_LANGUAGE)


def tr(key: str, **fmt: object) -> str:
    """`key` translated into the session's language."""
    return i18n.t(key, lang(), **fmt)


@contextmanager
def database() -> Iterator[Database]:
    """A connection to the user's file for one operation."""
    with db.opened(config.db_path()) as conn:
        yield conn


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> bool:
    db.migrate(config.db_path())
    safety_copies.daily_copy(config.db_path())  # once a day, when the app starts; never stops it
    return True


def bootstrap() -> None:
    """Open and migrate the database once per process and pick the session's language;
    on a file we cannot use, show why and stop, leaving the file as it is."""
    from lib.ui.text import md

    locale_lang = i18n.language_from_locale(st.context.locale)
    try:
        _migrated(str(config.db_path()))
        if "language" not in st.session_state:
            with database() as conn:
                st.session_state["language"] = db.get_setting(conn, "language") or locale_lang
    except db.DatabaseUnavailable as problem:
        language = st.session_state.get("language", locale_lang)
        st.title(i18n.t("db_error.title", language))
        st.error(i18n.t(f"db_error.{problem.reason}", language, path=md(str(problem.path))))
        st.info(i18n.t("db_error.hint", language))
        st.stop()


def choose_language() -> None:
    """Callback of the language picker: switch this session and remember the choice."""
    st.session_state["language"] = st.session_state["language_picker"]
    with database() as conn:
        db.set_setting(conn, "language", st.session_state["language"])


def display_zone() -> str:
    """The zone every moment is shown in (Settings), read once per session."""
    if "display_zone" not in st.session_state:
        with database() as conn:
            st.session_state["display_zone"] = clock.display_zone(db.get_setting(conn, clock.SETTING))
    return st.session_state["display_zone"]


def choose_display_zone() -> None:
    """Callback of the zone picker in Settings: show every time in the chosen zone from now on."""
    st.session_state["display_zone"] = clock.display_zone(st.session_state["display_zone_picker"])
    with database() as conn:
        db.set_setting(conn, clock.SETTING, st.session_state["display_zone"])


def now() -> datetime:
    """The current moment in the display zone (never the server's own zone)."""
    return clock.now(display_zone())
