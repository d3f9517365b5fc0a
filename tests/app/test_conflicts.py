"""Two tabs on the same record: the second save does not silently overwrite the first."""

from datetime import date, time

from app_helpers import errors, open_app

from lib import db, i18n
from lib.companies import get_company, save_company, save_interview
from lib.models import Company, Interview
from lib.reflections import get_reflection


def test_two_tabs_on_one_reflection(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        iid = save_interview(conn, Interview(save_company(conn, Company(name="A")), "first", date(2026, 11, 2),
                                             time(10), status="done"))
    first, second = (open_app("reflect", lang="en", query={"interview": iid}) for _ in range(2))
    first.text_input(key="r1_feeling").set_value("from the first tab").run()
    second.text_input(key="r1_feeling").set_value("from the second tab").run()
    with db.opened(db_path) as conn:
        assert get_reflection(conn, 1)["feeling"] == "from the first tab"
    assert any("from the first tab" in e for e in errors(second))
    assert second.text_input(key="r1_feeling").value == "from the second tab"  # nothing typed is lost
    second.text_input(key="r1_feeling").set_value("from the second tab, on purpose").run()
    with db.opened(db_path) as conn:
        assert get_reflection(conn, 1)["feeling"] == "from the second tab, on purpose"
    assert not errors(second)


def test_two_tabs_on_one_company(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        company_id = save_company(conn, Company(name="Old name"))
    tabs = [open_app("companies", lang="ja") for _ in range(2)]
    for tab in tabs:
        tab.selectbox(key="edit_company").set_value(company_id).run()
    prefix = f"company_{company_id}"
    submit = lambda at: next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{prefix}_form")).click().run()  # noqa: E731
    tabs[0].text_input(key=f"{prefix}_name").set_value("First tab name")
    submit(tabs[0])
    tabs[1].text_input(key=f"{prefix}_industry").set_value("物流")
    submit(tabs[1])
    with db.opened(db_path) as conn:
        assert (get_company(conn, company_id)["name"], get_company(conn, company_id)["industry"]) == ("First tab name", "")
    assert any("First tab name" in e for e in errors(tabs[1]))
    assert i18n.t("common.fix_errors", "ja") in [w.value for w in tabs[1].warning]
    submit(tabs[1])  # saving again is a deliberate overwrite
    with db.opened(db_path) as conn:
        assert get_company(conn, company_id)["industry"] == "物流"
