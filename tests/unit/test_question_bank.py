"""The question bank: schema, coverage, lookups, and fair-selection detection."""

import re
from collections import Counter

import pytest

from lib.competencies import QUESTION_CATEGORIES
from lib.config import LANGUAGES
from lib.models import ROUNDS
from lib.practice import question_bank
from lib.practice.question_bank import (
    KINDS,
    MAX_PROBES,
    ROUNDS_TYPICAL,
    BankError,
    fair_selection_issue,
    fair_selection_issues,
    fair_selection_topics,
    load_bank,
)

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
BANK = load_bank()
TOPICS = fair_selection_topics()


def texts_of(question, lang):
    """Every text of one question in one language."""
    return [question.text_in(lang), *question.probes_in(lang), question.looking_for_in(lang)]


# ------------------------------------------------------------------ schema and coverage

def test_the_bank_has_at_least_250_questions_and_30_reverse_questions():
    assert len(BANK) >= 250
    assert sum(q.kind == "reverse" for q in BANK) >= 30


def test_ids_are_unique_and_stable_in_form():
    ids = [q.id for q in BANK]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(rf"{q.category}-\d{{3}}", q.id) for q in BANK)


@pytest.mark.parametrize("question", BANK, ids=lambda q: q.id)
def test_each_question_is_complete_and_validly_tagged(question):
    assert question.category in QUESTION_CATEGORIES
    assert question.round in ROUNDS_TYPICAL
    assert question.kind in KINDS
    assert question.difficulty in (1, 2, 3)
    assert 1 <= len(question.probes) <= MAX_PROBES
    if question.kind == "reverse":
        assert question.category == "reverse_questions"
    for lang in LANGUAGES:
        assert all(text.strip() == text and text for text in texts_of(question, lang))
    assert all(JAPANESE.search(text) for text in texts_of(question, "ja"))
    assert not any(JAPANESE.search(text) for text in texts_of(question, "en"))
    assert not any("〇" in text or "○" in text or "XX" in text for text in texts_of(question, "ja"))


@pytest.mark.parametrize("category", QUESTION_CATEGORIES)
def test_every_category_has_at_least_10_questions(category):
    assert sum(q.category == category for q in BANK) >= 10


def test_every_kind_round_and_difficulty_is_used():
    assert {q.kind for q in BANK} == set(KINDS)
    assert {q.round for q in BANK} == set(ROUNDS_TYPICAL)
    assert {q.difficulty for q in BANK} == {1, 2, 3}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_question_is_written_twice(lang):
    repeated = [text for text, n in Counter(q.text_in(lang) for q in BANK).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("question", BANK, ids=lambda q: q.id)
def test_no_bank_question_touches_a_fair_selection_topic(question):
    flagged = {text: fair_selection_issue(text).id for lang in LANGUAGES for text in texts_of(question, lang)
               if fair_selection_issue(text)}
    assert flagged == {}


# ------------------------------------------------------------------ lookups

def test_text_falls_back_to_japanese_for_an_unknown_language():
    question = BANK[0]
    assert question.text_in("fr") == question.text_in("ja")
    assert question.probes_in("en") == tuple(p["en"] for p in question.probes)


def test_question_by_id_and_hashing():
    question = BANK[5]
    assert question_bank.question_by_id(question.id) is question
    assert question_bank.question_by_id("nope-000") is None
    assert len(set(BANK)) == len(BANK)


def test_load_bank_is_cached():
    assert load_bank() is load_bank()
    assert fair_selection_topics() is fair_selection_topics()


@pytest.mark.parametrize("interview_round, expected", [
    ("casual", "early"), ("first", "early"), ("second", "early"), ("third", "final"), ("final", "final"),
    ("other", "any"), ("unknown", "any"),
])
def test_typical_round(interview_round, expected):
    assert question_bank.typical_round(interview_round) == expected
    if interview_round != "unknown":
        assert interview_round in ROUNDS


def test_select_questions_filters():
    final = question_bank.select_questions(round="final")
    assert final and all(q.round in ("final", "any") for q in final)
    reverse = question_bank.select_questions(kinds=("reverse",), max_difficulty=1)
    assert reverse and all(q.kind == "reverse" and q.difficulty == 1 for q in reverse)
    motivation = question_bank.select_questions(categories=("motivation",))
    assert len(motivation) == sum(q.category == "motivation" for q in BANK)
    assert question_bank.select_questions() == BANK


# ------------------------------------------------------------------ malformed files

GOOD_ENTRY = """
[[question]]
id = "motivation-001"
category = "motivation"
round = "early"
kind = "motivation"
difficulty = 1
text = { ja = "志望動機を教えてください。", en = "Why us?" }
probes = [{ ja = "なぜですか。", en = "Why?" }]
looking_for = { ja = "理由。", en = "Reasons." }
"""


@pytest.mark.parametrize("change, message", [
    (("category = \"motivation\"", "category = \"luck\""), "category"),
    (("round = \"early\"", "round = \"second\""), "round"),
    (("kind = \"motivation\"", "kind = \"reverse\""), "reverse_questions"),
    (("difficulty = 1", "difficulty = 4"), "difficulty"),
    (("en = \"Why us?\"", "en = \"  \""), "'en'"),
    (("probes = [{ ja = \"なぜですか。\", en = \"Why?\" }]", "probes = []"), "probes"),
    (("id = \"motivation-001\"", "id = \"Motivation 1\""), "id"),
])
def test_a_malformed_entry_is_refused_with_its_id_and_field(tmp_path, change, message):
    path = tmp_path / "bank.toml"
    path.write_text(GOOD_ENTRY.replace(*change), encoding="utf-8")
    with pytest.raises(BankError, match=re.escape(message)):
        load_bank(path)


def test_a_duplicate_id_is_refused(tmp_path):
    path = tmp_path / "bank.toml"
    path.write_text(GOOD_ENTRY * 2, encoding="utf-8")
    with pytest.raises(BankError, match="used twice"):
        load_bank(path)


# ------------------------------------------------------------------ fair selection

def test_fair_selection_topics_are_complete():
    assert 12 <= len(TOPICS) <= 16
    assert len({t.id for t in TOPICS}) == len(TOPICS)
    for topic in TOPICS:
        for lang in LANGUAGES:
            assert topic.name_in(lang) and topic.why_in(lang) and topic.patterns[lang]
        assert JAPANESE.search(topic.why_in("ja")) and not JAPANESE.search(topic.why_in("en"))
        assert not JAPANESE.search(topic.name_in("en")) and not any(JAPANESE.search(k) for k in topic.patterns["en"])


# tests/unit/test_fair_selection.py measures the detection on a corpus; these are a few fixed cases.
@pytest.mark.parametrize("question, topic", [
    ("ご両親はどのようなお仕事をされていますか。", "family"),
    ("ご家族構成を教えてください。", "family"),
    ("ご出身はどちらですか?", "birthplace"),
    ("本籍地はどちらになりますか。", "birthplace"),
    ("結婚のご予定はありますか。", "marriage_children"),
    ("結婚しても働き続けるつもりですか?", "marriage_children"),
    ("お子さんはいらっしゃいますか。", "marriage_children"),
    ("お住まいは持ち家ですか、賃貸ですか。", "housing"),
    ("どのような家庭環境で育ちましたか。", "home_environment"),
    ("信仰している宗教はありますか。", "religion"),
    ("支持政党を教えてください。", "political_party"),
    ("座右の銘は何ですか。", "life_beliefs"),
    ("尊敬する人物は誰ですか?", "respected_person"),
    ("今の社会をどう思いますか。", "ideology"),
    ("学生時代に学生運動に参加したことはありますか。", "social_movements"),
    ("前職では労働組合に加入していましたか。", "social_movements"),
    ("購読している新聞は何ですか。", "reading"),
    ("愛読書を教えてください。", "reading"),
    ("あなたのﾓｯﾄｰは何ですか。", "life_beliefs"),  # half-width katakana is normalised
    ("What do your parents do for a living?", "family"),
    ("Do you have any brothers or sisters?", "family"),
    ("Where were you born?", "birthplace"),
    ("WHERE ARE YOU FROM?", "birthplace"),
    ("Are you married?", "marriage_children"),
    ("Do you plan to have children soon?", "marriage_children"),
    ("Do you own your home or rent?", "housing"),
    ("Tell me about your upbringing.", "home_environment"),
    ("What is your religion?", "religion"),
    ("Ｒｅｌｉｇｉｏｎ?", "religion"),  # full-width letters are normalised
    ("Which political party do you support?", "political_party"),
    ("Who did you vote for in the last election?", "political_party"),
    ("What is your personal motto?", "life_beliefs"),
    ("Who is the person you respect most?", "respected_person"),
    ("Have you ever been a union member?", "social_movements"),
    ("Which newspaper do you read?", "reading"),
    ("What's your favourite book?", "reading"),
])
def test_questions_that_should_not_be_asked_are_recognised(question, topic):
    found = fair_selection_issue(question)
    assert found is not None and found.id == topic


@pytest.mark.parametrize("question", [
    "御社の福利厚生について教えてください。",
    "チームの雰囲気はいかがですか?",
    "家族手当や住宅手当はありますか。",
    "家賃補助の制度はありますか。",
    "産休・育休の取得実績はありますか。",
    "親会社との関係を教えてください。",
    "姉妹会社との役割分担はどうなっていますか。",
    "労働組合はありますか。",
    "家族的な雰囲気の職場ですか。",
    "通勤時間はどのくらいかかりますか。",
    "会社のモットーを教えてください。",
    "What are the benefits like?",
    "How is the team atmosphere?",
    "How do you work with the parent company?",
    "Is there a family allowance?",
    "What is the parental leave policy?",
    "Is this a family business?",
    "How do you deal with office politics?",
    "Can you demonstrate leadership under pressure?",
    "Where do you see yourself in five years?",
    "What does our sister company do?",
    "How long is your commute?",
    "",
])
def test_ordinary_questions_are_not_flagged(question):
    assert fair_selection_issue(question) is None


def test_a_question_touching_two_topics_reports_both_in_order():
    found = fair_selection_issues("Are you married, and what do your parents do?")
    assert [t.id for t in found] == ["marriage_children", "family"]
    assert fair_selection_issue("Are you married, and what do your parents do?").id == "marriage_children"
