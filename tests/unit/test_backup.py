"""Backup and restore: lossless round trip, a preview of what changes, one transaction,
and every malformed, truncated, wrong-version or hostile file refused with a reason
while the database stays exactly as it was."""

import hashlib
import io
import json
import shutil
import sqlite3
import struct
import zipfile
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from lib import db, i18n
from lib.storage import backup, sample_data
from lib.storage.backup import BackupRefused


def fingerprint(path) -> str:
    """Everything in the file, schema and rows, FTS index and counters included."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def zipped(document: dict | bytes, member: str = backup.MEMBER) -> bytes:
    text = document if isinstance(document, bytes) else json.dumps(document, ensure_ascii=False).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "furikaeri.db"
    db.migrate(path)
    with db.opened(path) as conn:
        sample_data.load_sample(conn, "ja", date(2026, 11, 27))
    return path


@pytest.fixture
def sample_file(sample_template, tmp_path):
    """A database file holding the Japanese sample (a copy, made once per module)."""
    path = tmp_path / "furikaeri.db"
    shutil.copyfile(sample_template, path)
    return path


@pytest.fixture
def document(sample_file) -> dict:
    with db.opened(sample_file) as conn:
        return backup.backup_document(conn)


def refused_without_change(path, data) -> BackupRefused:
    """Try the whole restore flow on `path`; it must be refused and leave the file as it was."""
    before_dump, before_bytes = fingerprint(path), path.read_bytes()
    with pytest.raises(BackupRefused) as refused, db.opened(path) as conn:
        checked = backup.read_backup(data)
        backup.plan_restore(conn, checked)
        backup.restore(conn, checked)
    assert fingerprint(path) == before_dump
    assert path.read_bytes() == before_bytes
    for lang in ("ja", "en"):  # the reason can be shown in either language
        assert i18n.t(refused.value.key, lang, **refused.value.params)
    return refused.value


# Making a backup


def test_a_backup_is_a_zip_holding_one_json_document(sample_file):
    with db.opened(sample_file) as conn:
        data = backup.backup_bytes(conn, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
        counts = {name: conn[name].count for name in backup.user_tables(conn)}
        applied = [m.name for m in db.migrations.applied(conn)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["backup.json"]
        document = json.loads(archive.read("backup.json"))
    assert document["app"] == "furikaeri" and document["format"] == 1
    assert document["migrations"] == applied
    assert document["created_at"] == "2026-11-27T09:00:00+00:00"
    assert {name: len(rows) for name, rows in document["tables"].items()} == counts
    # the FTS index and the bookkeeping are rebuilt, not stored
    assert not {"communications_fts", "communications_fts_data", "_sqlite_migrations", "data_version"} & set(
        document["tables"])
    assert {"companies", "interviews", "interviewers", "reflections", "asked_questions", "competency_scores",
            "settings", "communications", "stage_changes"} <= set(document["tables"])


def test_a_backup_file_name_carries_the_date():
    assert backup.file_name(datetime(2026, 11, 27, 9, 5, 7)) == "furikaeri-backup-20261127-090507.zip"


# Restoring


def test_restore_replaces_everything_and_shows_the_counts_first(sample_file, tmp_path):
    with db.opened(sample_file) as conn:
        data = backup.backup_bytes(conn)
        wanted = backup.read_tables(conn)
    target = tmp_path / "other.db"
    db.migrate(target)
    with db.opened(target) as conn:
        conn["companies"].insert({"name": "消える会社", "stage": "applied"})
        checked = backup.read_backup(data)
        plan = {c.table: (c.before, c.after) for c in backup.plan_restore(conn, checked)}
        counts = {table: len(rows) for table, rows in wanted.items()}
        assert plan["companies"] == (1, counts["companies"])
        assert plan["interviews"] == (0, counts["interviews"])
        assert plan["reflections"] == (0, counts["reflections"])
        version = db.data_version(conn)
        backup.restore(conn, checked)
        assert backup.read_tables(conn) == wanted
        assert db.data_version(conn) > version  # cached pages refresh
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_search_index_is_rebuilt(conn, tmp_path):
    from lib.follow_up.communications import search

    company = conn["companies"].insert({"name": "A"}).last_pk
    conn["communications"].insert({"company_id": company, "occurred_at": "2026-11-01T00:00:00+00:00",
                                   "summary": "二次面接の日程調整", "body": "来週火曜で確定"})
    data = backup.backup_bytes(conn)
    target = tmp_path / "t.db"
    db.migrate(target)
    with db.opened(target) as other:
        backup.restore(other, backup.read_backup(data))
        assert [r["summary"] for r in search(other, "日程調整")] == ["二次面接の日程調整"]
        other.execute("INSERT INTO communications_fts(communications_fts) VALUES ('integrity-check')")


def test_a_plain_json_file_is_accepted_too(document, db_path):
    for data in (json.dumps(document).encode(), b"\xef\xbb\xbf\n" + json.dumps(document, indent=2).encode()):
        assert backup.read_backup(data).rows() == sum(map(len, document["tables"].values()))


def test_restore_is_one_transaction(sample_file):
    with db.opened(sample_file) as conn:
        checked = backup.read_backup(backup.backup_bytes(conn))
    # Break the checked backup behind the checks' back: its last table now repeats a key.
    scores = checked.tables["competency_scores"]
    scores.append(dict(scores[0]))
    before = fingerprint(sample_file)
    with db.opened(sample_file) as conn, pytest.raises(BackupRefused) as refused:
        backup.restore(conn, checked)
    assert refused.value.key == "backup.refused_reason.constraint"
    assert fingerprint(sample_file) == before


def test_restore_needs_an_up_to_date_database(document, tmp_path):
    names = backup.migration_names()
    old = tmp_path / "old.db"
    with db.opened(old) as conn:
        db.migrations.apply(conn, stop_before=names[-1])
        with pytest.raises(BackupRefused) as refused:
            backup.restore(conn, backup.read_backup(zipped(document)))
    assert refused.value.key == "backup.refused_reason.database_version"


# Round trip, property-based: random records of every table, every column type.

SCHEMAS = backup.table_schemas(backup._scratch(backup.migration_names()))

SHORT_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="あいうえおカタカナ漢字振り返り面接、。「」ー〜①㈱髙﨑", max_size=40),
    st.text(alphabet="😀🎉👍🏽👨‍👩‍👧🇯🇵✨💼\u200d\ufe0f", max_size=20),
    st.just(""),
    st.sampled_from(["<script>alert(1)</script>", "**bold** [x](javascript:y)", "'; DROP TABLE companies; --",
                     "line\nbreak\r\ntab\t", "\x00nul", "=1+2", " "]),
)
# Now and then a very long text (over the app's 20,000-character limit for a field).
LONG_TEXT = st.builds(lambda piece, size: (piece * size)[:size], st.text(min_size=1, max_size=3),
                      st.integers(15_000, 25_000))
TEXT = st.integers(0, 14).flatmap(lambda n: LONG_TEXT if n == 0 else SHORT_TEXT)
INTEGER = st.one_of(st.integers(-5, 5), st.integers(-(2**63), 2**63 - 1))
VALUES = {"text": TEXT, "integer": INTEGER, "real": st.floats(allow_nan=False, allow_infinity=False),
          "numeric": INTEGER, "any": st.one_of(TEXT, INTEGER), "blob": st.binary(max_size=300)}


@st.composite
def user_records(draw) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for name, schema in SCHEMAS.items():  # parents first
        references = {columns[0]: (parent, target[0] if target else SCHEMAS[parent].pk[0])
                      for columns, parent, target in schema.foreign_keys}
        rows: list[dict] = []
        ids = draw(st.lists(st.integers(1, 2**62), min_size=0, max_size=3, unique=True))
        for row_id in ids:
            row = {}
            for column in schema.columns.values():
                nullable = not (column.notnull or column.pk)
                if column.name in references:
                    parent, target = references[column.name]
                    choices = [r[target] for r in tables[parent]]
                    if not choices and not nullable:
                        break
                    options = st.sampled_from(choices) if choices else st.none()
                    row[column.name] = draw(st.one_of(options, st.none()) if nullable else options)
                elif column.pk and schema.pk == (column.name,) and column.kind == "integer":
                    row[column.name] = row_id
                else:
                    values = VALUES[column.kind]
                    row[column.name] = draw(st.one_of(st.none(), values) if nullable else values)
            else:
                rows.append(row)
        for key in schema.unique:  # keep the first row of each key, as SQLite would insist
            seen, kept = set(), []
            for row in rows:
                value = tuple(row[c] for c in key)
                if None in value or value not in seen:
                    kept.append(row)
                    seen.add(value)
            rows = kept
        tables[name] = rows
    return tables


def fresh() -> Database:
    conn = Database(memory=True)
    conn.execute("PRAGMA foreign_keys = ON")
    db.migrations.apply(conn)
    return conn


def by_key(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {name: sorted(rows, key=lambda r: repr(tuple(r[c] for c in SCHEMAS[name].pk)))
            for name, rows in tables.items()}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(records=user_records())
def test_backup_then_restore_into_an_empty_database_is_lossless(records):
    source = fresh()
    with source.atomic():
        for name, rows in records.items():
            source[name].insert_all(rows) if rows else None
    data = backup.backup_bytes(source)

    target = fresh()
    checked = backup.read_backup(data)
    assert not checked.upgraded
    assert {c.table: (c.before, c.after) for c in backup.plan_restore(target, checked)} == {
        name: (0, len(rows)) for name, rows in records.items()}
    backup.restore(target, checked)

    restored = backup.read_tables(target)
    assert by_key(restored) == by_key(records)
    assert restored == backup.read_tables(source)
    assert target.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_generator_reaches_every_table_and_column_type():
    kinds = {c.kind for s in SCHEMAS.values() for c in s.columns.values()}
    assert kinds <= set(VALUES)
    assert {"text", "integer"} <= kinds


# Refusals: each one a reason in the user's language, and the database untouched.


def test_not_a_backup_file(sample_file):
    for data in (b"hello, this is a text file\n", b"\x89PNG\r\n\x1a\n" + bytes(64), bytes(range(256)) * 4,
                 b"[1, 2, 3]"):
        refused = refused_without_change(sample_file, data)
        assert refused.key in ("backup.refused_reason.not_backup", "backup.refused_reason.structure")


def test_an_empty_file(sample_file):
    assert refused_without_change(sample_file, b"").key == "backup.refused_reason.empty"


def test_a_zip_without_the_backup_inside(sample_file, document):
    data = zipped(document, member="something_else.json")
    assert refused_without_change(sample_file, data).key == "backup.refused_reason.not_backup"


def test_a_truncated_zip(sample_file, document):
    data = zipped(document)
    for cut in (len(data) // 2, len(data) - 10, 30):
        assert refused_without_change(sample_file, data[:cut]).key == "backup.refused_reason.damaged"


def test_a_zip_with_a_damaged_member(sample_file, document):
    data = bytearray(zipped(document))
    data[60] ^= 0xFF  # inside the compressed JSON: CRC or inflate fails
    assert refused_without_change(sample_file, bytes(data)).key == "backup.refused_reason.damaged"


def test_truncated_json(sample_file, document):
    text = json.dumps(document, ensure_ascii=False).encode()
    for data in (text[: len(text) // 2], text[:-1], zipped(text[: len(text) // 3])):
        assert refused_without_change(sample_file, data).key == "backup.refused_reason.truncated"


def test_malformed_json(sample_file, document):
    text = json.dumps(document, indent=1).replace('"interviews": [', '"interviews": [,', 1)
    refused = refused_without_change(sample_file, text.encode())
    assert refused.key == "backup.refused_reason.invalid_json"
    assert refused.params["line"] > 1


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(app="otherapp"), "wrong_app"),
    (lambda d: d.pop("app"), "not_backup"),
    (lambda d: d.update(format=2), "newer_format"),
    (lambda d: d.update(format=0), "wrong_format"),
    (lambda d: d.update(format="1"), "structure"),
    (lambda d: d["migrations"].append("m999_from_the_future"), "newer_version"),
    (lambda d: d.update(migrations=["m999_from_the_future", *d["migrations"]]), "newer_version"),
    (lambda d: d.update(migrations=d["migrations"][::-1]), "unknown_version"),
    (lambda d: d.update(migrations=d["migrations"][1:]), "unknown_version"),
    (lambda d: d.update(migrations=[]), "structure"),
    (lambda d: d.update(migrations="m001_initial"), "structure"),
    (lambda d: d.pop("created_at"), "structure"),
    (lambda d: d.update(tables=[]), "structure"),
    (lambda d: d["tables"].update(companies={}), "structure"),
    (lambda d: d["tables"]["companies"].append("not a row"), "structure"),
    (lambda d: d["tables"].update(secrets=[{"id": 1}]), "unknown_table"),
    (lambda d: d["tables"].update({"companies; DROP TABLE interviews": []}), "unknown_table"),
    (lambda d: d["tables"].update(sqlite_master=[]), "unknown_table"),
    (lambda d: d["tables"].update(communications_fts_data=[]), "unknown_table"),
    (lambda d: d["tables"].update(data_version=[{"id": 1, "version": 0}]), "unknown_table"),
    (lambda d: d["tables"].pop("interviews"), "missing_table"),
    (lambda d: d["tables"]["companies"][0].update(salary=100), "unknown_column"),
    (lambda d: d["tables"]["companies"][0].update({'name") VALUES (1); DROP TABLE x; --': 1}), "unknown_column"),
    (lambda d: d["tables"]["companies"][0].update(interest="five"), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(interest=True), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(interest=4.5), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(interest=2**63), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(name=["a", "list"]), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(notes={"an": "object"}), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(name=12), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(id="1"), "wrong_type"),
    (lambda d: d["tables"]["companies"][0].update(name=None), "missing_value"),
    (lambda d: d["tables"]["companies"][0].pop("name"), "missing_value"),
    (lambda d: d["tables"]["companies"][0].pop("id"), "missing_value"),
    (lambda d: d["tables"]["interviews"][0].update(company_id=999_999), "foreign_key"),
    (lambda d: d["tables"]["asked_questions"][0].update(reflection_id=424242), "foreign_key"),
    (lambda d: d["tables"]["companies"].append(dict(d["tables"]["companies"][0])), "duplicate_key"),
    (lambda d: d["tables"]["reflections"].append(
        dict(d["tables"]["reflections"][0], id=10_000)), "duplicate_key"),  # one reflection per interview
    (lambda d: d["tables"]["competency_scores"].append(
        dict(d["tables"]["competency_scores"][0], rating=1)), "duplicate_key"),
    (lambda d: d["tables"]["interviews"][0].update(timezone=None), "missing_value"),
])
def test_a_wrong_file_is_refused_with_its_reason(sample_file, document, change, reason):
    change(document)
    for data in (zipped(document), json.dumps(document).encode()):
        assert refused_without_change(sample_file, data).key == f"backup.refused_reason.{reason}"


def test_the_reason_names_the_place(sample_file, document):
    document["tables"]["interviews"][2]["company_id"] = 777
    refused = refused_without_change(sample_file, zipped(document))
    assert refused.params == {"table": "interviews", "row": 3, "column": "company_id", "parent": "companies",
                              "value": "777"}
    assert i18n.t(refused.key, "en", **refused.params) == (
        'Row 3 of "interviews": "company_id" (777) points to a "companies" record that is not there.')


def test_the_same_field_twice(sample_file, document):
    text = json.dumps(document).replace('"app": "furikaeri"', '"app": "furikaeri", "app": "furikaeri"', 1)
    assert refused_without_change(sample_file, text.encode()).key == "backup.refused_reason.duplicate_field"


@pytest.mark.parametrize("text", [
    '{"app": "furikaeri", "format": NaN}',
    '{"app": "furikaeri", "format": 1, "x": ' + "9" * 5000 + "}",
    '{"app": ' + "[" * 100_000 + "]" * 100_000 + "}",
])
def test_hostile_json_is_refused(sample_file, text):
    assert refused_without_change(sample_file, text.encode()).key == "backup.refused_reason.invalid_json"


def test_a_string_that_is_not_unicode_text(sample_file, document):
    text = json.dumps(document).replace('"name": "', '"name": "\\ud800', 1)
    assert refused_without_change(sample_file, text.encode()).key == "backup.refused_reason.wrong_type"


def test_text_that_is_not_utf8(sample_file):
    assert refused_without_change(sample_file, b'{"app": "\xff\xfe"}').key == "backup.refused_reason.not_backup"


class HugeUpload(io.RawIOBase):
    """A 200 MB upload that fails if anyone reads it: the size alone must refuse it."""

    size = 200 * 1024 * 1024

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        return self.size if whence == io.SEEK_END else 0

    def tell(self):
        return 0

    def read(self, *args):
        raise AssertionError("a 200 MB upload was read")

    readinto = read


def test_a_200_mb_upload_is_refused_by_its_size_before_reading(sample_file):
    refused = refused_without_change(sample_file, HugeUpload())
    assert refused.key == "backup.refused_reason.too_large"
    assert refused.params == {"size": "200.0", "limit": "50.0"}


def test_an_upload_over_the_limit_is_refused(sample_file, monkeypatch, document):
    data = zipped(document)
    monkeypatch.setattr(backup, "MAX_UPLOAD_BYTES", len(data) - 1)
    assert refused_without_change(sample_file, data).key == "backup.refused_reason.too_large"
    assert refused_without_change(sample_file, io.BytesIO(data)).key == "backup.refused_reason.too_large"


def forbid_unpacking(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a zip bomb was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def test_a_zip_bomb_is_refused_by_its_ratio_before_unpacking(sample_file, monkeypatch):
    bomb = zipped(b'{"app": "furikaeri", "pad": "' + b" " * (40 * 1024 * 1024) + b'"}')
    assert len(bomb) < 100_000
    forbid_unpacking(monkeypatch)
    assert refused_without_change(sample_file, bomb).key == "backup.refused_reason.zip_bomb"


def _declare_size(data: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size in the zip's local header and central directory."""
    data = bytearray(data)
    struct.pack_into("<I", data, 22, size)  # local file header
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_unpacking(sample_file, document, monkeypatch):
    bomb = _declare_size(zipped(document), 4_000_000_000)
    forbid_unpacking(monkeypatch)
    assert refused_without_change(sample_file, bomb).key == "backup.refused_reason.zip_bomb"


def test_a_zip_that_understates_its_size_is_not_unpacked_beyond_it(sample_file, document):
    data = zipped(document)
    lying = _declare_size(data, 100)
    assert refused_without_change(sample_file, lying).key == "backup.refused_reason.damaged"


def test_members_with_hostile_names_are_never_written_anywhere(sample_file, document, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    present = sorted(p.name for p in tmp_path.iterdir())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escape.txt", "x")
        archive.writestr("/etc/evil", "x")
        archive.writestr(backup.MEMBER, json.dumps(document))
    checked = backup.read_backup(buffer.getvalue())
    assert checked.rows() > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == present
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_backup_from_another_sqlite_database_is_not_a_backup(sample_file, tmp_path):
    assert refused_without_change(sample_file, sample_file.read_bytes()).key == "backup.refused_reason.not_backup"
