"""One clock: the same moment reads the same on every page, in the display zone (a setting)."""

import time as time_module
from datetime import UTC, date, datetime, time

import pytest
from app_helpers import open_app, open_tab, texts

from lib import db
from lib.follow_up.communications import Entry, record_sent
from lib.pipeline.agents import Agent, link_company, save_agent
from lib.ui import md

SENT = datetime(2026, 12, 1, 2, 15, tzinfo=UTC)


@pytest.fixture
def server_elsewhere(monkeypatch):
    """The machine's own zone is neither UTC nor Tokyo: nothing may show a time in it."""
    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


@pytest.fixture
def sent_mails(seed) -> dict:
    with seed() as make:
        conn = make.conn
        company_id = make.company("A", applied_via="agent")
        link_company(conn, company_id, save_agent(conn, Agent("山本", email="y@example.com")))
        iid = make.interview(company_id, "first", date(2026, 11, 30), time(10), status="done")
        rid = make.reflection(iid, complete=True, overall=4)
        for kind in ("thank_you", "agent_report"):
            record_sent(conn, Entry(company_id, SENT, summary=kind, kind=kind, interview_id=iid))
    return {"interview": iid, "reflection": rid}


@pytest.mark.parametrize(("display_zone", "hour"), [(None, "11:15"), ("Europe/London", "02:15"),
                                                    ("America/Los_Angeles", "18:15")])
def test_a_sent_mail_reads_the_same_time_on_every_page(db_path, sent_mails, server_elsewhere, display_zone, hour):
    if display_zone:
        with db.opened(db_path) as conn:
            db.set_setting(conn, "display_timezone", display_zone)
    mail = texts(open_app("follow_up", lang="en", query={"interview": sent_mails["interview"]}))
    report = texts(open_app("agents", lang="en", query={"reflection": sent_mails["reflection"]}))
    assert md(hour) in mail and md(hour) in report, (mail[-300:], report[-300:])


def test_the_zone_is_chosen_in_settings_and_remembered(db_path, sent_mails, server_elsewhere):
    settings = open_tab(open_app("settings", lang="en"), "settings_tabs", "display_and_data")
    settings.selectbox(key="display_zone_picker").set_value("Europe/London").run()
    assert not settings.exception
    with db.opened(db_path) as conn:
        assert db.get_setting(conn, "display_timezone") == "Europe/London"
    mail = texts(open_app("follow_up", lang="en", query={"interview": sent_mails["interview"]}))
    assert md("02:15") in mail  # a new session reads the saved zone
