"""agents page (being built)."""

import streamlit as st

from lib import ui

ui.ensure_routed()

st.title(ui.tr("nav.agents"))
