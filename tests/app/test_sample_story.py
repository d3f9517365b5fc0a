"""With the sample data loaded (from Home's own button), every page has something to show:
no page greets the visitor with its empty state, and Home answers "what now?" at once."""

import re

import pytest
from app_helpers import PAGES, html_of, open_app, texts

from lib import db, i18n

# The empty states a page shows when it has nothing (keys that no longer exist are skipped).
EMPTY_STATES = (
    "home.no_awaiting", "home.no_upcoming", "home.no_recent", "companies.none_yet", "interviews.none_yet",
    "interviews.no_companies", "reflections.none_yet", "trends.empty.no_reflections_yet",
    "trends.empty.no_scores", "trends.empty.no_questions", "trends.empty.no_decided", "plan.empty",
    "stories.none_yet", "log.none_yet", "follow_up.no_interviews", "agents.none_yet", "pipeline.none_yet",
    "pipeline.funnel_empty", "pipeline.no_open", "sheet.no_questions", "export.no_upcoming_ics",
)


def empty_states(lang: str) -> dict[str, str]:
    catalog = i18n.catalog(lang)
    return {key: catalog[key] for key in EMPTY_STATES if key in catalog and isinstance(catalog[key], str)}


def loaded_through_home(lang: str):
    """The app on an empty database, the sample loaded with Home's button."""
    at = open_app("home", lang=lang)
    at.button(key="load_sample").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_home_answers_what_now_right_after_loading(db_path, lang):
    at = loaded_through_home(lang)
    shown = texts(at)
    links = " ".join(link.label for link in at.get("page_link"))
    for key in ("awaiting", "thank_you", "upcoming", "recent"):
        assert i18n.t(f"home.{key}", lang) in [s.value for s in at.subheader], key
    for key in ("home.no_awaiting", "home.no_upcoming", "home.no_recent"):
        assert i18n.t(key, lang) not in shown
    with db.opened(db_path) as conn:
        towa = conn.execute("SELECT name FROM companies WHERE name LIKE '%Towa%' OR name LIKE '%東和%'").fetchone()[0]
    assert towa in (shown + links).replace("\\", "")  # the interview of yesterday, waiting for its reflection
    pages = [link.proto.page.strip("/").removeprefix("pages/").removesuffix(".py") for link in at.get("page_link")]
    for page in ("reflect", "follow_up", "practice", "plan", "reflections"):  # reflect, thank, practise, plan
        assert page in pages, page


@pytest.mark.parametrize("page", [p for p in PAGES if p != "settings"])
def test_every_page_has_something_to_show(db_path, page):
    loaded_through_home("ja")
    at = open_app(page, lang="ja")
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    shown = texts(at) + html_of(at)
    found = [key for key, text in empty_states("ja").items() if text in shown]
    assert found == [], page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_mail_due_speaks_of_what_was_discussed(db_path, lang):
    """The thank-you due is the sample's reflected interview: its mail names the topic that
    interested the candidate and what they could not get across, in the chosen language."""
    loaded_through_home(lang)
    with db.opened(db_path) as conn:
        [(interview_id, topic, untold)] = conn.execute(
            """SELECT i.id, r.interesting_topics, r.untold_points FROM interviews i
               JOIN reflections r ON r.interview_id = i.id
               WHERE r.status = 'complete' AND NOT EXISTS (SELECT 1 FROM communications m
                     WHERE m.interview_id = i.id AND m.kind = 'thank_you')""").fetchall()
    at = open_app("follow_up", lang=lang, query={"interview": interview_id})
    at.button(key="mail_generate").click().run()
    assert not at.exception
    body = at.text_area(key=f"mail{interview_id}_body").value
    words = re.findall(r"[\u30a0-\u30ff\u3400-\u9fff]{2,}|[A-Za-z]{5,}", f"{topic} {untold}")
    assert sum(word in body for word in words) >= len(words) // 2, (words, body)
    assert ("様" in body) if lang == "ja" else ("Mr Mori" in body or "Dear" in body)
