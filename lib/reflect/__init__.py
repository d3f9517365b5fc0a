"""Reflecting on interviews: the records, the analytics, trends and their charts, display tables."""
