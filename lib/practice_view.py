"""Pure: a question set turned into the printable practice sheet, with the user's key points."""

from __future__ import annotations

from datetime import date, datetime, timezone

from lib.generate.practice_sheet import PracticeSheet, SheetQuestion
from lib.question_bank import question_by_id
from lib.question_set import PickedQuestion, QuestionSet, reason_text, text_key
from lib.stories import Story

MAX_KEY_POINTS = 3


def key_points(category: str, text: str, stories: list[Story], answers: AnswerIndex) -> list[str]:
    """The user's own material for one question: what they answered when it was asked
    before, then answers in the same category, then stories tagged with its competency."""
    points = list(answers.by_question.get(text_key(text), []))
    points += [a for a in answers.by_category.get(category, []) if a not in points]
    points += [f"{s.title}: {s.result}" if s.result else s.title for s in stories if category in s.competencies]
    return points[:MAX_KEY_POINTS]


class AnswerIndex:
    """The user's past answers, by question text and by category, built once per sheet."""

    def __init__(self, past_answers: list[dict]):
        self.by_question: dict[str, list[str]] = {}
        self.by_category: dict[str, list[str]] = {}
        for answer in past_answers:
            if answer["answer_summary"]:
                self.by_question.setdefault(text_key(answer["question"]), []).append(answer["answer_summary"])
                self.by_category.setdefault(answer["category"], []).append(answer["answer_summary"])


def practice_sheet(qset: QuestionSet, stories: list[Story], past_answers: list[dict], lang: str, *,
                   company: str = "", round_code: str = "", day: date | None = None,
                   candidate_name: str = "") -> PracticeSheet:
    """The sheet a friend uses to run the mock interview for this set."""
    answers = AnswerIndex(past_answers)
    questions = [
        SheetQuestion(item.text, item.category, list(item.probes),
                      key_points(item.category, item.text, stories, answers),
                      why=" / ".join(reason_text(reason, lang) for reason in item.reasons[:2]))
        for item in qset.items
    ]
    competencies = list(dict.fromkeys(item.category for item in qset.items))
    return PracticeSheet(lang, company, round_code, day, questions, competencies, candidate_name)


def practice_queue(queue: list[str], cards: dict[str, dict], now: datetime, asked: list[dict], own: list[dict],
                   lang: str) -> list[PickedQuestion]:
    """What to practise now, one at a time: questions whose practice is due first (soonest
    first), then the chosen set's questions not practised yet today."""
    due = sorted((row["due"], qid) for qid, row in cards.items() if row["due"] <= now.astimezone(timezone.utc).isoformat())
    ids = [qid for _, qid in due] + [qid for qid in queue if qid not in {q for _, q in due}]
    found = [practice_item(qid, cards, asked, own, lang) for qid in ids]
    return [item for item in found if item is not None]


def practice_item(question_id: str, cards: dict[str, dict], asked: list[dict], own: list[dict],
                  lang: str) -> PickedQuestion | None:
    """A question by its id: from the bank, the user's recorded or own questions, or the
    text saved with its practice card."""
    if question := question_by_id(question_id):
        return PickedQuestion(question.id, question.text_in(lang), question.category, tuple(question.probes_in(lang)),
                              [], "bank", question.kind)
    for row in asked:
        if row["id"] == question_id:
            return PickedQuestion(question_id, row["question"], row["category"], (), [], "own")
    for row in own:
        if f"own-{row['id']}" == question_id:
            return PickedQuestion(question_id, row["text"], row["category"], (), [], "own")
    if question_id in cards:
        return PickedQuestion(question_id, cards[question_id]["text"] or "", "", (), [], "own")
    return None
