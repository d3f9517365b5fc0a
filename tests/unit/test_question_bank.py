"""The question bank: schema, coverage, lookups, and fair-selection detection."""

import re
from collections import Counter

import pytest

from lib.competencies import COMPETENCIES, QUESTION_CATEGORIES
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


@pytest.mark.parametrize("category", COMPETENCIES)
def test_every_competency_has_at_least_10_questions(category):
    assert sum(q.category == category for q in BANK) >= 10


def test_no_bank_question_is_filed_under_other():
    # "other" is for a recorded question that fits no competency; every bank question fits one.
    assert not [q.id for q in BANK if q.category not in COMPETENCIES]


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
interviewer = "hr"
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
    (("interviewer = \"hr\"", "interviewer = \"人事\""), "interviewer"),
    (("interviewer = \"hr\"\n", ""), "interviewer"),
    (("interviewer = \"hr\"", "interviewer = \"hr\"\nask_at = \"agent\""), "only a reverse question"),
    (("interviewer = \"hr\"", "interviewer = \"hr\"\njob_family = \"design\""), "job_family"),
    (("looking_for = ", "tip = { ja = \"コツ。\" }\nlooking_for = "), "tip: missing or empty 'en'"),
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


# ------------------------------------------------------------------ issue 16: interviewer, tags, staples, tips

NEW_STAPLES = {  # words of a question's Japanese text → the staple it covers
    "副業": "side job", "英語": "language at work", "新卒で": "first employer", "出張": "business trips",
    "退職交渉": "resigning", "残業時間は、月に": "current overtime", "年下": "younger manager",
}


def with_words(*words):
    return [q for q in BANK if any(word in q.text_in("ja") for word in words)]


def test_every_question_names_who_typically_asks_it_and_every_role_is_used():
    assert {q.interviewer for q in BANK} == set(question_bank.INTERVIEWERS)
    for role in ("hr", "hiring", "executive"):
        assert sum(q.interviewer == role for q in BANK) >= 20, role


def test_conditions_are_asked_by_hr_from_the_first_rounds_not_only_at_the_end():
    conditions = with_words("入社可能", "年収", "他社の選考", "他社から内定")
    assert len(conditions) >= 5
    assert all(q.interviewer == "hr" and q.round == "any" for q in conditions
               if not q.is_reverse and "提示する年収" not in q.text_in("ja")), [(q.id, q.round) for q in conditions]
    first_round = {q.id for q in question_bank.select_questions(round="early")}
    assert {"motivation-009", "motivation-010", "motivation-007", "motivation-024"} <= first_round


def test_the_most_failed_staples_are_not_warm_ups():
    staples = [question_bank.question_by_id(qid) for qid in
               ("motivation-001", "motivation-002", "strengths-001", "strengths-008", "weaknesses-001",
                "reason_for_change-001")]
    assert all(q.difficulty >= 2 for q in staples)
    assert question_bank.question_by_id("motivation-001").difficulty == 3
    assert question_bank.question_by_id("weaknesses-001").difficulty == 3
    # Warm-ups are short and factual: no 志望動機, 強み or 弱み among them.
    warm_ups = [q.text_in("ja") for q in BANK if q.difficulty == 1]
    assert not [text for text in warm_ups if re.search(r"志望|強み|弱み|長所|短所", text)]


def test_at_least_forty_new_questions_cover_the_missing_staples():
    assert len(BANK) >= 272 + 40
    for words, staple in NEW_STAPLES.items():
        assert with_words(words), staple
    assert sum(q.kind == "situational" for q in BANK) >= 5
    assert all(q.interviewer == "hiring" for q in BANK if q.kind == "situational")


@pytest.mark.parametrize("family", question_bank.JOB_FAMILIES)
def test_each_job_family_has_a_pack_of_its_own(family):
    pack = [q for q in BANK if q.job_family == family]
    assert len(pack) >= 4
    assert all(q.category == "role_skills" and q.interviewer == "hiring" for q in pack)


def test_offer_stage_reverse_questions_say_where_to_ask_them():
    offer = {"固定残業代": "offer_meeting", "試用期間": "offer_meeting", "昇給": "agent"}
    for words, where in offer.items():
        found = [q for q in with_words(words) if q.is_reverse]
        assert found and all(q.ask_at == where for q in found), words
    assert {q.ask_at for q in BANK if q.ask_at} == set(question_bank.ASK_AT)
    assert all(q.is_reverse for q in BANK if q.ask_at)


SENSITIVE = {"年収": "salary", "他社": "other applications", "第一志望": "first choice", "転職の回数": "many moves",
             "空白": "gap", "短い期間で退職": "short stay", "退職交渉": "resigning", "副業": "side job",
             "出張": "business trips", "残業時間は、月に": "current overtime"}


@pytest.mark.parametrize("words", SENSITIVE, ids=SENSITIVE.get)
def test_sensitive_questions_carry_an_answer_tip_in_both_languages(words):
    found = [q for q in with_words(words) if not q.is_reverse]
    assert found
    for question in found:
        assert question.tip_in("ja") and question.tip_in("en"), question.id
        assert JAPANESE.search(question.tip_in("ja")) and not JAPANESE.search(question.tip_in("en"))
        assert not re.search(r"[()?:!]", question.tip_in("ja"))  # full-width （）？：！ in Japanese
        assert not fair_selection_issue(question.tip_in("ja")) and not fair_selection_issue(question.tip_in("en"))


def test_a_question_without_a_tip_shows_none():
    question = question_bank.question_by_id("self_introduction-001")
    assert question.tip is None and question.tip_in("ja") == "" and question.tip_in("en") == ""


@pytest.mark.parametrize("interview_round, roles, expected", [
    ("first", (), ("hr", "hiring")),
    ("casual", (), ("hiring", "hr")),
    ("second", (), ("hiring",)),
    ("final", (), ("executive",)),
    ("other", (), ()),
    (None, (), ()),
    ("first", ("人事部 採用担当",), ("hr",)),
    ("first", ("開発部長", "人事"), ("hiring", "hr")),
    ("second", ("代表取締役社長",), ("executive",)),
    ("final", ("人事部長",), ("hr",)),
    ("final", ("事業部長",), ("executive",)),
    ("first", ("Engineering Manager",), ("hiring",)),
    ("first", ("HR Director",), ("hr",)),
    ("first", ("CTO",), ("executive",)),
    ("first", ("Recruiter",), ("hr",)),
    ("final", ("",), ("executive",)),            # a blank role says nothing: the round decides
    ("final", ("田中",), ("executive",)),
])
def test_the_next_rounds_interviewer_roles(interview_round, roles, expected):
    assert question_bank.expected_interviewers(interview_round, roles) == expected
