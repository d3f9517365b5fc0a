"""The one way into a reflection: pick an interview, or name the company and the moment of a
new one (the company made in place) and go straight to the wizard's first step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from lib.models import Company, Interview, ValidationError, local_to_utc
from lib.pipeline.companies import save_company, save_interview_moving
from lib.pipeline.stages import StageMove

# Interviews start in office hours: a default outside them would be a guess nobody made.
EARLIEST_START, LATEST_START = 9, 18


def default_slot(now: datetime) -> datetime:
    """The most recent plausible start of an interview that is over: the last full hour at
    least an hour ago, within 9:00-18:00; before that on a morning (or after midnight), 18:00
    the day before. `now` is aware, in the zone the user lives in."""
    candidate = (now - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if candidate.date() < now.date() or candidate.hour < EARLIEST_START:
        return (now - timedelta(days=1)).replace(hour=LATEST_START, minute=0, second=0, microsecond=0)
    return candidate.replace(hour=min(candidate.hour, LATEST_START))


@dataclass(frozen=True)
class Opened:
    """What the entry form did: the interview to reflect on, whether it was made now, and the
    company's stage move the new interview made (None if none)."""

    interview_id: int
    company_created: bool = False
    existed: bool = False
    move: StageMove | None = None


def open_interview(db: Database, company: int | str | None, day: date | None, start: time | None,
                   round_: str | None, format_: str | None, timezone: str, now: datetime) -> Opened:
    """The interview (status done) of `company` (an id, or the name of a new one) at `day`
    `start` in `timezone`, created with its company in one transaction. The same company,
    round and start already stored is opened rather than refused. Every problem at once as
    ValidationError (fields: company, day, start, round, format); nothing is saved then."""
    errors: dict = {}
    name = None
    if company is None or (isinstance(company, str) and not company.strip()):
        errors["company"] = ("error.required", {})
    elif isinstance(company, str):
        try:
            name = Company(name=company).validated().name
        except ValidationError as problem:
            errors["company"] = problem.errors["name"]
    for field, value in (("day", day), ("start", start)):
        if value is None:
            errors[field] = ("error.required", {})
    # Round, format and zone are checked even without a date, so that every problem shows at once.
    try:
        interview = Interview(company_id=0, round=round_ or "", day=day or now.date(), start=start or time(12),
                              timezone=timezone, format=format_ or "", status="done").validated()
    except ValidationError as problem:
        interview = None
        errors |= {field: error for field, error in problem.errors.items() if field not in errors}
    if day is not None and start is not None and "start" not in errors and "timezone" not in errors \
            and local_to_utc(day, start, timezone) > now:
        errors["start"] = ("entry.future", {})
    if errors:
        raise ValidationError(errors)
    assert interview is not None
    with db.atomic():
        created = False
        if name is not None:
            same = db.execute("SELECT id FROM companies WHERE name = ? COLLATE NOCASE", [name]).fetchone()
            created = same is None
            company = same[0] if same else save_company(db, Company(name=name))
        elif not db.execute("SELECT 1 FROM companies WHERE id = ?", [company]).fetchone():
            raise ValidationError({"company": ("error.choice", {})})
        interview.company_id = int(company)  # type: ignore[arg-type]
        found = db.execute("SELECT id FROM interviews WHERE company_id = ? AND round = ? AND starts_at = ?",
                           [interview.company_id, interview.round, interview.starts_at().isoformat()]).fetchone()
        if found:
            return Opened(found[0], existed=True)
        interview_id, move = save_interview_moving(db, interview)
        return Opened(interview_id, company_created=created, move=move)
