"""Action plans: 3-7 concrete preparation steps before the next interview.

Actions come from data/action_library.toml (ours, in ja and en) for the weakest competencies
and for recurring "to improve" notes; a note that names no competency becomes an action of
its own. Regenerating keeps what the user made theirs: their own actions, their edits and
their ticks. Pure: plain data in, a list of PlanAction out; the page stores it.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pandas as pd

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR, LANGUAGES
from lib.models import ValidationError
from lib.practice.question_set import text_key
from lib.reflect.trends import weakest

LIBRARY_PATH = DATA_DIR / "action_library.toml"
GENERAL = "general"              # the competency of actions that train everything
SOURCES = ("library", "note", "user")
MIN_ACTIONS, MAX_ACTIONS = 3, 7
HORIZON_DAYS = 14                # without a scheduled interview, the plan covers two weeks
MAX_NOTE_ACTIONS = 2
# With no ratings and no notes yet: the three answers every interview in Japan asks for.
DEFAULT_FOCUS = ("self_introduction", "motivation", "reason_for_change")
# The general actions, in the order a plan takes them after the competency ones.
GENERAL_FIRST = "mock_interview_friend"  # mock interviews with friends work (DOMAIN.md §4)


@dataclass(frozen=True)
class LibraryAction:
    id: str
    competency: str
    text: dict[str, str]
    target: dict[str, str]
    target_count: int
    effort_days: int  # finish at least this many days before the interview


@dataclass(frozen=True)
class ActionLibrary:
    actions: tuple[LibraryAction, ...]
    keywords: dict[str, tuple[str, ...]]

    def by_id(self) -> dict[str, LibraryAction]:
        return {action.id: action for action in self.actions}

    def of(self, competency: str) -> list[LibraryAction]:
        return [action for action in self.actions if action.competency == competency]


@dataclass(frozen=True)
class PlanAction:
    id: str                  # library id, "note-<hash>" or "own-<n>"
    competency: str          # a competency key or "general"
    text: str
    target: str
    due: date
    done: bool = False
    source: str = "library"  # library / note / user
    user_edited: bool = False

    @property
    def kept(self) -> bool:
        """Survives regeneration: the user's own action, or one they edited or ticked."""
        return self.source == "user" or self.user_edited or self.done

    def to_record(self) -> dict:
        """The columns of plan_actions (action_id, …, due as ISO date, flags as 0/1)."""
        return {"action_id": self.id, "competency": self.competency, "text": self.text, "target": self.target,
                "due": self.due.isoformat(), "done": int(self.done), "source": self.source,
                "user_edited": int(self.user_edited)}

    @classmethod
    def from_record(cls, row: dict) -> PlanAction:
        return cls(row["action_id"], row.get("competency") or GENERAL, row["text"], row.get("target") or "",
                   date.fromisoformat(str(row["due"])[:10]), bool(row.get("done")), row.get("source") or "user",
                   bool(row.get("user_edited")))


# ---------------------------------------------------------------------------- the library

@cache
def load_library(path: Path = LIBRARY_PATH) -> ActionLibrary:
    """The action library, checked: known competencies, unique ids, both languages, days ≥ 1."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    actions = []
    for row in raw["actions"]:
        action = LibraryAction(row["id"], row["competency"], dict(row["text"]), dict(row["target"]),
                               int(row["target_count"]), int(row["effort_days"]))
        problems = [name for name, bad in (
            ("competency", action.competency not in (*COMPETENCIES, GENERAL)),
            ("text", any(not action.text.get(lang, "").strip() for lang in LANGUAGES)),
            ("target", any(not action.target.get(lang, "").strip() for lang in LANGUAGES)),
            ("target_count", action.target_count < 1), ("effort_days", action.effort_days < 1)) if bad]
        if problems:
            raise ValueError(f"action {action.id!r} in {path.name}: bad {', '.join(problems)}")
        actions.append(action)
    ids = Counter(action.id for action in actions)
    if repeated := [i for i, n in ids.items() if n > 1]:
        raise ValueError(f"repeated action ids in {path.name}: {repeated}")
    keywords = {c: tuple(word.lower() for word in words) for c, words in raw.get("keywords", {}).items()}
    return ActionLibrary(tuple(actions), keywords)


def competency_of_note(note: str, library: ActionLibrary | None = None) -> str | None:
    """The competency a "to improve" note is about, by keyword: the most keywords found wins,
    then the one mentioned first, then taxonomy order; None when it names none. A keyword found
    inside a longer keyword's match does not count (キャリアプラン is not キャリア, 専門用語 not 専門)."""
    library = library or load_library()
    text = note.lower()
    spans = [(start, start + len(word), competency)
             for competency in COMPETENCIES for word in library.keywords.get(competency, ())
             for start in _occurrences(text, word)]
    kept = [(start, end, competency) for start, end, competency in spans
            if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)]
    ranked = []
    for order, competency in enumerate(COMPETENCIES):
        found = [start for start, _, c in kept if c == competency]
        if found:
            ranked.append((-len(found), min(found), order, competency))
    return min(ranked)[-1] if ranked else None


def _occurrences(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


# ---------------------------------------------------------------------------- the plan

def plan_deadline(next_interview: date | None, today: date) -> date:
    """The day the plan works towards: the next interview, or HORIZON_DAYS from today."""
    if next_interview is None or next_interview < today:
        return today + timedelta(days=HORIZON_DAYS)
    return next_interview


def action_count(days_left: int) -> int:
    """How many actions fit: three, plus one for every three days left, at most seven."""
    return max(MIN_ACTIONS, min(MAX_ACTIONS, MIN_ACTIONS + days_left // 3))


def generate_plan(
    summary: pd.DataFrame | None,
    to_improve_notes: Sequence[str],
    next_interview: date | None,
    today: date,
    existing: Sequence[PlanAction] = (),
    lang: str = "ja",
    *,
    dismissed: Collection[str] = (),
    library: ActionLibrary | None = None,
) -> list[PlanAction]:
    """A plan for the 2-3 weakest competencies and the recurring notes, due before
    `next_interview` (or within 14 days): every existing action the user made theirs (kept
    as is, never duplicated), topped up with new ones to 3-7 open actions.
    `dismissed`: ids the user deleted, never suggested again. Sorted by due date."""
    library = library or load_library()
    deadline = plan_deadline(next_interview, today)
    kept = [action for action in existing if action.kept]
    taken = {action.id for action in kept} | set(dismissed)

    competencies = weakest(summary, 3) if summary is not None and not summary.empty else []
    note_actions: list[tuple[str, str]] = []  # (id, note)
    for note in to_improve_notes:
        competency = competency_of_note(note, library)
        if competency is None:
            note_actions.append((_note_id(note), note))
        elif competency not in competencies:
            competencies.append(competency)
    if not competencies and not note_actions:
        competencies = list(DEFAULT_FOCUS)

    # Open actions the user kept count towards the plan's size; ticked ones do not.
    wanted = action_count((deadline - today).days) - sum(not action.done for action in kept)
    chosen: list[tuple[LibraryAction | None, str, str]] = []  # (library action, note id, note)
    for candidate in _in_priority(library, competencies, note_actions, (deadline - today).days):
        if len(chosen) >= wanted:
            break
        action, note_id, _ = candidate
        if (action.id if action else note_id) not in taken:
            taken.add(action.id if action else note_id)
            chosen.append(candidate)

    dues = _spread(today, deadline, [action.effort_days if action else 2 for action, _, _ in chosen])
    fresh = [_from_library(action, due, lang) if action else _from_note(note_id, note, due, lang)
             for (action, note_id, note), due in zip(chosen, dues)]
    kept = [in_language(action, library, lang) for action in kept]
    order = {action.id: n for n, action in enumerate(kept + fresh)}
    return sorted(kept + fresh, key=lambda a: (a.due, order[a.id]))


def _in_priority(library: ActionLibrary, competencies: list[str], note_actions: list[tuple[str, str]],
                 days_left: int):
    """Candidates best first: one action per focus competency (weakest first), the mock
    interview, the notes without a competency, then second and further actions of each
    competency in turn, then the other general actions. Within a competency, actions that
    fit the days left come first."""
    def fits_first(actions: list[LibraryAction]) -> list[LibraryAction]:
        return sorted(actions, key=lambda a: a.effort_days > days_left)

    per_competency = [fits_first(library.of(c)) for c in competencies]
    general = library.of(GENERAL)
    general.sort(key=lambda a: a.id != GENERAL_FIRST)
    for actions in per_competency:
        if actions:
            yield actions[0], "", ""
    if general:
        yield general[0], "", ""
    for note_id, note in note_actions[:MAX_NOTE_ACTIONS]:
        yield None, note_id, note
    for depth in range(1, max((len(a) for a in per_competency), default=0)):
        for actions in per_competency:
            if depth < len(actions):
                yield actions[depth], "", ""
    for action in general[1:]:
        yield action, "", ""


def _spread(today: date, deadline: date, leads: list[int]) -> list[date]:
    """Due dates spread evenly from today to the deadline, the earliest for the action that
    needs the longest lead, each at least its lead before the deadline when there is room."""
    span = (deadline - today).days
    if span <= 0:
        return [today] * len(leads)
    ranks = sorted(range(len(leads)), key=lambda n: (-leads[n], n))
    dues = [today] * len(leads)
    for rank, n in enumerate(ranks):
        evenly = today + timedelta(days=-(-span * (rank + 1) // (len(leads) + 1)))
        dues[n] = max(today, min(evenly, deadline - timedelta(days=leads[n])))
    return dues


def _note_id(note: str) -> str:
    return "note-" + hashlib.sha1(text_key(note).encode()).hexdigest()[:10]


def _from_library(action: LibraryAction, due: date, lang: str) -> PlanAction:
    return PlanAction(action.id, action.competency, _text(action.text, lang), _text(action.target, lang), due)


def _from_note(note_id: str, note: str, due: date, lang: str) -> PlanAction:
    return PlanAction(note_id, GENERAL, i18n.t("plan.note_action", lang, note=note),
                      i18n.t("plan.note_target", lang), due, source="note")


def _text(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts["ja"]


def in_language(action: PlanAction, library: ActionLibrary, lang: str) -> PlanAction:
    """A kept library action the user did not edit follows the language switch."""
    source = library.by_id().get(action.id) if action.source == "library" and not action.user_edited else None
    if source is None:
        return action
    return replace(action, text=_text(source.text, lang), target=_text(source.target, lang))


# ---------------------------------------------------------------------------- the user's changes

def add_action(plan: Sequence[PlanAction], text: str, due: date, target: str = "",
               competency: str = GENERAL) -> list[PlanAction]:
    """The plan with the user's own action added (id own-<n>, kept by every regeneration)."""
    if any(a.text.casefold() == text.strip().casefold() for a in plan):
        raise ValidationError({"text": ("error.duplicate_action", {})})
    numbers = [int(a.id[4:]) for a in plan if a.id.startswith("own-") and a.id[4:].isdigit()]
    own = PlanAction(f"own-{max(numbers, default=0) + 1}", competency, text.strip(), target.strip(), due,
                     source="user")
    return [*plan, own]


def edit_action(plan: Sequence[PlanAction], action_id: str, **changes: object) -> list[PlanAction]:
    """The plan with one action's text, target, due or competency changed; an edit of a
    suggested action marks it user_edited, so regeneration keeps it."""
    allowed = {"text", "target", "due", "competency"}
    if unknown := set(changes) - allowed:
        raise ValueError(f"cannot edit {sorted(unknown)}")
    return [replace(a, **changes, user_edited=True) if a.id == action_id else a for a in plan]


def set_done(plan: Sequence[PlanAction], action_id: str, done: bool = True) -> list[PlanAction]:
    """The plan with one action ticked off (or unticked)."""
    return [replace(a, done=done) if a.id == action_id else a for a in plan]


def delete_action(plan: Sequence[PlanAction], action_id: str) -> list[PlanAction]:
    """The plan without one action. Pass deleted library ids as `dismissed` to generate_plan
    so that regeneration does not bring them back."""
    return [a for a in plan if a.id != action_id]
