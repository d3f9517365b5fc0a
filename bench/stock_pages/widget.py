"""Stock page with one radio: the yardstick for a widget interaction."""

import streamlit as st

st.radio("Choice", ["a", "b"], key="choice", horizontal=True)
