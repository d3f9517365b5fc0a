"""Export and import on the Data page: reading every row to export, previewing a CSV
import as a table, and writing the confirmed companies all at once."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlite_utils import Database

from lib.follow_up.communications import list_entries
from lib.generate.spreadsheet import header
from lib.i18n import t
from lib.models import Company
from lib.pipeline.companies import list_companies, list_interviews, save_company
from lib.storage.company_import import FIELDS, ImportPreview

# More communication entries than anyone logs by hand: the export has no page limit.
_ALL = 10_000_000


def interviews_with_interviewers(db: Database) -> list[dict]:
    """Every interview (newest first) with its company, reflection state and interviewers."""
    people: dict[int, list[dict]] = {}
    for person in db.query("SELECT interview_id, name, role FROM interviewers ORDER BY interview_id, position"):
        people.setdefault(person["interview_id"], []).append({"name": person["name"], "role": person["role"]})
    return [row | {"interviewers": people.get(row["id"], [])} for row in list_interviews(db)]


def export_rows(db: Database) -> tuple[list[dict], list[dict], list[dict]]:
    """Companies (archived ones too), interviews and communications, as the spreadsheet takes them."""
    return (list_companies(db, include_archived=True), interviews_with_interviewers(db),
            list_entries(db, limit=_ALL))


def import_companies(db: Database, companies: Iterable[Company]) -> int:
    """Add every company, or none of them if one fails; returns how many were added."""
    count = 0
    with db.atomic():
        for company in companies:
            save_company(db, company)
            count += 1
    return count


def preview_table(preview: ImportPreview, lang: str) -> pd.DataFrame:
    """One row per CSV row: its line, whether it will be imported, the cells as read
    (only the recognised columns) and its problems in `lang`."""
    fields = [name for name in FIELDS if name in preview.columns]
    records = []
    for row in preview.rows:
        problems = [t("data.problem", lang, field=header(name, lang), message=t(key, lang, **params))
                    for name, (key, params) in row.errors.items()]
        notes = [t("data.problem", lang, field=header(name, lang), message=t(key, lang, **params))
                 for name, (key, params) in row.warnings.items()]
        status = "error" if row.errors else "warning" if row.warnings else "ok"
        records.append({
            t("data.col_line", lang): row.line,
            t("data.col_status", lang): t(f"data.status.{status}", lang),
            **{header(name, lang): row.values.get(name, "") for name in fields},
            t("data.col_problems", lang): "\n".join(problems + notes),
        })
    columns = [t("data.col_line", lang), t("data.col_status", lang), *(header(n, lang) for n in fields),
               t("data.col_problems", lang)]
    return pd.DataFrame.from_records(records, columns=columns)
