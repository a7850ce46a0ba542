"""A question picked to be asked, and what the history says about each question.

Both the session's picking and the planner work in these terms; they live here, below both,
so that planning never has to reach up into the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interview_cli.scheduling import question_key

if TYPE_CHECKING:
    from interview_cli.banks.schema import Question
    from interview_cli.store.models import Attempt


@dataclass(frozen=True)
class PlannedQuestion:
    """One question of a session, with the bank it comes from and its effective time limit."""

    bank_id: str
    language: str
    question: Question
    time_limit_s: int | None

    @property
    def key(self) -> str:
        return question_key(self.bank_id, self.question.id)


@dataclass(frozen=True)
class QuestionStats:
    seen: int
    last_score: float | None  # the most recent main answer; a skip counts as 0


def history_stats(attempts: Iterable[Attempt]) -> dict[str, QuestionStats]:
    """How often each question was answered and how the last answer scored."""
    by_key: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.kind == "follow_up":
            continue  # a follow-up asks something else; it says little about this question
        by_key.setdefault(question_key(attempt.bank_id, attempt.question_id), []).append(attempt)
    stats: dict[str, QuestionStats] = {}
    for key, items in by_key.items():
        items.sort(key=lambda a: a.submitted_at)
        last = items[-1]
        score = 0.0 if last.skipped else last.score
        stats[key] = QuestionStats(seen=len(items), last_score=score)
    return stats
