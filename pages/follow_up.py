"""Thank-you mail: draft it from the reflection, edit it with live checks, send it yourself.
When the company came through an agent, the thanks go through the agent: a short mail to
them, and the interview report with its request to pass the thanks on."""

import streamlit as st

from lib import ui
from lib.db import UNCHECKED
from lib.follow_up.agent_route import AgentContact, agent_route
from lib.follow_up.communications import Entry, get_draft, record_sent, save_draft, sent_entry, undo_sent
from lib.follow_up.mail_input import FORMALITIES, LENGTHS, mail_input
from lib.follow_up.profile import get_profile
from lib.follow_up.stories import list_stories
from lib.generate.eml import build_eml, mailto_link
from lib.generate.mail_checks import context_for, document_checks, run_checks
from lib.generate.thank_you_mail import MailInput, compose, compose_for_agent
from lib.reflect.reflections import get_reflection

ui.ensure_routed()

KIND = "thank_you"
ROUTES = ("agent", "direct")  # through the agent who arranged the interview, or straight to the company


def draft_key(interview_id: int, name: str) -> str:
    return f"mail{interview_id}_{name}"


def current_mail(interview: dict) -> MailInput:
    iid = interview["id"]
    with ui.database() as conn:
        reflection = get_reflection(conn, interview["reflection_id"]) if interview["reflection_id"] else None
        stories = [story for _, story in list_stories(conn)]
        profile = get_profile(conn)
    return mail_input(interview, reflection, stories, profile, ui.lang(),
                      department=st.session_state.get(draft_key(iid, "department"), ""),
                      formality=st.session_state.get(draft_key(iid, "formality"), "standard"),
                      length=st.session_state.get(draft_key(iid, "length"), "standard"),
                      topic_phrase=st.session_state.get(draft_key(iid, "topic_phrase")) or "",
                      untold_phrase=st.session_state.get(draft_key(iid, "untold_phrase")) or "")


def options(interview_id: int) -> dict:
    return {name: st.session_state.get(draft_key(interview_id, name))
            for name in ("formality", "length", "department", "to", "topic_phrase", "untold_phrase", "route")}


def through_agent(interview_id: int, agent: AgentContact | None) -> bool:
    return agent is not None and st.session_state.get(draft_key(interview_id, "route"), "agent") == "agent"


def store(interview_id: int, *, overwrite: bool = False) -> None:
    """Keep the draft; refused (and said so) when another tab changed it since this one read it."""
    prefix = f"mail{interview_id}"
    ui.save(prefix, save_draft, interview_id, KIND, st.session_state[draft_key(interview_id, "subject")],
            st.session_state[draft_key(interview_id, "body")], options(interview_id),
            expected=UNCHECKED if overwrite else ui.seen(prefix), conflict_field="body")


def generate(interview: dict, agent: AgentContact | None) -> None:
    wanted = current_mail(interview)
    today = ui.now().astimezone(wanted.interview_start.tzinfo).date()
    if through_agent(interview["id"], agent):
        mail = compose_for_agent(wanted, agent.name, agent.agency, today=today)
        if agent.email and not st.session_state.get(draft_key(interview["id"], "to")):
            st.session_state[draft_key(interview["id"], "to")] = agent.email
    else:
        mail = compose(wanted, today=today)
    st.session_state[draft_key(interview["id"], "subject")] = mail.subject
    st.session_state[draft_key(interview["id"], "body")] = mail.body
    st.session_state[draft_key(interview["id"], "citations")] = mail.citations
    store(interview["id"], overwrite=True)  # a new draft replaces the old one on purpose
    ui.flash("follow_up.generated")


def mark_sent(interview: dict, agent: AgentContact | None) -> None:
    iid = interview["id"]
    counterpart = st.session_state.get(draft_key(iid, "to")) or (agent.name if through_agent(iid, agent) else "")
    with ui.database() as conn:
        record_sent(conn, Entry(interview["company_id"], ui.now(), "out", "email", counterpart=counterpart,
                                summary=st.session_state[draft_key(iid, "subject")],
                                body=st.session_state[draft_key(iid, "body")], kind=KIND, interview_id=iid))
    ui.flash("follow_up.logged")


def unmark_sent(interview_id: int) -> None:
    with ui.database() as conn:
        undo_sent(conn, interview_id, KIND)
    ui.flash("follow_up.unsent")


def open_interview() -> None:
    st.query_params["interview"] = str(st.session_state["follow_up_pick"])


def pick_interview() -> None:
    """Every interview that took place, newest first, each with the state of its mail."""
    candidates = {row["id"]: row for row in ui.thank_you_candidates()}
    if not candidates:
        ui.say("info", "follow_up.no_interviews")
        return
    labels = {iid: ui.tr("follow_up.pick_line", line=ui.interview_label(row),
                         state=ui.tr(f"follow_up.mail_state.{row['mail_state']}"))
              for iid, row in candidates.items()}
    st.selectbox(ui.tr("follow_up.pick"), labels, format_func=labels.get, index=None,
                 placeholder=ui.tr("wizard.pick_none"), key="follow_up_pick", on_change=open_interview)


def show_checks(results: list) -> None:
    """What to fix first, in full; what already passes, folded away."""
    failing, passing = [c for c in results if not c.ok], [c for c in results if c.ok]
    st.markdown(f"**{ui.tr('follow_up.checks')}**" + ui.tr("common.separator")
                + ui.tr("follow_up.checks_passed", passed=len(passing), total=len(results)))
    for check in failing:
        with st.container(key=f"mail_check_{check.key}"):
            ui.say("warning", check.message_key, icon=":material/warning:",
                   heading=ui.tr(f"mail.check.{check.key}.title"), **check.params)
    with st.expander(ui.tr("follow_up.passing", count=len(passing)), expanded=not failing, key="mail_passing"):
        for check in passing:
            st.markdown(ui.tr_md("follow_up.passing_check", title=ui.tr(f"mail.check.{check.key}.title"),
                                 message=ui.tr(check.message_key, **check.params)))


st.title(ui.tr("nav.follow_up"))
st.caption(ui.tr("follow_up.intro"))
ui.show_flash()

interview = ui.interview_in_query(pick_interview)
with ui.database() as conn:
    draft = get_draft(conn, interview["id"], KIND)
    sent = sent_entry(conn, interview["id"], KIND)
    agent = agent_route(conn, interview["company_id"])
iid = interview["id"]
st.subheader(ui.md(ui.interview_label(interview)))
if interview["reflection_id"] is None:
    ui.say("info", "follow_up.no_reflection", icon=":material/info:")
    st.page_link("pages/reflect.py", label=ui.tr("home.reflect_now"), query_params={"interview": iid},
                 icon=":material/edit_note:")
if sent:
    with st.container(horizontal=True, key="mail_sent_state", vertical_alignment="center"):
        ui.say("success", "follow_up.already_sent", icon=":material/mark_email_read:",
               when=ui.instant(sent["occurred_at"]))
        st.button(ui.tr("follow_up.undo_sent"), key="mail_unsend", icon=":material/undo:", on_click=unmark_sent,
                  args=(iid,))

if draft:
    ui.seed_record(f"mail{iid}", {"subject": draft["subject"], "body": draft["body"], **draft["options"]},
                   {"subject": draft["subject"], "body": draft["body"]})
ui.seed(f"mail{iid}", {"formality": "standard", "length": "standard", "department": "", "to": "",
                       "topic_phrase": "", "untold_phrase": "", "route": "agent"})

if agent is not None:
    # Through an agent the candidate rarely has the interviewer's address: thanks go through the agent.
    with st.container(border=True, key="mail_via_agent"):
        ui.say("info", "follow_up.via_agent" if agent.name else "follow_up.via_agent_no_name",
               icon=":material/support_agent:", heading=ui.tr("follow_up.via_agent_title"), agent=agent.name)
        st.radio(ui.tr("follow_up.route"), ROUTES, key=draft_key(iid, "route"), horizontal=True,
                 format_func=ui.labels("follow_up.route_option"), on_change=store if draft else None,
                 args=(iid,) if draft else None)
        if interview["reflection_id"]:
            st.page_link("pages/agents.py", query_params={"reflection": interview["reflection_id"]},
                         label=ui.tr("follow_up.open_agent_report"), icon=":material/assignment:")
via_agent = through_agent(iid, agent)

if not via_agent:  # the mail to the agent is short and plain: no formality, length or department
    with st.container(horizontal=True, key="mail_options"):
        st.radio(ui.tr("follow_up.formality"), FORMALITIES, key=draft_key(iid, "formality"), horizontal=True,
                 format_func=ui.labels("follow_up.formality_option"))
        st.radio(ui.tr("follow_up.length"), LENGTHS, key=draft_key(iid, "length"), horizontal=True,
                 format_func=ui.labels("follow_up.length_option"))
        st.text_input(ui.tr("follow_up.department"), key=draft_key(iid, "department"), max_chars=200)
with st.expander(ui.tr("mail.citation.title"), icon=":material/format_quote:", key="mail_citations"):
    # The user's own phrases, used as they are; what the draft made of each note, line by line.
    left, right = st.columns(2)
    left.text_input(ui.tr("mail.citation.topic_phrase"), key=draft_key(iid, "topic_phrase"), max_chars=200,
                    help=ui.tr("mail.citation.topic_help"))
    right.text_input(ui.tr("mail.citation.untold_phrase"), key=draft_key(iid, "untold_phrase"), max_chars=200,
                     help=ui.tr("mail.citation.untold_help"))
    if citations := st.session_state.get(draft_key(iid, "citations")):
        st.caption(ui.tr("mail.citation.intro"))
        for citation in citations:
            label = ui.tr(f"mail.citation.{citation.kind}")
            st.markdown("- " + (ui.tr_md("mail.citation.written", label=label, note=citation.note,
                                         written=citation.written) if citation.written
                                else ui.tr_md("mail.citation.skipped", label=label, note=citation.note)))
st.button(ui.tr(("follow_up.regenerate" if draft else "follow_up.generate") + ("_agent" if via_agent else "")),
          key="mail_generate", type="primary", icon=":material/auto_awesome:", on_click=generate, args=(interview, agent),
          help=ui.tr("follow_up.regenerate_help") if draft else None)

if draft_key(iid, "subject") not in st.session_state:
    st.stop()

editor, checks = st.columns([3, 2])
with editor:
    st.text_input(ui.tr("follow_up.subject"), key=draft_key(iid, "subject"), on_change=store, args=(iid,),
                  max_chars=500)
    st.text_area(ui.tr("follow_up.body"), key=draft_key(iid, "body"), on_change=store, args=(iid,), height=460,
                 max_chars=20_000)
    ui.show_errors(ui.errors_of(f"mail{iid}"), "body")
    st.text_input(ui.tr("follow_up.to_agent" if via_agent else "follow_up.to"), key=draft_key(iid, "to"),
                  on_change=store, args=(iid,), max_chars=320, placeholder=ui.tr("follow_up.to_placeholder"))
with checks:
    mail = current_mail(interview)
    subject, body = st.session_state[draft_key(iid, "subject")], st.session_state[draft_key(iid, "body")]
    # The checks of a mail to the company (thanks first and last, 貴社, the interviewers' names…)
    # do not apply to a note to the agent: only those that read the text itself.
    results = (document_checks(subject, body, mail.lang) if via_agent
               else run_checks(subject, body, context_for(mail, ui.now())))
    # Once sent, the send window is history: no "send it today" warning after the fact.
    show_checks([c for c in results if not (sent and c.key == "send_window")])

st.markdown(f"**{ui.tr('follow_up.copy')}**")
st.code(f"{subject}\n\n{body}", language=None, wrap_lines=True)
to_address, profile = st.session_state[draft_key(iid, "to")], mail.profile
with st.container(horizontal=True, key="mail_actions"):
    st.download_button(
        ui.tr("follow_up.download_eml"), key="mail_eml", icon=":material/download:", mime="message/rfc822",
        file_name=f"thank-you-{iid}.eml",
        data=lambda: build_eml(to_address, profile.email, subject, body, ui.now()),
    )
    st.link_button(ui.tr("follow_up.open_mail_app"), mailto_link(to_address, subject, body), icon=":material/send:")
    if not sent:
        st.button(ui.tr("follow_up.mark_sent"), key="mail_sent", icon=":material/done_all:", on_click=mark_sent,
                  args=(interview, agent))
