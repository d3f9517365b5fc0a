"""Export and import: companies, interviews and communications as CSV / XLSX; companies from CSV."""


import streamlit as st

from lib import config, db, ui
from lib.generate import spreadsheet
from lib.storage import data_io
from lib.storage.company_import import ImportPreview, parse_companies_csv

ui.ensure_routed()

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLES = {
    "companies": lambda rows, lang: spreadsheet.companies_table(rows[0], lang),
    "interviews": lambda rows, lang: spreadsheet.interviews_table(rows[1], lang),
    "communications": lambda rows, lang: spreadsheet.communications_table(rows[2], lang),
}


def csv_file(table: str, language: str):
    """The CSV of one table, read and built only when the button is clicked (in another thread:
    no session state here, hence the arguments)."""
    path = config.db_path()

    def build() -> bytes:
        with db.opened(path) as conn:
            rows = data_io.export_rows(conn)
        return spreadsheet.to_csv_bytes(TABLES[table](rows, language))

    return build


def workbook_file(language: str):
    path = config.db_path()

    def build() -> bytes:
        with db.opened(path) as conn:
            companies, interviews, communications = data_io.export_rows(conn)
        return spreadsheet.workbook(companies, interviews, communications, language)

    return build


def uploader_key() -> str:
    return f"import_file_{st.session_state.get('import_round', 0)}"


def preview_of(upload) -> ImportPreview:
    """The upload's preview, parsed once per uploaded file rather than on every rerun."""
    cached = st.session_state.get("import_preview")
    if cached and cached[0] == upload.file_id:
        return cached[1]
    existing = [c["name"] for c in ui.companies(include_archived=True)]
    preview = parse_companies_csv(upload.getvalue(), ui.lang(), existing_names=existing)
    st.session_state["import_preview"] = (upload.file_id, preview)
    return preview


def confirm_import() -> None:
    """Write the previewed valid rows, all or none, then start over with an empty uploader."""
    cached = st.session_state.get("import_preview")
    if not cached:
        return
    try:
        with ui.database() as conn:
            count = data_io.import_companies(conn, cached[1].companies)
    except db.StorageError:
        st.session_state["import_error"] = True
        return
    st.session_state.pop("import_preview", None)
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    ui.flash("export.import.imported", count=count)


st.title(ui.tr("nav.data"))
ui.show_flash()

st.subheader(ui.tr("data.export"))
st.caption(ui.tr("data.intro"))
language = ui.lang()
with st.container(horizontal=True, key="data_exports"):
    for table in TABLES:
        st.download_button(ui.tr("export.download_csv", table=ui.tr(f"export.sheet.{table}")),
                           data=csv_file(table, language), file_name=f"furikaeri-{table}.csv", mime=CSV_MIME,
                           key=f"data_csv_{table}", icon=":material/csv:", on_click="ignore")
    st.download_button(ui.tr("export.download_xlsx"), data=workbook_file(language), file_name="furikaeri.xlsx",
                       mime=XLSX_MIME, key="data_xlsx", icon=":material/table_view:", type="primary",
                       on_click="ignore")
st.caption(ui.tr("export.spreadsheet_help"))

st.subheader(ui.tr("export.import.title"))
st.caption(ui.tr("export.import.help"))
if st.session_state.pop("import_error", False):
    ui.say("error", "data.import_failed", icon=":material/error:")
upload = st.file_uploader(ui.tr("data.file"), key=uploader_key())
if upload is None:
    st.session_state.pop("import_preview", None)
    st.stop()

preview = preview_of(upload)
if preview.refused:
    ui.say("error", "export.import.refused", icon=":material/block:",
           detail=(preview.refused, preview.refused_params))
    st.stop()

st.markdown(f"#### {ui.tr('export.import.preview')}")
ui.say("info", "export.import.nothing_written", icon=":material/info:")
st.markdown(ui.tr("export.import.summary", valid=len(preview.companies), invalid=len(preview.invalid_rows)))
if preview.ignored_columns:
    st.caption(ui.tr("export.import.ignored_columns", columns=ui.md(", ".join(preview.ignored_columns))))
table = data_io.preview_table(preview, language)
st.dataframe(table, hide_index=True, key="import_preview_table", placeholder="",
             column_config={table.columns[-1]: st.column_config.TextColumn(width="large")})
st.button(ui.tr("export.import.confirm", count=len(preview.companies)), key="import_confirm", type="primary",
          disabled=not preview.companies, on_click=confirm_import, icon=":material/upload:")
