"""Generate a question set, practise one question, download the practice sheet PDF."""

from __future__ import annotations

import re
import subprocess

from browser import key, screenshot, wait_idle
from playwright.sync_api import expect


def test_question_set_practice_and_pdf(app, page):
    page.goto(app.url)
    wait_idle(page)
    page.get_by_role("button", name="サンプルデータを読み込む").click()
    wait_idle(page)

    page.goto(f"{app.url}/practice")
    wait_idle(page)
    questions = key(page, "question_set").locator("[data-testid=stMarkdownContainer]")
    expect(questions).to_have_count(10)
    first_question = questions.first.locator("strong").first.inner_text().split(". ", 1)[1]
    screenshot(page, "practice", docs=True)

    with page.expect_download() as download:
        key(page, "practice_pdf").get_by_role("button").click()
    pdf = download.value.path()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout)
    assert re.sub(r"\s+", "", first_question) in text

    page.get_by_role("button", name="練習を始める").click()
    wait_idle(page)
    card = key(page, "practice_card")
    expect(card).to_be_visible()
    outline = card.locator("textarea")
    outline.fill("S: 顧客の解約が続いた / A: 30 社にヒアリング / R: 解約率 4 ポイント改善")
    outline.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="できた", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("保存しました。")).to_be_visible()
