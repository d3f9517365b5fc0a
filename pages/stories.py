"""Story bank: career stories in STAR form, reused in thank-you mails and practice."""

import streamlit as st

from lib import ui
from lib.competencies import COMPETENCIES
from lib.follow_up.stories import delete_story, list_stories, save_story
from lib.models import Story, clean_line

ui.ensure_routed()

FIELDS = ("title", "situation", "task", "action", "result", "competencies", "skills")


def save(prefix: str, story_id: int | None) -> None:
    values = ui.form_values(prefix, FIELDS)
    story = Story(**{k: v if v is not None else ([] if k == "competencies" else "") for k, v in values.items()})
    if not ui.save(prefix, save_story, story, story_id, expected=ui.seen(prefix), conflict_field="title"):
        return
    if story_id is None:
        ui.refill(prefix, vars(Story("")))
    ui.flash("stories.saved", title=clean_line(story.title))


def remove(story_id: int) -> None:
    with ui.database() as conn:
        delete_story(conn, story_id)
    ui.flash("stories.deleted")


def story_form(prefix: str, story_id: int | None) -> None:
    errors = ui.errors_of(prefix)
    with st.form(f"{prefix}_form", border=False):
        st.text_input(ui.tr("common.required_mark", label=ui.tr("stories.title_field")), key=f"{prefix}_title",
                      max_chars=200, placeholder=ui.tr("stories.title_placeholder"))
        ui.show_errors(errors, "title")
        for name in ("situation", "task", "action", "result"):
            st.text_area(ui.tr(f"stories.{name}"), key=f"{prefix}_{name}", max_chars=20_000, height=90,
                         help=ui.tr(f"stories.{name}_help"))
            ui.show_errors(errors, name)
        left, right = st.columns(2)
        left.multiselect(ui.tr("stories.competencies"), COMPETENCIES, key=f"{prefix}_competencies",
                         format_func=ui.labels("competency"), placeholder=ui.tr("common.choose"))
        right.text_input(ui.tr("stories.skills"), key=f"{prefix}_skills", max_chars=1000)
        st.form_submit_button(ui.tr("common.add" if story_id is None else "common.save"), type="primary",
                              on_click=save, args=(prefix, story_id))


st.title(ui.tr("nav.stories"))
st.caption(ui.tr("stories.intro"))
ui.show_flash()

with ui.database() as conn:
    stories = list_stories(conn)
ui.add_box(ui.tr("stories.add"), "new_story", lambda: story_form("new_story", None), open_first=not stories,
           icon=":material/add:")
if not stories:
    st.caption(ui.tr("stories.none_yet"))
for story_id, story in stories:
    prefix = f"story_{story_id}"
    tags = ui.tr("common.separator").join(ui.tr(f"competency.{c}") for c in story.competencies)
    with st.expander(ui.md(story.title) + (f" — {tags}" if tags else ""), key=f"{prefix}_box"):
        ui.seed_record(prefix, vars(story), story)
        story_form(prefix, story_id)
        st.button(ui.tr("stories.delete"), key=f"{prefix}_delete", icon=":material/delete:", on_click=remove,
                  args=(story_id,))
