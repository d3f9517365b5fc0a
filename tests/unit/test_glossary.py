"""One word per concept: no banned synonym of a glossary term (lib/locales/glossary.toml) in the
catalogs, the templates or the content files, in either language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lib import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = [ROOT / "lib" / "locales" / f"{lang}.toml" for lang in ("ja", "en")]
TEMPLATES = sorted((ROOT / "data" / "templates").glob("*.toml"))
CONTENT = sorted((ROOT / "data").glob("*.toml"))


def strings(value, path=(), lang=None):
    """Every string of a TOML document as (dotted path, language, text); the language is the
    nearest "ja"/"en" key above it, else guessed from the text."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(inner, (*path, str(key)), key if key in ("ja", "en") else lang)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from strings(inner, (*path, str(index)), lang)
    elif isinstance(value, str):
        yield ".".join(path), lang or i18n.text_language(value), value


def offences(path: Path, *, ui: bool, lang: str | None = None) -> list[str]:
    with open(path, "rb") as f:
        document = tomllib.load(f)
    return [f"{key}: 「{word}」→「{better}」"
            for key, language, text in strings(document, lang=lang)
            for word, better in i18n.banned_words(text, language, ui=ui)]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_the_catalogs_use_the_glossary_words(path):
    assert offences(path, ui=True, lang=path.stem) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_templates_use_the_glossary_words(path):
    assert offences(path, ui=True) == []


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.name)
def test_the_content_files_use_the_glossary_words(path):
    assert offences(path, ui=False) == []


def test_every_term_names_its_words_and_never_bans_them():
    terms = i18n.glossary()
    assert len({t.concept for t in terms}) == len(terms) >= 12
    for term in terms:
        assert term.ja and term.en and any((*term.banned.values(), *term.ui_banned.values())), term.concept
        assert i18n.banned_words(term.ja, "ja") == [] and i18n.banned_words(term.en, "en") == [], term.concept


@pytest.mark.parametrize(("text", "lang", "ui", "expected"), [
    ("連絡履歴を見る", "ja", False, [("連絡履歴", "やり取りの記録")]),
    ("アクションプランを作る", "ja", False, [("アクションプラン", "対策プラン")]),
    ("結果は不合格でした", "ja", False, [("不合格", "お見送り")]),
    ("質問のカテゴリ", "ja", False, [("カテゴリ", "質問の種類")]),
    ("募集要件に合う経験", "ja", False, []),  # content: the job's requirements
    ("要件", "ja", True, [("要件", "要旨")]),  # a label of the log: the summary
    ("公正な採用選考の観点で問題がある", "ja", True, []),
    ("評価する観点", "ja", True, [("観点", "評価項目")]),
    ("Questions by category", "en", True, [("category", "question type")]),
    ("Send a thank-you note", "en", False, [("thank-you note", "thank-you mail")]),
    ("お礼メールを送る", "ja", True, []),
])
def test_a_banned_synonym_is_found_and_the_right_word_is_not(text, lang, ui, expected):
    assert i18n.banned_words(text, lang, ui=ui) == expected


def test_languages_are_told_apart_in_content_files():
    document = {"q": {"text": {"ja": "カテゴリ", "en": "category"}}, "tip": "カテゴリ別"}
    assert list(strings(document)) == [("q.text.ja", "ja", "カテゴリ"), ("q.text.en", "en", "category"),
                                       ("tip", "ja", "カテゴリ別")]
