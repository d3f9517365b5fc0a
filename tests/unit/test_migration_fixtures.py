"""A database made by every released schema version opens with today's code, migrates,
and keeps every row; a backup made by that version restores into today's schema."""

import hashlib
import importlib.util
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from lib import db
from lib.pipeline.companies import list_companies, list_interviews
from lib.reflect.analytics import reflections_frame
from lib.reflect.reflections import list_reflections
from lib.storage import backup, safety_copies

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)

FIXTURE_FILES = sorted(FIXTURES.glob("after_*.sqlite"))
ALL_MIGRATIONS = backup.migration_names()


def rows_of(path) -> dict[str, list[dict]]:
    conn = Database(sqlite3.connect(path))
    try:
        return backup.read_tables(conn)
    finally:
        conn.close()


def schema_of(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def applied(path) -> list[str]:
    conn = Database(sqlite3.connect(path))
    try:
        return [m.name for m in db.migrations.applied(conn)]
    finally:
        conn.close()


def keyed(table_rows: list[dict], pk: tuple[str, ...]) -> dict[tuple, dict]:
    return {tuple(row[c] for c in pk): row for row in table_rows}


@pytest.fixture(params=FIXTURE_FILES, ids=lambda p: p.stem)
def fixture_copy(request, tmp_path):
    """A copy of one fixture file as the user's database: the committed file stays untouched."""
    path = tmp_path / "furikaeri.db"
    shutil.copyfile(request.param, path)
    return request.param, path


def test_there_is_a_fixture_for_every_released_version_and_for_the_newest_schema():
    assert [p.name for p in FIXTURE_FILES] == [f"after_{name}.sqlite" for name in make_fixtures.RELEASED]
    assert make_fixtures.RELEASED[-1] == ALL_MIGRATIONS[-1], (
        "a new migration needs its fixture: add it to RELEASED in tests/fixtures/make_fixtures.py and run it")


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_files_are_small_self_contained_and_at_their_version(path):
    assert path.stat().st_size < 150_000
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL: no -wal file needed
    version = path.stem.removeprefix("after_")
    assert applied(path) == ALL_MIGRATIONS[:ALL_MIGRATIONS.index(version) + 1]


def test_every_row_survives_the_migrations(fixture_copy):
    original, path = fixture_copy
    committed = hashlib.sha256(original.read_bytes()).hexdigest()
    before = rows_of(path)
    assert sum(map(len, before.values())) > 10

    db.migrate(path)

    assert applied(path) == ALL_MIGRATIONS
    with db.opened(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if "communications_fts" in conn.table_names():
            conn.execute("INSERT INTO communications_fts(communications_fts) VALUES ('integrity-check')")
        schemas = backup.table_schemas(conn)
        # today's queries read the old rows
        assert len(list_companies(conn, include_archived=True)) == len(before["companies"])
        assert len(list_interviews(conn)) == len(before["interviews"])
        assert len(reflections_frame(list_reflections(conn))) == len(before["reflections"])
    after = rows_of(path)
    for table, old_rows in before.items():
        new_rows = keyed(after[table], schemas[table].pk)
        assert len(after[table]) == len(old_rows), table
        for old in old_rows:
            new = new_rows[tuple(old[c] for c in schemas[table].pk)]
            assert {c: new[c] for c in old} == old, table
    assert hashlib.sha256(original.read_bytes()).hexdigest() == committed


def test_a_safety_copy_of_the_old_file_is_made_before_migrating(fixture_copy):
    original, path = fixture_copy
    before = rows_of(path)
    pending = ALL_MIGRATIONS[len(applied(path)):]
    db.migrate(path)
    copies = safety_copies.list_copies(path)
    if not pending:
        assert copies == []
        return
    (copy,) = copies
    assert copy.reason == f"before_{pending[0]}"
    assert rows_of(copy.path) == before
    assert applied(copy.path) == applied(original)
    db.migrate(path)  # nothing pending: no second copy
    assert len(safety_copies.list_copies(path)) == 1


def test_a_backup_made_by_an_old_version_restores_like_the_migrated_file(fixture_copy, tmp_path):
    original, path = fixture_copy
    with db.opened(path) as old:
        made = backup.backup_bytes(old, datetime(2026, 10, 9))
    checked = backup.read_backup(made)
    assert list(checked.made_with) == applied(original)
    assert checked.upgraded == (applied(original) != ALL_MIGRATIONS)

    fresh = tmp_path / "fresh.db"
    db.migrate(fresh)
    with db.opened(fresh) as conn:
        backup.restore(conn, checked)
    db.migrate(path)
    assert rows_of(fresh) == rows_of(path)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_released_migrations_are_unchanged(path, tmp_path):
    """Remaking a fixture with today's migrations gives the committed schema and rows:
    a released migration has not been edited."""
    remade = make_fixtures.build(tmp_path / path.name, path.stem.removeprefix("after_"))
    assert schema_of(remade) == schema_of(path)
    assert rows_of(remade) == rows_of(path)
