"""Stock page one: a single word."""

import streamlit as st

st.write("One")
