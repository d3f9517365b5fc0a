"""Furikaeri's logic: importable and testable without a browser."""
