"""The baseline page of bench/empty_app.py: it renders nothing."""
