"""Layout rules a page adds for itself, mostly for the phone (390 px): CSS built from our own
constants and widget keys, never from user text."""

from __future__ import annotations

import streamlit as st

# Streamlit stacks columns below this width; a phone is narrower.
PHONE_WIDTH = 640


def card_links(container_key: str) -> None:
    """Page links inside the container `container_key` read as the titles of cards: they wrap
    instead of cutting a long name off (Streamlit keeps a link on one line, and its ellipsis does
    not reach a label's text), and a link to the page it is on is not shaded as the current page."""
    link = f".st-key-{container_key} [data-testid=stPageLink-NavLink]"
    st.html(f"<style>{link} {{background: none; padding-left: 0}} {link}:hover {{text-decoration: underline}}"
            f" {link} span {{white-space: normal}}</style>")


def phone_or_wide(phone_key: str, wide_key: str) -> None:
    """Show the container `phone_key` only below PHONE_WIDTH and `wide_key` only above it (say a
    list instead of a chart too dense for a phone): CSS only, the server never knows the width."""
    st.html(f"<style>@media (max-width: {PHONE_WIDTH}px) {{.st-key-{wide_key} {{display: none}}}}"
            f" @media (min-width: {PHONE_WIDTH + 1}px) {{.st-key-{phone_key} {{display: none}}}}</style>")
