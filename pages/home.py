"""Home: what needs doing now: thank-you mails, reflections, practice and plan, upcoming interviews."""

import streamlit as st

from lib import i18n, ui
from lib.follow_up.communications import dismiss_thank_you

ui.ensure_routed()


SHOWN = 5  # rows per list: home is a summary, the other pages have the rest


def dismiss(interview_id: int) -> None:
    with ui.database() as conn:
        dismiss_thank_you(conn, interview_id)


st.title(ui.tr("home.title"))
ui.show_flash()

lists = ui.agenda()
awaiting, upcoming, recent = lists["awaiting"][:SHOWN], lists["upcoming"][:SHOWN], lists["recent"]
companies = ui.companies(include_archived=True)
has_companies, has_sample = bool(companies), any(c["is_sample"] for c in companies)

if not has_companies:
    with st.container(border=True, key="welcome"):
        st.subheader(ui.tr("home.welcome_title"))
        st.write(ui.tr("home.welcome_body"))
        st.markdown(ui.tr("home.loop"))
        st.write(ui.tr("home.first_steps"))
        left, right = st.columns(2)
        left.button(ui.tr("home.load_sample"), key="load_sample", on_click=ui.load_sample_data,
                    icon=":material/science:", type="primary")
        right.page_link("pages/companies.py", label=ui.tr("home.add_company"), icon=":material/add_business:")
elif has_sample:
    with st.container(border=True):
        ui.say("info", "home.sample_present", icon=":material/science:")
        st.button(ui.tr("home.remove_sample"), key="remove_sample", on_click=ui.remove_sample_data)

if lists["thank_you"]:
    st.subheader(ui.tr("home.thank_you"))
    for row in lists["thank_you"][:SHOWN]:
        deadline = i18n.format_datetime(row["deadline"], ui.lang())
        text, write, later = st.columns([4, 1, 1], vertical_alignment="center")
        text.markdown(ui.md(ui.interview_label(row)) + "  \n" + ui.tr(
            "home.thank_you_overdue" if row["overdue"] else "home.thank_you_due", deadline=deadline))
        write.page_link("pages/follow_up.py", query_params={"interview": row["id"]}, label=ui.tr("home.write_thanks"),
                        icon=":material/mail:")
        later.button(ui.tr("home.dismiss"), key=f"dismiss_{row['id']}", on_click=dismiss, args=(row["id"],),
                     help=ui.tr("home.dismiss_help"))
    if len(lists["thank_you"]) > SHOWN:
        st.page_link("pages/calendar.py", label=ui.tr("home.more", count=len(lists["thank_you"]) - SHOWN),
                     icon=":material/calendar_month:")

due, plan = ui.due_count(), ui.plan_progress()
if due or plan["total"]:
    left, right = st.columns(2)
    if due:
        left.page_link("pages/practice.py", label=ui.tr("home.practice_due", count=due), icon=":material/alarm:")
    if plan["total"]:
        right.page_link("pages/plan.py", icon=":material/checklist:",
                        label=ui.tr("home.plan_progress", done=plan["done"], total=plan["total"],
                                    overdue=plan["overdue"]))

st.subheader(ui.tr("home.awaiting"))
if not awaiting:
    st.caption(ui.tr("home.no_awaiting"))
for row in awaiting:
    text, action = st.columns([4, 1], vertical_alignment="center")
    text.markdown(ui.md(ui.interview_label(row)))
    action.page_link(
        "pages/reflect.py", query_params={"interview": row["id"]}, icon=":material/edit_note:",
        label=ui.tr("home.resume_draft" if row["reflection_id"] else "home.reflect_now"),
    )

st.subheader(ui.tr("home.upcoming"))
if not upcoming:
    st.caption(ui.tr("home.no_upcoming"))
for row in upcoming:
    st.markdown(ui.md(ui.interview_label(row) + " · " + ui.tr(f"format.{row['format']}")))

st.subheader(ui.tr("home.recent"))
if not recent:
    st.caption(ui.tr("home.no_recent"))
for row in recent:
    st.page_link(
        "pages/reflections.py", query_params={"reflection": row["id"]}, icon=":material/description:",
        label=ui.md(ui.interview_label(row) + " · " + ui.tr(f"reflection_status.{row['status']}")),
    )
