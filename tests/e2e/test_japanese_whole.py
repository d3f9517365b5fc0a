"""The Japanese UI is Japanese: every page, with sample data, in a real browser, shows no Latin
word outside a short allow-list (file formats, method names, the app's own name, and what the
user typed). Streamlit's own English words (the uploader's button and limit, empty date and
time fields, the skip link) are drawn in Japanese by the app's CSS."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest
from browser import wait_idle
from playwright.sync_api import expect

from lib import db
from lib.storage import sample_data

PAGES = ("", "reflect", "reflections", "trends", "plan", "practice", "follow_up", "log", "stories", "pipeline",
         "calendar", "interviews", "companies", "agents", "data", "settings")
DETAILS = ("reflections?reflection=1", "follow_up?interview=1", "agents?reflection=1", "interviews?interview=1",
           "reflect?interview=1")

# Words a Japanese user reads as they are: file formats and extensions, method names, units,
# character sets, the language picker's "English", the app's name.
ALLOWED = {"STAR", "CSV", "XLSX", "PDF", "ics", "eml", "FSRS", "Excel", "URL", "UTF-8", "BOM", "Shift_JIS", "JSON",
           "zip", "txt", "xlsx", "csv", "pdf", "json", "MB", "KB", "English", "Furikaeri", "Web", "OK",
           # the words behind STAR, each next to its Japanese (状況（Situation）)
           "Situation", "Task", "Action", "Result"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9]+)*")

# Every text a user can see: text nodes that take up room on the screen (not icon ligatures, not
# a file path in a code block), and the placeholder of an empty field.
VISIBLE_TEXT = r"""() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!element || !/[A-Za-z]/.test(node.textContent)) continue;
    if (element.closest("[data-testid=stIconMaterial], [data-testid=stCode], style, script, noscript")) continue;
    if (/Material/.test(getComputedStyle(element).fontFamily)) continue;  // an icon's ligature
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(r => r.width > 1 && r.height > 1)) continue;
    seen.push(node.textContent);
  }
  for (const field of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (!field.value && field.parentElement.checkVisibility()) seen.push(field.placeholder);
  }
  return seen;
}"""


def user_words(path) -> set[str]:
    """Latin words in what the user (here: the sample data) typed: names are theirs to write."""
    words: set[str] = set()
    with sqlite3.connect(path) as conn:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        words.update(LATIN_WORD.findall(value))
    return words


def latin_words(texts: list[str], allowed: set[str]) -> set[str]:
    found = set()
    for text in texts:
        text = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S*|(?<![\w/])[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}", " ", text)
        found.update(word for word in LATIN_WORD.findall(text) if word not in allowed)
    return found


@pytest.fixture
def sample(app):
    db.migrate(app.db_path)
    with db.opened(app.db_path) as conn:
        sample_data.load_sample(conn, "ja", date.today())
    return user_words(app.db_path)


def open_folds(page) -> None:
    """Open every closed fold (add forms, filters, details) so that their fields are scanned too."""
    for _ in range(10):
        closed = page.locator("[data-testid=stMain] details:not([open]) > summary,"
                              " [data-testid=stMain] [class*=__fold]:not([class*=__fold_open]) [class*=__toggle] button")
        if closed.count() == 0:
            return
        closed.first.click()
        wait_idle(page)


def tab_count(page) -> int:
    return page.locator("[data-testid=stMain] [role=tab]").count()


def test_every_page_in_japanese_shows_no_english(app, page, sample):
    allowed = ALLOWED | sample
    english: dict[str, set[str]] = {}
    for name in PAGES + DETAILS:
        page.goto(f"{app.url}/{name}")
        wait_idle(page)
        if page.locator("[data-testid=stException]").count():
            english[name or "home"] = {"(the page failed)"}
            continue
        # Every tab (only the open one is drawn) with every fold opened.
        for tab in range(max(tab_count(page), 1)):
            if tab:
                page.locator("[data-testid=stMain] [role=tab]").nth(tab).click()
                wait_idle(page)
            open_folds(page)
            if words := latin_words(page.evaluate(VISIBLE_TEXT), allowed):
                english.setdefault(name or "home", set()).update(words)
    assert english == {}


def after_content(locator) -> str:
    return locator.evaluate("e => getComputedStyle(e, '::after').content")


def test_streamlit_widgets_speak_japanese(app, page, sample):
    page.goto(f"{app.url}/data")
    wait_idle(page)
    button = page.locator("[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p")
    expect(button).to_have_count(1)
    assert after_content(button) == '"ファイルを選ぶ"'
    limit = page.locator("[data-testid=stFileUploaderDropzoneInstructions] span").first
    assert after_content(limit) == '"1ファイル200MBまで"'
    page.goto(f"{app.url}/trends")  # the date range filter starts empty
    wait_idle(page)
    page.locator(".st-key-trend_filters_open__toggle button").click()  # the filters are folded away at first
    wait_idle(page)
    year = page.locator("[data-placeholder=true][data-type=year]").first
    expect(year).to_be_attached()
    assert after_content(year) == '"年"'
    assert year.evaluate("e => e.getBoundingClientRect().width") > 0  # the translation takes the room


def test_english_keeps_streamlit_words(app, page, sample):
    page.goto(app.url)
    wait_idle(page)
    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    page.goto(f"{app.url}/data")
    wait_idle(page)
    button = page.locator("[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p")
    expect(button).to_have_count(1)
    assert after_content(button) == '"Upload"'
