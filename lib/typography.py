"""Japanese typography, one rule set for every Japanese text we write (catalogs, templates,
content): full-width （）：？！ in Japanese sentences; no half-width space between Japanese text
and a number or a {placeholder}; 「・」 or 「｜」 as a separator, never 「·」.

Placeholders ({name}, {hour:02d}), code spans (`make run`), URLs and times (09:05) are left as
they are. `normalise` applies the rules; `problems` names the rules a text breaks.
"""

from __future__ import annotations

import re

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Japanese characters and full-width punctuation: what "Japanese text" next to a space means.
_J = r"\u3000-\u30ff\u3400-\u9fff\uff01-\uff60「」『』"
# Kept as they are: placeholders, code spans, URLs, Markdown link targets, icons.
_PROTECTED = re.compile(r"\{[^{}]*\}|`[^`]*`|https?://[^\s)）]*|\]\([^)]*\)|:material/[a-z_]+:")
_PLACEHOLDER_MARK = 0xE000  # private-use characters stand in for protected parts
_OTHER_MARK = 0xE800
_NUMBERISH = r"0-9\ue000-\ue7ff"


def is_japanese(text: str) -> bool:
    return bool(JAPANESE.search(text))


def _protect(text: str) -> tuple[str, list[str]]:
    kept: list[str] = []

    def mark(match: re.Match) -> str:
        kept.append(match.group(0))
        base = _PLACEHOLDER_MARK if match.group(0).startswith("{") else _OTHER_MARK
        return chr(base + len(kept) - 1)

    return _PROTECTED.sub(mark, text), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"[\ue000-\uefff]", lambda m: kept[(ord(m.group(0)) - _PLACEHOLDER_MARK) % 0x800], text)


_FULL_WIDTH_PUNCTUATION = "（）：？！、。「」"
RULES = {
    "・ or ｜ as a separator": lambda s: re.sub(r" *· *", "｜", s),
    "full-width brackets": lambda s: s.replace("(", "（").replace(")", "）"),
    # a colon between two numbers or placeholders is a time (09:05) and stays
    "full-width colon": lambda s: re.sub(rf"(?<![{_NUMBERISH}]):|:(?![{_NUMBERISH}])", "：", s),
    "full-width ? and !": lambda s: s.replace("?", "？").replace("!", "！"),
    # (a Markdown line break, two spaces before a new line, stays)
    "no space around full-width punctuation": lambda s: re.sub(
        rf" +(?=[{_FULL_WIDTH_PUNCTUATION}])|(?<=[{_FULL_WIDTH_PUNCTUATION}]) +(?=[^ \n])", "", s),
    "no space between Japanese and a number or placeholder": lambda s: re.sub(
        rf"(?<=[{_J}]) +(?=[{_NUMBERISH}])|(?<=[{_NUMBERISH}]) +(?=[{_J}])", "", s),
}


def _apply(text: str, rules, japanese: bool | None = None) -> str:
    if not (is_japanese(text) if japanese is None else japanese):
        return text
    body, kept = _protect(text)
    for rule in rules:
        body = rule(body)
    return _restore(body, kept)


def normalise(text: str, *, japanese: bool | None = None) -> str:
    """`text` with every rule applied; a text is Japanese when it holds Japanese characters,
    unless `japanese` says otherwise (a Japanese catalog's "{a} · {b}" is Japanese too)."""
    return _apply(text, RULES.values(), japanese)


def problems(text: str, *, japanese: bool | None = None) -> list[str]:
    """The names of the rules `text` breaks."""
    return [name for name, rule in RULES.items() if _apply(text, [rule], japanese) != text]
