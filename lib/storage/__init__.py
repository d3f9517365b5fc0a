"""The user's data as a whole: backup and restore, safety copies, export and import, sample data."""
