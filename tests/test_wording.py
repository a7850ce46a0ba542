"""Counts in sentences agree with their nouns."""

from __future__ import annotations

from interview_cli.wording import counted


def test_one_is_singular_every_other_count_plural() -> None:
    assert counted(1, "question") == "1 question"
    assert counted(0, "question") == "0 questions"
    assert counted(2, "practice day") == "2 practice days"
    assert counted(1, "retry", "retries") == "1 retry"
    assert counted(3, "retry", "retries") == "3 retries"
