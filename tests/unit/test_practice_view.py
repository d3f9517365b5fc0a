from datetime import datetime, timezone

from lib.practice_view import AnswerIndex, key_points, practice_item, practice_queue
from lib.stories import Story

ANSWERS = [
    {"question": "志望動機を教えてください。", "category": "motivation", "answer_summary": "顧客の声を聞く文化"},
    {"question": "なぜ当社なのですか", "category": "motivation", "answer_summary": "データ基盤の将来性"},
    {"question": "自己紹介を", "category": "self_introduction", "answer_summary": ""},
]


def test_key_points_prefer_the_same_question_then_the_category_then_stories():
    stories = [Story("解約率改善", result="4 ポイント改善", competencies=["motivation"]), Story("別の話")]
    points = key_points("motivation", "志望動機を教えてください", stories, AnswerIndex(ANSWERS))
    assert points == ["顧客の声を聞く文化", "データ基盤の将来性", "解約率改善: 4 ポイント改善"]
    assert key_points("composure", "緊張しますか", stories, AnswerIndex(ANSWERS)) == []


def test_queue_puts_due_questions_first_and_knows_every_source():
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    cards = {"asked-7": {"due": "2026-11-26T00:00:00+00:00", "text": "saved text"},
             "own-3": {"due": "2026-12-30T00:00:00+00:00", "text": "later"}}
    asked = [{"id": "asked-7", "question": "転職理由は?", "category": "reason_for_change"}]
    own = [{"id": 3, "text": "逆質問の準備", "category": "reverse_questions"}]
    queue = practice_queue(["own-3", "asked-7"], cards, now, asked, own, "ja")
    assert [item.id for item in queue] == ["asked-7", "own-3"]
    assert queue[0].text == "転職理由は?" and queue[1].category == "reverse_questions"
    assert practice_item("nope", {}, [], [], "ja") is None
