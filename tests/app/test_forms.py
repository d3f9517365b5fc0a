"""Companies and interviews pages: saving, refusing bad input with a message, changing nothing."""

from datetime import date, time

import pytest
from app_helpers import errors, list_lines, open_app, open_line, texts

from lib import db, i18n
from lib.models import Company
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import save_company
from lib.ui import md

HOSTILE = "<script>alert('x')</script> **bold** [link](https://evil.example) $$x^2$$ :red[red] 👩‍👩‍👧 مرحبا"


def submit(at, form_prefix: str):
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:" + form_prefix)).click().run()
    return at


def company_count(db_path) -> int:
    with db.opened(db_path) as conn:
        return conn["companies"].count


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_empty_company_name_is_refused_next_to_the_field(db_path, lang):
    at = open_app("companies", lang=lang)
    at.text_input(key="new_company_name").set_value("   ")
    submit(at, "new_company_form")
    assert i18n.t("error.required", lang) in errors(at)
    assert i18n.t("common.fix_errors", lang) in [w.value for w in at.warning]
    assert company_count(db_path) == 0


def test_a_company_is_added_and_shown_literally(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        agent_id = save_agent(conn, Agent(name="佐藤"))
    at = open_app("companies")
    at.text_input(key="new_company_name").set_value(HOSTILE)
    at.selectbox(key="new_company_applied_via").set_value("agent")
    at.selectbox(key="new_company_agent").set_value(agent_id)
    at.radio(key="new_company_interest").set_value(5)
    submit(at, "new_company_form")
    assert not errors(at)
    assert f"「{md(HOSTILE)}」を追加しました。" in texts(at)  # literally: through the one escaping path
    (line,) = list_lines(at, "companies")
    assert line.startswith(md(HOSTILE))  # a button's label renders Markdown: the name goes through md
    with db.opened(db_path) as conn:
        row = next(conn["companies"].rows)
    assert (row["name"], row["agent_id"], row["interest"]) == (HOSTILE, agent_id, 5)
    assert at.text_input(key="new_company_name").value == ""  # the form is ready for the next one


def test_bad_url_is_refused(db_path):
    at = open_app("companies", lang="en")
    at.text_input(key="new_company_name").set_value("Acme")
    at.text_input(key="new_company_url").set_value("javascript:alert(1)")
    submit(at, "new_company_form")
    assert i18n.t("error.url", "en") in errors(at)
    assert company_count(db_path) == 0


def test_edit_and_archive_a_company(db_path, seed):
    with seed() as make:
        company_id = make.company("旧社名")
    at = open_app("companies")
    open_line(at, "companies", company_id)
    prefix = f"company_{company_id}"
    assert at.text_input(key=f"{prefix}_name").value == "旧社名"
    at.text_input(key=f"{prefix}_name").set_value("新社名")
    submit(at, f"{prefix}_form")
    assert "「新社名」を保存しました。" in texts(at)
    at.button(key=f"{prefix}_archive").click().run()
    with db.opened(db_path) as conn:
        assert next(conn["companies"].rows)["archived"] == 1
    assert not any("新社名" in line for line in list_lines(at, "companies"))
    at.toggle(key="show_archived").set_value(True).run()
    assert any("新社名" in line for line in list_lines(at, "companies"))


def interview_page(db_path, lang="ja"):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        save_company(conn, Company(name="ミナトデータ"))
    at = open_app("interviews", lang=lang)
    return at.toggle(key="show_add_interview").set_value(True).run()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_end_before_start_is_refused(db_path, lang):
    at = interview_page(db_path, lang)
    at.time_input(key="new_interview_start").set_value(time(14, 0))
    at.time_input(key="new_interview_end").set_value(time(13, 0))
    submit(at, "new_interview_form")
    assert i18n.t("error.end_before_start", lang) in errors(at)
    with db.opened(db_path) as conn:
        assert conn["interviews"].count == 0


def test_an_interview_is_added_with_its_interviewers(db_path):
    at = interview_page(db_path)
    at.button(key="new_interview_add_person").click().run()
    at.date_input(key="new_interview_day").set_value(date(2026, 12, 3))
    at.time_input(key="new_interview_start").set_value(time(14, 0))
    at.selectbox(key="new_interview_round").set_value("second")
    at.text_input(key="new_interview_person_0_name").set_value("山田")
    at.text_input(key="new_interview_person_1_name").set_value("Jane")
    at.text_input(key="new_interview_person_1_role").set_value("CTO")
    submit(at, "new_interview_form")
    assert "面接を追加しました。" in texts(at)
    with db.opened(db_path) as conn:
        interview = next(conn["interviews"].rows)
        people = [(p["name"], p["role"]) for p in conn["interviewers"].rows]
    assert (interview["round"], interview["starts_at"]) == ("second", "2026-12-03T05:00:00+00:00")
    assert people == [("山田", ""), ("Jane", "CTO")]


def test_interviews_page_asks_for_a_company_first(db_path):
    at = open_app("interviews", lang="en")
    assert i18n.t("interviews.no_companies", "en") in texts(at)


def test_deleting_a_company_asks_first_and_can_be_undone(sample_db):
    with db.opened(sample_db) as conn:
        company_id = next(conn["companies"].rows)["id"]
        before = conn["interviews"].count, conn["reflections"].count, conn["companies"].count
    at = open_app("companies", lang="en")
    open_line(at, "companies", company_id)
    at.button(key=f"company_{company_id}_delete").click().run()
    with db.opened(sample_db) as conn:
        assert conn["interviews"].count < before[0] and conn["companies"].count == before[2] - 1
    assert at.button(key="undo_delete")
    at.button(key="undo_delete").click().run()
    with db.opened(sample_db) as conn:
        assert (conn["interviews"].count, conn["reflections"].count, conn["companies"].count) == before
