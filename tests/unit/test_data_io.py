"""Export rows, the import preview as a table, and importing all or nothing."""

from datetime import UTC, date, datetime, time

import pytest

from lib import i18n
from lib.follow_up.communications import Entry, add_entry
from lib.generate.spreadsheet import header
from lib.models import Company, Interview, Interviewer, ValidationError
from lib.pipeline.companies import save_company, save_interview
from lib.storage.company_import import parse_companies_csv
from lib.storage.data_io import export_rows, import_companies, preview_table

CSV = ("会社名,志望度,URL,Extra\n"
       "ミナトデータ,4,https://minato.example.jp,x\n"
       ",3,,\n"
       "北浜製薬,9,javascript:alert(1),\n"
       "ミナトデータ,,,\n").encode()


def test_export_rows_hold_everything_with_interviewers(conn):
    company = save_company(conn, Company(name="ミナトデータ"))
    save_company(conn, Company(name="Archived"))
    conn.execute("UPDATE companies SET archived = 1 WHERE name = 'Archived'")
    save_interview(conn, Interview(company, "first", date(2026, 11, 2), time(10),
                                   interviewers=[Interviewer("山田", "部長"), Interviewer("Jane", "")]))
    for n in range(3):
        add_entry(conn, Entry(company, datetime(2026, 11, 3, n, tzinfo=UTC), summary=f"#{n}"))
    companies, interviews, communications = export_rows(conn)
    assert {c["name"] for c in companies} == {"ミナトデータ", "Archived"}
    assert interviews[0]["interviewers"] == [{"name": "山田", "role": "部長"}, {"name": "Jane", "role": ""}]
    assert len(communications) == 3


def test_import_adds_every_company_in_one_go(conn):
    assert import_companies(conn, [Company(name="A"), Company(name="B", interest=2)]) == 2
    assert [r["name"] for r in conn["companies"].rows] == ["A", "B"]
    assert conn["stage_changes"].count == 2  # each starts its history as 'applied'


def test_import_is_all_or_nothing(conn):
    with pytest.raises(ValidationError):
        import_companies(conn, [Company(name="A"), Company(name="")])
    assert conn["companies"].count == 0 and conn["stage_changes"].count == 0


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_preview_table_shows_each_row_with_its_problems(lang):
    preview = parse_companies_csv(CSV, lang, existing_names=["ミナトデータ"])
    table = preview_table(preview, lang)
    assert list(table.columns) == [i18n.t("data.col_line", lang), i18n.t("data.col_status", lang),
                                   header("name", lang), header("interest", lang), header("url", lang),
                                   i18n.t("data.col_problems", lang)]
    assert list(table.iloc[:, 0]) == [2, 3, 4, 5]
    statuses = [i18n.t(f"data.status.{s}", lang) for s in ("warning", "error", "error", "warning")]
    assert list(table.iloc[:, 1]) == statuses
    problems = list(table.iloc[:, -1])
    assert i18n.t("error.required", lang) in problems[1]
    assert i18n.t("error.rating", lang) in problems[2] and i18n.t("error.url", lang) in problems[2]
    assert i18n.t("export.import.duplicate_existing", lang) in problems[0]
    assert table.iloc[2, 4] == "javascript:alert(1)"  # the cell as read, shown literally
