"""Shared fixtures: every test gets its own SQLite file through FURIKAERI_DB."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as streamlit_config

from lib import db
from lib.storage import sample_data

ROOT = Path(__file__).resolve().parent.parent

# The tests run as a user in Japan: the machine's date (date.today(), and the servers the browser
# tests start) is the date of the app's display zone, whatever hour CI runs at.
os.environ["TZ"] = "Asia/Tokyo"
time.tzset()


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "furikaeri.db"
    monkeypatch.setenv("FURIKAERI_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


@pytest.fixture
def conn(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as connection:
        yield connection


@pytest.fixture
def sample_db(db_path):
    """A database holding the Japanese sample data."""
    db.migrate(db_path)
    with db.opened(db_path) as connection:
        sample_data.load_sample(connection, "ja", date.today())
    return db_path


@pytest.fixture(autouse=True)
def show_error_details():
    """Users see no tracebacks (.streamlit/config.toml); tests must."""
    before = streamlit_config.get_option("client.showErrorDetails")
    streamlit_config.set_option("client.showErrorDetails", "full")
    yield
    streamlit_config.set_option("client.showErrorDetails", before)
