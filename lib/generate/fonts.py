"""Where the Japanese font for generated PDFs comes from.

No font file is committed to this repository. The PDF documents use IPAexGothic, found

1. in data/fonts/ (git-ignored), where `make` unpacks it from a pinned, hash-checked PyPI
   archive that ships it with its licence (requirements-fonts.txt: downloaded, never
   installed, so `pip check` stays clean; `python -m lib.generate.fonts <archive folder>` unpacks), else
2. in the usual Debian/Ubuntu places (`apt install fonts-ipaexfont-gothic`, or the older
   IPA/Takao Gothic fonts).

Only TrueType (.ttf) files are listed: fpdf2 embeds them as a subset.
"""

from __future__ import annotations

import copy
import io
import sys
import threading
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from lib.config import DATA_DIR

__all__ = [
    "FONT_MISSING_KEY", "SYSTEM_FONTS", "FontMissing", "font_characters", "japanese_font_path",
    "require_japanese_font", "subset_font", "unpack",
]

# Locale key of the message the page shows when no font is found.
FONT_MISSING_KEY = "sheet.font_missing"

FONT_DIR = DATA_DIR / "fonts"
UNPACKED = FONT_DIR / "ipaexg.ttf"
SYSTEM_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf"),
    Path("/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf"),
)
# The font and the files its licence (IPA Font License v1.0) asks to travel with it.
_FONT_FILES = ("ipaexg.ttf", "IPA_Font_License_Agreement_v1.0.txt")


class FontMissing(Exception):
    """No Japanese TrueType font was found; `key` is the locale key of the user-facing message."""

    key = FONT_MISSING_KEY

    def __init__(self, searched: tuple[Path, ...] = ()):
        self.searched = searched
        places = ", ".join(str(p) for p in searched) or "nowhere"
        super().__init__(
            "No Japanese TrueType font found (IPAexGothic). Run `make` (it unpacks one into data/fonts/) "
            f"or `apt install fonts-ipaexfont-gothic`. Searched: {places}"
        )


def unpack(archive_folder: Path, folder: Path = FONT_DIR) -> Path:
    """Take IPAexGothic and its licence out of the downloaded archive (a wheel) in
    `archive_folder` into `folder`; returns the font's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for archive in sorted(Path(archive_folder).glob("*.whl")):
        with zipfile.ZipFile(archive) as wheel:
            members = {Path(name).name: name for name in wheel.namelist() if Path(name).name in _FONT_FILES}
            if "ipaexg.ttf" in members:
                for short, name in members.items():
                    (folder / short).write_bytes(wheel.read(name))
                return folder / "ipaexg.ttf"
    raise FontMissing((Path(archive_folder),))


def _candidates() -> tuple[Path, ...]:
    return (UNPACKED, *SYSTEM_FONTS)


def japanese_font_path() -> Path | None:
    """The first Japanese TrueType font found (see module doc), or None."""
    return next((path for path in _candidates() if path.is_file()), None)


def require_japanese_font() -> Path:
    """`japanese_font_path()`, raising FontMissing when there is none."""
    path = japanese_font_path()
    if path is None:
        raise FontMissing(_candidates())
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


if __name__ == "__main__":  # make: python -m lib.generate.fonts <folder with the downloaded archive>
    print(unpack(Path(sys.argv[1])))
