"""The only lib module that imports streamlit: language, database access, caching, display."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from sqlite_utils import Database

from lib import clock, config, db, i18n
from lib.follow_up.communications import thank_you_reminders
from lib.follow_up.profile import get_profile
from lib.follow_up.stories import list_stories
from lib.models import RATINGS, FieldErrors, ValidationError
from lib.pipeline.companies import (
    get_interview,
    interviews_awaiting_reflection,
    list_companies,
    list_interviews,
    local_start,
    recent_interviews,
    upcoming_interviews,
)
from lib.practice import plans, question_set, spaced
from lib.practice import view as practice_view
from lib.practice.cards import asked_questions as asked_questions_of
from lib.practice.cards import cards as practice_cards_of
from lib.practice.cards import list_own_questions
from lib.practice.question_bank import load_bank
from lib.reflect import tables, trends_view
from lib.reflect.analytics import interviews_frame, questions_frame, reflections_frame, scores_frame
from lib.reflect.reflections import list_reflections, question_rows, recent_reflections, score_rows, to_improve_texts
from lib.reflect.trends import competency_summary as summarise
from lib.storage import safety_copies, sample_data

# CommonMark lets any ASCII punctuation be escaped; ":" also stops Streamlit's
# :emoji: / :color[...] shortcodes and "$" stops LaTeX.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:=\"'^%])")
# Streamlit's Markdown (remark-gfm) turns bare URLs and e-mail addresses into links after
# escapes are resolved, so escaping cannot stop it: an invisible word joiner inside "://",
# "www." and before "@" does, and leaves what the reader sees unchanged.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """User text made safe for st.markdown & co.: shown literally (never a link, an image or
    a style), line breaks kept. Every message helper below passes user text through here."""
    literal = _AUTOLINK.sub(WORD_JOINER, str(text))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", literal)
    return escaped.replace("\n", "  \n")


def tr_md(key: str, **params: object) -> str:
    """`key` translated, with every text parameter shown literally (see md)."""
    return tr(key, **{name: md(value) if isinstance(value, str) else value for name, value in params.items()})


MESSAGE_KINDS = ("success", "info", "warning", "error")


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


def lang() -> str:
    """The UI language of this session."""
    return st.session_state.get("language", config.DEFAULT_LANGUAGE)


def tr(key: str, **fmt: object) -> str:
    """`key` translated into the session's language."""
    return i18n.t(key, lang(), **fmt)


@contextmanager
def database() -> Iterator[Database]:
    """A connection to the user's file for one operation."""
    with db.opened(config.db_path()) as conn:
        yield conn


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> bool:
    db.migrate(config.db_path())
    safety_copies.daily_copy(config.db_path())  # once a day, when the app starts; never stops it
    return True


def bootstrap() -> None:
    """Open and migrate the database once per process and pick the session's language;
    on a file we cannot use, show why and stop, leaving the file as it is."""
    locale_lang = i18n.language_from_locale(st.context.locale)
    try:
        _migrated(str(config.db_path()))
        if "language" not in st.session_state:
            with database() as conn:
                st.session_state["language"] = db.get_setting(conn, "language") or locale_lang
    except db.DatabaseUnavailable as problem:
        language = st.session_state.get("language", locale_lang)
        st.title(i18n.t("db_error.title", language))
        st.error(i18n.t(f"db_error.{problem.reason}", language, path=md(str(problem.path))))
        st.info(i18n.t("db_error.hint", language))
        st.stop()


def choose_language() -> None:
    """Callback of the language picker: switch this session and remember the choice."""
    st.session_state["language"] = st.session_state["language_picker"]
    with database() as conn:
        db.set_setting(conn, "language", st.session_state["language"])


def labels(prefix: str, numbered: tuple[str, ...] = ()) -> Callable[[str], str]:
    """A format_func that shows stored codes in the UI language, optionally numbered by
    their place in `numbered`. The language is bound now: AppTest calls it outside a run."""
    language = lang()

    def label(code: str) -> str:
        text = i18n.t(f"{prefix}.{code}", language)
        return f"{numbered.index(code) + 1}. {text}" if numbered else text

    return label


# Cached reads use st.cache_resource, keyed on the data version: the results are shared
# read-only between reruns instead of being unpickled on every one (pages never mutate them).


def data_version() -> int:
    return db.read_data_version(config.db_path())


@st.cache_resource(show_spinner=False, max_entries=4)
def _reflections(path: str, version: int, language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        frame = reflections_frame(list_reflections(conn))
    return frame, tables.reflection_table(frame, language)


def reflections() -> tuple[pd.DataFrame, pd.DataFrame]:
    """All reflection summaries and their display table (same index), built once per data
    version and language."""
    return _reflections(str(config.db_path()), data_version(), lang())


@st.cache_resource(show_spinner=False, max_entries=4)
def _interviews(path: str, version: int, language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        frame = interviews_frame(list_interviews(conn))
    return frame, tables.interview_table(frame, language)


def interviews() -> tuple[pd.DataFrame, pd.DataFrame]:
    """All interviews, newest first, and their display table, built once per data version and language."""
    return _interviews(str(config.db_path()), data_version(), lang())


@st.cache_resource(show_spinner=False, max_entries=4)
def _trend_data(path: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    with database() as conn:
        return scores_frame(score_rows(conn)), questions_frame(question_rows(conn))


@st.cache_resource(show_spinner=False, max_entries=4)
def _summary(path: str, version: int) -> pd.DataFrame:
    return summarise(_trend_data(path, version)[0])


def competency_summary() -> pd.DataFrame:
    """Mean, count and trend of every competency over all interviews."""
    return _summary(str(config.db_path()), data_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _to_improve(path: str, version: int) -> list[str]:
    with database() as conn:
        return to_improve_texts(conn)


def to_improve_notes() -> list[str]:
    """Every reflection's "what to improve" text, read once per data version."""
    return _to_improve(str(config.db_path()), data_version())


@st.cache_resource(show_spinner=False, max_entries=16)
def _trends_view(path: str, version: int, language: str, filters: trends_view.Filters,
                 picked: tuple[str, ...]) -> trends_view.TrendsView:
    every, _ = _reflections(path, version, language)
    scores, questions = _trend_data(path, version)
    return trends_view.build(every, scores, questions, filters, picked, language)


def trends_page(filters: trends_view.Filters, picked: tuple[str, ...]) -> trends_view.TrendsView:
    """The Trends page's content, built once per data version, language, filters and pick."""
    return _trends_view(str(config.db_path()), data_version(), lang(), filters, picked)


@st.cache_resource(show_spinner=False)
def _bank_index() -> question_set.BankIndex:
    return question_set.index_bank(load_bank())


@st.cache_resource(show_spinner=False, max_entries=4)
def _practice_data(path: str, version: int) -> dict:
    with database() as conn:
        return {"cards": practice_cards_of(conn), "asked": asked_questions_of(conn),
                "own": list_own_questions(conn), "stories": [s for _, s in list_stories(conn)],
                "profile": get_profile(conn)}


def practice_data() -> dict:
    """Practice cards, recorded and own questions, stories and profile, once per data version."""
    return _practice_data(str(config.db_path()), data_version())


def practice_cards() -> dict[str, dict]:
    return practice_data()["cards"]


def asked_questions() -> list[dict]:
    return practice_data()["asked"]


def stories() -> list:
    return practice_data()["stories"]


def profile():
    return practice_data()["profile"]


def plan_progress() -> dict[str, int]:
    """Done / total and overdue actions of the plan."""
    return _plan_progress(str(config.db_path()), data_version(), now().date())


@st.cache_resource(show_spinner=False, max_entries=4)
def _plan_progress(path: str, version: int, today) -> dict[str, int]:
    with database() as conn:
        return plans.progress(plans.load_plan(conn), today)


def open_actions_due(days: int) -> list:
    """Open actions of the plan due within `days` days (or overdue), soonest first."""
    today = now().date()
    with database() as conn:
        return [a for a in plans.load_plan(conn) if not a.done and (a.due - today).days <= days]


def due_count() -> int:
    """Practice questions due now."""
    moment = now().astimezone(UTC).isoformat()
    return sum(1 for row in practice_cards().values() if row["due"] <= moment)


@st.cache_resource(show_spinner=False, max_entries=32)
def _question_set(path: str, version: int, language: str, target: dict | None, size: int, focus: tuple[str, ...],
                  seed: int, day) -> question_set.QuestionSet:
    data = _practice_data(path, version)
    own = [{"id": f"own-{q['id']}", "question": q["text"], "category": q["category"], "rating": None,
            "company_id": q["company_id"]} for q in data["own"]]
    return question_set.generate_question_set(
        _bank_index(), _summary(path, version), data["asked"] + own,
        company_id=target["company_id"] if target else None, company=target["company"] if target else "",
        upcoming_round=target["round"] if target else None, due=spaced.due_dates(
            {qid: row["card"] for qid, row in data["cards"].items()}),
        now=datetime.combine(day, datetime.min.time(), tzinfo=UTC), size=size, focus=focus, seed=seed,
        lang=language)


def question_set_for(target: dict | None, size: int, focus: tuple[str, ...], seed: int) -> question_set.QuestionSet:
    """The mock-interview set for these choices, the same all day for the same seed."""
    return _question_set(str(config.db_path()), data_version(), lang(), target, size, focus, seed, now().date())


def practice_queue(queue: list[str]) -> list:
    data = practice_data()
    return practice_view.practice_queue(queue, data["cards"], now(), data["asked"], data["own"], lang())


@st.cache_resource(show_spinner=False, max_entries=4)
def _agenda(path: str, version: int, minute: datetime) -> dict[str, list[dict]]:
    with database() as conn:
        return {
            "awaiting": interviews_awaiting_reflection(conn, minute, limit=50),
            "upcoming": upcoming_interviews(conn, minute),
            "recent": recent_reflections(conn),
            "recent_done": recent_interviews(conn, minute),
            "thank_you": thank_you_reminders(conn, minute),
        }


def agenda() -> dict[str, list[dict]]:
    """What needs doing: interviews awaiting a reflection, upcoming ones, recent reflections.
    Read once per data version and minute."""
    return _agenda(str(config.db_path()), data_version(), now().replace(second=0, microsecond=0))


@st.cache_resource(show_spinner=False, max_entries=4)
def _companies(path: str, version: int, include_archived: bool) -> list[dict]:
    with database() as conn:
        return list_companies(conn, include_archived=include_archived)


def companies(include_archived: bool = False) -> list[dict]:
    """Companies, read once per data version."""
    return _companies(str(config.db_path()), data_version(), include_archived)


def when(row: dict, *, with_time: bool = True) -> str:
    """An interview's local start, formatted in the UI language (zone shown when not the default)."""
    text = i18n.format_datetime(local_start(row), lang(), with_time=with_time)
    if with_time and row["timezone"] != display_zone():
        text += f" ({row['timezone']})"
    return text


def display_zone() -> str:
    """The zone every moment is shown in (Settings), read once per session."""
    if "display_zone" not in st.session_state:
        with database() as conn:
            st.session_state["display_zone"] = clock.display_zone(db.get_setting(conn, clock.SETTING))
    return st.session_state["display_zone"]


def choose_display_zone() -> None:
    """Callback of the zone picker in Settings: show every time in the chosen zone from now on."""
    st.session_state["display_zone"] = clock.display_zone(st.session_state["display_zone_picker"])
    with database() as conn:
        db.set_setting(conn, clock.SETTING, st.session_state["display_zone"])


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


def interview_in_query(pick: Callable[[], None]) -> dict:
    """The interview named by ?interview= (with its interviewers). Without one, `pick` offers
    a choice and the page stops there; an unknown id says so and stops."""
    param = st.query_params.get("interview", "")
    if not param.isdigit():
        pick()
        st.stop()
    with database() as conn:
        interview = get_interview(conn, int(param))
    if interview is None:
        say("warning", "wizard.not_found")
        st.stop()
    return interview


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


def now() -> datetime:
    """The current moment in the display zone (never the server's own zone)."""
    return clock.now(display_zone())


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


def ensure_routed() -> None:
    """Run every page through app.py's st.navigation.

    When the first request after the server starts is a deep link (say a bookmarked
    /reflect?interview=3), Streamlit has not yet seen st.navigation and runs the page
    file directly in its legacy pages/ mode, skipping app.py. Leave that mode and rerun.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def hide_untranslated_hints() -> None:
    """Streamlit's own input hints ("Press Enter to apply") exist only in English; hide
    them so the Japanese UI has no English leftovers. Forms keep their submit buttons."""
    st.html("<style>[data-testid='InputInstructions'] { display: none; }</style>")
