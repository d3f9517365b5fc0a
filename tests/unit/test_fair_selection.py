"""The improper-question flag measured on a corpus (tests/fixtures/fair_selection_corpus.toml):
at least 95% of the questions an interviewer should not ask are flagged, and not one ordinary
interview question is. The test prints both figures."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from lib import i18n
from lib.config import LANGUAGES
from lib.practice.question_bank import (
    BankError,
    _normalise,
    fair_selection_issue,
    fair_selection_issues,
    fair_selection_topics,
)

CORPUS = tomllib.loads((Path(__file__).resolve().parents[1] / "fixtures" / "fair_selection_corpus.toml")
                       .read_text(encoding="utf-8"))
TOPICS = {topic.id: topic for topic in fair_selection_topics()}
# (topic, the topics that are just as right, language, question)
IMPROPER = [(topic, (topic, *entry.get("also", [])), lang, text)
            for topic, entry in CORPUS["improper"].items() for lang in LANGUAGES for text in entry[lang]]
ORDINARY = [(family, lang, text) for family, entry in CORPUS["ordinary"].items()
            for lang in LANGUAGES for text in entry[lang]]
TARGET_FLAGGED = 0.95
# Every item of 厚生労働省「公正な採用選考」, plus what the issue adds.
GUIDANCE = {"birthplace", "family", "housing", "home_environment", "religion", "political_party", "life_beliefs",
            "respected_person", "ideology", "social_movements", "reading",
            "marriage_children", "health", "organisations", "sexuality", "one_sex_only"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def test_the_corpus_is_large_enough_and_covers_every_topic_in_both_languages():
    assert len(IMPROPER) >= 80 and len(ORDINARY) >= 150
    assert set(CORPUS["improper"]) == GUIDANCE == set(TOPICS)
    for topic, entry in CORPUS["improper"].items():
        assert entry["ja"] and entry["en"], topic
        assert set(entry.get("also", [])) <= set(TOPICS), topic
    assert len({text for *_, text in IMPROPER}) == len(IMPROPER)
    assert len({text for *_, text in ORDINARY}) == len(ORDINARY)


def test_the_flag_meets_its_targets_on_the_corpus():
    missed = [(topic, text) for topic, _, _, text in IMPROPER if fair_selection_issue(text) is None]
    false_alarms = [(family, text, issue.id, issue.matched) for family, _, text in ORDINARY
                    if (issue := fair_selection_issue(text))]
    flagged = 1 - len(missed) / len(IMPROPER)
    print(f"\nfair-selection flag: {len(IMPROPER) - len(missed)}/{len(IMPROPER)} improper questions flagged "
          f"({flagged:.1%}); {len(false_alarms)}/{len(ORDINARY)} ordinary questions flagged")
    assert flagged >= TARGET_FLAGGED, missed
    assert not false_alarms


def test_a_flagged_question_is_filed_under_its_own_topic():
    wrong = [(text, issue.id, expected) for _, expected, _, text in IMPROPER
             if (issue := fair_selection_issue(text)) and issue.id not in expected]
    assert not wrong


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_topic_is_flagged_in_each_language(lang):
    for topic, entry in CORPUS["improper"].items():
        found = [fair_selection_issue(text) for text in entry[lang]]
        assert sum(issue is not None for issue in found) >= len(found) - 1, topic


def test_the_matched_words_come_from_the_question():
    for _, _, _, text in IMPROPER:
        if issue := fair_selection_issue(text):
            assert 1 <= len(issue.matched) <= 3
            assert all(words and words in _normalise(text) for words in issue.matched), text
    issue = fair_selection_issue("ご両親のお仕事と、ご結婚の予定を教えてください。")
    assert issue.id == "marriage_children" and issue.matched_in("ja") == "「ご結婚」"
    assert fair_selection_issue("Are you MARRIED?").matched_in("en") == '"are you married"'
    assert [t.id for t in fair_selection_issues("Are you married, and what do your parents do?")] == \
        ["marriage_children", "family"]


def test_a_flagged_topic_keeps_its_names_and_the_file_s_topic_is_untouched():
    issue = fair_selection_issue("What do your parents do for a living?")
    assert issue == TOPICS["family"] and hash(issue) == hash(TOPICS["family"])
    assert issue.name_in("en") == "Your family" and issue.why_in("ja") == TOPICS["family"].why_in("ja")
    assert TOPICS["family"].matched == ()


def test_every_pattern_is_lower_case_and_compiles():
    for topic in TOPICS.values():
        for lang in LANGUAGES:
            assert topic.patterns[lang]
            assert not any(JAPANESE.search(pattern) for pattern in topic.patterns["en"] + topic.ignore["en"])


def test_a_bad_pattern_names_the_topic(tmp_path):
    from lib.practice.question_bank import fair_selection_topics as read
    path = tmp_path / "bank.toml"
    path.write_text("[[fair_selection]]\nid = \"x\"\nname = { ja = \"x\", en = \"x\" }\n"
                    "why = { ja = \"x\", en = \"x\" }\npatterns = { ja = ['(unclosed'], en = ['x'] }\n",
                    encoding="utf-8")
    with pytest.raises(BankError, match="fair_selection x: patterns.ja"):
        read(path)


# ------------------------------------------------------------------ the notice

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notice_is_one_sentence_with_source_reason_advice_agent_and_matched_words(lang):
    issue = fair_selection_issue("結婚予定は？" if lang == "ja" else "Are you married?")
    notice = i18n.t("wizard.questions.fair_selection", lang, topic=issue.name_in(lang), why=issue.why_in(lang),
                    matched=issue.matched_in(lang))
    assert issue.matched_in(lang) in notice and issue.why_in(lang) in notice and issue.name_in(lang) in notice
    if lang == "ja":
        assert "厚生労働省「公正な採用選考」" in notice and "エージェント" in notice and "仕事" in notice
        assert notice.count("。") == 1 and notice.endswith("。")
    else:
        assert "Ministry of Health, Labour and Welfare" in notice and "agent" in notice and "the job needs" in notice
        assert len(re.findall(r"[.!?](\s|$)", notice)) == 1 and not JAPANESE.search(notice)


@pytest.mark.parametrize("topic", sorted(GUIDANCE))
def test_every_reason_fits_the_notice_and_follows_japanese_typography(topic):
    why = TOPICS[topic].why
    name = TOPICS[topic].name
    for text in (why["ja"], name["ja"]):
        assert not re.search(r"[()?:!]", text), text  # full-width （）？：！ in Japanese
        assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff] +[0-9{]|[0-9}] +[\u3040-\u30ff\u3400-\u9fff]", text)
    # A clause that the notice completes: no sentence end of its own.
    assert not why["ja"].endswith("。") and "。" not in why["ja"]
    assert not why["en"].endswith(".") and why["en"][0].islower()
