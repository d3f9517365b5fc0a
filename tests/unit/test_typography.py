"""Japanese typography by one rule set (lib/typography.py) in every Japanese text we write: the
catalog, the templates and the content files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lib import i18n, typography

ROOT = Path(__file__).resolve().parents[2]
# The Streamlit column format is a pattern, not a sentence.
NOT_TEXT = {"common.table_datetime"}
CONTENT = [*sorted((ROOT / "data" / "templates").glob("*.toml")),
           *(ROOT / "data" / name for name in ("sample_data.toml", "question_bank.toml", "action_library.toml"))]


@pytest.mark.parametrize(("text", "expected"), [
    ("企業 3 社・面接 8 件", "企業3社・面接8件"),
    ("{count} 件の記録", "{count}件の記録"),
    ("「{name}」さん", "「{name}」さん"),
    ("{name} さん", "{name}さん"),
    ("振り返り(下書き)", "振り返り（下書き）"),
    ("例: 日程調整", "例：日程調整"),
    ("本当に削除しますか?", "本当に削除しますか？"),
    ("できました! 次へ", "できました！次へ"),
    ("{year}年{month}月{day}日({weekday}) {hour:02d}:{minute:02d}",
     "{year}年{month}月{day}日（{weekday}）{hour:02d}:{minute:02d}"),  # a time keeps its colon
    ("10:30 開始", "10:30開始"),
    ("{position} · {industry} · 志望度 {interest}", "{position}｜{industry}｜志望度{interest}"),
    ("CSV ファイルを選ぶ", "CSV ファイルを選ぶ"),  # a space next to a Latin word is allowed
    ("データベースファイル: `{path}`", "データベースファイル：`{path}`"),  # code spans stay
    ("`make run` で起動 (http://127.0.0.1:8501)", "`make run` で起動（http://127.0.0.1:8501）"),
    ("一行目。  \n二行目", "一行目。  \n二行目"),  # a Markdown line break stays
    (":material/check_circle: **{title}**", ":material/check_circle: **{title}**"),  # an icon stays
    ("Fri 27 Nov (English): fine?", "Fri 27 Nov (English): fine?"),  # not Japanese: left alone
])
def test_the_rules(text, expected):
    assert typography.normalise(text) == expected
    assert typography.normalise(expected) == expected  # applying twice changes nothing
    assert (typography.problems(text) == []) == (text == expected)


def test_each_rule_is_named_when_broken():
    assert typography.problems("面接 3 回(一次: 人事)?") == [
        "full-width brackets", "full-width colon", "full-width ? and !",
        "no space between Japanese and a number or placeholder"]
    assert typography.problems("{a} · {b}", japanese=True) == ["・ or ｜ as a separator"]


def catalog_problems() -> dict[str, list[str]]:
    found = {}
    for key, text in i18n.catalog("ja").items():
        if key not in NOT_TEXT and (broken := typography.problems(text, japanese=True)):
            found[key] = broken
    return found


def test_the_japanese_catalog_follows_the_rules():
    assert catalog_problems() == {}


def japanese_strings(value, path=(), lang=None):
    """(dotted path, text) for every Japanese string of a TOML document: under a "ja" key, or
    holding Japanese characters where no language is named."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from japanese_strings(inner, (*path, str(key)), key if key in ("ja", "en") else lang)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from japanese_strings(inner, (*path, str(index)), lang)
    elif {"patterns", "ignore"} & set(path):  # regular expressions, not text
        return
    elif isinstance(value, str) and (lang == "ja" or (lang is None and typography.is_japanese(value))):
        yield ".".join(path), value


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.name)
def test_templates_and_content_follow_the_rules(path):
    with open(path, "rb") as f:
        document = tomllib.load(f)
    broken = {key: typography.problems(text, japanese=True) for key, text in japanese_strings(document)}
    assert {key: rules for key, rules in broken.items() if rules} == {}


def test_english_text_in_a_content_file_is_not_judged_by_japanese_rules():
    document = {"q": {"ja": "質問(任意)", "en": "Question (optional): why?"}}
    assert list(japanese_strings(document)) == [("q.ja", "質問(任意)")]
