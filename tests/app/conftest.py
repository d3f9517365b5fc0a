"""AppTest as a running server behaves: routed through app.py's st.navigation once.

Stock AppTest resets Streamlit's legacy "pages/ folder" flag before every run, so each run
would first execute the page in legacy mode until ui.ensure_routed() reruns it through app.py:
every page twice per run. A server does that at most once, for a first deep link (covered by
the browser tests); the page tests run each page once, as users get it.

A server also looks for installed Streamlit components once, when it starts; stock AppTest
reads the metadata of every installed package again for each new AppTest (0.6 s of a 0.8 s
page test). The page tests scan once per session and give each AppTest what was found.
"""

from __future__ import annotations

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test


class _RoutedPagesManager(PagesManager):
    """Takes AppTest's `uses_pages_directory = None` reset, leaving the flag Streamlit reads
    (on PagesManager itself) as a routed server has it."""


@pytest.fixture(autouse=True, scope="session")
def routed_like_a_server():
    real = app_test.PagesManager
    app_test.PagesManager = _RoutedPagesManager
    PagesManager.uses_pages_directory = False
    yield
    app_test.PagesManager = real


@pytest.fixture(autouse=True, scope="session")
def components_scanned_once():
    real = manifest_scanner.scan_component_manifests
    found = real()

    def scanned(max_workers: int | None = None) -> list:
        return list(found)

    manifest_scanner.scan_component_manifests = scanned
    yield
    manifest_scanner.scan_component_manifests = real
