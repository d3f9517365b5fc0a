"""Every page renders in both languages, with an empty database and with sample data."""

import re

import pytest
from app_helpers import PAGES, open_app

from lib import db, i18n

TITLES = {"home": "home.title", "reflect": "wizard.title", "reflections": "reflections.title", "trends": "trends.title",
          "interviews": "interviews.title", "companies": "companies.title", "settings": "settings.title",
          **{page: f"nav.{page}" for page in ("plan", "practice", "follow_up", "log", "stories", "pipeline", "calendar",
                                            "agents", "data")}}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_an_empty_database(db_path, page, lang):
    at = open_app(page, lang=lang)
    assert [t.value for t in at.title] == [i18n.t(TITLES[page], lang)]
    assert not at.error


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_sample_data(sample_db, page, lang):
    at = open_app(page, lang=lang)
    assert [t.value for t in at.title] == [i18n.t(TITLES[page], lang)]
    assert not at.error
    if lang == "en":  # nothing Japanese leaks into the English UI (the sample itself is Japanese here)
        rows = [b for b in at.button  # list lines: the sample's names
                if (b.key or "").startswith(("interviews_row_", "log_row_", "agents_row_", "companies_row_"))]
        chrome = "\n".join(t.value for t in at.title) + "\n".join(b.label for b in at.button if b not in rows)
        assert not re.search(r"[\u3040-\u30ff]", chrome)


def test_navigation_titles_follow_the_language(db_path):
    at = open_app(lang="en")
    assert at.title[0].value == "Home"
    at.radio(key="language_picker").set_value("ja").run()
    assert at.title[0].value == "ホーム"
    at.switch_page("pages/companies.py").run()
    assert at.title[0].value == "応募企業"
    with db.opened(db_path) as conn:  # remembered for the next session
        assert db.get_setting(conn, "language") == "ja"
