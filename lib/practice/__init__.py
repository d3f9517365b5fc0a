"""Preparing: the question bank, mock question sets, spaced practice, action plans."""
