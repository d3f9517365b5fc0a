"""Reflections: every reflection, filtered, and a read-only view of one."""

import streamlit as st

from lib import ui
from lib.competencies import COMPETENCIES, label_key
from lib.models import ROUNDS, lines
from lib.practice.question_bank import fair_selection_issue
from lib.reflect.analytics import filter_reflections
from lib.reflect.reflections import get_reflection
from lib.ui.paging import first_rows, more_rows

ui.ensure_routed()


def show_list(title_key: str, text: str | None) -> None:
    st.markdown(f"**{ui.tr(title_key)}**")
    items = lines(text)
    st.markdown("\n".join(f"- {ui.md(item)}" for item in items) if items else ui.tr("reflections.empty_field"))


def show_detail(reflection_id: int) -> None:
    with ui.database() as conn:
        r = get_reflection(conn, reflection_id)
    if r is None:
        ui.say("warning", "error.not_found")
        return
    with st.container(border=True, key="reflection_detail"):
        st.subheader(ui.md(ui.interview_label(r)))
        st.caption(ui.tr(f"reflection_status.{r['status']}") + " · " + ui.tr(f"result.{r['result']}"))
        a, b = st.columns(2)
        a.metric(ui.tr("reflections.overall"), ui.tr("common.rating_of_5", rating=r["overall"])
                 if r["overall"] else ui.tr("common.not_rated"))
        b.metric(ui.tr("reflections.interest_after"), ui.tr("common.rating_of_5", rating=r["interest_after"])
                 if r["interest_after"] else ui.tr("common.not_rated"))
        if r["feeling"]:
            st.markdown(f"**{ui.tr('reflections.feeling')}:** {ui.md(r['feeling'])}")
        st.markdown(f"#### {ui.tr('reflections.questions')}")
        if not r["questions"]:
            st.caption(ui.tr("wizard.questions.none_yet"))
        for number, q in enumerate(r["questions"], start=1):
            rating = ui.tr("common.rating_of_5", rating=q["rating"]) if q["rating"] else ui.tr("common.not_rated")
            reaction = ui.tr(f"reaction.{q['reaction']}") if q["reaction"] else ui.tr("common.none")
            st.markdown(f"**{number}. {ui.md(q['question'])}**  \n"
                        f"{ui.tr(label_key(q['category']))} · {rating} · {ui.tr('reflections.reaction')}: {reaction}")
            if q["answer_summary"]:
                st.markdown(f"{ui.tr('reflections.answer')}: {ui.md(q['answer_summary'])}")
            if q["note"]:
                st.caption(ui.md(q["note"]))
            if topic := fair_selection_issue(q["question"]):
                ui.say("info", "wizard.questions.fair_selection", icon=":material/balance:",
                       topic=topic.name_in(ui.lang()), why=topic.why_in(ui.lang()),
                       matched=topic.matched_in(ui.lang()))
        st.markdown(f"#### {ui.tr('reflections.scores')}")
        st.dataframe(
            [{ui.tr("reflections.scores"): ui.tr(label_key(c)),
              ui.tr("reflections.col_overall"): r["scores"].get(c, {}).get("rating"),
              ui.tr("wizard.questions.note"): r["scores"].get(c, {}).get("note", "")}
             for c in COMPETENCIES],
            hide_index=True,
        )
        left, right = st.columns(2)
        with left:
            show_list("reflections.went_well", r["went_well"])
            show_list("reflections.untold", r["untold_points"])
            show_list("reflections.next_steps", r["next_steps"])
        with right:
            show_list("reflections.to_improve", r["to_improve"])
            show_list("reflections.interesting", r["interesting_topics"])
            show_list("reflections.ask_agent", r["ask_agent"])
        st.page_link("pages/reflect.py", label=ui.tr("reflections.edit"), query_params={"interview": r["interview_id"]},
                     icon=":material/edit:")


st.title(ui.tr("reflections.title"))
every, table = ui.reflections()
if every.empty:
    ui.say("info", "reflections.none_yet")
    st.stop()

companies = dict(zip(every["company_id"], table.iloc[:, 1], strict=True))
with st.container(horizontal=True, key="reflection_filters"):
    chosen_companies = st.multiselect(ui.tr("reflections.company"), companies, format_func=companies.get,
                                      key="filter_companies", placeholder=ui.tr("common.choose"))
    chosen_rounds = st.multiselect(ui.tr("reflections.round"), ROUNDS, format_func=ui.labels("round"),
                                   key="filter_rounds", placeholder=ui.tr("common.choose"))
    date_range = st.date_input(ui.tr("reflections.date_range"), value=(), key="filter_dates", format="YYYY/MM/DD")

shown = filter_reflections(every, companies=chosen_companies, rounds=chosen_rounds, dates=tuple(date_range))
st.caption(ui.tr("reflections.count", shown=len(shown), total=len(every)))
if shown.empty:
    ui.say("info", "reflections.no_match")
    st.stop()

page = first_rows(shown, "reflections_table")  # the newest first; the filters reach the rest
picked = st.dataframe(
    table.loc[page.index],
    column_config={table.columns[0]: st.column_config.DatetimeColumn(format=ui.tr("common.table_datetime"))},
    hide_index=True, key="reflections_table", on_select="rerun", selection_mode="single-row",
).selection.rows
more_rows("reflections_table", len(page), len(shown))
st.caption(ui.tr("reflections.pick_hint"))
param = st.query_params.get("reflection", "")
if picked:
    show_detail(int(page["id"].iloc[picked[0]]))
elif param.isdigit():
    show_detail(int(param))
