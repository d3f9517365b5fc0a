"""The list of reflections: filters, empty states, the read-only detail."""

from datetime import date, time, timedelta

import pytest
from app_helpers import open_app, open_fold, texts

from lib import db, i18n
from lib.models import AskedQuestion
from lib.reflect.reflections import add_asked_question
from lib.ui import md


def cards(at) -> list[tuple[str, str]]:
    """The reflection cards: each one's link label and the address it opens."""
    return [(link.proto.label, link.proto.query_string) for link in at.get("page_link")
            if link.proto.query_string.startswith("reflection=")]


def starts(conn) -> dict[int, str]:
    return dict(conn.execute("SELECT r.id, i.starts_at FROM reflections r JOIN interviews i ON i.id = r.interview_id"))


def test_empty_database_says_what_to_do(db_path):
    at = open_app("reflections", lang="en")
    assert i18n.t("reflections.none_yet", "en") in texts(at)
    assert not cards(at)


def test_sample_list_is_cards_newest_first_each_opening_its_record(sample_db):
    at = open_app("reflections")
    with db.opened(sample_db) as conn:
        total = conn.execute("SELECT count(*) FROM reflections").fetchone()[0]
        when = starts(conn)
    shown = cards(at)
    assert len(shown) == total and f"{total}件中{total}件" in texts(at)
    ids = [int(query.removeprefix("reflection=")) for _, query in shown]
    assert [when[i] for i in ids] == sorted(when.values(), reverse=True)  # newest first
    assert not at.dataframe  # no grid: cheap to draw, one tap per record
    assert not at.get("arrow_data_frame")


def test_a_long_list_is_paged(db_path, seed):
    with seed() as make:
        company_id = make.company("A社")
        for day in range(30):
            make.reflection(make.interview(company_id, "first", date(2026, 10, 1) + timedelta(days=day), time(10)))
    at = open_app("reflections", lang="en")
    assert len(cards(at)) == 20 and texts(at).index("Fri 30 Oct 2026") < texts(at).index("Thu 29 Oct 2026")
    at.button(key="reflections_list_more").click().run()
    assert len(cards(at)) == 30


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("filters", [
    {"reflection_rounds": ["third"]},
    {"reflection_dates": (date.today() + timedelta(days=1), date.today() + timedelta(days=2))},
])
def test_filters_that_match_nothing_say_so(sample_db, filters, lang):
    at = open_fold(open_app("reflections", lang=lang), "reflection_filters_open")
    for key, value in filters.items():
        (at.multiselect if key != "reflection_dates" else at.date_input)(key=key).set_value(value)
    at.run()
    assert i18n.t("reflections.no_match", lang) in texts(at)
    assert not at.exception


def test_filters_combine(sample_db):
    at = open_app("reflections", lang="en")
    with db.opened(sample_db) as conn:
        seconds = conn.execute("SELECT count(*) FROM reflections r JOIN interviews i ON i.id = r.interview_id"
                               " WHERE i.round = 'second'").fetchone()[0]
        company_id, name = conn.execute(
            "SELECT c.id, c.name FROM companies c JOIN interviews i ON i.company_id = c.id"
            " JOIN reflections r ON r.interview_id = i.id WHERE i.round = 'second' LIMIT 1").fetchone()
    # The filters are folded away, and drawn, only when opened; the fold says how many are in use.
    assert not at.get("multiselect")
    open_fold(at, "reflection_filters_open")
    at.multiselect(key="reflection_rounds").set_value(["second"]).run()
    assert len(cards(at)) == seconds
    at.multiselect(key="reflection_companies").set_value([company_id]).run()
    assert cards(at) and all(label.startswith(f"**{md(name)} \\[Sample\\]**") for label, _ in cards(at))
    assert at.button(key="reflection_filters_open__toggle").label == i18n.t("filters.in_use", "en", count=2)
    # Closed again, the filters still apply, and come back as they were when it is opened.
    at.button(key="reflection_filters_open__toggle").click().run()
    assert not at.get("multiselect") and cards(at) and len(cards(at)) < seconds + 1
    assert all(label.startswith(f"**{md(name)} \\[Sample\\]**") for label, _ in cards(at))
    open_fold(at, "reflection_filters_open")
    assert at.multiselect(key="reflection_rounds").value == ["second"]
    assert at.multiselect(key="reflection_companies").value == [company_id]


def test_detail_is_read_only_and_literal(db_path, seed):
    with seed() as make:
        interview_id = make.interview(make.company("<i>Acme</i>"), "first", date(2026, 11, 2), time(10))
        rid = make.reflection(interview_id, overall=2, went_well="# not a heading\n[click](https://evil.example)")
        add_asked_question(make.conn, rid, AskedQuestion("**Why us?**", "motivation", "$E=mc^2$", 2, "negative"))
    at = open_app("reflections", lang="en", query={"reflection": rid})
    shown = texts(at)
    assert cards(at) == [(f"**{md('<i>Acme</i>')}** · 1st interview", f"reflection={rid}")]
    assert "\\<i\\>Acme\\</i\\>" in shown
    assert md("# not a heading") in shown and md("[click](https://evil.example)") in shown
    assert "\\*\\*Why us?\\*\\*" in shown.replace("\\?", "?")
    assert "\\$E\\=mc^2\\$" in shown.replace("\\^", "^")
    assert not [w for w in at.text_input] and not [w for w in at.text_area]  # nothing to edit here
    # From the reflection, one click to edit it and one to its interview's thank-you mail.
    links = {link.proto.label: link.proto.query_string for link in at.get("page_link")}
    assert links[i18n.t("reflections.thank_you", "en")] == links[i18n.t("reflections.edit", "en")] \
        == f"interview={interview_id}"


def test_a_card_opens_its_record_and_back_closes_it(sample_db):
    at = open_app("reflections", lang="en")
    back = i18n.t("reflections.back", "en")
    assert back not in [b.label for b in at.button]  # the list alone
    _, query = cards(at)[2]
    rid = int(query.removeprefix("reflection="))
    at.query_params["reflection"] = str(rid)  # what the card's link does
    at.run()
    with db.opened(sample_db) as conn:
        feeling = conn.execute("SELECT feeling FROM reflections WHERE id = ?", [rid]).fetchone()[0]
    assert f"**{i18n.t('reflections.feeling', 'en')}:** {md(feeling)}" in texts(at)
    assert len(cards(at)) > 2  # the list stays under the record
    at.button(key="reflection_back").click().run()
    assert "reflection" not in at.query_params
    assert back not in [b.label for b in at.button]
    assert f"**{i18n.t('reflections.feeling', 'en')}:** {md(feeling)}" not in texts(at)
