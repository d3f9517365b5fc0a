"""Text helpers shared by the generated documents: templates and how typed text is inserted."""

from __future__ import annotations

import re
import tomllib
from functools import cache

from lib.config import DATA_DIR
from lib.models import clean_text

QUOTES = {"ja": "「{text}」", "en": "“{text}”"}
_LINE_BREAKS = re.compile(r"[ \t\u3000]*[\r\n\v\f\x85\u2028\u2029]+[ \t\u3000]*")


@cache
def template(name: str) -> dict:
    """data/templates/<name>.toml, read once."""
    with open(DATA_DIR / "templates" / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def fill_template(template: str, **values: str) -> str:
    """`template` filled in; a value that ends a sentence itself ("Acme Inc.", "Yahoo!")
    swallows the template's full stop so that no ".." appears."""
    text = template.format(**values)
    for value in values.values():
        if value and value[-1] in ".!?":
            text = text.replace(value + ".", value)
    return text


def quote(text: str, lang: str) -> str:
    """Typed text quoted the way each language quotes, unless the user already quoted it."""
    if lang == "ja" and text[:1] in "「『" and text[-1:] in "」』":
        return text
    if lang == "en" and len(text) > 1 and text[0] in "“\"'‘" and text[-1] in "”\"'’":
        return text
    return QUOTES[lang].format(text=text)


def one_line(value: str | None) -> str:
    """User text for a single-line insert: verbatim, but stripped and on one line."""
    return _LINE_BREAKS.sub(" ", clean_text(value)).strip()


def without_honorific(name: str) -> str:
    """A Japanese addressee name without the honorific the user may have typed, so 様 is not doubled."""
    return re.sub(r"(?:様|さま|さん|殿)$", "", name).rstrip()
