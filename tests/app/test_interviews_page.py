"""Interviews page: saving an interview moves its company (named, with an undo); one click opens
an interview; an open interview leads to its thank-you mail, its reflection and its .ics."""

from datetime import date, time, timedelta

import pytest
from app_helpers import open_app, texts

from lib import db, i18n, ui
from lib.models import Interview
from lib.pipeline.companies import save_interview
from lib.pipeline.stages import set_stage

HOSTILE = "<b>ミナト</b> **商事** [x](https://evil.example)"


def stage_of(db_path, company_id: int) -> tuple[str, list[str]]:
    with db.opened(db_path) as conn:
        return (conn.execute("SELECT stage FROM companies WHERE id = ?", [company_id]).fetchone()[0],
                [r[0] for r in conn.execute("SELECT stage FROM stage_changes WHERE company_id = ? ORDER BY id",
                                            [company_id])])


@pytest.fixture
def company(seed) -> int:
    with seed() as make:
        return make.company(HOSTILE)


def add_interview(at, round_: str, day: date) -> None:
    at.toggle(key="show_add_interview").set_value(True).run()
    at.selectbox(key="new_interview_round").set_value(round_)
    at.date_input(key="new_interview_day").set_value(day)
    at.button(key="FormSubmitter:new_interview_form-追加").click().run()
    assert not at.exception


def links(at) -> dict[str, tuple[str, str]]:
    return {link.label: (link.proto.page, link.proto.query_string) for link in at.get("page_link")}


def test_adding_an_interview_moves_the_company_and_names_the_move_with_an_undo(db_path, company):
    at = open_app("interviews")
    add_interview(at, "first", date.today() + timedelta(days=3))
    assert stage_of(db_path, company) == ("first", ["applied", "first"])
    message = f"「{ui.md(HOSTILE)}」を「応募済み」から「一次面接」に移しました。"
    assert message in [s.value for s in at.success]  # the company's name shown literally
    at.button(key="stage_move_undo").click().run()
    assert stage_of(db_path, company) == ("applied", ["applied"])
    assert f"「{ui.md(HOSTILE)}」を「応募済み」に戻しました。" in [s.value for s in at.success]
    assert "stage_move_undo" not in [b.key for b in at.button]


def test_recording_a_result_moves_the_company_and_a_later_manual_stage_stays(db_path, company):
    with db.opened(db_path) as conn:
        interview_id = save_interview(conn, Interview(company, "first", date.today() - timedelta(days=1), time(10)))
    at = open_app("interviews", lang="en", query={"interview": interview_id})
    prefix = f"interview_{interview_id}"
    at.selectbox(key=f"{prefix}_status").set_value("done")
    at.selectbox(key=f"{prefix}_result").set_value("passed")
    at.button(key=f"FormSubmitter:{prefix}_form-Save").click().run()
    assert not at.exception
    assert stage_of(db_path, company)[0] == "second"
    assert i18n.t("pipeline.auto_moved", "en", company=ui.md(HOSTILE), before=i18n.t("stage.first", "en"),
                  stage=i18n.t("stage.second", "en")) in [s.value for s in at.success]

    with db.opened(db_path) as conn:
        set_stage(conn, company, "final")  # moved on by hand
    at.selectbox(key=f"{prefix}_result").set_value("rejected")
    at.button(key=f"FormSubmitter:{prefix}_form-Save").click().run()
    assert stage_of(db_path, company)[0] == "final"
    assert "stage_move_undo" not in [b.key for b in at.button]  # nothing moved, nothing to undo


def test_one_click_on_a_row_opens_the_interview(db_path, company):
    with db.opened(db_path) as conn:
        older = save_interview(conn, Interview(company, "first", date.today() - timedelta(days=9), time(10),
                                               status="done"))
        upcoming = save_interview(conn, Interview(company, "second", date.today() + timedelta(days=2), time(15)))
    at = open_app("interviews")
    assert "interview_editor" not in texts(at)
    rows = [b for b in at.button if b.key.startswith("interviews_row_")]
    assert [b.key for b in rows] == [f"interviews_row_{upcoming}", f"interviews_row_{older}"]  # the latest first
    # One line each, the whole line is the button, the name shown literally.
    assert rows[1].label.endswith(f"｜{ui.md(HOSTILE)}｜一次面接｜実施済み｜結果待ち｜振り返り：未")
    at.button(key=f"interviews_row_{older}").click().run()
    assert at.query_params["interview"] == str(older)
    assert at.selectbox(key=f"interview_{older}_round").value == "first"
    at.button(key="interview_close").click().run()
    assert f"interview_{older}_round" not in [s.key for s in at.selectbox]


def test_a_done_interview_leads_to_its_thank_you_mail_its_reflection_and_its_calendar_file(db_path, company):
    with db.opened(db_path) as conn:
        done = save_interview(conn, Interview(company, "first", date.today() - timedelta(days=20), time(10),
                                              status="done"))
    at = open_app("interviews", query={"interview": done})
    shown = links(at)
    assert shown[i18n.t("interviews.thank_you", "ja")] == ("follow_up", f"interview={done}")
    assert shown[i18n.t("interviews.reflect", "ja")] == ("reflect", f"interview={done}")
    assert f"interview_{done}_ics" in [b.key for b in at.download_button]  # a past interview too


def test_a_future_interview_has_no_thank_you_link_but_its_calendar_file(db_path, company):
    with db.opened(db_path) as conn:
        upcoming = save_interview(conn, Interview(company, "first", date.today() + timedelta(days=2), time(10)))
    at = open_app("interviews", query={"interview": upcoming})
    assert i18n.t("interviews.thank_you", "ja") not in links(at)
    assert f"interview_{upcoming}_ics" in [b.key for b in at.download_button]
