"""Answers waiting for a score: kept without one when the app left before scoring them.

Pending is read from the attempt itself (no score, not skipped, no scoring error and no reason
to stay unscored), so an answer stays pending whatever way the app left: quit, Ctrl+C, a
closed terminal or a kill. Everything that counts, lists or scores pending answers asks here.
"""

from __future__ import annotations

from collections.abc import Iterable

from interview_cli.store.models import Attempt
from interview_cli.wording import counted


def score_pending_hint(count: int) -> str:
    """What scores the waiting answers, said of one answer or of several."""
    return f"`interview score --pending` scores {'it' if count == 1 else 'them'}"


def is_pending(attempt: Attempt) -> bool:
    """Answered, never scored, and nothing says why: its scoring was cut short."""
    return (
        attempt.score is None
        and not attempt.skipped
        and "error" not in attempt.score_details
        and "unscored" not in attempt.score_details
    )


def scoring_failed(attempt: Attempt) -> bool:
    """Answered, and its scoring ended with an error: it can be scored again."""
    return (
        attempt.score is None
        and not attempt.skipped
        and "error" in attempt.score_details
        and "unscored" not in attempt.score_details
    )


def waiting_for_score(attempts: Iterable[Attempt], include_failed: bool = False) -> list[Attempt]:
    """The pending attempts (and, with ``include_failed``, those whose scoring failed)."""
    return [a for a in attempts if is_pending(a) or (include_failed and scoring_failed(a))]


def waiting_text(count: int) -> str:
    """'1 answer waiting for a score', '3 answers waiting for a score'."""
    return f"{counted(count, 'answer')} waiting for a score"
