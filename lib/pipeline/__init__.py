"""Several companies at once: companies and interviews, stages, the board, calendar, agents."""
