"""The summary screen's heading counts in words that agree with the count."""

from __future__ import annotations

from interview_cli.session.summary import SessionSummary
from interview_cli.tui.screens.summary import heading


def _summary(answered: int) -> SessionSummary:
    return SessionSummary(
        questions=(),
        average=None,
        answered=answered,
        skipped=0,
        pending=0,
        weak_topics=(),
        no_model=False,
    )


def test_one_question_is_singular() -> None:
    assert "0 of 1 question" in heading(_summary(0), total=1, finished=False).plain
    assert "1 questions" not in heading(_summary(1), total=1, finished=True).plain
    assert "0 of 2 questions" in heading(_summary(0), total=2, finished=False).plain
