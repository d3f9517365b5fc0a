"""The browser benchmark's yardstick: a stock Streamlit app with two near-empty pages and one radio."""

import streamlit as st

st.navigation([
    st.Page("stock_pages/one.py", title="One", default=True),
    st.Page("stock_pages/two.py", title="Two"),
    st.Page("stock_pages/widget.py", title="Widget"),
]).run()
