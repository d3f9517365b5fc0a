"""Automatic safety copies of the SQLite file: before every schema migration and once a
day when the app starts, in backups/ next to the database, the newest KEEP kept.

Copies go through SQLite's online backup API, so they are consistent even while the
app writes, and each one is a self-contained file (no -wal) that can replace the
database as it is.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database, Migrations

KEEP = 7
SUFFIX = ".sqlite"
_STAMP = "%Y%m%d-%H%M%S"
_REST = re.compile(r"^(\d{8}-\d{6})-([a-z0-9_]+?)(?:-(\d+))?\.sqlite$")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SafetyCopy:
    path: Path
    taken_at: datetime
    reason: str
    serial: int = 0

    @property
    def size(self) -> int:
        """The copy's size in bytes (0 when it has gone meanwhile)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    @property
    def kind(self) -> str:
        """Why it was made, as a locale key suffix: daily, before_update, before_restore or other."""
        if self.reason.startswith("before_m"):  # before_<migration name>
            return "before_update"
        return self.reason if self.reason in ("daily", "before_restore") else "other"


def copies_dir(db_path: Path) -> Path:
    """Where the copies of `db_path` live: backups/ in the database's folder."""
    return Path(db_path).parent / "backups"


def list_copies(db_path: Path) -> list[SafetyCopy]:
    """The safety copies of this database, newest first."""
    directory, prefix = copies_dir(db_path), f"{Path(db_path).stem}-"
    found = []
    if directory.is_dir():
        for path in directory.iterdir():
            match = _REST.match(path.name[len(prefix):]) if path.name.startswith(prefix) else None
            if match:
                found.append(SafetyCopy(path, datetime.strptime(match[1], _STAMP), match[2], int(match[3] or 0)))
    return sorted(found, key=lambda c: (c.taken_at, c.serial), reverse=True)


def _reason(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:60] or "copy"


def make_copy(db_path: Path, reason: str, now: datetime | None = None, *, prune_after: bool = True) -> Path:
    """Copy the database to backups/<stem>-YYYYmmdd-HHMMSS-<reason>.sqlite and prune old copies
    (unless `prune_after` is false: a restore must not prune the copy it is about to read)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(db_path)
    directory = copies_dir(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{db_path.stem}-{(now or datetime.now()).strftime(_STAMP)}-{_reason(reason)}"
    target, serial = directory / f"{stem}{SUFFIX}", 1
    while target.exists():  # two copies in the same second keep both
        serial += 1
        target = directory / f"{stem}-{serial}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(str(db_path), timeout=10)
    try:
        copy = sqlite3.connect(str(partial))
        try:
            source.backup(copy)
            # One self-contained file: a copy must not depend on a -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)  # a copy is either complete or absent
    finally:
        source.close()
        partial.unlink(missing_ok=True)
    if prune_after:
        prune(db_path)
    return target


def prune(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` copies; returns the deleted paths."""
    removed = [c.path for c in list_copies(db_path)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def daily_copy(db_path: Path, today: date | None = None) -> Path | None:
    """At app start: a copy unless one was already made today. Never stops the app; a
    failure is logged and the app goes on."""
    now = datetime.now()
    if today is not None and today != now.date():
        now = datetime.combine(today, now.time())
    try:
        if not Path(db_path).is_file() or any(c.taken_at.date() == now.date() for c in list_copies(db_path)):
            return None
        return make_copy(db_path, "daily", now)
    except (OSError, sqlite3.Error) as problem:
        log.warning("daily safety copy of %s failed: %s", db_path, problem)
        return None


def before_migrations(db: Database, db_path: Path, migrations: Migrations) -> Path | None:
    """A copy of the file before pending migrations change it; none for a new, empty file.
    If the copy cannot be made the migration must not run: the error is raised as a
    sqlite3 error, which migrate() reports as 'cannot write'."""
    pending = migrations.pending(db)
    if not pending or not db.table_names():
        return None
    try:
        return make_copy(db_path, f"before_{pending[0].name}")
    except OSError as problem:
        raise sqlite3.OperationalError(f"safety copy failed: {problem}") from problem
