"""Following up: the communication log, the story bank, the profile, the thank-you mail's input."""
