"""The list of reflections: filters, empty states, the read-only detail."""

from datetime import date, time, timedelta

import pytest
from app_helpers import open_app, texts

from lib import db, i18n
from lib.models import AskedQuestion, Company, Interview
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import add_asked_question, save_reflection_field, start_reflection
from lib.ui import md


def test_empty_database_says_what_to_do(db_path):
    at = open_app("reflections", lang="en")
    assert i18n.t("reflections.none_yet", "en") in texts(at)
    assert not at.dataframe


def test_sample_list_shows_all_eight(sample_db):
    at = open_app("reflections")
    assert len(at.dataframe[0].value) == 8
    assert "8 件中 8 件" in texts(at)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("filters", [
    {"filter_rounds": ["third"]},
    {"filter_dates": (date.today() + timedelta(days=1), date.today() + timedelta(days=2))},
])
def test_filters_that_match_nothing_say_so(sample_db, filters, lang):
    at = open_app("reflections", lang=lang)
    for key, value in filters.items():
        (at.multiselect if key != "filter_dates" else at.date_input)(key=key).set_value(value)
    at.run()
    assert i18n.t("reflections.no_match", lang) in texts(at)
    assert not at.exception


def test_filters_combine(sample_db):
    at = open_app("reflections", lang="en")
    at.multiselect(key="filter_rounds").set_value(["second"]).run()
    assert len(at.dataframe[0].value) == 3  # one second interview per sample company
    with db.opened(sample_db) as conn:
        hokuto = conn.execute("SELECT id FROM companies WHERE name LIKE '北斗%'").fetchone()[0]
    at.multiselect(key="filter_companies").set_value([hokuto]).run()
    assert at.dataframe[0].value.iloc[:, 1].tolist() == ["北斗ロジスティクス株式会社 [Sample]"]


def test_detail_is_read_only_and_literal(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        company_id = save_company(conn, Company(name="<i>Acme</i>"))
        interview_id = save_interview(conn, Interview(company_id, "first", date(2026, 11, 2), time(10)))
        rid = start_reflection(conn, interview_id)
        save_reflection_field(conn, rid, "overall", 2)
        save_reflection_field(conn, rid, "went_well", "# not a heading\n[click](https://evil.example)")
        add_asked_question(conn, rid, AskedQuestion("**Why us?**", "motivation", "$E=mc^2$", 2, "negative"))
    at = open_app("reflections", lang="en", query={"reflection": rid})
    shown = texts(at)
    assert "\\<i\\>Acme\\</i\\>" in shown
    assert md("# not a heading") in shown and md("[click](https://evil.example)") in shown
    assert "\\*\\*Why us?\\*\\*" in shown.replace("\\?", "?")
    assert "\\$E\\=mc^2\\$" in shown.replace("\\^", "^")
    assert not [w for w in at.text_input] and not [w for w in at.text_area]  # nothing to edit here
