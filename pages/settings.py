"""Settings: language, where the data lives, sample data."""

import streamlit as st

from lib import config, sample_data, ui
from lib.generate.thank_you_mail import Profile
from lib.models import ValidationError
from lib.profile import get_profile, save_profile

ui.ensure_routed()


PROFILE_FIELDS = ("full_name", "full_name_kana", "phone", "email", "signature")


def save_profile_form() -> None:
    values = ui.form_values("profile", PROFILE_FIELDS)
    try:
        with ui.database() as conn:
            save_profile(conn, Profile(**{k: v or "" for k, v in values.items()}))
    except ValidationError as problem:
        ui.set_errors("profile", problem.errors)
        return
    ui.set_errors("profile", {})
    ui.flash(ui.tr("settings.profile_saved"))


st.title(ui.tr("settings.title"))
ui.show_flash()

st.subheader(ui.tr("settings.profile"))
st.caption(ui.tr("settings.profile_help"))
with ui.database() as conn:
    ui.seed("profile", vars(get_profile(conn)))
errors = ui.errors_of("profile")
with st.form("profile_form"):
    left, right = st.columns(2)
    left.text_input(ui.tr("mail.profile_field.full_name"), key="profile_full_name", max_chars=100)
    right.text_input(ui.tr("mail.profile_field.full_name_kana"), key="profile_full_name_kana", max_chars=100)
    left.text_input(ui.tr("mail.profile_field.phone"), key="profile_phone", max_chars=50)
    with right:
        st.text_input(ui.tr("mail.profile_field.email"), key="profile_email", max_chars=320)
        ui.show_errors(errors, "email")
    st.text_area(ui.tr("settings.signature"), key="profile_signature", max_chars=1000, height=80)
    st.form_submit_button(ui.tr("common.save"), type="primary", on_click=save_profile_form)

st.subheader(ui.tr("settings.data"))
st.write(ui.tr("settings.privacy"))
st.code(str(config.db_path().resolve()), language=None)

st.subheader(ui.tr("settings.sample"))
st.caption(ui.tr("settings.sample_help"))
with ui.database() as conn:
    present = sample_data.has_sample(conn)
if present:
    st.button(ui.tr("home.remove_sample"), key="settings_remove_sample", on_click=ui.remove_sample_data)
else:
    st.button(ui.tr("home.load_sample"), key="settings_load_sample", on_click=ui.load_sample_data)
