"""Automatic safety copies: made with SQLite's backup API before migrations and once a day,
the newest seven kept, each one a complete database that can replace the file."""

import sqlite3
import threading
from datetime import date, datetime, timedelta

import pytest
from sqlite_utils import Database

from lib import db
from lib.models import Company
from lib.pipeline.companies import save_company
from lib.storage import safety_copies


def companies_in(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM companies ORDER BY id")]
    finally:
        conn.close()


def test_copies_live_in_backups_next_to_the_database(tmp_path):
    assert safety_copies.copies_dir(tmp_path / "data" / "furikaeri.db") == tmp_path / "data" / "backups"


def test_the_default_copies_folder_is_git_ignored():
    from lib import config

    assert safety_copies.copies_dir(config.DEFAULT_DB) == config.DATA_DIR / "backups"
    assert "data/backups/" in (config.ROOT / ".gitignore").read_text().splitlines()


def test_a_copy_is_a_complete_self_contained_database(conn, db_path):
    save_company(conn, Company(name="ミナトデータ 🏢"))  # committed, still in the WAL
    path = safety_copies.make_copy(db_path, "manual", datetime(2026, 11, 27, 9, 5, 7))
    assert path == db_path.parent / "backups" / "furikaeri-20261127-090507-manual.sqlite"
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert path.read_bytes()[18:20] == b"\x01\x01"  # not WAL: the file alone is the database
    assert companies_in(path) == ["ミナトデータ 🏢"]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal, no .part left
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


def test_a_copy_can_replace_the_database(conn, db_path, tmp_path):
    save_company(conn, Company(name="before"))
    copy = safety_copies.make_copy(db_path, "manual")
    save_company(conn, Company(name="after"))
    restored = tmp_path / "restored.db"
    restored.write_bytes(copy.read_bytes())
    db.migrate(restored)
    with db.opened(restored) as again:
        assert [r["name"] for r in again.query("SELECT name FROM companies")] == ["before"]


def test_a_copy_while_another_connection_writes_is_consistent(conn, db_path):
    stop = threading.Event()

    def writer():
        with db.opened(db_path) as other:
            n = 0
            while not stop.is_set():
                save_company(other, Company(name=f"c{n}"))
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [safety_copies.make_copy(db_path, f"busy{i}") for i in range(5)]
    finally:
        stop.set()
        thread.join()
    for path in copies:
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # save_company writes the company and its first stage together: a copy never splits them
        assert check.execute("SELECT count(*) FROM companies").fetchone() == \
            check.execute("SELECT count(*) FROM stage_changes").fetchone()
        check.close()


def test_two_copies_in_the_same_second_are_both_kept(conn, db_path):
    moment = datetime(2026, 11, 27, 9, 0, 0)
    first = safety_copies.make_copy(db_path, "manual", moment)
    second = safety_copies.make_copy(db_path, "manual", moment)
    assert first != second and first.exists() and second.exists()
    assert [c.path for c in safety_copies.list_copies(db_path)] == [second, first]


def test_only_the_newest_seven_are_kept(conn, db_path):
    start = datetime(2026, 11, 1, 8, 0, 0)
    made = [safety_copies.make_copy(db_path, "daily", start + timedelta(days=i)) for i in range(10)]
    kept = safety_copies.list_copies(db_path)
    assert [c.path for c in kept] == made[::-1][:7]
    assert not any(p.exists() for p in made[:3])


def test_prune_leaves_other_files_and_other_databases_alone(conn, db_path):
    folder = safety_copies.copies_dir(db_path)
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "other-20200101-000000-daily.sqlite").write_bytes(b"x")
    for i in range(9):
        safety_copies.make_copy(db_path, "daily", datetime(2026, 1, 1 + i))
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "other-20200101-000000-daily.sqlite").exists()
    assert len(safety_copies.list_copies(db_path)) == 7
    assert safety_copies.prune(db_path, keep=2) and len(safety_copies.list_copies(db_path)) == 2


def test_the_daily_copy_is_made_once_a_day(conn, db_path):
    today = date.today()
    first = safety_copies.daily_copy(db_path, today)
    assert first is not None and first.name.endswith("-daily.sqlite")
    assert safety_copies.daily_copy(db_path, today) is None
    tomorrow = safety_copies.daily_copy(db_path, today + timedelta(days=1))
    assert tomorrow is not None
    assert len(safety_copies.list_copies(db_path)) == 2


def test_no_daily_copy_of_a_missing_file(tmp_path):
    assert safety_copies.daily_copy(tmp_path / "none.db") is None
    assert not (tmp_path / "backups").exists()


def test_a_failing_daily_copy_does_not_stop_the_app(conn, db_path, caplog):
    blocker = safety_copies.copies_dir(db_path)
    blocker.write_text("a file where the folder should be")
    assert safety_copies.daily_copy(db_path) is None
    assert "daily safety copy" in caplog.text


def test_a_migration_is_preceded_by_a_copy_of_the_old_schema(db_path):
    names = [m.name for m in db.migrations.pending(Database(memory=True))]
    with db.opened(db_path) as old:
        db.migrations.apply(old, stop_before=names[1])
        old["companies"].insert({"name": "残す会社"})
    db.migrate(db_path)
    (copy,) = safety_copies.list_copies(db_path)
    assert copy.reason == f"before_{names[1]}"
    assert companies_in(copy.path) == ["残す会社"]
    with db.opened(copy.path) as copied:
        assert [m.name for m in db.migrations.applied(copied)] == names[:1]


def test_no_copy_for_a_new_database_or_when_nothing_is_pending(db_path):
    db.migrate(db_path)  # a new file: nothing to protect
    db.migrate(db_path)  # up to date: no migration, no copy
    assert safety_copies.list_copies(db_path) == []


def test_no_migration_without_its_safety_copy(db_path):
    names = [m.name for m in db.migrations.pending(Database(memory=True))]
    with db.opened(db_path) as old:
        db.migrations.apply(old, stop_before=names[1])
    safety_copies.copies_dir(db_path).write_text("a file where the folder should be")
    with pytest.raises(db.DatabaseUnavailable) as problem:
        db.migrate(db_path)
    assert problem.value.reason == "not_writable"
    with db.opened(db_path) as still_old:
        assert [m.name for m in db.migrations.applied(still_old)] == names[:1]


# ------------------------------------------------------------------ putting a copy back


def test_a_safety_copy_is_put_back_and_the_current_state_kept_first(conn, db_path):
    from lib.storage import backup

    save_company(conn, Company(name="before"))
    safety_copies.make_copy(db_path, "daily", datetime(2026, 11, 1, 8))
    (copy,) = safety_copies.list_copies(db_path)
    save_company(conn, Company(name="after"))  # committed, still in the WAL
    version = db.data_version(conn)
    kept = backup.restore_safety_copy(db_path, copy)
    assert companies_in(db_path) == ["before"]
    assert companies_in(kept) == ["before", "after"] and kept.name.endswith("-before_restore.sqlite")
    with db.opened(db_path) as again:
        assert db.data_version(again) > version  # cached reads of "after" are not reused
        assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        save_company(again, Company(name="later"))  # the file works as before
    assert companies_in(db_path) == ["before", "later"]


def test_an_older_copy_is_brought_up_to_date_when_put_back(db_path):
    from lib.storage import backup

    names = backup.migration_names()
    with db.opened(db_path) as old:
        db.migrations.apply(old, stop_before=names[1])
        old["companies"].insert({"name": "古い会社"})
    db.migrate(db_path)  # makes the copy before_<second migration>
    (copy,) = safety_copies.list_copies(db_path)
    assert copy.kind == "before_update"
    backup.restore_safety_copy(db_path, copy)
    with db.opened(db_path) as again:
        assert [m.name for m in db.migrations.applied(again)] == names
        assert [r["name"] for r in again.query("SELECT name FROM companies")] == ["古い会社"]


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda path: path.write_bytes(b"not a database at all" * 100), "copy_damaged"),
    (lambda path: path.unlink(), "copy_missing"),
    (lambda path: sqlite3.connect(path).executescript(
        "INSERT INTO _sqlite_migrations (migration_set, name) VALUES ('furikaeri', 'm999_future');"), "copy_newer"),
])
def test_a_bad_copy_is_refused_and_nothing_changes(conn, db_path, damage, reason):
    from lib.storage import backup

    save_company(conn, Company(name="mine"))
    path = safety_copies.make_copy(db_path, "daily")
    (copy,) = safety_copies.list_copies(db_path)
    damage(path)
    with pytest.raises(backup.BackupRefused) as refused:
        backup.restore_safety_copy(db_path, copy)
    assert refused.value.key == f"backup.refused_reason.{reason}"
    assert companies_in(db_path) == ["mine"]
    assert [c.reason for c in safety_copies.list_copies(db_path)] == (["daily"] if path.exists() else [])


def test_only_a_copy_from_the_copies_folder_is_put_back(conn, db_path, tmp_path):
    from lib.storage import backup

    elsewhere = tmp_path / "elsewhere" / "furikaeri-20260101-000000-daily.sqlite"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(db_path.read_bytes())
    with pytest.raises(backup.BackupRefused):
        backup.restore_safety_copy(db_path, safety_copies.SafetyCopy(elsewhere, datetime(2026, 1, 1), "daily"))


def test_putting_a_copy_back_does_not_prune_it_first(conn, db_path):
    from lib.storage import backup

    save_company(conn, Company(name="oldest"))
    for i in range(safety_copies.KEEP):
        safety_copies.make_copy(db_path, "daily", datetime(2026, 11, 1 + i, 8))
    oldest = safety_copies.list_copies(db_path)[-1]
    save_company(conn, Company(name="newer"))
    backup.restore_safety_copy(db_path, oldest)
    assert companies_in(db_path) == ["oldest"]
    assert len(safety_copies.list_copies(db_path)) == safety_copies.KEEP


def test_a_copy_knows_its_size_and_why_it_was_made(conn, db_path):
    path = safety_copies.make_copy(db_path, "daily")
    (copy,) = safety_copies.list_copies(db_path)
    assert copy.size == path.stat().st_size > 0 and copy.kind == "daily"
    assert safety_copies.SafetyCopy(path, datetime.now(), "before_restore").kind == "before_restore"
    assert safety_copies.SafetyCopy(path, datetime.now(), "manual").kind == "other"
