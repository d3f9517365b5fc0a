"""Settings: language, where the data lives, sample data."""

import streamlit as st

from lib import config, sample_data, ui

ui.ensure_routed()


st.title(ui.tr("settings.title"))
ui.show_flash()

st.subheader(ui.tr("settings.data"))
st.write(ui.tr("settings.privacy"))
st.code(str(config.db_path().resolve()), language=None)

st.subheader(ui.tr("settings.sample"))
st.caption(ui.tr("settings.sample_help"))
with ui.database() as conn:
    present = sample_data.has_sample(conn)
if present:
    st.button(ui.tr("home.remove_sample"), key="settings_remove_sample", on_click=ui.remove_sample_data)
else:
    st.button(ui.tr("home.load_sample"), key="settings_load_sample", on_click=ui.load_sample_data)
