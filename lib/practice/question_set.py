"""Mock question sets: a seeded, explainable pick of practice questions.

Every candidate question gets a weight that is a product of plain factors (its category's
weakness, a low self-rating when it was really asked, the target company, the round of the
upcoming interview, practice due dates); the set is a weighted sample without replacement,
so a seed always gives the same set. Each factor that lifted a picked question becomes a
reason `(locale key, params)`, shown next to it. Pure: plain data in, a QuestionSet out.

Candidates are duck-typed: anything with id, category, round ("early" / "final" / "any"),
kind, text {lang: str}, and optionally probes, looking_for, interviewer, tip, ask_at and job_family
(lib.practice.question_bank.BankQuestion).

The next round's interviewers (人事 / 現場 / 役員, from its round or the roles recorded for it,
question_bank.expected_interviewers) lift the questions they typically ask and lower those of the
other roles. A job-family pack's question is a candidate only when the user prepares for that family.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.practice.question_bank import INTERVIEWERS, JOB_FAMILIES, expected_interviewers
from lib.reflect.trends import weakest

DEFAULT_SIZE = 10
MIN_SIZE, MAX_SIZE = 3, 30
STAGES = ("early", "final")
# Interview rounds → the stage a bank question is written for.
ROUND_STAGE = {"casual": "early", "first": "early", "second": "early", "third": "final", "final": "final"}

# The weight factors. A category's weight grows by GAP_WEIGHT for each point its mean lies
# below the user's own average over rated categories (unrated ones count as average, so
# they are neither pushed nor hidden); a declining trend adds DECLINING_BOOST.
GAP_WEIGHT = 2.5
DECLINING_BOOST = 1.0
RATED_LOW = 2              # an asked question self-rated at or below this is practised again
RATED_LOW_FACTOR = 3.0
RATED_HIGH_FACTOR = 0.5    # rated 4-5: it went well, ask it less
THIS_COMPANY_FACTOR = 2.0  # the target company asked exactly this before
COMPANY_CATEGORY_FACTOR = 1.5  # the target company asked about this category before
ROUND_MATCH_FACTOR = 1.5
ROUND_MISMATCH_FACTOR = 0.5
INTERVIEWER_MATCH_FACTOR = 2.0     # asked typically by one of the next round's interviewers
INTERVIEWER_MISMATCH_FACTOR = 0.4  # asked typically by another role
JOB_FAMILY_FACTOR = 2.0            # the pack of the job family prepared for
ROLES = tuple(role for role in INTERVIEWERS if role != "any")
DUE_FACTOR = 2.5
NOT_DUE_FACTOR = 0.3       # practised recently and not due yet
# Chosen focus categories come first; other questions only fill a set the focus cannot.
FOCUS_TIER = 1e9
# A factor lifts one question among thousands only a little, so questions with a signal of
# their own (asked and rated low, asked by the target company, due for practice) first
# compete among themselves for this share of the set; the rest compete with everything.
PRIORITY_SHARE = 0.4

REASON = "practice_set.reason."
OWN_PREFIX = "own-"


@dataclass(frozen=True)
class PickedQuestion:
    id: str
    text: str
    category: str
    probes: tuple[str, ...]
    reasons: list[tuple[str, dict]]
    source: str                 # "bank" or "own"
    kind: str = "general"
    looking_for: str = ""
    weight: float = 1.0
    interviewer: str = "any"    # who typically asks it (question_bank.INTERVIEWERS)
    tip: str = ""               # how to answer a sensitive question well
    ask_at: str = ""            # a 逆質問's best place to ask (question_bank.ASK_AT); "" = the interview


@dataclass(frozen=True)
class QuestionSet:
    items: list[PickedQuestion]
    seed: int
    lang: str
    focus: tuple[str, ...] = ()
    category_weights: dict[str, float] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]


# ---------------------------------------------------------------------------- the bank, indexed once

# Sentence punctuation, quotes and brackets, half and full width, ignored at both ends of a question.
_ENDS = "。．.、，,？?！!：:；;・…「」『』（）()［］[]【】\"'“”‘’〜~ー-"


def text_key(text: str) -> str:
    """A question's text as compared for duplicates: lower case, without blanks (full-width
    ones too) and without punctuation at either end. Cheap on purpose: it runs on the whole bank."""
    return "".join((text or "").lower().split()).strip(_ENDS)


def _pick_text(texts: Mapping[str, str] | str | None, lang: str) -> str:
    if isinstance(texts, str):
        return texts
    texts = texts or {}
    return texts.get(lang) or texts.get("ja") or next((v for v in texts.values() if v), "")


@dataclass
class BankIndex:
    """Per-question arrays of a bank, built once so that each set costs only vector maths."""

    questions: list
    ids: list[str]
    position: dict[str, int]
    category: np.ndarray        # index into COMPETENCIES, -1 for an unknown category
    stage: np.ndarray           # 0 early, 1 final, -1 any
    reverse: np.ndarray         # bool
    interviewer: np.ndarray     # index into ROLES, -1 for "any"
    family: np.ndarray          # index into JOB_FAMILIES, -1 for a question of every family
    _by_text: dict[str, dict[str, int]] = field(default_factory=dict)

    def by_text(self, lang: str) -> dict[str, int]:
        """text_key of each question's text in `lang` → position; built on first use. The user
        writes reflections in the app's language, so that is the text their questions match."""
        if lang not in self._by_text:
            by_text: dict[str, int] = {}
            for n, question in enumerate(self.questions):
                by_text.setdefault(text_key(_pick_text(question.text, lang)), n)
            self._by_text[lang] = by_text
        return self._by_text[lang]


def index_bank(bank: Sequence) -> BankIndex:
    """Arrays over the bank's questions (the first of a repeated id wins)."""
    questions = list(bank)
    ids = [question.id for question in questions]
    position = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))
    if len(position) < len(ids):
        keep = sorted(position.values())
        questions, ids = [questions[n] for n in keep], [ids[n] for n in keep]
        position = {qid: n for n, qid in enumerate(ids)}
    codes = {c: n for n, c in enumerate(COMPETENCIES)}
    stages = {s: n for n, s in enumerate(STAGES)}  # round "any" → -1
    category = np.fromiter((codes.get(q.category, -1) for q in questions), np.int64, len(questions))
    stage = np.fromiter((stages.get(q.round, -1) for q in questions), np.int64, len(questions))
    reverse = np.fromiter((q.kind == "reverse" for q in questions), bool, len(questions))
    roles = {r: n for n, r in enumerate(ROLES)}
    families = {f: n for n, f in enumerate(JOB_FAMILIES)}
    interviewer = np.fromiter((roles.get(getattr(q, "interviewer", "any"), -1) for q in questions), np.int64,
                              len(questions))
    family = np.fromiter((families.get(getattr(q, "job_family", None) or "", -1) for q in questions), np.int64,
                         len(questions))
    return BankIndex(questions, ids, position, category, stage, reverse, interviewer, family)


_last_index: tuple[object, BankIndex] | None = None


def _indexed(bank: Sequence | BankIndex) -> BankIndex:
    """The bank's index; the last one is kept, since the app uses one bank per process."""
    global _last_index
    if isinstance(bank, BankIndex):
        return bank
    if _last_index is None or _last_index[0] is not bank:
        _last_index = (bank, index_bank(bank))
    return _last_index[1]


# ---------------------------------------------------------------------------- inputs

@dataclass
class _Asked:
    """One question the user was really asked (repeats merged by text)."""

    id: str
    text: str
    category: str
    stage: int
    rating: float | None = None
    company: str = ""
    this_company: bool = False
    probes: tuple = ()
    target_company: str = ""   # the target company's name, when it asked this


def _rating(value) -> float | None:
    try:
        rating = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(rating) else rating


def _asked_questions(own_questions: Iterable[Mapping], company_id) -> list[_Asked]:
    """The user's questions merged by text: lowest rating (and its company) wins; asked by
    the target company if any repeat was; the smallest question id is kept so that practice
    cards stay attached when the same question is recorded again."""
    merged: dict[str, _Asked] = {}
    for row in own_questions:
        text = str(row.get("question") or row.get("text") or "").strip()
        key = text_key(text)
        if not key:
            continue
        qid = row.get("id") or f"{OWN_PREFIX}{row.get('question_id')}"
        rating = _rating(row.get("rating"))
        company = str(row.get("company") or "")
        stage = upcoming_stage(row.get("round"))
        asked = _Asked(str(qid), text, row.get("category") or "", STAGES.index(stage) if stage else -1, rating,
                       company, company_id is not None and row.get("company_id") == company_id,
                       tuple(row.get("probes") or ()))
        if asked.this_company:
            asked.target_company = company
        before = merged.get(key)
        if before is None:
            merged[key] = asked
            continue
        if _sort_id(asked.id) < _sort_id(before.id):
            before.id = asked.id
        if rating is not None and (before.rating is None or rating < before.rating):
            before.rating, before.company = rating, company
        before.this_company |= asked.this_company
        before.target_company = before.target_company or asked.target_company
    return list(merged.values())


def _sort_id(qid: str) -> tuple:
    tail = qid.rsplit("-", 1)[-1]
    return (0, int(tail), qid) if tail.isdigit() else (1, 0, qid)


class _Signals:
    """The per-category part of the weights and the facts behind it."""

    def __init__(self, summary: pd.DataFrame | None, focus: Sequence[str]):
        self.focus = tuple(c for c in COMPETENCIES if c in set(focus))
        self.weight = dict.fromkeys(COMPETENCIES, 1.0)
        self.mean: dict[str, float] = {}
        self.average = float("nan")
        self.weakest: list[str] = []
        self.declining: dict[str, float] = {}
        if summary is None or summary.empty or "mean" not in summary or "count" not in summary:
            return
        rated = summary[(summary["count"] > 0) & summary["mean"].notna()]
        rated = rated[rated.index.isin(COMPETENCIES)]
        if rated.empty:
            return
        self.mean = {c: float(m) for c, m in rated["mean"].items()}
        self.average = float(np.mean(list(self.mean.values())))
        self.weakest = weakest(summary, 3)
        if "trend" in summary:
            self.declining = {c: float(summary.loc[c, "slope"]) for c in summary.index
                              if c in self.weight and summary.loc[c, "trend"] == "declining"}
        if self.focus:
            return  # chosen categories replace the automatic weights
        for competency, mean in self.mean.items():
            self.weight[competency] = 1.0 + GAP_WEIGHT * max(0.0, self.average - mean)
        for competency in self.declining:
            self.weight[competency] += DECLINING_BOOST

    def reasons(self, category: str) -> list[tuple[str, dict]]:
        if self.focus:
            return [(REASON + "focus", {"competency": category})] if category in self.focus else []
        found = []
        if self.weakest and category == self.weakest[0]:
            found.append((REASON + "weakest", {"competency": category, "mean": round(self.mean[category], 1)}))
        elif category in self.weakest:
            found.append((REASON + "weak", {"competency": category, "mean": round(self.mean[category], 1),
                                            "average": round(self.average, 1)}))
        if category in self.declining:
            found.append((REASON + "declining", {"competency": category,
                                                 "slope": round(self.declining[category], 1)}))
        return found


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def upcoming_stage(upcoming_round: str | None) -> str | None:
    """early / final for a round code (casual … final) or a stage; None for other / unknown."""
    if upcoming_round in STAGES:
        return upcoming_round
    return ROUND_STAGE.get(upcoming_round or "")


# ---------------------------------------------------------------------------- the generator

def generate_question_set(
    bank: Sequence | BankIndex,
    summary: pd.DataFrame | None = None,
    own_questions: Iterable[Mapping] = (),
    *,
    company_id: int | None = None,
    company: str = "",
    upcoming_round: str | None = None,
    due: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
    size: int = DEFAULT_SIZE,
    focus: Sequence[str] = (),
    seed: int = 0,
    lang: str = "ja",
    interviewers: Sequence[str] | None = None,
    job_family: str | None = None,
) -> QuestionSet:
    """A set of `size` questions (fewer if there are not enough), 1-2 of them 逆質問, picked
    by a seeded weighted sample: the same inputs and seed always give the same set.

    own_questions: dicts from the user's reflections (question, category, rating, company_id,
    company, round, question_id; `id` overrides the default "own-<question_id>"). A question
    also in the bank is merged into the bank's. `due`: question id → due time of its practice
    card. `focus`: chosen categories that replace the automatic weights. `company`: the name
    of company_id, for the reasons (else taken from its own questions). `interviewers`: the
    next round's interviewer roles (hr / hiring / executive); None takes the round's usual ones.
    `job_family`: the pack to include (sales / engineering / planning_marketing / corporate); the
    other packs are left out.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"size must be between {MIN_SIZE} and {MAX_SIZE}, got {size}")
    index = _indexed(bank)
    signals = _Signals(summary, focus)
    stage = upcoming_stage(upcoming_round)
    roles = tuple(r for r in (expected_interviewers(upcoming_round) if interviewers is None else interviewers)
                  if r in ROLES)
    now = _aware(now or datetime.now(UTC))
    due = due or {}

    # Own questions: merged into the bank's when the text matches, else extra candidates.
    asked = _asked_questions(own_questions, company_id)
    on_bank: dict[int, _Asked] = {}
    extra: list[_Asked] = []
    for question in asked:
        position = index.by_text(lang).get(text_key(question.text))
        if position is None:
            extra.append(question)
        else:
            on_bank.setdefault(position, question)
    codes = {c: n for n, c in enumerate(COMPETENCIES)}
    n_bank = len(index.ids)
    ids = index.ids + [q.id for q in extra]
    category = np.concatenate([index.category, np.array([codes.get(q.category, -1) for q in extra], dtype=np.int64)])
    stages = np.concatenate([index.stage, np.array([q.stage for q in extra], dtype=np.int64)])
    reverse = np.concatenate([index.reverse, np.zeros(len(extra), dtype=bool)])
    interviewer = np.concatenate([index.interviewer, np.full(len(extra), -1, dtype=np.int64)])
    family = np.concatenate([index.family, np.full(len(extra), -1, dtype=np.int64)])
    family_code = JOB_FAMILIES.index(job_family) if job_family in JOB_FAMILIES else -2
    allowed = (family == -1) | (family == family_code)
    asked_at = {**on_bank, **{n_bank + n: q for n, q in enumerate(extra)}}
    extra_position = {q.id: n_bank + n for n, q in enumerate(extra)}

    # The weight of each candidate: a product of the factors below.
    category_weight = np.array([signals.weight[c] for c in COMPETENCIES] + [1.0])  # [-1] = unknown
    weight = category_weight[category]
    company_categories = {codes[q.category] for q in asked if q.this_company and q.category in codes}
    if company_categories:
        weight = weight * np.where(np.isin(category, list(company_categories)), COMPANY_CATEGORY_FACTOR, 1.0)
    if stage is not None:
        weight = weight * np.where(stages == STAGES.index(stage), ROUND_MATCH_FACTOR,
                                   np.where(stages == -1, 1.0, ROUND_MISMATCH_FACTOR))
    if roles:
        codes_of_roles = [ROLES.index(r) for r in roles]
        weight = weight * np.where(np.isin(interviewer, codes_of_roles), INTERVIEWER_MATCH_FACTOR,
                                   np.where(interviewer == -1, 1.0, INTERVIEWER_MISMATCH_FACTOR))
    weight = weight * np.where(family == family_code, JOB_FAMILY_FACTOR, 1.0)
    priority = set()
    for qid, when in due.items():
        n = index.position.get(qid, extra_position.get(qid))
        if n is not None:
            is_due = _aware(when) <= now
            weight[n] *= DUE_FACTOR if is_due else NOT_DUE_FACTOR
            if is_due:
                priority.add(n)
    for n, question in asked_at.items():
        weight[n] *= _asked_factor(question)
        if question.this_company or (question.rating is not None and question.rating <= RATED_LOW):
            priority.add(n)

    # Efraimidis-Spirakis: the top keys log(u)/w are a weighted sample without replacement.
    rng = np.random.default_rng(seed)
    keys = np.log(rng.random(len(ids))) / np.maximum(weight, 1e-12)
    is_priority = np.zeros(len(ids), dtype=bool)
    is_priority[list(priority)] = True
    is_priority |= family == family_code  # the chosen job family's pack has a signal of its own
    if signals.focus:
        in_focus = np.isin(category, [codes[c] for c in signals.focus])
        keys = keys - np.where(in_focus | reverse, 0.0, FOCUS_TIER)
        is_priority &= in_focus
    wants_two = size >= 10 or ("reverse_questions" in (signals.focus or signals.weakest) and size >= 5)
    reverse_picks = _top(keys, np.flatnonzero(reverse & allowed), 2 if wants_two else 1)
    others = size - len(reverse_picks)
    other_picks = _top(keys, np.flatnonzero(is_priority & ~reverse & allowed), round(others * PRIORITY_SHARE))
    rest = ~reverse & allowed
    rest[other_picks] = False
    other_picks += _top(keys, np.flatnonzero(rest), others - len(other_picks))
    # A mock interview's order: the taxonomy follows an interview's usual flow, 逆質問 last.
    other_picks = sorted(other_picks, key=lambda n: category[n] if category[n] >= 0 else len(COMPETENCIES))

    explain = _Explainer(signals, stage, upcoming_round, due, now,
                         {COMPETENCIES[c] for c in company_categories}, company or _company_name(asked), roles,
                         job_family if family_code >= 0 else None)
    items = [_picked(n, index, asked_at.get(n), n >= n_bank, ids[n], float(weight[n]), explain, lang)
             for n in other_picks + reverse_picks]
    return QuestionSet(items, seed, lang, signals.focus,
                       {c: round(w, 3) for c, w in signals.weight.items()})


def _top(keys: np.ndarray, pool: np.ndarray, count: int) -> list[int]:
    """Positions in `pool` with the `count` largest keys, best first (ties: bank order)."""
    if count <= 0 or len(pool) == 0:
        return []
    if count < len(pool):
        pool = pool[np.argpartition(-keys[pool], count - 1)[:count]]
    return [int(n) for n in pool[np.lexsort((pool, -keys[pool]))]]


def _asked_factor(question: _Asked) -> float:
    factor = THIS_COMPANY_FACTOR if question.this_company else 1.0
    if question.rating is not None and question.rating <= RATED_LOW:
        factor *= RATED_LOW_FACTOR
    elif question.rating is not None and question.rating >= 4:
        factor *= RATED_HIGH_FACTOR
    return factor


def _company_name(asked: list[_Asked]) -> str:
    return next((q.target_company for q in asked if q.target_company), "")


@dataclass(frozen=True)
class _Explainer:
    """What the reasons of a picked question are worked out from."""

    signals: _Signals
    stage: str | None
    upcoming_round: str | None
    due: Mapping[str, datetime]
    now: datetime
    company_categories: set[str]
    company: str
    roles: tuple[str, ...] = ()
    job_family: str | None = None

    def reasons(self, qid: str, category: str, kind: str, question_stage: int,
                asked: _Asked | None, interviewer: str = "any", family: str | None = None) -> list[tuple[str, dict]]:
        """Every factor that lifted this question, the strongest first."""
        found: list[tuple[str, dict]] = []
        if kind == "reverse":
            found.append((REASON + "reverse", {}))
        if asked is not None and asked.rating is not None and asked.rating <= RATED_LOW:
            if asked.company:
                found.append((REASON + "rated_low", {"rating": int(asked.rating), "company": asked.company}))
            else:
                found.append((REASON + "rated_low_anywhere", {"rating": int(asked.rating)}))
        when = self.due.get(qid)
        if when is not None and _aware(when) <= self.now:
            found.append((REASON + "due", {"date": _aware(when)}))
        if asked is not None and asked.this_company:
            said = any(key == REASON + "rated_low" and params["company"] == self.company for key, params in found)
            if not said:
                found.append((REASON + "this_company", {"company": self.company}))
        elif category in self.company_categories:
            found.append((REASON + "company_category", {"company": self.company, "competency": category}))
        if kind != "reverse":
            found.extend(self.signals.reasons(category))
        if family is not None and family == self.job_family:
            found.append((REASON + "job_family", {"family": family}))
        if interviewer in self.roles:
            found.append((REASON + "interviewer", {"role": interviewer}))
        if self.stage is not None and question_stage == STAGES.index(self.stage):
            found.append((REASON + "round", {"round": self.upcoming_round}))
        if not found:
            found.append((REASON + "balance", {"competency": category}))
        return found


def _picked(n: int, index: BankIndex, asked: _Asked | None, is_extra: bool, qid: str, weight: float,
            explain: _Explainer, lang: str) -> PickedQuestion:
    interviewer, tip, ask_at, family = "any", "", "", None
    if is_extra:
        text, category, kind, probes, looking_for = asked.text, asked.category, "own", asked.probes, ""
        question_stage, source = asked.stage, "own"
    else:
        question = index.questions[n]
        text, category, kind = _pick_text(question.text, lang), question.category, question.kind
        probes = tuple(_pick_text(p, lang) for p in getattr(question, "probes", ()) or ())
        looking_for = _pick_text(getattr(question, "looking_for", None), lang)
        question_stage, source = int(index.stage[n]), "bank"
        interviewer = getattr(question, "interviewer", "any")
        tip = _pick_text(getattr(question, "tip", None), lang)
        ask_at = getattr(question, "ask_at", None) or ""
        family = getattr(question, "job_family", None)
    reasons = explain.reasons(qid, category, kind, question_stage, asked, interviewer, family)
    return PickedQuestion(qid, text, category, tuple(p for p in probes if p), reasons, source, kind,
                          looking_for, round(weight, 4), interviewer, tip, ask_at)


# ---------------------------------------------------------------------------- reasons as text

def reason_text(reason: tuple[str, dict], lang: str) -> str:
    """A reason in words: competency and round codes translated, means and dates formatted."""
    key, params = reason
    shown = dict(params)
    if "competency" in shown:
        shown["competency"] = i18n.t(f"competency.{shown['competency']}", lang) \
            if shown["competency"] in COMPETENCIES else shown["competency"]
    for name in ("mean", "average"):
        if name in shown:
            shown[name] = f"{shown[name]:.1f}"
    if "slope" in shown:
        shown["slope"] = f"{shown['slope']:+.1f}"
    if "round" in shown:
        code = shown["round"]
        shown["round"] = i18n.t(f"round.{code}" if code in ROUND_STAGE else f"practice_set.stage.{code}", lang)
    if "date" in shown:
        shown["date"] = i18n.format_datetime(shown["date"], lang, with_time=False)
    if "role" in shown:
        shown["role"] = i18n.t(f"practice.interviewer.{shown['role']}", lang)
    if "family" in shown:
        shown["family"] = i18n.t(f"practice.job_family.{shown['family']}", lang)
    return i18n.t(key, lang, **shown)
