"""Calendar: interviews and thank-you deadlines by month, what is coming up, and .ics files."""

from datetime import UTC, datetime

import streamlit as st

from lib import config, db, i18n, ui
from lib.follow_up.communications import thank_you_reminders
from lib.generate import calendar_ics
from lib.pipeline import calendar_view
from lib.pipeline.companies import get_interview
from lib.practice.plans import load_plan

ui.ensure_routed()

ICS_MIME = "text/calendar"
# The agenda lists the nearest few (each element costs the browser on every visit): interviews with
# their own .ics button, the rest being in the file of all upcoming interviews; thank-you deadlines,
# the rest being on the thank-you page.
LISTED = 5


@ui.by_data_version()
def coming_up(minute: datetime) -> tuple[list[dict], list[dict]]:
    """Scheduled interviews from now on and open thank-you deadlines, read once per data version and minute."""
    with ui.database() as conn:
        return calendar_view.upcoming_for_calendar(conn, minute), thank_you_reminders(conn, minute)


@ui.by_data_version(max_entries=8)
def month(language: str, year: int, month_number: int, minute: datetime) -> str:
    """The month grid's HTML, built once per data version, language, month and minute."""
    frame, _ = ui.interviews()
    _, reminders = coming_up(minute)
    with ui.database() as conn:
        plan = load_plan(conn)
    items = (calendar_view.interview_items(frame, year, month_number) + calendar_view.thanks_items(reminders)
             + calendar_view.action_items(plan, year, month_number))
    today = minute.astimezone(ui.now().tzinfo).date()
    return calendar_view.month_html(year, month_number, items, today, language)


def upcoming_file(language: str, include_notes: bool):
    """The .ics of every upcoming interview, built only when the button is clicked (in another thread:
    no session state here, hence the arguments)."""
    path = config.db_path()

    def build() -> bytes:
        now = datetime.now(UTC)
        with db.opened(path) as conn:
            rows = calendar_view.upcoming_for_calendar(conn, now)
        return calendar_ics.interview_calendar(rows, language, now, include_notes=include_notes)

    return build


def interview_file(interview_id: int, language: str, include_notes: bool):
    path = config.db_path()

    def build() -> bytes:
        with db.opened(path) as conn:
            row = get_interview(conn, interview_id)
        return calendar_ics.one_interview(row, language, include_notes=include_notes) if row else b""

    return build


def shift_month(delta: int) -> None:
    year, number = st.session_state.get("calendar_month", (ui.now().year, ui.now().month))
    st.session_state["calendar_month"] = (calendar_view.add_months(year, number, delta) if delta
                                          else (ui.now().year, ui.now().month))


st.title(ui.tr("nav.calendar"))
st.caption(ui.tr("calendar.intro"))

minute = datetime.now(UTC).replace(second=0, microsecond=0)
language = ui.lang()
upcoming, reminders = coming_up(minute)

year, number = st.session_state.setdefault("calendar_month", (ui.now().year, ui.now().month))
with st.container(horizontal=True, key="calendar_nav", vertical_alignment="center"):
    st.button(ui.tr("calendar.previous"), key="calendar_previous", icon=":material/chevron_left:",
              on_click=shift_month, args=(-1,))
    st.button(ui.tr("calendar.today"), key="calendar_today", on_click=shift_month, args=(0,))
    st.button(ui.tr("calendar.next"), key="calendar_next", icon=":material/chevron_right:",
              on_click=shift_month, args=(1,))
st.html(month(language, year, number, minute))

st.markdown(f"#### {ui.tr('calendar.agenda')}")
if not upcoming and not reminders:
    ui.say("info", "calendar.agenda_empty")
include_notes = st.toggle(ui.tr("calendar.include_notes"), key="calendar_include_notes",
                          help=ui.tr("calendar.include_notes_help"))
if upcoming:
    st.download_button(ui.tr("export.download_upcoming_ics"), data=upcoming_file(language, include_notes),
                       file_name="furikaeri-interviews.ics", mime=ICS_MIME, key="calendar_ics_all",
                       icon=":material/event:", help=ui.tr("export.ics_help"), on_click="ignore")
else:
    st.caption(ui.tr("export.no_upcoming_ics"))
for reminder in reminders[:LISTED]:
    due = i18n.format_datetime(calendar_view.due_day(reminder["deadline"]), language, with_time=False)
    text = ui.tr("calendar.thanks_overdue" if reminder["overdue"] else "calendar.thanks_due", deadline=due,
                 company=ui.md(ui.company_label(reminder)), round=ui.tr(f"round.{reminder['round']}"))
    # One element a line: the deadline is the link to the mail.
    st.page_link("pages/follow_up.py", label=text, icon=":material/mail:", query_params={"interview": reminder["id"]})
if len(reminders) > LISTED:
    st.page_link("pages/follow_up.py", label=ui.tr("calendar.more_thanks", count=len(reminders) - LISTED),
                 icon=":material/mail:")
for row in upcoming[:LISTED]:
    with st.container(horizontal=True, wrap=False, key=f"calendar_interview_{row['id']}", vertical_alignment="center"):
        st.markdown(" ".join((":material/event:", ui.md(ui.interview_label(row)))), width="stretch")
        st.download_button(ui.tr("export.download_one_ics"), data=interview_file(row["id"], language, include_notes),
                           file_name=f"interview-{row['id']}.ics", mime=ICS_MIME, key=f"calendar_ics_{row['id']}",
                           icon=":material/download:", on_click="ignore")
if len(upcoming) > LISTED:
    st.caption(ui.tr("calendar.more_upcoming", count=len(upcoming) - LISTED))
for action in ui.open_actions_due(days=14):
    st.page_link("pages/plan.py", label=ui.tr("calendar.action_due", due=ui.format_day(action.due),
                                              text=ui.md(action.text)), icon=":material/checklist:")
