"""app.py's chrome (page config, bootstrap, language radio, navigation) around an empty page.

Its rerun time is the benchmark's baseline: a page's ratio to it is what the page adds
on top of what every rerun of the app costs anyway. Keep it in step with app.py.
"""

import streamlit as st

from lib import config, ui

st.set_page_config(page_title="Furikaeri", page_icon=":material/replay:", layout="wide")
ui.bootstrap()

with st.sidebar:
    st.radio(
        ui.tr("language.label"), config.LANGUAGES, key="language",
        format_func=lambda code: ui.tr(f"language.{code}"), horizontal=True, on_change=ui.save_language,
    )

st.navigation([st.Page("empty_page.py", title="empty", default=True)]).run()
