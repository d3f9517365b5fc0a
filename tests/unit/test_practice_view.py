"""The practice sheet's content from a question set: key points, 逆質問, and the practice queue."""

from datetime import UTC, datetime

import pytest

from lib.generate.practice_sheet import rubric_competencies, sheet_content, sheet_html, timing_guide
from lib.models import Story
from lib.practice.question_set import PickedQuestion, QuestionSet
from lib.practice.view import AnswerIndex, key_points, practice_item, practice_queue, practice_sheet, story_point

MOTIVATION = "志望動機を教えてください。"
ANSWERS = [
    {"question": MOTIVATION, "category": "motivation", "answer_summary": "顧客の声を聞く文化に惹かれた", "rating": 5},
    {"question": "志望動機を教えてください", "category": "motivation", "answer_summary": "データ基盤の将来性", "rating": 4},
    {"question": MOTIVATION, "category": "motivation", "answer_summary": "なんとなく", "rating": 2},
    {"question": MOTIVATION, "category": "motivation", "answer_summary": "給与が良い", "rating": 3},
    {"question": MOTIVATION, "category": "motivation", "answer_summary": "未評価の回答", "rating": None},
    {"question": "なぜ当社なのですか", "category": "motivation", "answer_summary": "同じカテゴリの別の質問", "rating": 5},
    {"question": "自己紹介を", "category": "self_introduction", "answer_summary": "", "rating": 5},
]
CHURN = Story("解約率改善", action="週次レビューを導入", result="4ポイント改善", competencies=["achievements"])
MENTOR = Story("新人育成", action="育成計画を作成", result="2名とも独り立ち", competencies=["strengths"])
UNRELATED = Story("社内イベント", result="参加者100名", competencies=["culture_fit"])


@pytest.mark.parametrize(("category", "text", "expected"), [
    # Answers rated 4 or more to this same question, in the order recorded; never 1-3 or unrated.
    ("motivation", "志望動機を教えてください", ["顧客の声を聞く文化に惹かれた", "データ基盤の将来性"]),
    # Another question of the same category gets nothing from these answers.
    ("motivation", "当社でやりたいことは?", []),
    # Stories: tagged with the question's competency, or sharing words with it.
    ("achievements", "最大の成果は?", ["解約率改善：週次レビューを導入 → 4ポイント改善"]),
    ("strengths", "あなたの強みは?", ["新人育成：育成計画を作成 → 2名とも独り立ち"]),
    ("career_story", "新人の育成で工夫したことは?", ["新人育成：育成計画を作成 → 2名とも独り立ち"]),
    ("composure", "緊張しますか", []),
])
def test_key_points_come_from_good_answers_to_the_question_and_matching_stories(category, text, expected):
    assert key_points(category, text, [CHURN, MENTOR, UNRELATED], AnswerIndex(ANSWERS), "ja", set()) == expected


def test_a_key_point_is_never_reused_for_another_question():
    used: set[str] = set()
    index = AnswerIndex(ANSWERS)
    first = key_points("achievements", "最大の成果は?", [CHURN], index, "ja", used)
    second = key_points("achievements", "ほかの成果は?", [CHURN], index, "ja", used)
    assert first == [story_point(CHURN, "ja")] and second == []
    assert key_points("motivation", MOTIVATION, [], index, "ja", used) == ["顧客の声を聞く文化に惹かれた", "データ基盤の将来性"]
    assert key_points("motivation", MOTIVATION, [], index, "ja", used) == []


@pytest.mark.parametrize(("story", "lang", "point"), [
    (Story("Cutting churn", action="Weekly spec review", result="Churn down 4 points"), "en",
     "Cutting churn: Weekly spec review → Churn down 4 points"),
    (Story("解約率改善", result="4ポイント改善"), "ja", "解約率改善：4ポイント改善"),
    (Story("解約率改善"), "ja", "解約率改善"),
])
def test_a_story_point_is_title_action_and_result(story, lang, point):
    assert story_point(story, lang) == point


def picked(qid: str, text: str, category: str, kind: str = "general", probes: tuple = ()) -> PickedQuestion:
    return PickedQuestion(qid, text, category, probes, [], "bank", kind)


def question_set() -> QuestionSet:
    return QuestionSet([
        picked("a", "最大の成果は?", "achievements", probes=("その数字の根拠は?",)),
        picked("b", "ほかの成果は?", "achievements"),
        picked("r", "配属予定のチームは何名くらいですか。", "reverse_questions", "reverse", ("構成は?",)),
        picked("m", "志望動機を教えてください", "motivation"),
        picked("o", "入社後の研修について伺えますか", "reverse_questions"),  # the user's own 逆質問
    ], seed=1, lang="ja")


def test_the_sheet_puts_the_candidates_own_questions_in_their_own_section():
    sheet = practice_sheet(question_set(), [CHURN], ANSWERS, "ja", company="A社", round_code="second",
                           candidate_name="山田 太郎")
    assert [q.reverse for q in sheet.questions] == [False, False, True, False, True]
    assert [q.key_points for q in sheet.questions] == [[story_point(CHURN, "ja")], [], [],
                                                       ["顧客の声を聞く文化に惹かれた", "データ基盤の将来性"], []]
    assert "reverse_questions" not in sheet.rubric_competencies and "reverse_questions" not in rubric_competencies(sheet)
    content = sheet_content(sheet)
    assert [q.number for q in content.questions] == ["Q1", "Q2", "Q3"]
    assert [(q.number, q.text, q.follow_ups) for q in content.reverse] == [
        ("R1", "配属予定のチームは何名くらいですか。", ["構成は?"]), ("R2", "入社後の研修について伺えますか", [])]
    # Timing: three answered questions, then one slot for the candidate's questions.
    assert [label for label, _ in timing_guide(sheet)][1:5] == ["Q1 具体的な実績", "Q2 具体的な実績", "Q3 志望動機",
                                                                "逆質問（応募者から面接官役へ）"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_partner_answers_and_judges_a_reverse_question_without_scoring_it(lang):
    document = sheet_html(practice_sheet(question_set(), [], [], lang))
    reverse = document[document.index('<section class="reverse">'):document.index('<section class="timing')]
    for check in (["下調べ", "具体的", "志望動機"] if lang == "ja" else ["Researched", "Specific", "motivation"]):
        assert check in reverse
    assert "1  2  3  4  5" not in reverse
    rubric = document[document.index('class="partner"'):]
    assert "配属予定のチーム" not in rubric and "入社後の研修" not in rubric


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_question_without_key_points_gets_ruled_space_and_says_so(lang):
    sheet = practice_sheet(QuestionSet([picked("c", "緊張しますか", "composure")], seed=1, lang=lang), [], [], lang)
    document = sheet_html(sheet)
    none = "まだ要点がありません" if lang == "ja" else "No points yet"
    assert none in document
    assert document.count('<div class="rule"></div>') == 2 + 3  # key points, then notes


def test_queue_puts_due_questions_first_and_knows_every_source():
    now = datetime(2026, 11, 27, tzinfo=UTC)
    cards = {"asked-7": {"due": "2026-11-26T00:00:00+00:00", "text": "saved text"},
             "own-3": {"due": "2026-12-30T00:00:00+00:00", "text": "later"}}
    asked = [{"id": "asked-7", "question": "転職理由は?", "category": "reason_for_change"}]
    own = [{"id": 3, "text": "逆質問の準備", "category": "reverse_questions"}]
    queue = practice_queue(["own-3", "asked-7"], cards, now, asked, own, "ja")
    assert [item.id for item in queue] == ["asked-7", "own-3"]
    assert queue[0].text == "転職理由は?" and queue[1].category == "reverse_questions"
    assert practice_item("nope", {}, [], [], "ja") is None


def test_a_bank_question_practised_alone_keeps_its_tip_what_is_looked_for_and_where_to_ask():
    from lib.practice.question_bank import question_by_id
    from lib.practice.view import practice_item
    salary = practice_item("motivation-010", {}, [], [], "ja")
    bank = question_by_id("motivation-010")
    assert salary.tip == bank.tip_in("ja") and "エージェント" in salary.tip
    assert salary.looking_for == bank.looking_for_in("ja") and salary.interviewer == "hr"
    assert practice_item("motivation-010", {}, [], [], "en").tip == bank.tip_in("en")
    overtime_pay = practice_item("reverse_questions-039", {}, [], [], "en")
    assert overtime_pay.ask_at == "offer_meeting" and overtime_pay.kind == "reverse"
    assert practice_item("self_introduction-001", {}, [], [], "ja").tip == ""
