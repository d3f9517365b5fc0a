"""Stock page two: a single word."""

import streamlit as st

st.write("Two")
