"""The sample data tells a job search in progress, relative to the moment it is loaded, in the
chosen language, and goes away without a trace (and without touching the user's own records)."""

import json
import re
import statistics
import tomllib
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from lib import clock
from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR
from lib.db import set_setting
from lib.follow_up.communications import list_entries, thank_you_reminders
from lib.follow_up.stories import list_stories, save_story
from lib.models import Company, Interview, Story
from lib.pipeline.agents import Agent, link_company, list_agents, save_agent
from lib.pipeline.companies import interviews_awaiting_reflection, save_company, save_interview, upcoming_interviews
from lib.practice import spaced
from lib.practice.action_plan import add_action
from lib.practice.cards import cards, record_review
from lib.practice.plans import DISMISSED, dismiss, dismissed, load_plan, progress, save_plan
from lib.reflect.reflections import list_reflections
from lib.storage import sample_data

TOKYO = ZoneInfo("Asia/Tokyo")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

# The moments the sample is checked at: an ordinary Monday morning before work, a Sunday late
# evening, New Year's Eve (the year turns over before the next interview), a weekday afternoon
# (the reflected interview is today's), and just after midnight.
MOMENTS = {
    "monday_morning": datetime(2026, 11, 30, 8, 30, tzinfo=TOKYO),
    "sunday_late_evening": datetime(2026, 11, 29, 23, 0, tzinfo=TOKYO),
    "new_years_eve": datetime(2026, 12, 31, 10, 0, tzinfo=TOKYO),
    "wednesday_afternoon": datetime(2026, 12, 2, 15, 0, tzinfo=TOKYO),
    "after_midnight": datetime(2027, 3, 10, 0, 20, tzinfo=TOKYO),
}
TEXT_COLUMNS = {
    "companies": ("name", "position", "industry", "agent_name", "notes"),
    "interviews": ("location", "feedback"),
    "interviewers": ("name", "role"),
    "reflections": ("feeling", "went_well", "to_improve", "untold_points", "interesting_topics", "next_steps",
                    "ask_agent", "availability"),
    "asked_questions": ("question", "answer_summary"),
    "communications": ("counterpart", "summary"),
    "stories": ("title", "situation", "task", "action", "result", "skills"),
    "agents": ("name", "agency", "notes"),
    "own_questions": ("text",),
    "practice_cards": ("text",),
    "practice_log": ("outline",),
    "plan_actions": ("text", "target"),
}


def local(stored: str):
    return clock.in_zone(stored, "Asia/Tokyo")


def texts(conn) -> list[str]:
    return [row[column] for table, columns in TEXT_COLUMNS.items() for row in conn[table].rows
            for column in columns if row[column]]


def counts(conn) -> dict[str, int]:
    """Rows per table, the full-text index's own tables and the bookkeeping ones aside."""
    return {name: conn[name].count for name in conn.table_names()
            if not name.startswith("communications_fts") and name not in ("data_version", "_sqlite_migrations")}


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def moment(request) -> datetime:
    return MOMENTS[request.param]


@pytest.fixture
def story(conn, moment, templates):
    templates.load_sample(conn, moment)  # as sample_data.load_sample(conn, "ja", moment) writes it, built once
    return conn


# ------------------------------------------------------------------ the story relative to now

def test_an_interview_of_yesterday_waits_for_its_reflection(story, moment):
    awaiting = interviews_awaiting_reflection(story, moment)
    assert len(awaiting) == 1
    row = awaiting[0]
    day = local(row["starts_at"]).date()
    yesterday = moment.date() - timedelta(days=1)
    # Yesterday; when yesterday was a Sunday, the Saturday before.
    assert day == (yesterday if yesterday.weekday() != 6 else yesterday - timedelta(days=1))
    assert row["status"] == "done" and row["reflection_id"] is None
    assert local(row["ends_at"]) <= moment


def test_a_reflected_interview_of_today_or_yesterday_has_its_thank_you_due(story, moment):
    due = [row for row in thank_you_reminders(story, moment) if not row["overdue"]]
    reflected = {row["interview_id"]: row["status"] for row in list_reflections(story)}
    thanked = [row for row in due if reflected.get(row["id"]) == "complete"]
    assert len(thanked) == 1
    day = local(thanked[0]["starts_at"]).date()
    assert day in (moment.date(), moment.date() - timedelta(days=1))
    assert thanked[0]["deadline"] > moment
    assert not [e for e in list_entries(story) if e["interview_id"] == thanked[0]["id"] and e["kind"] == "thank_you"]


def test_the_thank_you_is_todays_once_the_morning_interview_is_reflected(conn):
    sample_data.load_sample(conn, "ja", MOMENTS["wednesday_afternoon"])
    [due] = [row for row in thank_you_reminders(conn, MOMENTS["wednesday_afternoon"])
             if row["id"] not in {r["id"] for r in interviews_awaiting_reflection(conn, MOMENTS["wednesday_afternoon"])}]
    assert local(due["starts_at"]).date() == MOMENTS["wednesday_afternoon"].date()


def test_one_interview_next_week_and_one_later(story, moment):
    upcoming = upcoming_interviews(story, moment)
    days = [(local(row["starts_at"]).date() - moment.date()).days for row in upcoming]
    assert len(days) == 2 and 1 <= days[0] <= 7 and days[1] > 7
    assert all(row["status"] == "scheduled" and row["result"] == "pending" for row in upcoming)
    assert all(local(row["starts_at"]).weekday() < 5 for row in upcoming)


def test_past_reflections_spread_over_weeks_for_the_trends(story, moment):
    complete = [row for row in list_reflections(story) if row["status"] == "complete"]
    assert len(complete) >= 10
    days = sorted(local(row["starts_at"]).date() for row in complete)
    assert (days[-1] - days[0]).days >= 28
    assert len({row["company_id"] for row in complete}) >= 4
    assert {row["round"] for row in complete} >= {"casual", "first", "second", "final"}
    assert all(local(row["updated_at"]) <= moment for row in complete)
    overall = [row["overall"] for row in complete]
    assert len(set(overall)) >= 3 and statistics.pstdev(overall) > 0.5
    ratings = Counter(row["competency"] for row in story.query("SELECT competency FROM competency_scores"))
    assert set(ratings) == set(COMPETENCIES) and min(ratings.values()) >= 8


def test_results_follow_one_another_and_the_stage_follows_them(story):
    for company in story.query("SELECT * FROM companies WHERE is_sample = 1"):
        interviews = list(story.query("SELECT * FROM interviews WHERE company_id = ? ORDER BY starts_at",
                                      [company["id"]]))
        results = [row["result"] for row in interviews]
        assert all(result == "passed" for result in results[:-1]), company["name"]
        if not interviews:
            assert company["stage"] in ("applied", "screening")
        elif results[-1] in ("rejected", "offer"):
            assert company["stage"] == results[-1]
        else:
            assert company["stage"] == interviews[-1]["round"]
        stamps = [row["changed_at"] for row in story.query(
            "SELECT changed_at FROM stage_changes WHERE company_id = ? ORDER BY id", [company["id"]])]
        assert stamps == sorted(stamps)


def test_interest_follows_the_latest_reflection(story):
    for company in story.query("SELECT * FROM companies WHERE is_sample = 1"):
        latest = story.execute(
            """SELECT r.interest_after FROM reflections r JOIN interviews i ON i.id = r.interview_id
               WHERE i.company_id = ? AND r.status = 'complete' ORDER BY i.starts_at DESC LIMIT 1""",
            [company["id"]]).fetchone()
        if latest:
            assert company["interest"] == latest[0], company["name"]


def test_practice_is_due_today_and_later(story, moment):
    due = {qid: local(row["due"]) for qid, row in cards(story).items()}
    now_due = [when for when in due.values() if when <= moment]
    assert len(now_due) >= 2 and len(due) - len(now_due) >= 2
    assert any(when.date() == moment.date() for when in now_due) or moment.time() < time(1)
    history = list(story.query("SELECT * FROM practice_log"))
    assert len(history) > len(due) and all(local(row["reviewed_at"]) <= moment for row in history)
    for row in cards(story).values():  # a real fsrs card whose due date is its own
        assert spaced.due_at(row["card"]) == local(row["due"])


def test_the_plan_is_under_way_with_one_action_overdue(story, moment):
    plan = load_plan(story)
    counts_ = progress(plan, moment.date())
    assert counts_["done"] >= 2 and counts_["overdue"] == 1
    assert counts_["total"] - counts_["done"] - counts_["overdue"] >= 1
    assert all(not a.done for a in plan if a.due >= moment.date())


def test_two_star_stories_and_an_agent_record_linked_to_its_companies(story):
    stories = [s for _, s in list_stories(story)]
    assert len(stories) == 2
    assert all(s.situation and s.task and s.action and s.result and s.competencies for s in stories)
    [agent] = list_agents(story)
    via_agent = list(story.query("SELECT * FROM companies WHERE applied_via = 'agent'"))
    assert via_agent and agent["companies"] == len(via_agent)
    assert all(c["agent_id"] == agent["id"] and not c["agent_name"] for c in via_agent)
    assert agent["email"] and agent["phone"]


def test_log_entries_at_plausible_local_hours_and_never_ahead(story, moment):
    entries = list_entries(story)
    assert len(entries) >= 15
    hours = [local(e["occurred_at"]) for e in entries]
    assert all(time(9) <= when.time() <= time(20) for when in hours), sorted(w.time() for w in hours)
    assert len({when.hour for when in hours}) >= 6
    assert all(when <= moment for when in hours)
    # Companies and agents write on working days.
    assert all(when.weekday() < 5 for when, e in zip(hours, entries) if e["direction"] == "in")
    kinds = Counter(e["kind"] for e in entries)
    assert kinds["thank_you"] >= 8 and kinds["agent_report"] >= 1 and kinds["note"] >= 10


def test_every_past_interview_but_the_recent_ones_was_thanked(story, moment):
    thanked = {e["interview_id"] for e in list_entries(story) if e["kind"] == "thank_you"}
    reminders = {row["id"] for row in thank_you_reminders(story, moment)}
    for row in story.query("SELECT id FROM interviews WHERE status = 'done'"):
        assert (row["id"] in thanked) != (row["id"] in reminders)
    assert len(reminders) == 2


# ------------------------------------------------------------------ language, loading, removing

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_sample_is_in_the_chosen_language(conn, lang):
    found_counts = sample_data.load_sample(conn, lang, MOMENTS["monday_morning"])
    assert found_counts == {"companies": 7, "interviews": 14, "reflections": 11}
    found = texts(conn)
    japanese = [text for text in found if JAPANESE.search(text)]
    if lang == "en":
        assert japanese == []
    else:
        assert len(japanese) > len(found) * 0.9
    assert all(row["is_sample"] == 1 for row in conn["companies"].rows)


def test_a_date_alone_means_now_when_it_is_today(conn):
    today = clock.now("Asia/Tokyo").date()
    sample_data.load_sample(conn, "ja", today)
    moment = clock.now("Asia/Tokyo")
    assert interviews_awaiting_reflection(conn, moment) and upcoming_interviews(conn, moment)
    assert all(local(e["occurred_at"]) <= moment for e in list_entries(conn))


def test_the_display_zone_places_the_story(conn):
    set_setting(conn, clock.SETTING, "Europe/London")
    london = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    sample_data.load_sample(conn, "en", london)
    assert {row["timezone"] for row in conn["interviews"].rows} == {"Europe/London"}
    entries = [clock.in_zone(e["occurred_at"], "Europe/London") for e in list_entries(conn)]
    assert all(time(9) <= when.time() <= time(20) for when in entries)


def test_loading_twice_adds_nothing(conn):
    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    before = counts(conn)
    assert sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"]) == sample_data.NOTHING
    assert sample_data.load(conn, "en") == sample_data.NOTHING
    assert counts(conn) == before


def test_loading_again_after_deleting_the_sample_companies_one_by_one(conn):
    """The rows without a company stay listed: a second load neither doubles them nor forgets them."""
    from lib.pipeline.companies import delete_company

    before = counts(conn)
    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    loaded = counts(conn)
    for company in list(conn["companies"].rows):
        delete_company(conn, company["id"])
    assert not sample_data.has_sample(conn)
    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    again = counts(conn)
    for table in ("stories", "agents", "own_questions", "plan_actions", "companies", "interviews"):
        assert again[table] == loaded[table], table
    sample_data.remove_sample(conn)
    assert counts(conn) == before


def own_records(conn) -> None:
    """A user's own company, interview, story, agent, plan action, practice card and setting."""
    company = save_company(conn, Company(name="自分の応募先", applied_via="agent"))
    save_interview(conn, Interview(company, "first", date(2026, 11, 2), time(10), status="done"))
    save_story(conn, Story("自分のエピソード", "状況", "課題", "行動", "結果"))
    link_company(conn, company, save_agent(conn, Agent("田中", "自分のエージェント")))
    save_plan(conn, add_action([], "自分の行動", date(2026, 12, 1)))
    card, due, _ = spaced.review(None, "good", datetime(2026, 11, 20, 7, tzinfo=TOKYO))
    record_review(conn, "motivation-001", "志望動機", card, due, "good", "", 60, datetime(2026, 11, 20, 7, tzinfo=TOKYO))
    dismiss(conn, "some-action-the-user-deleted")
    set_setting(conn, "language", "ja")


@pytest.mark.parametrize("when", ["monday_morning", "new_years_eve"])
def test_removing_the_sample_leaves_no_row_of_it_and_every_own_record(conn, when):
    own_records(conn)
    before = counts(conn)
    mine = {table: list(conn[table].rows) for table in before}
    sample_data.load_sample(conn, "ja", MOMENTS[when])
    assert sample_data.has_sample(conn)
    assert all(counts(conn)[table] > before[table] for table in (
        "companies", "interviews", "reflections", "asked_questions", "competency_scores", "interviewers",
        "communications", "stage_changes", "stories", "agents", "own_questions", "practice_cards",
        "practice_log", "plan_actions"))
    # The user's own practice card is never overwritten by the sample.
    assert cards(conn)["motivation-001"]["text"] == "志望動機"
    assert sample_data.remove_sample(conn) == 7
    assert not sample_data.has_sample(conn)
    assert counts(conn) == before
    def stable(table: str) -> list[dict]:
        # The plan is saved whole (lib.practice.plans): its rows are written again, stamped anew.
        return [{k: v for k, v in row.items() if table != "plan_actions" or not k.endswith("_at")}
                for row in conn[table].rows]

    for table, rows in mine.items():
        if table not in ("companies", "settings", "plan_actions"):  # the company's updated_at; the data version
            assert list(conn[table].rows) == rows, table
    assert stable("plan_actions") == [{k: v for k, v in row.items() if not k.endswith("_at")}
                                      for row in mine["plan_actions"]]
    assert [c["name"] for c in conn["companies"].rows] == ["自分の応募先"]
    assert dismissed(conn) == ["some-action-the-user-deleted"]


def test_an_agent_the_user_linked_to_their_own_company_stays(conn):
    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    [agent] = list_agents(conn)
    own = save_company(conn, Company(name="自分の応募先", applied_via="agent"))
    link_company(conn, own, agent["id"])
    sample_data.remove_sample(conn)
    assert [a["name"] for a in list_agents(conn)] == [agent["name"]]
    assert conn["stories"].count == conn["practice_cards"].count == conn["plan_actions"].count == 0


def test_a_record_of_the_user_that_took_the_id_of_a_deleted_sample_one_stays(conn):
    from lib.follow_up.stories import delete_story

    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    newest = max(row["id"] for row in conn["stories"].rows)
    delete_story(conn, newest)
    mine = save_story(conn, Story("自分のエピソード", "状況", "課題", "行動", "結果"))
    assert mine == newest  # SQLite hands the freed id on
    # Written later than the sample (the test runs within one second).
    conn.execute("UPDATE stories SET created_at = '2030-01-01T00:00:00+00:00' WHERE id = ?", [mine])
    sample_data.remove_sample(conn)
    assert [s.title for _, s in list_stories(conn)] == ["自分のエピソード"]


def test_a_sample_action_the_user_deleted_is_not_barred_from_their_plans(conn):
    sample_data.load_sample(conn, "ja", MOMENTS["monday_morning"])
    action = load_plan(conn)[0].id
    dismiss(conn, action)
    sample_data.remove_sample(conn)
    assert action not in dismissed(conn)
    assert json.loads(conn.execute("SELECT value FROM settings WHERE key = ?", [DISMISSED]).fetchone()[0]) == []


# ------------------------------------------------------------------ the content itself

def sample_strings(value, path=""):
    """(path, language, text) of every bilingual string in the sample file."""
    if isinstance(value, dict):
        if set(value) == {"ja", "en"}:
            yield path, "ja", value["ja"]
            yield path, "en", value["en"]
            return
        for key, item in value.items():
            yield from sample_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from sample_strings(item, f"{path}[{n}]")


SAMPLE = tomllib.loads((DATA_DIR / "sample_data.toml").read_text(encoding="utf-8"))
JA = [(path, text) for path, lang, text in sample_strings(SAMPLE) if lang == "ja"]
EN = [(path, text) for path, lang, text in sample_strings(SAMPLE) if lang == "en"]
JA_CHAR = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize(("rule", "pattern"), [
    ("half-width punctuation in Japanese", r"[?!():]"),
    ("「·」 as a separator", r"[·•]"),
    ("half-width space between Japanese and a number or a Latin word", rf"{JA_CHAR} [0-9A-Za-z]|[0-9A-Za-z] {JA_CHAR}"),
    ("two spaces", r"  "),
    ("a word the glossary replaced", r"不合格|アクションプラン|連絡履歴|いまひとつ"),
])
def test_japanese_typography(rule, pattern):
    assert JA, "no Japanese text found"
    bad = [(path, text) for path, text in JA if re.search(pattern, text)]
    assert bad == [], rule


def test_english_is_english():
    bad = [(path, text) for path, text in EN if re.search(JA_CHAR, text) or "  " in text]
    assert EN and bad == []


def test_questions_are_filed_under_the_right_type():
    questions = [q for c in SAMPLE["companies"] for iv in c.get("interviews", [])
                 for q in iv.get("reflection", {}).get("questions", [])]
    assert all(q["category"] in COMPETENCIES for q in questions)
    # Pay and start date are about why and how one would join, never a job skill.
    for q in questions:
        if re.search("年収|入社", q["question"]["ja"]):
            assert q["category"] == "motivation", q["question"]["ja"]
        if q["category"] == "reverse_questions":
            assert "質問" in q["question"]["ja"]
