"""Helpers for browser tests: waiting for Streamlit, locating widgets by key, screenshots."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    page.wait_for_timeout(150)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)


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
