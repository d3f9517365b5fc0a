"""What the pages write: user text shown literally (one escaping path), messages in the
user's language, labels, and the way dates and interviews are written."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from lib import clock, i18n
from lib.models import FieldErrors
from lib.pipeline.companies import local_start
from lib.ui.session import display_zone, lang, tr

# CommonMark lets any ASCII punctuation be escaped; ":" also stops Streamlit's
# :emoji: / :color[...] shortcodes and "$" stops LaTeX.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:=\"'^%])")
# Streamlit's Markdown (remark-gfm) turns bare URLs and e-mail addresses into links after
# escapes are resolved, so escaping cannot stop it: an invisible word joiner inside "://",
# "www." and before "@" does, and leaves what the reader sees unchanged.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"
MESSAGE_KINDS = ("success", "info", "warning", "error")


def md(text: object) -> str:
    """User text made safe for st.markdown & co.: shown literally (never a link, an image or
    a style), line breaks kept. Every message helper below passes user text through here."""
    literal = _AUTOLINK.sub(WORD_JOINER, str(text))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", literal)
    return escaped.replace("\n", "  \n")


def small(markdown: str) -> str:
    """Markdown for a caption's look (small, grey) inside a larger block; `markdown` is already
    safe (md, tr or tr_md)."""
    return f":gray[:small[{markdown}]]"


def tr_md(key: str, **params: object) -> str:
    """`key` translated, with every text parameter shown literally (see md)."""
    return tr(key, **{name: md(value) if isinstance(value, str) else value for name, value in params.items()})


def say(kind: str, key: str, *, icon: str | None = None, heading: str | None = None,
        detail: tuple[str, dict] | None = None, **params: object) -> None:
    """A message box (success, info, warning, error) in the UI language: an optional bold
    heading, the message `key`, an optional second line `detail` (key, params). Text
    parameters, which may hold user text, are shown literally. Pages use this, never st.info & co."""
    if kind not in MESSAGE_KINDS:
        raise ValueError(kind)
    text = tr_md(key, **params)
    if heading:
        text = f"**{md(heading)}**  \n{text}"
    if detail:
        text += "  \n" + tr_md(detail[0], **detail[1])
    getattr(st, kind)(text, icon=icon)


def md_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.table, which renders its cells as Markdown: every text cell through md."""
    return frame.map(lambda value: md(value) if isinstance(value, str) else value)


def show_errors(errors: FieldErrors, field: str) -> None:
    """The message for one field, right under it, in the UI language."""
    if field in errors:
        key, params = errors[field]
        say("error", key, icon=":material/error:", **params)


def flash(key: str, **params: object) -> None:
    """A success message (`key` and its parameters) that survives the rerun after a button."""
    st.session_state["_flash"] = (key, params)


def show_flash() -> None:
    if flashed := st.session_state.pop("_flash", None):
        key, params = flashed
        say("success", key, icon=":material/check_circle:", **params)


def labels(prefix: str, numbered: tuple[str, ...] = ()) -> Callable[[str], str]:
    """A format_func that shows stored codes in the UI language, optionally numbered by
    their place in `numbered`. The language is bound now: AppTest calls it outside a run."""
    language = lang()

    def label(code: str) -> str:
        text = i18n.t(f"{prefix}.{code}", language)
        return f"{numbered.index(code) + 1}. {text}" if numbered else text

    return label


def _css_string(text: str) -> str:
    """A catalog string as a CSS string literal (our own constants, never user text)."""
    return '"' + re.sub(r'["\\\n<>]', "", text) + '"'


# Streamlit's own words that exist only in English, the element that holds each one (by its
# data-testid and attributes, which are stable), and the catalog key that replaces it. The
# original text is shrunk to nothing and the translation drawn in its place (::after).
_BUILT_IN_TEXTS = (
    ("[data-testid='stSkipToContent']", "streamlit.skip_to_content", "1rem"),
    ("[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p",
     "streamlit.upload", "0.875rem"),
    ("[data-testid='stFileUploaderDropzoneInstructions'] span", "streamlit.upload_limit", "0.875rem"),
    ("[data-placeholder='true'][data-type='year']", "streamlit.placeholder_year", "1rem"),
    ("[data-placeholder='true'][data-type='month']", "streamlit.placeholder_month", "1rem"),
    ("[data-placeholder='true'][data-type='day']", "streamlit.placeholder_day", "1rem"),
    ("[data-placeholder='true'][data-type='hour']", "streamlit.placeholder_hour", "1rem"),
    ("[data-placeholder='true'][data-type='minute']", "streamlit.placeholder_minute", "1rem"),
)


def built_in_texts_css(language: str, upload_limit_mb: int) -> str:
    """CSS that shows Streamlit's built-in English words (the uploader's button and size limit,
    empty date and time fields, the skip link) in `language`, and hides its input hints."""
    rules = ["[data-testid='InputInstructions'] { display: none; }"]
    for selector, key, size in _BUILT_IN_TEXTS:
        text = _css_string(i18n.t(key, language, mb=upload_limit_mb))
        rules.append(f"{selector} {{ font-size: 0; }}")
        rules.append(f"{selector}::after {{ content: {text}; font-size: {size}; }}")
    return " ".join(rules)


# The lists whose every line is a button that opens a record (pages/interviews, log, agents, companies).
_LIST_LINES = ", ".join(f"[class*=st-key-{name}_row_]" for name in ("interviews", "log", "agents", "companies"))


def hide_untranslated_hints() -> None:
    """The app's own CSS: Streamlit's built-in English words shown in the UI language (or
    hidden, like "Press Enter to apply"), and the compact page header."""
    limit = int(st.get_option("server.maxUploadSize"))
    # The page title is a compact header: the sidebar already names the page in large type.
    st.html(f"<style>{built_in_texts_css(lang(), limit)}"
            " [data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }"
            # Links and check box labels wrap: Streamlit keeps them on one line and cuts long names off.
            " [data-testid=stPageLink-NavLink] span, [data-testid=stCheckbox] [data-testid=stWidgetLabel] p"
            " { white-space: normal; overflow-wrap: anywhere; }"
            # A list's lines (one button each) read from the left, like text.
            f" :is({_LIST_LINES}) button {{ justify-content: flex-start; text-align: left; }}"
            f" :is({_LIST_LINES}) button p {{ text-align: left; }}"
            # A fold (layout.fold): its heading reads from the left, with an arrow saying whether it is open.
            " [class*=__fold] { padding: 0.25rem 0.5rem; }"
            " [class*=__toggle] button, [class*=__toggle] button div { justify-content: flex-start; }"
            " [class*=__toggle] button::after { font-family: 'Material Symbols Rounded'; font-size: 1.25rem;"
            " content: 'expand_more'; margin-left: auto; }"
            " [class*=__fold_open] [class*=__toggle] button::after { content: 'expand_less'; }"
            # On a phone the header bar (with the sidebar's button) lies over the first 3.75 rem.
            " @media (max-width: 640px) { [data-testid='stMainBlockContainer'] { padding-top: 4.25rem; } }"
            " [data-testid='stMainBlockContainer'] h1 { font-size: 1.6rem; padding: 0 0 0.5rem; }"
            " [data-testid='stMainBlockContainer'] h2 { font-size: 1.35rem; }"
            " [data-testid='stMainBlockContainer'] h3 { font-size: 1.15rem; }</style>")


# ------------------------------------------------------------------ dates and interviews

def when(row: dict, *, with_time: bool = True) -> str:
    """An interview's local start, formatted in the UI language (its zone named when it is
    not the display zone)."""
    text = i18n.format_datetime(local_start(row), lang(), with_time=with_time)
    if with_time and row["timezone"] != display_zone():
        text += f" ({row['timezone']})"
    return text


def instant(moment: str | datetime) -> str:
    """A stored moment (UTC), written in the UI language in the display zone."""
    return i18n.format_datetime(clock.in_zone(moment, display_zone()), lang())


def local_day(row: dict):
    """An interview's date in its own time zone."""
    return local_start(row).date()


def format_day(day) -> str:
    """A date written the way the UI language writes it."""
    return i18n.format_datetime(day, lang(), with_time=False)


def company_label(row: dict) -> str:
    """A company's name, with a marker when it is sample data."""
    name = row.get("company") or row.get("name") or ""
    return f"{name} [{tr('common.sample_badge')}]" if row.get("is_sample") else name


def interview_label(row: dict) -> str:
    return tr("home.interview_line", when=when(row), company=company_label(row), round=tr(f"round.{row['round']}"))
