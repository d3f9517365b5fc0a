"""Home answers "what now?": an honest first run, then what is due in order of urgency."""

from datetime import datetime, timedelta

import pytest
from app_helpers import open_app, texts

from lib import i18n
from lib.clock import now


def add_interview(make, company_id: int, start: datetime, *, status: str = "done", round_: str = "first",
                  reflected: bool = False) -> int:
    iid = make.interview(company_id, round_, at=start, status=status)
    if reflected:
        make.reflection(iid, complete=True)
    return iid


def link_labels(at) -> list[str]:
    return [link.label for link in at.get("page_link")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_first_run_is_honest_and_offers_to_reflect_first(db_path, lang):
    at = open_app("home", lang=lang)
    shown = texts(at)
    assert i18n.t("home.no_awaiting", lang) not in shown  # no "all reflected, well done" on day one
    primary = at.button(key="home_reflect")
    assert primary.label == i18n.t("home.reflect_primary", lang) and primary.proto.type == "primary"
    assert at.button(key="load_sample").proto.type != "primary"  # sample data is the second choice
    primary.click().run()
    assert at.title[0].value == i18n.t("wizard.title", lang)  # the reflection screen, with no interview named
    assert "interview" not in at.query_params


def test_with_data_the_primary_action_stays_on_top_and_sections_follow_urgency(db_path, seed):
    today = now().replace(second=0, microsecond=0)
    with seed() as make:
        company = make.company("ミナトデータ")
        add_interview(make, company, today - timedelta(days=1))  # waiting for its reflection
        add_interview(make, company, today - timedelta(days=10), reflected=True, round_="casual")
        add_interview(make, company, today - timedelta(hours=2), reflected=True, round_="second")  # mail due
        add_interview(make, company, today + timedelta(days=3), status="scheduled", round_="final")
    at = open_app("home", lang="ja")
    assert at.button(key="home_reflect").label == i18n.t("home.reflect_primary", "ja")
    headings = [s.value for s in at.subheader]
    expected = [i18n.t(f"home.{key}", "ja") for key in ("awaiting", "thank_you", "upcoming", "recent")]
    assert [h for h in headings if h in expected] == expected
    shown = texts(at)
    assert i18n.t("home.countdown_days", "ja", count=3) in shown  # 「あと3日」
    assert "·" not in shown + "".join(link_labels(at))


def test_recent_reflections_are_newest_first_and_keep_the_newest(db_path, seed):
    """Reflections saved in the same second used to come out by id: not in date order, newest one dropped."""
    base = now().replace(hour=10, minute=0, second=0, microsecond=0)
    with seed() as make:
        company = make.company("北斗ロジスティクス")
        days = [20, 3, 15, 30, 8, 25]  # entered in this order, all within the same second or two
        for day in days:
            add_interview(make, company, base - timedelta(days=day), reflected=True)
    at = open_app("home", lang="en")
    recent = [label for label in link_labels(at) if "北斗" in label]
    expected = [i18n.format_datetime(base - timedelta(days=day), "en") for day in sorted(days)[:5]]
    assert len(recent) == 5
    for label, when in zip(recent, expected, strict=True):
        assert when in label.replace("\\", "")  # the label is Markdown: its colons are escaped


def test_sample_data_home_has_no_middle_dots_and_links_the_mail(sample_db):
    at = open_app("home", lang="ja")
    shown = texts(at) + "\n".join(link_labels(at))
    assert "·" not in shown
    assert at.button(key="home_reflect")


def test_three_thank_you_mails_are_listed_and_the_rest_on_the_mail_page(db_path, seed):
    today = now().replace(second=0, microsecond=0)
    with seed() as make:
        for hours, name in enumerate(("A社", "B社", "C社", "D社"), start=1):
            add_interview(make, make.company(name), today - timedelta(hours=hours), reflected=True)
    at = open_app("home", lang="ja")
    assert len([b for b in at.button if (b.key or "").startswith("dismiss_")]) == 3
    more = [link for link in at.get("page_link") if link.label == i18n.t("home.more", "ja", count=1)]
    assert len(more) == 1 and more[0].proto.page == "follow_up"
