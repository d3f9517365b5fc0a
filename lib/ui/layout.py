"""Layout rules a page adds for itself, mostly for the phone (390 px): CSS built from our own
constants and widget keys, never from user text."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

# Streamlit stacks columns below this width; a phone is narrower.
PHONE_WIDTH = 640
CARD_BORDER = "1px solid rgba(49, 51, 63, 0.2)"  # as Streamlit draws a bordered container


def card_links(container_key: str) -> None:
    """The container `container_key` holds cards of two elements each, a page link and a caption
    (no box per card: each element costs the browser a little on every visit): each pair is drawn
    as one card. The links read as the cards' titles: they wrap instead of cutting a long name off
    (Streamlit keeps a link on one line, and its ellipsis does not reach a label's text), and a link
    to the page it is on is not shaded as the current page."""
    box = f".st-key-{container_key}"
    link = f"{box} [data-testid=stPageLink-NavLink]"
    st.html(f"<style>{box} [data-testid=stPageLink] {{border: {CARD_BORDER}; border-bottom: 0;"
            f" border-radius: 0.5rem 0.5rem 0 0; padding: 0.5rem 1rem 0; margin-top: 0.5rem}}"
            f" {box} [data-testid=stCaptionContainer] {{border: {CARD_BORDER}; border-top: 0;"
            f" border-radius: 0 0 0.5rem 0.5rem; padding: 0 1rem 0.25rem; margin-top: -1rem}}"
            f" {link} {{background: none; padding-left: 0}} {link}:hover {{text-decoration: underline}}"
            f" {link} span {{white-space: normal}}</style>")


def markdown_cards(container_key: str) -> None:
    """Each Markdown block in the container `container_key` is drawn as a card: one element per
    card instead of a bordered container around it (each element costs the browser a little)."""
    st.html(f"<style>.st-key-{container_key} [data-testid=stMarkdownContainer] {{border: {CARD_BORDER};"
            f" border-radius: 0.5rem; padding: 0.75rem 1rem 0.25rem; margin-bottom: 0.5rem}}</style>")


def phone_or_wide(phone_key: str, wide_key: str) -> None:
    """Show the container `phone_key` only below PHONE_WIDTH and `wide_key` only above it (say a
    list instead of a chart too dense for a phone): CSS only, the server never knows the width."""
    st.html(f"<style>@media (max-width: {PHONE_WIDTH}px) {{.st-key-{wide_key} {{display: none}}}}"
            f" @media (min-width: {PHONE_WIDTH + 1}px) {{.st-key-{phone_key} {{display: none}}}}</style>")


def fold(label: str, key: str, draw: Callable[[], None], *, icon: str | None = None,
         keep: tuple[str, ...] = ()) -> None:
    """A fold: a one-click heading (`label`, with `icon` and an arrow) that shows or hides
    `draw()` below it. Its content is drawn only while it is open, so what is folded away costs
    the browser nothing on a visit. Whether it is open is kept under `key` in the session (True
    opens it), not in a widget: an st.expander told its state by the server on every run made
    each click inside it cost ~60 ms more. The widget values named in `keep` outlive a closed
    fold (Streamlit forgets the value of a widget that a run does not draw): give those widgets
    their default through st.session_state, not through their `value`/`default` argument."""
    is_open = st.session_state.setdefault(key, False)
    if not is_open:
        for name in keep:
            if name in st.session_state:
                st.session_state[name] = st.session_state[name]
    # Drawn by the app's CSS (ui.text): the heading reads from the left with an arrow at its end.
    with st.container(border=True, key=f"{key}__fold_open" if is_open else f"{key}__fold", gap=None):
        st.button(label, key=f"{key}__toggle", type="tertiary", icon=icon, width="stretch",
                  on_click=st.session_state.__setitem__, args=(key, not is_open))
        if is_open:
            with st.container(key=f"{key}__body"):
                draw()


def lazy_tabs(key: str, sections: dict[str, Callable[[], None]], label: Callable[[str], str]) -> None:
    """Tabs of which only the open one is drawn (Streamlit's tab state tracking): `sections` maps
    a code to the function drawing its tab, `label(code)` names it in the UI language. The open
    tab is kept by its code under "<key>__open" (set it to open one), so it survives a change of
    language; the first is open at first."""
    labels = {code: label(code) for code in sections}
    chosen = st.session_state.get(f"{key}__open")
    if chosen not in labels:
        chosen = next(iter(labels))
    st.session_state[key] = labels[chosen]

    def remember() -> None:
        st.session_state[f"{key}__open"] = next((code for code, text in labels.items()
                                                 if text == st.session_state[key]), chosen)

    for code, tab in zip(sections, st.tabs(list(labels.values()), key=key, on_change=remember), strict=True):
        if tab.open:
            with tab:
                sections[code]()
