"""Which answers are waiting for a score, read from the attempts alone."""

from __future__ import annotations

from typing import Any

from interview_cli.store import Attempt
from interview_cli.store.pending import (
    is_pending,
    score_pending_hint,
    scoring_failed,
    waiting_for_score,
    waiting_text,
)


def _attempt(**extra: Any) -> Attempt:
    return Attempt(
        session_id="s", bank_id="b", question_id="q", question_text="?", answer="a", **extra
    )


def test_an_answer_without_score_error_or_reason_is_pending() -> None:
    assert is_pending(_attempt())
    assert is_pending(_attempt(kind="retry"))
    assert is_pending(_attempt(score_details={"rating_override": "hard"}))  # a rating is no score
    assert not is_pending(_attempt(score=0.0))  # a real zero is a score
    assert not is_pending(_attempt(skipped=True))
    assert not is_pending(_attempt(score_details={"error": "RuntimeError: boom"}))
    assert not is_pending(_attempt(score_details={"unscored": "no rubric"}))


def test_a_failed_scoring_is_not_pending_but_can_be_retried() -> None:
    failed = _attempt(score_details={"error": "RuntimeError: boom"})
    assert scoring_failed(failed)
    assert not scoring_failed(_attempt())
    assert not scoring_failed(_attempt(score=5.0, score_details={"error": "old"}))
    pending = _attempt()
    attempts = [pending, failed, _attempt(score=3.0), _attempt(skipped=True)]
    assert waiting_for_score(attempts) == [pending]
    assert waiting_for_score(attempts, include_failed=True) == [pending, failed]


def test_waiting_text() -> None:
    assert waiting_text(1) == "1 answer waiting for a score"
    assert waiting_text(3) == "3 answers waiting for a score"


def test_the_hint_speaks_of_one_answer_as_it() -> None:
    assert score_pending_hint(1) == "`interview score --pending` scores it"
    assert score_pending_hint(2) == "`interview score --pending` scores them"
