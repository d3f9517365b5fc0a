"""The reflection wizard's layout: CSS from our own widget keys, never from user text."""

from __future__ import annotations

import streamlit as st

from lib.ui.layout import PHONE_WIDTH

# The step bar wraps into two tight rows on a phone, and the competency grid keeps each
# name, its 1-5 choice and its note button on one line there too (the note button as its icon).
# A Markdown block ends with a negative margin that would sink a name below its choices.
_CSS = """<style>
@media (max-width: {phone}px) {{
  .st-key-wizard_nav [data-testid=stButtonGroup] button {{ padding: 0.2rem 0.45rem; min-height: 2rem; }}
  .st-key-wizard_nav [data-testid=stButtonGroup] button p {{ font-size: 0.85rem; }}
  [class*=st-key-grid_row_] {{ flex-wrap: nowrap !important; }}
  [class*=st-key-grid_row_] > [data-testid=stElementContainer]:first-child {{ flex: 0 0 7rem !important; width: 7rem !important; }}
  [class*=st-key-grid_row_] [data-testid=stMarkdownContainer] p {{ font-size: 0.85rem; line-height: 1.3; }}
  [class*=st-key-grid_row_] [data-testid=stButtonGroup] button {{ padding: 0 0.75rem; min-width: 0; }}
  [class*=st-key-grid_row_] [data-testid=stPopover] button p {{ display: none; }}
}}
[class*=st-key-grid_row_] {{ border-bottom: 1px solid rgba(49, 51, 63, 0.08); }}
[class*=st-key-grid_row_] [data-testid=stMarkdownContainer] {{ margin-bottom: 0 !important; }}
[class*=st-key-grid_row_] [data-testid=stMarkdownContainer] p {{ margin: 0 !important; }}
</style>"""


def compact_wizard() -> None:
    """Style the wizard's step bar (key wizard_nav) and competency grid (keys grid_row_*)."""
    st.html(_CSS.format(phone=PHONE_WIDTH))
