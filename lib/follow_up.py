"""Pure: the thank-you mail's input from what the user recorded, and its checks' context."""

from __future__ import annotations

from datetime import datetime

from lib.generate.thank_you_mail import MailInput, Profile
from lib.models import Interviewer, lines, zone
from lib.stories import Story, matching_story

FORMALITIES = ("standard", "very_formal")
LENGTHS = ("standard", "short")


def mail_input(interview: dict, reflection: dict | None, stories: list[Story], profile: Profile, lang: str, *,
               department: str = "", formality: str = "standard", length: str = "standard") -> MailInput:
    """Everything the thank-you mail draws on: the interview (with its interviewers), its
    reflection (complete or draft, or none yet) and the story that best backs up what was
    not said."""
    reflection = reflection or {}
    untold = lines(reflection.get("untold_points"))
    return MailInput(
        lang=lang, company=interview["company"], department=department,
        interviewers=[Interviewer(p["name"], p["role"]) for p in interview.get("interviewers", [])],
        interview_start=datetime.fromisoformat(interview["starts_at"]).astimezone(zone(interview["timezone"])),
        round=interview["round"],
        interesting_topics=lines(reflection.get("interesting_topics")),
        questions=[q["question"] for q in reflection.get("questions", [])],
        untold_points=untold,
        story=(match.for_mail() if (match := matching_story(stories, untold)) else None),
        profile=profile, formality=formality, length=length,
    )

