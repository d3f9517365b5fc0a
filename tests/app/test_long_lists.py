"""Long tables are shown a page at a time: the first rows, how many there are, and a button for more."""

from datetime import date, time, timedelta

import pytest
from app_helpers import open_app, texts

from lib import db, i18n
from lib.models import Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import start_reflection
from lib.ui.paging import PAGE_ROWS

COMPANY_ROWS = 25  # pages/companies.py

TOTAL = PAGE_ROWS + 5
FIRST_DAY = date(2026, 1, 1)


@pytest.fixture
def long_lists(db_path):
    """TOTAL companies, each with one interview (a day apart) that has a reflection."""
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        for i in range(TOTAL):
            company_id = save_company(conn, Company(name=f"Company {i:03d}"))
            start_reflection(conn, save_interview(conn, Interview(company_id, "first", FIRST_DAY + timedelta(days=i),
                                                                  time(10), status="done")))
    return db_path


def rows_of(at, page: str):
    return (at.table if page == "companies" else at.dataframe)[0].value


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("page", "table", "size", "first"), [
    ("reflections", "reflections_table", PAGE_ROWS, f"Company {TOTAL - 1:03d}"),  # the newest first
    ("interviews", "interviews_table", PAGE_ROWS, f"Company {TOTAL - 1:03d}"),
    ("companies", "companies_table", COMPANY_ROWS, "Company 000"),  # by name, in a static table
])
def test_first_page_then_more(long_lists, page, table, size, first, lang):
    at = open_app(page, lang=lang)
    shown = rows_of(at, page)
    assert len(shown) == size
    assert shown.iloc[0, 1 if page != "companies" else 0] == first
    assert i18n.t("common.rows_shown", lang, shown=size, total=TOTAL) in texts(at)
    while f"{table}_more" in [b.key for b in at.button]:
        more = at.button(key=f"{table}_more")
        assert more.label == i18n.t("common.show_more", lang, count=min(size, TOTAL - len(rows_of(at, page))))
        more.click().run()
        assert not at.exception
    assert len(rows_of(at, page)) == TOTAL
    assert i18n.t("common.rows_shown", lang, shown=TOTAL, total=TOTAL) not in texts(at)


def test_a_short_list_has_no_button(sample_db):
    at = open_app("reflections", lang="en")
    assert len(at.dataframe[0].value) == 8
    assert "reflections_table_more" not in [b.key for b in at.button]


def test_filters_reach_beyond_the_first_page(long_lists):
    at = open_app("reflections", lang="en")
    at.date_input(key="filter_dates").set_value((FIRST_DAY, FIRST_DAY + timedelta(days=2))).run()
    assert at.dataframe[0].value.iloc[:, 1].tolist() == ["Company 002", "Company 001", "Company 000"]
