"""The practice sheet as a PDF (fpdf2, Japanese font subset and embedded), same content as the
print view in lib.generate.practice_sheet."""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path

from lib.generate.fonts import font_characters, require_japanese_font, subset_font
from lib.generate.practice_sheet import (
    KEY_POINT_LINES,
    NOTE_LINES,
    REVERSE_ANSWER_LINES,
    PracticeSheet,
    SheetContent,
    sheet_content,
)

_FAMILY = "ipaexg"
_MM_PER_PT = 25.4 / 72
_LINE = 1.45  # line height, as a multiple of the font size
_INK = (20, 20, 20)
_MUTED = (90, 90, 90)
_ACCENT = (31, 78, 121)
_RULE = (150, 150, 150)
_HEAD_FILL = (238, 242, 247)
_MARGIN = 15.0
_FOOTER = 9.0  # space kept at the bottom of each page for the page number

# Characters that must not start a line (Japanese line-breaking rules, simplified).
_NO_LINE_START = set("、。，．,.)）]］}｝」』】〕〉》〙〗!！?？:：;；・ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ…‥%％")

# ...and characters that must not end one.
_NO_LINE_END = set("(（[［{｛「『【〔〈《〘〖")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x3FFFF or 0xAC00 <= o <= 0xD7AF)


def _drawable(text: str, chars: frozenset[int], missing: str) -> str:
    """`text` with the characters the font lacks shown as `missing`; invisible joiners,
    variation selectors and skin-tone modifiers (parts of emoji) are dropped."""
    if all(ord(ch) in chars or ch == "\n" for ch in text):
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if o in chars or ch == "\n":
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0x1F3FB <= o <= 0x1F3FF:
            continue
        else:
            out.append(missing)
    return "".join(out)


def _new_pdf_class():
    from fpdf import FPDF  # imported late: only PDF building needs it

    class _SheetPdf(FPDF):
        footer_text = ""

        def footer(self) -> None:
            self.set_y(-_MARGIN + 2)
            self.set_font(_FAMILY, size=8)
            self.set_text_color(*_MUTED)
            self.cell(0, 4, self.footer_text.format(page=self.page_no()), align="C")

    return _SheetPdf


@cache
def _pdf_class():
    return _new_pdf_class()


@dataclass
class _Text:
    """Wrapped lines of one paragraph, measured before drawing."""

    lines: list[str]
    size: float
    color: tuple[int, int, int] = _INK
    indent: float = 0.0  # mm from the left margin
    prefix: str = ""  # bullet or number, hanging
    prefix_width: float = 0.0
    after: float = 0.0  # mm of space after

    @property
    def line_height(self) -> float:
        return self.size * _MM_PER_PT * _LINE

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height + self.after


@dataclass
class _Rules:
    count: int
    spacing: float = 7.5

    @property
    def height(self) -> float:
        return self.count * self.spacing + 2


@dataclass
class _Col:
    width: float  # mm
    size: float = 8.5
    align: str = "L"
    box: bool = False  # an empty check box instead of text


class _Writer:
    """Line-by-line PDF writing with measured wrapping and manual page breaks."""

    def __init__(self, pdf, chars: frozenset[int], missing: str, ellipsis: str):
        self.pdf = pdf
        self.chars = chars
        self.missing = missing
        self.ellipsis = ellipsis
        self._unit: dict[str, float] = {}  # width of a character at 1 pt, in mm
        self.bottom = pdf.h - _MARGIN - _FOOTER
        self.size = 0.0
        self.color: tuple[int, int, int] | None = None

    # -- fonts and measuring
    def font(self, size: float, color: tuple[int, int, int] = _INK) -> None:
        if size != self.size:
            self.pdf.set_font(_FAMILY, size=size)
            self.size = size
        if color != self.color:
            self.pdf.set_text_color(*color)
            self.color = color

    def _widths(self, text: str) -> list[float]:
        """Width of each character of `text` at 1 pt, in mm."""
        unit = self._unit
        try:
            return [unit[ch] for ch in text]
        except KeyError:
            size = self.pdf.font_size_pt
            for ch in set(text).difference(unit):
                unit[ch] = self.pdf.get_string_width(ch) / size
            return [unit[ch] for ch in text]

    def width(self, text: str, size: float) -> float:
        return sum(self._widths(text)) * size

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Lines of `text` no wider than `width` mm: breaks at spaces, between CJK characters,
        inside a word only when the word alone is too long; a closing mark never starts a line."""
        limit = width / size
        lines: list[str] = []
        for para in _drawable(text, self.chars, self.missing).split("\n"):
            ws = self._widths(para)
            if sum(ws) <= limit:
                lines.append(para.rstrip())
                continue
            start, used, last_break, i, n = 0, 0.0, -1, 0, len(para)
            while i < n:
                ch, w = para[i], ws[i]
                if used + w > limit and i > start and ch != " ":
                    cut = last_break if last_break > start else i
                    if cut == i and ch in _NO_LINE_START and i - 1 > start:
                        cut = i - 1
                    lines.append(para[start:cut].rstrip())
                    while cut < n and para[cut] == " ":
                        cut += 1
                    start, last_break = cut, -1
                    used = sum(ws[start:i])
                    continue
                used += w
                i += 1
                if ch == " ":
                    last_break = i
                    used = min(used, limit)  # spaces at the end of a line hang in the margin
                elif (i < n and (_is_cjk(ch) or _is_cjk(para[i])) and para[i] not in _NO_LINE_START
                      and ch not in _NO_LINE_END):
                    last_break = i
            lines.append(para[start:].rstrip())
        return lines

    # -- blocks
    def text(self, text: str, size: float, *, color=_INK, indent: float = 0.0, prefix: str = "",
             after: float = 0.0, width: float | None = None) -> _Text:
        self.font(size, color)
        prefix_width = self.width(prefix, size) + (1.5 if prefix else 0.0)
        avail = (width if width is not None else self.pdf.epw - indent) - prefix_width
        return _Text(self.wrap(text, avail, size), size, color, indent, prefix, prefix_width, after)

    def page_break_if(self, height: float) -> None:
        if self.pdf.get_y() + height > self.bottom:
            self.pdf.add_page()

    def keep_together(self, blocks: list) -> None:
        """Start a new page first when the blocks do not fit here but fit on an empty page."""
        height = sum(b.height for b in blocks)
        if height <= self.bottom - self.pdf.t_margin:
            self.page_break_if(height)

    def draw(self, block) -> None:
        pdf = self.pdf
        if isinstance(block, _Rules):
            pdf.set_draw_color(*_RULE)
            pdf.set_line_width(0.2)
            for _ in range(block.count):
                self.page_break_if(block.spacing)
                y = pdf.get_y() + block.spacing
                pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
                pdf.set_y(y)
            pdf.set_y(pdf.get_y() + 2)
            return
        lh = block.line_height
        x = pdf.l_margin + block.indent
        self.font(block.size, block.color)
        for k, line in enumerate(block.lines):
            if pdf.get_y() + lh > self.bottom:
                pdf.add_page()
                self.font(block.size, block.color)
            y = pdf.get_y()
            if k == 0 and block.prefix:
                self.line(x, y, lh, block.prefix)
            self.line(x + block.prefix_width, y, lh, line)
            pdf.set_y(y + lh)
        pdf.set_y(pdf.get_y() + block.after)

    def line(self, x: float, y: float, height: float, text: str) -> None:
        """One line of text in a box `height` high at (x, y), vertically centred as cell() does."""
        if text:
            self.pdf.text(x, y + 0.5 * height + 0.3 * self.size * _MM_PER_PT, text)

    def heading(self, text: str, *, first: bool = False) -> None:
        block = self.text(text, 13, color=_ACCENT)
        self.page_break_if(block.height + 25)  # never alone at the bottom of a page
        if not first:
            self.pdf.set_y(self.pdf.get_y() + 3)
        self.draw(block)
        pdf = self.pdf
        pdf.set_draw_color(*_ACCENT)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + pdf.epw, pdf.get_y() + 0.5)
        pdf.set_y(pdf.get_y() + 2.5)

    def table(self, cols: list[_Col], head: list[str] | None, rows: list[list[str | None]], pad: float = 1.2) -> None:
        """A bordered table; each row is measured first, moved whole to the next page when
        it does not fit, and the heading row is repeated on the new page."""
        pdf = self.pdf

        size = max(col.size for col in cols)
        line_height = size * _MM_PER_PT * _LINE
        # A row never grows past one page: longer cells are cut with an ellipsis.
        max_lines = max(1, int((self.bottom - pdf.t_margin - 3 * line_height - 4 * pad) / line_height))

        def measure(cells: list[str | None], heading: bool = False) -> tuple[list[list[str] | None], float]:
            wrapped: list[list[str] | None] = []
            for col, cell in zip(cols, cells):
                if col.box and not heading:
                    wrapped.append(None if cell is None else [])  # None: no box either
                    continue
                lines = self.text(cell or "", col.size, width=col.width - 2 * pad).lines
                if len(lines) > max_lines:
                    lines = lines[:max_lines]
                    lines[-1] = lines[-1][:-1] + self.ellipsis
                wrapped.append(lines)
            count = max([len(lines) for lines in wrapped if lines] + [1])
            return wrapped, count * line_height + 2 * pad

        def draw_row(wrapped: list[list[str]], height: float, fill: bool) -> None:
            y, x = pdf.get_y(), pdf.l_margin
            pdf.set_draw_color(*_RULE)
            pdf.set_line_width(0.25)
            if fill:
                pdf.set_fill_color(*_HEAD_FILL)
            for col, lines in zip(cols, wrapped):
                pdf.rect(x, y, col.width, height, style="DF" if fill else "D")
                if col.box and not fill and lines is not None:
                    side = 3.2
                    pdf.rect(x + (col.width - side) / 2, y + pad + 0.4, side, side)
                lh = col.size * _MM_PER_PT * _LINE
                self.font(col.size, _MUTED if fill else _INK)
                for k, line in enumerate(lines or ()):
                    free = col.width - 2 * pad - (self.width(line, col.size) if col.align != "L" else 0)
                    shift = free if col.align == "R" else free / 2 if col.align == "C" else 0
                    self.line(x + pad + shift, y + pad + k * lh, lh, line)
                x += col.width
            pdf.set_xy(pdf.l_margin, y + height)

        header = measure(head, heading=True) if head else None
        for i, cells in enumerate(rows):
            wrapped, height = measure(cells)
            need = height + (header[1] if header and i == 0 else 0)
            if pdf.get_y() + need > self.bottom:
                pdf.add_page()
                if header and i > 0:
                    draw_row(*header, fill=True)
            if header and i == 0:
                draw_row(*header, fill=True)
            draw_row(wrapped, height, fill=False)
        if header and not rows:
            self.page_break_if(header[1])
            draw_row(*header, fill=True)
        pdf.set_y(pdf.get_y() + 3)


def _strings(value) -> list[str]:
    """Every string inside `value` (dataclasses, dicts, lists, tuples)."""
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        return [s for f in fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _list_blocks(w: _Writer, title: str, items: list[str], bullet: str) -> list:
    return [w.text(title, 8.5, color=_ACCENT, indent=1, after=0.2),
            *(w.text(item, 9.5, indent=3, prefix=bullet, after=0.3) for item in items)]


def _draw_together(w: _Writer, blocks: list) -> None:
    """Draw the blocks on one page when they fit on one, then a little space."""
    w.keep_together(blocks)
    for block in blocks:
        w.draw(block)
    w.pdf.set_draw_color(*_RULE)
    w.pdf.set_line_width(0.2)
    w.pdf.set_y(w.pdf.get_y() + 1)


def _reverse_section(w: _Writer, c: SheetContent, bullet: str) -> None:
    """The candidate's own questions: asked by the candidate, answered and judged by the partner."""
    tpl, rv, epw = c.tpl, c.tpl["reverse"], w.pdf.epw
    w.heading(rv["title"])
    w.draw(w.text(rv["intro"], 9.5, after=1.5))
    row_height = 8.5 * _MM_PER_PT * _LINE + 2 * 1.2
    for q in c.reverse:
        blocks = [w.text(q.text, 11, prefix=q.number, after=0.6)]
        if q.why:
            blocks.append(w.text(q.why, 8.5, color=_MUTED, indent=1, prefix=f"{tpl['why']}:", after=0.8))
        if q.follow_ups:
            blocks += _list_blocks(w, rv["follow_ups"], q.follow_ups, bullet)
        blocks += [w.text(rv["answer"], 8.5, color=_ACCENT, indent=1), _Rules(REVERSE_ANSWER_LINES),
                   w.text(rv["checks_title"], 8.5, color=_ACCENT, indent=1, after=0.5)]
        # The judging table goes with its question: reserve its height when keeping them together.
        w.keep_together([*blocks, _Rules(1, (len(rv["checks"]) + 2) * row_height * 1.6)])
        for block in blocks:
            w.draw(block)
        w.table([_Col(epw * 0.78, 8.5), _Col(epw * 0.22, 8.5, "C")], [rv["col_check"], rv["col_mark"]],
                [[check, rv["yes_no"]] for check in rv["checks"]])


def sheet_pdf(sheet: PracticeSheet) -> bytes:
    """The sheet as an A4 PDF (IPAexGothic embedded as a subset). Raises FontMissing when
    no Japanese font is installed (see lib/generate/fonts.py)."""
    c = sheet_content(sheet)
    font_path = require_japanese_font()
    drawable = font_characters(font_path)
    # Every character the sheet can print: its texts, numbers, bullets, the missing-glyph mark.
    used = {ord(ch) for text in _strings(c) for ch in text} | set(map(ord, "0123456789 .:・•"))
    with tempfile.TemporaryDirectory(prefix="furikaeri-pdf-", ignore_cleanup_errors=True) as folder:
        subset = subset_font(font_path, used & drawable)
        font_file = font_path
        if subset is not None:
            font_file = Path(folder) / font_path.name
            font_file.write_bytes(subset)
        return _render_pdf(c, font_file, drawable)


def _render_pdf(c: SheetContent, font_file: Path, drawable: frozenset[int]) -> bytes:
    tpl, tm, role, rb = c.tpl, c.tpl["timing"], c.tpl["role"], c.tpl["rubric"]
    pdf = _pdf_class()(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = tpl["page"]
    pdf.alias_nb_pages(None)  # "{nb}" in the user's text stays "{nb}"
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.c_margin = 0  # the writer pads cells itself
    pdf.set_auto_page_break(False, margin=_MARGIN + _FOOTER)
    pdf.add_font(_FAMILY, "", font_file)
    # fpdf2 subsets the font with fontTools at output; recomputing every glyph's bounding
    # box there re-encodes each outline (~0.5 ms a glyph) and changes nothing we need.
    ttfont = getattr(pdf.fonts.get(_FAMILY), "ttfont", None)
    if ttfont is not None:
        ttfont.recalcBBoxes = False
    pdf.set_title(c.title)
    pdf.set_lang(c.lang)
    pdf.set_subject(tpl["subtitle"])
    pdf.set_creator("Furikaeri")
    pdf.set_font(_FAMILY, size=10)
    w = _Writer(pdf, drawable, tpl["missing_glyph"], tpl["truncated"])
    pdf.add_page()

    # Header
    w.draw(w.text(tpl["title"], 17, color=_ACCENT, after=0.5))
    w.draw(w.text(tpl["subtitle"], 8.5, color=_MUTED, after=2))
    half = pdf.epw / 2
    cells = [f"{label}: {value or tpl['blank']}" for label, value in c.header]
    w.table([_Col(half, 9.5), _Col(half, 9.5)], None, [cells[:2], cells[2:]], pad=1.6)

    # Questions
    bullet = "・" if c.lang == "ja" else "•"
    w.heading(tpl["questions"], first=True)
    if not c.questions:
        w.draw(w.text(tpl["no_questions"], 10, color=_MUTED, after=2))
    for q in c.questions:
        blocks = [w.text(q.text, 11, prefix=q.number, after=0.6),
                  w.text(q.meta, 8.5, color=_MUTED, indent=1, after=0.8)]
        if q.why:
            blocks.append(w.text(q.why, 8.5, color=_MUTED, indent=1, prefix=f"{tpl['why']}:", after=0.8))
        if q.probes:
            blocks += _list_blocks(w, tpl["probes"], q.probes, bullet)
        if q.key_points:
            blocks += _list_blocks(w, tpl["key_points"], q.key_points, bullet)
        else:
            blocks += [w.text(tpl["key_points"], 8.5, color=_ACCENT, indent=1, after=0.2),
                       w.text(tpl["key_points_none"], 8.5, color=_MUTED, indent=3), _Rules(KEY_POINT_LINES)]
        blocks += [w.text(tpl["notes"], 8.5, color=_ACCENT, indent=1), _Rules(NOTE_LINES)]
        _draw_together(w, blocks)

    if c.reverse:
        _reverse_section(w, c, bullet)

    # Timing guide, on one page when it fits on one
    row_height = 9 * _MM_PER_PT * _LINE + 2 * 1.2
    w.keep_together([_Rules(1, 20 + (len(c.timing) + 2) * row_height)])
    w.heading(tm["title"])
    epw = pdf.epw
    cols = [_Col(epw * 0.58, 9), _Col(epw * 0.12, 9, "R"), _Col(epw * 0.18, 9, "R"), _Col(epw * 0.12, 9, box=True)]
    rows = [[label, minutes, rng, ""] for label, minutes, rng in c.timing]
    rows.append([tm["total"], c.timing_total, "", None])  # None: no check box
    w.table(cols, [tm["part"], tm["minutes"], tm["elapsed"], tm["check"]], rows)

    # For the partner: role card and rubric, from a new page
    pdf.add_page()
    w.heading(role["title"], first=True)
    w.draw(w.text(role["intro"], 10, after=1.5))
    for n, step in enumerate(role["steps"], 1):
        w.draw(w.text(step, 9.5, indent=1, prefix=f"{n}.", after=0.8))
    pdf.set_y(pdf.get_y() + 1)
    w.draw(w.text(role["tip"], 9.5, color=_ACCENT, indent=1, after=1))

    w.heading(rb["title"])
    w.draw(w.text(rb["scale_title"], 8.5, color=_ACCENT, after=0.3))
    for key in ("scale_1", "scale_3", "scale_5"):
        w.draw(w.text(rb[key], 9, indent=2, after=0.2))
    pdf.set_y(pdf.get_y() + 2)
    if c.questions:
        w.draw(w.text(rb["per_question"], 9.5, color=_ACCENT, after=0.5))
        cols = [_Col(epw * 0.08, 8.5, "R"), _Col(epw * 0.47, 8.5), _Col(epw * 0.19, 8.5, "C"), _Col(epw * 0.26, 8.5)]
        rows = [[q.number, q.short, rb["scores"], ""] for q in c.questions]
        w.table(cols, [rb["col_no"], rb["col_question"], rb["col_score"], rb["col_comment"]], rows)
    if c.competencies:
        w.draw(w.text(rb["per_competency"], 9.5, color=_ACCENT, after=0.5))
        cols = [_Col(epw * 0.17, 8), _Col(epw * 0.21, 8), _Col(epw * 0.21, 8), _Col(epw * 0.21, 8),
                _Col(epw * 0.20, 8, "C")]
        rows = [[label, a["low"], a["mid"], a["high"], rb["scores"]] for label, a in c.competencies]
        w.table(cols, [rb["col_competency"], rb["col_1"], rb["col_3"], rb["col_5"], rb["col_score"]], rows)
    title = w.text(rb["overall"], 9.5, color=_ACCENT, after=0.5)
    w.keep_together([title, _Rules(4)])
    w.draw(title)
    w.draw(_Rules(4))
    try:
        return bytes(pdf.output())
    finally:
        for font in pdf.fonts.values():
            if hasattr(font, "close"):
                font.close()  # the font file is read lazily until output; release it
