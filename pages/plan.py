"""Action plan: concrete actions with targets and due dates before the next interview."""

import streamlit as st

from lib import ui
from lib.models import lines
from lib.practice.action_plan import (
    add_action,
    delete_action,
    edit_action,
    generate_plan,
    in_language,
    load_library,
    set_done,
)
from lib.practice.plans import change_plan, dismiss, dismissed, load_plan, progress, save_plan, validated_action
from lib.practice.takes import RECORD_ACTIONS

ui.ensure_routed()


def current_plan() -> list:
    with ui.database() as conn:
        return load_plan(conn)


def store(plan: list) -> None:
    with ui.database() as conn:
        save_plan(conn, plan)


def refill_edit_forms() -> None:
    """This session changed the plan itself (made it again, ticked, deleted): its edit forms are
    filled afresh from the stored plan, so that a save is not taken for another tab's change."""
    for key in [key for key in st.session_state if str(key).startswith("edit_")]:
        del st.session_state[key]


def regenerate() -> None:
    with ui.database() as conn:
        plan = generate_plan(ui.competency_summary(), notes_to_improve(), next_interview_day(), ui.now().date(),
                             load_plan(conn), ui.lang(), dismissed=dismissed(conn))
        save_plan(conn, plan)
    refill_edit_forms()
    ui.flash("plan.generated", count=len(plan))


def tick(action_id: str) -> None:
    store(set_done(current_plan(), action_id, st.session_state[f"done_{action_id}"]))
    refill_edit_forms()


def remove(action_id: str) -> None:
    with ui.database() as conn:
        save_plan(conn, delete_action(load_plan(conn), action_id))
        dismiss(conn, action_id)
    refill_edit_forms()


def typed_action(prefix: str) -> tuple | None:
    values = ui.form_values(prefix, ("text", "target", "due"))
    return ui.checked(prefix, validated_action, values["text"] or "", values["target"] or "", values["due"])


def add(prefix: str) -> None:
    if action := typed_action(prefix):
        text, target, due = action
        if (plan := ui.checked(prefix, add_action, current_plan(), text, due, target)) is not None:
            store(plan)
            ui.refill(prefix, {"text": "", "target": ""})


def change(action_id: str) -> None:
    prefix = f"edit_{action_id}"
    if action := typed_action(prefix):
        text, target, due = action
        ui.save(prefix, change_plan, lambda plan: edit_action(plan, action_id, text=text, target=target, due=due),
                action_id=action_id, expected=ui.seen(prefix), conflict_field="text")


def next_interview_day():
    upcoming = ui.agenda()["upcoming"]
    return ui.local_day(upcoming[0]) if upcoming else None


def notes_to_improve() -> list[str]:
    return [note for text in ui.to_improve_notes() for note in lines(text)]


def new_action_form() -> None:
    prefix = "new_action"
    ui.seed(prefix, {"due": ui.now().date()})
    errors = ui.errors_of(prefix)
    with st.form(f"{prefix}_form", border=False):
        st.text_input(ui.tr("plan.text"), key=f"{prefix}_text", max_chars=500)
        ui.show_errors(errors, "text")
        left, right = st.columns(2)
        left.text_input(ui.tr("plan.target"), key=f"{prefix}_target", max_chars=500)
        right.date_input(ui.tr("plan.due"), key=f"{prefix}_due", format="YYYY/MM/DD")
        st.form_submit_button(ui.tr("common.add"), type="primary", on_click=add, args=(prefix,))


st.title(ui.tr("nav.plan"))
st.caption(ui.tr("plan.intro"))
ui.show_flash()

stored_plan = {a.id: a for a in current_plan()}
plan = [in_language(a, load_library(), ui.lang()) for a in stored_plan.values()]
upcoming = ui.agenda()["upcoming"]
if upcoming:
    ui.say("info", "plan.next_interview", icon=":material/event:", interview=ui.interview_label(upcoming[0]))
st.button(ui.tr("plan.regenerate" if plan else "plan.generate"), key="plan_generate", type="primary",
          icon=":material/auto_awesome:", on_click=regenerate, help=ui.tr("plan.regenerate_help"))

if plan:
    counts = progress(plan, ui.now().date())
    st.progress(counts["done"] / counts["total"], text=ui.tr("plan.progress", **counts))
for action in plan:
    with st.container(border=True, key=f"action_{action.id}"):
        left, right = st.columns([5, 1], vertical_alignment="center")
        with left:
            st.checkbox(ui.md(action.text), value=action.done, key=f"done_{action.id}", on_change=tick,
                        args=(action.id,))
            late = not action.done and action.due < ui.now().date()
            st.caption(ui.md(ui.tr("common.separator").join(filter(None, [
                ui.tr("plan.target_line", target=action.target) if action.target else "",
                ui.tr("plan.overdue_line" if late else "plan.due_line", due=ui.format_day(action.due)),
                ui.tr(f"competency.{action.competency}") if action.competency != "general" else "",
            ]))))
            if action.id in RECORD_ACTIONS:
                st.page_link("pages/practice.py", label=ui.tr("practice.takes.plan_link"), icon=":material/mic:")
        with right.popover(ui.tr("plan.edit"), icon=":material/edit:"):
            prefix = f"edit_{action.id}"
            ui.seed_record(prefix, {"text": action.text, "target": action.target, "due": action.due},
                           stored_plan[action.id])
            errors = ui.errors_of(prefix)
            st.text_input(ui.tr("plan.text"), key=f"{prefix}_text", max_chars=500)
            ui.show_errors(errors, "text")
            st.text_input(ui.tr("plan.target"), key=f"{prefix}_target", max_chars=500)
            st.date_input(ui.tr("plan.due"), key=f"{prefix}_due", format="YYYY/MM/DD")
            st.button(ui.tr("common.save"), key=f"{prefix}_save", on_click=change, args=(action.id,))
            st.button(ui.tr("plan.delete"), key=f"{prefix}_delete", on_click=remove, args=(action.id,),
                      icon=":material/delete:")
if not plan:
    st.caption(ui.tr("plan.empty"))

ui.add_box(ui.tr("plan.add"), "new_action", new_action_form, icon=":material/add_task:")
