"""Scoring the answers the history holds without a score, after the session that took them.

``interview score --pending`` and the next practice both go through here, and score an
attempt exactly as its session would have (same request, same fields written).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_cli.planning.questions import PlannedQuestion
from interview_cli.scheduling import (
    question_key,
)
from interview_cli.session.practice import (
    UNSCORABLE_FOLLOW_UP,
    error_changes,
    score_changes,
    scoring_request_for,
    unscored_changes,
)
from interview_cli.store.models import Attempt
from interview_cli.store.pending import scoring_failed, waiting_for_score

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.scoring.base import Scorer, ScoringRequest
    from interview_cli.session.recording import Recorder


@dataclass(frozen=True)
class PendingAnswer:
    """An attempt waiting for a score, with what its scoring needs (when that is still there)."""

    attempt: Attempt
    planned: PlannedQuestion | None  # None: its bank or question is gone
    request: ScoringRequest | None  # None: gone, or nothing to score it against

    @property
    def failed_before(self) -> bool:
        return scoring_failed(self.attempt)

    @property
    def gone(self) -> bool:
        return self.planned is None


@dataclass
class RescoreCount:
    scored: int = 0
    failed: int = 0
    skipped: int = 0  # the question is gone: still pending
    unscorable: int = 0  # nothing to score against: marked unscored, as a session would


def planned_questions(banks: Sequence[Bank]) -> dict[str, PlannedQuestion]:
    """Every question of the banks by its history key ("bank/question")."""
    return {
        question_key(b.id, q.id): PlannedQuestion(b.id, b.language, q, q.time_limit_s)
        for b in banks
        for q in b.questions
    }


def find_pending(
    attempts: Iterable[Attempt], banks: Sequence[Bank], include_failed: bool = True
) -> list[PendingAnswer]:
    """The attempts to score, oldest first, each with its request built as its session would."""
    planned = planned_questions(banks)
    out = []
    for attempt in sorted(
        waiting_for_score(attempts, include_failed), key=lambda a: a.submitted_at
    ):
        found = planned.get(question_key(attempt.bank_id, attempt.question_id))
        out.append(PendingAnswer(attempt, found, scoring_request_for(attempt, found)))
    return out


def score_pending(
    items: Sequence[PendingAnswer],
    make_scorer: Callable[[], Scorer],
    recorder: Recorder,
    on_start: Callable[[int, int, PendingAnswer], object] = lambda i, n, item: None,
    on_skip: Callable[[PendingAnswer, str], object] = lambda item, why: None,
    on_done: Callable[[PendingAnswer, dict[str, Any]], object] = lambda item, changes: None,
) -> RescoreCount:
    """Score each item in turn, writing each result at once (an interrupted run loses nothing).

    The scorer is made only when there is something to score (loading a model takes a while).
    ``on_start(number, total, item)`` comes before each scoring; ``on_skip`` for an item left
    as it is or marked unscored (with why); ``on_done`` after each write (score or error).
    """
    count = RescoreCount()
    to_score = [i for i in items if i.request is not None]
    for item in items:
        if item.gone:
            count.skipped += 1
            key = question_key(item.attempt.bank_id, item.attempt.question_id)
            on_skip(item, f"{key} is no longer in any installed bank; it stays waiting")
        elif item.request is None:
            count.unscorable += 1
            recorder.update_attempt(item.attempt.id, **unscored_changes(item.attempt))
            on_skip(item, UNSCORABLE_FOLLOW_UP)
    scorer = make_scorer() if to_score else None
    for number, item in enumerate(to_score, 1):
        assert item.request is not None and scorer is not None
        on_start(number, len(to_score), item)
        changes: dict[str, Any]
        try:
            result = scorer.score(item.request)
        except Exception as exc:  # one bad answer must not stop the others being scored
            changes = error_changes(item.attempt, f"{type(exc).__name__}: {exc}")
            count.failed += 1
        else:
            changes = score_changes(item.attempt, result, item.planned)
            count.scored += 1
        recorder.update_attempt(item.attempt.id, **changes)
        on_done(item, changes)
    return count
