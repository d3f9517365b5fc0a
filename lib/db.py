"""The SQLite file: opening it safely, its schema (sqlite-utils Migrations), settings.

One connection per operation (Streamlit reruns on new threads); every write that
touches several rows runs inside `db.atomic()` so a save is all or nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations
from sqlite_utils.db import ForeignKey

from lib.storage import safety_copies

SQLITE_HEADER = b"SQLite format 3\x00"

migrations = Migrations("furikaeri")

# Any failure of the SQLite file itself (disk full, locked, corrupt), for pages to catch.
StorageError = sqlite3.Error


class WriteConflict(Exception):
    """The record changed (in another tab or window) since this session read it."""

    def __init__(self, current: object):
        super().__init__("changed since it was read")
        self.current = current


class DatabaseUnavailable(Exception):
    """The configured file cannot be used; `reason` is a locale key suffix."""

    def __init__(self, reason: str, path: Path, detail: str = ""):
        super().__init__(f"{reason}: {path} {detail}".strip())
        self.reason, self.path, self.detail = reason, path, detail


def _check_file(path: Path) -> None:
    """Refuse, without touching it, a path that is not a usable SQLite file."""
    if path.is_dir():
        raise DatabaseUnavailable("is_directory", path)
    if path.exists():
        try:
            with open(path, "rb") as f:
                header = f.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseUnavailable("unreadable", path, str(exc)) from exc
        if header and header != SQLITE_HEADER:
            raise DatabaseUnavailable("not_sqlite", path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable("not_writable", path, str(exc)) from exc


class Connection(Database):
    """sqlite-utils' Database whose transactions begin with BEGIN IMMEDIATE: a save that reads
    before it writes takes the write lock first, so a busy file makes it wait (busy_timeout)
    instead of failing half-way, and what it read cannot change before it writes."""

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.execute("COMMIT")


def connect(path: Path) -> Database:
    """A configured connection: foreign keys on, WAL, a busy timeout."""
    _check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=10)
        db = Connection(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
    except sqlite3.DatabaseError as exc:
        reason = "not_sqlite" if "not a database" in str(exc) else "not_writable"
        raise DatabaseUnavailable(reason, path, str(exc)) from exc
    return db


@contextmanager
def opened(path: Path) -> Iterator[Database]:
    """A connection for one operation, closed afterwards."""
    db = connect(path)
    try:
        yield db
    finally:
        db.close()


def migrate(path: Path) -> None:
    """Bring the file's schema up to date; applying twice changes nothing."""
    with opened(path) as db:
        try:
            safety_copies.before_migrations(db, path, migrations)  # a copy before the schema changes
            db.execute("PRAGMA journal_mode = WAL")  # stored in the file: once is enough
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise DatabaseUnavailable("not_writable", path, str(exc)) from exc


def _track_changes(db: Database, table: str) -> None:
    # Every write bumps one counter, so cached reads know when to refresh
    # without each command having to remember it.
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_version AFTER {event} ON {table} "
            "BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END"
        )


def _cascade(table: str, column: str, parent: str) -> ForeignKey:
    # Deleting a company takes its interviews, reflections and their rows with it.
    return ForeignKey(table, column, parent, "id", on_delete="CASCADE")


@migrations()
def m001_initial(db: Database) -> None:
    db["data_version"].create({"id": int, "version": int}, pk="id")
    db["data_version"].insert({"id": 1, "version": 0})
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["companies"].create(
        {
            "id": int, "name": str, "position": str, "industry": str, "applied_via": str,
            "agent_name": str, "interest": int, "url": str, "notes": str,
            "archived": int, "is_sample": int, "created_at": str, "updated_at": str,
        },
        pk="id", not_null={"name"}, defaults={"archived": 0, "is_sample": 0},
    )
    db["interviews"].create(
        {
            "id": int, "company_id": int, "round": str, "starts_at": str, "ends_at": str,
            "timezone": str, "format": str, "location": str, "status": str, "result": str,
            "notes": str, "created_at": str, "updated_at": str,
        },
        pk="id", not_null={"company_id", "round", "starts_at", "timezone"},
        foreign_keys=[_cascade("interviews", "company_id", "companies")],
    )
    db["interviewers"].create(
        {"id": int, "interview_id": int, "position": int, "name": str, "role": str},
        pk="id", foreign_keys=[_cascade("interviewers", "interview_id", "interviews")],
    )
    db["reflections"].create(
        {
            "id": int, "interview_id": int, "status": str, "step": str,
            "overall": int, "feeling": str, "interest_after": int,
            "went_well": str, "to_improve": str, "untold_points": str,
            "interesting_topics": str, "next_steps": str, "ask_agent": str,
            "created_at": str, "updated_at": str, "completed_at": str,
        },
        pk="id", not_null={"interview_id"}, defaults={"status": "draft", "step": "overall"},
        foreign_keys=[_cascade("reflections", "interview_id", "interviews")],
    )
    db["asked_questions"].create(
        {
            "id": int, "reflection_id": int, "position": int, "question": str, "category": str,
            "answer_summary": str, "rating": int, "reaction": str, "note": str,
        },
        pk="id", foreign_keys=[_cascade("asked_questions", "reflection_id", "reflections")],
    )
    db["competency_scores"].create(
        {"reflection_id": int, "competency": str, "rating": int, "note": str},
        pk=("reflection_id", "competency"),
        foreign_keys=[_cascade("competency_scores", "reflection_id", "reflections")],
    )
    db["interviews"].create_index(["company_id"])
    db["interviews"].create_index(["starts_at"])
    db["interviewers"].create_index(["interview_id"])
    db["reflections"].create_index(["interview_id"], unique=True)
    db["asked_questions"].create_index(["reflection_id"])
    for table in ("settings", "companies", "interviews", "interviewers", "reflections",
                  "asked_questions", "competency_scores"):
        _track_changes(db, table)


@migrations()
def m002_follow_up(db: Database) -> None:
    """Story bank, communication log (with full-text search), mail drafts, reminder dismissals."""
    db["stories"].create(
        {"id": int, "title": str, "situation": str, "task": str, "action": str, "result": str,
         "competencies": str, "skills": str, "created_at": str, "updated_at": str},
        pk="id", not_null={"title"},
    )
    db["communications"].create(
        {"id": int, "company_id": int, "interview_id": int, "occurred_at": str, "direction": str,
         "channel": str, "counterpart": str, "summary": str, "body": str, "kind": str, "created_at": str},
        pk="id", not_null={"company_id", "occurred_at"},
        foreign_keys=[_cascade("communications", "company_id", "companies"),
                      ForeignKey("communications", "interview_id", "interviews", "id", on_delete="SET NULL")],
    )
    db["communications"].create_index(["company_id", "occurred_at"])
    db["communications"].create_index(["interview_id", "kind"])
    db["communications"].enable_fts(["counterpart", "summary", "body"], create_triggers=True, tokenize="trigram")
    db["mail_drafts"].create(
        {"interview_id": int, "kind": str, "subject": str, "body": str, "options": str, "updated_at": str},
        pk=("interview_id", "kind"), foreign_keys=[_cascade("mail_drafts", "interview_id", "interviews")],
    )
    db.execute("ALTER TABLE interviews ADD COLUMN thank_you_dismissed INTEGER NOT NULL DEFAULT 0")
    db["reflections"].create_index(["updated_at"])
    for table in ("stories", "communications", "mail_drafts"):
        _track_changes(db, table)


@migrations()
def m003_pipeline(db: Database) -> None:
    """Recruiting agents, each company's stage and its history, feedback on interviews."""
    db["agents"].create(
        {"id": int, "name": str, "agency": str, "email": str, "phone": str, "notes": str,
         "created_at": str, "updated_at": str},
        pk="id", not_null={"name"},
    )
    db.execute("ALTER TABLE companies ADD COLUMN agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL")
    db.execute("ALTER TABLE companies ADD COLUMN stage TEXT NOT NULL DEFAULT 'applied'")
    db["stage_changes"].create(
        {"id": int, "company_id": int, "stage": str, "changed_at": str},
        pk="id", not_null={"company_id", "stage", "changed_at"},
        foreign_keys=[_cascade("stage_changes", "company_id", "companies")],
    )
    db["stage_changes"].create_index(["company_id", "changed_at"])
    for column, kind in (("feedback_source", "TEXT"), ("feedback", "TEXT"), ("feedback_rating", "INTEGER")):
        db.execute(f"ALTER TABLE interviews ADD COLUMN {column} {kind}")
    for table in ("agents", "stage_changes"):
        _track_changes(db, table)


@migrations()
def m004_practice(db: Database) -> None:
    """The user's own practice questions, spaced-practice cards and history, action plans."""
    db["own_questions"].create(
        {"id": int, "text": str, "category": str, "probes": str, "company_id": int, "created_at": str},
        pk="id", not_null={"text", "category"},
        foreign_keys=[ForeignKey("own_questions", "company_id", "companies", "id", on_delete="SET NULL")],
    )
    db["practice_cards"].create(
        {"question_id": str, "card": str, "due": str, "text": str, "created_at": str, "updated_at": str},
        pk="question_id", not_null={"card", "due"},
    )
    db["practice_cards"].create_index(["due"])
    db["practice_log"].create(
        {"id": int, "question_id": str, "text": str, "grade": str, "outline": str, "seconds": int,
         "reviewed_at": str},
        pk="id", not_null={"question_id", "grade", "reviewed_at"},
    )
    db["plan_actions"].create(
        {"id": int, "action_id": str, "competency": str, "text": str, "target": str, "due": str, "done": int,
         "source": str, "user_edited": int, "created_at": str, "updated_at": str},
        pk="id", not_null={"text"}, defaults={"done": 0, "user_edited": 0},
    )
    for table in ("own_questions", "practice_cards", "practice_log", "plan_actions"):
        _track_changes(db, table)


def snapshot(db: Database, table: str, where: dict[str, object], *,
             ignore: tuple[str, ...] = ("created_at", "updated_at")) -> dict | None:
    """A stored row as this session reads it (None when there is none), to hand back as
    `expected` when saving: see ensure_unchanged."""
    clause = " AND ".join(f"[{column}] = ?" for column in where)
    row = db.execute(f"SELECT * FROM [{table}] WHERE {clause}", list(where.values()))
    names = [d[0] for d in row.description]
    values = row.fetchone()
    return None if values is None else {n: v for n, v in zip(names, values) if n not in ignore}


# `expected=UNCHECKED`: save without comparing (a new record, a script, a deliberate overwrite).
UNCHECKED = object()


def ensure_unchanged(current: object, expected: object) -> None:
    """Inside a save's transaction: refuse with WriteConflict when the stored record is no
    longer what this session read (saved meanwhile in another tab or window)."""
    if expected is not UNCHECKED and current != expected:
        raise WriteConflict(current)


@migrations()
def m005_availability(db: Database) -> None:
    """When the user can attend the next round, collected after each interview for the agent's report."""
    db.execute("ALTER TABLE reflections ADD COLUMN availability TEXT")


@migrations()
def m006_agent_records(db: Database) -> None:
    """The agent typed as free text on a company becomes an agent record linked to it: the
    company form now picks a record. An agent of the same name is reused; a company already
    linked keeps its record. The text itself stays in the column, unread (nothing is lost)."""
    unlinked = db.execute(
        "SELECT id, TRIM(agent_name), COALESCE(updated_at, created_at, '') FROM companies"
        " WHERE agent_id IS NULL AND TRIM(COALESCE(agent_name, '')) != '' ORDER BY id").fetchall()
    for company_id, name, stamp in unlinked:
        found = db.execute("SELECT id FROM agents WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", [name]).fetchone()
        if found:
            agent_id = found[0]
        else:  # dated like the company, so that the same file always migrates to the same rows
            agent_id = db["agents"].insert({"name": name, "agency": "", "email": "", "phone": "", "notes": "",
                                            "created_at": stamp, "updated_at": stamp}).last_pk
        db.execute("UPDATE companies SET agent_id = ? WHERE id = ?", [agent_id, company_id])


@migrations()
def m007_practice_takes(db: Database) -> None:
    """Recorded answers on the practice card: the figures measured, the self-review, the audio
    (a 16 kHz mono WAV) in the same file."""
    db["practice_takes"].create(
        {"id": int, "question_id": str, "question_text": str, "created_at": str, "target_seconds": int,
         "duration_ms": int, "speaking_ms": int, "long_pauses": int, "longest_pause_ms": int,
         "conclusion_first": int, "numbers": int, "star_result": int, "pace": int, "audio": bytes},
        pk="id", not_null={"question_id", "created_at", "duration_ms", "speaking_ms", "long_pauses",
                           "longest_pause_ms", "audio"},
    )
    db["practice_takes"].create_index(["question_id", "created_at"])
    _track_changes(db, "practice_takes")


def exists(db: Database, sql: str, params: list) -> bool:
    """Whether `sql` (a SELECT) finds a row: the duplicate checks of the save functions."""
    return db.execute(sql, params).fetchone() is not None


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    db["settings"].upsert({"key": key, "value": value}, pk="key")


def data_version(db: Database) -> int:
    """A number that changes with every committed write."""
    return db.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0]


def read_data_version(path: Path) -> int:
    """data_version() through a bare read-only connection: cheap enough for every rerun."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0]
    finally:
        conn.close()
