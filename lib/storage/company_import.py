"""Companies from a CSV file: a preview with per-row errors; nothing is written here.

The page shows the preview, and only after the user confirms does it call
`lib.pipeline.companies.save_company` for `preview.companies`. A file that cannot be read as a
table of companies is refused as a whole, with the locale key of the reason.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from lib import i18n
from lib.config import LANGUAGES
from lib.models import APPLIED_VIA, Company, FieldErrors, ValidationError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
FIELDS = ("name", "position", "industry", "applied_via", "agent_name", "interest", "url", "notes")
DELIMITERS = (",", "\t", ";")

# Headers accepted besides the field codes and our own export headers in both languages.
_ALIASES = {
    "name": ("company", "companyname", "会社名", "企業", "社名", "会社"),
    "position": ("role", "jobtitle", "job", "職種", "ポジション"),
    "industry": ("業種",),
    "applied_via": ("appliedvia", "source", "経路"),
    "agent_name": ("agent", "agentname", "エージェント", "エージェント名", "エージェント担当者名"),
    "interest": ("interestlevel",),
    "url": ("website", "webpage", "web", "homepage", "ホームページ", "webページ"),
    "notes": ("note", "memo", "備考"),
}
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PARENTHESISED = re.compile(r"[(\[].*?[)\]]")
# What lib.generate.spreadsheet.neutralise puts in front of formula-like text.
_NEUTRALISED = re.compile(r"^'(?='*[=+\-@\t\r\n＝＋－＠])")


@dataclass
class ImportRow:
    line: int  # the row number a spreadsheet shows: the header row is 1
    company: Company | None  # validated and cleaned; None when the row has errors
    errors: FieldErrors = field(default_factory=dict)
    warnings: FieldErrors = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # the cells as read, to show beside errors


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    refused: str | None = None  # locale key of the reason the whole file is refused
    refused_params: dict = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as written in the file
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def companies(self) -> list[Company]:
        """The valid rows, ready for save_company."""
        return [row.company for row in self.rows if row.company is not None]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]


def parse_companies_csv(data: bytes | BinaryIO, lang: str = "ja",
                        existing_names: Iterable[str] = ()) -> ImportPreview:
    """A preview of the companies in a CSV (UTF-8 with or without BOM, UTF-16 with BOM,
    or CP932), with headers in Japanese or English. `lang` does not change what is
    accepted: headers and labels of every UI language are always recognised."""
    raw = data if isinstance(data, (bytes, bytearray)) else data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return _refuse("export.import.refused_too_large", limit=MAX_BYTES // (1024 * 1024))
    if not raw.strip():
        return _refuse("export.import.refused_empty")
    if raw.startswith(_WORKBOOK_MAGIC):
        return _refuse("export.import.refused_workbook")
    if _looks_binary(bytes(raw[:8192])):
        return _refuse("export.import.refused_binary")
    text = _decode(bytes(raw))
    if text is None:
        return _refuse("export.import.refused_encoding")
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        return _refuse("export.import.refused_binary")
    if not text.strip():
        return _refuse("export.import.refused_empty")

    delimiter = _delimiter(text)
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    try:
        for line, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = cells
                columns = _recognise(header)
                if "name" not in columns:
                    return _refuse("export.import.refused_no_name_column")
                continue
            body.append((line, cells))
            if len(body) > MAX_ROWS:
                return _refuse("export.import.refused_too_many_rows", limit=f"{MAX_ROWS:,}")
    except csv.Error:
        return _refuse("export.import.refused_binary")
    if header is None:
        return _refuse("export.import.refused_empty")
    if not body:
        return _refuse("export.import.refused_no_rows")

    preview = ImportPreview(
        columns={name: header[i].strip() for name, i in columns.items()},
        ignored_columns=[h.strip() for i, h in enumerate(header)
                         if i not in columns.values() and h.strip()],
    )
    existing = {_name_key(n) for n in existing_names}
    first_line: dict[str, int] = {}
    for line, cells in body:
        row = _row(line, {name: _cell(cells, i) for name, i in columns.items()})
        if row.company is not None:
            key = _name_key(row.company.name)
            if key in existing:
                row.warnings["name"] = ("export.import.duplicate_existing", {})
            elif key in first_line:
                row.warnings["name"] = ("export.import.duplicate_in_file", {"line": first_line[key]})
            first_line.setdefault(key, line)
        preview.rows.append(row)
    return preview


def _row(line: int, values: dict[str, str]) -> ImportRow:
    errors: FieldErrors = {}
    warnings: FieldErrors = {}
    applied_via = _choice(values.get("applied_via", ""), "applied_via", APPLIED_VIA)
    if applied_via is None:
        errors["applied_via"] = ("error.choice", {})
    elif not values.get("applied_via", "").strip() and values.get("agent_name", "").strip():
        applied_via = "agent"  # an agent's name says how the user applied
        warnings["applied_via"] = ("export.import.agent_inferred", {})
    interest = _interest(values.get("interest", ""))
    if interest is False:
        errors["interest"] = ("error.rating", {})
    company = Company(
        name=values.get("name", ""), position=values.get("position", ""),
        industry=values.get("industry", ""), applied_via=applied_via or "direct",
        agent_name=values.get("agent_name", ""), interest=interest if interest is not False else None,
        url=values.get("url", ""), notes=values.get("notes", ""),
    )
    try:
        cleaned = company.validated()
    except ValidationError as exc:
        errors = {**exc.errors, **errors}
        cleaned = None
    return ImportRow(line, None if errors else cleaned, errors, warnings, values)


def _delimiter(text: str) -> str:
    """The delimiter under which the first record has a name column; a comma otherwise."""
    for delimiter in DELIMITERS:
        try:
            records = csv.reader(io.StringIO(text[:64 * 1024], newline=""), delimiter=delimiter)
            first = next((cells for cells in records if any(c.strip() for c in cells)), [])
        except csv.Error:
            continue
        if "name" in _recognise(first):
            return delimiter
    return ","


def _looks_binary(head: bytes) -> bool:
    """NUL or many other control bytes: an image, archive or program, not text.
    (UTF-16 text has NULs too; it is recognised by its BOM.)"""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for b in head if b < 0x09 or 0x0e <= b < 0x20 or b == 0x7f)
    return b"\x00" in head or controls > max(2, len(head) // 100)


def _decode(raw: bytes) -> str | None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp932")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _recognise(header: list[str]) -> dict[str, int]:
    """field -> column index, for the headers we recognise (the first of duplicates wins)."""
    known = _header_names()
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = known.get(_header_key(cell))
        if name and name not in columns:
            columns[name] = i
    return columns


def _header_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for name in FIELDS:
        candidates = [name, *_ALIASES.get(name, ())]
        for lang in LANGUAGES:
            catalog = i18n.catalog(lang)
            candidates += [catalog.get(f"export.col.{name}", ""), catalog.get(f"companies.{name}", "")]
        for candidate in candidates:
            if candidate:
                names.setdefault(_header_key(candidate), name)
    return names


def _header_key(text: str) -> str:
    """'Company name', 'company_name', ' 企業名 ', '志望度(1〜5)' compare equal to their field's names."""
    text = _PARENTHESISED.sub("", unicodedata.normalize("NFKC", text.lstrip("\ufeff")))
    return re.sub(r"[\s_\-・/]", "", text).casefold()


def _choice(value: str, prefix: str, codes: tuple[str, ...]) -> str | None:
    """The code for a cell holding a code or its label in any UI language; blank = first code."""
    key = _header_key(value)
    if not key:
        return codes[0]
    for code in codes:
        labels = [code] + [i18n.catalog(lang).get(f"{prefix}.{code}", "") for lang in LANGUAGES]
        if key in {_header_key(label) for label in labels if label}:
            return code
    return None


def _interest(value: str) -> int | None | bool:
    """1-5 from '3', '３', '3.0' or '3/5'; None when blank; False when unreadable."""
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        return None
    match = re.fullmatch(r"([0-9]+)(?:\.0+)?(?:/5)?", text)
    return int(match.group(1)) if match else False


def _cell(cells: list[str], index: int) -> str:
    value = cells[index] if index < len(cells) else ""
    # Our own export put a quote before formula-like text; the value itself is plain text.
    return _NEUTRALISED.sub("", value)


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _refuse(key: str, **params: object) -> ImportPreview:
    return ImportPreview(refused=key, refused_params=params)
