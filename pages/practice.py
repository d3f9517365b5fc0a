"""Practice: a mock-interview question set picked from your weak spots, spaced practice, the sheet."""

import time

import streamlit as st

from lib import clock, ui
from lib.competencies import COMPETENCIES
from lib.generate.fonts import FontMissing
from lib.generate.practice_sheet import sheet_html
from lib.generate.practice_sheet_pdf import sheet_pdf
from lib.pipeline.companies import get_interview
from lib.practice.cards import add_own_question, delete_own_question, list_own_questions, record_review
from lib.practice.question_bank import JOB_FAMILIES, expected_interviewers
from lib.practice.question_set import ROLES, reason_text
from lib.practice.spaced import GRADES, STAR_PARTS, answer_seconds, review
from lib.practice.view import practice_sheet

ui.ensure_routed()

MODES = ("set", "practise", "mine")
AUTO = "auto"


def separator() -> str:
    """Between the parts of a caption: 「｜」 in Japanese, a middle dot in English."""
    return ui.tr("common.row_separator")


def role_names(roles) -> str:
    return ui.tr("practice.prepare.role_join").join(ui.tr(f"practice.interviewer.{role}") for role in roles)


def question_facts(item) -> list[str]:
    """Who usually asks a question and, for a 逆質問, where to ask it."""
    facts = []
    if item.interviewer in ROLES:
        facts.append(ui.tr("practice.prepare.asked_by", role=ui.tr(f"practice.interviewer.{item.interviewer}")))
    if item.ask_at:
        facts.append(ui.tr("practice.prepare.ask_at", place=ui.tr(f"practice.ask_at.{item.ask_at}")))
    return facts


def next_interviewers(target) -> tuple[str, ...]:
    """The roles the chosen interview will likely bring: from the interviewers recorded for it, else its round."""
    if not target:
        return ()
    with ui.database() as conn:
        recorded = get_interview(conn, target["id"]) or {}
    return expected_interviewers(target["round"], tuple(p["role"] or "" for p in recorded.get("interviewers", [])))


def shuffle() -> None:
    st.session_state["practice_seed"] = st.session_state.get("practice_seed", 0) + 1


def start_practice(ids: list[str]) -> None:
    st.session_state["practice_queue"] = ids
    st.session_state["practice_mode"] = "practise"


def grade(item, grade_code: str) -> None:
    cards = ui.practice_cards()
    started = st.session_state.pop(f"started_{item.id}", time.time())
    seconds = int(time.time() - started)
    card, due, _ = review(cards.get(item.id, {}).get("card"), grade_code, ui.now(), duration_ms=seconds * 1000)
    with ui.database() as conn:
        record_review(conn, item.id, item.text, card, due, grade_code,
                      st.session_state.get(f"outline_{item.id}", ""), seconds, ui.now())
    queue = st.session_state.get("practice_queue", [])
    st.session_state["practice_queue"] = [qid for qid in queue if qid != item.id]
    ui.flash("practice.graded", due=ui.format_day(clock.in_zone(due, ui.display_zone()).date()))


def add_question() -> None:
    values = ui.form_values("own_q", ("text", "category"))
    if ui.save("own_q", add_own_question, values["text"] or "", values["category"]):
        ui.refill("own_q", {"text": ""})


def remove_question(question_id: int) -> None:
    with ui.database() as conn:
        delete_own_question(conn, question_id)


@st.fragment(run_every="1s")
def timer(item) -> None:
    elapsed = int(time.time() - st.session_state.setdefault(f"started_{item.id}", time.time()))
    target = answer_seconds(item.category)
    st.metric(ui.tr("practice.timer"), f"{elapsed // 60}:{elapsed % 60:02d}",
              delta=ui.tr("practice_set.timer", seconds=target), delta_color="off")


def show_set(qset) -> None:
    for number, item in enumerate(qset.items, start=1):
        with st.container(border=True, key=f"set_item_{number}"):
            st.markdown(f"**{number}. {ui.md(item.text)}**")
            st.caption(ui.md(separator().join([ui.tr(f"competency.{item.category}"), *question_facts(item),
                                               *(reason_text(reason, ui.lang()) for reason in item.reasons)])))
            if item.probes:
                st.markdown("\n".join(f"- {ui.md(probe)}" for probe in item.probes))
            if item.tip:
                st.caption(ui.md(ui.tr("practice.prepare.tip_line", tip=item.tip)))


def sheet_section(qset, target) -> None:
    st.subheader(ui.tr("sheet.title"))
    st.caption(ui.tr("sheet.intro"))
    sheet = practice_sheet(qset, ui.stories(), ui.asked_questions(), ui.lang(),
                           company=target["company"] if target else "", round_code=target["round"] if target else "",
                           day=ui.local_day(target) if target else None, candidate_name=ui.profile().full_name)
    left, right = st.columns(2)
    show = left.toggle(ui.tr("sheet.preview"), key="practice_print_view")
    try:
        right.download_button(ui.tr("sheet.download_pdf"), data=lambda: sheet_pdf(sheet), key="practice_pdf",
                              file_name="practice-sheet.pdf", mime="application/pdf", icon=":material/picture_as_pdf:")
    except FontMissing:
        with right:
            ui.say("error", "sheet.font_missing")
    if show:
        st.iframe(sheet_html(sheet, print_button=True), height=900)  # our HTML: every user text escaped


st.title(ui.tr("nav.practice"))
st.caption(ui.tr("practice.intro"))
ui.show_flash()
due = ui.due_count()
if due:
    ui.say("info", "practice_set.due_count", icon=":material/alarm:", count=due)
mode = st.segmented_control(ui.tr("practice.mode_label"), MODES, key="practice_mode", default="set",
                            format_func=ui.labels("practice.mode"), label_visibility="collapsed") or "set"

upcoming = {row["id"]: row for row in ui.agenda()["upcoming"]}
if mode == "set":
    labels = {iid: ui.interview_label(row) for iid, row in upcoming.items()}
    left, middle = st.columns([3, 1])
    target_id = left.selectbox(ui.tr("practice.target"), labels, format_func=labels.get, index=None,
                               placeholder=ui.tr("practice.no_target"), key="practice_target")
    size = middle.number_input(ui.tr("practice_set.size"), min_value=3, max_value=30, value=10, key="practice_size")
    focus = st.multiselect(ui.tr("practice_set.focus"), COMPETENCIES, key="practice_focus",
                           format_func=ui.labels("competency"), placeholder=ui.tr("practice_set.focus_auto"))
    target = upcoming.get(target_id)
    expected = next_interviewers(target)
    left, right = st.columns(2)
    # Labels worked out now, in this run's language (AppTest formats options outside a run).
    role_labels = {AUTO: ui.tr("practice.prepare.interviewer_auto", roles=role_names(expected)) if expected
                   else ui.tr("practice.prepare.interviewer_auto_none"),
                   **{code: ui.tr(f"practice.interviewer.{code}") for code in ROLES}}
    family_labels = {"": ui.tr("practice.prepare.job_family_none"),
                     **{code: ui.tr(f"practice.job_family.{code}") for code in JOB_FAMILIES}}
    role = left.selectbox(ui.tr("practice.prepare.interviewer"), role_labels, key="practice_interviewer",
                          format_func=role_labels.get, placeholder=ui.tr("streamlit.choose_option"))
    family = right.selectbox(ui.tr("practice.prepare.job_family"), family_labels, key="practice_family",
                             format_func=family_labels.get, placeholder=ui.tr("streamlit.choose_option"))
    qset = ui.question_set_for(target, int(size), tuple(focus), st.session_state.get("practice_seed", 0),
                               expected if role == AUTO else (role,), family or None)
    with st.container(horizontal=True, key="set_actions"):
        st.button(ui.tr("practice_set.start"), key="practise_set", type="primary", icon=":material/play_arrow:",
                  on_click=start_practice, args=(qset.ids,))
        st.button(ui.tr("practice_set.shuffle"), key="shuffle_set", icon=":material/shuffle:", on_click=shuffle)
    show_set(qset)
    sheet_section(qset, target)
elif mode == "practise":
    queue = ui.practice_queue(st.session_state.get("practice_queue", []))
    if not queue:
        ui.say("success", "practice_set.none_due", icon=":material/task_alt:")
        st.stop()
    item = queue[0]
    st.caption(ui.tr("practice.remaining", count=len(queue)))
    with st.container(border=True, key="practice_card"):
        st.subheader(ui.md(item.text))
        st.caption(ui.md(separator().join([ui.tr(f"competency.{item.category}"), *question_facts(item)])))
        timer(item)
        if item.tip:
            with st.container(key="practice_tip"):
                st.markdown(f"**{ui.tr('practice.prepare.tip')}**")
                st.markdown(ui.md(item.tip))
        with st.expander(ui.tr("practice_set.probes")):
            st.markdown("\n".join(f"- {ui.md(probe)}" for probe in item.probes) or ui.tr("practice.no_probes"))
        if item.looking_for:
            with st.expander(ui.tr("practice_set.looking_for")):
                st.markdown(ui.md(item.looking_for))
        st.text_area(ui.tr("practice_set.outline"), key=f"outline_{item.id}", height=160, max_chars=20_000,
                     placeholder=" / ".join(ui.tr(f"practice_set.star.{part}") for part in STAR_PARTS))
        st.caption(ui.tr("practice_set.grade_prompt"))
        with st.container(horizontal=True, key="grades"):
            for code in GRADES:
                st.button(ui.tr(f"practice_set.grade.{code}"), key=f"grade_{code}", on_click=grade,
                          args=(item, code), type="primary" if code == "good" else "secondary")
else:
    st.caption(ui.tr("practice.mine_help"))
    errors = ui.errors_of("own_q")
    with st.form("own_q_form"):
        st.text_input(ui.tr("practice.own_text"), key="own_q_text", max_chars=2000)
        ui.show_errors(errors, "text")
        st.selectbox(ui.tr("wizard.questions.category"), COMPETENCIES, key="own_q_category",
                     format_func=ui.labels("competency"), placeholder=ui.tr("streamlit.choose_option"))
        st.form_submit_button(ui.tr("common.add"), type="primary", on_click=add_question)
    with ui.database() as conn:
        mine = list_own_questions(conn)
    for question in mine:
        text, action = st.columns([5, 1], vertical_alignment="center")
        text.markdown(ui.md(question["text"]) + "  \n" + ui.tr(f"competency.{question['category']}"))
        action.button(ui.tr("wizard.questions.delete"), key=f"own_delete_{question['id']}",
                      on_click=remove_question, args=(question["id"],), icon=":material/delete:")
