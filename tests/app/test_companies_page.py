"""Companies page: the agent is picked from the agent records or typed once (and made a record on
save); the companies table names each company's agent."""

import pytest
from app_helpers import list_lines, open_app, open_line
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Selectbox

from lib import db, i18n
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import get_company

SUBMIT = "FormSubmitter:new_company_form-追加"


@pytest.fixture(autouse=True)
def typed_options(monkeypatch):
    """AppTest's selectbox sends only listed options; a browser sends a typed new one as its text
    (accept_new_options): send what the user typed when it is not in the list."""
    listed = Selectbox._widget_state.fget

    def widget_state(self) -> WidgetState:
        shown = self.format_func(self.value) if self.value is not None else None
        if shown is None or shown in self.options:
            return listed(self)
        state = WidgetState()
        state.id = self.id
        state.string_value = shown
        return state

    monkeypatch.setattr(Selectbox, "_widget_state", property(widget_state))


def add(at, name: str, agent) -> None:
    at.text_input(key="new_company_name").set_value(name)
    at.selectbox(key="new_company_agent").set_value(agent)
    at.button(key=SUBMIT).click().run()
    assert not at.exception


def agents_of(db_path) -> list[tuple]:
    with db.opened(db_path) as conn:
        return [tuple(r) for r in conn.execute("SELECT id, name, agency FROM agents ORDER BY id")]


def test_the_free_text_agent_field_is_gone_and_the_picker_offers_the_records(db_path):
    db.migrate(db_path)
    with db.opened(db_path) as conn:
        save_agent(conn, Agent("佐藤", agency="キャリアブリッジ"))
    at = open_app("companies")
    assert "new_company_agent_name" not in [w.key for w in at.text_input]
    picker = at.selectbox(key="new_company_agent")
    assert picker.options == [i18n.t("companies.no_agent", "ja"), "佐藤（キャリアブリッジ）"]
    assert picker.value == 0


def test_typing_a_new_agent_creates_the_record_on_save_and_the_table_shows_it(db_path):
    db.migrate(db_path)
    at = open_app("companies")
    add(at, "ミナト商事", "山本 <b>太郎</b>")
    assert agents_of(db_path) == [(1, "山本 <b>太郎</b>", "")]
    with db.opened(db_path) as conn:
        company = get_company(conn, 1)
    assert (company["agent_id"], company["applied_via"]) == (1, "agent")
    assert at.selectbox(key="new_company_agent").value == 0  # the form is empty again
    agent = i18n.t("companies.row_agent", "ja", name="山本 \\<b\\>太郎\\</b\\>")  # literal: through md
    assert [agent in line for line in list_lines(at, "companies")] == [True]
    # The next company picks the same agent: no second record.
    at.text_input(key="new_company_name").set_value("あおば物流")
    at.selectbox(key="new_company_agent").set_value(1)
    at.button(key=SUBMIT).click().run()
    assert len(agents_of(db_path)) == 1
    assert [agent in line for line in list_lines(at, "companies")] == [True, True]


def test_a_wrong_agent_name_saves_nothing_and_says_why(db_path):
    db.migrate(db_path)
    at = open_app("companies", lang="en")
    at.text_input(key="new_company_name").set_value("Minato")
    at.selectbox(key="new_company_agent").set_value("x" * 201)
    at.button(key="FormSubmitter:new_company_form-Add").click().run()
    assert at.error and agents_of(db_path) == []
    with db.opened(db_path) as conn:
        assert conn["companies"].count == 0


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_editing_a_company_shows_its_agent_and_can_unlink_it(db_path, seed, lang):
    with seed() as make:
        agent_id = save_agent(make.conn, Agent("佐藤"))
        company_id = make.company("ミナト商事", agent=agent_id)
    at = open_app("companies", lang=lang)
    open_line(at, "companies", company_id)
    prefix = f"company_{company_id}"
    assert at.selectbox(key=f"{prefix}_agent").value == agent_id
    at.selectbox(key=f"{prefix}_agent").set_value(0)
    at.button(key=f"FormSubmitter:{prefix}_form-{i18n.t('common.save', lang)}").click().run()
    assert not at.exception
    with db.opened(db_path) as conn:
        assert get_company(conn, company_id)["agent_id"] is None
    assert agents_of(db_path) == [(agent_id, "佐藤", "")]  # the record stays on the Agents page
