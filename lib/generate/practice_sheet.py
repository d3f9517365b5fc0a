"""The mock-interview practice sheet (模擬面接シート) that a friend or family member uses
to run a mock interview.

Plain data in, a document out; the fixed texts live in data/templates/practice_sheet.toml.
The same content is rendered twice:

    sheet_html(sheet)   a standalone HTML page with print CSS (A4, 15 mm margins), shown in
                        the browser and printed from there; the browser's fonts do the work
    sheet_pdf(sheet)    a PDF built with fpdf2 and IPAexGothic (lib/generate/fonts.py), embedded as a
                        subset; raises FontMissing when no Japanese font is installed

Content, in order: header (company, round, date, candidate), the questions (competency,
suggested minutes, why it was picked, follow-up probes, the candidate's key points, ruled
lines for notes), the candidate's own questions (逆質問: the candidate asks, the partner
answers as the company would and judges the question — researched? specific? tied to the
motivation? — without scoring it), the timing guide, then on a new page the role card for the
person playing the interviewer and the scoring rubric (answers only: per question, per
competency, with what 1/3/5 look like). A question without key points gets a line saying
so and ruled space to write them in.

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
  every character it prints, lib.generate.fonts.subset_font() cuts a small font (glyphs without
  hinting) from a copy parsed once per process, and fpdf2 embeds that as its subset.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from datetime import date

from lib.competencies import COMPETENCIES
from lib.config import DATA_DIR, LANGUAGES
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
KEY_POINT_LINES = 2  # ruled lines for key points when the user has none yet
REVERSE_ANSWER_LINES = 2
# The candidate's own questions are judged in their own section, never scored 1-5 as an answer.
NOT_SCORED = ("reverse_questions",)
# Question texts in the rubric table are shortened to this many characters.
RUBRIC_QUESTION_CHARS = 90

__all__ = [
    "PracticeSheet", "SheetContent", "SheetQuestion", "question_minutes", "rubric_competencies", "sheet_content",
    "sheet_html", "timing_guide",
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
    reverse: bool = False  # a 逆質問: the candidate asks it; probes are the candidate's follow-ups


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


def answered(sheet: PracticeSheet) -> list[SheetQuestion]:
    """The questions the partner asks and the candidate answers (not the 逆質問)."""
    return [q for q in sheet.questions if not q.reverse]


def reverse_questions(sheet: PracticeSheet) -> list[SheetQuestion]:
    """The candidate's own questions to the partner (逆質問)."""
    return [q for q in sheet.questions if q.reverse]


def question_minutes(sheet: PracticeSheet) -> list[float]:
    """Suggested minutes per answered question: the question's own, else a default by
    competency; the defaults are scaled down (rounded to half minutes, at least MIN_MINUTES)
    so that the questions without their own minutes share about QUESTION_BUDGET minus the
    minutes set."""
    questions = answered(sheet)
    own = [_valid_minutes(q.minutes) for q in questions]
    defaults = [DEFAULT_MINUTES.get(q.category, 3.0) for q, m in zip(questions, own) if m is None]
    budget = max(QUESTION_BUDGET - sum(m for m in own if m is not None), MIN_MINUTES * len(defaults))
    scale = min(1.0, budget / sum(defaults)) if defaults else 1.0
    result = []
    for q, m in zip(questions, own):
        if m is None:
            m = max(MIN_MINUTES, round(DEFAULT_MINUTES.get(q.category, 3.0) * scale * 2) / 2)
        result.append(m)
    return result


def timing_guide(sheet: PracticeSheet) -> list[tuple[str, float]]:
    """(label, minutes) for each part of the mock interview: the opening, each question,
    the candidate's own questions (逆質問) and the feedback."""
    tpl = _tpl(sheet.lang)["timing"]
    rows = [(tpl["opening"], OPENING_MINUTES)]
    for n, (q, minutes) in enumerate(zip(answered(sheet), question_minutes(sheet)), 1):
        rows.append((tpl["question"].format(n=n, label=_competency_label(q.category, sheet.lang)).strip(), minutes))
    rows += [(tpl["reverse"], REVERSE_MINUTES), (tpl["feedback"], FEEDBACK_MINUTES)]
    return rows


def rubric_competencies(sheet: PracticeSheet) -> list[str]:
    """The competencies scored in the rubric: the sheet's own (known keys, in order, once
    each), else the answered questions' competencies plus communication and composure.
    逆質問 are never scored here: their section has its own way of judging them."""
    chosen = [key for key in dict.fromkeys(sheet.rubric_competencies) if key in COMPETENCIES
              and key not in NOT_SCORED]
    if chosen:
        return chosen
    from_questions = [q.category for q in answered(sheet) if q.category in COMPETENCIES and q.category not in NOT_SCORED]
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
class _Reverse:
    """A 逆質問 as printed: the candidate asks, the partner answers and judges the question."""

    number: str
    text: str
    why: str
    follow_ups: list[str]


@dataclass
class SheetContent:
    """Everything printed, resolved to one language; both renderers draw exactly this."""

    lang: str
    tpl: dict
    title: str
    header: list[tuple[str, str]]  # (label, value); empty value: a blank to fill in
    questions: list[_Question]
    reverse: list[_Reverse]
    timing: list[tuple[str, str, str]]  # (label, minutes, elapsed range)
    timing_total: str
    competencies: list[tuple[str, dict]]  # (label, {low, mid, high})


def sheet_content(sheet: PracticeSheet) -> SheetContent:
    lang = sheet.lang
    tpl = _tpl(lang)
    header = [
        (tpl["company"], one_line(sheet.company)),
        (tpl["round"], _round_label(sheet.round, lang)),
        (tpl["date"], format_datetime(sheet.interview_date, lang, with_time=False) if sheet.interview_date else ""),
        (tpl["candidate"], one_line(sheet.candidate_name)),
    ]
    questions = []
    for n, (q, minutes) in enumerate(zip(answered(sheet), question_minutes(sheet)), 1):
        text = _text(q.text)
        meta = [_competency_label(q.category, lang), tpl["minutes"].format(minutes=_minutes_text(minutes))]
        questions.append(_Question(
            number=tpl["question_no"].format(n=n), text=text, meta=t("common.separator", lang).join(filter(None, meta)),
            why=_text(q.why), probes=_items(q.probes), key_points=_items(q.key_points),
            short=_shorten(text, RUBRIC_QUESTION_CHARS, tpl["truncated"]),
        ))
    reverse = [_Reverse(tpl["reverse"]["number"].format(n=n), _text(q.text), _text(q.why), _items(q.probes))
               for n, q in enumerate(reverse_questions(sheet), 1)]
    timing, elapsed = [], 0.0
    for label, minutes in timing_guide(sheet):
        start, elapsed = elapsed, elapsed + minutes
        rng = tpl["timing"]["range"].format(start=_minutes_text(start), end=_minutes_text(elapsed))
        timing.append((label, _minutes_text(minutes), rng))
    anchors = tpl["rubric"]["competency"]
    competencies = [(_competency_label(key, lang), anchors.get(key, anchors["other"]))
                    for key in rubric_competencies(sheet)]
    company = header[0][1]
    return SheetContent(lang=lang, tpl=tpl, title=f"{tpl['title']} — {company}" if company else tpl["title"],
                    header=header, questions=questions, reverse=reverse, timing=timing,
                    timing_total=_minutes_text(elapsed),
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
.question, .reverse-question { break-inside: avoid; page-break-inside: avoid; padding: 2.5mm 0 3mm;
  border-top: 0.3mm solid #bbb; }
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


def _question_html(q: _Question, tpl: dict) -> list[str]:
    out = ['<article class="question">', f'<h3><span class="qno">{_esc(q.number)}</span>{_user(q.text)}</h3>',
           f'<p class="muted">{_esc(q.meta)}</p>']
    if q.why:
        out.append(f'<p class="why">{_esc(tpl["why"])}: {_user(q.why)}</p>')
    if q.probes:
        out += [f"<h4>{_esc(tpl['probes'])}</h4>", "<ul>", *(_user(item, "li") for item in q.probes), "</ul>"]
    out.append(f"<h4>{_esc(tpl['key_points'])}</h4>")
    if q.key_points:
        out += ["<ul>", *(_user(item, "li") for item in q.key_points), "</ul>"]
    else:
        out += [f'<p class="muted">{_esc(tpl["key_points_none"])}</p>', '<div class="points">',
                *(['<div class="rule"></div>'] * KEY_POINT_LINES), "</div>"]
    return out + [f"<h4>{_esc(tpl['notes'])}</h4>", '<div class="notes">',
                  *(['<div class="rule"></div>'] * NOTE_LINES), "</div>", "</article>"]


def _reverse_html(reverse: list[_Reverse], tpl: dict) -> list[str]:
    rv = tpl["reverse"]
    out = ['<section class="reverse">', f"<h2>{_esc(rv['title'])}</h2>", f"<p>{_esc(rv['intro'])}</p>"]
    for q in reverse:
        out += ['<article class="reverse-question">',
                f'<h3><span class="qno">{_esc(q.number)}</span>{_user(q.text)}</h3>']
        if q.why:
            out.append(f'<p class="why">{_esc(tpl["why"])}: {_user(q.why)}</p>')
        if q.follow_ups:
            out += [f"<h4>{_esc(rv['follow_ups'])}</h4>", "<ul>", *(_user(item, "li") for item in q.follow_ups),
                    "</ul>"]
        out += [f"<h4>{_esc(rv['answer'])}</h4>", '<div class="answer">',
                *(['<div class="rule"></div>'] * REVERSE_ANSWER_LINES), "</div>",
                f"<h4>{_esc(rv['checks_title'])}</h4>", '<table class="checks">',
                f"<thead><tr><th>{_esc(rv['col_check'])}</th><th>{_esc(rv['col_mark'])}</th></tr></thead>",
                "<tbody>", *(f'<tr><td>{_esc(check)}</td><td class="score">{_esc(rv["yes_no"])}</td></tr>'
                             for check in rv["checks"]), "</tbody>", "</table>", "</article>"]
    return out + ["</section>"]


def sheet_html(sheet: PracticeSheet, *, print_button: bool = False) -> str:
    """The sheet as a complete HTML document with print CSS (A4). With `print_button`, a
    button that calls window.print() is shown on screen (hidden when printed)."""
    c = sheet_content(sheet)
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
        out += _question_html(q, tpl)
    out.append("</section>")
    if c.reverse:
        out += _reverse_html(c.reverse, tpl)
    out += ['<section class="timing keep">', f"<h2>{_esc(tm['title'])}</h2>", "<table>",
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
