"""The mock-interview practice sheet: the HTML print view and the PDF, in both languages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from datetime import date
from html.parser import HTMLParser

import pytest

from lib.competencies import COMPETENCIES
from lib.config import LANGUAGES
from lib.generate import fonts
from lib.generate import practice_sheet as ps
from lib.generate import practice_sheet_pdf as pdf_module
from lib.generate.fonts import FontMissing
from lib.generate.practice_sheet import (
    TEMPLATES,
    PracticeSheet,
    SheetQuestion,
    question_minutes,
    rubric_competencies,
    sheet_html,
    timing_guide,
)
from lib.generate.practice_sheet_pdf import sheet_pdf
from lib.i18n import t

HOSTILE = ["<script>alert(1)</script>", "**bold**", "[link](http://x)", "{nb}", "&amp; <b>x</b>"]
EMOJI = "絵文字メモ😀👍🏻✨"
LONG = "長い要点の説明。" * 250  # 2,000 characters
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
A4_PT = (595.28, 841.89)
MARGIN_PT = 15 / 25.4 * 72

# `make test` installs the font and .ci/run installs poppler: under CI these must run, not skip.
IN_CI = bool(os.environ.get("CI"))
needs_font = pytest.mark.skipif(fonts.japanese_font_path() is None and not IN_CI,
                                reason="no Japanese font: run make (it unpacks one into data/fonts/)")
needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")) and not IN_CI,
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")


def question_text(i: int) -> str:
    if i % 2:
        return f"Question {i}: tell me about a time you disagreed with your manager, and what you did next."
    return f"質問{i}:これまでのご経験の中で、最も困難だった課題と、その乗り越え方を具体的に教えてください。"


def full_sheet(lang: str, count: int = 20) -> PracticeSheet:
    questions = []
    for i in range(1, count + 1):
        points = [f"要点{i}:売上を前年比120%に伸ばした施策を、数字と自分の役割で説明する",
                  f"Point {i}: led a team of five through a database migration"]
        if i == 1:
            points += HOSTILE + [EMOJI]
        if i == 4:
            points.append(LONG)
        questions.append(SheetQuestion(
            text=question_text(i),
            category=COMPETENCIES[i % len(COMPETENCIES)],
            probes=[f"深掘り{i}:そのとき、ほかにどんな選択肢がありましたか?", f"Probe {i}: what would you change now?"],
            key_points=points,
            why="前回の面接でうまく答えられなかったため" if i % 3 == 0 else "",
            minutes=5 if i == 2 else None,
        ))
    return PracticeSheet(
        lang=lang, company="株式会社ミナトデータ <Minato & Co>", round="second", interview_date=date(2026, 12, 3),
        questions=questions, rubric_competencies=["motivation", "communication", "composure", "no_such_key"],
        candidate_name="山田 太郎",
    )


def squash(text: str) -> str:
    """Text without any whitespace: pdftotext splits wrapped Japanese lines anywhere."""
    return re.sub(r"\s+", "", text)


def pdftotext(path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_pages(path) -> list[str]:
    """The text of each page without its footer line (the page number)."""
    pages = []
    for page in pdftotext(path).split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and re.fullmatch(r"\s*(?:\d+ページ|Page \d+)\s*", lines[-1]):
            lines.pop()
        pages.append("\n".join(lines))
    return pages


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request, tmp_path_factory):
    """(lang, sheet, pdf path, pdf bytes, html) for a 20-question sheet."""
    lang = request.param
    sheet = full_sheet(lang)
    if fonts.japanese_font_path() is None and not IN_CI:
        pytest.skip("no Japanese font")
    data = sheet_pdf(sheet)
    path = tmp_path_factory.mktemp(f"sheet-{lang}") / "sheet.pdf"
    path.write_bytes(data)
    return lang, sheet, path, data, sheet_html(sheet)


# ------------------------------------------------------------------ PDF


@needs_font
def test_pdf_is_a4_and_small(built):
    lang, _, _, data, _ = built
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(data) <= 150_000, f"{lang}: {len(data):,} bytes"
    print(f"\n{lang}: 20-question PDF {len(data) / 1024:.0f} KB")


@needs_font
@needs_poppler
def test_pdf_font_is_embedded_as_a_subset(built):
    _, _, path, _, _ = built
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        name, emb, sub, uni = row[0], row[-5], row[-4], row[-3]
        assert "IPAexGothic" in name or "Gothic" in name, out
        assert re.match(r"^[A-Z]{6}\+", name), out  # subset tag
        assert (emb, sub, uni) == ("yes", "yes", "yes"), out


@needs_font
@needs_poppler
def test_pdf_text_is_extractable_and_literal(built):
    lang, sheet, path, _, _ = built
    text = squash("".join(pdf_pages(path)))
    for q in sheet.questions:
        assert squash(q.text) in text, q.text
        for probe in q.probes:
            assert squash(probe) in text, probe
    for hostile in HOSTILE:
        assert squash(hostile) in text, hostile
    assert squash(LONG) in text
    assert "株式会社ミナトデータ<Minato&Co>" in text
    # Emoji are not in IPAexGothic: shown as the missing-glyph mark, never silently dropped.
    mark = tomllib.loads(TEMPLATES.read_text("utf-8"))[lang]["missing_glyph"]
    assert f"絵文字メモ{mark}{mark}{mark}" in text
    # Fixed texts come from the chosen language.
    assert squash(ps._tpl(lang)["role"]["steps"][0]) in text
    assert squash(t("competency.motivation", lang)) in text
    assert squash(t("round.second", lang)) in text


@needs_font
@needs_poppler
def test_pdf_metadata(built):
    lang, _, path, _, _ = built
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "A4" in info
    assert re.search(r"^Title:\s+.*株式会社ミナトデータ", info, re.MULTILINE), info
    title = ps._tpl(lang)["title"]
    assert title in info
    data = path.read_bytes()
    assert f"/Lang ({lang})".encode() in data or b"/Lang <FEFF" in data


@needs_font
@needs_poppler
def test_pdf_text_stays_inside_the_margins(built):
    """Every word (long key point, long English lines included) lies inside the A4 margins."""
    _, _, path, _, _ = built
    bbox = pdftotext(path, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)
    assert len(words) > 200
    slack = 1.0
    for x0, y0, x1, y1, word in words:
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        assert x0 >= MARGIN_PT - slack and x1 <= A4_PT[0] - MARGIN_PT + slack, (x0, x1, word)
        assert y0 >= MARGIN_PT - slack, (y0, word)
        if y1 > A4_PT[1] - MARGIN_PT + slack:  # only the page number sits in the bottom margin
            assert re.fullmatch(r"\d+ページ|Page|\d+", word), word
            assert y1 <= A4_PT[1] - 8 / 25.4 * 72, (y1, word)


@needs_font
@needs_poppler
def test_pdf_keeps_a_question_on_one_page(built):
    """A question, its probes and its notes are never split over two pages (unless the
    question alone is longer than a page: the one with the 2,000-character key point)."""
    lang, sheet, path, _, _ = built
    pages = [squash(page) for page in pdf_pages(path)]
    role = squash(ps._tpl(lang)["role"]["title"])
    pages = pages[:next(n for n, page in enumerate(pages) if role in page)]  # the rubric repeats the questions
    for i, q in enumerate(sheet.questions, 1):
        if LONG in q.key_points:
            continue
        holding = [n for n, page in enumerate(pages) if squash(q.text) in page]
        assert len(holding) == 1, (i, holding)
        assert squash(q.probes[-1]) in pages[holding[0]], i
        assert squash(q.key_points[1]) in pages[holding[0]], i


@needs_font
@needs_poppler
def test_pdf_partner_part_starts_on_a_new_page(built):
    lang, _, path, _, _ = built
    tpl = ps._tpl(lang)
    pages = [squash(page) for page in pdf_pages(path)]
    first = next(n for n, page in enumerate(pages) if squash(tpl["role"]["title"]) in page)
    assert pages[first].startswith(squash(tpl["role"]["title"]))
    assert squash(tpl["timing"]["title"]) in pages[first - 1]
    rest = "".join(pages[first:])
    assert squash(tpl["notes"]) not in rest
    assert squash(tpl["timing"]["feedback"]) not in rest  # the timing table ended before
    assert squash(tpl["rubric"]["per_question"]) in rest
    assert squash(tpl["rubric"]["competency"]["communication"]["high"]) in rest


@needs_font
@needs_poppler
@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_sheet_pdf(lang, tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(sheet_pdf(PracticeSheet(lang=lang)))
    text = squash("".join(pdf_pages(path)))
    tpl = ps._tpl(lang)
    assert squash(tpl["no_questions"]) in text
    assert squash(tpl["timing"]["title"]) in text
    assert squash(tpl["role"]["title"]) in text


@needs_font
def test_huge_user_text_never_breaks_the_layout(tmp_path):
    """A 20,000-character company name and question still fit the page (cut with … in tables)."""
    huge = "とても長い会社名" * 2500
    sheet = PracticeSheet(lang="ja", company=huge,
                          questions=[SheetQuestion(text="x" * 20_000, category="motivation"),
                                     SheetQuestion(text="", category="")])
    assert sheet_pdf(sheet).startswith(b"%PDF-")


def test_font_missing_is_raised_and_html_still_works(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "UNPACKED", tmp_path / "none.ttf")
    monkeypatch.setattr(fonts, "SYSTEM_FONTS", ())
    assert fonts.japanese_font_path() is None
    with pytest.raises(FontMissing) as caught:
        sheet_pdf(full_sheet("ja", 2))
    assert caught.value.key == "sheet.font_missing"
    assert "make" in str(caught.value)
    assert "<!DOCTYPE html>" in sheet_html(full_sheet("ja", 2))


@needs_font
def test_font_is_a_truetype_file_found_without_installing_any_package():
    path = fonts.japanese_font_path()
    assert path is not None and path.suffix == ".ttf" and path.is_file()
    assert "kivy" not in sys.modules and "matplotlib" not in sys.modules


def test_unpack_takes_the_font_and_its_licence_out_of_the_archive(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    with zipfile.ZipFile(archive / "fonts-1.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("pkg/resources/ipaexg.ttf", b"font bytes")
        wheel.writestr("pkg/resources/IPA_Font_License_Agreement_v1.0.txt", b"licence")
        wheel.writestr("pkg/__init__.py", b"")
    path = fonts.unpack(archive, tmp_path / "fonts")
    assert path.read_bytes() == b"font bytes"
    assert sorted(p.name for p in path.parent.iterdir()) == ["IPA_Font_License_Agreement_v1.0.txt", "ipaexg.ttf"]
    with pytest.raises(FontMissing):
        fonts.unpack(tmp_path / "fonts", tmp_path / "elsewhere")  # no archive there


# ------------------------------------------------------------------ HTML


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def parsed(document: str) -> _Collect:
    parser = _Collect()
    parser.feed(document)
    parser.close()
    return parser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_is_a_print_document(lang):
    document = sheet_html(full_sheet(lang))
    p = parsed(document)
    assert document.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": lang}) in p.tags
    assert ("meta", {"charset": "utf-8"}) in p.tags
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:\s*15mm;", p.style)
    assert "break-before: page" in p.style and "break-inside: avoid" in p.style
    assert sum(1 for tag, attrs in p.tags if attrs.get("class") == "question") == 20
    assert sum(1 for tag, attrs in p.tags if attrs.get("class") == "rule") == 20 * ps.NOTE_LINES
    partner = [attrs for tag, attrs in p.tags if tag == "section" and "partner" in attrs.get("class", "")]
    assert len(partner) == 1
    # No script or link comes from the user's text; nothing but our own tags.
    assert {tag for tag, _ in p.tags} <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
                                          "h3", "h4", "p", "div", "span", "section", "article", "ul", "ol", "li",
                                          "table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_prints_user_text_literally(lang):
    sheet = full_sheet(lang)
    document = sheet_html(sheet)
    text = "".join(parsed(document).text)
    for q in sheet.questions:
        assert q.text in text
        for item in q.probes + q.key_points:
            assert item in text
    for hostile in HOSTILE:
        assert hostile in text  # shown as typed, after the browser unescapes it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<script" not in document
    assert "&amp;amp; &lt;b&gt;x&lt;/b&gt;" in document
    assert "**bold**" in document and "<strong" not in document and "<a " not in document
    assert EMOJI in text
    assert "株式会社ミナトデータ &lt;Minato &amp; Co&gt;" in document


def test_english_html_has_no_japanese_but_the_users():
    sheet = full_sheet("en")
    text = "".join(parsed(sheet_html(sheet)).text)
    user = [sheet.company, sheet.candidate_name]
    for q in sheet.questions:
        user += [q.text, q.why, *q.probes, *q.key_points]
    for value in sorted(filter(None, user), key=len, reverse=True):
        text = text.replace(value, "")
    for q in sheet.questions:  # the shortened question texts of the rubric
        text = text.replace(ps._shorten(q.text, ps.RUBRIC_QUESTION_CHARS, "…"), "")
    assert not CJK.findall(text), CJK.findall(text)[:20]


def test_japanese_html_uses_japanese_labels():
    text = "".join(parsed(sheet_html(full_sheet("ja"))).text)
    assert "模擬面接シート" in text and "面接官役の方へ" in text and "評価表" in text
    assert "二次面接" in text and "2026年12月3日（木）" in text
    assert "Scoring rubric" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_empty_sheet_html(lang):
    document = sheet_html(PracticeSheet(lang=lang))
    text = "".join(parsed(document).text)
    assert ps._tpl(lang)["no_questions"] in text
    assert 'class="question"' not in document
    assert 'class="blank"' in document  # company, round, date, name left to fill in


def test_print_button_is_optional():
    assert "window.print()" not in sheet_html(full_sheet("en", 1))
    document = sheet_html(full_sheet("en", 1), print_button=True)
    assert 'onclick="window.print()"' in document and "no-print" in document


# ------------------------------------------------------------------ content


def test_timing_guide():
    sheet = full_sheet("ja", 20)
    rows = timing_guide(sheet)
    assert len(rows) == 20 + 3
    assert rows[0] == ("入室・あいさつ", ps.OPENING_MINUTES)
    assert rows[-2][0].startswith("逆質問") and rows[-1][1] == ps.FEEDBACK_MINUTES
    minutes = question_minutes(sheet)
    assert minutes[1] == 5  # set by the user
    assert all(m >= ps.MIN_MINUTES and (m * 2).is_integer() for m in minutes)
    # The questions without their own minutes share about QUESTION_BUDGET minutes.
    assert sum(minutes) <= ps.QUESTION_BUDGET + 5 + 20 * 0.5
    assert rows[1][0] == f"Q1 {t('competency.' + COMPETENCIES[1], 'ja')}"
    en = timing_guide(full_sheet("en", 2))
    assert next(label for label, _ in en) == "Entering and greeting"
    assert not any(CJK.search(label) for label, _ in en)


def test_few_questions_keep_their_default_minutes():
    sheet = PracticeSheet(lang="en", questions=[SheetQuestion("Tell me about yourself.", "self_introduction"),
                                                SheetQuestion("Why us?", "motivation", minutes=float("nan")),
                                                SheetQuestion("A hard project?", "achievements", minutes=-2)])
    assert question_minutes(sheet) == [2.0, 3.0, 4.0]


def test_rubric_competencies():
    assert rubric_competencies(full_sheet("ja", 2)) == ["motivation", "communication", "composure"]
    sheet = PracticeSheet(lang="ja", questions=[SheetQuestion("q", "strengths"), SheetQuestion("q", "strengths"),
                                                SheetQuestion("q", "")])
    assert rubric_competencies(sheet) == ["strengths", "communication", "composure"]


def test_templates_cover_both_languages_and_every_competency():
    data = tomllib.loads(TEMPLATES.read_text("utf-8"))

    def keys(table, prefix=""):
        return {k for key, value in table.items()
                for k in (keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"})}

    assert keys(data["ja"]) == keys(data["en"])
    assert set(data["ja"]["rubric"]["competency"]) == {*COMPETENCIES, "other"}
    assert len(data["ja"]["role"]["steps"]) == len(data["en"]["role"]["steps"])
    english = [s for s in pdf_module._strings(data["en"]) if s != data["en"]["missing_glyph"]]
    assert not any(CJK.search(s) for s in english)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        sheet_html(PracticeSheet(lang="fr"))


# ------------------------------------------------------------------ 逆質問 and missing key points

def sheet_with_reverse(lang: str) -> PracticeSheet:
    return PracticeSheet(lang=lang, company="株式会社ミナトデータ", questions=[
        SheetQuestion("最大の成果を教えてください。", "achievements", key_points=["解約率改善：4ポイント改善"]),
        SheetQuestion("緊張しやすいほうですか。", "composure"),
        SheetQuestion("配属予定のチームは何名くらいですか。", "reverse_questions", probes=["どんな構成ですか。"],
                      reverse=True),
    ])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reverse_questions_are_not_scored_and_missing_key_points_get_room(lang):
    sheet = sheet_with_reverse(lang)
    content = ps.sheet_content(sheet)
    assert [q.text for q in content.questions] == ["最大の成果を教えてください。", "緊張しやすいほうですか。"]
    assert [q.number for q in content.reverse] == ["R1"]
    assert rubric_competencies(sheet) == ["achievements", "composure", "communication"]
    assert rubric_competencies(PracticeSheet(lang, rubric_competencies=["reverse_questions", "motivation"])) == [
        "motivation"]
    assert len(timing_guide(sheet)) == 2 + 3


@needs_font
@needs_poppler
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_the_reverse_section_and_the_missing_key_points_line(lang, tmp_path):
    path = tmp_path / "reverse.pdf"
    path.write_bytes(sheet_pdf(sheet_with_reverse(lang)))
    pages = [squash(page) for page in pdf_pages(path)]
    text = "".join(pages)
    tpl = ps._tpl(lang)
    for fixed in (tpl["reverse"]["title"], tpl["reverse"]["checks"][0], tpl["reverse"]["answer"], tpl["key_points_none"]):
        assert squash(fixed) in text, fixed
    assert squash("配属予定のチームは何名くらいですか。") in text
    partner = "".join(pages[next(n for n, page in enumerate(pages) if squash(tpl["role"]["title"]) in page):])
    assert squash("配属予定のチーム") not in partner  # not in the rubric
