"""Shared fixtures: every test gets its own SQLite file through FURIKAERI_DB."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import streamlit as st
from streamlit import config as streamlit_config

from lib import db
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import complete_reflection, save_reflection_field, start_reflection
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


class Make:
    """Records for a test's setup, saved through the app's own functions, with defaults for
    whatever the test does not care about. Name what matters to the test; leave the rest."""

    def __init__(self, conn):
        self.conn = conn

    def company(self, name: str = "ミナトデータ", *, agent: object = ..., is_sample: bool = False, **fields) -> int:
        """A company; `agent` and `is_sample` as save_company takes them, the rest as Company's fields."""
        extra = {} if agent is ... else {"agent": agent}
        return save_company(self.conn, Company(name=name, **fields), is_sample=is_sample, **extra)

    def interview(self, company_id: int | None = None, round: str = "first", day: date = date(2026, 11, 20),
                  start: clock_time = clock_time(10), *, at: datetime | None = None, **fields) -> int:
        """An interview (of a new company unless one is given); `at` sets day and start from an
        aware datetime, read in the interview's time zone and cut to the minute."""
        if at is not None:
            local = at.astimezone(ZoneInfo(fields.get("timezone", "Asia/Tokyo")))
            day, start = local.date(), local.time().replace(second=0, microsecond=0, tzinfo=None)
        company_id = self.company() if company_id is None else company_id
        return save_interview(self.conn, Interview(company_id, round, day, start, **fields))

    def reflection(self, interview_id: int | None = None, *, complete: bool = False, **fields) -> int:
        """A reflection (of a new, done interview unless one is given) with `fields` saved one by
        one as the wizard saves them; `complete` completes it (overall 3 unless given)."""
        interview_id = self.interview(status="done") if interview_id is None else interview_id
        reflection_id = start_reflection(self.conn, interview_id)
        if complete:
            fields.setdefault("overall", 3)
        for name, value in fields.items():
            save_reflection_field(self.conn, reflection_id, name, value)
        if complete:
            complete_reflection(self.conn, reflection_id)
        return reflection_id


@pytest.fixture
def make(conn) -> Make:
    """Unit tests: records in this test's database, on the test's own connection."""
    return Make(conn)


@pytest.fixture
def seed(db_path):
    """Page tests: `with seed() as make:` writes records, and closes the file before the app opens it."""

    @contextmanager
    def opened() -> Iterator[Make]:
        db.migrate(db_path)
        with db.opened(db_path) as connection:
            yield Make(connection)

    return opened


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
