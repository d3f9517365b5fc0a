"""Two tabs on the same record: the second save does not silently overwrite the first."""

from datetime import date, time

import pytest
from app_helpers import errors, open_app, open_line

from lib import db, i18n
from lib.follow_up.communications import save_draft
from lib.follow_up.stories import save_story
from lib.models import AskedQuestion, Story
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import get_company
from lib.practice.action_plan import add_action
from lib.practice.plans import save_plan
from lib.reflect.reflections import add_asked_question, get_reflection


def test_two_tabs_on_one_reflection(db_path, seed):
    with seed() as make:
        iid = make.interview(make.company("A"), "first", date(2026, 11, 2), time(10), status="done")
    first, second = (open_app("reflect", lang="en", query={"interview": iid}) for _ in range(2))
    first.text_input(key="r1_feeling").set_value("from the first tab").run()
    second.text_input(key="r1_feeling").set_value("from the second tab").run()
    with db.opened(db_path) as conn:
        assert get_reflection(conn, 1)["feeling"] == "from the first tab"
    assert any("from the first tab" in e for e in errors(second))
    assert second.text_input(key="r1_feeling").value == "from the second tab"  # nothing typed is lost
    second.text_input(key="r1_feeling").set_value("from the second tab, on purpose").run()
    with db.opened(db_path) as conn:
        assert get_reflection(conn, 1)["feeling"] == "from the second tab, on purpose"
    assert not errors(second)


def test_two_tabs_on_one_company(db_path, seed):
    with seed() as make:
        company_id = make.company("Old name")
    tabs = [open_app("companies", lang="ja") for _ in range(2)]
    for tab in tabs:
        open_line(tab, "companies", company_id)
    prefix = f"company_{company_id}"
    submit = lambda at: next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{prefix}_form")).click().run()  # noqa: E731
    tabs[0].text_input(key=f"{prefix}_name").set_value("First tab name")
    submit(tabs[0])
    tabs[1].text_input(key=f"{prefix}_industry").set_value("物流")
    submit(tabs[1])
    with db.opened(db_path) as conn:
        assert (get_company(conn, company_id)["name"], get_company(conn, company_id)["industry"]) == ("First tab name", "")
    assert any("First tab name" in e for e in errors(tabs[1]))
    assert i18n.t("common.fix_errors", "ja") in [w.value for w in tabs[1].warning]
    submit(tabs[1])  # saving again is a deliberate overwrite
    with db.opened(db_path) as conn:
        assert get_company(conn, company_id)["industry"] == "物流"


# ---------------------------------------------------------------- every other edit form

CONFLICT = i18n.t("error.conflict_record", "en")


def submit(at, form: str) -> None:
    next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{form}")).click().run()


def two_tabs(page: str, query: dict | None = None, pick=None) -> list:
    tabs = [open_app(page, lang="en", query=query) for _ in range(2)]
    if pick:
        for tab in tabs:
            pick(tab)
    return tabs


@pytest.fixture
def records(seed) -> dict:
    """One record of every kind, as another tab and this one would both open them."""
    with seed() as make:
        conn = make.conn
        company_id = make.company("A")
        interview_id = make.interview(company_id, "first", date(2026, 11, 2), time(10), status="done")
        reflection_id = make.reflection(interview_id, overall=3)
        question_id = add_asked_question(conn, reflection_id, AskedQuestion("Why us?", "motivation"))
        story_id = save_story(conn, Story("Migration"))
        agent_id = save_agent(conn, Agent("Yamamoto"))
        save_draft(conn, interview_id, "thank_you", "Thanks", "Body", {})
        save_plan(conn, add_action([], "Practise the self-introduction", date(2026, 12, 20)))
    return {"company": company_id, "interview": interview_id, "reflection": reflection_id, "question": question_id,
            "story": story_id, "agent": agent_id}


def stored(db_path, sql: str):
    with db.opened(db_path) as conn:
        return conn.execute(sql).fetchone()[0]


def refused_then_overwritten(tabs, change, save, read, mine: str, theirs: str, *, autosave: bool = False) -> None:
    """The first tab saves `theirs`; the second tab's `mine` is refused with a message and kept
    on screen; saving it again (for a field saved as it changes: changing it again) overwrites."""
    change(tabs[0], theirs)
    save(tabs[0])
    assert read() == theirs and not errors(tabs[0])
    change(tabs[1], mine)
    save(tabs[1])
    assert read() == theirs  # nothing of the second tab was saved…
    assert CONFLICT in errors(tabs[1])  # …and it says so
    if autosave:
        mine += " (again)"
        change(tabs[1], mine)
    save(tabs[1])  # saving again overwrites on purpose
    assert read() == mine
    assert not errors(tabs[1])


def test_two_tabs_on_one_interview(db_path, records):
    iid = records["interview"]
    tabs = two_tabs("interviews", {"interview": iid})
    refused_then_overwritten(
        tabs, lambda at, text: at.text_area(key=f"interview_{iid}_notes").set_value(text),
        lambda at: submit(at, f"interview_{iid}_form"),
        lambda: stored(db_path, f"SELECT notes FROM interviews WHERE id = {iid}"), "mine", "theirs")


def test_two_tabs_on_one_interviews_feedback(db_path, records):
    iid = records["interview"]
    tabs = two_tabs("interviews", {"interview": iid})
    refused_then_overwritten(
        tabs, lambda at, text: at.text_area(key=f"feedback_{iid}_text").set_value(text),
        lambda at: at.button(key=f"feedback_{iid}_save").click().run(),
        lambda: stored(db_path, f"SELECT feedback FROM interviews WHERE id = {iid}"), "mine", "theirs")


def test_two_tabs_on_one_asked_question(db_path, records):
    qid, rid = records["question"], records["reflection"]

    def edit(at):
        with db.opened(db_path) as conn:
            conn["reflections"].update(rid, {"step": "questions"})
        at.run()
        at.button(key=f"q{qid}_edit").click().run()

    tabs = two_tabs("reflect", {"interview": records["interview"]}, edit)
    refused_then_overwritten(
        tabs, lambda at, text: at.text_input(key=f"q{qid}_question").set_value(text),
        lambda at: at.run(),
        lambda: stored(db_path, f"SELECT question FROM asked_questions WHERE id = {qid}"), "Why this team?",
        "Why our company?", autosave=True)


def test_two_tabs_on_one_competency_score(db_path, records):
    rid = records["reflection"]

    def open_scores(at):
        with db.opened(db_path) as conn:
            conn["reflections"].update(rid, {"step": "competencies"})
        at.run()

    tabs = two_tabs("reflect", {"interview": records["interview"]}, open_scores)
    key = f"r{rid}_score_motivation_note"
    refused_then_overwritten(
        tabs, lambda at, text: at.text_input(key=key).set_value(text),
        lambda at: at.run(),
        lambda: stored(db_path, f"SELECT note FROM competency_scores WHERE reflection_id = {rid}"), "mine", "theirs",
        autosave=True)


def test_two_tabs_on_one_story(db_path, records):
    sid = records["story"]
    tabs = two_tabs("stories")
    refused_then_overwritten(
        tabs, lambda at, text: at.text_area(key=f"story_{sid}_result").set_value(text),
        lambda at: submit(at, f"story_{sid}_form"),
        lambda: stored(db_path, f"SELECT result FROM stories WHERE id = {sid}"), "mine", "theirs")


def test_two_tabs_on_one_agent(db_path, records):
    aid = records["agent"]
    tabs = two_tabs("agents", pick=lambda at: at.button(key=f"agents_row_{aid}").click().run())
    refused_then_overwritten(
        tabs, lambda at, text: at.text_area(key=f"agent_{aid}_notes").set_value(text),
        lambda at: submit(at, f"agent_{aid}_form"),
        lambda: stored(db_path, f"SELECT notes FROM agents WHERE id = {aid}"), "mine", "theirs")


def test_two_tabs_on_the_profile(db_path, records):
    tabs = two_tabs("settings")
    refused_then_overwritten(
        tabs, lambda at, text: at.text_input(key="profile_full_name").set_value(text),
        lambda at: submit(at, "profile_form"),
        lambda: stored(db_path, "SELECT value FROM settings WHERE key = 'profile.full_name'"), "Mine Taro",
        "Theirs Hanako")


def test_two_tabs_on_one_thank_you_draft(db_path, records):
    iid = records["interview"]
    tabs = two_tabs("follow_up", {"interview": iid})
    refused_then_overwritten(
        tabs, lambda at, text: at.text_area(key=f"mail{iid}_body").set_value(text),
        lambda at: at.run(),
        lambda: stored(db_path, f"SELECT body FROM mail_drafts WHERE interview_id = {iid}"), "mine", "theirs",
        autosave=True)


def test_two_tabs_on_one_plan_action(db_path, records):
    tabs = two_tabs("plan")
    refused_then_overwritten(
        tabs, lambda at, text: at.text_input(key="edit_own-1_target").set_value(text),
        lambda at: at.button(key="edit_own-1_save").click().run(),
        lambda: stored(db_path, "SELECT target FROM plan_actions WHERE action_id = 'own-1'"), "3 times", "5 times")
