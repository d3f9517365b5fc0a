"""Full backups and their restore.

A backup is one zip file holding backup.json: the schema version (the applied migration
names) and every row of every user table. Restoring checks the whole file first: size,
container, JSON, version, tables, columns, types, keys, and a dry run into a scratch
database built by this code's own migrations (which also upgrades a backup made by an
older version). Only then is the user's database replaced, in one transaction.

Recordings (BLOB columns) are written into the JSON as base64 text and turned back into bytes
when the file is read. A backup may leave them out (`include_recordings=False`): the file then
names the table under "left_out", and restoring it keeps the recordings already on this machine.
The upload limit below bounds what fits: a minute of recording is about 2.5 MB in the file.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import re
import sqlite3
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import BinaryIO

from sqlite_utils import Database

from lib import db as database
from lib.db import migrations
from lib.storage import safety_copies

APP = "furikaeri"
FORMAT = 1
MEMBER = "backup.json"
MB = 1024 * 1024
# A personal database is a few MB; these limits only stop files that would exhaust memory.
MAX_UPLOAD_BYTES = 50 * MB
MAX_JSON_BYTES = 150 * MB
# JSON rows compress 5-30 times; a large member claiming far more is a zip bomb. (Small
# members may legitimately compress further: one long pasted line repeated, say.)
MAX_RATIO = 500
RATIO_FLOOR = 10 * MB
# Rebuilt by the code itself: the migration record (kept as names) and the cache counter.
BOOKKEEPING = frozenset({migrations.migrations_table, "data_version"})
# Tables a backup may leave out (their rows then stay as they are on restore).
OPTIONAL_TABLES = frozenset({"practice_takes"})
RECORDINGS = "practice_takes"
_INT64 = (-(2**63), 2**63 - 1)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class BackupRefused(Exception):
    """The file cannot be restored; `key` is a locale key, `params` fill its placeholders."""

    def __init__(self, reason: str, **params: object):
        super().__init__(f"{reason} {params}")
        self.key = f"backup.refused_reason.{reason}"
        self.params = params


@dataclass(frozen=True)
class Backup:
    """A checked backup: `tables` are at this code's schema version, whatever `made_with` was."""

    made_with: tuple[str, ...]
    created_at: str
    tables: dict[str, list[dict]]
    left_out: tuple[str, ...] = ()

    @property
    def upgraded(self) -> bool:
        return list(self.made_with) != migration_names()

    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


@dataclass(frozen=True)
class TableChange:
    table: str
    before: int
    after: int


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # integer, text, real, numeric or any (SQLite's type affinity)
    notnull: bool
    has_default: bool
    pk: bool


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: dict[str, Column]
    pk: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
    fts: bool


def migration_names() -> list[str]:
    """Every migration this code knows, in order: the newest schema version it can read."""
    return list(_migration_names())


@cache
def _migration_names() -> tuple[str, ...]:
    empty = Database(memory=True)
    try:
        return tuple(m.name for m in migrations.pending(empty))
    finally:
        empty.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _affinity(declared: str) -> str:
    declared = declared.upper()
    if "BLOB" in declared:
        return "blob"
    if "INT" in declared:
        return "integer"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not declared or "BLOB" in declared:
        return "any"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "numeric"


def user_tables(db: Database) -> list[str]:
    """The tables holding the user's records: not SQLite's own, not bookkeeping, not FTS indexes."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _ in rows
            if not name.startswith("sqlite_") and name not in BOOKKEEPING and name not in virtual
            and not any(name.startswith(f"{v}_") for v in virtual)]


def table_schemas(db: Database) -> dict[str, TableSchema]:
    """The user tables, parents before children, with what a row must satisfy."""
    schemas = {}
    for name in user_tables(db):
        columns = {
            row[1]: Column(row[1], _affinity(row[2] or ""), bool(row[3]), row[4] is not None, bool(row[5]))
            for row in db.execute("SELECT * FROM pragma_table_info(?)", [name])
        }
        pk = tuple(row[1] for row in sorted(
            (r for r in db.execute("SELECT * FROM pragma_table_info(?)", [name]) if r[5]), key=lambda r: r[5]))
        unique = [pk] if pk else []
        for index in db.execute("SELECT name, \"unique\", partial FROM pragma_index_list(?)", [name]).fetchall():
            if index[1] and not index[2]:
                cols = tuple(r[2] for r in db.execute("SELECT * FROM pragma_index_info(?)", [index[0]]))
                if cols not in unique and None not in cols:
                    unique.append(cols)
        grouped: dict[int, list] = {}
        for row in db.execute("SELECT * FROM pragma_foreign_key_list(?)", [name]):
            grouped.setdefault(row[0], []).append(row)
        foreign_keys = tuple(
            (tuple(r[3] for r in rows), rows[0][2], tuple(r[4] for r in rows if r[4] is not None))
            for _, rows in sorted(grouped.items())
        )
        schemas[name] = TableSchema(name, columns, pk, tuple(unique), foreign_keys,
                                    db[name].detect_fts() is not None)
    return {name: schemas[name] for name in _parents_first(schemas)}


def _parents_first(schemas: dict[str, TableSchema]) -> list[str]:
    order: list[str] = []
    waiting = sorted(schemas)
    while waiting:
        ready = [name for name in waiting
                 if all(parent in order or parent == name or parent not in schemas
                        for _, parent, _ in schemas[name].foreign_keys)]
        if not ready:  # a cycle: deferred foreign keys cope with any order
            ready = waiting[:1]
        order += ready
        waiting = [name for name in waiting if name not in ready]
    return order


def read_tables(db: Database, schemas: dict[str, TableSchema] | None = None) -> dict[str, list[dict]]:
    """Every row of every user table, in primary-key order."""
    tables = {}
    for name, schema in (schemas or table_schemas(db)).items():
        order = ", ".join(_quote(c) for c in schema.pk) or "rowid"
        cursor = db.execute(f"SELECT * FROM {_quote(name)} ORDER BY {order}")
        columns = [d[0] for d in cursor.description]
        tables[name] = [dict(zip(columns, row, strict=True)) for row in cursor]
    return tables


def backup_document(db: Database, now: datetime | None = None, include_recordings: bool = True) -> dict:
    """The backup as a JSON-ready dict (bytes as base64 text), read from one consistent snapshot."""
    with db.atomic():  # one read transaction: no write can slip in between two tables
        schemas = table_schemas(db)
        left_out = [] if include_recordings else sorted(OPTIONAL_TABLES & set(schemas))
        document = {
            "app": APP,
            "format": FORMAT,
            "migrations": [m.name for m in migrations.applied(db)],
            "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "tables": _as_text(read_tables(db, {n: s for n, s in schemas.items() if n not in left_out})),
        }
    if left_out:
        document["left_out"] = left_out
    return document


def _as_text(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for rows in tables.values():
        for row in rows:
            for column, value in row.items():
                if isinstance(value, bytes):
                    row[column] = base64.b64encode(value).decode("ascii")
    return tables


def backup_bytes(db: Database, now: datetime | None = None, include_recordings: bool = True) -> bytes:
    """The whole database as a zip file holding backup.json (recordings unless left out)."""
    now = now or datetime.now(UTC)
    text = json.dumps(backup_document(db, now, include_recordings), ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(MEMBER, date_time=now.astimezone().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def file_name(now: datetime | None = None) -> str:
    return f"furikaeri-backup-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}.zip"


# Reading a backup: every check happens before the user's database is touched.


def read_backup(source: bytes | BinaryIO) -> Backup:
    """Check a backup file in full and bring it to this code's schema version.
    Raises BackupRefused with the reason; nothing is written anywhere."""
    payload = _unpack(_read_limited(source))
    document = _parse(payload)
    made_with, created_at, tables = _envelope(document)
    left_out = _left_out(document)
    return Backup(tuple(made_with), created_at, _checked_tables(made_with, tables, left_out), left_out)


def _left_out(document: dict) -> tuple[str, ...]:
    left_out = document.get("left_out", [])
    if not isinstance(left_out, list) or not all(isinstance(n, str) and n in OPTIONAL_TABLES for n in left_out):
        raise BackupRefused("structure", field="left_out")
    return tuple(sorted(set(left_out)))


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


def _read_limited(source: bytes | BinaryIO) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        size = len(source)
    else:  # a file: measure it without reading it
        size = source.seek(0, io.SEEK_END)
        source.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise BackupRefused("too_large", size=_megabytes(size), limit=_megabytes(MAX_UPLOAD_BYTES))
    data = bytes(source) if isinstance(source, (bytes, bytearray, memoryview)) else source.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise BackupRefused("too_large", size=_megabytes(len(data)), limit=_megabytes(MAX_UPLOAD_BYTES))
    if not data.strip():
        raise BackupRefused("empty")
    return data


def _unpack(data: bytes) -> bytes:
    """The JSON text: the backup.json member of a zip, or the file itself if it is JSON."""
    if not data.startswith(b"PK"):
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return data
        raise BackupRefused("not_backup")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise BackupRefused("damaged") from None
    with archive:
        try:
            info = archive.getinfo(MEMBER)
        except KeyError:
            raise BackupRefused("not_backup") from None
        if info.flag_bits & 0x1:  # encrypted
            raise BackupRefused("damaged")
        # Judge the declared sizes before inflating a single byte.
        if info.file_size > MAX_JSON_BYTES or (
                info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise BackupRefused("zip_bomb", limit=_megabytes(MAX_JSON_BYTES))
        try:
            with archive.open(info) as member:
                # Bounded even if the header lies: zipfile stops at the declared size and checks the CRC.
                payload = member.read(MAX_JSON_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
            raise BackupRefused("damaged") from None
    if len(payload) > MAX_JSON_BYTES:
        raise BackupRefused("zip_bomb", limit=_megabytes(MAX_JSON_BYTES))
    return payload


class _DuplicateField(ValueError):
    pass


def _object(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _DuplicateField(duplicate)
    return result


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _parse(payload: bytes) -> object:
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as problem:  # cut inside a character, or not UTF-8 text at all
        raise BackupRefused("truncated" if problem.reason == "unexpected end of data" else "not_backup") from None
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except _DuplicateField as duplicate:
        raise BackupRefused("duplicate_field", field=_short(duplicate.args[0])) from None
    except json.JSONDecodeError as problem:
        end = text.rstrip()
        if not end.endswith("}") or problem.pos >= len(end):
            raise BackupRefused("truncated") from None
        raise BackupRefused("invalid_json", line=problem.lineno, column=problem.colno) from None
    except (ValueError, RecursionError):  # NaN, a 5,000-digit number, nesting a thousand deep
        raise BackupRefused("invalid_json", line="-", column="-") from None


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _envelope(document: object) -> tuple[list[str], str, object]:
    if not isinstance(document, dict) or "app" not in document:
        raise BackupRefused("not_backup")
    if document["app"] != APP:
        raise BackupRefused("wrong_app", app=_short(document["app"]))
    version = document.get("format")
    if type(version) is not int:
        raise BackupRefused("structure", field="format")
    if version != FORMAT:
        raise BackupRefused("newer_format" if version > FORMAT else "wrong_format", format=version)
    made_with = document.get("migrations")
    if not isinstance(made_with, list) or not made_with or not all(isinstance(m, str) for m in made_with):
        raise BackupRefused("structure", field="migrations")
    known = migration_names()
    unknown = [name for name in made_with if name not in known]
    if unknown:
        raise BackupRefused("newer_version", migration=_short(unknown[0]))
    if made_with != known[:len(made_with)]:
        raise BackupRefused("unknown_version")
    created_at = document.get("created_at")
    if not isinstance(created_at, str):
        raise BackupRefused("structure", field="created_at")
    return made_with, created_at, document.get("tables")


def _scratch(made_with: list[str]) -> Database:
    """An in-memory database at the backup's schema version, built by this code's migrations."""
    scratch = Database(memory=True)
    scratch.execute("PRAGMA foreign_keys = ON")
    known = migration_names()
    migrations.apply(scratch, stop_before=known[len(made_with)] if len(made_with) < len(known) else None)
    return scratch


def _checked_tables(made_with: list[str], tables: object, left_out: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    scratch = _scratch(made_with)
    try:
        schemas = {n: s for n, s in table_schemas(scratch).items() if n not in left_out}
        check_tables(schemas, tables)
        _as_bytes(schemas, tables)
        try:
            write_tables(scratch, schemas, tables)  # the dry run: every constraint SQLite knows
        except sqlite3.Error as problem:
            raise BackupRefused("constraint", detail=_short(problem, 120)) from None
        if list(made_with) != migration_names():
            try:
                migrations.apply(scratch)  # an older backup takes the same path as an older file
            except sqlite3.Error as problem:
                raise BackupRefused("upgrade_failed", detail=_short(problem, 120)) from None
        return read_tables(scratch, {n: s for n, s in table_schemas(scratch).items() if n not in left_out})
    finally:
        scratch.close()


def _as_bytes(schemas: dict[str, TableSchema], tables: dict) -> None:
    """Base64 text in BLOB columns back to bytes (checked by _fits already)."""
    for name, schema in schemas.items():
        blobs = [c.name for c in schema.columns.values() if c.kind == "blob"]
        for row in tables[name] if blobs else ():
            for column in blobs:
                if isinstance(row.get(column), str):
                    row[column] = base64.b64decode(row[column], validate=True)


def _fits(kind: str, value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return kind not in ("text", "blob") and _INT64[0] <= value <= _INT64[1]
    if isinstance(value, float):
        return kind in ("real", "numeric", "any") and math.isfinite(value)
    if isinstance(value, str):
        if kind == "blob":
            return len(value) % 4 == 0 and _BASE64.fullmatch(value) is not None and _decodes(value)
        return kind in ("text", "any") and not _SURROGATE.search(value)
    return False


def _decodes(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def check_tables(schemas: dict[str, TableSchema], tables: object) -> None:
    """Every table present and known, every row's columns, types, keys and references valid."""
    if not isinstance(tables, dict):
        raise BackupRefused("structure", field="tables")
    for name in tables:
        if name not in schemas:
            raise BackupRefused("unknown_table", table=_short(name))
    for name in schemas:
        if name not in tables:
            raise BackupRefused("missing_table", table=name)
        if not isinstance(tables[name], list):
            raise BackupRefused("structure", field=f"tables.{name}")
    for name, schema in schemas.items():
        _check_rows(schema, tables[name])
    for name, schema in schemas.items():
        _check_references(schema, schemas, tables)


def _check_rows(schema: TableSchema, rows: list) -> None:
    name = schema.name
    required = [c.name for c in schema.columns.values() if c.pk or (c.notnull and not c.has_default)]
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise BackupRefused("structure", field=f"tables.{name}[{number}]")
        for column, value in row.items():
            spec = schema.columns.get(column)
            if spec is None:
                raise BackupRefused("unknown_column", table=name, column=_short(column))
            if value is None:
                if spec.notnull or spec.pk:
                    raise BackupRefused("missing_value", table=name, row=number, column=column)
            elif not _fits(spec.kind, value):
                raise BackupRefused("wrong_type", table=name, row=number, column=column)
        for column in required:
            if column not in row:
                raise BackupRefused("missing_value", table=name, row=number, column=column)
    for columns in schema.unique:
        seen: set[tuple] = set()
        for number, row in enumerate(rows, 1):
            key = tuple(row.get(c) for c in columns)
            if None in key:  # SQLite lets NULLs repeat in a unique column
                continue
            if key in seen:
                raise BackupRefused("duplicate_key", table=name, row=number,
                                    entry=_short(", ".join(f"{c}={v}" for c, v in zip(columns, key, strict=True))))
            seen.add(key)


def _check_references(schema: TableSchema, schemas: dict[str, TableSchema], tables: dict) -> None:
    for columns, parent, parent_columns in schema.foreign_keys:
        target = parent_columns or schemas[parent].pk
        present = {tuple(row.get(c) for c in target) for row in tables[parent]}
        for number, row in enumerate(tables[schema.name], 1):
            value = tuple(row.get(c) for c in columns)
            if None not in value and value not in present:
                raise BackupRefused("foreign_key", table=schema.name, row=number, column=", ".join(columns),
                                    parent=parent, value=_short(", ".join(map(str, value))))


def write_tables(db: Database, schemas: dict[str, TableSchema], tables: dict[str, list[dict]]) -> None:
    """Replace the rows of every table in `schemas` with `tables`, all or nothing, foreign keys
    checked at the end."""
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")  # checked at commit, whatever the insert order
        for name in reversed(schemas):
            db.execute(f"DELETE FROM {_quote(name)}")
        for name in schemas:
            for columns, values in _grouped(tables.get(name, [])):
                names = ", ".join(_quote(c) for c in columns)
                marks = ", ".join("?" for _ in columns)
                db.conn.executemany(f"INSERT INTO {_quote(name)} ({names}) VALUES ({marks})", values)
        for name, schema in schemas.items():
            if schema.fts:
                db[name].rebuild_fts()
        problem = db.execute("PRAGMA foreign_key_check").fetchone()
        if problem:
            raise sqlite3.IntegrityError(f"FOREIGN KEY constraint failed: {problem[0]} row {problem[1]}")


def _grouped(rows: Iterable[dict]) -> list[tuple[tuple[str, ...], list[tuple]]]:
    # Rows normally all have every column; a row without some gets their defaults.
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        columns = tuple(row)
        groups.setdefault(columns, []).append(tuple(row[c] for c in columns))
    return list(groups.items())


# Restoring into the user's database.


def plan_restore(db: Database, backup: Backup) -> list[TableChange]:
    """What a restore would change: each table's row count now and after."""
    changes = []
    for name in table_schemas(db):
        now = db.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        changes.append(TableChange(name, now, now if name in backup.left_out else len(backup.tables.get(name, []))))
    return changes


def restore(db: Database, backup: Backup) -> None:
    """Replace all the user's records with the backup's, in one transaction: on any
    error nothing changes."""
    applied = [m.name for m in migrations.applied(db)]
    if applied != migration_names():
        raise BackupRefused("database_version")
    schemas = {n: s for n, s in table_schemas(db).items() if n not in backup.left_out}
    if set(schemas) != set(backup.tables):
        raise BackupRefused("unknown_version")
    try:
        write_tables(db, schemas, backup.tables)
    except sqlite3.Error as problem:
        raise BackupRefused("constraint", detail=_short(problem, 120)) from None


# ------------------------------------------------------------------ safety copies


def check_safety_copy(db_path: Path, copy: safety_copies.SafetyCopy) -> None:
    """Refuse a copy that is not one of this database's safety copies, is damaged, or was made
    by a newer version of the app."""
    folder = safety_copies.copies_dir(db_path).resolve()
    if Path(copy.path).resolve().parent != folder or not Path(copy.path).is_file():
        raise BackupRefused("copy_missing")
    try:
        source = sqlite3.connect(Path(copy.path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            sound = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            applied = [row[0] for row in source.execute(
                f"SELECT name FROM {_quote(migrations.migrations_table)} ORDER BY id")]
        finally:
            source.close()
    except sqlite3.Error:
        raise BackupRefused("copy_damaged") from None
    if not sound or not applied:
        raise BackupRefused("copy_damaged")
    if not set(applied) <= set(migration_names()):
        raise BackupRefused("copy_newer")


def restore_safety_copy(db_path: Path, copy: safety_copies.SafetyCopy) -> Path:
    """Put a safety copy back as the database, all or nothing: the copy is checked, the current
    state kept as a new safety copy, the copy's pages written into the database through SQLite's
    backup API (so no -wal or -shm file needs handling), its schema brought up to date and the
    data version moved on (cached reads of the old state are not reused). Returns the safety copy
    of the state before."""
    db_path = Path(db_path)
    check_safety_copy(db_path, copy)
    with database.opened(db_path) as conn:
        version = database.data_version(conn)
    before = safety_copies.make_copy(db_path, "before_restore", prune_after=False)
    source = sqlite3.connect(Path(copy.path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(db_path), timeout=10)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as problem:
        raise BackupRefused("constraint", detail=_short(problem, 120)) from None
    finally:
        source.close()
    database.migrate(db_path)
    with database.opened(db_path) as conn, conn.atomic():
        conn.execute("UPDATE data_version SET version = max(version, ?) + 1 WHERE id = 1", [version])
    safety_copies.prune(db_path)
    return before
