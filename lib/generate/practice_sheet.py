"""The mock-interview practice sheet (模擬面接シート) that a friend or family member uses
to run a mock interview.

Plain data in, a document out; the fixed texts live in data/templates/practice_sheet.toml.
The same content is rendered twice:

    sheet_html(sheet)   a standalone HTML page with print CSS (A4, 15 mm margins), shown in
                        the browser and printed from there; the browser's fonts do the work
    sheet_pdf(sheet)    a PDF built with fpdf2 and IPAexGothic (lib/fonts.py), embedded as a
                        subset; raises FontMissing when no Japanese font is installed

Content, in order: header (company, round, date, candidate), the questions (competency,
suggested minutes, why it was picked, follow-up probes, the candidate's key points, ruled
lines for notes), the timing guide, then on a new page the role card for the person playing
the interviewer and the scoring rubric (per question, per competency, with what 1/3/5 look like).

The user's text is printed literally: escaped in HTML, plain text in the PDF (no Markdown,
no "{nb}" page alias). Characters the PDF font cannot draw (emoji) are printed as the
template's `missing_glyph` (〓 / □) instead of disappearing silently.

PDF speed and layout (budget: a 20-question sheet warm in 300 ms, at most 150 KB):
- fpdf2's multi_cell() and table() re-measure the whole line for every character they add
  (about 1 ms per wrapped line). So text is wrapped here (breaks at spaces, between CJK
  characters, simplified kinsoku), measured with FPDF.get_string_width(), and each line is
  written with FPDF.text(). Blocks and table rows are measured before they are drawn: a
  question moves to the next page whole when it fits on one page, a table row never
  splits, and nothing runs past the bottom margin (a table cell longer than a page is cut
  with "…"; the full text is printed in the question list).
- fpdf2 parses the whole 6 MB font for every document (~160 ms). Since the sheet knows
  every character it prints, lib.fonts.subset_font() cuts a small font (glyphs without
  hinting) from a copy parsed once per process, and fpdf2 embeds that as its subset.
"""

from __future__ import annotations

import html
import math
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from pathlib import Path

from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR, LANGUAGES
from lib.fonts import FontMissing, font_characters, require_japanese_font, subset_font
from lib.generate.text import one_line, template
from lib.i18n import format_datetime, t
from lib.models import ROUNDS, clean_text

TEMPLATES = DATA_DIR / "templates" / "practice_sheet.toml"

# Timing guide, in minutes.
OPENING_MINUTES = 3.0
REVERSE_MINUTES = 5.0
FEEDBACK_MINUTES = 10.0
# The questions whose minutes are not set share about this many minutes (more when there
# are so many questions that each gets MIN_MINUTES)...
QUESTION_BUDGET = 40.0
# ...starting from a typical answer-plus-probes length per competency (default 3).
DEFAULT_MINUTES: dict[str, float] = {
    "self_introduction": 2.0,
    "career_story": 4.0,
    "achievements": 4.0,
    "role_skills": 4.0,
}
MIN_MINUTES = 1.0
# Rubric competencies used when the sheet names none besides the questions' own.
DEFAULT_RUBRIC_EXTRA = ("communication", "composure")
NOTE_LINES = 3
# Question texts in the rubric table are shortened to this many characters.
RUBRIC_QUESTION_CHARS = 90

__all__ = [
    "FontMissing", "PracticeSheet", "SheetQuestion", "question_minutes", "rubric_competencies",
    "sheet_html", "sheet_pdf", "timing_guide",
]


@dataclass
class SheetQuestion:
    """One question of the mock interview, with what the partner needs to run it."""

    text: str
    category: str = ""  # competency key (lib/competencies.py)
    probes: list[str] = field(default_factory=list)  # follow-up questions
    key_points: list[str] = field(default_factory=list)  # the user's own points (stories, past answers)
    why: str = ""  # why the question was picked
    minutes: float | None = None  # None: a default by competency, within QUESTION_BUDGET


@dataclass
class PracticeSheet:
    lang: str
    company: str = ""
    round: str = ""  # a code of lib.models.ROUNDS, or ""
    interview_date: date | None = None
    questions: list[SheetQuestion] = field(default_factory=list)
    rubric_competencies: list[str] = field(default_factory=list)  # competency keys
    candidate_name: str = ""


def _tpl(lang: str) -> dict:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language: {lang!r}")
    return template(TEMPLATES.stem)[lang]


# ------------------------------------------------------------------ content (shared by HTML and PDF)

_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")


def _text(value: str | None) -> str:
    """User text as typed (control characters removed), with one kind of line break."""
    return _BREAKS.sub("\n", clean_text(value)).replace("\t", " ")


def _items(values: list[str] | None) -> list[str]:
    return [text for text in map(_text, values or []) if text]


def _shorten(text: str, limit: int, ellipsis: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ellipsis


def _competency_label(key: str, lang: str) -> str:
    return t(f"competency.{key}", lang) if key in COMPETENCIES else ""


def _round_label(code: str, lang: str) -> str:
    return t(f"round.{code}", lang) if code in ROUNDS else ""


def _minutes_text(minutes: float) -> str:
    return f"{round(minutes, 1):g}"


def _valid_minutes(value: float | None) -> float | None:
    try:
        minutes = float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return minutes if minutes is not None and math.isfinite(minutes) and minutes > 0 else None


def question_minutes(sheet: PracticeSheet) -> list[float]:
    """Suggested minutes per question: the question's own, else a default by competency;
    the defaults are scaled down (rounded to half minutes, at least MIN_MINUTES) so that the
    questions without their own minutes share about QUESTION_BUDGET minus the minutes set."""
    own = [_valid_minutes(q.minutes) for q in sheet.questions]
    defaults = [DEFAULT_MINUTES.get(q.category, 3.0) for q, m in zip(sheet.questions, own) if m is None]
    budget = max(QUESTION_BUDGET - sum(m for m in own if m is not None), MIN_MINUTES * len(defaults))
    scale = min(1.0, budget / sum(defaults)) if defaults else 1.0
    result = []
    for q, m in zip(sheet.questions, own):
        if m is None:
            m = max(MIN_MINUTES, round(DEFAULT_MINUTES.get(q.category, 3.0) * scale * 2) / 2)
        result.append(m)
    return result


def timing_guide(sheet: PracticeSheet) -> list[tuple[str, float]]:
    """(label, minutes) for each part of the mock interview: the opening, each question,
    the candidate's own questions (逆質問) and the feedback."""
    tpl = _tpl(sheet.lang)["timing"]
    rows = [(tpl["opening"], OPENING_MINUTES)]
    for n, (q, minutes) in enumerate(zip(sheet.questions, question_minutes(sheet)), 1):
        rows.append((tpl["question"].format(n=n, label=_competency_label(q.category, sheet.lang)).strip(), minutes))
    rows += [(tpl["reverse"], REVERSE_MINUTES), (tpl["feedback"], FEEDBACK_MINUTES)]
    return rows


def rubric_competencies(sheet: PracticeSheet) -> list[str]:
    """The competencies scored in the rubric: the sheet's own (known keys, in order, once
    each), else the questions' competencies plus communication and composure."""
    chosen = [key for key in dict.fromkeys(sheet.rubric_competencies) if key in COMPETENCIES]
    if chosen:
        return chosen
    from_questions = [q.category for q in sheet.questions if q.category in COMPETENCIES]
    return list(dict.fromkeys([*from_questions, *DEFAULT_RUBRIC_EXTRA]))


@dataclass
class _Question:
    number: str
    text: str
    meta: str  # competency · minutes
    why: str
    probes: list[str]
    key_points: list[str]
    short: str  # for the rubric table


@dataclass
class _Content:
    """Everything printed, resolved to one language; both renderers draw exactly this."""

    lang: str
    tpl: dict
    title: str
    header: list[tuple[str, str]]  # (label, value); empty value: a blank to fill in
    questions: list[_Question]
    timing: list[tuple[str, str, str]]  # (label, minutes, elapsed range)
    timing_total: str
    competencies: list[tuple[str, dict]]  # (label, {low, mid, high})


def _content(sheet: PracticeSheet) -> _Content:
    lang = sheet.lang
    tpl = _tpl(lang)
    header = [
        (tpl["company"], one_line(sheet.company)),
        (tpl["round"], _round_label(sheet.round, lang)),
        (tpl["date"], format_datetime(sheet.interview_date, lang, with_time=False) if sheet.interview_date else ""),
        (tpl["candidate"], one_line(sheet.candidate_name)),
    ]
    questions = []
    for n, (q, minutes) in enumerate(zip(sheet.questions, question_minutes(sheet)), 1):
        text = _text(q.text)
        meta = [_competency_label(q.category, lang), tpl["minutes"].format(minutes=_minutes_text(minutes))]
        questions.append(_Question(
            number=tpl["question_no"].format(n=n), text=text, meta=" · ".join(filter(None, meta)),
            why=_text(q.why), probes=_items(q.probes), key_points=_items(q.key_points),
            short=_shorten(text, RUBRIC_QUESTION_CHARS, tpl["truncated"]),
        ))
    timing, elapsed = [], 0.0
    for label, minutes in timing_guide(sheet):
        start, elapsed = elapsed, elapsed + minutes
        rng = tpl["timing"]["range"].format(start=_minutes_text(start), end=_minutes_text(elapsed))
        timing.append((label, _minutes_text(minutes), rng))
    anchors = tpl["rubric"]["competency"]
    competencies = [(_competency_label(key, lang), anchors.get(key, anchors["other"]))
                    for key in rubric_competencies(sheet)]
    company = header[0][1]
    return _Content(lang=lang, tpl=tpl, title=f"{tpl['title']} — {company}" if company else tpl["title"],
                    header=header, questions=questions, timing=timing, timing_total=_minutes_text(elapsed),
                    competencies=competencies)


# ------------------------------------------------------------------ HTML

_CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", YuGothic, Meiryo,
  "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", sans-serif; font-size: 10pt; line-height: 1.5;
  color: #141414; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 180mm; }
@media screen { body { padding: 8mm 4mm; } }
@media print { .no-print { display: none !important; } }
h1 { font-size: 17pt; margin: 0 0 1mm; color: #1f4e79; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #1f4e79; border-bottom: 0.4mm solid #1f4e79;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 0 0 1mm; font-weight: bold; }
h4 { font-size: 9pt; margin: 2mm 0 0.5mm; color: #5a5a5a; font-weight: normal; }
p { margin: 0 0 1mm; }
ul, ol { margin: 0; padding-left: 6mm; }
.subtitle, .muted { color: #5a5a5a; font-size: 9pt; }
.user { white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal; }
.meta { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; margin: 3mm 0 0; padding: 2mm 3mm;
  border: 0.3mm solid #999; }
.meta div { overflow-wrap: anywhere; }
.meta .label { color: #5a5a5a; margin-right: 2mm; }
.blank { display: inline-block; min-width: 40mm; border-bottom: 0.3mm solid #777; }
.question { break-inside: avoid; page-break-inside: avoid; padding: 2.5mm 0 3mm; border-top: 0.3mm solid #bbb; }
.qno { color: #1f4e79; margin-right: 2mm; }
.why { font-size: 9pt; color: #5a5a5a; }
.rule { height: 7.5mm; border-bottom: 0.3mm solid #9a9a9a; }
.partner { break-before: page; page-break-before: always; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; font-size: 9pt; }
th, td { border: 0.3mm solid #9a9a9a; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eef2f7; font-weight: normal; color: #333; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; width: 1%; }
td.score { text-align: center; white-space: nowrap; width: 1%; word-spacing: 2mm; }
td.box { width: 10mm; }
td.comment { width: 34%; }
td.total { font-weight: bold; }
.steps li { margin-bottom: 1mm; }
.tip { margin-top: 2mm; padding: 2mm 3mm; border-left: 1mm solid #1f4e79; background: #eef2f7; }
.overall { height: 30mm; border: 0.3mm solid #9a9a9a; padding: 1mm 1.5mm; }
.print-button { margin: 0 0 4mm; padding: 1.5mm 5mm; font-size: 10pt; cursor: pointer; }
.keep { break-inside: avoid; page-break-inside: avoid; }
table.competencies td:first-child { width: 17%; }
table.competencies td { width: 21%; }
table.competencies td.score { width: 20%; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _user(text: str, tag: str = "span", cls: str = "") -> str:
    classes = f"user {cls}".strip()
    return f'<{tag} class="{classes}">{_esc(text)}</{tag}>'


def sheet_html(sheet: PracticeSheet, *, print_button: bool = False) -> str:
    """The sheet as a complete HTML document with print CSS (A4). With `print_button`, a
    button that calls window.print() is shown on screen (hidden when printed)."""
    c = _content(sheet)
    tpl, tm, role, rb = c.tpl, c.tpl["timing"], c.tpl["role"], c.tpl["rubric"]
    out = ["<!DOCTYPE html>", f'<html lang="{c.lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_esc(c.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>"]
    if print_button:
        out.append(f'<button type="button" class="print-button no-print" onclick="window.print()">'
                   f'{_esc(tpl["print"])}</button>')
    out += ["<header>", f"<h1>{_esc(tpl['title'])}</h1>", f'<p class="subtitle">{_esc(tpl["subtitle"])}</p>',
            '<div class="meta">']
    for label, value in c.header:
        shown = _user(value) if value else '<span class="blank"></span>'
        out.append(f'<div><span class="label">{_esc(label)}</span>{shown}</div>')
    out += ["</div>", "</header>", '<section class="questions">', f"<h2>{_esc(tpl['questions'])}</h2>"]
    if not c.questions:
        out.append(f'<p class="muted">{_esc(tpl["no_questions"])}</p>')
    for q in c.questions:
        out += ['<article class="question">',
                f'<h3><span class="qno">{_esc(q.number)}</span>{_user(q.text)}</h3>',
                f'<p class="muted">{_esc(q.meta)}</p>']
        if q.why:
            out.append(f'<p class="why">{_esc(tpl["why"])}: {_user(q.why)}</p>')
        for title, items in ((tpl["probes"], q.probes), (tpl["key_points"], q.key_points)):
            if items:
                out += [f"<h4>{_esc(title)}</h4>", "<ul>", *(_user(item, "li") for item in items), "</ul>"]
        out += [f"<h4>{_esc(tpl['notes'])}</h4>", '<div class="notes">',
                *(['<div class="rule"></div>'] * NOTE_LINES), "</div>", "</article>"]
    out += ["</section>", '<section class="timing keep">', f"<h2>{_esc(tm['title'])}</h2>", "<table>",
            (f"<thead><tr><th>{_esc(tm['part'])}</th><th class=\"num\">{_esc(tm['minutes'])}</th>"
            f"<th class=\"num\">{_esc(tm['elapsed'])}</th><th>{_esc(tm['check'])}</th></tr></thead>"), "<tbody>"]
    for label, minutes, rng in c.timing:
        out.append(f'<tr><td>{_esc(label)}</td><td class="num">{_esc(minutes)}</td>'
                   f'<td class="num">{_esc(rng)}</td><td class="box"></td></tr>')
    out += [(f'<tr><td class="total">{_esc(tm["total"])}</td><td class="num total">{_esc(c.timing_total)}</td>'
            "<td></td><td></td></tr>"), "</tbody>", "</table>", "</section>",
            '<section class="partner">', f"<h2>{_esc(role['title'])}</h2>", f"<p>{_esc(role['intro'])}</p>",
            '<ol class="steps">', *(f"<li>{_esc(step)}</li>" for step in role["steps"]), "</ol>",
            f'<p class="tip">{_esc(role["tip"])}</p>',
            f"<h2>{_esc(rb['title'])}</h2>", f"<h4>{_esc(rb['scale_title'])}</h4>",
            "<ul>", *(f"<li>{_esc(rb[k])}</li>" for k in ("scale_1", "scale_3", "scale_5")), "</ul>"]
    if c.questions:
        out += ['<div class="keep">', f"<h4>{_esc(rb['per_question'])}</h4>", "<table>",
                (f"<thead><tr><th class=\"num\">{_esc(rb['col_no'])}</th><th>{_esc(rb['col_question'])}</th>"
                f"<th>{_esc(rb['col_score'])}</th><th>{_esc(rb['col_comment'])}</th></tr></thead>"), "<tbody>"]
        for q in c.questions:
            out.append(f'<tr><td class="num">{_esc(q.number)}</td><td>{_user(q.short)}</td>'
                       f'<td class="score">{_esc(rb["scores"])}</td><td class="comment"></td></tr>')
        out += ["</tbody>", "</table>", "</div>"]
    if c.competencies:
        out += ['<div class="keep">', f"<h4>{_esc(rb['per_competency'])}</h4>", '<table class="competencies">',
                (f"<thead><tr><th>{_esc(rb['col_competency'])}</th><th>{_esc(rb['col_1'])}</th>"
                f"<th>{_esc(rb['col_3'])}</th><th>{_esc(rb['col_5'])}</th><th>{_esc(rb['col_score'])}</th>"
                "</tr></thead>"), "<tbody>"]
        for label, anchor in c.competencies:
            out.append(f"<tr><td>{_esc(label)}</td><td>{_esc(anchor['low'])}</td><td>{_esc(anchor['mid'])}</td>"
                       f'<td>{_esc(anchor["high"])}</td><td class="score">{_esc(rb["scores"])}</td></tr>')
        out += ["</tbody>", "</table>", "</div>"]
    out += ['<div class="keep">', f"<h4>{_esc(rb['overall'])}</h4>", '<div class="overall"></div>', "</div>",
            "</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ PDF

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


def sheet_pdf(sheet: PracticeSheet) -> bytes:
    """The sheet as an A4 PDF (IPAexGothic embedded as a subset). Raises FontMissing when
    no Japanese font is installed (see lib/fonts.py)."""
    c = _content(sheet)
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


def _render_pdf(c: _Content, font_file: Path, drawable: frozenset[int]) -> bytes:
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
    w.heading(tpl["questions"], first=True)
    if not c.questions:
        w.draw(w.text(tpl["no_questions"], 10, color=_MUTED, after=2))
    for q in c.questions:
        blocks = [w.text(q.text, 11, prefix=q.number, after=0.6),
                  w.text(q.meta, 8.5, color=_MUTED, indent=1, after=0.8)]
        if q.why:
            blocks.append(w.text(q.why, 8.5, color=_MUTED, indent=1, prefix=f"{tpl['why']}:", after=0.8))
        for title, items in ((tpl["probes"], q.probes), (tpl["key_points"], q.key_points)):
            if items:
                blocks.append(w.text(title, 8.5, color=_ACCENT, indent=1, after=0.2))
                blocks += [w.text(item, 9.5, indent=3, prefix="・" if c.lang == "ja" else "•", after=0.3)
                           for item in items]
        blocks += [w.text(tpl["notes"], 8.5, color=_ACCENT, indent=1), _Rules(NOTE_LINES)]
        w.keep_together(blocks)
        for block in blocks:
            w.draw(block)
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.2)
        pdf.set_y(pdf.get_y() + 1)

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
