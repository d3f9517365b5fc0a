"""Companies: add, edit and archive the companies you are talking to."""

import streamlit as st

from lib import ui
from lib.models import APPLIED_VIA, Company, clean_line
from lib.pipeline import company_list
from lib.pipeline.agents import list_agents
from lib.pipeline.companies import (
    company_from_row,
    delete_company,
    get_company,
    restore_company,
    save_company,
    set_archived,
)

ui.ensure_routed()

COMPANY_ROWS = 25  # rows of the companies table per page


FIELDS = ("name", "position", "industry", "applied_via", "interest", "url", "notes")


@ui.by_data_version()
def agent_choices(language: str) -> dict[int, str]:
    """The agent records to pick from, read once per data version."""
    with ui.database() as conn:
        return company_list.agent_choices(list_agents(conn), language)


def save(prefix: str, company_id: int | None) -> None:
    company = Company(**{k: v if v is not None or k == "interest" else "" for k, v in
                         ui.form_values(prefix, FIELDS).items()})
    # An agent's id, or a new agent's name typed into the picker (made into a record by the same save).
    agent = st.session_state.get(f"{prefix}_agent")
    agent = None if agent in (None, company_list.NO_AGENT) else agent
    if not ui.save(prefix, save_company, company, company_id, expected=ui.seen(prefix),
                   refuse_same_name=not st.session_state.get(f"{prefix}_add_anyway"), agent=agent,
                   conflict_field="name", theirs=lambda current: current.name):
        return
    name = clean_line(company.name)
    if company_id is None:
        ui.refill(prefix, {k: v for k, v in vars(Company(name="")).items() if k in FIELDS}
                  | {"add_anyway": False, "agent": company_list.NO_AGENT})
        ui.flash("companies.added", name=name)
    else:
        ui.flash("companies.updated", name=name)


def toggle_archive(company_id: int, archived: bool, name: str) -> None:
    with ui.database() as conn:
        set_archived(conn, company_id, archived)
    ui.flash("companies.archived_done" if archived else "companies.unarchived_done", name=name)


def remove(company_id: int, name: str) -> None:
    with ui.database() as conn:
        st.session_state["undo_company"] = {"name": name, "snapshot": delete_company(conn, company_id)}
    ui.open_record("company", None)


def undo() -> None:
    deleted = st.session_state.pop("undo_company")
    with ui.database() as conn:
        restore_company(conn, deleted["snapshot"])
    ui.flash("companies.restored", name=deleted["name"])


def company_form(prefix: str, company_id: int | None) -> None:
    errors = ui.errors_of(prefix)
    with st.form(f"{prefix}_form", border=False):
        st.text_input(ui.tr("common.required_mark", label=ui.tr("companies.name")), key=f"{prefix}_name", max_chars=200)
        ui.show_errors(errors, "name")
        left, right = st.columns(2)
        with left:
            st.text_input(ui.tr("companies.position"), key=f"{prefix}_position", max_chars=200)
            ui.show_errors(errors, "position")
            st.selectbox(ui.tr("companies.applied_via"), APPLIED_VIA, key=f"{prefix}_applied_via",
                         format_func=ui.labels("applied_via"), placeholder=ui.tr("streamlit.choose_option"))
            ui.rating_input(ui.tr("companies.interest"), f"{prefix}_interest", help=ui.tr("companies.interest_help"))
        with right:
            st.text_input(ui.tr("companies.industry"), key=f"{prefix}_industry", max_chars=200)
            ui.show_errors(errors, "industry")
            agents = agent_choices(ui.lang())
            st.session_state.setdefault(f"{prefix}_agent", company_list.NO_AGENT)
            st.selectbox(ui.tr("companies.agent"), agents, key=f"{prefix}_agent", accept_new_options=True,
                         format_func=lambda choice: agents.get(choice, str(choice)),
                         placeholder=ui.tr("companies.agent_placeholder"), help=ui.tr("companies.agent_pick_help"))
            ui.show_errors(errors, "agent")
            st.text_input(ui.tr("companies.url"), key=f"{prefix}_url", max_chars=2000, placeholder="https://")
            ui.show_errors(errors, "url")
        st.text_area(ui.tr("companies.notes"), key=f"{prefix}_notes", max_chars=20_000)
        ui.show_errors(errors, "notes")
        if errors.get("name", ("",))[0] == "error.duplicate_company":
            st.checkbox(ui.tr("companies.add_anyway"), key=f"{prefix}_add_anyway")
        if errors:
            ui.say("warning", "common.fix_errors")
        st.form_submit_button(ui.tr("common.add" if company_id is None else "common.save"), type="primary",
                              on_click=save, args=(prefix, company_id))


st.title(ui.tr("companies.title"))
ui.show_flash()
if deleted := st.session_state.get("undo_company"):
    with st.container(border=True, key="undo_box"):
        ui.say("info", "companies.deleted", icon=":material/delete:", name=deleted["name"])
        st.button(ui.tr("companies.undo"), key="undo_delete", icon=":material/undo:", on_click=undo)

all_companies = ui.companies(include_archived=True)
ui.add_box(ui.tr("companies.add"), "new_company", lambda: company_form("new_company", None),
           open_first=not all_companies, icon=":material/add_business:")

if not all_companies:
    st.caption(ui.tr("companies.none_yet"))
    st.stop()

show_archived = st.toggle(ui.tr("companies.show_archived"), key="show_archived")
shown = [c for c in all_companies if show_archived or not c["archived"]]
chosen = ui.opened("company")
if chosen is not None:
    with ui.database() as conn:
        row = get_company(conn, chosen)
    if row is None:
        ui.say("warning", "error.not_found")
    else:
        prefix = f"company_{chosen}"
        stored = company_from_row(row)
        ui.seed_record(prefix, {k: v for k, v in vars(stored).items() if k in FIELDS}
                       | {"agent": row["agent_id"] or company_list.NO_AGENT}, stored)
        with st.container(border=True, key="company_editor"):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.subheader(ui.md(ui.company_label(row)), anchor=False, width="stretch")
                ui.close_button("company")
            company_form(prefix, chosen)
            st.button(
                ui.tr("companies.unarchive" if row["archived"] else "companies.archive"), key=f"{prefix}_archive",
                on_click=toggle_archive, args=(chosen, not row["archived"], row["name"]),
                icon=":material/inventory_2:",
            )
            with st.popover(ui.tr("companies.delete"), icon=":material/delete_forever:"):
                ui.say("warning", "companies.delete_warning", name=row["name"])
                st.button(ui.tr("companies.delete_confirm"), key=f"{prefix}_delete", type="primary",
                          on_click=remove, args=(chosen, row["name"]))

ui.record_list("companies", "company", shown, lambda page: company_list.row_labels(page, ui.lang()),
               icon=":material/domain:", per_page=COMPANY_ROWS)
