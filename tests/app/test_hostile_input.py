"""Hostile input battery: every value goes into the forms and out through every document.

Nothing crashes, nothing is interpreted (HTML, Markdown, LaTeX, formulas stay text), and a
refusal always comes with a message in the UI language.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from email import policy
from email.parser import BytesParser

import icalendar
import pandas as pd
import pytest
from app_helpers import errors, html_of, list_lines, open_app, texts

from lib import db, i18n
from lib.follow_up.communications import Entry, add_entry
from lib.follow_up.stories import save_story
from lib.generate import calendar_ics, spreadsheet
from lib.generate.eml import build_eml
from lib.generate.thank_you_mail import MailInput, compose
from lib.models import (
    Company,
    Interview,
    Interviewer,
    Profile,
    Story,
    ValidationError,
    clean_line,
    clean_text,
    parse_date,
)
from lib.pipeline.companies import get_interview, list_companies, save_company, save_interview
from lib.practice.action_plan import add_action
from lib.practice.plans import save_plan
from lib.storage.company_import import parse_companies_csv
from lib.ui import md

HOSTILE = [
    "", " ", "\t\n  \u3000", "x" * 100_000, "a\x00b", "\x00", "\x1b[31mred\x1b[0m",
    "👩‍👩‍👧‍👦 family", "🏳️‍🌈", "👨🏽‍💻", "مرحبا بالعالم", "שלום", "\u202eRTL override", "e\u0301\u0301\u0301",
    "Z̷͎̓a̸͔͐l̵̟̈g̴̰̅o̸͙̍", "<b>bold</b>", "<script>alert('x')</script>", "<img src=x onerror=alert(1)>",
    "</textarea><svg onload=alert(1)>", "**bold** _it_ ~~s~~", "[link](javascript:alert(1))",
    "![img](http://example.com/a.png)", "# heading", "> quote\n- item", "`code` ```block```",
    "$$\\frac{1}{0}$$", "$x^2$", "\\(x\\)", "'; DROP TABLE companies; --", "\" OR 1=1 --",
    "Robert'); DELETE FROM reflections;--", "=1+1", "+81 90-1234-5678", "-5", "@SUM(A1:A9)",
    "=HYPERLINK(\"http://evil\",\"x\")", "\t=cmd", "2026-02-30", "9999-99-99", "-1",
    "10" * 30, ":red[colour] :material/home:", "{placeholder} {0} %s %(name)s", "a\r\nb\rc\nd",
    "\ufeffBOM", "ｆｕｌｌ　ｗｉｄｔｈ　１２３", "〇〇様 XX []",
    # Remote images, links, bare URLs and e-mail addresses: Markdown would fetch or link them.
    "![pixel](http://203.0.113.9/p.png)", "[verify your account](https://203.0.113.9/login)",
    "https://evil.example/path?q=1", "www.evil.example", "recruiter@evil.example",
    "<a href='https://evil.example'>x</a>",
]
assert len(HOSTILE) >= 40

SUBMIT = "FormSubmitter:new_company_form"


def shown_literally(value: str) -> str:
    """What a saved value looks like once cleaned: control characters gone, outer blanks trimmed."""
    return clean_text(value)


def one_line(value: str) -> str:
    """A single-line field's value once cleaned: also no line breaks."""
    return clean_line(value)


def test_every_value_in_the_company_form(db_path):
    """Saved exactly (less invisible controls) and shown literally, or refused with a message."""
    at = open_app("companies", lang="en")
    for value in HOSTILE:
        before = len(list_companies_in(db_path))
        at.text_input(key="new_company_name").set_value(value[:200])
        at.text_area(key="new_company_notes").set_value(value[:20_000])
        next(b for b in at.button if b.key and b.key.startswith(SUBMIT)).click().run()
        assert not at.exception, value[:40]
        after = list_companies_in(db_path)
        if name := one_line(value[:200]):
            assert not errors(at), value[:40]
            assert after[-1]["name"] == name
            # The success message shows the name literally: through md(), never as a link or an image.
            assert [m.value for m in at.success] == [tr_md_en("companies.added", name=name)], value[:40]
            while "companies_table_more" in [b.key for b in at.button]:  # the list shows 25 at a time
                at.button(key="companies_table_more").click().run()
            assert any(line.startswith(md(name)) for line in list_lines(at, "companies"))  # through md
        else:
            assert i18n.t("error.required", "en") in errors(at)
            assert len(after) == before


def tr_md_en(key: str, **params: str) -> str:
    return i18n.t(key, "en", **{k: md(v) for k, v in params.items()})


LINKS = ["![pixel](http://203.0.113.9/p.png)", "[verify](https://203.0.113.9/login) https://evil.example/x",
         "recruiter@evil.example www.evil.example", "<img src=http://203.0.113.9/i.png>"]


def shown_texts(at) -> str:
    """Every Markdown the page renders: texts, messages, and the labels of checkboxes and expanders."""
    labels = [e.label for kind in ("checkbox", "expander") for e in getattr(at, kind)]
    return "\n".join([texts(at), *labels])


@pytest.mark.parametrize("page", ["home", "calendar", "plan", "reflect", "follow_up", "pipeline", "stories", "log"])
def test_links_and_images_in_names_stay_text_on_every_summary_page(db_path, page):
    """Home, calendar, plan and the rest show names with links, images, bare URLs and e-mail
    addresses literally (Markdown would link them or fetch the image)."""
    db.migrate(db_path)
    today = date.today()
    with db.opened(db_path) as conn:
        for n, name in enumerate(LINKS):
            company_id = save_company(conn, Company(name=name))
            save_interview(conn, Interview(company_id, "first", today - timedelta(days=1), time(9 + n), status="done"))
            save_interview(conn, Interview(company_id, "second", today + timedelta(days=3), time(9 + n)))
            save_story(conn, Story(title=name))
            add_entry(conn, Entry(company_id, datetime.now(UTC), summary=name, counterpart=name))
        plan = []
        for n, name in enumerate(LINKS):
            plan = add_action(plan, name, today + timedelta(days=n + 1))
        save_plan(conn, plan)
    at = open_app(page, lang="en")
    if page in ("stories", "log"):
        with db.opened(db_path) as conn:
            assert conn["stories"].count == len(LINKS)
    shown = shown_texts(at)
    for name in LINKS:
        assert name not in shown, (page, name)  # never the raw Markdown…
        if page == "pipeline":  # the board is HTML we write: escaped there
            assert html.escape(name) in html_of(at), name
        elif page not in ("reflect", "follow_up", "log"):  # (pickers list names in plain selectboxes)
            assert md(name) in shown, (page, name)  # …but the literal text
    assert "://" not in shown and not re.search("(?<!\u2060)@", shown), page  # nothing left to autolink


def breaks(text: str) -> str:
    """Files write one kind of line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def list_companies_in(db_path) -> list[dict]:
    with db.opened(db_path) as conn:
        return sorted(list_companies(conn, include_archived=True), key=lambda c: c["id"])


@pytest.mark.parametrize("field", ["went_well", "feeling"])
def test_every_value_in_the_reflection_and_its_detail_view(db_path, seed, field):
    with seed() as make:
        iid = make.interview(make.company("A"), "first", date(2026, 11, 2), time(10), status="done")
    at = open_app("reflect", lang="ja", query={"interview": iid})
    at.radio(key="r1_overall").set_value(3).run()
    if field == "went_well":
        for _ in range(3):
            at.button(key="wizard_next").click().run()
    widget = at.text_area if field == "went_well" else at.text_input
    limit = 20_000 if field == "went_well" else 200
    for value in HOSTILE:
        widget(key=f"r1_{field}").set_value(value[:limit]).run()
        assert not at.exception and not errors(at), value[:40]
    detail = open_app("reflections", lang="ja", query={"reflection": 1})
    assert not detail.exception
    last = shown_literally(HOSTILE[-1])
    shown = "\n".join(m.value for m in detail.markdown)
    assert md(last) in shown


def test_impossible_numbers_and_dates_are_refused():
    for interest in (-1, 0, 6, 10**20, 3.5, True):
        with pytest.raises(ValidationError):
            Company(name="A", interest=interest).validated()
    for text in ("2026-02-30", "9999-99-99", "-1", "", "0000-00-00"):
        with pytest.raises(ValueError):
            parse_date(text)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_value_through_eml_ics_csv_and_xlsx(conn, value):
    name = shown_literally(value[:200]) or "placeholder company"
    company_id = save_company(conn, Company(name=name, notes=value[:20_000]))
    interview_id = save_interview(conn, Interview(
        company_id, "final", date(2026, 12, 3), time(14), location=value[:2000],
        interviewers=[Interviewer(value[:100], value[:100])], notes=value[:20_000]))
    interview = get_interview(conn, interview_id)

    mail = compose(MailInput("ja", name, "", [Interviewer(value[:100], "")],
                             datetime(2026, 12, 3, 14, tzinfo=UTC), "final", [value[:200]],
                             [], [value[:200]], profile=Profile("山田 太郎", email="taro@example.com")))
    parsed = BytesParser(policy=policy.default).parsebytes(
        build_eml("hr@example.com", "taro@example.com", mail.subject, mail.body, datetime.now(UTC)))
    assert parsed["To"] == "hr@example.com" and len(parsed.keys()) == len(set(parsed.keys()))
    assert parsed.get_body().get_content().replace("\r\n", "\n").rstrip("\n") == mail.body.rstrip("\n")

    event = icalendar.Calendar.from_ical(calendar_ics.one_interview(interview, "ja")).walk("VEVENT")[0]
    assert str(event.get("LOCATION", "")) == breaks(interview["location"])

    table = spreadsheet.companies_table(list_companies(conn), "ja")
    back = pd.read_csv(io.BytesIO(spreadsheet.to_csv_bytes(table)), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    cell = back.iloc[0, 0]
    assert not cell.startswith(("=", "+", "-", "@")), cell  # never a formula
    assert cell == spreadsheet.neutralise(breaks(table.iloc[0, 0]))
    workbook = pd.read_excel(io.BytesIO(spreadsheet.to_xlsx_bytes({"c": table})), dtype=str)
    assert not str(workbook.iloc[0, 0]).startswith(("=", "+", "-", "@"))


def test_hostile_csv_import_is_previewed_not_executed(conn):
    rows = [["name", "notes"], *([value[:200].replace("\x00", ""), value[:1000].replace("\x00", "")]
                                 for value in HOSTILE)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    preview = parse_companies_csv(buffer.getvalue().encode("utf-8"))
    assert preview.refused is None
    assert conn["companies"].count == 0  # a preview writes nothing
    for row in preview.rows:
        assert row.company is not None or row.errors


def test_every_value_through_the_practice_sheet(tmp_path):
    """The print view escapes everything; the PDF stays valid and prints the text literally."""
    import html
    import re
    import subprocess

    from lib.generate.practice_sheet import PracticeSheet, SheetQuestion, sheet_html
    from lib.generate.practice_sheet_pdf import sheet_pdf

    values = [shown_literally(v)[:300] for v in HOSTILE if shown_literally(v)]
    sheet = PracticeSheet("en", values[0], "final", date(2026, 12, 3), [
        SheetQuestion(f"Q{n}: {value}", "motivation", [value], [value]) for n, value in enumerate(values)])
    page = sheet_html(sheet)
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert html.escape("<script>alert('x')</script>") in page
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheet_pdf(sheet))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout)
    for literal in ("<script>alert('x')</script>", "**bold**_it_~~s~~", "[link](javascript:alert(1))",
                    "$$\\frac{1}{0}$$", "=HYPERLINK(\"http://evil\",\"x\")"):
        assert re.sub(r"\s+", "", literal) in text, literal
