"""Settings → backup and restore under the real Streamlit runtime: a preview of what changes,
a confirmed restore, and refusals in the user's language with the database untouched."""

import hashlib
import json
import sqlite3
from datetime import date

import pytest
from app_helpers import errors, open_app, texts

from lib import db, i18n, ui
from lib.storage import backup, safety_copies, sample_data


def fingerprint(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@pytest.fixture
def sample_backup(tmp_path) -> bytes:
    """A backup of the Japanese sample, made in another database."""
    other = tmp_path / "elsewhere.db"
    db.migrate(other)
    with db.opened(other) as conn:
        sample_data.load_sample(conn, "ja", date(2026, 11, 27))
        db.set_setting(conn, "language", "ja")
        return backup.backup_bytes(conn)


def upload(at, data: bytes, name: str = "furikaeri-backup.zip"):
    at.file_uploader(key="restore_file_0").set_value((name, data, "application/zip")).run()
    assert not at.exception, at.exception
    return at


def test_the_data_section_offers_a_backup_and_says_where_the_safety_copies_are(db_path):
    at = open_app("settings", lang="en")
    button = at.get("download_button")
    assert [b.proto.label for b in button] == [i18n.t("backup.download", "en")]
    assert str(safety_copies.copies_dir(db_path).resolve()) in [c.value for c in at.code]
    assert i18n.t("backup.safety_help", "en", keep=7) in texts(at)


def test_the_daily_safety_copy_is_listed(db_path):
    at = open_app("settings", lang="en")  # the app's start made today's copy
    (copy,) = safety_copies.list_copies(db_path)
    assert copy.reason == "daily"
    assert i18n.t("backup.safety_latest", "en", count=1, latest=i18n.format_datetime(copy.taken_at, "en")) in \
        texts(at)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_restore_shows_what_changes_then_replaces_everything(db_path, sample_backup, lang):
    at = open_app("settings", lang=lang)
    with db.opened(db_path) as conn:
        conn["companies"].insert({"name": "消える会社", "stage": "applied"})
    upload(at, sample_backup)
    assert not errors(at)
    (preview,) = [frame.value for frame in at.dataframe]
    rows = {r[i18n.t("backup.col_table", lang)]: (r[i18n.t("backup.col_before", lang)],
                                                   r[i18n.t("backup.col_after", lang)])
            for r in preview.to_dict("records")}
    assert rows[i18n.t("backup.table.companies", lang)] == (1, 3)
    assert rows[i18n.t("backup.table.interviews", lang)] == (0, 8)
    assert rows[i18n.t("backup.table.reflections", lang)] == (0, 8)
    with db.opened(db_path) as conn:  # nothing written by the preview
        assert [r["name"] for r in conn.query("SELECT name FROM companies")] == ["消える会社"]

    at.button(key="restore_confirm").click().run()
    assert not at.exception, at.exception
    with db.opened(db_path) as conn:
        assert conn["companies"].count == 3 and conn["reflections"].count == 8
        assert sample_data.has_sample(conn)
    (copy, *_) = [c for c in safety_copies.list_copies(db_path) if c.reason == "before_restore"]
    with db.opened(copy.path) as before:
        assert [r["name"] for r in before.query("SELECT name FROM companies")] == ["消える会社"]
    rows = backup.read_backup(sample_backup).rows()
    assert [m.value for m in at.success] == [i18n.t("backup.restored", lang, rows=rows, copy=ui.md(copy.path.name))]
    assert at.file_uploader(key="restore_file_1").value is None  # a fresh uploader for the next time
    assert at.session_state["language"] == lang


def test_the_restored_records_show_on_the_other_pages(db_path, sample_backup):
    at = open_app("settings", lang="ja")
    upload(at, sample_backup)
    at.button(key="restore_confirm").click().run()
    at.switch_page("pages/reflections.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 8
    assert table.astype(str).apply(lambda column: column.str.contains("ミナトデータ")).any().any()


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("data", "reason"), [
    (b"not a backup at all", "not_backup"),
    (b'{"app": "furikaeri", "format": 1, "migrations": ["m001_initial"', "truncated"),
    (json.dumps({"app": "furikaeri", "format": 1, "migrations": ["m001_initial", "m999_future"],
                 "created_at": "2030-01-01", "tables": {}}).encode(), "newer_version"),
])
def test_a_bad_file_is_refused_with_its_reason_and_nothing_changes(sample_db, data, reason, lang):
    at = open_app("settings", lang=lang)
    before = fingerprint(sample_db)
    upload(at, data, "bad.json")
    refusal = pytest.raises(backup.BackupRefused, backup.read_backup, data).value
    assert refusal.key == f"backup.refused_reason.{reason}"
    reason_text = i18n.t(refusal.key, lang, **{k: ui.md(v) for k, v in refusal.params.items()})
    assert errors(at) == [f"{i18n.t('backup.refused', lang)}  \n{reason_text}"]
    assert "restore_confirm" not in [b.key for b in at.button]
    assert fingerprint(sample_db) == before


def test_an_upload_over_the_limit_is_refused_by_its_size(sample_db, sample_backup, monkeypatch):
    monkeypatch.setattr(backup, "MAX_UPLOAD_BYTES", 1000)
    at = open_app("settings", lang="en")
    before = fingerprint(sample_db)
    upload(at, sample_backup + b"\0" * 1000)
    assert errors(at)[0].startswith(i18n.t("backup.refused", "en"))
    assert "MB" in errors(at)[0]
    assert fingerprint(sample_db) == before


def test_a_hostile_table_name_is_shown_literally(sample_db, sample_backup):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(sample_backup)) as archive:
        document = json.loads(archive.read("backup.json"))
    document["tables"]["**<b>x</b>**"] = []
    at = open_app("settings", lang="en")
    upload(at, json.dumps(document).encode(), "hostile.json")
    (shown,) = errors(at)
    assert "\\*\\*\\<b\\>x\\</b\\>\\*\\*" in shown
