"""The competency taxonomy, shared by self-ratings and question categories.

Keys are stable identifiers stored in the database; labels live in the locale files
under `competency.<key>`.
"""

from __future__ import annotations

COMPETENCIES: tuple[str, ...] = (
    "self_introduction",
    "motivation",
    "reason_for_change",
    "career_story",
    "strengths",
    "weaknesses",
    "achievements",
    "culture_fit",
    "industry_knowledge",
    "reverse_questions",
    "communication",
    "composure",
    "role_skills",
)

# Questions asked in an interview are filed under the same taxonomy, so that a weak
# answer and a weak self-rating point at the same competency; a question that fits none
# is filed under "other" (a question type, never a competency that is rated).
OTHER_CATEGORY = "other"
QUESTION_CATEGORIES: tuple[str, ...] = (*COMPETENCIES, OTHER_CATEGORY)


def label_key(competency: str) -> str:
    """Locale key of a competency's label."""
    return f"competency.{competency}"
