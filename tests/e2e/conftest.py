"""Real-browser fixtures: a Streamlit server on a free loopback port and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import WATCH_WEBSOCKET

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FURIKAERI_CHROMIUM", "/usr/bin/chromium"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but Chromium is missing at {CHROMIUM}: browser tests must run in CI")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    return {
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture
def page(page):
    """pytest-playwright's page, watching its websocket so that wait_idle knows when a rerun is done."""
    page.add_init_script(WATCH_WEBSOCKET)
    return page


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "ja-JP"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """A running Furikaeri server with its own database file."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "FURIKAERI_DB": str(db_path)}
        self.log = open(db_path.with_suffix(".log"), "w")  # noqa: SIM115 - kept open while the server runs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Streamlit did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def app(tmp_path):
    running = App(tmp_path / "furikaeri.db")
    yield running
    running.stop()
