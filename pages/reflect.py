"""Reflect: one entry (an interview waiting, or a new one named in place), then the
step-by-step wizard. Every field is saved as soon as it changes."""

import streamlit as st

from lib import config, i18n, ui
from lib.competencies import COMPETENCIES, QUESTION_CATEGORIES, label_key
from lib.db import WriteConflict
from lib.models import (
    FORMATS,
    RATINGS,
    REACTIONS,
    REFLECTION_STEPS,
    ROUNDS,
    AskedQuestion,
    CompetencyScore,
    ValidationError,
)
from lib.practice.question_bank import fair_selection_issue
from lib.reflect.entry import default_slot, open_interview
from lib.reflect.next_steps import due_next, interview_facts
from lib.reflect.reflections import (
    add_asked_question,
    complete_reflection,
    delete_asked_question,
    get_reflection,
    save_competency_score,
    save_reflection_field,
    set_step,
    start_reflection,
    update_asked_question,
)
from lib.ui import stage_moves
from lib.ui.wizard_layout import compact_wizard

ui.ensure_routed()

QUESTION_FIELDS = ("question", "category", "answer_summary", "rating", "reaction", "note")
EMPTY_QUESTION = {"question": "", "category": None, "answer_summary": "", "rating": None, "reaction": None, "note": ""}
ENTRY_FIELDS = ("company", "company_name", "day", "start", "round", "format")
WAITING_SHOWN = 8

REFLECTION_FIELDS = ("overall", "interest_after", "feeling", "went_well", "to_improve", "untold_points",
                     "interesting_topics", "next_steps", "ask_agent", "availability")

compact_wizard()


# ------------------------------------------------------------------ entry


def open_wizard(interview_id: int) -> None:
    st.query_params["interview"] = str(interview_id)


def start_new() -> None:
    values = ui.form_values("entry", ENTRY_FIELDS)
    company = values["company"] if values["company"] is not None else values["company_name"]
    try:
        with ui.database() as conn:
            opened = open_interview(conn, company, values["day"], values["start"], values["round"], values["format"],
                                    ui.display_zone(), ui.now())
    except ValidationError as problem:
        ui.set_errors("entry", problem.errors)
        return
    ui.set_errors("entry", {})
    ui.forget("entry", ENTRY_FIELDS)
    stage_moves.remember(opened.move)
    if opened.existed:
        ui.flash("entry.existed")
    else:
        name = company if isinstance(company, str) else ui.company_label(
            next(c for c in ui.companies(include_archived=True) if c["id"] == company))
        ui.flash("entry.created_company" if opened.company_created else "entry.created", company=name.strip())
    open_wizard(opened.interview_id)


def waiting_interviews(awaiting: list[dict]) -> None:
    st.subheader(ui.tr("entry.waiting"))
    for row in awaiting[:WAITING_SHOWN]:
        st.button(ui.md(ui.interview_label(row)), key=f"entry_open_{row['id']}", on_click=open_wizard,
                  args=(row["id"],), icon=":material/edit_note:" if row["reflection_id"] else ":material/event:",
                  type="tertiary")
    if len(awaiting) > WAITING_SHOWN:
        st.caption(ui.tr("entry.waiting_more", count=len(awaiting) - WAITING_SHOWN))


def new_interview_form() -> None:
    slot = default_slot(ui.now())
    st.session_state.setdefault("entry_day", slot.date())
    st.session_state.setdefault("entry_start", slot.time().replace(tzinfo=None))
    st.session_state.setdefault("entry_round", "first")
    st.session_state.setdefault("entry_format", "online")
    errors = ui.errors_of("entry")
    companies = {c["id"]: ui.company_label(c) for c in ui.companies()}
    with st.form("entry_form"):
        if companies:
            st.selectbox(ui.tr("entry.company"), companies, index=None, key="entry_company",
                         format_func=lambda option: companies.get(option, option), accept_new_options=True,
                         placeholder=ui.tr("entry.company_placeholder"), help=ui.tr("entry.company_help"))
        else:  # nothing to pick yet: type the name (Enter starts the reflection)
            st.text_input(ui.tr("entry.company_name"), key="entry_company_name", max_chars=200,
                          placeholder=ui.tr("entry.company_name_placeholder"))
        ui.show_errors(errors, "company")
        day, start = st.columns(2)
        with day:
            st.date_input(ui.tr("entry.day"), key="entry_day", max_value=ui.now().date(), format="YYYY/MM/DD")
            ui.show_errors(errors, "day")
        with start:
            st.time_input(ui.tr("entry.start"), key="entry_start", step=900)
            ui.show_errors(errors, "start")
        st.segmented_control(ui.tr("entry.round"), ROUNDS, key="entry_round", format_func=ui.labels("round"),
                             required=True)
        ui.show_errors(errors, "round")
        st.segmented_control(ui.tr("entry.format"), FORMATS, key="entry_format", format_func=ui.labels("format"),
                             required=True)
        ui.show_errors(errors, "format")
        st.caption(ui.tr("entry.default_note", when=i18n.format_datetime(slot, ui.lang())))
        with st.container(horizontal=True, horizontal_alignment="right"):
            st.form_submit_button(ui.tr("entry.submit"), type="primary", icon=":material/arrow_forward:",
                                  on_click=start_new, key="entry_submit")


def entry() -> None:
    """The interviews waiting for a reflection, one click each; below them, another interview in
    a fold (drawn only when opened: its six fields cost the browser more than the list). With
    nothing waiting, the new interview's form is the screen."""
    if awaiting := ui.agenda()["awaiting"]:
        waiting_interviews(awaiting)
        ui.fold(ui.tr("entry.new"), "entry_new_open", new_interview_form, icon=":material/add:")
    else:
        st.subheader(ui.tr("entry.new"))
        new_interview_form()


# ------------------------------------------------------------------ wizard fields


def seed_fields(rid: int, reflection: dict) -> None:
    """Fill the widgets from the database, remembering what this session saw there: a save
    that finds something else stored (another tab) is refused instead of overwriting it."""
    for name in REFLECTION_FIELDS:
        key = f"r{rid}_{name}"
        if key not in st.session_state:
            st.session_state[key] = st.session_state[f"{key}__seen"] = reflection[name]


def save_field(rid: int, name: str) -> None:
    key = f"r{rid}_{name}"
    try:
        with ui.database() as conn:
            stored = save_reflection_field(conn, rid, name, st.session_state[key],
                                           expected=st.session_state.get(f"{key}__seen"))
    except ValidationError as problem:
        ui.set_errors(key, problem.errors)
    except WriteConflict as conflict:
        # Keep the user's text in the field; the next save is a deliberate overwrite.
        st.session_state[f"{key}__seen"] = conflict.current
        ui.set_errors(key, {name: ("error.conflict", {"theirs": conflict.current or ""})})
    else:
        st.session_state[f"{key}__seen"] = stored
        ui.set_errors(key, {})


def save_score(rid: int, competency: str) -> None:
    prefix = f"r{rid}_score_{competency}"
    values = ui.form_values(prefix, ("rating", "note"))
    ui.save(prefix, save_competency_score, rid, CompetencyScore(competency, values["rating"], values["note"] or ""),
            expected=ui.seen(prefix), conflict_field="note")


def question_from(prefix: str) -> AskedQuestion:
    values = ui.form_values(prefix, QUESTION_FIELDS)
    return AskedQuestion(**{k: v if v is not None or k in ("category", "rating", "reaction") else ""
                            for k, v in values.items()})


def add_question(rid: int) -> None:
    prefix = f"r{rid}_newq"
    if not ui.save(prefix, add_asked_question, rid, question_from(prefix)):
        return
    ui.refill(prefix, EMPTY_QUESTION)  # the type too: the next question's is chosen afresh
    ui.flash("wizard.questions.added")


def update_question(qid: int) -> None:
    prefix = f"q{qid}"
    ui.save(prefix, update_asked_question, qid, question_from(prefix), expected=ui.seen(prefix),
            conflict_field="question")


def edit_question(rid: int, qid: int | None) -> None:
    st.session_state[f"r{rid}_editing"] = qid


def question_summary(q: dict) -> str:
    parts = [ui.tr(label_key(q["category"]))]
    parts.append(ui.tr("common.rating_of_5", rating=q["rating"]) if q["rating"] else ui.tr("common.not_rated"))
    if q["reaction"]:
        parts.append(ui.tr(f"reaction.{q['reaction']}"))
    summary = ui.tr("common.row_separator").join(parts)
    return summary + (f"\n{q['answer_summary']}" if q["answer_summary"] else "")


def remove_question(qid: int) -> None:
    with ui.database() as conn:
        delete_asked_question(conn, qid)


def go_to(rid: int, step: str) -> None:
    with ui.database() as conn:
        set_step(conn, rid, step)
    st.session_state[f"r{rid}_nav"] = step


def move(rid: int, current: str, step: str) -> None:
    # Leaving the first step needs the overall rating, the one required answer.
    if current == "overall" and st.session_state.get(f"r{rid}_overall") is None:
        ui.set_errors(f"r{rid}_overall", {"overall": ("error.required", {})})
        return
    go_to(rid, step)


def finish(rid: int) -> None:
    if not ui.save(f"r{rid}_overall", complete_reflection, rid):
        go_to(rid, REFLECTION_STEPS[0])
        return
    ui.flash("wizard.completed")


def text_field(rid: int, name: str, label_key_: str, *, area: bool = True, **kwargs) -> None:
    key = f"r{rid}_{name}"
    widget = st.text_area if area else st.text_input
    widget(ui.tr(label_key_), key=key, on_change=save_field, args=(rid, name),
           max_chars=200 if not area else config.MAX_TEXT, **kwargs)
    ui.show_errors(ui.errors_of(key), name)


def question_widgets(prefix: str, on_change=None, args=()) -> None:
    errors = ui.errors_of(prefix)
    st.text_input(ui.tr("wizard.questions.question"), key=f"{prefix}_question", max_chars=2000,
                  on_change=on_change, args=args)
    ui.show_errors(errors, "question")
    # Every type in view, one click to choose, none chosen until the user does.
    st.session_state.setdefault(f"{prefix}_category", None)
    st.pills(ui.tr("wizard.questions.category"), QUESTION_CATEGORIES, key=f"{prefix}_category",
             format_func=ui.labels("competency"), on_change=on_change, args=args)
    ui.show_errors(errors, "category")
    st.text_area(ui.tr("wizard.questions.answer"), key=f"{prefix}_answer_summary", max_chars=config.MAX_TEXT,
                 height=80, on_change=on_change, args=args)
    left, right = st.columns(2)
    with left:
        ui.rating_input(ui.tr("wizard.questions.rating"), f"{prefix}_rating", on_change=on_change, args=args)
    st.session_state.setdefault(f"{prefix}_reaction", None)
    right.radio(ui.tr("wizard.questions.reaction"), REACTIONS, key=f"{prefix}_reaction", horizontal=True,
                format_func=ui.labels("reaction"), on_change=on_change, args=args)
    st.text_input(ui.tr("wizard.questions.note"), key=f"{prefix}_note", max_chars=2000,
                  on_change=on_change, args=args)


# ------------------------------------------------------------------ wizard steps


def step_overall(rid: int, reflection: dict) -> None:
    ui.rating_input(ui.tr("wizard.overall.rating"), f"r{rid}_overall", on_change=save_field, args=(rid, "overall"))
    ui.show_errors(ui.errors_of(f"r{rid}_overall"), "overall")
    text_field(rid, "feeling", "wizard.overall.feeling", area=False,
               placeholder=ui.tr("wizard.overall.feeling_placeholder"))
    ui.rating_input(ui.tr("wizard.overall.interest_after"), f"r{rid}_interest_after",
                    on_change=save_field, args=(rid, "interest_after"))


def step_questions(rid: int, reflection: dict) -> None:
    st.caption(ui.tr("wizard.questions.intro"))
    questions = reflection["questions"]
    st.markdown(ui.tr("wizard.questions.count", count=len(questions)) if questions
                else ui.tr("wizard.questions.none_yet"))
    editing = st.session_state.get(f"r{rid}_editing")
    for number, q in enumerate(questions, start=1):
        prefix = f"q{q['id']}"
        with st.container(border=True, key=f"{prefix}_box"):
            if q["id"] == editing:
                ui.seed_record(prefix, {k: q[k] for k in QUESTION_FIELDS},
                               {k: v for k, v in q.items() if k not in ("created_at", "updated_at")})
                question_widgets(prefix, update_question, (q["id"],))
                st.button(ui.tr("wizard.questions.done"), key=f"{prefix}_done", icon=":material/check:",
                          on_click=edit_question, args=(rid, None))
                continue
            text, actions = st.columns([5, 1])
            text.markdown(f"**{number}. {ui.md(q['question'])}**  \n" + ui.md(question_summary(q)))
            if topic := fair_selection_issue(q["question"]):
                with text:
                    ui.say("info", "wizard.questions.fair_selection", icon=":material/balance:",
                           topic=topic.name_in(ui.lang()), why=topic.why_in(ui.lang()),
                           matched=topic.matched_in(ui.lang()))
            actions.button(ui.tr("wizard.questions.edit"), key=f"{prefix}_edit", icon=":material/edit:",
                           on_click=edit_question, args=(rid, q["id"]))
            actions.button(ui.tr("wizard.questions.delete"), key=f"{prefix}_delete", icon=":material/delete:",
                           on_click=remove_question, args=(q["id"],))
    prefix = f"r{rid}_newq"
    with st.form(f"{prefix}_form"):
        st.markdown(f"**{ui.tr('wizard.questions.add')}**")
        question_widgets(prefix)
        with st.container(horizontal=True, horizontal_alignment="right"):
            st.form_submit_button(ui.tr("wizard.questions.add"), icon=":material/add:", on_click=add_question,
                                  args=(rid,), key=f"{prefix}_submit")


def step_competencies(rid: int, reflection: dict) -> None:
    """One row per competency: its name and a 1-5 choice; a note only when asked for."""
    st.caption(ui.tr("wizard.competencies.intro"))
    st.markdown(f"**{ui.tr('wizard.competencies.legend')}**")
    for competency in COMPETENCIES:
        prefix = f"r{rid}_score_{competency}"
        stored = reflection["scores"].get(competency, {"rating": None, "note": ""})
        ui.seed_record(prefix, stored, stored)
        name = ui.tr(label_key(competency))
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key=f"grid_row_{competency}"):
            st.markdown(name, width=220)
            st.segmented_control(ui.tr("wizard.competencies.scale", name=name), RATINGS, key=f"{prefix}_rating",
                                 label_visibility="collapsed", on_change=save_score, args=(rid, competency))
            with st.popover(ui.tr("wizard.competencies.note"), key=f"{prefix}_note_open", type="tertiary",
                            icon=":material/sticky_note_2:" if stored["note"] else ":material/edit_note:",
                            help=ui.tr("wizard.competencies.note_help")):
                st.text_input(ui.tr("wizard.competencies.note_for", name=name), key=f"{prefix}_note",
                              max_chars=2000, on_change=save_score, args=(rid, competency))
        if stored["note"]:
            st.caption(ui.md(stored["note"]))
        ui.show_errors(ui.errors_of(prefix), "note")


def step_went_well(rid: int, reflection: dict) -> None:
    text_field(rid, "went_well", "wizard.went_well.went_well")
    text_field(rid, "to_improve", "wizard.went_well.to_improve")


def step_untold(rid: int, reflection: dict) -> None:
    text_field(rid, "untold_points", "wizard.untold.untold")
    text_field(rid, "interesting_topics", "wizard.untold.interesting")


def step_next(rid: int, reflection: dict) -> None:
    text_field(rid, "next_steps", "wizard.next_steps.next_steps")
    text_field(rid, "ask_agent", "wizard.next_steps.ask_agent")
    text_field(rid, "availability", "wizard.next_steps.availability", help=ui.tr("wizard.next_steps.availability_help"))


STEP_VIEWS = {
    "overall": step_overall, "questions": step_questions, "competencies": step_competencies,
    "went_well": step_went_well, "untold": step_untold, "next_steps": step_next,
}

DUE_ICONS = {"thank_you": ":material/mail:", "agent_report": ":material/support_agent:",
             "plan": ":material/checklist:", "practice": ":material/record_voice_over:"}


def due_label(step) -> str:
    if step.kind == "thank_you":
        return ui.tr("wizard.due.thank_you_overdue" if step.overdue else "wizard.due.thank_you",
                     deadline=i18n.format_datetime(step.deadline, ui.lang()))
    if step.kind in ("plan", "practice") and step.count:
        return ui.tr(f"wizard.due.{'plan_open' if step.kind == 'plan' else 'practice_due'}", count=step.count)
    return ui.tr(f"wizard.due.{step.kind}")


def next_step_panel(interview_id: int, rid: int) -> None:
    """After "complete": what is due next for this interview, each one click away."""
    with ui.database() as conn:
        facts = interview_facts(conn, interview_id)
    if facts is None:
        return
    progress = ui.plan_progress()
    steps = due_next(facts, rid, ui.now(), open_actions=progress["total"] - progress["done"],
                     practice_due=ui.due_count())
    with st.container(border=True, key="wizard_due"):
        st.markdown(f"**{ui.tr('wizard.due.title')}**")
        for step in steps:
            st.page_link(step.page, label=due_label(step), icon=DUE_ICONS[step.kind], query_params=dict(step.query))
        st.page_link("pages/reflections.py", label=ui.tr("wizard.to_list"), query_params={"reflection": rid},
                     icon=":material/list_alt:")


# ------------------------------------------------------------------ the page

st.title(ui.tr("wizard.title"))
ui.show_flash()
stage_moves.show()

interview = ui.interview_in_query(entry)
with ui.database() as conn:
    rid = start_reflection(conn, interview["id"])
    reflection = get_reflection(conn, rid)

st.subheader(ui.md(ui.interview_label(interview)))
seed_fields(rid, reflection)

step = reflection["step"]
index = REFLECTION_STEPS.index(step)
st.session_state[f"r{rid}_nav"] = step
with st.container(key="wizard_nav"):
    st.segmented_control(
        ui.tr("wizard.nav"), REFLECTION_STEPS, key=f"r{rid}_nav", label_visibility="collapsed",
        format_func=ui.labels("wizard.short"),
        on_change=lambda: go_to(rid, st.session_state[f"r{rid}_nav"] or step),
    )
st.progress((index + 1) / len(REFLECTION_STEPS), text=ui.tr(
    "wizard.step_of", n=index + 1, total=len(REFLECTION_STEPS), title=ui.tr(f"wizard.steps.{step}")))

with st.container(key="wizard_step"):
    STEP_VIEWS[step](rid, reflection)

st.caption(ui.tr("wizard.autosave"))
# The way on sits where the eye ends: bottom right; the way back on the left.
with st.container(horizontal=True, horizontal_alignment="distribute" if index else "right", key="wizard_buttons"):
    if index > 0:
        st.button(ui.tr("wizard.back"), key="wizard_back", icon=":material/arrow_back:",
                  on_click=go_to, args=(rid, REFLECTION_STEPS[index - 1]))
    if index < len(REFLECTION_STEPS) - 1:
        st.button(ui.tr("wizard.next"), key="wizard_next", type="primary", icon=":material/arrow_forward:",
                  icon_position="right", on_click=move, args=(rid, step, REFLECTION_STEPS[index + 1]))
    else:
        st.button(ui.tr("wizard.finish"), key="wizard_finish", type="primary", icon=":material/check:",
                  on_click=finish, args=(rid,))
if reflection["status"] == "complete":
    ui.say("success", "reflection_status.complete", icon=":material/task_alt:")
    next_step_panel(interview["id"], rid)
