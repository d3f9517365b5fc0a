"""Reflections: every reflection, filtered, and a read-only view of one."""

import streamlit as st

from lib import ui
from lib.competencies import COMPETENCIES, label_key
from lib.models import lines
from lib.practice.question_bank import fair_selection_issue
from lib.reflect import tables
from lib.reflect.analytics import filter_reflections
from lib.reflect.reflections import get_reflection
from lib.ui.paging import first_rows, more_rows

ui.ensure_routed()

PAGE = "pages/reflections.py"
CARD_ROWS = 20  # cards per page of the list (two elements each); the filters reach the rest


def show_list(title_key: str, text: str | None) -> None:
    st.markdown(f"**{ui.tr(title_key)}**")
    items = lines(text)
    st.markdown("\n".join(f"- {ui.md(item)}" for item in items) if items else ui.tr("reflections.empty_field"))


def score_line(competency: str, score: dict) -> str:
    rating = score.get("rating")
    line = f"- {ui.tr(label_key(competency))}: " + (ui.tr("common.rating_of_5", rating=rating) if rating
                                                     else ui.tr("common.not_rated"))
    return line + (f"  \n  {ui.md(score['note'])}" if score.get("note") else "")


def show_card(card: tables.ReflectionCard) -> None:
    """One reflection: its first line is the link that opens it, the facts below it. Two elements,
    no box of its own: the list draws the cards (ui.card_links)."""
    st.page_link(PAGE, label=f"**{ui.md(card.company)}**{ui.tr('common.separator')}{card.round}",
                 query_params={"reflection": card.id}, width="stretch")
    facts = [card.when, f"{ui.tr('reflections.col_overall')} {card.overall}", card.status]
    st.caption(ui.tr("common.separator").join(facts) + (f"  \n{ui.md(card.feeling)}" if card.feeling else ""))


def close_detail() -> None:
    # A button, not a link to this page: such a link leaves ?reflection= in the address bar.
    del st.query_params["reflection"]


def show_detail(reflection_id: int) -> None:
    with ui.database() as conn:
        r = get_reflection(conn, reflection_id)
    if r is None:
        ui.say("warning", "error.not_found")
        return
    with st.container(border=True, key="reflection_detail"):
        st.button(ui.tr("reflections.back"), key="reflection_back", icon=":material/arrow_back:",
                  on_click=close_detail, type="tertiary")
        st.markdown(f"#### {ui.md(ui.interview_label(r))}")
        st.caption(ui.tr("common.separator").join(
            [ui.tr(f"reflection_status.{r['status']}"), ui.tr(f"result.{r['result']}")]))
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
            facts = [ui.tr(label_key(q["category"])), rating, f"{ui.tr('reflections.reaction')}: {reaction}"]
            st.markdown(f"**{number}. {ui.md(q['question'])}**  \n{ui.tr('common.separator').join(facts)}")
            if q["answer_summary"]:
                st.markdown(f"{ui.tr('reflections.answer')}: {ui.md(q['answer_summary'])}")
            if q["note"]:
                st.caption(ui.md(q["note"]))
            if topic := fair_selection_issue(q["question"]):
                ui.say("info", "wizard.questions.fair_selection", icon=":material/balance:",
                       topic=topic.name_in(ui.lang()), why=topic.why_in(ui.lang()),
                       matched=topic.matched_in(ui.lang()))
        st.markdown(f"#### {ui.tr('reflections.scores')}")
        # A list, not a grid: it reads on a phone and costs the browser nothing to draw.
        st.markdown("\n".join(score_line(c, r["scores"].get(c, {})) for c in COMPETENCIES))
        left, right = st.columns(2)
        with left:
            show_list("reflections.went_well", r["went_well"])
            show_list("reflections.untold", r["untold_points"])
            show_list("reflections.next_steps", r["next_steps"])
        with right:
            show_list("reflections.to_improve", r["to_improve"])
            show_list("reflections.interesting", r["interesting_topics"])
            show_list("reflections.ask_agent", r["ask_agent"])
        with st.container(horizontal=True):
            st.page_link("pages/reflect.py", label=ui.tr("reflections.edit"),
                         query_params={"interview": r["interview_id"]}, icon=":material/edit:")
            st.page_link("pages/follow_up.py", label=ui.tr("reflections.thank_you"),
                         query_params={"interview": r["interview_id"]}, icon=":material/mail:")


st.title(ui.tr("reflections.title"))
every, table = ui.reflections()
if every.empty:
    ui.say("info", "reflections.none_yet")
    st.stop()

# The record opened from a card (or a link with ?reflection=ID) comes first; the list stays below it.
if (param := st.query_params.get("reflection", "")).isdigit():
    # A link to the page it is on opens the record without putting ?reflection= in the address bar:
    # set it, so that the address is the record's own link (to bookmark, or to come back to).
    st.query_params["reflection"] = param
    show_detail(int(param))

companies = dict(zip(every["company_id"], table.iloc[:, 1], strict=True))
chosen_companies, chosen_rounds, date_range = ui.interview_filters("reflection", companies)
shown = filter_reflections(every, companies=chosen_companies, rounds=chosen_rounds, dates=tuple(date_range))
st.caption(ui.tr("reflections.count", shown=len(shown), total=len(every)))
if shown.empty:
    ui.say("info", "reflections.no_match")
    st.stop()

# Cards, newest first, a page at a time: one tap on a card opens its record. (A grid cost the
# browser ~300 ms on every visit, opened a record only through a small checkbox, and showed
# two of its seven columns on a phone.)
page = first_rows(shown, "reflections_list", CARD_ROWS)
ui.card_links("reflections_list")
with st.container(key="reflections_list", gap="small"):
    for card in tables.reflection_cards(page, ui.lang()):
        show_card(card)
more_rows("reflections_list", len(page), len(shown), CARD_ROWS)
