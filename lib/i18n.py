"""Translation: every UI string lives in lib/locales/<lang>.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from lib.config import DEFAULT_LANGUAGE, LANGUAGES

LOCALES = Path(__file__).resolve().parent / "locales"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted name."""
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


def t(key: str, lang: str, **fmt: object) -> str:
    """The string `key` in `lang`, formatted with `fmt`. A missing key raises KeyError.
    A message about a `count` may have plural forms, `{ one = "...", other = "..." }`."""
    strings = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    if key not in strings and "count" in fmt:
        key = f"{key}.{plural_form(fmt['count'])}"
    text = strings[key]
    return text.format(**fmt) if fmt else text


def plural_form(count: object) -> str:
    """The CLDR plural category of `count` for our languages: "one" for exactly 1 (English; the
    Japanese catalog gives both forms the same text), else "other"."""
    return "one" if count == 1 else "other"


def language_from_locale(locale: str | None) -> str:
    """ja or en from a browser locale such as 'en-US'; anything else falls back to Japanese."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def date_parts(moment: date, lang: str) -> dict[str, object]:
    """What a date pattern may use: year, month, day, month_name ("Nov"), month_long
    ("November"), weekday, hour, minute. The one set of month and weekday names."""
    return {
        "year": moment.year, "month": moment.month, "day": moment.day,
        "month_name": t("common.months", lang).split(",")[moment.month - 1],
        "month_long": t("common.months_long", lang).split(",")[moment.month - 1],
        "weekday": t("common.weekdays", lang).split(",")[moment.weekday()],
        "hour": getattr(moment, "hour", 0), "minute": getattr(moment, "minute", 0),
    }


def format_date(pattern: str, moment: date, lang: str) -> str:
    """`moment` written by `pattern` (a template's or a catalog's date pattern, see date_parts)."""
    return pattern.format(**date_parts(moment, lang))


def format_datetime(moment: date, lang: str, *, with_time: bool = True) -> str:
    """A date (and time) written the way each language writes it in the app."""
    return format_date(t("common.datetime" if with_time else "common.date", lang), moment, lang)


# ------------------------------------------------------------------ one word per concept

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Term:
    """One concept: the word each language uses and the synonyms it must not use."""

    concept: str
    ja: str
    en: str
    banned: dict[str, tuple[str, ...]]  # language -> patterns, everywhere
    ui_banned: dict[str, tuple[str, ...]]  # language -> patterns, in catalogs and templates only


@cache
def glossary() -> tuple[Term, ...]:
    """The glossary (lib/locales/glossary.toml)."""
    with open(LOCALES / "glossary.toml", "rb") as f:
        entries = tomllib.load(f)["term"]
    return tuple(Term(e["concept"], e["ja"], e["en"],
                      {lang: tuple(e.get(f"banned_{lang}", ())) for lang in LANGUAGES},
                      {lang: tuple(e.get(f"ui_banned_{lang}", ())) for lang in LANGUAGES})
                 for e in entries)


def text_language(text: str) -> str:
    """ja when the text holds Japanese characters, else en."""
    return "ja" if JAPANESE.search(text) else "en"


def banned_words(text: str, lang: str, *, ui: bool = True) -> list[tuple[str, str]]:
    """(banned word found, the glossary's word) for every synonym of a glossary term in `text`;
    `ui` adds the words banned only in the catalogs and templates."""
    found = []
    for term in glossary():
        patterns = term.banned.get(lang, ()) + (term.ui_banned.get(lang, ()) if ui else ())
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                found.append((match.group(0), getattr(term, lang)))
    return found
