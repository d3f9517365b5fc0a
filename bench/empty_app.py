"""app.py's chrome around an empty page: the benchmark's baseline.

This runs app.py itself (page config, database bootstrap, language picker, the
construction of its st.Page list), but its st.navigation(...) runs only
bench/empty_page.py. So the baseline follows app.py as it changes, and a page's ratio
to it is what the page adds on top of what every rerun of the app costs anyway.
"""

import streamlit as st

from bench import APP, ROOT, app_code

real_page, real_navigation = st.Page, st.navigation


def app_page(page, *args, **kwargs):
    # app.py's page paths are relative to app.py, not to this script.
    return real_page(ROOT / page if isinstance(page, str) else page, *args, **kwargs)


def empty_navigation(pages, *args, **kwargs):
    return real_navigation([real_page("empty_page.py", title="empty", default=True)], *args, **kwargs)


st.Page, st.navigation = app_page, empty_navigation
try:
    exec(app_code(), {"__name__": "__main__", "__file__": str(APP)})
finally:
    st.Page, st.navigation = real_page, real_navigation
