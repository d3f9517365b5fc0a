"""Pure: the thank-you mail's input from what the user recorded, and its checks' context."""

from __future__ import annotations

from datetime import datetime

from lib.follow_up.stories import matching_story
from lib.generate.thank_you_mail import InterviewQuestion, MailInput
from lib.models import Interviewer, Profile, Story, lines, zone

FORMALITIES = ("standard", "very_formal")
LENGTHS = ("standard", "short")


def asked_questions(reflection: dict) -> list[InterviewQuestion]:
    """The reflection's questions with their self-rating and the interviewer's reaction, so
    the mail can cite one that went well and never one that went badly or was improper."""
    return [InterviewQuestion(q.get("question") or "", q.get("rating"), q.get("reaction"), q.get("category") or "")
            for q in reflection.get("questions", [])]


def mail_input(interview: dict, reflection: dict | None, stories: list[Story], profile: Profile, lang: str, *,
               department: str = "", formality: str = "standard", length: str = "standard",
               position: str | None = None, topic_phrase: str = "", untold_phrase: str = "") -> MailInput:
    """Everything the thank-you mail draws on: the interview (with its interviewers), its
    reflection (complete or draft, or none yet), the story that best backs up what was not
    said, and the role applied for (`position`, else the interview's "position" if it has one).
    `topic_phrase` / `untold_phrase` are phrases the user typed for the mail (see MailInput)."""
    reflection = reflection or {}
    untold = lines(reflection.get("untold_points"))
    return MailInput(
        lang=lang, company=interview["company"], department=department,
        interviewers=[Interviewer(p["name"], p["role"]) for p in interview.get("interviewers", [])],
        interview_start=datetime.fromisoformat(interview["starts_at"]).astimezone(zone(interview["timezone"])),
        round=interview["round"],
        interesting_topics=lines(reflection.get("interesting_topics")),
        questions=asked_questions(reflection),
        untold_points=untold,
        story=matching_story(stories, untold),
        profile=profile, formality=formality, length=length,
        position=(interview.get("position") or "") if position is None else position,
        topic_phrase=topic_phrase, untold_phrase=untold_phrase,
    )
