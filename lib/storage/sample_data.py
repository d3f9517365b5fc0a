"""Sample data for a first look around: a job search in progress, told relative to the moment it
is loaded, in the UI language; removable in one go.

data/sample_data.toml holds the story; this module places it around "now" in the display zone:
an interview yesterday waiting for its reflection, one reflected today or yesterday whose
thank-you mail is due, one next week and one later, past interviews with their reflections over
the last six weeks, practice due today, an action plan under way, stories, an agent and the log.
Everything is written through the domain's own functions, then its timestamps set to when it
would have happened (a reflection completed two hours after its interview, not at load time).

Companies carry `is_sample`: deleting them takes their interviews, reflections and log along.
The rows that belong to no company (the agent, stories, an own question, practice cards and
their history, plan actions) are listed in the setting RECORDS and removed with them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlite_utils import Database

from lib import clock
from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR
from lib.db import get_setting, set_setting
from lib.follow_up.communications import Entry, add_entry
from lib.follow_up.stories import save_story
from lib.models import (
    AskedQuestion,
    Company,
    CompetencyScore,
    Interview,
    Interviewer,
    Story,
    ValidationError,
    lines,
    zone,
)
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import save_company, save_feedback, save_interview
from lib.pipeline.stages import set_stage
from lib.practice import spaced
from lib.practice.action_plan import generate_plan
from lib.practice.cards import add_own_question, cards, record_review
from lib.practice.plans import DISMISSED, change_plan, dismissed, load_plan
from lib.practice.question_bank import load_bank
from lib.reflect.analytics import scores_frame
from lib.reflect.reflections import (
    add_asked_question,
    complete_reflection,
    save_competency_score,
    save_reflection_field,
    score_rows,
    start_reflection,
)
from lib.reflect.trends import competency_summary

RECORDS = "sample.records"  # setting: the sample's rows that belong to no company
# Those tables, each with the column that tells the sample's row from a later one of the same id.
TRACKED = {"agents": "created_at", "stories": "created_at", "own_questions": "created_at",
           "practice_log": "reviewed_at"}
REFLECTION_TEXTS = ("feeling", "went_well", "to_improve", "untold_points", "interesting_topics",
                    "next_steps", "ask_agent", "availability")
NOTHING = {"companies": 0, "interviews": 0, "reflections": 0}
# A reflected interview counts as "today" once its reflection is done: the morning slot
# (10:00-11:00) plus the reflection (done by 12:30) and a little margin.
TODAY_SLOT_FROM = time(12, 45)
INVITE_DAYS = 7  # a round is arranged about a week before it takes place


@cache
def _sample() -> dict:
    with open(DATA_DIR / "sample_data.toml", "rb") as f:
        return tomllib.load(f)


def has_sample(db: Database) -> bool:
    return db.execute("SELECT 1 FROM companies WHERE is_sample = 1 LIMIT 1").fetchone() is not None


def loading_moment(db: Database, now: datetime | date | None = None) -> datetime:
    """The moment the sample is told around, aware, in the display zone. A bare date (what
    older callers pass) means now when it is today there, else 10:00 on that day."""
    tz_name = clock.display_zone(get_setting(db, clock.SETTING))
    current = clock.now(tz_name)
    if now is None:
        return current
    if isinstance(now, datetime):
        return now.replace(tzinfo=zone(tz_name)) if now.tzinfo is None else now.astimezone(zone(tz_name))
    return current if now == current.date() else datetime.combine(now, time(10), tzinfo=zone(tz_name))


def load_sample(db: Database, lang: str, now: datetime | date | None = None) -> dict[str, int]:
    """Insert the whole sample in one transaction, placed around `now` (default: the current
    moment in the display zone). Loading it again while it is there adds nothing."""
    with db.atomic():
        if has_sample(db):
            return dict(NOTHING)
        return _Loader(db, lang, loading_moment(db, now)).run()


load = load_sample


def remove_sample(db: Database) -> int:
    """Delete the sample, every table of it, in one transaction; the user's own rows stay.
    Returns the number of sample companies removed."""
    with db.atomic():
        records = json.loads(get_setting(db, RECORDS) or "{}")
        removed = db.execute("DELETE FROM companies WHERE is_sample = 1").rowcount
        for table, stamp in TRACKED.items():
            # A row is the sample's while its id and its time stamp both match: SQLite gives a
            # deleted row's id to the next row, which may be the user's own.
            unlinked = " AND NOT EXISTS (SELECT 1 FROM companies WHERE agent_id = agents.id)" if table == "agents" else ""
            for row_id, written in records.get(table, []):
                # An agent the user has since linked to a company of their own is theirs now.
                db.execute(f"DELETE FROM [{table}] WHERE id = ? AND [{stamp}] IS ?{unlinked}", [row_id, written])
        for question_id in records.get("practice_cards", []):
            db.execute("DELETE FROM practice_cards WHERE question_id = ?", [question_id])
        if actions := set(records.get("plan_actions", [])):
            change_plan(db, lambda plan: [a for a in plan if a.id not in actions])
            # Sample actions the user deleted must not stay barred from their own plans.
            before = dismissed(db)
            kept = [a for a in before if a not in actions or a in records.get("dismissed_before", [])]
            if kept != before:
                set_setting(db, DISMISSED, json.dumps(sorted(kept)))
        db.execute("DELETE FROM settings WHERE key = ?", [RECORDS])
    return removed


remove = remove_sample


def _text(value: object, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else (value or "")


def day_off(day: date) -> bool:
    """A weekend, or the year-end break most companies in Japan close for (29 Dec to 3 Jan)."""
    return day.weekday() >= 5 or (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3)


def before_weekend(day: date) -> date:
    """A past interview or a company's message that would fall on a day off moves to the
    working day before."""
    while day_off(day):
        day -= timedelta(days=1)
    return day


def after_weekend(day: date) -> date:
    """A future interview that would fall on a day off moves to the working day after."""
    while day_off(day):
        day += timedelta(days=1)
    return day


def business_days(day: date, count: int) -> date:
    """`count` working days after `day`, or before it when negative."""
    step = 1 if count >= 0 else -1
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day_off(day):
            day += timedelta(days=step)
    return day


class _Loader:
    """One load: the moment, the language, and what was written (for removal)."""

    def __init__(self, db: Database, lang: str, now: datetime):
        self.db, self.lang, self.now = db, lang, now
        self.tz = now.tzinfo
        self.tz_name = str(now.tzinfo)
        self.today = now.date()
        self.data = _sample()
        # Rows of an earlier load whose companies the user deleted one by one stay listed.
        earlier = json.loads(get_setting(db, RECORDS) or "{}")
        self.records: dict[str, list] = {name: list(earlier.get(name, [])) for name in (
            "agents", "stories", "own_questions", "practice_cards", "practice_log", "plan_actions")}
        self.records["dismissed_before"] = earlier.get("dismissed_before", dismissed(db))
        self.counts = dict(NOTHING)
        self.agents: dict[str, dict] = {}
        self.companies: dict[str, int] = {}
        self.interviews: dict[str, dict] = {}  # key -> {"id", "start", "end", "reflection_id", "questions"}

    def t(self, value: object) -> str:
        return _text(value, self.lang)

    def at(self, day: date, clock_time: str | time) -> datetime:
        """A local wall-clock time in the display zone, aware."""
        wall = time.fromisoformat(clock_time) if isinstance(clock_time, str) else clock_time
        return datetime.combine(day, wall, tzinfo=self.tz)

    def run(self) -> dict[str, int]:
        self.load_agents()
        self.load_stories()
        for company in self.data["companies"]:
            self.load_company(company)
        self.load_own_questions()
        self.load_practice()
        self.load_plan()
        set_setting(self.db, RECORDS, json.dumps(self.records))
        return self.counts

    # ------------------------------------------------------------------ records without a company

    def track(self, table: str, row_id: int) -> None:
        """List a row for removal, with its time stamp (see remove_sample)."""
        stamp = self.db.execute(f"SELECT [{TRACKED[table]}] FROM [{table}] WHERE id = ?", [row_id]).fetchone()[0]
        self.records[table].append([row_id, stamp])

    def load_agents(self) -> None:
        for a in self.data["agents"]:
            agent = Agent(self.t(a["name"]), self.t(a["agency"]), a.get("email", ""), a.get("phone", ""),
                          self.t(a.get("notes")))
            try:
                agent_id = save_agent(self.db, agent)
                self.track("agents", agent_id)
            except ValidationError:  # kept from an earlier load, or the user's own: link to it
                agent_id = self.db.execute("SELECT id FROM agents WHERE name = ? AND agency = ?",
                                           [agent.name, agent.agency]).fetchone()[0]
            self.agents[a["key"]] = {"id": agent_id, "name": agent.name}

    def load_stories(self) -> None:
        for s in self.data["stories"]:
            story = Story(self.t(s["title"]), self.t(s["situation"]), self.t(s["task"]), self.t(s["action"]),
                          self.t(s["result"]), list(s["competencies"]), self.t(s.get("skills")))
            try:
                self.track("stories", save_story(self.db, story))
            except ValidationError:  # a story of the same title is the user's: leave it
                continue

    def load_own_questions(self) -> None:
        for q in self.data.get("own_questions", []):
            try:
                self.track("own_questions", add_own_question(
                    self.db, self.t(q["text"]), q["category"], self.companies.get(q.get("company"))))
            except ValidationError:
                continue

    # ------------------------------------------------------------------ companies and interviews

    def interview_day(self, iv: dict) -> tuple[date, str]:
        """The day and start time of an interview of the sample, relative to now."""
        if "days_ago" in iv:
            return before_weekend(self.today - timedelta(days=iv["days_ago"])), iv["time"]
        if "days_ahead" in iv:
            return after_weekend(self.today + timedelta(days=iv["days_ahead"])), iv["time"]
        yesterday = self.today - timedelta(days=1)
        if iv["slot"] == "thank_you_due":
            # Reflected earlier today when the morning is over (not on a Sunday), else yesterday.
            if self.now.time() >= TODAY_SLOT_FROM and self.today.weekday() != 6:
                return self.today, iv["time"]
            return yesterday, iv["time"]
        if iv["slot"] == "awaiting":
            day = yesterday if yesterday.weekday() != 6 else yesterday - timedelta(days=1)
            return day, iv.get("weekend_time", iv["time"]) if day.weekday() >= 5 else iv["time"]
        raise ValueError(f"unknown slot {iv['slot']!r}")

    def load_company(self, c: dict) -> None:
        last_interest = c.get("interest")
        for iv in c.get("interviews", []):
            if reflection := iv.get("reflection"):
                last_interest = reflection["interest_after"]
        agent = self.agents.get(c.get("agent", ""))
        company_id = save_company(self.db, Company(
            name=self.t(c["name"]), position=self.t(c.get("position")), industry=self.t(c.get("industry")),
            applied_via=c["applied_via"], interest=last_interest, notes=self.t(c.get("notes")),
        ), is_sample=True, agent=agent["id"] if agent else None)
        self.companies[c["key"]] = company_id
        self.counts["companies"] += 1

        applied = self.at(self.today - timedelta(days=c["applied_days_ago"]), "10:00")
        self.db.execute("UPDATE stage_changes SET changed_at = ? WHERE company_id = ?",
                        [clock.utc_iso(applied), company_id])
        previous = applied
        planned = sorted(((self.interview_day(iv), iv) for iv in c.get("interviews", [])), key=lambda p: p[0])
        if not planned or planned[0][1]["round"] != "casual":  # a casual talk comes before any screening
            previous = self.move(company_id, "screening", applied + timedelta(days=1), previous)
        for (day, start), iv in planned:
            starts = self.at(day, start)
            invited = max(previous + timedelta(days=1), self.at(day - timedelta(days=INVITE_DAYS), "10:00"))
            previous = self.move(company_id, iv["round"], invited, previous)
            self.load_interview(company_id, iv, starts, agent)
            if iv.get("result") == "rejected":
                previous = self.move(company_id, "rejected", self.at(business_days(day, 3), "10:05"), previous)
            elif iv.get("result") == "offer":
                previous = self.move(company_id, "offer", self.at(business_days(day, 1), "17:10"), previous)
        for entry in c.get("log", []):
            self.load_entry(company_id, entry, agent)

    def move(self, company_id: int, stage: str, when: datetime, previous: datetime) -> datetime:
        """Record a stage change, never later than now nor before the previous one."""
        when = max(min(when, self.now - timedelta(hours=1)), previous)
        set_stage(self.db, company_id, stage, when=when.astimezone(UTC))
        return when

    def load_interview(self, company_id: int, iv: dict, starts: datetime, agent: dict | None) -> None:
        ends = starts + timedelta(minutes=iv.get("minutes", 60))
        past = ends <= self.now
        interview_id = save_interview(self.db, Interview(
            company_id=company_id, round=iv["round"], day=starts.date(), start=starts.time().replace(tzinfo=None),
            end=ends.time().replace(tzinfo=None), timezone=self.tz_name, format=iv["format"],
            location=self.t(iv.get("location")), status="done" if past else "scheduled",
            result=iv.get("result", "pending") if past else "pending",
            interviewers=[Interviewer(self.t(p["name"]), self.t(p["role"])) for p in iv.get("interviewers", [])],
        ), move_stage=False)  # the sample writes its own stage history, dated
        self.counts["interviews"] += 1
        self.interviews[iv["key"]] = {"id": interview_id, "start": starts, "end": ends, "questions": []}
        if feedback := iv.get("feedback"):
            save_feedback(self.db, interview_id, feedback["source"], self.t(feedback["text"]), feedback["rating"])
        if reflection := iv.get("reflection"):
            self.load_reflection(iv["key"], reflection)
            if iv.get("slot") != "thank_you_due":
                self.thank(company_id, iv["key"], agent)

    def load_reflection(self, key: str, r: dict) -> None:
        interview = self.interviews[key]
        reflection_id = start_reflection(self.db, interview["id"])
        for name in ("overall", "interest_after"):
            save_reflection_field(self.db, reflection_id, name, r[name])
        for name in REFLECTION_TEXTS:
            if name in r:
                save_reflection_field(self.db, reflection_id, name, self.t(r[name]))
        for competency, rating in zip(COMPETENCIES, r["ratings"], strict=True):
            save_competency_score(self.db, reflection_id, CompetencyScore(competency, rating or None))
        for q in r["questions"]:
            question_id = add_asked_question(self.db, reflection_id, AskedQuestion(
                question=self.t(q["question"]), category=q["category"], answer_summary=self.t(q["answer"]),
                rating=q["rating"], reaction=q["reaction"]))
            interview["questions"].append((question_id, self.t(q["question"])))
        complete_reflection(self.db, reflection_id)
        # Written on the way home: about an hour and a half after the interview ended.
        done = clock.utc_iso(min(interview["end"] + timedelta(minutes=90), self.now))
        self.db.execute("UPDATE reflections SET created_at = ?, updated_at = ?, completed_at = ? WHERE id = ?",
                        [done, done, done, reflection_id])
        self.counts["reflections"] += 1

    def thank(self, company_id: int, key: str, agent: dict | None) -> None:
        """The thank-you the sample candidate sent: the same day (before 20:00) or the next
        morning; through the agent, with the interview report, when the agent introduced them."""
        interview = self.interviews[key]
        when = interview["end"] + timedelta(minutes=90)
        if when.time() > time(20) or when.date() != interview["end"].date():
            when = interview["end"] + timedelta(minutes=30)
        if when.time() > time(20) or when.date() != interview["end"].date():
            when = self.at(interview["end"].date() + timedelta(days=1), "09:30")
        words = self.data["thank_you"]
        if agent:
            add_entry(self.db, Entry(company_id, when - timedelta(minutes=1), "out", "email", agent["name"],
                                     self.t(words["agent_report"]), kind="agent_report", interview_id=interview["id"]))
            add_entry(self.db, Entry(company_id, when, "out", "email", agent["name"], self.t(words["via_agent"]),
                                     kind="thank_you", interview_id=interview["id"]))
        else:
            add_entry(self.db, Entry(company_id, when, "out", "email", summary=self.t(words["direct"]),
                                     kind="thank_you", interview_id=interview["id"]))

    def load_entry(self, company_id: int, e: dict, agent: dict | None) -> None:
        # Counted in working days after an interview; a company or an agent writes on working days.
        if "after" in e:
            day = business_days(self.interviews[e["after"]]["start"].date(), e["days"])
        else:
            day = self.today - timedelta(days=e["days_ago"])
            day = before_weekend(day) if e["direction"] == "in" else day
        when = self.at(day, e["time"])
        if when > self.now:  # a message not received yet is not in the log
            return
        counterpart = agent["name"] if e.get("counterpart") == "agent" and agent else self.t(e.get("counterpart"))
        add_entry(self.db, Entry(company_id, when, e["direction"], e["channel"], counterpart, self.t(e["summary"])))

    # ------------------------------------------------------------------ practice and the plan

    def practice_question(self, p: dict) -> tuple[str, str]:
        """(question id, text) of a practice card: a bank question or one the candidate was asked."""
        if "bank" in p:
            question = next(q for q in load_bank() if q.category == p["bank"] and not q.is_reverse)
            return question.id, question.text_in(self.lang)
        key, position = p["asked"]
        question_id, text = self.interviews[key]["questions"][position - 1]
        return f"asked-{question_id}", text

    def load_practice(self) -> None:
        existing = cards(self.db)
        for p in self.data.get("practice", []):
            question_id, text = self.practice_question(p)
            if question_id in existing:  # the user's own card: never overwritten
                continue
            # fsrs schedules by elapsed time only: play the grades from any start, then move
            # the whole history by whole days so the card falls due when the sample says.
            start = self.at(self.today, p["time"])
            moments, card, due = [], None, start
            for grade in p["grades"]:
                moments.append(due)
                card, due, _ = spaced.review(card, grade, due)
            target = self.at(self.today + timedelta(days=p["due_in_days"]), p["time"])
            if p["due_in_days"] <= 0 and target > self.now:  # due "today" but later than now
                target -= timedelta(days=1)
            shift = timedelta(days=round((target - due).total_seconds() / 86400))
            if moments[-1] + shift > self.now:
                raise ValueError(f"practice card {question_id}: its last review would lie in the future")
            card = None
            for n, (moment, grade) in enumerate(zip(moments, p["grades"], strict=True)):
                card, due, _ = spaced.review(card, grade, moment + shift)
                last = n == len(moments) - 1
                reviewed = (moment + shift).astimezone(UTC)
                record_review(self.db, question_id, text, card, due, grade, self.t(p.get("outline")) if last else "",
                              p.get("seconds"), reviewed)
                self.track("practice_log", self.db.execute(
                    "SELECT MAX(id) FROM practice_log WHERE question_id = ?", [question_id]).fetchone()[0])
            self.records["practice_cards"].append(question_id)

    def load_plan(self) -> None:
        """The plan generated from the reflections of the time, towards the next interview, with
        its actions spread over the days since: those due before today done but the latest,
        left overdue; the rest due from today to the day before the interview."""
        days_ago = self.data["plan"]["made_days_ago"]
        made = self.today - timedelta(days=days_ago)
        rows = [row for row in score_rows(self.db) if row["is_sample"]
                and clock.in_zone(row["starts_at"], self.tz_name).date() < made]
        notes = [note for company in self.data["companies"] for iv in company.get("interviews", [])
                 if "reflection" in iv and iv.get("days_ago", 0) > days_ago
                 for note in lines(self.t(iv["reflection"].get("to_improve")))]
        upcoming = sorted(i["start"].date() for i in self.interviews.values() if i["start"] > self.now)
        deadline = upcoming[0] if upcoming else self.today + timedelta(days=7)
        plan = generate_plan(competency_summary(scores_frame(rows)), notes, deadline, made, lang=self.lang)
        past = (len(plan) + 1) // 2
        ahead = len(plan) - past
        dues = [made + timedelta(days=max(1, round((n + 1) * days_ago / past) - (1 if n == past - 1 else 0)))
                for n in range(past)]
        span = max(1, (deadline - self.today).days)
        dues += [self.today + timedelta(days=min(span - 1, n * span // max(1, ahead))) for n in range(ahead)]
        plan = [replace(action, due=due, done=n < past - 1) for n, (action, due) in enumerate(zip(plan, dues))]
        taken = {a.id for a in load_plan(self.db)}
        added = [a for a in plan if a.id not in taken]
        change_plan(self.db, lambda current: [*current, *added])
        self.records["plan_actions"] += [a.id for a in added]
