"""A database file we cannot use gives a clear page in the user's language and stays untouched."""

import pytest
from app_helpers import ROOT
from streamlit.testing.v1 import AppTest

from lib import i18n
from lib.ui import md


def start(path, monkeypatch) -> AppTest:
    monkeypatch.setenv("FURIKAERI_DB", str(path))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()


@pytest.mark.parametrize("content", [b"Dear diary,\nnot a database\n", b"\x00" * 100 + b"garbage"])
def test_not_sqlite(tmp_path, monkeypatch, content):
    path = tmp_path / "furikaeri.db"
    path.write_bytes(content)
    at = start(path, monkeypatch)
    assert at.title[0].value == i18n.t("db_error.title", "ja")
    assert at.error[0].value == i18n.t("db_error.not_sqlite", "ja", path=md(str(path)))
    assert not at.exception
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["furikaeri.db"]


def test_place_that_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    path = blocker / "furikaeri.db"
    at = start(path, monkeypatch)
    assert at.error[0].value == i18n.t("db_error.not_writable", "ja", path=md(str(path)))
    assert blocker.read_text() == "x"


def test_a_folder(tmp_path, monkeypatch):
    at = start(tmp_path, monkeypatch)
    assert at.error[0].value == i18n.t("db_error.is_directory", "ja", path=md(str(tmp_path)))
