"""Paths and settings. Tests point FURIKAERI_DB at a temporary file."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "furikaeri.db"
# A local file: a Material page icon would make the browser fetch it from a Google host.
ICON = DATA_DIR / "icon.png"

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"
DEFAULT_TIMEZONE = "Asia/Tokyo"

# Long enough for a detailed answer, short enough that one field cannot bloat the file.
MAX_TEXT = 20_000


def db_path() -> Path:
    """The user's SQLite file: $FURIKAERI_DB, else data/furikaeri.db."""
    configured = os.environ.get("FURIKAERI_DB", "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DB
