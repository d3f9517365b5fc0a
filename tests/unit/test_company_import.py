"""Importing companies from CSV: a preview with per-row errors; refused files change nothing."""

from __future__ import annotations

import io
import random
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import i18n
from lib.generate.spreadsheet import FORMULA_PREFIXES, companies_table, to_csv_bytes, to_xlsx_bytes
from lib.models import Company
from lib.pipeline import companies
from lib.storage.company_import import MAX_BYTES, MAX_ROWS, ImportPreview, parse_companies_csv

JA_CSV = (
    "企業名,応募職種,業界,応募経路,エージェント担当者,志望度,URL,メモ\r\n"
    "株式会社ミナトデータ,データエンジニア,IT,転職エージェント,山本,4,https://minato.example.jp,\"一次は\r\nオンライン\"\r\n"
    "北浜製薬株式会社,研究開発,製薬,直接応募,,3,,\r\n"
)
EN_CSV = (
    "Company name,Position,Industry,Applied via,Agent,Interest,URL,Notes\n"
    "Minato Data,Data engineer,IT,Recruiting agent,Yamamoto,4,https://minato.example.jp,\"first, online\"\n"
    "Kitahama Pharma,R&D,Pharma,direct,,,,\n"
)


def parse(text: str, encoding: str = "utf-8", **kwargs) -> ImportPreview:
    return parse_companies_csv(text.encode(encoding), "ja", **kwargs)


def expected_ja() -> list[Company]:
    return [
        Company("株式会社ミナトデータ", "データエンジニア", "IT", "agent", "山本", 4, "https://minato.example.jp",
                "一次は\r\nオンライン"),
        Company("北浜製薬株式会社", "研究開発", "製薬", "direct", "", 3, "", ""),
    ]


# ---------------------------------------------------------------- good files

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "shift_jis", "utf-16"])
def test_japanese_headers_in_every_encoding_excel_writes(encoding):
    preview = parse(JA_CSV, encoding)
    assert preview.refused is None
    assert [row.line for row in preview.rows] == [2, 3]  # the rows Excel shows; the quoted cell spans two lines
    assert preview.companies == expected_ja()
    assert all(not row.errors and not row.warnings for row in preview.rows)


def test_english_headers_and_labels():
    preview = parse(EN_CSV)
    assert preview.companies == [
        Company("Minato Data", "Data engineer", "IT", "agent", "Yamamoto", 4, "https://minato.example.jp",
                "first, online"),
        Company("Kitahama Pharma", "R&D", "Pharma", "direct", "", None, "", ""),
    ]
    assert preview.columns["name"] == "Company name" and preview.ignored_columns == []


@pytest.mark.parametrize("header", ["COMPANY NAME", "company_name", "name", " Name ", "会社名", "企業名(必須)",
                                    "\ufeff企業名", "ｶｲｼｬ,企業名"])
def test_name_header_variants(header):
    preview = parse(f"{header}\n{'x,' if ',' in header else ''}A社\n")
    assert preview.refused is None
    assert [c.name for c in preview.companies] == ["A社"]


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_separated(delimiter):
    preview = parse(EN_CSV.replace(",", delimiter).replace('"first' + delimiter + ' online"', "first online"))
    assert [c.name for c in preview.companies] == ["Minato Data", "Kitahama Pharma"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_our_own_export_imports_back(lang):
    originals = [
        Company("株式会社ミナトデータ", "データエンジニア", "IT", "agent", "山本", 4, "https://minato.example.jp",
                "一次は\nオンライン"),
        Company("=1+1", "+81 90-1234-5678", "-", "referral", "", None, "", "@SUM(A1)"),
        Company("Scout Inc.", "", "", "scout", "", 1, "", "\t=cmd"),
    ]
    rows = [vars(c) | {"id": i, "archived": i == 2} for i, c in enumerate(originals)]
    csv_bytes = to_csv_bytes(companies_table(rows, lang))
    assert b"'=1+1" in csv_bytes  # neutralised in the file...
    preview = parse_companies_csv(csv_bytes, lang)
    assert preview.refused is None, preview.refused
    # ...and plain text again once imported (the tab is an outer blank, trimmed like any input).
    assert preview.companies == [c.validated() for c in originals]
    assert preview.ignored_columns == [i18n.t("export.col.archived", lang)]


def test_headers_of_the_other_language_and_codes_work_too():
    preview = parse("Company name,応募経路,interest\nA,scout,５\nB,Referral,3.0\nC,リファラル(紹介),3/5\n")
    assert [(c.applied_via, c.interest) for c in preview.companies] == [("scout", 5), ("referral", 3),
                                                                         ("referral", 3)]


def test_formula_prefixes_in_imported_values_are_kept_as_text():
    preview = parse('企業名,メモ\n=1+1,+81 3-1234-5678\n"=HYPERLINK(""http://x"")",@SUM(A1)\n-5,-\n')
    assert [(c.name, c.notes) for c in preview.companies] == [
        ("=1+1", "+81 3-1234-5678"), ('=HYPERLINK("http://x")', "@SUM(A1)"), ("-5", "-")]


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_every_neutralised_prefix_is_undone_on_import(prefix):
    value = prefix + "x" if prefix.strip() else prefix + "=x"
    preview = parse(f'企業名,メモ\nA,"\'{value}"\n')
    assert preview.companies[0].notes == value.strip()


def test_a_quote_that_is_not_ours_is_kept():
    assert parse("企業名\n'Quoted' Inc.\n").companies[0].name == "'Quoted' Inc."
    assert parse("企業名\n''=x\n").companies[0].name == "'=x"  # what neutralise makes of "'=x"


def test_hostile_text_is_kept_as_text():
    hostile = '<script>alert(1)</script> 👩‍👩‍👧‍👦 مرحبا \u202eevil'
    notes = "長" * 20_000
    preview = parse(f'企業名,メモ\n"{hostile}",{notes}\n')
    assert preview.companies == [Company(hostile, notes=notes)]


def test_an_agents_name_implies_the_agent_channel():
    (row,) = parse("企業名,エージェント担当者\nA社,山本\n").rows
    assert row.company.applied_via == "agent" and row.company.agent_name == "山本"
    assert row.warnings == {"applied_via": ("export.import.agent_inferred", {})}


# ---------------------------------------------------------------- partially bad files

def test_bad_rows_are_reported_with_their_row_numbers_and_good_rows_kept():
    text = (
        "企業名,応募経路,志望度,URL\n"
        "良い会社,直接応募,5,https://good.example\n"
        ",直接応募,3,\n"                                # row 3: no name
        "\n"                                            # row 4: blank, skipped but counted
        "志望度が変,直接応募,7,\n"                      # row 5
        "経路が変,ハローワーク,abc,ftp://x\n"            # row 6: three problems at once
        f"{'長' * 201},,,\n"                             # row 7: name too long
        "もう一社,,,\n"                                  # row 8: fine, short row
    )
    preview = parse(text)
    assert preview.refused is None
    assert [(row.line, row.errors) for row in preview.rows] == [
        (2, {}),
        (3, {"name": ("error.required", {})}),
        (5, {"interest": ("error.rating", {})}),
        (6, {"applied_via": ("error.choice", {}), "interest": ("error.rating", {}), "url": ("error.url", {})}),
        (7, {"name": ("error.too_long", {"limit": "200", "length": "201"})}),
        (8, {}),
    ]
    assert [c.name for c in preview.companies] == ["良い会社", "もう一社"]
    assert [row.company for row in preview.invalid_rows] == [None] * 4
    assert preview.rows[3].values["applied_via"] == "ハローワーク"  # shown beside the error


def test_extra_and_missing_cells_do_not_break_a_row():
    preview = parse("企業名,業界\nA社,IT,extra,cells\nB社\n")
    assert [(c.name, c.industry) for c in preview.companies] == [("A社", "IT"), ("B社", "")]


def test_unknown_columns_are_listed_and_ignored():
    preview = parse("企業名,選考段階,Salary\nA社,一次面接,600\n")
    assert preview.ignored_columns == ["選考段階", "Salary"] and preview.companies == [Company("A社")]


def test_duplicates_are_warnings_not_errors():
    preview = parse("企業名\n株式会社ＡＢＣ\nNew Co\nnew  co\n", existing_names={"株式会社ABC"})
    assert [row.warnings for row in preview.rows] == [
        {"name": ("export.import.duplicate_existing", {})},
        {},
        {"name": ("export.import.duplicate_in_file", {"line": 3})},
    ]
    assert len(preview.companies) == 3  # the user decides


# ---------------------------------------------------------------- refused files

def _garbage() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(4_000)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "export.import.refused_empty"),
    (b" \r\n\r\n  ", "export.import.refused_empty"),
    ("\ufeff".encode(), "export.import.refused_empty"),
    (b"\x00\x01\x02\x03" * 50, "export.import.refused_binary"),
    (_garbage(), "export.import.refused_binary"),
    (b"\x81\xff\xfe\xfd" * 40, "export.import.refused_encoding"),
    (b"PK\x03\x04" + b"\x00" * 40, "export.import.refused_workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "export.import.refused_workbook"),
    ("企業名|業界\nA社|IT\n".encode(), "export.import.refused_no_name_column"),
    ("業界,メモ\nIT,x\n".encode(), "export.import.refused_no_name_column"),
    ("企業名,業界\r\n".encode(), "export.import.refused_no_rows"),
    ("企業名,業界\r\n,\r\n\r\n".encode(), "export.import.refused_no_rows"),
    ("企業名\n" + "A社\n" * (MAX_ROWS + 1), "export.import.refused_too_many_rows"),
    (b"name\n" + b"x" * MAX_BYTES, "export.import.refused_too_large"),
], ids=["empty", "blank", "bom-only", "controls", "png", "undecodable", "xlsx", "xls", "pipes", "no-name",
        "header-only", "header-and-blank-rows", "too-many-rows", "too-large"])
def test_malformed_files_are_refused_with_a_reason(data, reason):
    preview = parse_companies_csv(data.encode() if isinstance(data, str) else data, "ja")
    assert preview.refused == reason
    assert preview.rows == [] and preview.companies == []
    assert i18n.t(reason, "ja", **preview.refused_params) and i18n.t(reason, "en", **preview.refused_params)


def test_exactly_the_row_limit_is_accepted():
    assert len(parse("企業名\n" + "A社\n" * MAX_ROWS).rows) == MAX_ROWS


def test_a_real_workbook_is_refused():
    xlsx = to_xlsx_bytes({"x": companies_table([], "ja")})
    assert parse_companies_csv(xlsx, "ja").refused == "export.import.refused_workbook"


def test_a_large_upload_is_not_read_past_the_limit():
    class Upload(io.BytesIO):
        read_sizes: ClassVar[list] = []

        def read(self, size=-1):
            self.read_sizes.append(size)
            return super().read(size)

    upload = Upload(b"name\n" + b"x," * (3 * MAX_BYTES))
    assert parse_companies_csv(upload, "ja").refused == "export.import.refused_too_large"
    assert upload.read_sizes == [MAX_BYTES + 1]
    assert parse_companies_csv(io.BytesIO(JA_CSV.encode()), "ja").companies == expected_ja()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3_000))
def test_any_bytes_give_a_preview_or_a_reason_never_an_exception(data):
    preview = parse_companies_csv(data, "ja")
    assert (preview.refused is None) != (preview.rows == [])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
                min_size=1, max_size=5))
def test_any_names_survive_export_then_import(names):
    names = [n for n in names if n.strip()]
    rows = [{"name": n, "applied_via": "direct", "archived": 0} for n in names]
    preview = parse_companies_csv(to_csv_bytes(companies_table(rows, "en")), "en")
    if not names:
        assert preview.refused == "export.import.refused_no_rows"
    else:
        assert [c.name for c in preview.companies] == [Company(n).validated().name for n in names]


# ---------------------------------------------------------------- nothing is written until confirmed

def test_preview_writes_nothing_and_the_confirmed_rows_save(conn):
    preview = parse(JA_CSV + ",,,,,,,\r\nX社,,,,,9,,\r\n",
                    existing_names={row["name"] for row in companies.list_companies(conn)})
    assert companies.list_companies(conn) == []
    with conn.atomic():  # what the page does after the user confirms
        for company in preview.companies:
            companies.save_company(conn, company)
    assert [row["name"] for row in companies.list_companies(conn)] == ["北浜製薬株式会社", "株式会社ミナトデータ"]


def test_every_message_key_exists_in_both_languages():
    keys = {"export.import.duplicate_existing", "export.import.duplicate_in_file", "export.import.agent_inferred"}
    for lang in ("ja", "en"):
        assert keys <= set(i18n.catalog(lang))


def test_imported_names_are_one_line():
    """A quoted cell with a line break (Excel writes them) never makes a name span several lines."""
    preview = parse('企業名,業界\n"ミナト\r\n商事","物\n流"\n', "utf-8")
    assert [(c.name, c.industry) for c in preview.companies] == [("ミナト 商事", "物 流")]
