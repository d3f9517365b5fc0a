"""Calendar page: the month grid, what is coming up, thank-you deadlines, .ics buttons."""

from datetime import date, time, timedelta

import pytest
from app_helpers import html_of, open_app, texts

from lib import db, i18n
from lib.pipeline import calendar_view

HOSTILE = "<b>ミナト</b> **データ** :red[x]"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_empty_database(db_path, lang):
    at = open_app("calendar", lang=lang)
    assert [t.value for t in at.title] == [i18n.t("nav.calendar", lang)]
    assert not at.error
    assert i18n.t("calendar.agenda_empty", lang) in texts(at)
    assert i18n.t("export.no_upcoming_ics", lang) in texts(at)
    today = date.today()
    assert calendar_view.month_title(today.year, today.month, lang) in html_of(at)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_data_shows_the_month_and_the_plan(sample_db, lang):
    """The sample's open thank-you mails are listed; an action plan puts its deadlines on the calendar."""
    from datetime import UTC, datetime

    from lib.follow_up.communications import thank_you_reminders
    from lib.practice.action_plan import generate_plan
    from lib.practice.plans import save_plan

    with db.opened(sample_db) as conn:
        save_plan(conn, generate_plan(None, [], None, date.today(), lang=lang))
    at = open_app("calendar", lang=lang)
    assert not at.error and not at.exception
    assert f'fk-today" data-date="{date.today().isoformat()}"' in html_of(at)
    with db.opened(sample_db) as conn:
        due = len(thank_you_reminders(conn, datetime.now(UTC)))
    links = at.get("page_link")
    # Each deadline is one line, a link to its mail; each action due soon, a link to the plan.
    assert len([link for link in links if link.proto.page == "follow_up" and "interview=" in link.proto.query_string]) \
        == min(due, 5)
    assert any(link.proto.page == "plan" for link in links)
    assert "fk-action" in html_of(at)


@pytest.fixture
def scheduled(seed):
    day = date.today() + timedelta(days=2)
    with seed() as make:
        company_id = make.company(HOSTILE)
        upcoming = make.interview(company_id, "second", day, time(15))
        make.interview(company_id, "first", date.today() - timedelta(days=1), time(10), status="done")
    return {"id": upcoming, "day": day}


def test_upcoming_interviews_and_deadlines_are_listed_literally(scheduled):
    at = open_app("calendar")
    shown = texts(at)
    assert "\\<b\\>ミナト\\</b\\> \\*\\*データ\\*\\* \\:red\\[x\\]" in shown
    (deadline,) = [link.label for link in at.get("page_link") if link.proto.page == "follow_up"]
    assert deadline.startswith("お礼メールの期限") and "\\<b\\>ミナト\\</b\\>" in deadline
    keys = [button.key for button in at.download_button]
    assert keys == ["calendar_ics_all", f"calendar_ics_{scheduled['id']}"]
    assert "&lt;b&gt;ミナト&lt;/b&gt; **データ** :red[x]" in html_of(at) and "<b>ミナト" not in html_of(at)


def test_months_can_be_browsed(scheduled):
    at = open_app("calendar", lang="en")
    today = date.today()
    at.button(key="calendar_next").click().run()
    year, month = calendar_view.add_months(today.year, today.month, 1)
    assert calendar_view.month_title(year, month, "en") in html_of(at)
    at.button(key="calendar_previous").click().run()
    at.button(key="calendar_previous").click().run()
    year, month = calendar_view.add_months(today.year, today.month, -1)
    assert calendar_view.month_title(year, month, "en") in html_of(at)
    at.button(key="calendar_today").click().run()
    assert calendar_view.month_title(today.year, today.month, "en") in html_of(at)
    assert not at.exception


def test_the_grid_shows_the_interview_on_its_day(scheduled):
    at = open_app("calendar", lang="en")
    day = scheduled["day"]
    if (day.year, day.month) != (date.today().year, date.today().month):
        at.button(key="calendar_next").click().run()
    cell = html_of(at).split(f'data-date="{day.isoformat()}"', 1)[1].split("</td>", 1)[0]
    assert "15:00" in cell and "2nd interview" in cell
