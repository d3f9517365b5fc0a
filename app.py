"""Furikaeri: router only. Page config, database bootstrap, language, navigation."""

import streamlit as st

from lib import config, ui

ui.bootstrap()
st.set_page_config(page_title=ui.tr("app.name"), page_icon=":material/replay:", layout="wide")
ui.hide_untranslated_hints()

with st.sidebar:
    st.radio(
        ui.tr("language.label"), config.LANGUAGES, index=config.LANGUAGES.index(ui.lang()), key="language_picker",
        format_func=ui.labels("language"), horizontal=True, on_change=ui.choose_language,
    )

PAGES = [
    st.Page("pages/home.py", title=ui.tr("nav.home"), icon=":material/home:", default=True),
    st.Page("pages/reflect.py", title=ui.tr("nav.reflect"), icon=":material/edit_note:"),
    st.Page("pages/reflections.py", title=ui.tr("nav.reflections"), icon=":material/list_alt:"),
    st.Page("pages/trends.py", title=ui.tr("nav.trends"), icon=":material/insights:"),
    st.Page("pages/interviews.py", title=ui.tr("nav.interviews"), icon=":material/event:"),
    st.Page("pages/companies.py", title=ui.tr("nav.companies"), icon=":material/domain:"),
    st.Page("pages/settings.py", title=ui.tr("nav.settings"), icon=":material/settings:"),
]
st.navigation(PAGES).run()
