"""Interviews: schedule them, record how they went, and open the reflection."""

from datetime import time

import streamlit as st

from lib import config, ui
from lib.models import FORMATS, RESULTS, ROUNDS, STATUSES, Interview, Interviewer, timezone_names
from lib.pipeline import interview_list
from lib.pipeline.companies import (
    FEEDBACK_SOURCES,
    delete_interview,
    get_interview,
    interview_from_row,
    interview_snapshot,
    save_feedback,
    save_interview_moving,
)
from lib.ui import stage_moves

ui.ensure_routed()

ROWS = 25  # interviews listed per page of the list, the latest first

FIELDS = ("company_id", "round", "day", "start", "end", "timezone", "format", "location", "status", "result",
          "notes")


def people_count(prefix: str) -> int:
    return st.session_state.setdefault(f"{prefix}_people", 1)


def add_person_row(prefix: str) -> None:
    st.session_state[f"{prefix}_people"] = people_count(prefix) + 1


def person_keys(prefix: str, i: int) -> tuple[str, str]:
    return f"{prefix}_person_{i}_name", f"{prefix}_person_{i}_role"


def save(prefix: str, interview_id: int | None) -> None:
    values = ui.form_values(prefix, FIELDS)
    people = [Interviewer(*(st.session_state.get(k) or "" for k in person_keys(prefix, i)))
              for i in range(people_count(prefix))]
    moves = []

    def write(conn, interview: Interview) -> None:
        moves.append(save_interview_moving(conn, interview, interview_id, expected=ui.seen(prefix))[1])

    if not ui.save(prefix, write, Interview(**values, interviewers=people), conflict_field="notes"):
        return
    stage_moves.remember(moves[0])
    if interview_id is None:
        # A new interview starts with no interviewers: the last company's people must not
        # end up in the next company's interview (and in its thank-you mail).
        ui.refill(prefix, {"location": "", "notes": "", "end": None})
        for i in range(people_count(prefix)):
            for key in person_keys(prefix, i):
                st.session_state[key] = ""
        st.session_state[f"{prefix}_people"] = 1
    ui.flash("interviews.added" if interview_id is None else "interviews.updated")


def remove(interview_id: int) -> None:
    with ui.database() as conn:
        delete_interview(conn, interview_id)
    ui.open_record("interview", None)
    ui.flash("interviews.deleted")


FEEDBACK_FIELDS = ("source", "text", "rating")
# lib.pipeline.companies.save_feedback's field names -> this form's widgets.
FEEDBACK_ERRORS = {"feedback_source": "source", "feedback": "text", "feedback_rating": "rating"}


def save_interview_feedback(prefix: str, interview_id: int) -> None:
    values = ui.form_values(prefix, FEEDBACK_FIELDS)
    if ui.save(prefix, save_feedback, interview_id, values["source"], values["text"] or "", values["rating"],
               expected=ui.seen(prefix), conflict_field="text", renamed=FEEDBACK_ERRORS):
        ui.flash("feedback.saved")


def feedback_form(row: dict) -> None:
    """The agent's or the company's feedback on this interview, to compare with the self-rating."""
    prefix = f"feedback_{row['id']}"
    stored = {"source": row.get("feedback_source"), "text": row.get("feedback"), "rating": row.get("feedback_rating")}
    ui.seed_record(prefix, {"source": stored["source"] or FEEDBACK_SOURCES[0], "text": stored["text"] or "",
                            "rating": stored["rating"]}, stored)
    errors = ui.errors_of(prefix)
    # Plain widgets, not a second st.form: the editor keeps one form, and a click saves.
    with st.expander(ui.tr("feedback.title"), icon=":material/reviews:", expanded=bool(row.get("feedback"))):
        st.radio(ui.tr("feedback.source"), FEEDBACK_SOURCES, key=f"{prefix}_source", horizontal=True,
                 format_func=ui.labels("feedback.source_label"))
        ui.show_errors(errors, "source")
        st.text_area(ui.tr("feedback.text"), key=f"{prefix}_text", max_chars=config.MAX_TEXT,
                     placeholder=ui.tr("feedback.text_placeholder"))
        ui.show_errors(errors, "text")
        ui.rating_input(ui.tr("feedback.rating"), f"{prefix}_rating", help=ui.tr("feedback.rating_help"))
        ui.show_errors(errors, "rating")
        if errors:
            ui.say("warning", "common.fix_errors")
        st.button(ui.tr("common.save"), key=f"{prefix}_save", type="primary", on_click=save_interview_feedback,
                  args=(prefix, row["id"]))


def interview_form(prefix: str, interview_id: int | None, companies: dict[int, str]) -> None:
    errors = ui.errors_of(prefix)
    with st.form(f"{prefix}_form", border=False):
        left, right = st.columns(2)
        with left:
            st.selectbox(ui.tr("interviews.company"), companies, key=f"{prefix}_company_id", format_func=companies.get,
                         placeholder=ui.tr("streamlit.choose_option"))
            st.date_input(ui.tr("interviews.date"), key=f"{prefix}_day", format="YYYY/MM/DD")
            ui.show_errors(errors, "day")
            st.time_input(ui.tr("interviews.start"), key=f"{prefix}_start", step=300)
            ui.show_errors(errors, "start")
            st.time_input(ui.tr("interviews.end"), key=f"{prefix}_end", step=300)
            ui.show_errors(errors, "end")
            st.selectbox(ui.tr("interviews.timezone"), timezone_names(), key=f"{prefix}_timezone",
                         placeholder=ui.tr("streamlit.choose_option"))
            ui.show_errors(errors, "timezone")
        with right:
            st.selectbox(ui.tr("interviews.round"), ROUNDS, key=f"{prefix}_round",
                         format_func=ui.labels("round"), placeholder=ui.tr("streamlit.choose_option"))
            st.selectbox(ui.tr("interviews.format"), FORMATS, key=f"{prefix}_format",
                         format_func=ui.labels("format"), placeholder=ui.tr("streamlit.choose_option"))
            st.text_input(ui.tr("interviews.location"), key=f"{prefix}_location", max_chars=2000)
            ui.show_errors(errors, "location")
            st.selectbox(ui.tr("interviews.status"), STATUSES, key=f"{prefix}_status",
                         format_func=ui.labels("status"), placeholder=ui.tr("streamlit.choose_option"))
            st.selectbox(ui.tr("interviews.result"), RESULTS, key=f"{prefix}_result",
                         format_func=ui.labels("result"), placeholder=ui.tr("streamlit.choose_option"))
        st.markdown(f"**{ui.tr('interviews.interviewers')}**")
        for i in range(people_count(prefix)):
            name_key, role_key = person_keys(prefix, i)
            a, b = st.columns(2)
            a.text_input(ui.tr("interviews.interviewer_name"), key=name_key, max_chars=200)
            b.text_input(ui.tr("interviews.interviewer_role"), key=role_key, max_chars=200)
        st.text_area(ui.tr("interviews.notes"), key=f"{prefix}_notes", max_chars=config.MAX_TEXT)
        ui.show_errors(errors, "notes")
        if errors:
            ui.say("warning", "common.fix_errors")
        st.form_submit_button(ui.tr("common.add" if interview_id is None else "common.save"), type="primary",
                              on_click=save, args=(prefix, interview_id))
    st.button(ui.tr("interviews.add_interviewer"), key=f"{prefix}_add_person", on_click=add_person_row,
              args=(prefix,))


def seed_form(prefix: str, interview: Interview, stored: dict) -> None:
    people = {"people": max(1, len(interview.interviewers))}
    for i, person in enumerate(interview.interviewers):
        people |= {f"person_{i}_name": person.name, f"person_{i}_role": person.role}
    ui.seed_record(prefix, {k: getattr(interview, k) for k in FIELDS} | people, stored)


st.title(ui.tr("interviews.title"))
ui.show_flash()
stage_moves.show()

active = {c["id"]: ui.company_label(c) for c in ui.companies()}
if not active:
    ui.say("info", "interviews.no_companies")
    st.page_link("pages/companies.py", label=ui.tr("home.add_company"), icon=":material/add_business:")
    st.stop()

# The form is built only when asked for: its time-zone list alone costs a noticeable rerun.
if st.toggle(ui.tr("interviews.add"), key="show_add_interview"):
    ui.seed("new_interview", {"day": ui.now().date(), "start": time(10, 0), "end": None,
                              "timezone": config.DEFAULT_TIMEZONE})
    interview_form("new_interview", None, active)

interviews, _ = ui.interviews()
if interviews.empty:
    st.caption(ui.tr("interviews.none_yet"))
    st.stop()

chosen = ui.opened("interview")
if chosen is not None:
    with ui.database() as conn:
        row = get_interview(conn, chosen)
        stored = interview_snapshot(conn, chosen)
    if row is None:
        ui.say("warning", "error.not_found")
    else:
        prefix = f"interview_{row['id']}"
        companies = active | {row["company_id"]: ui.company_label(row)}
        seed_form(prefix, interview_from_row(row), stored)
        with st.container(border=True, key="interview_editor"):
            st.subheader(ui.md(ui.interview_label(row)))
            with st.container(horizontal=True, key="interview_links", vertical_alignment="center"):
                st.page_link("pages/reflect.py", query_params={"interview": row["id"]},
                             label=ui.tr("interviews.reflect"), icon=":material/edit_note:")
                if interview_list.thanks_due(row, ui.now()):
                    st.page_link("pages/follow_up.py", query_params={"interview": row["id"]},
                                 label=ui.tr("interviews.thank_you"), icon=":material/mail:")
                st.download_button(ui.tr("interviews.download_ics"),
                                   data=interview_list.interview_ics(config.db_path(), row["id"], ui.lang()),
                                   file_name=f"interview-{row['id']}.ics", mime="text/calendar",
                                   key=f"{prefix}_ics", icon=":material/event:", on_click="ignore",
                                   help=ui.tr("interviews.download_ics_help"))
                ui.close_button("interview")
            interview_form(prefix, row["id"], companies)
            feedback_form(row)
            with st.popover(ui.tr("interviews.delete"), icon=":material/delete:"):
                st.button(ui.tr("interviews.delete_confirm"), key=f"{prefix}_delete", type="primary",
                          on_click=remove, args=(row["id"],))

# One button per line (a line split into a button and a text costs about twice as much to draw).
ui.record_list("interviews", "interview", interviews, lambda page: [  # the latest first
    (interview_id, ui.tr("interviews.row_line", when=when, rest=rest))
    for interview_id, when, rest in interview_list.row_labels(page, ui.lang(), ui.display_zone())],
    icon=":material/event:", per_page=ROWS)
