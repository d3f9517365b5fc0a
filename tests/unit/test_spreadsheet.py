"""Spreadsheets: tables in the UI language, CSV for Excel in Japan, XLSX, no formula injection."""

from __future__ import annotations

import io
import math
from datetime import date, datetime, time

import openpyxl
import pandas as pd
import pytest

from lib import i18n
from lib.generate.spreadsheet import (
    EXCEL_CELL_LIMIT,
    communications_table,
    companies_table,
    interviews_table,
    neutralise,
    to_csv_bytes,
    to_xlsx_bytes,
    workbook,
)
from lib.models import Company, Interview, Interviewer
from lib.pipeline import companies

HOSTILE = ('<script>alert("x")</script> <b>太字</b> "quoted", semi;colon '
           "👩‍👩‍👧‍👦 👨🏽‍💻 مرحبا بالعالم \u202eevil\u202c")
FORMULAS = ["=1+1", "+81 90-1234-5678", "-5", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1+1",
            "=HYPERLINK(\"http://evil.example\",\"click\")", "＝1+1"]
LONG_NOTES = "長いメモ。" * 4_000  # 20,000 characters


def company_row(**changes) -> dict:
    row = {"id": 1, "name": "株式会社ミナトデータ", "position": "データエンジニア", "industry": "IT",
           "applied_via": "agent", "agent_name": "山本", "interest": 4, "url": "https://minato.example.jp",
           "notes": "", "archived": 0, "is_sample": 0}
    return row | changes


def interview_row(**changes) -> dict:
    row = {"id": 5, "company": "株式会社ミナトデータ", "round": "second",
           "starts_at": "2026-07-10T15:30:00+00:00", "ends_at": "2026-07-10T16:30:00+00:00",
           "timezone": "Asia/Tokyo", "format": "onsite", "location": "東京都港区", "status": "done",
           "result": "passed", "notes": "", "reflection_status": "complete",
           "interviewers": [{"name": "佐藤", "role": "CTO"}, {"name": "鈴木", "role": ""}]}
    return row | changes


def communication_row(**changes) -> dict:
    row = {"occurred_at": "2026-07-11T00:15:00+00:00", "company": "株式会社ミナトデータ", "direction": "out",
           "channel": "email", "counterpart": "人事 佐藤様", "summary": "お礼メール", "body": "本日はありがとうございました。"}
    return row | changes


def hostile_company_rows() -> list[dict]:
    rows = [company_row(id=i, name=f, position=f, notes=f) for i, f in enumerate(FORMULAS)]
    rows.append(company_row(id=99, name=HOSTILE, notes=LONG_NOTES, interest=None, applied_via="direct",
                            agent_name=None, url=None, archived=1))
    return rows


def as_text(value: object) -> str:
    """A cell as text, so CSV and XLSX read-backs compare with the records they came from."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_text(table: pd.DataFrame) -> list[list[str]]:
    return [[as_text(neutralise(v)) for v in row] for row in table.astype(object).itertuples(index=False)]


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def read_xlsx(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl", dtype=object)


# ---------------------------------------------------------------- formula injection

@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    # A phone number is text that Excel would still evaluate (=81 90-...): neutralised too.
    ("+81 90-1234-5678", "'+81 90-1234-5678"),
    ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=cmd", "'\t=cmd"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("＝1+1", "'＝1+1"),
    ("株式会社ミナトデータ", "株式会社ミナトデータ"),
    ("a=b", "a=b"),
    ("", ""),
    ("'already quoted", "'already quoted"),
    ("'=1+1", "''=1+1"),  # one more quote, so an import can always take exactly one away
])
def test_neutralise_text(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [5, -5, 3.5, 0, None, date(2026, 7, 10), True])
def test_numbers_dates_and_empty_values_are_kept(value):
    assert neutralise(value) is value


@pytest.mark.parametrize("formula", FORMULAS)
def test_no_exported_cell_starts_a_formula(formula):
    table = companies_table([company_row(name=formula, notes=formula)], "ja")
    formula = formula.replace("\r", "\n")  # the tables write every line break as LF
    csv_cells = read_csv(to_csv_bytes(table)).iloc[0]
    assert csv_cells.iloc[0] == "'" + formula and csv_cells.iloc[7] == "'" + formula
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"x": table})))
    cells = [c for row in book["x"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert book["x"]["A2"].value == "'" + formula


def test_tables_on_screen_keep_the_text_as_stored():
    assert companies_table([company_row(name="=1+1")], "en").iloc[0, 0] == "=1+1"


# ---------------------------------------------------------------- tables

@pytest.mark.parametrize(("lang", "headers", "applied_via"), [
    ("ja", ["企業名", "応募職種", "業界", "応募経路", "エージェント担当者", "志望度", "URL", "メモ",
            "アーカイブ済み"], "転職エージェント"),
    ("en", ["Company name", "Position", "Industry", "Applied via", "Agent", "Interest", "URL", "Notes",
            "Archived"], "Recruiting agent"),
])
def test_companies_table_speaks_the_ui_language(lang, headers, applied_via):
    table = companies_table([company_row()], lang)
    assert list(table.columns) == headers
    assert table.iloc[0].tolist() == ["株式会社ミナトデータ", "データエンジニア", "IT", applied_via, "山本", 4,
                                      "https://minato.example.jp", "", i18n.t("export.no", lang)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_interviews_table_in_the_interviews_local_time(lang):
    table = interviews_table([interview_row(), interview_row(
        timezone="America/New_York", starts_at="2026-07-10T15:30:00+00:00", ends_at=None,
        status="cancelled", result="withdrawn", reflection_status=None, interviewers=[])], lang)
    tokyo, new_york = table.iloc[0].tolist(), table.iloc[1].tolist()
    assert tokyo[:6] == ["株式会社ミナトデータ", i18n.t("round.second", lang), date(2026, 7, 11), "00:30", "01:30",
                         "Asia/Tokyo"]
    assert tokyo[6:12] == [i18n.t("format.onsite", lang), "東京都港区",
                           f"{i18n.t('export.interviewer', lang, name='佐藤', role='CTO')} / 鈴木",
                           i18n.t("status.done", lang), i18n.t("result.passed", lang),
                           i18n.t("reflection_status.complete", lang)]
    assert new_york[2:6] == [date(2026, 7, 10), "11:30", "", "America/New_York"]
    assert new_york[8:12] == ["", i18n.t("status.cancelled", lang), i18n.t("result.withdrawn", lang),
                              i18n.t("interviews.no_reflection", lang)]
    assert table.columns[0] == i18n.t("export.col.company", lang)


@pytest.mark.parametrize(("lang", "direction", "channel"), [("ja", "こちらから", "メール"), ("en", "From me", "Email")])
def test_communications_table(lang, direction, channel):
    table = communications_table([communication_row()], lang)
    assert table.iloc[0].tolist() == [date(2026, 7, 11), "09:15", "株式会社ミナトデータ", direction, channel,
                                      "人事 佐藤様", "お礼メール", "本日はありがとうございました。"]
    assert communications_table([communication_row()], lang, "Europe/London").iloc[0, 1] == "01:15"


def test_unknown_codes_are_shown_as_they_are():
    table = interviews_table([interview_row(round="panel", format=None)], "en")
    assert table.iloc[0, 1] == "panel" and table.iloc[0, 6] == ""


def test_empty_tables_keep_their_headers():
    for build in (companies_table, interviews_table, communications_table):
        table = build([], "ja")
        assert len(table) == 0 and len(table.columns) > 0
        assert read_csv(to_csv_bytes(table)).columns.tolist() == list(table.columns)


# ---------------------------------------------------------------- CSV

def test_csv_is_utf8_with_bom_and_crlf():
    data = to_csv_bytes(companies_table([company_row(notes="一行目\n二行目")], "ja"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2 and b'"\xe4\xb8\x80' in data  # the multi-line cell is quoted
    assert data.decode("utf-8-sig").startswith("企業名,応募職種")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("kind", ["companies", "interviews", "communications"])
def test_csv_read_back_equals_the_records(lang, kind):
    table = {
        "companies": lambda: companies_table(hostile_company_rows(), lang),
        "interviews": lambda: interviews_table(
            [interview_row(), interview_row(id=6, company=HOSTILE, location="=WEBSERVICE(\"x\")", notes=LONG_NOTES,
                                            interviewers=[{"name": "+81 3-1234-5678", "role": "-"}])], lang),
        "communications": lambda: communications_table(
            [communication_row(), communication_row(counterpart="@ハンドル", body=LONG_NOTES + HOSTILE,
                                                    summary="-5 days")], lang),
    }[kind]()
    back = read_csv(to_csv_bytes(table))
    assert back.columns.tolist() == list(table.columns)
    assert back.values.tolist() == expected_text(table)


# ---------------------------------------------------------------- XLSX

def test_xlsx_read_back_equals_the_records_in_both_languages():
    for lang in ("ja", "en"):
        tables = {
            i18n.t("export.sheet.companies", lang): companies_table(hostile_company_rows(), lang),
            i18n.t("export.sheet.interviews", lang): interviews_table(
                [interview_row(), interview_row(company=HOSTILE, notes=LONG_NOTES)], lang),
            i18n.t("export.sheet.communications", lang): communications_table(
                [communication_row(body=HOSTILE + "=1")], lang),
        }
        back = read_xlsx(to_xlsx_bytes(tables))
        assert list(back) == list(tables)
        for name, table in tables.items():
            assert back[name].columns.tolist() == list(table.columns)
            assert [[as_text(v) for v in row] for row in back[name].values.tolist()] == expected_text(table)


def test_xlsx_layout():
    data = workbook([company_row(notes=LONG_NOTES)], [interview_row()], [communication_row()], "ja")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["応募企業", "面接", "やり取りの記録"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert not sheet["A2"].font.bold
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 60 for w in widths)
    sheet = book["応募企業"]
    assert sheet["A2"].value == "株式会社ミナトデータ" and sheet["F2"].value == 4  # numbers stay numbers
    assert sheet.column_dimensions["H"].width == 60  # 20,000 characters of notes, capped
    assert book["面接"]["C2"].value == datetime(2026, 7, 11)  # a real date cell
    assert book["面接"]["C2"].is_date


def test_xlsx_sheet_names_are_made_valid_and_unique():
    table = companies_table([], "en")
    long_name = "Companies: applied/rejected [2026] and more than thirty-one characters"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({long_name: table, long_name + "!": table,
                                                            "'": table})))
    first, second, third = book.sheetnames
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
    assert third == "Sheet"


def test_xlsx_survives_control_characters_and_huge_cells():
    rows = [communication_row(body="a\x01b\x0bc\x1fd\te\r\nf"), communication_row(body="x" * 40_000)]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"c": communications_table(rows, "en")})))
    assert book["c"]["H2"].value == "abcd\te\nf"
    assert len(book["c"]["H3"].value) == EXCEL_CELL_LIMIT  # Excel cannot open a longer cell


# ---------------------------------------------------------------- rows from the database

def test_rows_from_the_database(conn):
    company_id = companies.save_company(conn, Company(name="=Evil Corp", applied_via="agent",
                                                      agent_name="+81 90 0000 0000", interest=5))
    interview_id = companies.save_interview(conn, Interview(
        company_id=company_id, round="final", day=date(2026, 11, 2), start=time(9, 30), end=time(10, 15),
        timezone="America/New_York", interviewers=[Interviewer("Jane", "VP")]))
    company_table = companies_table(companies.list_companies(conn), "en")
    interview_table = interviews_table([companies.get_interview(conn, interview_id)], "en")
    back = read_xlsx(to_xlsx_bytes({"Companies": company_table, "Interviews": interview_table}))
    assert [as_text(v) for v in back["Companies"].iloc[0]] == expected_text(company_table)[0]
    assert expected_text(company_table)[0][:6] == ["'=Evil Corp", "", "", "Recruiting agent", "'+81 90 0000 0000", "5"]
    assert [as_text(v) for v in back["Interviews"].iloc[0]][:6] == [
        "'=Evil Corp", "Final interview", "2026-11-02", "09:30", "10:15", "America/New_York"]
    # list_interviews rows carry no interviewers: the column is simply empty.
    assert interviews_table(companies.list_interviews(conn), "en").iloc[0, 8] == ""
