"""Every UI string lives in the catalogs, in both languages, with the same placeholders."""

import ast
import re
import string
from datetime import datetime
from pathlib import Path

import pytest

from lib import competencies, i18n, models

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
CODE_FILES = [*UI_FILES, *sorted((ROOT / "lib").rglob("*.py"))]


DATE_PATTERNS = {"common.date", "common.datetime"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_japanese_and_english_have_exactly_the_same_keys():
    assert set(i18n.catalog("ja")) == set(i18n.catalog("en"))


@pytest.mark.parametrize("key", sorted(i18n.catalog("ja")))
def test_each_string_is_filled_in_and_has_the_same_placeholders(key):
    ja, en = i18n.catalog("ja")[key], i18n.catalog("en")[key]
    assert ja.strip() and en.strip()
    if key.endswith(".one"):  # the singular may spell the number out ("once")
        assert placeholders(en) - {"count"} <= placeholders(ja)
    elif key not in DATE_PATTERNS:  # each language writes dates with its own parts
        assert placeholders(ja) == placeholders(en)


@pytest.mark.parametrize(("key", "count", "expected"), [
    ("wizard.questions.count", 1, "1 question recorded"),
    ("wizard.questions.count", 2, "2 questions recorded"),
    ("wizard.questions.count", 0, "0 questions recorded"),
    ("export.import.confirm", 1, "Import 1 company"),
    ("export.import.confirm", 12, "Import 12 companies"),
    ("backup.safety_latest", 1, "1 safety copy. Newest: today"),
    ("trends.interviews_many", 1, "1 interview"),
])
def test_english_messages_about_a_count_use_the_right_plural(key, count, expected):
    assert i18n.t(key, "en", count=count, latest="today") == expected


def test_every_plural_message_has_both_forms_in_both_languages():
    for lang in ("ja", "en"):
        keys = i18n.catalog(lang)
        plural = {k.rsplit(".", 1)[0] for k in keys if k.endswith(".one")}
        for base in plural:
            assert f"{base}.one" in keys and f"{base}.other" in keys, (lang, base)
            assert "{count}" in keys[f"{base}.other"], (lang, base)


def test_english_strings_contain_no_japanese():
    leftovers = {k: v for k, v in i18n.catalog("en").items()
                 if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", v) and k != "language.ja"}
    assert leftovers == {}


def literal_keys() -> set[str]:
    """Keys passed as plain literals to tr()/t() anywhere in the code."""
    found = set()
    for path in CODE_FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in
                    ("tr", "t") and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_key_used_in_the_code_exists():
    catalog = set(i18n.catalog("en"))
    plural = {key.removesuffix(".other") for key in catalog if f"{key.removesuffix('.other')}.one" in catalog}
    assert literal_keys() - catalog - plural == set()


@pytest.mark.parametrize(("prefix", "codes"), [
    ("round", models.ROUNDS), ("applied_via", models.APPLIED_VIA), ("format", models.FORMATS),
    ("status", models.STATUSES), ("result", models.RESULTS), ("reaction", models.REACTIONS),
    ("reflection_status", ("draft", "complete")), ("competency", competencies.COMPETENCIES),
    ("wizard.steps", models.REFLECTION_STEPS), ("language", ("ja", "en")),
])
def test_every_stored_code_has_a_label(prefix, codes):
    assert {f"{prefix}.{code}" for code in codes} <= set(i18n.catalog("ja"))


# Identifiers, widget keys, page paths and icons: not text a user reads.
KEY_LIKE = re.compile(r"^([a-z0-9_.{}/:\-]*|[a-z]+[A-Za-z0-9]*|:material/[a-z_]+: ?)$")  # keys, paths, icons, camelCase options
HAS_WORDS = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff]")
TECHNICAL_KWARGS = {"format", "type", "selection_mode", "on_select", "label_visibility", "vertical_alignment"}


def visible_literals(source: str) -> list[str]:
    """String literals in a page that a user could read but that bypass the catalogs."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {node.body[0].value for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node not in docstrings:
            if isinstance(parents.get(node), ast.JoinedStr):
                continue
            text = node.value
        else:
            continue
        parent = parents.get(node)
        if not HAS_WORDS.search(text) or KEY_LIKE.match(text):
            continue
        if isinstance(parent, ast.keyword) and parent.arg in TECHNICAL_KWARGS:
            continue
        found.append(text)
    return found


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_user_visible_literal_in_pages(path):
    assert visible_literals(path.read_text()) == []


def test_the_literal_check_catches_a_hard_coded_label():
    page = 'import streamlit as st\nst.button("Save")\nst.title(f"振り返り {n}")\nst.button(ui.tr("common.save"), key="save_button")\n'
    assert visible_literals(page) == ["Save", "振り返り "]


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "2026年11月27日（金）09:05"), ("en", "Fri 27 Nov 2026, 09:05")])
def test_dates_are_written_the_way_each_language_writes_them(lang, expected):
    assert i18n.format_datetime(datetime(2026, 11, 27, 9, 5), lang) == expected


@pytest.mark.parametrize(("locale", "lang"), [("ja-JP", "ja"), ("en-US", "en"), ("en_GB", "en"), ("fr-FR", "ja"),
                                              (None, "ja"), ("", "ja")])
def test_language_from_browser_locale(locale, lang):
    assert i18n.language_from_locale(locale) == lang


MESSAGE_CALLS = {"success", "info", "warning", "error", "toast", "exception"}


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"], ids=lambda p: p.name)
def test_pages_show_messages_only_through_the_one_escaping_path(path):
    """st.success & co. render Markdown: a page that called them with user text would show links
    and fetch images. Pages call ui.say / ui.flash / ui.show_errors, which escape every parameter."""
    calls = [node.lineno for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in MESSAGE_CALLS]
    assert calls == [], f"{path.name} lines {calls}: use ui.say"


def test_the_streamlit_internal_behind_deep_links_is_still_there():
    """ui.ensure_routed() relies on one Streamlit internal (1.67): with a pages/ folder next to
    app.py, the first request of a deep link runs the page in legacy mode, flagged by
    PagesManager.uses_pages_directory. If Streamlit renames or drops it, fail here, loudly."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None
        PagesManager(str(ROOT / "app.py"), ScriptCache(), setup_watcher=False)
        assert PagesManager.uses_pages_directory is True  # the legacy mode ensure_routed leaves
    finally:
        PagesManager.uses_pages_directory = before
