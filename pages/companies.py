"""Companies: add, edit and archive the companies you are talking to."""

import streamlit as st

from lib import ui
from lib.models import APPLIED_VIA, Company, clean_line
from lib.pipeline.companies import (
    company_from_row,
    delete_company,
    get_company,
    restore_company,
    save_company,
    set_archived,
)
from lib.reflect import tables
from lib.ui.paging import first_rows, more_rows

ui.ensure_routed()

COMPANY_ROWS = 25  # rows of the companies table per page


FIELDS = ("name", "position", "industry", "applied_via", "agent_name", "interest", "url", "notes")


def save(prefix: str, company_id: int | None) -> None:
    company = Company(**{k: v if v is not None or k == "interest" else "" for k, v in
                         ui.form_values(prefix, FIELDS).items()})
    if not ui.save(prefix, save_company, company, company_id, expected=ui.seen(prefix),
                   refuse_same_name=not st.session_state.get(f"{prefix}_add_anyway"),
                   conflict_field="name", theirs=lambda current: current.name):
        return
    name = clean_line(company.name)
    if company_id is None:
        ui.refill(prefix, vars(Company(name="")) | {"add_anyway": False})
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
    st.session_state.pop("edit_company", None)


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
                         format_func=ui.labels("applied_via"))
            ui.rating_input(ui.tr("companies.interest"), f"{prefix}_interest", help=ui.tr("companies.interest_help"))
        with right:
            st.text_input(ui.tr("companies.industry"), key=f"{prefix}_industry", max_chars=200)
            ui.show_errors(errors, "industry")
            st.text_input(ui.tr("companies.agent_name"), key=f"{prefix}_agent_name", max_chars=200,
                          help=ui.tr("companies.agent_help"))
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
with ui.add_box(ui.tr("companies.add"), "new_company", open_first=not all_companies, icon=":material/add_business:"):
    company_form("new_company", None)

if not all_companies:
    st.caption(ui.tr("companies.none_yet"))
    st.stop()

show_archived = st.toggle(ui.tr("companies.show_archived"), key="show_archived")
shown = [c for c in all_companies if show_archived or not c["archived"]]
# A static table a few rows at a time: nothing here is picked from the table (the box below does
# that), and an st.dataframe grid costs ~300 ms to draw on every visit, however few its rows.
page = first_rows(shown, "companies_table", COMPANY_ROWS)
with st.container(key="companies_table"):
    st.table(ui.md_table(tables.company_table(page, ui.lang())), hide_index=True)  # cells are Markdown
more_rows("companies_table", len(page), len(shown), COMPANY_ROWS)

labels = {c["id"]: ui.company_label(c) for c in shown}
chosen = st.selectbox(ui.tr("companies.edit"), labels, index=None, key="edit_company",
                      format_func=labels.get, placeholder=ui.tr("companies.pick_none"))
if chosen is not None:
    with ui.database() as conn:
        row = get_company(conn, chosen)
    if row is None:
        ui.say("warning", "error.not_found")
        st.stop()
    prefix = f"company_{chosen}"
    stored = company_from_row(row)
    ui.seed_record(prefix, vars(stored), stored)
    with st.container(border=True):
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
