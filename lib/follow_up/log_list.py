"""The communication log's list: one line per entry, opened with one click.

A static list of buttons instead of a selectable grid: an st.dataframe grid costs ~300 ms to
draw on every visit and opens an entry only through its small row checkbox.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from lib.follow_up.communications import _SELECT
from lib.i18n import format_datetime, t
from lib.models import zone


def get_entry(db: Database, entry_id: int) -> dict | None:
    """One entry as list_entries() gives it (with its company's name and sample mark), or None."""
    rows = list(db.query(f"{_SELECT} WHERE m.id = ?", [entry_id]))
    return rows[0] if rows else None


def cells(entry: dict, lang: str, display_zone: str) -> list[str]:
    """What the line says about an entry, in order: when (in the display zone), company (marked
    when sample data), channel with direction, then the counterpart and the summary when given.
    User text stays as typed: the page shows it literally."""
    when = datetime.fromisoformat(entry["occurred_at"]).astimezone(zone(display_zone))
    company = entry["company"] or ""
    if entry.get("is_sample"):
        company = f"{company} [{t('common.sample_badge', lang)}]"
    how = t("log.row_how", lang, channel=t(f"export.channel.{entry['channel']}", lang),
            direction=t(f"export.direction.{entry['direction']}", lang))
    return [format_datetime(when, lang), company, how,
            *(text for text in (entry.get("counterpart"), entry.get("summary")) if text and text.strip())]


def row_labels(entries: list[dict], lang: str, display_zone: str) -> list[tuple[int, str]]:
    """(entry id, its whole line) for lib.follow_up.communications' entries, in their order."""
    separator = t("common.row_separator", lang)
    return [(int(entry["id"]), separator.join(cells(entry, lang, display_zone))) for entry in entries]


def entry_caption(entry: dict, lang: str, display_zone: str) -> str:
    """The line over an opened entry's text: its line without the summary (shown as its title)."""
    shown = cells(entry, lang, display_zone)
    if entry.get("summary") and entry["summary"].strip():
        shown = shown[:-1]
    return t("common.row_separator", lang).join(shown)
