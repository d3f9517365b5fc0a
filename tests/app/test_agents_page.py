"""Agents page: agents as records linked to companies; the interview report, its draft and its log entry."""

from datetime import date, time

import pytest
from app_helpers import errors, open_app, texts

from lib import db, i18n, ui
from lib.pipeline.agents import Agent, save_agent

HOSTILE = "<b>ミナト</b> **データ** :red[x]"


def submit(at, form_prefix: str):
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:" + form_prefix)).click().run()
    return at


def rows(db_path, sql: str) -> list[tuple]:
    with db.opened(db_path) as conn:
        return [tuple(row) for row in conn.execute(sql).fetchall()]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_empty_database(db_path, lang):
    at = open_app("agents", lang=lang)
    assert [t.value for t in at.title] == [i18n.t("nav.agents", lang)]
    assert i18n.t("agents.none_yet", lang) in texts(at) and i18n.t("agents.report_none", lang) in texts(at)
    assert not at.error


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_data_renders(sample_db, lang):
    at = open_app("agents", lang=lang)
    assert not at.error and not at.exception
    with db.opened(sample_db) as conn:
        reflections = conn["reflections"].count
    assert reflections >= 8 and len(at.selectbox(key="report_reflection").options) == reflections


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_bad_agent_is_refused_next_to_the_field(db_path, lang):
    at = open_app("agents", lang=lang)
    at.text_input(key="new_agent_name").set_value("  ")
    at.text_input(key="new_agent_email").set_value("not-an-address")
    submit(at, "new_agent_form")
    assert i18n.t("error.required", lang) in errors(at) and i18n.t("error.email", lang) in errors(at)
    assert i18n.t("common.fix_errors", lang) in [w.value for w in at.warning]
    assert rows(db_path, "SELECT * FROM agents") == []


def test_an_agent_is_added_linked_edited_and_deleted(db_path, seed):
    with seed() as make:
        company_id = make.company(HOSTILE)
    at = open_app("agents")
    at.text_input(key="new_agent_name").set_value(HOSTILE)
    at.text_input(key="new_agent_agency").set_value("キャリアブリッジ")
    at.text_input(key="new_agent_email").set_value("sato@example.com")
    at.multiselect(key="new_agent_companies").set_value([company_id])
    submit(at, "new_agent_form")
    assert f"エージェント「{ui.md(HOSTILE)}」を追加しました。" in [s.value for s in at.success]  # literal
    assert rows(db_path, "SELECT name, agency, email FROM agents") == [
        (HOSTILE, "キャリアブリッジ", "sato@example.com")]
    assert rows(db_path, "SELECT agent_id FROM companies") == [(1,)]
    # One line per agent, the whole line is the button, user text shown literally.
    line = at.button(key="agents_row_1")
    assert line.label == ui.md(f"{HOSTILE}｜キャリアブリッジ｜sato@example.com｜紹介された企業：{HOSTILE}")
    assert "agent_1_name" not in [i.key for i in at.text_input]

    line.click().run()  # one click opens the editor
    assert at.query_params["agent"] == "1"
    assert at.text_input(key="agent_1_name").value == HOSTILE
    assert at.multiselect(key="agent_1_companies").value == [company_id]
    assert at.button(key="agents_row_1").proto.type == "secondary"  # the open one stands out
    at.text_input(key="agent_1_phone").set_value("03-1234-5678")
    at.multiselect(key="agent_1_companies").set_value([])
    submit(at, "agent_1_form")
    assert rows(db_path, "SELECT phone FROM agents") == [("03-1234-5678",)]
    assert rows(db_path, "SELECT agent_id FROM companies") == [(None,)]

    at.button(key="agent_1_delete").click().run()
    assert rows(db_path, "SELECT * FROM agents") == []
    assert rows(db_path, "SELECT name FROM companies") == [(HOSTILE,)]
    assert "agent" not in at.query_params and "agents_row_1" not in [b.key for b in at.button]
    assert i18n.t("agents.none_yet", "ja") in texts(at)


def agent_rows(at) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith("agents_row_")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_agents_are_listed_25_at_a_time_and_one_click_opens_and_closes_one(db_path, lang):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        ids = [save_agent(conn, Agent(f"Agent {i:02d}", agency="Bridge")) for i in range(30)]
    at = open_app("agents", lang=lang)
    assert agent_rows(at) == [f"agents_row_{i}" for i in ids[:25]]  # by name
    assert i18n.t("common.rows_shown", lang, shown=25, total=30) in texts(at)
    at.button(key="agents_table_more").click().run()
    assert agent_rows(at) == [f"agents_row_{i}" for i in ids]
    assert "agents_table_more" not in [b.key for b in at.button]

    at.button(key=f"agents_row_{ids[27]}").click().run()  # one from the second page
    assert at.text_input(key=f"agent_{ids[27]}_name").value == "Agent 27"
    assert [b.proto.type for b in at.button if b.key in agent_rows(at)].count("secondary") == 1
    at.button(key="agent_close").click().run()
    assert "agent" not in at.query_params
    assert f"agent_{ids[27]}_name" not in [i.key for i in at.text_input]


def test_an_agent_opens_from_the_address_and_a_deleted_one_says_so(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        agent_id = save_agent(conn, Agent("佐藤", agency="キャリアブリッジ"))
    at = open_app("agents", lang="en", query={"agent": agent_id})
    assert at.text_input(key=f"agent_{agent_id}_agency").value == "キャリアブリッジ"
    gone = open_app("agents", lang="en", query={"agent": agent_id + 1})
    assert i18n.t("error.not_found", "en") in [w.value for w in gone.warning]
    assert agent_rows(gone) == [f"agents_row_{agent_id}"]


def test_the_sample_agent_is_one_click_away(sample_db):
    at = open_app("agents", lang="ja")
    (first, *_) = agent_rows(at)
    at.button(key=first).click().run()
    agent_id = int(first.removeprefix("agents_row_"))
    assert at.text_input(key=f"agent_{agent_id}_name").value
    assert at.multiselect(key=f"agent_{agent_id}_companies").value  # the sample company it introduced
    assert not at.exception


@pytest.fixture
def reflected(seed):
    with seed() as make:
        company_id = make.company(HOSTILE, applied_via="agent", agent_name="山本")
        interview_id = make.interview(company_id, "second", date(2026, 11, 20), time(15), status="done")
        reflection_id = make.reflection(interview_id, overall=4, went_well="数字で説明できた")
    return {"company": company_id, "interview": interview_id, "reflection": reflection_id}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_report_contains_the_company_and_is_logged_when_marked_sent(db_path, reflected, lang):
    at = open_app("agents", lang=lang)
    at.selectbox(key="report_reflection").set_value(reflected["reflection"]).run()
    prefix = f"report_{reflected['interview']}"
    body = at.text_area(key=f"{prefix}_body").value
    assert HOSTILE in body and "山本" in body and "数字で説明できた" in body
    assert HOSTILE in at.text_input(key=f"{prefix}_subject").value
    assert HOSTILE in at.code[0].value
    assert [b.key for b in at.download_button] == [f"{prefix}_txt", f"{prefix}_eml"]
    at.button(key=f"{prefix}_sent").click().run()
    assert i18n.t("agents.report_logged", lang) in [s.value for s in at.success]
    logged = rows(db_path, "SELECT kind, interview_id, company_id, direction, channel, counterpart, body"
                           " FROM communications")
    assert len(logged) == 1
    kind, interview_id, company_id, direction, channel, counterpart, text = logged[0]
    assert (kind, interview_id, company_id, direction, channel, counterpart) == (
        "agent_report", reflected["interview"], reflected["company"], "out", "email", "山本")
    assert HOSTILE in text
    assert rows(db_path, "SELECT kind FROM mail_drafts") == [("agent_report",)]


def test_the_edited_draft_survives_a_new_session(db_path, reflected):
    at = open_app("agents", query={"reflection": reflected["reflection"]})
    prefix = f"report_{reflected['interview']}"
    at.text_area(key=f"{prefix}_body").set_value("山本様\n\n編集した本文 <b>太字</b>").run()
    at.text_input(key=f"{prefix}_to").set_value("yamamoto@example.com").run()
    assert rows(db_path, "SELECT body, options FROM mail_drafts") == [
        ("山本様\n\n編集した本文 <b>太字</b>", '{"to": "yamamoto@example.com"}')]

    again = open_app("agents", query={"reflection": reflected["reflection"]})
    assert again.text_area(key=f"{prefix}_body").value == "山本様\n\n編集した本文 <b>太字</b>"
    assert again.text_input(key=f"{prefix}_to").value == "yamamoto@example.com"

    again.button(key=f"{prefix}_regenerate").click().run()
    assert "編集した本文" not in again.text_area(key=f"{prefix}_body").value
    assert rows(db_path, "SELECT * FROM mail_drafts") == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_bad_report_fields_save_nothing(db_path, reflected, lang):
    at = open_app("agents", lang=lang, query={"reflection": reflected["reflection"]})
    prefix = f"report_{reflected['interview']}"
    at.text_input(key=f"{prefix}_to").set_value("not an address").run()
    assert i18n.t("error.email", lang) in errors(at)
    at.text_area(key=f"{prefix}_body").set_value("   ").run()
    assert i18n.t("error.required", lang) in errors(at)
    at.button(key=f"{prefix}_sent").click().run()
    assert rows(db_path, "SELECT * FROM mail_drafts") == []
    assert rows(db_path, "SELECT * FROM communications") == []



@pytest.mark.parametrize("lang", ["ja", "en"])
def test_feedback_from_the_agent_is_recorded_on_the_interview(db_path, reflected, lang):
    interview_id = reflected["interview"]
    at = open_app("interviews", lang=lang, query={"interview": interview_id})
    prefix = f"feedback_{interview_id}"
    assert at.radio(key=f"{prefix}_source").value == "agent"
    at.radio(key=f"{prefix}_source").set_value("company")
    at.text_area(key=f"{prefix}_text").set_value("論理的だが志望動機が弱い <b>x</b>")
    at.radio(key=f"{prefix}_rating").set_value(3)
    at.button(key=f"{prefix}_save").click().run()
    assert i18n.t("feedback.saved", lang) in [s.value for s in at.success]
    assert rows(db_path, "SELECT feedback_source, feedback, feedback_rating FROM interviews") == [
        ("company", "論理的だが志望動機が弱い <b>x</b>", 3)]


def test_recorded_feedback_is_shown_when_the_interview_is_opened_again(db_path, reflected):
    interview_id = reflected["interview"]
    at = open_app("interviews", lang="en", query={"interview": interview_id})
    prefix = f"feedback_{interview_id}"
    at.text_area(key=f"{prefix}_text").set_value("  Strong on numbers  ")
    at.button(key=f"{prefix}_save").click().run()
    again = open_app("interviews", lang="en", query={"interview": interview_id})
    assert again.text_area(key=f"{prefix}_text").value == "Strong on numbers"
    assert again.radio(key=f"{prefix}_source").value == "agent"
    assert again.radio(key=f"{prefix}_rating").value is None
