"""Agents: recruiting agents, the companies they introduced, and the interview report to them."""

import streamlit as st

from lib import config, ui
from lib.follow_up.communications import delete_draft, save_draft, undo_sent
from lib.models import clean_line
from lib.pipeline import agent_desk, agent_list
from lib.pipeline.agents import Agent, delete_agent, get_agent, list_agents, save_agent

ui.ensure_routed()

ROWS = 25  # agents listed per page of the list, by name

FIELDS = ("name", "agency", "email", "phone", "notes")
REPORT_FIELDS = ("to", "subject", "body")
# Reports are about recent interviews; older ones can still be opened with ?reflection=<id>.
REPORT_CHOICES = 50


@ui.by_data_version()
def agent_lines(language: str) -> list[tuple[int, str]]:
    """(agent id, its line) for every agent, by name."""
    with ui.database() as conn:
        agents = list_agents(conn)
    return agent_list.row_labels(agents, ui.companies(include_archived=True), language)


@ui.by_data_version()
def report_choices(language: str, include: int | None) -> dict[int, str]:
    every, _ = ui.reflections()
    return agent_desk.reflection_choices(every, language, REPORT_CHOICES, include)


# ------------------------------------------------------------------ agents

def save(prefix: str, agent_id: int | None, linked: tuple[int, ...]) -> None:
    agent = Agent(**{k: v or "" for k, v in ui.form_values(prefix, FIELDS).items()})
    chosen = st.session_state.get(f"{prefix}_companies") or []
    def write(conn) -> None:
        with conn.atomic():
            saved_id = save_agent(conn, agent, agent_id, expected=ui.seen(prefix))
            agent_desk.link_companies(conn, saved_id, chosen, linked)

    if not ui.save(prefix, write, conflict_field="name"):
        return
    name = clean_line(agent.name)
    if agent_id is None:
        ui.refill(prefix, vars(Agent("")) | {"companies": []})
        ui.flash("agents.added", name=name)
    else:
        ui.flash("agents.updated", name=name)


def remove(agent_id: int, name: str) -> None:
    with ui.database() as conn:
        delete_agent(conn, agent_id)
    ui.open_record("agent", None)
    ui.flash("agents.deleted", name=name)


AGENT_CHARS = {"name": 200, "agency": 200, "email": 320, "phone": 50}


def agent_form(prefix: str, agent_id: int | None, companies: dict[int, str], linked: tuple[int, ...]) -> None:
    errors = ui.errors_of(prefix)
    with st.form(f"{prefix}_form", border=False):
        # One row of two fields at a time, so that a phone stacks them in reading order.
        for row in (("name", "agency"), ("email", "phone")):
            for column, field in zip(st.columns(2), row, strict=True):
                label = ui.tr(f"agents.{field}")
                with column:
                    st.text_input(ui.tr("common.required_mark", label=label) if field == "name" else label,
                                  key=f"{prefix}_{field}", max_chars=AGENT_CHARS[field])
                    ui.show_errors(errors, field)
        st.multiselect(ui.tr("agents.companies"), companies, key=f"{prefix}_companies", format_func=companies.get,
                       help=ui.tr("agents.companies_help"), placeholder=ui.tr("companies.pick_none"))
        st.text_area(ui.tr("agents.notes"), key=f"{prefix}_notes", max_chars=config.MAX_TEXT)
        ui.show_errors(errors, "notes")
        if errors:
            ui.say("warning", "common.fix_errors")
        st.form_submit_button(ui.tr("common.add" if agent_id is None else "common.save"), type="primary",
                              on_click=save, args=(prefix, agent_id, linked))


# ------------------------------------------------------------------ interview report

def keep_draft(prefix: str, interview_id: int) -> None:
    """Callback of the report's fields: save the edited draft, unless a field is wrong."""
    values = ui.checked(prefix, agent_desk.check_report, **ui.form_values(prefix, REPORT_FIELDS))
    if values is None:
        return
    ui.save(prefix, save_draft, interview_id, agent_desk.KIND, values["subject"], values["body"], {"to": values["to"]},
            expected=ui.seen(prefix), conflict_field="body")


def regenerate(prefix: str, interview_id: int) -> None:
    with ui.database() as conn:
        delete_draft(conn, interview_id, agent_desk.KIND)
    ui.forget(prefix, REPORT_FIELDS)
    ui.saved(prefix)
    ui.flash("agents.report_regenerated")


def mark_sent(prefix: str, reflection_id: int) -> None:
    values = ui.checked(prefix, agent_desk.check_report, **ui.form_values(prefix, REPORT_FIELDS))
    if values is None:
        return
    def write(conn) -> None:
        with conn.atomic():  # the text as sent and the log entry, together
            context = agent_desk.report_context(conn, reflection_id)
            save_draft(conn, context.interview_id, agent_desk.KIND, values["subject"], values["body"],
                       {"to": values["to"]}, expected=ui.seen(prefix))
            agent_desk.log_sent(conn, context, values["subject"], values["body"], ui.lang(), ui.now())

    if ui.save(prefix, write, conflict_field="body"):
        ui.flash("agents.report_logged")


def unmark_sent(interview_id: int) -> None:
    with ui.database() as conn:
        undo_sent(conn, interview_id, agent_desk.KIND)
    ui.flash("follow_up.unsent")


def show_report(reflection_id: int) -> None:
    with ui.database() as conn:
        context = agent_desk.report_context(conn, reflection_id)
    if context is None:
        ui.say("warning", "error.not_found")
        return
    prefix = f"report_{context.interview_id}"
    if context.draft:
        ui.seed_record(prefix, {"to": context.draft["options"].get("to", context.agent_email),
                                "subject": context.draft["subject"], "body": context.draft["body"]},
                       {"subject": context.draft["subject"], "body": context.draft["body"]})
    elif f"{prefix}_body" not in st.session_state:
        report = agent_desk.drafted(context, ui.lang(), agent_desk.today_for(context, ui.now()))
        ui.seed_record(prefix, {"to": context.agent_email, "subject": report.subject, "body": report.body}, None)
    errors = ui.errors_of(prefix)
    with st.container(border=True, key="agent_report"):
        if context.sent:
            with st.container(horizontal=True, key=f"{prefix}_sent_state", vertical_alignment="center"):
                ui.say("success", "agents.report_already_sent", icon=":material/mark_email_read:",
                       when=ui.instant(context.sent["occurred_at"]))
                st.button(ui.tr("agents.report_undo_sent"), key=f"{prefix}_unsend", icon=":material/undo:",
                          on_click=unmark_sent, args=(context.interview_id,))
        if context.agent is None:
            ui.say("info", "agents.report_no_agent", icon=":material/support_agent:")
        if not context.profile.full_name:
            st.caption(ui.tr("agents.report_no_name"))
        st.text_input(ui.tr("agents.report_to"), key=f"{prefix}_to", max_chars=320,
                      on_change=keep_draft, args=(prefix, context.interview_id))
        ui.show_errors(errors, "to")
        st.text_input(ui.tr("agents.report_subject"), key=f"{prefix}_subject", max_chars=500,
                      on_change=keep_draft, args=(prefix, context.interview_id))
        ui.show_errors(errors, "subject")
        st.text_area(ui.tr("agents.report_body"), key=f"{prefix}_body", height=420,
                     on_change=keep_draft, args=(prefix, context.interview_id))
        ui.show_errors(errors, "body")
        if errors:
            ui.say("warning", "common.fix_errors")
        to, subject, body = (st.session_state.get(f"{prefix}_{name}") or "" for name in REPORT_FIELDS)
        with st.expander(ui.tr("agents.report_copy"), icon=":material/content_copy:"):
            st.caption(ui.tr("agents.report_copy_help"))
            st.code(agent_desk.text_file(subject, body, ui.lang()).decode("utf-8"), language=None, wrap_lines=True)
        with st.container(horizontal=True, key=f"{prefix}_actions"):
            st.download_button(ui.tr("agents.report_download_txt"),
                               data=agent_desk.text_file(subject, body, ui.lang()),
                               file_name=f"agent-report-{context.interview_id}.txt", mime="text/plain",
                               key=f"{prefix}_txt", icon=":material/description:", on_click="ignore")
            st.download_button(ui.tr("agents.report_download_eml"),
                               data=agent_desk.eml_file(context, "" if "to" in errors else to, subject, body,
                                                        ui.now()),
                               file_name=f"agent-report-{context.interview_id}.eml", mime="message/rfc822",
                               key=f"{prefix}_eml", icon=":material/mail:", on_click="ignore")
            if not context.sent:
                st.button(ui.tr("agents.report_mark_sent"), key=f"{prefix}_sent", type="primary",
                          icon=":material/send:", on_click=mark_sent, args=(prefix, reflection_id))
            with st.popover(ui.tr("agents.report_regenerate"), icon=":material/refresh:"):
                st.button(ui.tr("agents.report_regenerate"), key=f"{prefix}_regenerate",
                          on_click=regenerate, args=(prefix, context.interview_id))


# ------------------------------------------------------------------ page

st.title(ui.tr("nav.agents"))
ui.show_flash()
st.caption(ui.tr("agents.intro"))

lines = agent_lines(ui.lang())
every_company = ui.companies(include_archived=True)
active = {c["id"]: ui.company_label(c) for c in every_company if not c["archived"]}

ui.add_box(ui.tr("agents.add"), "new_agent", lambda: agent_form("new_agent", None, active, ()), open_first=not lines,
           icon=":material/person_add:")

chosen = ui.opened("agent")
if chosen is not None:
    with ui.database() as conn:
        row = get_agent(conn, chosen)
    if row is None:
        ui.say("warning", "error.not_found")
    else:
        prefix = f"agent_{chosen}"
        linked = tuple(c["id"] for c in every_company if c.get("agent_id") == chosen)
        ui.seed_record(prefix, {name: row[name] or "" for name in FIELDS} | {"companies": list(linked)},
                       {k: v for k, v in row.items() if k not in ("created_at", "updated_at")})
        options = active | {c["id"]: ui.company_label(c) for c in every_company if c["id"] in linked}
        with st.container(border=True, key="agent_editor"):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.subheader(ui.md(row["name"]), anchor=False, width="stretch")
                ui.close_button("agent")
            agent_form(prefix, chosen, options, linked)
            with st.popover(ui.tr("agents.delete"), icon=":material/delete:"):
                st.button(ui.tr("agents.delete_confirm"), key=f"{prefix}_delete", type="primary",
                          on_click=remove, args=(chosen, row["name"]))

if lines:
    ui.record_list("agents", "agent", lines, lambda page: page, icon=":material/support_agent:", per_page=ROWS)
else:
    st.caption(ui.tr("agents.none_yet"))

st.subheader(ui.tr("agents.report"))
st.caption(ui.tr("agents.report_intro"))
param = st.query_params.get("reflection", "")
choices = report_choices(ui.lang(),
                         int(param) if param.isdigit() else None)
if not choices:
    ui.say("info", "agents.report_none")
    st.stop()
if param.isdigit() and int(param) in choices:
    st.session_state.setdefault("report_reflection", int(param))
picked = st.selectbox(ui.tr("agents.report_pick"), choices, index=None, key="report_reflection",
                      format_func=choices.get, placeholder=ui.tr("agents.report_pick_none"))
if picked is not None:
    show_report(picked)
