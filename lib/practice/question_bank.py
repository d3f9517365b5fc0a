"""The built-in mock-interview question bank and the fair-selection topics.

Both live in data/question_bank.toml, written by the Furikaeri team. Questions are filed
under the competency taxonomy (lib/competencies.py), so a practice question and a
reflection's weak competency point at the same key.

Fair-selection detection (`fair_selection_issue`) is data, read by a small matcher: each
topic of the file carries regular expressions (`patterns`, per language) written with their
context (ご家族は何人, 持ち家ですか, "are you married") and `ignore` patterns for the same words
in another sense (お客様の家族構成, 設計思想, "activist shareholders"). The question is
normalised (NFKC, case-folded, whitespace collapsed), each topic's ignore spans are cut out,
then its patterns are searched for, Japanese and English alike, whatever the language of the
question. In a pattern, "…" is a short gap inside one sentence; English patterns match whole
words only. The first matching topic in the file wins, returned with the words that matched
(`matched`), so that the notice can quote them. It flags; it never blocks. The corpus in
tests/fixtures/fair_selection_corpus.toml measures it (tests/unit/test_fair_selection.py).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from lib.competencies import QUESTION_CATEGORIES
from lib.config import DATA_DIR, DEFAULT_LANGUAGE, LANGUAGES

BANK_PATH = DATA_DIR / "question_bank.toml"

# Where a question is typical. Interview rounds (lib.models.ROUNDS) map onto these with
# `typical_round`.
ROUNDS_TYPICAL = ("early", "final", "any")
KINDS = ("general", "behavioural", "situational", "motivation", "career_change", "role_generic", "reverse")
DIFFICULTIES = (1, 2, 3)
# Who typically asks a question (面接官の立場): 人事 / 現場 / 役員, or any of them.
INTERVIEWERS = ("hr", "hiring", "executive", "any")
# Where a 逆質問 is best asked: in the interview, through the agent, or at the meeting after an offer.
ASK_AT = ("interview", "agent", "offer_meeting")
# Job-family packs: questions only a candidate for that family is asked.
JOB_FAMILIES = ("sales", "engineering", "planning_marketing", "corporate")
# The interviewer roles a round usually brings: first rounds mostly 人事 or 現場, final rounds 役員.
ROUND_INTERVIEWERS = {"casual": ("hiring", "hr"), "first": ("hr", "hiring"), "second": ("hiring",),
                      "third": ("hiring", "executive"), "final": ("executive",)}
# Words of an interviewer's recorded role (free text) that name their 立場; the first group found wins
# (人事部長 is 人事, 事業部長 is 役員, 開発部長 is 現場).
ROLE_WORDS = (
    ("hr", ("人事", "採用", "hr", "recruiter", "recruiting", "recruitment", "talent", "people team", "human resources")),
    ("executive", ("社長", "役員", "取締役", "執行役", "代表", "ceo", "cto", "coo", "cfo", "cxo", "president",
                   "executive", "director", "vp", "vice president", "founder", "創業者", "本部長", "事業部長")),
    ("hiring", ("部長", "課長", "マネージャー", "マネジャー", "リーダー", "現場", "配属", "エンジニア", "manager",
                "lead", "team", "engineer", "supervisor", "head of")),
)
MAX_PROBES = 3
MAX_MATCHED = 3  # matched words quoted in a notice
# "…" in a pattern: a short gap that stays inside one sentence.
GAPS = {"ja": r"[^。?!]{0,12}", "en": r"[^.?!]{0,30}"}

_ROUND_TO_TYPICAL = {"casual": "early", "first": "early", "second": "early", "third": "final",
                     "final": "final", "other": "any"}

__all__ = [
    "ASK_AT", "BANK_PATH", "DIFFICULTIES", "INTERVIEWERS", "JOB_FAMILIES", "KINDS", "MAX_PROBES",
    "ROUNDS_TYPICAL", "ROUND_INTERVIEWERS", "BankError", "BankQuestion", "FairSelectionTopic", "expected_interviewers", "fair_selection_issue", "fair_selection_issues", "fair_selection_topics",
    "load_bank", "question_by_id", "select_questions", "typical_round",
]


class BankError(ValueError):
    """The bank file is malformed; the message names the entry and the field."""


def _pick(text: dict[str, str], lang: str) -> str:
    return text[lang if lang in LANGUAGES else DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class BankQuestion:
    """One question of the bank. The dicts are keyed by language; treat them as read-only."""

    id: str
    category: str
    round: str
    kind: str
    difficulty: int
    text: dict[str, str]
    probes: tuple[dict[str, str], ...]
    looking_for: dict[str, str]
    interviewer: str = "any"
    tip: dict[str, str] | None = None       # how to answer a sensitive question well
    ask_at: str | None = None               # for a 逆質問: where to ask it (ASK_AT)
    job_family: str | None = None           # a job-family pack's question (JOB_FAMILIES)

    def __hash__(self) -> int:  # the dict fields are unhashable; the id is unique
        return hash(self.id)

    @property
    def is_reverse(self) -> bool:
        """A 逆質問: a question the candidate asks the company."""
        return self.kind == "reverse"

    def text_in(self, lang: str) -> str:
        return _pick(self.text, lang)

    def probes_in(self, lang: str) -> tuple[str, ...]:
        return tuple(_pick(probe, lang) for probe in self.probes)

    def looking_for_in(self, lang: str) -> str:
        return _pick(self.looking_for, lang)

    def tip_in(self, lang: str) -> str:
        """How to answer well, for the sensitive questions; "" for the others."""
        return _pick(self.tip, lang) if self.tip else ""


@dataclass(frozen=True)
class FairSelectionTopic:
    """A topic Japan's fair-selection guidance says an interviewer should not ask about.

    As returned by `fair_selection_issue`, `matched` holds the words of the question that
    matched (normalised, in the order they appear); a topic read from the file has none."""

    id: str
    name: dict[str, str]
    why: dict[str, str]
    patterns: dict[str, tuple[str, ...]]
    ignore: dict[str, tuple[str, ...]]
    matched: tuple[str, ...] = field(default=(), compare=False)

    def __hash__(self) -> int:
        return hash(self.id)

    def name_in(self, lang: str) -> str:
        return _pick(self.name, lang)

    def why_in(self, lang: str) -> str:
        """The reason, a clause that the notice (wizard.questions.fair_selection) completes."""
        return _pick(self.why, lang)

    def matched_in(self, lang: str) -> str:
        """The matched words, quoted the way `lang` quotes: 「親の職業」 / "your parents"."""
        if lang == "ja":
            return "".join(f"「{words}」" for words in self.matched)
        return ", ".join(f'"{words}"' for words in self.matched)

    def find(self, question_text: str) -> tuple[str, ...]:
        """The words of the question that touch this topic (see the module docstring)."""
        text = _normalise(question_text)
        for pattern in _compiled(self.ignore):
            text = pattern.sub("。", text)
        spans = sorted((m.span() for pattern in _compiled(self.patterns) for m in pattern.finditer(text)),
                       key=lambda span: (span[0], -span[1]))
        found: list[tuple[int, int]] = []
        for start, end in spans:
            if not found or start >= found[-1][1]:  # a span inside or across an earlier one adds nothing
                found.append((start, end))
        return tuple(dict.fromkeys(text[start:end].strip() for start, end in found[:MAX_MATCHED]))

    def matches(self, question_text: str) -> bool:
        """True when the question touches this topic."""
        return bool(self.find(question_text))


# ------------------------------------------------------------------ loading

def _bilingual(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BankError(f"{where}: expected {{ ja = ..., en = ... }}")
    text = {}
    for lang in LANGUAGES:
        item = value.get(lang)
        if not isinstance(item, str) or not item.strip():
            raise BankError(f"{where}: missing or empty '{lang}'")
        text[lang] = item.strip()
    return text


def _patterns_of(value: object, where: str, *, required: bool) -> dict[str, tuple[str, ...]]:
    value = {} if value is None and not required else value
    if not isinstance(value, dict):
        raise BankError(f"{where}: expected {{ ja = [...], en = [...] }}")
    patterns = {}
    for lang in LANGUAGES:
        items = value.get(lang, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise BankError(f"{where}.{lang}: expected a list of non-empty strings")
        if required and not items:
            raise BankError(f"{where}.{lang}: at least one pattern is needed")
        for item in items:
            if item != item.lower():
                raise BankError(f"{where}.{lang}: {item!r} must be lower case (questions are case-folded)")
            try:
                _compile(item, lang)
            except re.error as error:
                raise BankError(f"{where}.{lang}: {item!r} is not a valid pattern ({error})") from None
        patterns[lang] = tuple(i.strip() for i in items)
    return patterns


def _question(entry: dict) -> BankQuestion:
    qid = entry.get("id")
    if not isinstance(qid, str) or not re.fullmatch(r"[a-z_]+-\d{3}", qid):
        raise BankError(f"question {qid!r}: id must look like 'motivation-007'")
    checks = (("category", QUESTION_CATEGORIES), ("round", ROUNDS_TYPICAL), ("kind", KINDS),
              ("difficulty", DIFFICULTIES))
    for name, allowed in checks:
        value = entry.get(name)
        if isinstance(value, bool) or value not in allowed:
            raise BankError(f"question {qid}: {name} {value!r} is not one of {allowed}")
    if entry["kind"] == "reverse" and entry["category"] != "reverse_questions":
        raise BankError(f"question {qid}: a reverse question belongs to category reverse_questions")
    probes = entry.get("probes")
    if not isinstance(probes, list) or not 1 <= len(probes) <= MAX_PROBES:
        raise BankError(f"question {qid}: 1 to {MAX_PROBES} probes are needed")
    if entry.get("interviewer") not in INTERVIEWERS:
        raise BankError(f"question {qid}: interviewer {entry.get('interviewer')!r} is not one of {INTERVIEWERS}")
    for name, allowed in (("ask_at", ASK_AT), ("job_family", JOB_FAMILIES)):
        if name in entry and entry[name] not in allowed:
            raise BankError(f"question {qid}: {name} {entry[name]!r} is not one of {allowed}")
    if "ask_at" in entry and entry["kind"] != "reverse":
        raise BankError(f"question {qid}: only a reverse question has ask_at")
    return BankQuestion(
        id=qid,
        category=entry["category"],
        round=entry["round"],
        kind=entry["kind"],
        difficulty=entry["difficulty"],
        text=_bilingual(entry.get("text"), f"question {qid}: text"),
        probes=tuple(_bilingual(p, f"question {qid}: probe {i + 1}") for i, p in enumerate(probes)),
        looking_for=_bilingual(entry.get("looking_for"), f"question {qid}: looking_for"),
        interviewer=entry["interviewer"],
        tip=_bilingual(entry["tip"], f"question {qid}: tip") if "tip" in entry else None,
        ask_at=entry.get("ask_at"),
        job_family=entry.get("job_family"),
    )


def _topic(entry: dict) -> FairSelectionTopic:
    tid = entry.get("id")
    if not isinstance(tid, str) or not tid:
        raise BankError(f"fair_selection {tid!r}: id is missing")
    return FairSelectionTopic(
        id=tid,
        name=_bilingual(entry.get("name"), f"fair_selection {tid}: name"),
        why=_bilingual(entry.get("why"), f"fair_selection {tid}: why"),
        patterns=_patterns_of(entry.get("patterns"), f"fair_selection {tid}: patterns", required=True),
        ignore=_patterns_of(entry.get("ignore"), f"fair_selection {tid}: ignore", required=False),
    )


@cache
def _read(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def _unique(items: tuple, what: str) -> tuple:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise BankError(f"{what} {item.id}: the id is used twice")
        seen.add(item.id)
    return items


@cache
def load_bank(path: Path = BANK_PATH) -> tuple[BankQuestion, ...]:
    """Every question of the bank, in file order; BankError when the file is malformed."""
    return _unique(tuple(_question(entry) for entry in _read(path).get("question", [])), "question")


@cache
def fair_selection_topics(path: Path = BANK_PATH) -> tuple[FairSelectionTopic, ...]:
    """The topics an interviewer should not ask about, most specific first."""
    return _unique(tuple(_topic(entry) for entry in _read(path).get("fair_selection", [])), "fair_selection")


@cache
def _by_id() -> dict[str, BankQuestion]:
    return {question.id: question for question in load_bank()}


def question_by_id(question_id: str) -> BankQuestion | None:
    return _by_id().get(question_id)


def typical_round(interview_round: str) -> str:
    """The bank's round ("early", "final", "any") for an interview round of lib.models.ROUNDS."""
    return _ROUND_TO_TYPICAL.get(interview_round, "any")


def expected_interviewers(interview_round: str | None, recorded_roles: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The interviewer roles (INTERVIEWERS without "any") to prepare for: those named by the
    roles recorded for the interview (free text such as 人事部 or 開発部長), else the round's
    usual ones (ROUND_INTERVIEWERS); () when neither says."""
    found: list[str] = []
    for role in recorded_roles:
        text = _normalise(role)
        for interviewer, words in ROLE_WORDS:
            if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) for word in words):
                found.append(interviewer)
                break
    return tuple(dict.fromkeys(found)) or ROUND_INTERVIEWERS.get(interview_round or "", ())


def select_questions(*, categories: tuple[str, ...] | None = None, kinds: tuple[str, ...] | None = None,
                     round: str | None = None, max_difficulty: int = 3) -> tuple[BankQuestion, ...]:
    """Bank questions filtered by category, kind and difficulty. A `round` ("early" or
    "final") keeps the questions typical of that round plus those marked "any"."""
    return tuple(
        q for q in load_bank()
        if (categories is None or q.category in categories)
        and (kinds is None or q.kind in kinds)
        and (round in (None, "any") or q.round in (round, "any"))
        and q.difficulty <= max_difficulty
    )


# ------------------------------------------------------------------ fair-selection detection

def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text.casefold())


def _compile(pattern: str, lang: str) -> re.Pattern[str]:
    body = pattern.strip().replace("…", GAPS[lang])
    if lang != "ja":
        # Whole words only, so "vote" does not match "devoted" nor "parent" "parental".
        body = rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"
    return re.compile(body)


def _compiled(patterns: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], ...]:
    return _compiled_pairs(tuple((lang, pattern) for lang in LANGUAGES for pattern in patterns.get(lang, ())))


@cache
def _compiled_pairs(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(_compile(pattern, lang) for lang, pattern in pairs)


def fair_selection_issues(question_text: str) -> tuple[FairSelectionTopic, ...]:
    """Every fair-selection topic the question touches, in file order, each with its `matched`."""
    return tuple(replace(topic, matched=found) for topic in fair_selection_topics()
                 if (found := topic.find(question_text)))


def fair_selection_issue(question_text: str) -> FairSelectionTopic | None:
    """The first fair-selection topic the question touches, with the words that matched, or None."""
    for topic in fair_selection_topics():
        if found := topic.find(question_text):
            return replace(topic, matched=found)
    return None
