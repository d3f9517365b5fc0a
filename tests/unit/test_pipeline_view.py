"""The board: one query for every active company, cards with their next action, literal HTML;
the funnel as a translated table and chart."""

import html
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pandas as pd
import pytest

from lib import i18n
from lib.follow_up.communications import Entry, add_entry
from lib.pipeline.agents import Agent, link_company, save_agent
from lib.pipeline.board import (
    CARDS_PER_CLOSED_COLUMN,
    CARDS_PER_COLUMN,
    board_html,
    board_rows,
    cards,
    funnel_table,
    history_frame,
)
from lib.pipeline.charts import funnel_chart
from lib.pipeline.companies import set_archived
from lib.pipeline.stages import FUNNEL, STAGES, funnel, set_stage, stage_history

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script> **太字** & co"


@pytest.fixture
def pipeline(conn, make):
    """Four companies: one with an interview next week, one reflected and thanked, one archived,
    one through an agent with an interview yesterday that awaits its reflection."""
    ids = {}
    ids["next"] = make.company("Next Co", interest=3)
    make.interview(ids["next"], "second", date(2026, 12, 3), time(14))
    make.interview(ids["next"], "first", date(2026, 11, 1), time(10), status="done", result="passed")
    ids["thanked"] = make.company(HOSTILE, interest=5)
    done = make.interview(ids["thanked"], "first", date(2026, 11, 26), time(10), status="done")
    make.reflection(done, complete=True, overall=4)
    add_entry(conn, Entry(ids["thanked"], NOW, summary="お礼", kind="thank_you", interview_id=done))
    ids["archived"] = make.company("Archived Co")
    set_archived(conn, ids["archived"], True)
    ids["agent"] = make.company("Agent Co", interest=4)
    make.interview(ids["agent"], "first", date(2026, 11, 26), time(15))
    link_company(conn, ids["agent"], save_agent(conn, Agent(name="佐藤")))
    set_stage(conn, ids["agent"], "first")
    return ids


def test_board_rows_hold_every_active_company_with_its_facts(conn, pipeline):
    rows = {row["id"]: row for row in board_rows(conn, NOW)}
    assert set(rows) == {pipeline["next"], pipeline["thanked"], pipeline["agent"]}  # archived hidden
    assert [row["name"] for row in board_rows(conn, NOW)] == [HOSTILE, "Agent Co", "Next Co"]  # most wanted first
    assert (rows[pipeline["next"]]["next_round"], rows[pipeline["next"]]["last_round"]) == ("second", "first")
    assert rows[pipeline["thanked"]]["last_thanked"] and rows[pipeline["thanked"]]["last_reflection"] == "complete"
    assert rows[pipeline["agent"]]["agent"] == "佐藤"
    assert rows[pipeline["agent"]]["last_reflection"] is None


def test_cards_carry_stage_and_next_action(conn, pipeline):
    by_id = {card.company_id: card for card in cards(board_rows(conn, NOW), NOW)}
    assert by_id[pipeline["next"]].action.code == "prepare"
    assert by_id[pipeline["next"]].next_interview.hour == 14
    assert by_id[pipeline["thanked"]].action.code == "await_result"
    assert (by_id[pipeline["agent"]].stage, by_id[pipeline["agent"]].action.code) == ("first", "reflect")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_board_html_has_a_column_per_occupied_stage_and_shows_user_text_literally(conn, pipeline, lang):
    page = board_html(cards(board_rows(conn, NOW), NOW), lang)
    # Next Co passed its first round (second), the thanked company had its first (first), Agent Co too.
    assert [stage for stage in STAGES if f'data-stage="{stage}"' in page] == ["first", "second"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; **太字** &amp; co" in page
    assert i18n.t("pipeline.column_title", lang, stage=i18n.t("stage.first", lang), count=2) in page
    empty = [i18n.t(f"stage.{stage}", lang) for stage in ("applied", "screening", "casual", "final", "offer")]
    assert html.escape(i18n.t("pipeline.empty_stages", lang,
                              stages=i18n.t("pipeline.stage_separator", lang).join(empty))) in page
    assert 'data-stage="closed"' not in page  # nothing closed, no fold
    assert "Archived Co" not in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_closed_stages_are_folded_into_one_column_that_counts_them(conn, pipeline, lang):
    set_stage(conn, pipeline["next"], "rejected")
    set_stage(conn, pipeline["agent"], "accepted")
    page = board_html(cards(board_rows(conn, NOW), NOW), lang)
    assert page.count('class="fk-column') == 2  # first, and the fold
    fold = page[page.index('data-stage="closed"'):]
    assert fold.startswith('data-stage="closed"><details class="fk-fold"><summary')  # closed until clicked
    assert html.escape(i18n.t("pipeline.closed_title", lang, count=2)) in fold
    assert '<div class="fk-group" data-stage="accepted">' in fold and "Agent Co" in fold and "Next Co" in fold
    assert 'data-stage="declined"' not in page


def test_a_board_with_only_closed_companies_says_nothing_is_open(conn, pipeline):
    for company_id in (pipeline["next"], pipeline["thanked"], pipeline["agent"]):
        set_stage(conn, company_id, "rejected")
    page = board_html(cards(board_rows(conn, NOW), NOW), "ja")
    assert i18n.t("pipeline.no_open", "ja") in page and 'data-stage="closed"' in page


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("stage", "room"), [("applied", CARDS_PER_COLUMN), ("rejected", CARDS_PER_CLOSED_COLUMN)])
def test_a_crowded_column_shows_its_most_wanted_and_counts_the_rest(conn, pipeline, stage, room, lang):
    template = cards(board_rows(conn, NOW), NOW)[0]
    crowd = [replace(template, company_id=1000 + i, name=f"Co {i:02d}", stage=stage) for i in range(room + 4)]
    page = board_html(crowd, lang)
    assert page.count('class="fk-card"') == room
    assert "Co 00" in page and f"Co {room - 1:02d}" in page and f"Co {room:02d}" not in page  # in the given order
    assert html.escape(i18n.t("pipeline.more_cards", lang, count=4)) in page
    assert i18n.t("pipeline.column_title", lang, stage=i18n.t(f"stage.{stage}", lang), count=room + 4) in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_funnel_table_and_chart_are_translated(conn, pipeline, lang):
    figures = funnel(history_frame(stage_history(conn)))
    table = funnel_table(figures, lang)
    assert list(table.iloc[:, 0]) == [i18n.t(f"stage.{stage}", lang) for stage in FUNNEL]
    assert list(table.iloc[:2, 1]) == [4, 3]  # the archived company counts in the funnel too
    assert table.iloc[0, 3] == pytest.approx(0.75)
    chart = funnel_chart(figures, lang)
    assert chart.data[0].type == "funnel" and list(chart.data[0].x[:2]) == [4, 3]
    assert chart.layout.title.text == i18n.t("pipeline.chart_title", lang)


def test_an_empty_history_gives_an_empty_funnel():
    figures = funnel(history_frame([]))
    assert not figures["reached"].any()
    assert funnel_chart(figures, "en").layout.annotations[0].text == i18n.t("pipeline.funnel_empty", "en")
    assert isinstance(funnel_table(figures, "ja"), pd.DataFrame)
