"""The screens of a practice session: setup, resume, question, feedback, summary."""
