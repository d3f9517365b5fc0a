"""Streamlit writes some words itself, in English only: "Choose an option" in an empty select
box, "None" in a table's empty cell. Pages pass their own (translated) words instead; the rest
(the uploader, empty date and time fields) is drawn in the UI language by the app's CSS."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lib import i18n
from lib.ui.text import built_in_texts_css

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
# The call, and the keyword that replaces Streamlit's English default.
NEEDS = {"selectbox": "placeholder", "multiselect": "placeholder", "dataframe": "placeholder",
         "data_editor": "placeholder"}


def calls_without_own_words(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in NEEDS
                and NEEDS[node.func.attr] not in {k.arg for k in node.keywords}):
            found.append(f"line {node.lineno}: {node.func.attr}")
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_select_boxes_and_tables_bring_their_own_words(path):
    """An empty select box says "Choose an option" and an empty cell "None" unless told otherwise."""
    assert calls_without_own_words(path.read_text()) == []


def test_the_check_catches_a_table_and_a_select_box_without_placeholder():
    page = ('st.dataframe(frame, key="t")\nst.selectbox("x", [], placeholder=ui.tr("streamlit.choose_option"))\n'
            'right.selectbox("y", [1])\n')
    assert calls_without_own_words(page) == ["line 1: dataframe", "line 3: selectbox"]


def test_css_draws_streamlit_words_in_japanese_and_keeps_them_in_english():
    ja, en = built_in_texts_css("ja", 200), built_in_texts_css("en", 200)
    assert 'content: "ファイルを選ぶ"' in ja and 'content: "1ファイル200MBまで"' in ja
    assert 'content: "年"' in ja and 'content: "時"' in ja
    assert 'content: "Upload"' in en and 'content: "200MB per file"' in en
    assert "[data-testid='InputInstructions'] { display: none; }" in ja


def test_css_strings_cannot_break_out_of_the_style(monkeypatch):
    monkeypatch.setitem(i18n.catalog("ja"), "streamlit.upload", 'x"; }} body {{ display: none }} </style>')
    css = built_in_texts_css("ja", 200)
    assert 'content: "x; } body { display: none } /style";' in css
    assert "</style>" not in css
