"""Shared fixtures: every test gets its own SQLite file through FURIKAERI_DB."""

from __future__ import annotations

import os
import shutil
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

from lib import clock, db
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import complete_reflection, save_reflection_field, start_reflection
from lib.storage import sample_data

ROOT = Path(__file__).resolve().parent.parent

# The tests run as a user in Japan: the machine's date (date.today(), and the servers the browser
# tests start) is the date of the app's display zone, whatever hour CI runs at.
os.environ["TZ"] = "Asia/Tokyo"
time.tzset()


# The slowest tests of the inner loop (seconds each, measured on the 2-core development machine),
# page runs and the longest property runs: marked slow here, so `make test-fast` leaves them out
# and `make test` runs them.
SLOW = {
    "tests/app/test_hostile_input.py::test_every_value_in_the_reflection_and_its_detail_view": 2.8,
    "tests/app/test_hostile_input.py::test_every_value_in_the_company_form": 2.3,
    "tests/app/test_offline.py::test_the_real_server_binds_to_loopback_and_connects_nowhere": 1.6,
    "tests/unit/test_question_set.py::"
    "test_sets_have_no_duplicates_respect_the_size_and_hold_one_or_two_reverse_questions": 1.6,
    "tests/unit/test_charts.py::test_the_whole_page_stays_small_at_5000_interviews": 1.2,
    "tests/unit/test_trends.py::test_strongest_and_weakest_never_overlap": 1.1,
    "tests/unit/test_thank_you_mail.py::test_any_typed_text_gives_three_to_five_paragraphs_and_no_quoted_note": 1.0,
    "tests/unit/test_trends.py::test_summary_counts_every_rating_once": 1.0,
    "tests/unit/test_eml.py::test_any_text_reads_back_equal": 0.9,
    "tests/unit/test_company_import.py::test_any_names_survive_export_then_import": 0.8,
    "tests/unit/test_backup.py::test_backup_then_restore_into_an_empty_database_is_lossless": 3.5,
}


@pytest.hookimpl(tryfirst=True)  # before -m and -k choose
def pytest_collection_modifyitems(items):
    found = set()
    for item in items:
        name = item.nodeid.split("[")[0]
        if name in SLOW:
            item.add_marker(pytest.mark.slow)
            found.add(name)
    collected_files = {item.nodeid.split("::")[0] for item in items}
    lost = [name for name in SLOW if name.split("::")[0] in collected_files and name not in found]
    if lost:
        raise pytest.UsageError(f"tests/conftest.py SLOW names tests that no longer exist: {lost}")


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "furikaeri.db"
    monkeypatch.setenv("FURIKAERI_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    return path


class Templates:
    """Databases built once and copied into each test that asks for one: a copy of a closed
    SQLite file is the same database (WAL mode included), in a fraction of the time.

    A template is kept for the minute it was built in, by the app's clock and the process's
    zone: the sample data is placed around "now", so a test gets the sample as it would have
    been built for it, at most a minute earlier (a test whose clock is frozen gets its own)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.built: dict[tuple, Path] = {}

    def _template(self, kind: str, moment: datetime | None = None) -> Path:
        """A closed file of `kind` ("migrated" or "sample"); the sample placed around `moment` if given."""
        now = moment or clock.now().strftime("%Y-%m-%dT%H:%M%z")
        key = (kind, now, date.today(), os.environ.get("TZ"))
        if key not in self.built:
            template = self.folder / f"{kind}-{len(self.built)}.db"
            db.migrate(template)
            if kind == "sample":
                with db.opened(template) as connection:
                    sample_data.load_sample(connection, "ja", moment or date.today())
            assert not template.with_name(template.name + "-wal").exists()  # closed: all in the file
            self.built[key] = template
        return self.built[key]

    def copy(self, kind: str, path: Path) -> None:
        shutil.copyfile(self._template(kind), path)

    def load_sample(self, connection, moment: datetime) -> None:
        """The Japanese sample placed around `moment`, written into an open (migrated) database."""
        with db.opened(self._template("sample", moment)) as template:
            template.conn.backup(connection.conn)


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def conn(db_path, templates):
    templates.copy("migrated", db_path)
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
def seed(db_path, templates):
    """Page tests: `with seed() as make:` writes records, and closes the file before the app opens it."""

    @contextmanager
    def opened() -> Iterator[Make]:
        if not db_path.exists():
            templates.copy("migrated", db_path)
        db.migrate(db_path)
        with db.opened(db_path) as connection:
            yield Make(connection)

    return opened


@pytest.fixture
def sample_db(db_path, templates):
    """A database holding the Japanese sample data."""
    templates.copy("sample", db_path)
    return db_path


@pytest.fixture(autouse=True)
def show_error_details():
    """Users see no tracebacks (.streamlit/config.toml); tests must."""
    before = streamlit_config.get_option("client.showErrorDetails")
    streamlit_config.set_option("client.showErrorDetails", "full")
    yield
    streamlit_config.set_option("client.showErrorDetails", before)
