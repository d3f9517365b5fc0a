"""Communication log: every mail, call, message and meeting, per company, searchable."""

from datetime import datetime, time

import streamlit as st

from lib import ui
from lib.follow_up import log_list
from lib.follow_up.communications import CHANNELS, DIRECTIONS, Entry, add_entry, list_entries, search
from lib.models import zone

ui.ensure_routed()

ROWS = 25  # entries listed per page of the list, the newest first

FIELDS = ("company_id", "day", "time", "direction", "channel", "counterpart", "summary", "body")


def add(prefix: str) -> None:
    values = ui.form_values(prefix, FIELDS)
    occurred = datetime.combine(values["day"], values["time"] or time(12)).replace(tzinfo=zone(ui.display_zone()))
    entry = Entry(values["company_id"], occurred, values["direction"], values["channel"],
                  values["counterpart"] or "", values["summary"] or "", values["body"] or "")
    if not ui.save(prefix, add_entry, entry):
        return
    ui.refill(prefix, {"counterpart": "", "summary": "", "body": ""})
    ui.flash("log.added")


def entry_form(prefix: str, companies: dict[int, str]) -> None:
    errors = ui.errors_of(prefix)
    ui.seed(prefix, {"day": ui.now().date(), "time": ui.now().time().replace(second=0, microsecond=0)})
    with st.form(f"{prefix}_form", border=False):
        left, middle, right = st.columns(3)
        left.selectbox(ui.tr("log.company"), companies, key=f"{prefix}_company_id", format_func=companies.get,
                       placeholder=ui.tr("streamlit.choose_option"))
        middle.date_input(ui.tr("log.day"), key=f"{prefix}_day", format="YYYY/MM/DD")
        right.time_input(ui.tr("log.time"), key=f"{prefix}_time", step=300)
        left, middle, right = st.columns(3)
        left.radio(ui.tr("log.direction"), DIRECTIONS, key=f"{prefix}_direction", horizontal=True,
                   format_func=ui.labels("export.direction"))
        middle.selectbox(ui.tr("log.channel"), CHANNELS, key=f"{prefix}_channel",
                         format_func=ui.labels("export.channel"), placeholder=ui.tr("streamlit.choose_option"))
        right.text_input(ui.tr("log.counterpart"), key=f"{prefix}_counterpart", max_chars=200)
        st.text_input(ui.tr("log.summary"), key=f"{prefix}_summary", max_chars=500)
        ui.show_errors(errors, "summary")
        st.text_area(ui.tr("log.body"), key=f"{prefix}_body", max_chars=100_000)
        st.form_submit_button(ui.tr("common.add"), type="primary", on_click=add, args=(prefix,))


st.title(ui.tr("nav.log"))
st.caption(ui.tr("log.intro"))
ui.show_flash()

companies = {c["id"]: ui.company_label(c) for c in ui.companies(include_archived=True)}
if not companies:
    ui.say("info", "interviews.no_companies")
    st.stop()
ui.add_box(ui.tr("log.add"), "new_entry", lambda: entry_form("new_entry", companies), icon=":material/add_comment:")

left, right = st.columns([2, 1])
query = left.text_input(ui.tr("log.search"), key="log_search", placeholder=ui.tr("log.search_placeholder"),
                        max_chars=200)
company = right.selectbox(ui.tr("log.company"), companies, format_func=companies.get, index=None,
                          placeholder=ui.tr("common.choose"), key="log_company")
chosen = ui.opened("entry")
with ui.database() as conn:
    entries = search(conn, query, company) if query.strip() else list_entries(conn, company)
    entry = log_list.get_entry(conn, chosen) if chosen is not None else None

if chosen is not None:
    if entry is None:
        ui.say("warning", "error.not_found")
    else:
        with st.container(border=True, key="log_entry"):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(f"**{ui.md(entry['summary'])}**" if entry["summary"] else "", width="stretch")
                ui.close_button("entry")
            st.caption(ui.md(log_list.entry_caption(entry, ui.lang(), ui.display_zone())))
            if entry["body"]:
                st.text(entry["body"])

if not entries:
    ui.say("info", "log.no_match" if query.strip() else "log.none_yet")
    st.stop()

ui.record_list("log", "entry", entries,  # the newest first
               lambda page: log_list.row_labels(page, ui.lang(), ui.display_zone()), icon=":material/forum:",
               per_page=ROWS)
