"""The filters of a list of interviews or reflections (company, round, interview dates), shared by
the reflections list and Trends."""

from __future__ import annotations

from datetime import date

import streamlit as st

from lib.models import ROUNDS
from lib.ui.layout import fold
from lib.ui.session import tr
from lib.ui.text import labels


def interview_filters(prefix: str, companies: dict[int, str]) -> tuple[list[int], list[str], tuple[date, ...]]:
    """The companies, rounds and date range chosen in the widgets `<prefix>_companies`,
    `<prefix>_rounds` and `<prefix>_dates`. They sit in a fold drawn only when opened (three
    widgets, one listing every company, cost the browser more than the list itself), whose
    label says how many are in use; their values outlive a closed fold."""
    names = chosen, rounds, dates = f"{prefix}_companies", f"{prefix}_rounds", f"{prefix}_dates"
    st.session_state.setdefault(dates, ())
    if chosen in st.session_state and any(c not in companies for c in st.session_state[chosen]):
        # a company with nothing left to show is no longer a choice
        st.session_state[chosen] = [c for c in st.session_state[chosen] if c in companies]

    def draw() -> None:
        with st.container(horizontal=True, key=f"{prefix}_filters"):
            st.multiselect(tr("filters.companies"), companies, format_func=companies.get, key=chosen,
                           placeholder=tr("common.choose"))
            st.multiselect(tr("filters.rounds"), ROUNDS, format_func=labels("round"), key=rounds,
                           placeholder=tr("common.choose"))
            st.date_input(tr("filters.dates"), key=dates, format="YYYY/MM/DD")

    in_use = sum(bool(st.session_state.get(name)) for name in names)
    fold(tr("filters.in_use", count=in_use) if in_use else tr("filters.title"), f"{prefix}_filters_open", draw,
         icon=":material/filter_list:", keep=names)
    return (list(st.session_state.get(chosen, [])), list(st.session_state.get(rounds, [])),
            tuple(st.session_state.get(dates, ())))
