"""Reflect: the step-by-step wizard. Every field is saved as soon as it changes."""

import streamlit as st

from lib import config, ui
from lib.competencies import COMPETENCIES, QUESTION_CATEGORIES, label_key
from lib.db import WriteConflict
from lib.models import REACTIONS, REFLECTION_STEPS, AskedQuestion, CompetencyScore, ValidationError
from lib.practice.question_bank import fair_selection_issue
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

ui.ensure_routed()

QUESTION_FIELDS = ("question", "category", "answer_summary", "rating", "reaction", "note")


REFLECTION_FIELDS = ("overall", "interest_after", "feeling", "went_well", "to_improve", "untold_points",
                     "interesting_topics", "next_steps", "ask_agent", "availability")


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
    return AskedQuestion(**{k: v if v is not None or k in ("rating", "reaction") else "" for k, v in values.items()})


def add_question(rid: int) -> None:
    prefix = f"r{rid}_newq"
    if not ui.save(prefix, add_asked_question, rid, question_from(prefix)):
        return
    ui.refill(prefix, vars(AskedQuestion("")))
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
    summary = " · ".join(parts)
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
    left, right = st.columns(2)
    left.selectbox(ui.tr("wizard.questions.category"), QUESTION_CATEGORIES, key=f"{prefix}_category",
                   format_func=ui.labels("competency"), on_change=on_change, args=args)
    with right:
        ui.rating_input(ui.tr("wizard.questions.rating"), f"{prefix}_rating", on_change=on_change, args=args)
    st.text_area(ui.tr("wizard.questions.answer"), key=f"{prefix}_answer_summary", max_chars=config.MAX_TEXT,
                 height=80, on_change=on_change, args=args)
    left, right = st.columns(2)
    st.session_state.setdefault(f"{prefix}_reaction", None)
    left.radio(ui.tr("wizard.questions.reaction"), REACTIONS, key=f"{prefix}_reaction", horizontal=True,
               format_func=ui.labels("reaction"), on_change=on_change, args=args)
    right.text_input(ui.tr("wizard.questions.note"), key=f"{prefix}_note", max_chars=2000,
                     on_change=on_change, args=args)


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
        st.form_submit_button(ui.tr("wizard.questions.add"), icon=":material/add:", on_click=add_question,
                              args=(rid,))


def step_competencies(rid: int, reflection: dict) -> None:
    st.caption(ui.tr("wizard.competencies.intro"))
    for competency in COMPETENCIES:
        prefix = f"r{rid}_score_{competency}"
        stored = reflection["scores"].get(competency, {"rating": None, "note": ""})
        ui.seed_record(prefix, stored, stored)
        with st.container(border=True, key=f"{prefix}_box"):
            left, right = st.columns([3, 2], vertical_alignment="bottom")
            with left:
                ui.rating_input(ui.tr(label_key(competency)), f"{prefix}_rating",
                                on_change=save_score, args=(rid, competency))
            right.text_input(ui.tr("wizard.questions.note"), key=f"{prefix}_note", max_chars=2000,
                             on_change=save_score, args=(rid, competency))
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


def open_wizard(interview_id: int) -> None:
    st.query_params["interview"] = str(interview_id)


def pick_interview() -> None:
    candidates = ui.agenda()["awaiting"]
    if not candidates:
        ui.say("info", "wizard.no_interviews")
        st.page_link("pages/interviews.py", label=ui.tr("interviews.add"), icon=":material/event:")
        return
    labels = {row["id"]: ui.interview_label(row) for row in candidates}
    chosen = st.selectbox(ui.tr("wizard.pick"), labels, format_func=labels.get, index=None,
                          placeholder=ui.tr("wizard.pick_none"), key="reflect_pick")
    st.button(ui.tr("wizard.start"), type="primary", disabled=chosen is None, key="reflect_start",
              on_click=open_wizard, args=(chosen,))


st.title(ui.tr("wizard.title"))
ui.show_flash()

interview = ui.interview_in_query(pick_interview)
with ui.database() as conn:
    rid = start_reflection(conn, interview["id"])
    reflection = get_reflection(conn, rid)

st.subheader(ui.md(ui.interview_label(interview)))
st.caption(ui.tr("wizard.autosave"))
seed_fields(rid, reflection)

step = reflection["step"]
index = REFLECTION_STEPS.index(step)
st.session_state[f"r{rid}_nav"] = step
st.segmented_control(
    ui.tr("wizard.title"), REFLECTION_STEPS, key=f"r{rid}_nav", label_visibility="collapsed",
    format_func=ui.labels("wizard.steps", numbered=REFLECTION_STEPS),
    on_change=lambda: go_to(rid, st.session_state[f"r{rid}_nav"] or step),
)
st.progress((index + 1) / len(REFLECTION_STEPS), text=ui.tr(
    "wizard.step_of", n=index + 1, total=len(REFLECTION_STEPS), title=ui.tr(f"wizard.steps.{step}")))

with st.container(key="wizard_step"):
    STEP_VIEWS[step](rid, reflection)

back, forward = st.columns(2)
if index > 0:
    back.button(ui.tr("wizard.back"), key="wizard_back", icon=":material/arrow_back:",
                on_click=go_to, args=(rid, REFLECTION_STEPS[index - 1]))
if index < len(REFLECTION_STEPS) - 1:
    forward.button(ui.tr("wizard.next"), key="wizard_next", type="primary", icon=":material/arrow_forward:",
                   on_click=move, args=(rid, step, REFLECTION_STEPS[index + 1]))
else:
    forward.button(ui.tr("wizard.finish"), key="wizard_finish", type="primary", icon=":material/check:",
                   on_click=finish, args=(rid,))
if reflection["status"] == "complete":
    ui.say("success", "reflection_status.complete", icon=":material/task_alt:")
    st.page_link("pages/reflections.py", label=ui.tr("wizard.to_list"), query_params={"reflection": rid},
                 icon=":material/list_alt:")
