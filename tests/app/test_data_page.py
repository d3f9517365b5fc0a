"""Data page: export buttons; importing companies from CSV with a preview and a confirmation."""

import pytest
from app_helpers import errors, open_app, texts

from lib import db, i18n

GOOD_AND_BAD = ("企業名,志望度,URL\n"
                "ミナトデータ,4,https://minato.example.jp\n"
                ",3,\n"
                "<b>北浜</b> **製薬**,9,\n"
                "Acme,,\n").encode()


def companies(db_path) -> list[str]:
    with db.opened(db_path) as conn:
        return [row["name"] for row in conn["companies"].rows]


def upload(at, name: str, content: bytes):
    next(u for u in at.file_uploader).set_value((name, content, "text/csv"))
    return at.run()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_export_buttons_in_the_ui_language(db_path, lang):
    at = open_app("data", lang=lang)
    assert [t.value for t in at.title] == [i18n.t("nav.data", lang)]
    labels = [button.label for button in at.download_button]
    assert labels == [i18n.t("export.download_csv", lang, table=i18n.t(f"export.sheet.{table}", lang))
                      for table in ("companies", "interviews", "communications")] + [
                          i18n.t("export.download_xlsx", lang)]
    assert not at.error


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_data_renders(sample_db, lang):
    at = open_app("data", lang=lang)
    assert not at.error and not at.exception


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_import_previews_good_and_bad_rows_and_writes_only_on_confirm(db_path, seed, lang):
    with seed() as make:
        make.company("Acme")
    at = open_app("data", lang=lang)
    upload(at, "companies.csv", GOOD_AND_BAD)
    assert not at.exception
    assert i18n.t("export.import.nothing_written", lang) in texts(at)
    assert i18n.t("export.import.summary", lang, valid=2, invalid=2) in texts(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [2, 3, 4, 5]
    assert table.iloc[2, 2] == "<b>北浜</b> **製薬**"  # literal
    assert i18n.t("error.required", lang) in table.iloc[1, -1] and i18n.t("error.rating", lang) in table.iloc[2, -1]
    assert i18n.t("export.import.duplicate_existing", lang) in table.iloc[3, -1]
    assert companies(db_path) == ["Acme"]  # nothing written yet

    at.run()  # an unrelated rerun writes nothing either
    assert companies(db_path) == ["Acme"]

    confirm = at.button(key="import_confirm")
    assert confirm.label == i18n.t("export.import.confirm", lang, count=2)
    confirm.click().run()
    assert sorted(companies(db_path)) == ["Acme", "Acme", "ミナトデータ"]
    assert i18n.t("export.import.imported", lang, count=2) in [s.value for s in at.success]
    assert not at.dataframe  # the uploader starts over
    with db.opened(db_path) as conn:
        assert conn["stage_changes"].count == 3


@pytest.mark.parametrize(("content", "reason"), [
    (b"PK\x03\x04" + bytes(200), "export.import.refused_workbook"),
    (b"\x00\x01\x02\x03binary" * 20, "export.import.refused_binary"),
    ("名前じゃない,列\n1,2\n".encode(), "export.import.refused_no_name_column"),
    (b"", "export.import.refused_empty"),
])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_malformed_file_is_refused_with_the_reason(db_path, lang, content, reason):
    at = open_app("data", lang=lang)
    upload(at, "companies.csv", content)
    assert not at.exception
    shown = "\n".join(errors(at))
    assert i18n.t("export.import.refused", lang) in shown and i18n.t(reason, lang) in shown
    assert [b.key for b in at.button if b.key == "import_confirm"] == []
    assert companies(db_path) == []


def test_a_file_with_only_bad_rows_cannot_be_imported(db_path):
    at = open_app("data", lang="en")
    upload(at, "bad.csv", b"Company name,Interest\n,3\nX,11\n")
    assert at.button(key="import_confirm").disabled
    assert companies(db_path) == []
