"""Word-level rules a reader applies to a document, shared by the composers and the checks:
content words used too often, two closings in a row, brackets of both widths, half-width
spaces inside Japanese, and user notes pasted as quoted fragments.

Content words: in Japanese, runs of two or more kanji (貴社, 経験, 二次面接) and of katakana
(データ), counted wherever they occur (面接 inside 二次面接 counts), plus verb stems such as
活か; in English, words of four letters or more outside a stop list, a plural s folded
(interviews → interview). The company's own name is counted apart and removed first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import pairwise

from lib.generate.phrasing import JA_WIDE

OVERUSE_LIMIT = 2

_KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]{2,}")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30faー]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Verbs whose stem is one kanji: counted by stem (活かす, 活かし, 活かせる).
JA_VERB_STEMS = ("活か", "生か", "役立", "感じ", "努め")
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_EN_STOPWORDS = _word_set("""
about above after again against also although among another anything around because been before being
below between both could does doing down during each either enough even ever every from further have
having here hers herself himself however into itself just least less like made make many more most much
must myself neither never only other others ourselves over perhaps quite rather really same shall should
since some something still such than that their theirs them themselves then there these they this those
though through thus together toward towards under until upon very well were what whatever when where
whether which while whom whose will with within without would your yours yourself yourselves dear
""")


def _en_stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s$", "", word)
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "ous", "is", "us")):
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    return word


def company_count(text: str, company: str) -> int:
    """How often the company's name appears in `text` (width, case and blanks ignored)."""
    name = _squash(company)
    return _squash(text).count(name) if name else 0


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _without_company(text: str, company: str) -> str:
    name = " ".join(company.split())
    if not name:
        return text
    pattern = r"\s*".join(map(re.escape, name.replace(" ", "")))
    return re.sub(pattern, " ", text, flags=re.IGNORECASE)


def content_words(text: str, lang: str, company: str = "") -> Counter:
    """Content word → times used in `text` (see the module doc); the company name is not counted."""
    text = _without_company(unicodedata.normalize("NFKC", text), company)
    counts: Counter = Counter()
    if lang == "ja":
        for token in set(_KANJI_RUN.findall(text)) | set(_KATAKANA_RUN.findall(text)):
            counts[token] = text.count(token)
        for stem in JA_VERB_STEMS:
            if stem in text:
                counts[stem] = text.count(stem)
    for word in _LATIN_WORD.findall(text):
        stem = _en_stem(word)
        if len(stem) >= 4 and stem not in _EN_STOPWORDS:
            counts[stem] += 1
    return counts


def overused_words(text: str, lang: str, company: str = "", limit: int = OVERUSE_LIMIT) -> list[str]:
    """Content words used more than `limit` times, most used first, with the company name
    first when it is used more than `limit` times."""
    counts = content_words(text, lang, company)
    words = sorted((w for w, n in counts.items() if n > limit), key=lambda w: (-counts[w], w))
    # 面接 inside 二次面接 counts as 面接 too: when both are used equally often, name the longer once.
    words = [w for w in words if not any(w != other and w in other and counts[other] == counts[w]
                                         for other in words)] if lang == "ja" else words
    if company.strip() and company_count(text, company) > limit:
        words.insert(0, " ".join(company.split()))
    return words


# ------------------------------------------------------------------ closings

_JA_CLOSING = re.compile(r"(?:よろしく|宜しく)お願い(?:いた|致)?します|お願い申し上げます|お祈り申し上げます")
_EN_CLOSING = re.compile(r"\blook(?:ing)? forward to\b|\bkind regards\b|\bbest regards\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+|\n")


def sentences(text: str) -> list[str]:
    """The sentences and lines of `text`, blanks dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def is_closing(sentence: str) -> bool:
    """A sentence that closes a letter (よろしくお願いいたします, I look forward to...)."""
    return bool(_JA_CLOSING.search(sentence) or _EN_CLOSING.search(sentence))


def double_closings(text: str) -> list[str]:
    """Each pair of consecutive closing sentences, as "first / second"."""
    found = sentences(text)
    return [f"{a} / {b}" for a, b in pairwise(found) if is_closing(a) and is_closing(b)]


# ------------------------------------------------------------------ width and spacing

_HALF_BRACKET = re.compile(r"\([^()\n]{0,30}\)?|\)")
_FULL_BRACKET = re.compile(r"（[^（）\n]{0,30}）?|）")


def mixed_brackets(text: str) -> tuple[str, str] | None:
    """The first half-width and the first full-width bracket when a text uses both."""
    half, full = _HALF_BRACKET.search(text), _FULL_BRACKET.search(text)
    return (half.group(0), full.group(0)) if half and full else None


_JA_SPACE = re.compile(f"(?=([{JA_WIDE}][ \t]+[{JA_WIDE}0-9]|[0-9][ \t]+[{JA_WIDE}]))")


def spaces_in_japanese(text: str) -> list[str]:
    """Half-width spaces between two Japanese characters or between one and a digit,
    each shown with its neighbours (山田 太郎 → "田 太")."""
    return [m.group(1) for m in _JA_SPACE.finditer(text)]


# ------------------------------------------------------------------ quoted notes

QUOTED = re.compile(r"「([^「」\n]{1,300})」|『([^『』\n]{1,300})』|“([^“”\n]{1,300})”|\"([^\"\n]{1,300})\"")
_JA_FRAGMENT = re.compile(r"「[^「」\n]{1,300}」(?:の(?:お)?話|について(?:です|でございます|補足)|についての(?:お)?話)")
_EN_FRAGMENT = re.compile(r"(?:\b(?:about|of|on|regarding)\s+|:\s*)[“\"][^“”\"\n]{1,300}[”\"]", re.IGNORECASE)


def quoted_spans(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in QUOTED.finditer(text)]


def note_fragments(text: str) -> list[str]:
    """Quoted notes used as a phrase: 「…」のお話, 「…」についてです, about “…”, : “…”."""
    return [m.group(0) for m in (*_JA_FRAGMENT.finditer(text), *_EN_FRAGMENT.finditer(text))]
