"""Long tables are shown a page at a time: the first rows, how many there are, and a button for more."""

from datetime import date, time, timedelta

import pytest
from app_helpers import list_lines, open_app, open_fold, texts

from lib import db, i18n
from lib.ui.paging import PAGE_ROWS

COMPANY_ROWS = 25  # pages/companies.py
CARD_ROWS = 20  # pages/reflections.py
INTERVIEW_ROWS = 25  # pages/interviews.py

TOTAL = PAGE_ROWS + 5
FIRST_DAY = date(2026, 1, 1)


@pytest.fixture
def long_lists(db_path, seed):
    """TOTAL companies, each with one interview (a day apart) that has a reflection."""
    with seed() as make:
        for i in range(TOTAL):
            make.reflection(make.interview(make.company(f"Company {i:03d}"), "first", FIRST_DAY + timedelta(days=i),
                                           time(10), status="done"))
    return db_path


def rows_of(at, page: str) -> list[str]:
    """The rows shown, each as the text that names it: the companies' and interviews' line
    buttons, the reflections' card links."""
    if page in ("companies", "interviews"):
        return list_lines(at, page)
    return [link.proto.label for link in at.get("page_link") if "Company" in link.proto.label]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("page", "table", "size", "first"), [
    ("reflections", "reflections_list", CARD_ROWS, f"Company {TOTAL - 1:03d}"),  # the newest first
    ("interviews", "interviews_table", INTERVIEW_ROWS, f"Company {TOTAL - 1:03d}"),
    ("companies", "companies_table", COMPANY_ROWS, "Company 000"),  # by name
])
def test_first_page_then_more(long_lists, page, table, size, first, lang):
    at = open_app(page, lang=lang)
    shown = rows_of(at, page)
    assert len(shown) == size
    assert first in shown[0]
    assert i18n.t("common.rows_shown", lang, shown=size, total=TOTAL) in texts(at)
    while f"{table}_more" in [b.key for b in at.button]:
        more = at.button(key=f"{table}_more")
        assert more.label == i18n.t("common.show_more", lang, count=min(size, TOTAL - len(rows_of(at, page))))
        more.click().run()
        assert not at.exception
    assert len(rows_of(at, page)) == TOTAL
    assert i18n.t("common.rows_shown", lang, shown=TOTAL, total=TOTAL) not in texts(at)


def test_a_short_list_has_no_button(sample_db):
    with db.opened(sample_db) as conn:
        reflections = conn["reflections"].count
    at = open_app("reflections", lang="en")
    assert 0 < reflections <= PAGE_ROWS
    assert len([link for link in at.get("page_link") if "reflection" in link.proto.query_string]) == reflections
    assert "reflections_table_more" not in [b.key for b in at.button]


def test_filters_reach_beyond_the_first_page(long_lists):
    at = open_fold(open_app("reflections", lang="en"), "reflection_filters_open")
    at.date_input(key="reflection_dates").set_value((FIRST_DAY, FIRST_DAY + timedelta(days=2))).run()
    assert [name.split("**")[1] for name in rows_of(at, "reflections")] == ["Company 002", "Company 001",
                                                                           "Company 000"]
