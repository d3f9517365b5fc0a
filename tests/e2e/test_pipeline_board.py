"""The pipeline in a real browser at 1400 px: the board fits without scrolling sideways, closed
stages are folded, and an interview's result moves its company with a message and an undo."""

from __future__ import annotations

import sqlite3
from datetime import date, time, timedelta

import pytest
from browser import choose, key, screenshot, wait_idle
from playwright.sync_api import expect

from lib import db
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.pipeline.stages import set_stage

WIDE = {"width": 1400, "height": 1000}


@pytest.fixture
def three(app) -> dict:
    """Three companies: one after its first interview, one in the second round, one not selected."""
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        minato = save_company(conn, Company(name="ミナト商事", interest=5))
        first = save_interview(conn, Interview(minato, "first", date.today() - timedelta(days=1), time(10),
                                               status="done"))
        aoba = save_company(conn, Company(name="あおば物流株式会社 データ基盤グループ", interest=4))
        save_interview(conn, Interview(aoba, "second", date.today() + timedelta(days=4), time(15)))
        hokuto = save_company(conn, Company(name="北斗銀行", interest=2))
        set_stage(conn, hokuto, "rejected")
    return {"minato": minato, "first": first}


def test_the_board_fits_1400_px_and_closed_stages_are_folded(app, page, three):
    page.set_viewport_size(WIDE)
    page.goto(f"{app.url}/pipeline")
    wait_idle(page)
    board = page.locator(".fk-board")
    expect(board.locator(".fk-column")).to_have_count(3)  # 一次面接, 二次面接, and the fold
    assert board.locator(".fk-column").evaluate_all("cs => cs.map(c => c.dataset.stage)") == \
        ["first", "second", "closed"]
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert board.evaluate("b => b.scrollWidth <= b.clientWidth")
    # All three columns on one row: the board is as tall as its tallest column.
    tops = board.locator(".fk-column").evaluate_all("cs => cs.map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    fold = page.locator(".fk-column[data-stage=closed]")
    expect(fold.get_by_text("北斗銀行", exact=True)).to_be_hidden()
    fold.locator("summary").click()
    expect(fold.get_by_text("北斗銀行", exact=True)).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    screenshot(page, "pipeline-1400")


def test_a_result_moves_the_company_with_a_message_and_an_undo(app, page, three):
    page.set_viewport_size(WIDE)
    page.goto(f"{app.url}/interviews")
    wait_idle(page)
    key(page, f"interviews_row_{three['first']}").get_by_role("button").click()  # one click opens it
    wait_idle(page)
    prefix = f"interview_{three['first']}"
    choose(page, f"{prefix}_result", "通過")
    key(page, "interview_editor").get_by_test_id("stForm").get_by_role("button", name="保存", exact=True).click()
    wait_idle(page)
    message = key(page, "stage_move")
    expect(message.get_by_text("「ミナト商事」を「一次面接」から「二次面接」に移しました。")).to_be_visible()
    with sqlite3.connect(app.db_path) as conn:
        assert conn.execute("SELECT stage FROM companies WHERE id = ?", [three["minato"]]).fetchone() == ("second",)
    screenshot(page, "stage-move")
    key(page, "stage_move_undo").get_by_role("button").click()
    wait_idle(page)
    expect(page.get_by_text("「ミナト商事」を「一次面接」に戻しました。")).to_be_visible()
    expect(key(page, "stage_move")).to_have_count(0)
    with sqlite3.connect(app.db_path) as conn:
        assert conn.execute("SELECT stage FROM companies WHERE id = ?", [three["minato"]]).fetchone() == ("first",)
        assert conn.execute("SELECT result FROM interviews WHERE id = ?", [three["first"]]).fetchone() == ("passed",)
