"""Where the Japanese font for generated PDFs comes from.

No font file is committed to this repository. The PDF documents use IPAexGothic, found

1. inside the PyPI package japanize-matplotlib (install it with `pip install --no-deps
   japanize-matplotlib`; the package is located with importlib, never imported, since
   importing it would need matplotlib), else
2. in the usual Debian/Ubuntu places (`apt install fonts-ipaexfont-gothic`, or the older
   IPA/Takao Gothic fonts).

Only TrueType (.ttf) files are listed: fpdf2 embeds them as a subset.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

__all__ = [
    "FONT_MISSING_KEY", "SYSTEM_FONTS", "FontMissing", "font_characters", "japanese_font_path",
    "require_japanese_font", "subset_font",
]

# Locale key of the message the page shows when no font is found.
FONT_MISSING_KEY = "sheet.font_missing"

SYSTEM_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf"),
)


class FontMissing(Exception):
    """No Japanese TrueType font was found; `key` is the locale key of the user-facing message."""

    key = FONT_MISSING_KEY

    def __init__(self, searched: tuple[Path, ...] = ()):
        self.searched = searched
        places = ", ".join(str(p) for p in searched) or "nowhere"
        super().__init__(
            "No Japanese TrueType font found (IPAexGothic). Install it with "
            "`pip install --no-deps japanize-matplotlib` or `apt install fonts-ipaexfont-gothic`. "
            f"Searched: {places}"
        )


def _package_font() -> Path | None:
    """IPAexGothic shipped inside japanize-matplotlib, located without importing the package."""
    try:
        spec = importlib.util.find_spec("japanize_matplotlib")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or [])
    if not folders and spec.origin:
        folders = [str(Path(spec.origin).parent)]
    for folder in folders:
        candidate = Path(folder) / "fonts" / "ipaexg.ttf"
        if candidate.is_file():
            return candidate
    return None


def _candidates() -> tuple[Path, ...]:
    package = _package_font()
    return ((package,) if package else ()) + SYSTEM_FONTS


def japanese_font_path() -> Path | None:
    """The first Japanese TrueType font found (see module doc), or None."""
    return next((path for path in _candidates() if path.is_file()), None)


def require_japanese_font() -> Path:
    """`japanese_font_path()`, raising FontMissing when there is none."""
    path = japanese_font_path()
    if path is None:
        raise FontMissing(SYSTEM_FONTS)
    return path


# ------------------------------------------------------------------ subsetting

# fpdf2 parses the whole 6 MB font for every document (about 160 ms) and subsets it again
# at output. A document that knows its characters up front hands fpdf2 a font holding
# only those glyphs instead, cut from a copy of the font parsed once per process.

_SCALAR_POST_FIELDS = ("italicAngle", "underlinePosition", "underlineThickness", "isFixedPitch",
                       "minMemType42", "maxMemType42", "minMemType1", "maxMemType1")
_COPIED_TABLES = ("head", "hhea", "maxp", "OS/2", "name")
_master_lock = threading.Lock()


_unhinted_glyphs: dict[tuple[str, str], object] = {}


def _unhinted(path: str, glyf, name: str):
    """A copy of a compact glyph without its hinting instructions (printing needs none; the
    file gets about a third smaller), kept for the next document. The master is untouched."""
    clone = _unhinted_glyphs.get((path, name))
    if clone is None:
        clone = copy.copy(glyf.glyphs[name])
        clone.trim(remove_hinting=True)
        _unhinted_glyphs[path, name] = clone
    return clone


@cache
def _master(path: Path):
    """The font at `path`, parsed once: (font, best cmap). Read only, except under the lock."""
    from fontTools.ttLib import TTFont  # installed with fpdf2

    font = TTFont(path, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    cmap = font.getBestCmap() or {}
    for tag in ("glyf", "hmtx", "post", *_COPIED_TABLES):
        if tag in font:
            font[tag]  # decompile now, once
    return font, cmap


def font_characters(path: Path) -> frozenset[int]:
    """The code points the font at `path` can draw."""
    return frozenset(_master(Path(path))[1])


def subset_font(path: Path, characters: Iterable[int]) -> bytes | None:
    """A TrueType font (bytes) with the glyphs of `characters` (those the font has) and
    .notdef: outlines without hinting, metrics and names copied from the font at `path`.
    None when the font cannot be cut this way (not glyf-based, or composite glyphs); the
    caller then embeds the whole font and lets fpdf2 subset it."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    master, best = _master(Path(path))
    if "glyf" not in master or "hmtx" not in master:
        return None
    with _master_lock:
        glyf, hmtx = master["glyf"], master["hmtx"]
        mapping = {c: best[c] for c in set(characters) if c in best}
        names = {".notdef", *mapping.values()}
        if ".notdef" not in glyf.glyphs or any(glyf.glyphs[n].isComposite() for n in names):
            return None
        order = sorted(names, key=master.getGlyphID)

        font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
        font.setGlyphOrder(order)
        for tag in _COPIED_TABLES:
            if tag in master:
                font[tag] = copy.deepcopy(master[tag])
        maxp = font["maxp"]
        if getattr(maxp, "tableVersion", 0) >= 0x00010000:  # no hinting left: no instruction limits
            for name in ("maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                         "maxSizeOfInstructions", "maxTwilightPoints"):
                setattr(maxp, name, 0)
            maxp.maxZones = 1
        post = newTable("post")
        post.formatType = 3.0
        for name in _SCALAR_POST_FIELDS:
            setattr(post, name, getattr(master["post"], name))
        font["post"] = post
        font["loca"] = newTable("loca")
        table = font["glyf"] = newTable("glyf")
        key = str(path)
        table.glyphs = {name: _unhinted(key, glyf, name) for name in order}
        table.glyphOrder = order
        metrics = font["hmtx"] = newTable("hmtx")
        metrics.metrics = {name: hmtx.metrics[name] for name in order}
        cmap = font["cmap"] = newTable("cmap")
        cmap.tableVersion = 0
        cmap.tables = []
        bmp = {c: g for c, g in mapping.items() if c <= 0xFFFF}
        for fmt, encoding, chars in ((4, 1, bmp), (12, 10, mapping if len(bmp) < len(mapping) else None)):
            if chars is not None:
                sub = CmapSubtable.newSubtable(fmt)
                sub.platformID, sub.platEncID, sub.language, sub.cmap = 3, encoding, 0, chars
                cmap.tables.append(sub)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()
