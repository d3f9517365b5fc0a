"""Pipeline page: the board by stage, moving a company in one click, the funnel."""

from datetime import date, time, timedelta

import pytest
from app_helpers import html_of, open_app, open_fold, texts

from lib import db, i18n, ui
from lib.pipeline.companies import set_archived

HOSTILE = "<b>ミナト</b> **データ** [x](https://evil.example)"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_empty_database_points_to_the_companies_page(db_path, lang):
    at = open_app("pipeline", lang=lang)
    assert [t.value for t in at.title] == [i18n.t("nav.pipeline", lang)]
    assert i18n.t("pipeline.none_yet", lang) in texts(at)
    assert not at.error


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_data_fills_the_board_and_the_funnel(sample_db, lang):
    at = open_app("pipeline", lang=lang)
    assert not at.error and not at.exception
    html = html_of(at)
    for stage in ("offer", "rejected"):  # the sample's stages; closed ones in the fold
        assert i18n.t(f"stage.{stage}", lang) in html
    assert 'data-stage="closed"><details' in html
    assert "[" + i18n.t("common.sample_badge", lang) + "]" in html
    funnel = at.table[0].value
    assert list(funnel.iloc[:, 0])[:2] == [i18n.t("stage.applied", lang), i18n.t("stage.screening", lang)]
    with db.opened(sample_db) as conn:
        assert funnel.iloc[0, 1] == conn["companies"].count  # every company reached 応募済み
    assert len(at.get("plotly_chart")) == 1


def company_with_interview(seed, name: str = HOSTILE) -> int:
    with seed() as make:
        company_id = make.company(name, interest=4)
        make.interview(company_id, "first", date.today() + timedelta(days=3), time(14))
    return company_id


def test_moving_a_company_writes_its_stage_and_history(db_path, seed):
    company_id = company_with_interview(seed)
    at = open_app("pipeline")
    assert not at.get("selectbox")  # moving by hand is folded away, drawn only when opened
    open_fold(at, "pipeline_move_open")
    at.selectbox(key="pipeline_company").set_value(company_id).run()
    stage_control = at.segmented_control(key=f"pipeline_stage_{company_id}")
    assert stage_control.value == "first"  # the first interview moved it there
    assert i18n.t("pipeline.next_action", "ja", action=i18n.t("pipeline.action.prepare", "ja",
                                                              round=i18n.t("round.first", "ja"))) in texts(at)
    stage_control.set_value("second").run()
    assert not at.exception
    with db.opened(db_path) as conn:
        assert conn.execute("SELECT stage FROM companies").fetchone()[0] == "second"
        assert [r[0] for r in conn.execute("SELECT stage FROM stage_changes ORDER BY id")] == \
            ["applied", "first", "second"]
    assert f"「{ui.md(HOSTILE)}」を「二次面接」に移しました。" in [s.value for s in at.success]  # literal
    assert at.segmented_control(key=f"pipeline_stage_{company_id}").value == "second"
    html = html_of(at)
    assert '<div class="fk-column" data-stage="second">' in html
    assert "&lt;b&gt;ミナト&lt;/b&gt; **データ**" in html and "<b>ミナト</b>" not in html


def test_clicking_the_current_stage_again_changes_nothing(db_path, seed):
    company_id = company_with_interview(seed)
    at = open_fold(open_app("pipeline", lang="en"), "pipeline_move_open")
    at.selectbox(key="pipeline_company").set_value(company_id).run()
    at.segmented_control(key=f"pipeline_stage_{company_id}").set_value(None).run()
    assert not at.exception
    assert at.segmented_control(key=f"pipeline_stage_{company_id}").value == "first"
    with db.opened(db_path) as conn:
        assert conn["stage_changes"].count == 2


def test_archived_companies_are_hidden_but_kept(db_path, seed):
    company_id = company_with_interview(seed, "Archived Co")
    company_with_interview(seed, "Active Co")
    with db.opened(db_path) as conn:
        set_archived(conn, company_id, True)
    at = open_fold(open_app("pipeline", lang="en"), "pipeline_move_open")
    assert "Active Co" in html_of(at) and "Archived Co" not in html_of(at)
    assert company_id not in at.selectbox(key="pipeline_company").options


def test_a_company_can_be_opened_by_query_parameter(db_path, seed):
    company_id = company_with_interview(seed)
    other = company_with_interview(seed, "Other Co")
    at = open_app("pipeline", query={"company": company_id})
    assert at.selectbox(key="pipeline_company").value == company_id
    assert at.segmented_control(key=f"pipeline_stage_{company_id}").value == "first"
    at.selectbox(key="pipeline_company").set_value(other).run()  # the link does not hold the picker
    assert at.selectbox(key="pipeline_company").value == other
    at.button(key="pipeline_move_open__toggle").click().run()  # the link opened the fold; the user closes it
    at.run()
    assert not at.get("selectbox")
