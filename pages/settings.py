"""Settings in four tabs, only the open one drawn: your details; display and data (time zone, where the
data lives, sample data); backup and restore; practice recordings."""


import pandas as pd
import streamlit as st

from lib import config, db, i18n, ui
from lib.follow_up.profile import get_profile, save_profile
from lib.models import Profile, timezone_names
from lib.practice import takes
from lib.storage import backup, safety_copies, sample_data

ui.ensure_routed()


TAB_LABELS = {"profile": "settings.profile", "display_and_data": "settings.display_and_data",
              "backup": "backup.title", "recordings": "practice.takes.settings.title"}
PROFILE_FIELDS = ("full_name", "full_name_kana", "phone", "email", "signature")


def save_profile_form() -> None:
    values = ui.form_values("profile", PROFILE_FIELDS)
    if ui.save("profile", save_profile, Profile(**{k: v or "" for k, v in values.items()}),
               expected=ui.seen("profile"), conflict_field="full_name"):
        ui.flash("settings.profile_saved")


# Data safety: a full backup to download, a restore checked and previewed before it is
# confirmed, and where the automatic safety copies are.


def backup_file(include_recordings: bool = True):
    """The backup, built only when the button is clicked (in another thread: no session state)."""
    path = config.db_path()

    def build() -> bytes:
        with db.opened(path) as conn:
            return backup.backup_bytes(conn, include_recordings=include_recordings)

    return build


def table_label(name: str) -> str:
    key = f"backup.table.{name}"
    return ui.tr(key) if key in i18n.catalog(ui.lang()) else name


def refusal(refusal: backup.BackupRefused) -> tuple[str, dict]:
    """The reason (locale key and parameters); values from the file are shown literally by ui.say."""
    return refusal.key, {name: table_label(value) if name in ("table", "parent") else value
                         for name, value in refusal.params.items()}


def restore_key() -> str:
    return f"restore_file_{st.session_state.get('restore_round', 0)}"


def checked_backup(upload) -> backup.Backup | backup.BackupRefused:
    """The upload checked once per file rather than on every rerun."""
    cached = st.session_state.get("restore_checked")
    if cached and cached[0] == upload.file_id:
        return cached[1]
    try:
        result = backup.read_backup(upload)  # measures the upload before reading it
    except backup.BackupRefused as refusal:
        result = refusal
    st.session_state["restore_checked"] = (upload.file_id, result)
    return result


def confirm_restore() -> None:
    """Keep a safety copy, replace everything in one transaction, then start afresh: widgets
    seeded from the old records must not write them back."""
    cached = st.session_state.get("restore_checked")
    if not cached or not isinstance(cached[1], backup.Backup):
        return
    try:
        copy = safety_copies.make_copy(config.db_path(), "before_restore")
        with ui.database() as conn:
            backup.restore(conn, cached[1])
    except backup.BackupRefused as refusal:
        st.session_state["restore_failed"] = refusal
        return
    except (OSError, db.StorageError):
        st.session_state["restore_failed"] = None
        return
    next_round = st.session_state.get("restore_round", 0) + 1
    for key in list(st.session_state):
        if key != "language":
            del st.session_state[key]
    st.session_state["restore_round"] = next_round
    st.session_state["settings_tabs__open"] = "backup"  # where the user was
    ui.flash("backup.restored", rows=cached[1].rows(), copy=copy.name)


def file_size(size: int) -> str:
    """A size in KB under 1 MB, else in MB with one decimal."""
    if size < 1024 * 1024:
        return ui.tr("backup.size_kb", size=max(1, round(size / 1024)))
    return ui.tr("backup.size_mb", size=f"{size / 1024 / 1024:.1f}")


def copy_label(copy: safety_copies.SafetyCopy) -> str:
    """When a safety copy was made, why, and its size, in the UI language."""
    return ui.tr("backup.safety_option", when=i18n.format_datetime(copy.taken_at, ui.lang()),
                 kind=ui.tr(f"backup.safety_kind_{copy.kind}"), size=file_size(copy.size))


def ask_safety_restore() -> None:
    st.session_state["safety_confirm"] = st.session_state.get("safety_pick")


def cancel_safety_restore() -> None:
    st.session_state.pop("safety_confirm", None)


def confirm_safety_restore() -> None:
    """Put the chosen safety copy back (the current records kept as a copy first), then start
    afresh: widgets seeded from the old records must not write them back."""
    name = st.session_state.pop("safety_confirm", None)
    chosen = {copy.path.name: copy for copy in safety_copies.list_copies(config.db_path())}.get(name)
    try:
        if chosen is None:
            raise backup.BackupRefused("copy_missing")
        kept = backup.restore_safety_copy(config.db_path(), chosen)
    except backup.BackupRefused as refused:
        st.session_state["safety_failed"] = refused
        return
    except (OSError, db.StorageError, db.DatabaseUnavailable):
        st.session_state["safety_failed"] = None
        return
    restore_round = st.session_state.get("restore_round", 0)
    for key in list(st.session_state):
        if key != "language":
            del st.session_state[key]
    st.session_state["restore_round"] = restore_round
    st.session_state["settings_tabs__open"] = "backup"  # where the user was
    ui.flash("backup.safety_restored", when=i18n.format_datetime(chosen.taken_at, ui.lang()), copy=kept.name)


def made_at(created_at: str) -> str:
    try:
        return ui.instant(created_at)
    except ValueError:
        return ui.md(created_at)


# Recordings of the practice card: how many each question keeps, the space they take, delete them all.


def change_keep() -> None:
    with ui.database() as conn:
        takes.set_keep(conn, int(st.session_state["takes_keep"]))


def delete_recordings() -> None:
    with ui.database() as conn:
        count = takes.delete_takes(conn)
    ui.flash("practice.takes.deleted_all", count=count)


def profile_section() -> None:
    st.caption(ui.tr("settings.profile_help"))
    with ui.database() as conn:
        stored_profile = get_profile(conn)
    ui.seed_record("profile", vars(stored_profile), stored_profile)
    errors = ui.errors_of("profile")
    with st.form("profile_form"):
        # One row of two fields at a time: on a phone the columns stack in reading order
        # (name, its reading, phone, e-mail), not column by column.
        left, right = st.columns(2)
        with left:
            st.text_input(ui.tr("mail.profile_field.full_name"), key="profile_full_name", max_chars=100)
            ui.show_errors(errors, "full_name")
        right.text_input(ui.tr("mail.profile_field.full_name_kana"), key="profile_full_name_kana", max_chars=100)
        left, right = st.columns(2)
        left.text_input(ui.tr("mail.profile_field.phone"), key="profile_phone", max_chars=50)
        with right:
            st.text_input(ui.tr("mail.profile_field.email"), key="profile_email", max_chars=320)
            ui.show_errors(errors, "email")
        st.text_area(ui.tr("settings.signature"), key="profile_signature", max_chars=1000, height=80)
        st.form_submit_button(ui.tr("common.save"), type="primary", on_click=save_profile_form)


def display_and_data_section() -> None:
    zones = timezone_names()
    st.selectbox(ui.tr("settings.display_zone"), zones, index=zones.index(ui.display_zone()),
                 key="display_zone_picker", placeholder=ui.tr("streamlit.choose_option"),
                 on_change=ui.choose_display_zone, help=ui.tr("settings.display_zone_help"))
    st.markdown(f"#### {ui.tr('settings.data')}")
    st.write(ui.tr("settings.privacy"))
    st.code(str(config.db_path().resolve()), language=None)
    st.markdown(f"#### {ui.tr('settings.sample')}")
    st.caption(ui.tr("settings.sample_help"))
    with ui.database() as conn:
        present = sample_data.has_sample(conn)
    if present:
        st.button(ui.tr("home.remove_sample"), key="settings_remove_sample", on_click=ui.remove_sample_data)
    else:
        st.button(ui.tr("home.load_sample"), key="settings_load_sample", on_click=ui.load_sample_data)


def recordings_section() -> None:
    st.caption(ui.tr("practice.takes.settings.help"))
    with ui.database() as conn:
        recordings = takes.space(conn)
        kept = takes.keep(conn)
    st.number_input(ui.tr("practice.takes.settings.keep"), min_value=takes.KEEP_RANGE[0], max_value=takes.KEEP_RANGE[1],
                    value=kept, step=1, key="takes_keep", on_change=change_keep)
    if recordings.takes:
        st.caption(ui.tr("practice.takes.settings.used", count=recordings.takes, size=file_size(recordings.bytes)))
        st.button(ui.tr("practice.takes.settings.delete_all"), key="takes_delete_everything", on_click=delete_recordings,
                  icon=":material/delete_sweep:")
    else:
        st.caption(ui.tr("practice.takes.settings.none"))


def safety_copies_part() -> None:
    st.markdown(f"#### {ui.tr('backup.safety_title')}")
    st.caption(ui.tr("backup.safety_help", keep=safety_copies.KEEP))
    st.code(str(safety_copies.copies_dir(config.db_path()).resolve()), language=None)
    if "safety_failed" in st.session_state:
        failure = st.session_state.pop("safety_failed")
        ui.say("error", "backup.safety_failed", icon=":material/error:", detail=refusal(failure) if failure else None)
    copies = {copy.path.name: copy for copy in safety_copies.list_copies(config.db_path())}
    if not copies:
        st.caption(ui.tr("backup.safety_none"))
        return
    st.caption(ui.tr("backup.safety_latest", count=len(copies),
                     latest=i18n.format_datetime(next(iter(copies.values())).taken_at, ui.lang())))
    labels = {name: copy_label(copy) for name, copy in copies.items()}
    chosen = st.radio(ui.tr("backup.safety_pick"), list(labels), index=None, key="safety_pick",
                      format_func=lambda name: labels.get(name, name))
    pending = st.session_state.get("safety_confirm")
    if pending in copies and pending == chosen:
        ui.say("warning", "backup.safety_confirm_text", icon=":material/warning:",
               when=i18n.format_datetime(copies[pending].taken_at, ui.lang()))
        with st.container(horizontal=True):
            st.button(ui.tr("backup.safety_confirm"), key="safety_confirm_button", type="primary",
                      on_click=confirm_safety_restore, icon=":material/settings_backup_restore:")
            st.button(ui.tr("backup.safety_cancel"), key="safety_cancel_button", on_click=cancel_safety_restore)
    else:
        st.button(ui.tr("backup.safety_restore"), key="safety_restore_button", disabled=chosen is None,
                  on_click=ask_safety_restore, icon=":material/history:")


def restore_part() -> None:
    st.markdown(f"#### {ui.tr('backup.restore_title')}")
    st.caption(ui.tr("backup.restore_help"))
    if "restore_failed" in st.session_state:
        failure = st.session_state.pop("restore_failed")
        ui.say("error", "backup.failed", icon=":material/error:", detail=refusal(failure) if failure else None)
    upload = st.file_uploader(ui.tr("backup.file"), type=["zip", "json"], key=restore_key())
    if upload is None:
        st.session_state.pop("restore_checked", None)
        return
    checked = checked_backup(upload)
    if isinstance(checked, backup.BackupRefused):
        ui.say("error", "backup.refused", icon=":material/block:", detail=refusal(checked))
        return
    st.markdown(f"##### {ui.tr('backup.preview')}")
    st.caption(ui.tr("backup.made", created_at=made_at(checked.created_at)))
    if checked.upgraded:
        ui.say("info", "backup.upgraded", icon=":material/upgrade:")
    with ui.database() as conn:
        changes = backup.plan_restore(conn, checked)
    st.dataframe(pd.DataFrame([
        {ui.tr("backup.col_table"): table_label(c.table), ui.tr("backup.col_before"): c.before,
         ui.tr("backup.col_after"): c.after}
        for c in changes if c.before or c.after
    ]), hide_index=True, key="restore_preview", placeholder="")
    ui.say("warning", "backup.warning", icon=":material/warning:")
    st.button(ui.tr("backup.confirm"), key="restore_confirm", type="primary", on_click=confirm_restore,
              icon=":material/settings_backup_restore:")


def backup_section() -> None:
    st.caption(ui.tr("backup.help"))
    with ui.database() as conn:
        recordings = takes.space(conn)
    if recordings.takes:
        # base64 in JSON, deflated: about 4/3 of the audio; past ~70 % of the limit a restore may refuse it
        if recordings.bytes * 4 / 3 > backup.MAX_UPLOAD_BYTES * 0.7:
            ui.say("warning", "practice.takes.settings.too_large", icon=":material/warning:",
                   limit=backup.MAX_UPLOAD_BYTES // backup.MB)
        st.checkbox(ui.tr("practice.takes.settings.include"), value=True, key="backup_recordings",
                    help=ui.tr("practice.takes.settings.include_help"))
    st.download_button(ui.tr("backup.download"), data=backup_file(st.session_state.get("backup_recordings", True)),
                       file_name=backup.file_name(), mime="application/zip", key="backup_download",
                       icon=":material/download:", type="primary", on_click="ignore")
    safety_copies_part()
    restore_part()


st.title(ui.tr("settings.title"))
ui.show_flash()
ui.lazy_tabs("settings_tabs", {"profile": profile_section, "display_and_data": display_and_data_section,
                               "backup": backup_section, "recordings": recordings_section},
             lambda code: ui.tr(TAB_LABELS[code]))
