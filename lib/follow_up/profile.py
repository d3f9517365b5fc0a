"""The user's own details, signed under every generated document."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlite_utils import Database

from lib.db import UNCHECKED, ensure_unchanged, get_setting, set_setting
from lib.models import Checker, Profile, clean_line, clean_text
from lib.pipeline.agents import EMAIL


def validated(profile: Profile) -> Profile:
    """A cleaned copy, or ValidationError."""
    cleaned = Profile(**{f.name: (clean_text if f.name == "signature" else clean_line)(getattr(profile, f.name))
                         for f in fields(Profile)})
    check = Checker()
    for name in ("full_name", "full_name_kana", "phone"):
        check.text(name, getattr(cleaned, name), limit=100)
    check.text("email", cleaned.email, limit=320)
    if cleaned.email and not EMAIL.match(cleaned.email):
        check.fail("email", "error.email")
    check.text("signature", cleaned.signature, limit=1000)
    check.done()
    return cleaned


def get_profile(db: Database) -> Profile:
    return Profile(**{f.name: get_setting(db, f"profile.{f.name}", "") for f in fields(Profile)})


def save_profile(db: Database, profile: Profile, *, expected: object = UNCHECKED) -> None:
    """Save every field at once, or nothing. With `expected` (the profile as this session read
    it), refuse with WriteConflict if another tab saved it meanwhile."""
    cleaned = validated(profile)
    with db.atomic():
        ensure_unchanged(get_profile(db), expected)
        for name, value in asdict(cleaned).items():
            set_setting(db, f"profile.{name}", value)
