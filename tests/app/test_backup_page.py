"""Settings → backup and restore under the real Streamlit runtime: a preview of what changes,
a confirmed restore, and refusals in the user's language with the database untouched."""

import hashlib
import json
import sqlite3
from datetime import date

import pytest
from app_helpers import errors, list_lines, open_app, open_tab, texts

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
    open_tab(at, "settings_tabs", "backup")  # only the open tab is drawn
    at.file_uploader(key="restore_file_0").set_value((name, data, "application/zip")).run()
    assert not at.exception, at.exception
    return at


def test_the_data_section_offers_a_backup_and_says_where_the_safety_copies_are(db_path):
    at = open_app("settings", lang="en")
    assert not at.get("download_button")  # the first tab is the user's details; only the open tab is drawn
    open_tab(at, "settings_tabs", "backup")
    button = at.get("download_button")
    assert [b.proto.label for b in button] == [i18n.t("backup.download", "en")]
    assert str(safety_copies.copies_dir(db_path).resolve()) in [c.value for c in at.code]
    assert i18n.t("backup.safety_help", "en", keep=7) in texts(at)


def test_the_daily_safety_copy_is_listed(db_path):
    at = open_tab(open_app("settings", lang="en"), "settings_tabs", "backup")  # the app's start made today's copy
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
    sample = backup.read_backup(sample_backup).tables  # whatever the sample holds today
    assert rows[i18n.t("backup.table.companies", lang)] == (1, len(sample["companies"]))
    assert rows[i18n.t("backup.table.interviews", lang)] == (0, len(sample["interviews"]))
    assert rows[i18n.t("backup.table.reflections", lang)] == (0, len(sample["reflections"]))
    with db.opened(db_path) as conn:  # nothing written by the preview
        assert [r["name"] for r in conn.query("SELECT name FROM companies")] == ["消える会社"]

    at.button(key="restore_confirm").click().run()
    assert not at.exception, at.exception
    with db.opened(db_path) as conn:
        assert conn["companies"].count == len(sample["companies"])
        assert conn["reflections"].count == len(sample["reflections"])
        assert sample_data.has_sample(conn)
    (copy, *_) = [c for c in safety_copies.list_copies(db_path) if c.reason == "before_restore"]
    with db.opened(copy.path) as before:
        assert [r["name"] for r in before.query("SELECT name FROM companies")] == ["消える会社"]
    rows = backup.read_backup(sample_backup).rows()
    assert [m.value for m in at.success] == [i18n.t("backup.restored", lang, rows=rows, copy=ui.md(copy.path.name))]
    assert at.session_state["language"] == lang
    assert at.file_uploader(key="restore_file_1").value is None  # a fresh uploader for the next time


def test_the_restored_records_show_on_the_other_pages(db_path, sample_backup):
    at = open_app("settings", lang="ja")
    upload(at, sample_backup)
    at.button(key="restore_confirm").click().run()
    at.switch_page("pages/companies.py").run()
    assert not at.exception
    shown = "\n".join(list_lines(at, "companies"))
    for company in backup.read_backup(sample_backup).tables["companies"]:
        assert ui.md(company["name"]) in shown


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


# ------------------------------------------------------------------ going back to a safety copy


def company_names(path) -> list[str]:
    with db.opened(path) as conn:
        return [r["name"] for r in conn.query("SELECT name FROM companies ORDER BY id")]


@pytest.fixture
def two_moments(db_path):
    """A database with one company in last week's safety copy and two now."""
    from datetime import datetime

    db.migrate(db_path)
    with db.opened(db_path) as conn:
        conn["companies"].insert({"name": "先週からの会社", "stage": "applied"})
    copy = safety_copies.make_copy(db_path, "daily", datetime(2026, 11, 20, 8, 30))
    with db.opened(db_path) as conn:
        conn["companies"].insert({"name": "今週の会社", "stage": "applied"})
    return copy


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_safety_copies_are_listed_with_their_date_reason_and_size(db_path, two_moments, lang):
    at = open_tab(open_app("settings", lang=lang), "settings_tabs", "backup")
    pick = at.radio(key="safety_pick")
    (copy,) = [c for c in safety_copies.list_copies(db_path) if c.path == two_moments]
    label = pick.format_func(two_moments.name)
    assert label == i18n.t("backup.safety_option", lang, when=i18n.format_datetime(copy.taken_at, lang),
                           kind=i18n.t("backup.safety_kind_daily", lang),
                           size=i18n.t("backup.size_kb", lang, size=round(copy.size / 1024)))
    assert ("2026年11月20日" if lang == "ja" else "20 Nov 2026") in label
    assert pick.value is None  # nothing chosen for the user
    assert at.button(key="safety_restore_button").disabled


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_going_back_to_a_safety_copy_asks_first_then_keeps_the_current_records(db_path, two_moments, lang):
    at = open_tab(open_app("settings", lang=lang), "settings_tabs", "backup")
    at.radio(key="safety_pick").set_value(two_moments.name).run()
    at.button(key="safety_restore_button").click().run()
    when = i18n.format_datetime(safety_copies.list_copies(db_path)[-1].taken_at, lang)
    assert [w.value for w in at.warning][-1] == i18n.t("backup.safety_confirm_text", lang, when=ui.md(when))
    assert company_names(db_path) == ["先週からの会社", "今週の会社"]  # nothing yet
    at.button(key="safety_confirm_button").click().run()
    assert not at.exception, at.exception
    assert company_names(db_path) == ["先週からの会社"]
    (kept,) = [c for c in safety_copies.list_copies(db_path) if c.reason == "before_restore"]
    assert company_names(kept.path) == ["先週からの会社", "今週の会社"]
    assert [m.value for m in at.success] == [
        i18n.t("backup.safety_restored", lang, when=ui.md(when), copy=ui.md(kept.path.name))]
    assert at.session_state["language"] == lang
    # The other pages show the records of that moment, not a cached read of the later ones.
    at.switch_page("pages/companies.py").run()
    assert not at.exception
    shown = "\n".join(list_lines(at, "companies"))
    assert "今週の会社" not in shown and "先週からの会社" in shown


def test_cancel_leaves_everything_as_it_was(db_path, two_moments):
    at = open_tab(open_app("settings", lang="ja"), "settings_tabs", "backup")
    before = fingerprint(db_path)
    at.radio(key="safety_pick").set_value(two_moments.name).run()
    at.button(key="safety_restore_button").click().run()
    at.button(key="safety_cancel_button").click().run()
    assert "safety_confirm_button" not in [b.key for b in at.button]
    assert fingerprint(db_path) == before
    assert not [c for c in safety_copies.list_copies(db_path) if c.reason == "before_restore"]


def test_a_damaged_copy_is_refused_with_the_reason_and_nothing_changes(db_path, two_moments):
    at = open_tab(open_app("settings", lang="ja"), "settings_tabs", "backup")
    at.radio(key="safety_pick").set_value(two_moments.name).run()
    at.button(key="safety_restore_button").click().run()
    two_moments.write_bytes(b"broken" * 1000)
    before = fingerprint(db_path)
    at.button(key="safety_confirm_button").click().run()
    reason = i18n.t("backup.refused_reason.copy_damaged", "ja")
    assert errors(at) == [f"{i18n.t('backup.safety_failed', 'ja')}  \n{reason}"]
    assert fingerprint(db_path) == before
    assert company_names(db_path) == ["先週からの会社", "今週の会社"]


def test_settings_speak_plain_words(db_path, two_moments):
    for lang in ("ja", "en"):
        at = open_app("settings", lang=lang)
        shown = ""
        for tab in ("profile", "display_and_data", "backup", "recordings"):
            shown += texts(open_tab(at, "settings_tabs", tab))
        for word in ("スキーマ", "schema", "-wal", "-shm", "WAL", "SHM"):
            assert word not in shown, (lang, word)
