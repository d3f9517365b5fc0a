"""Furikaeri: router only. Page config, database bootstrap, language, navigation."""

import streamlit as st

from lib import config, ui
from lib.ui.cache import freeze_long_lived

ui.bootstrap()
freeze_long_lived()
st.set_page_config(page_title=ui.tr("app.name"), page_icon=str(config.ICON), layout="wide")
ui.hide_untranslated_hints()

with st.sidebar:
    st.radio(
        ui.tr("language.label"), config.LANGUAGES, index=config.LANGUAGES.index(ui.lang()), key="language_picker",
        format_func=ui.labels("language"), horizontal=True, on_change=ui.choose_language,
    )


def page(name: str, icon: str, **options) -> st.Page:
    return st.Page(f"pages/{name}.py", title=ui.tr(f"nav.{name}"), icon=f":material/{icon}:", **options)


# Sections follow the loop: reflect on an interview, follow it up, keep several companies apart.
SECTIONS = {
    "": [page("home", "home", default=True)],
    ui.tr("nav.section_reflect"): [page("reflect", "edit_note"), page("reflections", "list_alt"),
                                   page("trends", "insights")],
    ui.tr("nav.section_practice"): [page("plan", "checklist"), page("practice", "record_voice_over")],
    ui.tr("nav.section_follow_up"): [page("follow_up", "mail"), page("log", "forum"), page("stories", "auto_stories")],
    ui.tr("nav.section_companies"): [page("pipeline", "view_kanban"), page("calendar", "calendar_month"),
                                     page("interviews", "event"), page("companies", "domain"),
                                     page("agents", "support_agent")],
    ui.tr("nav.section_data"): [page("data", "table_view"), page("settings", "settings")],
}
st.navigation(SECTIONS, expanded=True).run()
