import os
import sqlite3
from datetime import date, time

import pytest

from lib import db
from lib.models import Company
from lib.pipeline.companies import get_company, save_company
from lib.reflect.reflections import start_reflection


def test_migrations_create_the_schema_and_applying_twice_changes_nothing(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        tables = set(conn.table_names())
        applied = [m.name for m in db.migrations.applied(conn)]
        schema = {name: conn[name].schema for name in tables}
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        assert [m.name for m in db.migrations.applied(conn)] == applied
        assert {name: conn[name].schema for name in conn.table_names()} == schema
    assert {"companies", "interviews", "interviewers", "reflections", "asked_questions",
            "competency_scores", "settings"} <= tables


def test_connection_settings(conn):
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_data_folder_is_created(tmp_path):
    path = tmp_path / "new" / "folder" / "furikaeri.db"
    db.migrate(path)
    assert path.exists()


def test_every_write_bumps_the_data_version(conn):
    before = db.data_version(conn)
    company_id = save_company(conn, Company(name="A"))
    after_insert = db.data_version(conn)
    conn.execute("DELETE FROM companies WHERE id = ?", [company_id])
    assert before < after_insert < db.data_version(conn)


def test_deleting_a_company_removes_everything_under_it(conn, make):
    company_id = make.company("A")
    other_id = make.company("B")
    for owner in (company_id, other_id):
        make.reflection(make.interview(owner, "first", date(2026, 1, 5), time(10)))
    conn.execute("DELETE FROM companies WHERE id = ?", [company_id])
    assert conn["interviews"].count == 1
    assert conn["reflections"].count == 1


def test_one_reflection_per_interview(conn, make):
    interview_id = make.interview(make.company("A"), "first", date(2026, 1, 5), time(10))
    assert start_reflection(conn, interview_id) == start_reflection(conn, interview_id)
    with pytest.raises(sqlite3.IntegrityError):
        conn["reflections"].insert({"interview_id": interview_id})


def test_settings_round_trip(conn):
    assert db.get_setting(conn, "language") is None
    db.set_setting(conn, "language", "en")
    db.set_setting(conn, "language", "ja")
    assert db.get_setting(conn, "language") == "ja"


@pytest.mark.parametrize("content", [b"hello, this is a text file\n", b"PK\x03\x04zipfile", os.urandom(4096)])
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(db.DatabaseUnavailable) as problem:
        db.migrate(path)
    assert problem.value.reason == "not_sqlite"
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(db.DatabaseUnavailable) as problem:
        db.migrate(tmp_path)
    assert problem.value.reason == "is_directory"


def test_a_place_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(db.DatabaseUnavailable) as problem:
        db.migrate(blocker / "sub" / "furikaeri.db")
    assert problem.value.reason == "not_writable"


def test_an_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    db.migrate(path)
    with db.opened(path) as conn:
        assert get_company(conn, save_company(conn, Company(name="A")))["name"] == "A"
