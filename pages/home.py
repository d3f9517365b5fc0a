"""Home: what now? Reflect first; then what is due, most urgent first: reflections waiting,
thank-you mails, interviews coming, plan and practice; the latest reflections last."""

import streamlit as st

from lib import i18n, ui
from lib.follow_up.agenda import countdown
from lib.follow_up.communications import dismiss_thank_you
from lib.pipeline.companies import local_start

ui.ensure_routed()


SHOWN = 5  # rows per list: home is a summary, the other pages have the rest
THANKS_SHOWN = 3  # thank-you mails with their buttons (the heaviest rows): the mail page lists them all


def dismiss(interview_id: int) -> None:
    with ui.database() as conn:
        dismiss_thank_you(conn, interview_id)


st.title(ui.tr("home.title"))
ui.show_flash()

lists = ui.agenda()
awaiting, upcoming, recent = lists["awaiting"][:SHOWN], lists["upcoming"][:SHOWN], lists["recent"]
companies = ui.companies(include_archived=True)
has_companies, has_sample = bool(companies), any(c["is_sample"] for c in companies)

# The one thing to do after an interview, always first: the reflection screen picks or adds the interview.
if st.button(ui.tr("home.reflect_primary"), key="home_reflect", type="primary", icon=":material/edit_note:",
             help=ui.tr("home.reflect_primary_help")):
    st.switch_page("pages/reflect.py")

if not has_companies:
    with st.container(border=True, key="welcome"):
        st.subheader(ui.tr("home.welcome_title"))
        st.write(ui.tr("home.welcome_body"))
        st.write(ui.tr("home.first_run"))
        st.markdown(ui.tr("home.loop"))
        st.caption(ui.tr("home.first_steps"))
        st.button(ui.tr("home.load_sample"), key="load_sample", on_click=ui.load_sample_data,
                  icon=":material/science:")
    st.stop()

# As few elements a line as the line allows: a page pays the browser for every element it draws (~1 ms each).
if awaiting:
    st.subheader(ui.tr("home.awaiting"))
    for row in awaiting:
        action = ui.tr("home.resume_draft" if row["reflection_id"] else "home.reflect_now")
        st.page_link("pages/reflect.py", query_params={"interview": row["id"]}, icon=":material/edit_note:",
                     label=ui.md(ui.tr("common.row_separator").join([ui.interview_label(row), action])))

if lists["thank_you"]:
    st.subheader(ui.tr("home.thank_you"))
    for row in lists["thank_you"][:THANKS_SHOWN]:
        deadline = i18n.format_datetime(row["deadline"], ui.lang())
        due = ("home.thank_you_overdue" if row["overdue"]
               else "home.thank_you_via_agent" if row["applied_via"] == "agent" else "home.thank_you_due")
        with st.container(horizontal=True, wrap=False, vertical_alignment="center", key=f"thank_you_{row['id']}"):
            st.markdown(ui.md(ui.interview_label(row)) + "  \n" + ui.tr(due, deadline=deadline), width="stretch")
            st.page_link("pages/follow_up.py", query_params={"interview": row["id"]},
                         label=ui.tr("home.write_thanks"), icon=":material/mail:")
            st.button(ui.tr("home.dismiss"), key=f"dismiss_{row['id']}", on_click=dismiss, args=(row["id"],),
                      help=ui.tr("home.dismiss_help"))
    if len(lists["thank_you"]) > THANKS_SHOWN:
        st.page_link("pages/follow_up.py", label=ui.tr("home.more", count=len(lists["thank_you"]) - THANKS_SHOWN),
                     icon=":material/mail:")

st.subheader(ui.tr("home.upcoming"))
moment = ui.now()
if upcoming:
    st.markdown("  \n".join(
        ui.tr("home.upcoming_line", when=ui.tr(key, **params), line=ui.md(ui.interview_label(row)),
              format=ui.tr(f"format.{row['format']}"))
        for row in upcoming for key, params in [countdown(local_start(row), moment)]))
else:
    st.caption(ui.tr("home.no_upcoming"))

due, plan = ui.due_count(), ui.plan_progress()
if due or plan["total"]:
    st.subheader(ui.tr("home.prepare"))
    if plan["total"]:
        st.page_link("pages/plan.py", icon=":material/checklist:",
                     label=ui.tr("home.plan_progress", done=plan["done"], total=plan["total"], overdue=plan["overdue"]))
    if due:
        st.page_link("pages/practice.py", label=ui.tr("home.practice_due", count=due), icon=":material/alarm:")

st.subheader(ui.tr("home.recent"))
if not recent:
    st.caption(ui.tr("home.no_recent"))
elif not awaiting:
    st.caption(ui.tr("home.no_awaiting"))
for row in recent:
    st.page_link(
        "pages/reflections.py", query_params={"reflection": row["id"]}, icon=":material/description:",
        label=ui.md(ui.tr("home.recent_line", line=ui.interview_label(row),
                          status=ui.tr(f"reflection_status.{row['status']}"))),
    )

if has_sample:
    with st.container(border=True, key="sample_notice"):
        ui.say("info", "home.sample_present", icon=":material/science:")
        st.button(ui.tr("home.remove_sample"), key="remove_sample", on_click=ui.remove_sample_data)
