"""Tailored interviews: questions chosen for a job posting and a résumé."""
