"""The domain's records and their validation.

Validation never formats a message itself: it reports `field -> (locale key, params)`
so that the page shows the message next to the field in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from lib.competencies import COMPETENCIES, QUESTION_CATEGORIES
from lib.config import DEFAULT_TIMEZONE, MAX_TEXT

APPLIED_VIA = ("direct", "agent", "referral", "scout")
ROUNDS = ("casual", "first", "second", "third", "final", "other")
FORMATS = ("online", "onsite", "phone")
STATUSES = ("scheduled", "done", "cancelled")
RESULTS = ("pending", "passed", "rejected", "offer", "withdrawn")
REACTIONS = ("positive", "neutral", "negative")
RATINGS = (1, 2, 3, 4, 5)

# Control characters other than tab and newlines, and stray byte-order marks, are invisible
# and break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")

FieldErrors = dict[str, tuple[str, dict]]


class ValidationError(ValueError):
    """Raised with every field problem at once; nothing was saved."""

    def __init__(self, errors: FieldErrors):
        super().__init__(", ".join(f"{name}: {key}" for name, (key, _) in errors.items()))
        self.errors = errors


def clean_text(value: str | None) -> str:
    """Text as the user typed it, minus invisible control characters and outer blanks."""
    return _CONTROL.sub("", value or "").strip()


def clean_line(value: str | None) -> str:
    """A single-line field: cleaned like clean_text, and any line break (an imported CR/LF, a
    pasted paragraph) folded with the blanks around it into one space."""
    return re.sub(r"\s*[\r\n\u2028\u2029\x85]+\s*", " ", clean_text(value))


def lines(value: str | None) -> list[str]:
    """The non-empty lines of a multi-item text field ("one item per line")."""
    return [line.strip(" ・-*•\t") for line in (value or "").splitlines() if line.strip(" ・-*•\t")]


class Checker:
    """Collects field problems; done() raises them all at once."""

    def __init__(self) -> None:
        self.errors: FieldErrors = {}

    def fail(self, name: str, key: str, **params: object) -> None:
        self.errors.setdefault(name, (key, params))

    def text(self, name: str, value: str, *, required: bool = False, limit: int = MAX_TEXT) -> None:
        if required and not value:
            self.fail(name, "error.required")
        elif len(value) > limit:
            self.fail(name, "error.too_long", limit=f"{limit:,}", length=f"{len(value):,}")

    def choice(self, name: str, value: object, options: tuple, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if value not in options:
            self.fail(name, "error.choice")

    def rating(self, name: str, value: int | None, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.fail(name, "error.required")
        elif isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            self.fail(name, "error.rating")

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


@dataclass
class Company:
    name: str
    position: str = ""
    industry: str = ""
    applied_via: str = "direct"
    agent_name: str = ""
    interest: int | None = None
    url: str = ""
    notes: str = ""

    def validated(self) -> Company:
        """A cleaned copy, or ValidationError."""
        c = Company(
            name=clean_line(self.name),
            position=clean_line(self.position),
            industry=clean_line(self.industry),
            applied_via=self.applied_via,
            agent_name=clean_line(self.agent_name) if self.applied_via == "agent" else "",
            interest=self.interest,
            url=clean_line(self.url),
            notes=clean_text(self.notes),
        )
        check = Checker()
        check.text("name", c.name, required=True, limit=200)
        check.text("position", c.position, limit=200)
        check.text("industry", c.industry, limit=200)
        check.choice("applied_via", c.applied_via, APPLIED_VIA)
        check.text("agent_name", c.agent_name, limit=200)
        check.rating("interest", c.interest)
        check.text("url", c.url, limit=2000)
        if c.url and not re.match(r"^https?://[^\s/$.?#][^\s]*$", c.url, re.IGNORECASE):
            check.fail("url", "error.url")
        check.text("notes", c.notes)
        check.done()
        return c


@dataclass
class Interviewer:
    name: str = ""
    role: str = ""


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; ValueError when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(name) from exc


@cache
def timezone_names() -> tuple[str, ...]:
    """IANA zones offered in the picker, the default first."""
    names = sorted(n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return (DEFAULT_TIMEZONE, *(n for n in names if n != DEFAULT_TIMEZONE), "UTC")


def local_to_utc(day: date, clock: time, tz_name: str) -> datetime:
    """Aware UTC datetime for a wall-clock time in a zone; ValueError for a time that
    does not exist there (skipped by a daylight-saving change)."""
    tz = zone(tz_name)
    local = datetime.combine(day, clock).replace(tzinfo=tz)
    utc = local.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError("nonexistent local time")
    return utc


def parse_date(value: str) -> date:
    """A date from 'YYYY-MM-DD' (or with slashes); ValueError for an impossible date."""
    return date.fromisoformat(value.strip().replace("/", "-"))


@dataclass
class Interview:
    company_id: int
    round: str
    day: date
    start: time
    end: time | None = None
    timezone: str = DEFAULT_TIMEZONE
    format: str = "online"
    location: str = ""
    interviewers: list[Interviewer] = field(default_factory=list)
    status: str = "scheduled"
    result: str = "pending"
    notes: str = ""

    def validated(self) -> Interview:
        """A cleaned copy (empty interviewer rows dropped), or ValidationError."""
        check = Checker()
        check.choice("round", self.round, ROUNDS)
        check.choice("format", self.format, FORMATS)
        check.choice("status", self.status, STATUSES)
        check.choice("result", self.result, RESULTS)
        people = [
            Interviewer(clean_line(p.name), clean_line(p.role))
            for p in self.interviewers
            if clean_line(p.name) or clean_line(p.role)
        ]
        for i, person in enumerate(people):
            check.text(f"interviewer_{i}", person.name + person.role, limit=400)
        location, notes = clean_line(self.location), clean_text(self.notes)
        check.text("location", location, limit=2000)
        check.text("notes", notes)
        try:
            zone(self.timezone)
        except ValueError:
            check.fail("timezone", "error.timezone")
        else:
            for name, clock in (("start", self.start), ("end", self.end)):
                try:
                    if clock is not None:
                        local_to_utc(self.day, clock, self.timezone)
                except ValueError:
                    check.fail(name, "error.nonexistent_time")
            if self.end is not None and self.end <= self.start:
                check.fail("end", "error.end_before_start")
        check.done()
        return Interview(self.company_id, self.round, self.day, self.start, self.end, self.timezone,
                         self.format, location, people, self.status, self.result, notes)

    def starts_at(self) -> datetime:
        return local_to_utc(self.day, self.start, self.timezone)

    def ends_at(self) -> datetime | None:
        return local_to_utc(self.day, self.end, self.timezone) if self.end else None


# The wizard's steps, in the order the user walks them.
REFLECTION_STEPS = ("overall", "questions", "competencies", "went_well", "untold", "next_steps")

# Free-text fields of a reflection and the step each belongs to.
REFLECTION_TEXT_FIELDS = {
    "feeling": "overall",
    "went_well": "went_well",
    "to_improve": "went_well",
    "untold_points": "untold",
    "interesting_topics": "untold",
    "next_steps": "next_steps",
    "ask_agent": "next_steps",
    "availability": "next_steps",
}
REFLECTION_RATING_FIELDS = ("overall", "interest_after")


def validate_reflection_field(name: str, value: object) -> object:
    """A cleaned value for one reflection field, or ValidationError."""
    check = Checker()
    if name in REFLECTION_TEXT_FIELDS:
        value = (clean_line if name == "feeling" else clean_text)(value)  # type: ignore[operator]
        check.text(name, value, limit=200 if name == "feeling" else MAX_TEXT)
    elif name in REFLECTION_RATING_FIELDS:
        check.rating(name, value)  # type: ignore[arg-type]
    else:
        raise KeyError(name)
    check.done()
    return value


@dataclass
class AskedQuestion:
    question: str
    category: str = "self_introduction"
    answer_summary: str = ""
    rating: int | None = None
    reaction: str | None = None
    note: str = ""

    def validated(self) -> AskedQuestion:
        q = AskedQuestion(clean_line(self.question), self.category, clean_text(self.answer_summary),
                          self.rating, self.reaction, clean_line(self.note))
        check = Checker()
        check.text("question", q.question, required=True, limit=2000)
        check.choice("category", q.category, QUESTION_CATEGORIES)
        check.text("answer_summary", q.answer_summary)
        check.rating("rating", q.rating)
        check.choice("reaction", q.reaction, REACTIONS, optional=True)
        check.text("note", q.note)
        check.done()
        return q


@dataclass
class Profile:
    """The sender, as kept in the settings; signed under every generated document."""

    full_name: str = ""
    full_name_kana: str = ""
    phone: str = ""
    email: str = ""
    signature: str = ""  # extra signature lines (address, URL...), optional


@dataclass
class Story:
    """A career story of the story bank, in STAR form, reused in mails, sheets and practice."""

    title: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    competencies: list[str] = field(default_factory=list)
    skills: str = ""

    def validated(self) -> Story:
        s = Story(clean_line(self.title), clean_text(self.situation), clean_text(self.task),
                  clean_text(self.action), clean_text(self.result),
                  [c for c in COMPETENCIES if c in set(self.competencies)], clean_line(self.skills))
        check = Checker()
        check.text("title", s.title, required=True, limit=200)
        for name in ("situation", "task", "action", "result"):
            check.text(name, getattr(s, name), limit=MAX_TEXT)
        if set(self.competencies) - set(COMPETENCIES):
            check.fail("competencies", "error.choice")
        check.text("skills", s.skills, limit=1000)
        check.done()
        return s


@dataclass
class CompetencyScore:
    competency: str
    rating: int | None = None
    note: str = ""

    def validated(self) -> CompetencyScore:
        s = CompetencyScore(self.competency, self.rating, clean_line(self.note))
        check = Checker()
        check.choice("competency", s.competency, COMPETENCIES)
        check.rating("rating", s.rating)
        check.text("note", s.note, limit=2000)
        check.done()
        return s
