"""Agents table, linking companies, and the interview report's draft, files and log entry."""

import email
from datetime import UTC, date, datetime, time
from email import policy

import pandas as pd
import pytest

from lib import i18n
from lib.follow_up.communications import list_entries
from lib.follow_up.profile import save_profile
from lib.models import Interviewer, Profile, ValidationError
from lib.pipeline.agent_desk import (
    check_report,
    drafted,
    eml_file,
    link_companies,
    log_sent,
    reflection_choices,
    report_context,
    text_file,
    today_for,
)
from lib.pipeline.agent_list import row_labels
from lib.pipeline.agents import Agent, list_agents, save_agent
from lib.pipeline.companies import list_companies
from lib.pipeline.stages import set_stage
from lib.reflect.analytics import reflections_frame
from lib.reflect.reflections import list_reflections

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


@pytest.fixture
def reflected(make):
    company = make.company("株式会社ミナトデータ", applied_via="agent", agent_name="山本", interest=3)
    interview = make.interview(company, "second", date(2026, 11, 26), time(14), status="done",
                               interviewers=[Interviewer("佐藤", "CTO")])
    reflection = make.reflection(interview, overall=4, interest_after=5, went_well="数字で実績を説明できた")
    return {"company": company, "interview": interview, "reflection": reflection}


def test_linking_companies_adds_and_removes_at_once(conn, make):
    agent = save_agent(conn, Agent(name="佐藤", agency="キャリアブリッジ"))
    a, b, c = (make.company(n) for n in "ABC")
    link_companies(conn, agent, [a, b], [])
    link_companies(conn, agent, [b, c], [a, b])
    linked = {row["name"] for row in list_companies(conn) if row["agent_id"] == agent}
    assert linked == {"B", "C"}
    assert row_labels(list_agents(conn), list_companies(conn), "en") == [
        (agent, "佐藤 | キャリアブリッジ | " + i18n.t("agents.row_companies", "en", names="B, C"))]


@pytest.mark.parametrize(("to", "subject", "body", "field", "key"), [
    ("not-an-address", "件名", "本文", "to", "error.email"),
    ("", "  ", "本文", "subject", "error.required"),
    ("", "件名", "", "body", "error.required"),
])
def test_bad_report_fields_are_refused(to, subject, body, field, key):
    with pytest.raises(ValidationError) as problem:
        check_report(to, subject, body)
    assert problem.value.errors[field][0] == key


def test_good_report_fields_are_cleaned():
    assert check_report(" a@example.com ", " 件名 ", "本文\n") == {"to": "a@example.com", "subject": "件名",
                                                                "body": "本文"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_report_names_the_company_and_the_agent(conn, reflected, lang):
    agent = save_agent(conn, Agent(name="山本", agency="キャリアブリッジ", email="yamamoto@example.com"))
    link_companies(conn, agent, [reflected["company"]], [])
    save_profile(conn, Profile(full_name="田中 太郎", email="taro@example.com"))
    context = report_context(conn, reflected["reflection"])
    assert context.agent_email == "yamamoto@example.com"
    report = drafted(context, lang, today_for(context, NOW))
    assert "株式会社ミナトデータ" in report.subject and "株式会社ミナトデータ" in report.body
    assert "山本" in report.body and "田中 太郎" in report.body and "佐藤" in report.body
    assert text_file(report.subject, report.body, lang).decode().count(report.subject) == 1
    message = email.message_from_bytes(eml_file(context, context.agent_email, report.subject, report.body, NOW),
                                       policy=policy.default)
    assert (message["To"], message["From"], message["Subject"]) == ("yamamoto@example.com", "taro@example.com",
                                                                   report.subject)


def test_an_agent_typed_on_the_company_becomes_the_record_the_report_goes_to(conn, reflected):
    context = report_context(conn, reflected["reflection"])
    assert context.agent["name"] == "山本" and context.agent_name == "山本" and context.agent_email == ""
    assert report_context(conn, 999) is None


def test_the_report_lists_the_other_selections_in_progress(conn, make, reflected):
    make.interview(make.company("アオゾラ商事"), "first", date(2026, 12, 4), time(10))
    set_stage(conn, make.company("終わった会社"), "rejected")
    body = drafted(report_context(conn, reflected["reflection"]), "ja", date(2026, 11, 27)).body
    section = body.split("【他社の選考状況】")[1].split("【")[0]
    assert "アオゾラ商事" in section and "一次面接" in section
    assert "終わった会社" not in body and "株式会社ミナトデータ" not in section


def test_marking_sent_logs_an_agent_report(conn, reflected):
    context = report_context(conn, reflected["reflection"])
    log_sent(conn, context, "件名", "本文", "ja", NOW)
    entry = list_entries(conn)[0]
    assert (entry["kind"], entry["interview_id"], entry["counterpart"]) == ("agent_report", reflected["interview"],
                                                                           "山本")
    assert entry["summary"] == i18n.t("agents.report_log_summary", "ja", company="株式会社ミナトデータ",
                                      round=i18n.t("round.second", "ja"))
    assert "本文" in entry["body"]
    assert report_context(conn, reflected["reflection"]).sent["id"] == entry["id"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_reflection_choices_label_each_reflection(conn, reflected, lang):
    choices = reflection_choices(reflections_frame(list_reflections(conn)), lang)
    assert list(choices) == [reflected["reflection"]]
    label = choices[reflected["reflection"]]
    assert "株式会社ミナトデータ" in label and i18n.t("round.second", lang) in label


def test_reflection_choices_keep_the_newest_and_the_one_asked_for():
    frame = pd.DataFrame({"id": [30, 20, 10], "company": ["C", "B", "A"], "is_sample": [0, 0, 1],
                          "round": ["final", "second", "first"],
                          "local_start": pd.to_datetime(["2026-11-03", "2026-11-02", "2026-11-01"])})
    assert list(reflection_choices(frame, "en", limit=2)) == [30, 20]
    assert list(reflection_choices(frame, "en", limit=1, include=10)) == [30, 10]
    assert "[Sample]" in reflection_choices(frame, "en")[10]
