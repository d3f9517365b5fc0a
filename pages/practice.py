"""Practice: a mock-interview question set picked from your weak spots, spaced practice, the sheet."""

import time

import pandas as pd
import streamlit as st

from lib import clock, ui
from lib.competencies import COMPETENCIES
from lib.generate.fonts import FontMissing
from lib.generate.practice_sheet import sheet_html
from lib.generate.practice_sheet_pdf import sheet_pdf
from lib.pipeline.companies import get_interview
from lib.practice import takes
from lib.practice.cards import add_own_question, delete_own_question, list_own_questions, record_review
from lib.practice.question_bank import JOB_FAMILIES, expected_interviewers
from lib.practice.question_set import ROLES, reason_text
from lib.practice.recordings import RecordingError, analyse
from lib.practice.spaced import GRADES, STAR_PARTS, answer_seconds, review

ui.ensure_routed()

MODES = ("set", "practise", "mine")
AUTO = "auto"
SET_OPTIONS = {"practice_size": 10, "practice_focus": [], "practice_interviewer": AUTO, "practice_family": ""}


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


# Practise out loud: a take is measured and stored as soon as it is recorded; nothing is kept on error.


def clock_text(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def signed(ms: int) -> str:
    return ("+" if ms > 0 else "−" if ms < 0 else "±") + clock_text(abs(ms))


def signed_count(count: int) -> str:
    return ("+" if count > 0 else "−" if count < 0 else "±") + str(abs(count))


def take_target(item) -> int:
    if item.category != "self_introduction":
        return answer_seconds(item.category)
    return st.segmented_control(ui.tr("practice.takes.target_label"), takes.INTRODUCTION_TARGETS,
                                key="take_target", default=takes.INTRODUCTION_TARGETS[0],
                                format_func=lambda s: ui.tr("practice.takes.target_option", minutes=s // 60)
                                ) or takes.INTRODUCTION_TARGETS[0]


def keep_take(item, target: int, widget: str) -> None:
    recording = st.session_state.get(widget)
    if recording is None:
        return
    st.session_state["take_round"] = st.session_state.get("take_round", 0) + 1  # an empty recorder next run
    try:
        measured = analyse(recording.getvalue())
    except RecordingError as problem:
        st.session_state["take_error"] = problem.reason
        return
    with ui.database() as conn:
        takes.save_take(conn, item.id, item.text, measured, target, ui.now())
    ui.flash("practice.takes.saved", time=clock_text(round(measured.duration * 1000)))


def save_review(take_id: int) -> None:
    with ui.database() as conn:
        takes.set_review(conn, take_id, {name: st.session_state.get(f"review_{take_id}_{name}", False)
                                         for name in takes.REVIEW_ITEMS})
    ui.flash("practice.takes.review_saved")


def remove_take(take_id: int) -> None:
    with ui.database() as conn:
        takes.delete_take(conn, take_id)
    ui.flash("practice.takes.deleted")


def remove_takes(question_id: str) -> None:
    with ui.database() as conn:
        count = takes.delete_takes(conn, question_id)
    ui.flash("practice.takes.deleted_all", count=count)


def take_figures(take: dict, target: int | None) -> None:
    length, speaking, pauses, longest = st.columns(4)
    length.metric(ui.tr("practice.takes.length"), clock_text(take["duration_ms"]),
                  delta=ui.tr("practice.takes.target", time=clock_text(target * 1000)) if target else None,
                  delta_color="off")
    speaking.metric(ui.tr("practice.takes.speaking"), clock_text(take["speaking_ms"]),
                    delta=ui.tr("practice.takes.silence",
                                time=clock_text(max(take["duration_ms"] - take["speaking_ms"], 0))),
                    delta_color="off")
    pauses.metric(ui.tr("practice.takes.long_pauses"),
                  ui.tr("practice.takes.long_pauses_value", count=take["long_pauses"]))
    longest.metric(ui.tr("practice.takes.longest"), f"{take['longest_pause_ms'] / 1000:.1f}s")


def take_line(take: dict) -> str:
    answered = [take[name] for name in takes.REVIEW_ITEMS if take[name] is not None]
    parts = [ui.instant(take["created_at"]), clock_text(take["duration_ms"]),
             ui.tr("practice.takes.line_speaking", time=clock_text(take["speaking_ms"])),
             ui.tr("practice.takes.line_pauses", count=take["long_pauses"])]
    if answered:
        parts.append(ui.tr("practice.takes.line_review", done=sum(answered), total=len(takes.REVIEW_ITEMS)))
    return separator().join(parts)


def takes_trend(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{ui.tr("practice.takes.col_when"): ui.instant(t["created_at"]),
                          ui.tr("practice.takes.col_length"): round(t["duration_ms"] / 1000),
                          ui.tr("practice.takes.col_speaking"): round(t["speaking_ms"] / 1000),
                          ui.tr("practice.takes.col_pauses"): t["long_pauses"],
                          ui.tr("practice.takes.col_longest"): round(t["longest_pause_ms"] / 1000, 1)}
                         for t in reversed(rows)])


def out_loud(item) -> None:
    """Record the answer, hear it back, see its figures; the takes of this question."""
    with st.container(border=True, key="out_loud"):
        st.markdown(f"**{ui.tr('practice.takes.title')}**")
        st.caption(ui.tr("practice.takes.help"))
        target = take_target(item)
        widget = f"take_input_{st.session_state.get('take_round', 0)}"
        st.audio_input(ui.tr("practice.takes.record"), key=widget, sample_rate=16000,
                       on_change=keep_take, args=(item, target, widget))
        st.caption(ui.tr("practice.takes.microphone"))
        if error := st.session_state.pop("take_error", None):
            ui.say("error", f"practice.takes.error.{error}", icon=":material/mic_off:")
        with ui.database() as conn:
            rows = takes.takes_of(conn, item.id)
            latest_audio = takes.audio(conn, rows[0]["id"]) if rows else None
        if not rows:
            return
        latest = rows[0]
        st.audio(latest_audio, format="audio/wav")
        take_figures(latest, latest["target_seconds"])
        difference = takes.compared(rows)
        if difference:
            st.caption(ui.tr("practice.takes.compared", length=signed(difference["duration_ms"]),
                             speaking=signed(difference["speaking_ms"]),
                             pauses=signed_count(difference["long_pauses"])))
        else:
            st.caption(ui.tr("practice.takes.first_take"))
        with st.form(f"review_form_{latest['id']}", border=False):
            st.markdown(f"**{ui.tr('practice.takes.review_title')}**")
            st.caption(ui.tr("practice.takes.review_help"))
            for name in takes.REVIEW_ITEMS:
                st.checkbox(ui.tr(f"practice.takes.review.{name}"), key=f"review_{latest['id']}_{name}",
                            value=bool(latest[name]))
            st.form_submit_button(ui.tr("practice.takes.review_save"), on_click=save_review, args=(latest["id"],))
        with st.expander(ui.tr("practice.takes.list_title"), expanded=len(rows) > 1):
            for take in rows:
                with st.container(key=f"take_{take['id']}"):
                    line, action = st.columns([5, 1], vertical_alignment="center")
                    line.markdown(ui.md(take_line(take)))
                    action.button(ui.tr("practice.takes.delete"), key=f"take_delete_{take['id']}",
                                  on_click=remove_take, args=(take["id"],), icon=":material/delete:")
                    if take["id"] == latest["id"]:
                        continue
                    # An older take's audio is read and sent only when asked for: each minute is ~2 MB.
                    if st.session_state.get("take_playing") == take["id"]:
                        with ui.database() as conn:
                            st.audio(takes.audio(conn, take["id"]), format="audio/wav", autoplay=True)
                    else:
                        st.button(ui.tr("practice.takes.listen"), key=f"take_listen_{take['id']}", type="tertiary",
                                  icon=":material/play_arrow:", on_click=st.session_state.__setitem__,
                                  args=("take_playing", take["id"]))
            st.markdown(f"**{ui.tr('practice.takes.trend_title')}**")
            st.table(ui.md_table(takes_trend(rows)), hide_index=True)
            st.button(ui.tr("practice.takes.delete_all"), key="takes_delete_all", on_click=remove_takes,
                      args=(item.id,), icon=":material/delete_sweep:")


def show_set(qset) -> None:
    """Each question is one Markdown block, drawn as a card (a page pays the browser for every element)."""
    ui.markdown_cards("question_set")
    with st.container(key="question_set"):
        for number, item in enumerate(qset.items, start=1):
            facts = separator().join([ui.tr(f"competency.{item.category}"), *question_facts(item),
                                      *(reason_text(reason, ui.lang()) for reason in item.reasons)])
            parts = [f"**{number}. {ui.md(item.text)}**  \n{ui.small(ui.md(facts))}"]
            if item.probes:
                parts.append("\n".join(f"- {ui.md(probe)}" for probe in item.probes))
            if item.tip:
                parts.append(ui.small(ui.md(ui.tr("practice.prepare.tip_line", tip=item.tip))))
            st.markdown("\n\n".join(parts))


def sheet_section(sheet) -> None:
    st.subheader(ui.tr("sheet.title"))
    st.caption(ui.tr("sheet.intro"))
    with st.container(horizontal=True, vertical_alignment="center", key="sheet_actions"):
        show = st.toggle(ui.tr("sheet.preview"), key="practice_print_view")
        try:
            st.download_button(ui.tr("sheet.download_pdf"), data=lambda: sheet_pdf(sheet), key="practice_pdf",
                               file_name="practice-sheet.pdf", mime="application/pdf",
                               icon=":material/picture_as_pdf:")
        except FontMissing:
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
    target_id = st.selectbox(ui.tr("practice.target"), labels, format_func=labels.get, index=None,
                             placeholder=ui.tr("practice.no_target"), key="practice_target")
    target = upcoming.get(target_id)
    expected = next_interviewers(target)
    # Labels worked out now, in this run's language (AppTest formats options outside a run).
    role_labels = {AUTO: ui.tr("practice.prepare.interviewer_auto", roles=role_names(expected)) if expected
                   else ui.tr("practice.prepare.interviewer_auto_none"),
                   **{code: ui.tr(f"practice.interviewer.{code}") for code in ROLES}}
    family_labels = {"": ui.tr("practice.prepare.job_family_none"),
                     **{code: ui.tr(f"practice.job_family.{code}") for code in JOB_FAMILIES}}

    def set_options() -> None:
        st.number_input(ui.tr("practice_set.size"), min_value=3, max_value=30, key="practice_size")
        st.multiselect(ui.tr("practice_set.focus"), COMPETENCIES, key="practice_focus",
                       format_func=ui.labels("competency"), placeholder=ui.tr("practice_set.focus_auto"))
        left, right = st.columns(2)
        left.selectbox(ui.tr("practice.prepare.interviewer"), role_labels, key="practice_interviewer",
                       format_func=role_labels.get, placeholder=ui.tr("streamlit.choose_option"))
        right.selectbox(ui.tr("practice.prepare.job_family"), family_labels, key="practice_family",
                        format_func=family_labels.get, placeholder=ui.tr("streamlit.choose_option"))

    # The set's options sit in a fold, drawn only when opened (four widgets the browser would
    # otherwise draw on every visit); the fold's label says what is chosen.
    for name, default in SET_OPTIONS.items():
        st.session_state.setdefault(name, default)
    size, focus = int(st.session_state["practice_size"]), tuple(st.session_state["practice_focus"])
    role, family = st.session_state["practice_interviewer"], st.session_state["practice_family"]
    changed = sum(bool(value) and value != AUTO for value in (focus, role, family))
    ui.fold(ui.tr("practice_set.options_changed" if changed else "practice_set.options", size=size, count=changed),
            "practice_options_open", set_options, icon=":material/tune:", keep=tuple(SET_OPTIONS))
    choices = (target, size, focus, st.session_state.get("practice_seed", 0),
               expected if role == AUTO else (role,), family or None)
    qset = ui.question_set_for(*choices)
    with st.container(horizontal=True, key="set_actions"):
        st.button(ui.tr("practice_set.start"), key="practise_set", type="primary", icon=":material/play_arrow:",
                  on_click=start_practice, args=(qset.ids,))
        st.button(ui.tr("practice_set.shuffle"), key="shuffle_set", icon=":material/shuffle:", on_click=shuffle)
    show_set(qset)
    sheet_section(ui.practice_sheet(*choices, day=ui.local_day(target) if target else None))
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
        out_loud(item)
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
