"""Pure: a question set turned into the printable practice sheet, with the user's key points.

Key points come from the user's answers rated 4 or more to the same question and from the
stories (STAR) that match the question; never from a low-rated answer, and never the same
point for two questions of one sheet."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lib.follow_up.stories import content_words
from lib.generate.practice_sheet import NOT_SCORED, PracticeSheet, SheetQuestion
from lib.generate.text import one_line, template
from lib.models import Story
from lib.practice.question_bank import question_by_id
from lib.practice.question_set import PickedQuestion, QuestionSet, reason_text, text_key

MAX_KEY_POINTS = 3
GOOD_ANSWER = 4  # an answer rated this or more is worth saying again


class AnswerIndex:
    """The user's answers rated GOOD_ANSWER or more, by question text, built once per sheet.
    A low-rated or unrated answer is never a key point."""

    def __init__(self, past_answers: list[dict]):
        self.by_question: dict[str, list[str]] = {}
        for answer in past_answers:
            rating = answer.get("rating")
            good = isinstance(rating, int) and not isinstance(rating, bool) and rating >= GOOD_ANSWER
            if good and (summary := one_line(answer.get("answer_summary"))):
                found = self.by_question.setdefault(text_key(answer["question"]), [])
                if summary not in found:
                    found.append(summary)


def matching_stories(category: str, text: str, stories: list[Story]) -> list[Story]:
    """Stories that back up an answer to this question: tagged with its competency or sharing
    two or more words with it, the best match first."""
    wanted = content_words(text)
    scored = []
    for n, story in enumerate(stories):
        overlap = len(wanted & content_words(f"{story.title} {story.action} {story.result} {story.skills}"))
        score = (2 if category in story.competencies else 0) + overlap
        if score >= 2:
            scored.append((-score, n, story))
    return [story for _, _, story in sorted(scored, key=lambda row: row[:2])]


def story_point(story: Story, lang: str) -> str:
    """A story as a key point (STAR, briefly): its title, what was done, what came of it."""
    tpl = template("practice_sheet")[lang]
    detail = tpl["story_detail_join"].join(filter(None, (one_line(story.action), one_line(story.result))))
    title = one_line(story.title)
    return tpl["story_point"].format(title=title, detail=detail) if title and detail else title or detail


def key_points(category: str, text: str, stories: list[Story], answers: AnswerIndex, lang: str,
               used: set[str]) -> list[str]:
    """The user's own material for one question: their answers rated 4 or more to this same
    question, then the stories that match it (STAR). Nothing in `used` (points already given
    to an earlier question of the sheet) is repeated; what is returned is added to it."""
    points = [a for a in answers.by_question.get(text_key(text), []) if a not in used]
    for story in matching_stories(category, text, stories):
        if (point := story_point(story, lang)) and point not in used and point not in points:
            points.append(point)
    points = points[:MAX_KEY_POINTS]
    used.update(points)
    return points


def is_reverse(item: PickedQuestion) -> bool:
    """A 逆質問: a question the candidate asks the company."""
    return item.kind == "reverse" or item.category == "reverse_questions"


def practice_sheet(qset: QuestionSet, stories: list[Story], past_answers: list[dict], lang: str, *,
                   company: str = "", round_code: str = "", day: date | None = None,
                   candidate_name: str = "") -> PracticeSheet:
    """The sheet a friend uses to run the mock interview for this set. The candidate's own
    questions (逆質問) get no key points: the candidate asks them."""
    answers, used = AnswerIndex(past_answers), set()
    questions = [
        SheetQuestion(item.text, item.category, list(item.probes),
                      [] if is_reverse(item) else key_points(item.category, item.text, stories, answers, lang, used),
                      why=" / ".join(reason_text(reason, lang) for reason in item.reasons[:2]),
                      reverse=is_reverse(item))
        for item in qset.items
    ]
    competencies = list(dict.fromkeys(item.category for item in qset.items
                                      if not is_reverse(item) and item.category not in NOT_SCORED))
    return PracticeSheet(lang, company, round_code, day, questions, competencies, candidate_name)


def practice_queue(queue: list[str], cards: dict[str, dict], now: datetime, asked: list[dict], own: list[dict],
                   lang: str) -> list[PickedQuestion]:
    """What to practise now, one at a time: questions whose practice is due first (soonest
    first), then the chosen set's questions not practised yet today."""
    due = sorted((row["due"], qid) for qid, row in cards.items() if row["due"] <= now.astimezone(UTC).isoformat())
    ids = [qid for _, qid in due] + [qid for qid in queue if qid not in {q for _, q in due}]
    found = [practice_item(qid, cards, asked, own, lang) for qid in ids]
    return [item for item in found if item is not None]


def practice_item(question_id: str, cards: dict[str, dict], asked: list[dict], own: list[dict],
                  lang: str) -> PickedQuestion | None:
    """A question by its id: from the bank, the user's recorded or own questions, or the
    text saved with its practice card."""
    if question := question_by_id(question_id):
        return PickedQuestion(question.id, question.text_in(lang), question.category, tuple(question.probes_in(lang)),
                              [], "bank", question.kind, question.looking_for_in(lang),
                              interviewer=question.interviewer, tip=question.tip_in(lang),
                              ask_at=question.ask_at or "")
    for row in asked:
        if row["id"] == question_id:
            return PickedQuestion(question_id, row["question"], row["category"], (), [], "own")
    for row in own:
        if f"own-{row['id']}" == question_id:
            return PickedQuestion(question_id, row["text"], row["category"], (), [], "own")
    if question_id in cards:
        return PickedQuestion(question_id, cards[question_id]["text"] or "", "", (), [], "own")
    return None
