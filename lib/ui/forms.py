"""Forms: filled from the database, read back, emptied after an add, saved with their
errors (and a save from another tab) shown under the fields."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib import db
from lib.models import RATINGS, FieldErrors, ValidationError
from lib.storage import sample_data
from lib.ui.layout import fold
from lib.ui.session import database, lang, now
from lib.ui.text import flash


def seed(prefix: str, values: dict) -> None:
    """Put stored values into the widgets `<prefix>_<field>` unless the user is editing them."""
    for name, value in values.items():
        st.session_state.setdefault(f"{prefix}_{name}", value)


def seed_record(prefix: str, values: dict, stored: object) -> None:
    """Fill an edit form from the database and remember `stored` (the record's snapshot as
    read): a save that finds something else stored (another tab) is then refused instead of
    overwriting it. Values the user is editing are kept."""
    fresh = f"{prefix}__seen" not in st.session_state
    if fresh:
        st.session_state[f"{prefix}__seen"] = stored
    for name, value in values.items():
        if fresh or f"{prefix}_{name}" not in st.session_state:
            st.session_state[f"{prefix}_{name}"] = value


def seen(prefix: str) -> object:
    """The snapshot the form `prefix` was filled from, for the save's `expected`."""
    return st.session_state.get(f"{prefix}__seen", db.UNCHECKED)


def saved(prefix: str) -> None:
    """After a successful save: no errors, and the next run reads the record afresh."""
    st.session_state.pop(f"{prefix}__seen", None)
    set_errors(prefix, {})


def conflicted(prefix: str, conflict: db.WriteConflict, field: str, theirs: str | None = None) -> None:
    """Another tab saved this record first: nothing was saved, the user's entries stay, a
    message says so under `field` (naming `theirs`, the other version, when given), and
    saving again overwrites on purpose."""
    st.session_state[f"{prefix}__seen"] = conflict.current
    message = ("error.conflict_record", {}) if theirs is None else ("error.conflict_named", {"theirs": theirs})
    set_errors(prefix, {field: message})


def save(prefix: str, write: Callable[..., object], *args: object, conflict_field: str = "",
         theirs: Callable[[object], str] | None = None, renamed: dict[str, str] | None = None,
         **kwargs: object) -> bool:
    """Run `write(conn, *args, **kwargs)` for the form `prefix` on one connection; True when it
    saved. Otherwise nothing was saved and the form says why: field errors under their fields
    (`renamed` maps lib field names to the form's), a save from another tab under
    `conflict_field` (naming `theirs(current)` when given)."""
    try:
        with database() as conn:
            write(conn, *args, **kwargs)
    except ValidationError as problem:
        set_errors(prefix, {(renamed or {}).get(name, name): error for name, error in problem.errors.items()})
        return False
    except db.WriteConflict as conflict:
        conflicted(prefix, conflict, conflict_field, theirs(conflict.current) if theirs else None)
        return False
    saved(prefix)
    return True


def form_values(prefix: str, names) -> dict:
    """The current values of the widgets `<prefix>_<field>`."""
    return {name: st.session_state.get(f"{prefix}_{name}") for name in names}


def forget(prefix: str, names) -> None:
    """Drop the widgets' values so that the next run seeds them again from the database.
    (Dropping alone does not clear what the browser shows: use `refill` to empty a form.)"""
    for name in names:
        st.session_state.pop(f"{prefix}_{name}", None)


def refill(prefix: str, values: dict) -> None:
    """Set the widgets `<prefix>_<field>` to `values`, in the browser too: an add form is
    emptied this way after a successful add, so a second click cannot store it again."""
    for name, value in values.items():
        st.session_state[f"{prefix}_{name}"] = value


def add_box(label: str, prefix: str, draw: Callable[[], None], *, open_first: bool = False,
            icon: str | None = None) -> None:
    """The fold around the add form `prefix` (layout.fold: drawn only while open): open at first
    when `open_first` (nothing added yet) or when the form shows errors, then as the user left
    it. The server keeps its state, so adding the first record does not fold the form away
    under the user's pointer."""
    state = f"{prefix}__open"
    if state not in st.session_state or errors_of(prefix):
        st.session_state[state] = open_first or bool(errors_of(prefix))
    fold(label, state, draw, icon=icon)


def errors_of(prefix: str) -> FieldErrors:
    return st.session_state.get(f"{prefix}__errors", {})


def set_errors(prefix: str, errors: FieldErrors) -> None:
    st.session_state[f"{prefix}__errors"] = errors


def checked(prefix: str, validate: Callable, *args, **kwargs):
    """validate(*args, **kwargs), with its field errors shown under the form `prefix`;
    None when something is wrong (and nothing should be saved)."""
    try:
        result = validate(*args, **kwargs)
    except ValidationError as problem:
        set_errors(prefix, problem.errors)
        return None
    set_errors(prefix, {})
    return result


def rating_input(label: str, key: str, **kwargs) -> int | None:
    """A 1-5 rating as a row of choices; nothing chosen means not rated."""
    # Seed "not rated" through session state; passing index as well would make
    # Streamlit warn that the widget has two sources for its value.
    st.session_state.setdefault(key, None)
    return st.radio(label, RATINGS, key=key, horizontal=True, **kwargs)




def load_sample_data() -> None:
    """Button callback: load the sample in the UI language."""
    with database() as conn:
        counts = sample_data.load_sample(conn, lang(), now().date())
    flash("home.sample_loaded", **counts)


def remove_sample_data() -> None:
    """Button callback: remove the sample, never the user's own records."""
    with database() as conn:
        sample_data.remove_sample(conn)
    flash("home.sample_removed")
