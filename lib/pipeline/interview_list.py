"""The Interviews page's list: one line per interview, opened with one click, and its files.

A static list of buttons instead of a selectable grid: an st.dataframe grid costs ~300 ms to
draw on every visit and opens a record only through its small row checkbox.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

from lib import db
from lib.generate import calendar_ics
from lib.i18n import format_datetime, t
from lib.pipeline.companies import get_interview


def row_labels(frame: pd.DataFrame, lang: str, display_zone: str) -> list[tuple[int, str, str]]:
    """(interview id, when, the rest of its line) for the rows of lib.reflect.tables' interview
    frame: when (its zone named when not `display_zone`), then company｜round｜status (and
    result once held)｜reflection. User text stays as typed: the page shows it literally."""
    separator = t("common.row_separator", lang)
    lines = []
    for row in frame.itertuples(index=False):
        start = row.local_start
        when = format_datetime(start.to_pydatetime() if isinstance(start, pd.Timestamp) else start, lang)
        cells = [when if row.timezone == display_zone else t("interviews.row_zone", lang, when=when, zone=row.timezone),
                 f"{row.company} [{t('common.sample_badge', lang)}]" if row.is_sample else row.company,
                 t(f"round.{row.round}", lang), t(f"status.{row.status}", lang)]
        if row.status == "done" and isinstance(row.result, str) and row.result:
            cells.append(t(f"result.{row.result}", lang))
        state = row.reflection_status if isinstance(row.reflection_status, str) else "none"
        cells.append(t("interviews.row_reflection", lang, state=t(f"reflection_status.{state}", lang)))
        lines.append((int(row.id), cells[0], separator.join(cells[1:])))
    return lines


def interview_ics(path: Path, interview_id: int, lang: str, *, include_notes: bool = False) -> Callable[[], bytes]:
    """A builder of one interview's .ics, whatever its status or date, for a download button
    (called on click, in another thread: it opens its own connection)."""
    def build() -> bytes:
        with db.opened(path) as conn:
            row = get_interview(conn, interview_id)
        return calendar_ics.one_interview(row, lang, include_notes=include_notes) if row else b""

    return build


def thanks_due(row: dict, now: datetime) -> bool:
    """Whether the interview is one to thank for: done, or held (started and not cancelled)."""
    if row["status"] == "done":
        return True
    return row["status"] == "scheduled" and datetime.fromisoformat(row["starts_at"]) <= now
