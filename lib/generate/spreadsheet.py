"""Companies, interviews and communications as tables, CSV (for Excel in Japan) and XLSX.

The table builders give plain DataFrames with headers and codes in the UI language, fit to
show on a page. Formula neutralisation happens only when a table is written to a file
(`to_csv_bytes`, `to_xlsx_bytes`), so the page shows the text exactly as stored.
"""

from __future__ import annotations

import io
import math
import unicodedata
from datetime import UTC, date, datetime
from numbers import Number

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib.config import DEFAULT_TIMEZONE
from lib.i18n import t
from lib.models import zone

# Excel (and LibreOffice, Google Sheets) run a cell as a formula when it starts with one of
# these; tab and CR are in the list because Excel strips them before looking, LF to be
# safe as the tables turn every line break into LF. The
# full-width forms are included because Japanese Excel's input conversion can turn them
# into the ASCII ones. A phone number such as "+81 90-1234-5678" also starts with "+",
# and Excel would evaluate it (=81 90-...), so it is neutralised like any other text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
EXCEL_CELL_LIMIT = 32_767  # characters; Excel refuses to open a workbook with longer cells
SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})

COMPANY_COLUMNS = ("name", "position", "industry", "applied_via", "agent_name", "interest", "url",
                   "notes", "archived")
INTERVIEW_COLUMNS = ("company", "round", "date", "start", "end", "timezone", "format", "location",
                     "interviewers", "status", "result", "reflection", "notes")
COMMUNICATION_COLUMNS = ("date", "time", "company", "direction", "channel", "counterpart",
                         "summary", "body")


def neutralise(value: object) -> object:
    """A value safe to put in a spreadsheet cell: text that a spreadsheet would run as a
    formula gets a leading single quote; numbers, dates and empty values are kept.
    Text already made of quotes and a formula ("'=x") gets one more, so that an import can
    always remove exactly one (lib.company_import)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def header(column: str, lang: str) -> str:
    """The translated header of one exported column."""
    return t(f"export.col.{column}", lang)


def companies_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """Rows of lib.pipeline.companies.list_companies as a table in `lang`."""
    records = [{
        "name": _text(r.get("name")),
        "position": _text(r.get("position")),
        "industry": _text(r.get("industry")),
        "applied_via": _label("applied_via", r.get("applied_via"), lang),
        "agent_name": _text(r.get("agent_name")),
        "interest": r.get("interest"),
        "url": _text(r.get("url")),
        "notes": _text(r.get("notes")),
        "archived": t("export.yes" if r.get("archived") else "export.no", lang),
    } for r in rows]
    frame = _frame(records, COMPANY_COLUMNS, lang)
    frame[header("interest", lang)] = frame[header("interest", lang)].astype("Int64")
    return frame


def interviews_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """Rows of lib.pipeline.companies.list_interviews / get_interview, with results, in each
    interview's own local time. Interviewers appear when the row carries them."""
    records = []
    for r in rows:
        tz = _zone(r.get("timezone"))
        starts = _utc(r["starts_at"]).astimezone(tz)
        ends = _utc(r["ends_at"]).astimezone(tz) if r.get("ends_at") else None
        reflection = r.get("reflection_status")
        records.append({
            "company": _text(r.get("company")),
            "round": _label("round", r.get("round"), lang),
            "date": starts.date(),
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M") if ends else "",
            "timezone": r.get("timezone") or "UTC",
            "format": _label("format", r.get("format"), lang),
            "location": _text(r.get("location")),
            "interviewers": _interviewers(r.get("interviewers") or [], lang),
            "status": _label("status", r.get("status"), lang),
            "result": _label("result", r.get("result"), lang),
            "reflection": (_label("reflection_status", reflection, lang) if reflection
                           else t("interviews.no_reflection", lang)),
            "notes": _text(r.get("notes")),
        })
    return _frame(records, INTERVIEW_COLUMNS, lang)


def communications_table(rows: list[dict], lang: str, tz_name: str = DEFAULT_TIMEZONE) -> pd.DataFrame:
    """Communication records (occurred_at in UTC) with date and time in `tz_name`."""
    tz = _zone(tz_name)
    records = []
    for r in rows:
        when = _utc(r["occurred_at"]).astimezone(tz)
        records.append({
            "date": when.date(),
            "time": when.strftime("%H:%M"),
            "company": _text(r.get("company")),
            "direction": _label("export.direction", r.get("direction"), lang),
            "channel": _label("export.channel", r.get("channel"), lang),
            "counterpart": _text(r.get("counterpart")),
            "summary": _text(r.get("summary")),
            "body": _text(r.get("body")),
        })
    return _frame(records, COMMUNICATION_COLUMNS, lang)


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV that Excel in Japan opens as it is: UTF-8 with BOM, CRLF, neutralised cells."""
    text = _neutralised(table).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, one sheet per table: bold frozen header row, readable column widths."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name, table in sheets.items():
        sheet = book.create_sheet(_sheet_name(name, used))
        sheet.append([str(c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _neutralised(table).itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in row])
        _fit_columns(sheet, table)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(companies: list[dict], interviews: list[dict], communications: list[dict], lang: str,
             tz_name: str = DEFAULT_TIMEZONE) -> bytes:
    """The three tables in one XLSX with sheet names in `lang`."""
    return to_xlsx_bytes({
        t("export.sheet.companies", lang): companies_table(companies, lang),
        t("export.sheet.interviews", lang): interviews_table(interviews, lang),
        t("export.sheet.communications", lang): communications_table(communications, lang, tz_name),
    })


def _frame(records: list[dict], columns: tuple[str, ...], lang: str) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    return frame.rename(columns={c: header(c, lang) for c in columns})


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(object).map(neutralise) if len(table) else table


def _xlsx_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT] or None
    if isinstance(value, (bool, Number, date, datetime)):
        return value
    return str(value)


def _fit_columns(sheet, table: pd.DataFrame) -> None:
    # Width in Excel units ≈ characters, a CJK character counting as two; long notes are
    # capped so a 20,000-character cell does not make a column screens wide.
    for i, column in enumerate(table.columns, start=1):
        values = [str(column), *(str(v) for v in table[column].head(200) if v is not None)]
        widest = max(_display_width(v.split("\n", 1)[0][:100]) for v in values)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 8), 60)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(_SHEET_FORBIDDEN).strip("'") or "Sheet")[:SHEET_NAME_LIMIT]
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[:SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _interviewers(people: list[dict], lang: str) -> str:
    names = []
    for person in people:
        name, role = _text(person.get("name")), _text(person.get("role"))
        names.append(t("export.interviewer", lang, name=name, role=role) if name and role else name or role)
    return " / ".join(n for n in names if n)


def _label(prefix: str, code: str | None, lang: str) -> str:
    """The translated label of a stored code; an unknown code is shown as it is."""
    try:
        return t(f"{prefix}.{code}", lang)
    except KeyError:
        return code or ""


def _text(value: object) -> str:
    # One kind of line break (LF, as Excel writes it): XLSX would turn a CR into LF anyway.
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")


def _zone(name: str | None):
    try:
        return zone(name or "UTC")
    except ValueError:
        return UTC


def _utc(value: str | datetime) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
