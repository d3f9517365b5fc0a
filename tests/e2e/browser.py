"""Helpers for browser tests: waiting for Streamlit, locating widgets by key, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


# Installed in every page before it loads (tests/e2e/conftest.py): notes when the page last sent
# something to the server (a click, a typed value) and when the server last answered.
WATCH_WEBSOCKET = """
(() => {
  const Real = window.WebSocket;
  const seen = window.__furikaeri = {sent: 0, received: 0, idle: -1};
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => { seen.received = performance.now(); });
    }
    send(data) { seen.sent = performance.now(); return super.send(data); }
  };
})();
"""

# Idle: the run is over, and whatever the page sent since the last wait (the action the test
# just took) has been answered, with 50 ms of calm after the answer. An action that sends
# nothing (opening a drop-down) is let through after 2 s.
_IDLE = """() => {
  const app = document.querySelector("[data-testid=stApp]");
  const seen = window.__furikaeri;
  if (app === null || app.dataset.testScriptState !== "notRunning") return false;
  if (!seen) return true;
  const now = performance.now();
  const acted = seen.sent > seen.idle, answered = seen.received > seen.sent && now - seen.received > 50;
  if ((acted && answered) || (!acted && now - seen.idle > 2000)) { seen.idle = now; return true; }
  return false;
}"""


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has answered what the page just sent and finished its run (polled
    in the page, no fixed sleep)."""
    page.wait_for_function(_IDLE, timeout=timeout)


def open_list(page, widget_key: str) -> None:
    """Open the drop-down of the selectbox `widget_key`, again if a rerun closed it at once (a
    busy machine), and wait until its options are shown."""
    box, listbox = key(page, widget_key), page.get_by_role("listbox")
    for _ in range(3):
        box.click()
        try:
            expect(listbox).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    expect(listbox).to_be_visible()  # fails with Playwright's own message


def choose(page, widget_key: str, option: str) -> None:
    """Pick `option` in the selectbox `widget_key` and wait for the run it starts. The list is
    opened again when a rerun closed it before the option could be clicked (a busy machine)."""
    box = key(page, widget_key)
    item = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        try:
            item.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        item.click()  # fails with Playwright's own message
    expect(item).to_have_count(0)  # the list closed on the choice
    wait_idle(page)


def screenshot(page, name: str, *, docs: bool = False) -> Path:
    """Save a picture of the page in test-artifacts/. With docs=True and
    FURIKAERI_UPDATE_SCREENSHOTS=1 it refreshes the README's screenshot instead."""
    refresh = docs and os.environ.get("FURIKAERI_UPDATE_SCREENSHOTS") == "1"
    folder = ROOT / "docs" / "screenshots" if refresh else ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=not docs)
    return path


def key(page, name: str):
    """The element Streamlit renders for the widget with this key."""
    return page.locator(f".st-key-{name}")
