"""The end of a session: per question score, time and missed key points; weak topics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interview_cli.planning.questions import PlannedQuestion
from interview_cli.scheduling import question_key
from interview_cli.scoring.base import FLAG_NO_MODEL
from interview_cli.scoring.display import round_score
from interview_cli.store.models import Attempt
from interview_cli.store.pending import is_pending

WEAK_TOPIC_BELOW = 7.0


@dataclass(frozen=True)
class QuestionSummary:
    number: int
    planned: PlannedQuestion
    attempts: tuple[Attempt, ...]  # answer, retries and follow-ups, in the order given
    main: Attempt | None  # the latest answer or retry: what the question's score is
    first_score: float | None
    score: float | None
    missed: tuple[str, ...]
    pending: bool  # answered but not scored yet
    failed: str | None  # why scoring failed, if it did
    no_model: bool  # scored by the rubric matcher alone

    @property
    def skipped(self) -> bool:
        return self.main is not None and self.main.skipped

    @property
    def follow_ups(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.attempts if a.kind == "follow_up")

    @property
    def retries(self) -> int:
        return sum(1 for a in self.attempts if a.kind == "retry")


@dataclass(frozen=True)
class TopicSummary:
    topic: str
    average: float  # a skipped question counts as 0; rounded as shown (scoring.display)
    questions: int
    missed: int  # key points missed across the topic's questions


@dataclass(frozen=True)
class SessionSummary:
    questions: tuple[QuestionSummary, ...]
    average: float | None  # over scored, not skipped questions; rounded as shown
    answered: int
    skipped: int
    pending: int
    weak_topics: tuple[TopicSummary, ...]
    no_model: bool  # some score came from the rubric matcher alone


def _missed(attempt: Attempt) -> tuple[str, ...]:
    points = attempt.score_details.get("key_points") or []
    return tuple(
        str(p.get("key_point"))
        for p in points
        if isinstance(p, dict) and p.get("verdict") in ("missing", "contradicted")
    )


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items)


def summarise(plan: Sequence[PlannedQuestion], attempts: Sequence[Attempt]) -> SessionSummary:
    """Per question: score, time and missed key points; overall: average and weak topics."""
    rows: list[QuestionSummary] = []
    for number, planned in enumerate(plan, 1):
        mine = [a for a in attempts if question_key(a.bank_id, a.question_id) == planned.key]
        if not mine:
            continue
        mine.sort(key=lambda a: a.submitted_at)
        mains = [
            a
            for a in mine
            if a.kind in ("answer", "retry") and a.question_text == planned.question.question
        ]
        if not mains:
            mains = [a for a in mine if a.kind == "answer"]
        main = mains[-1] if mains else None
        first = mains[0] if mains else None
        scored = [a for a in mains if a.score is not None]
        error = main.score_details.get("error") if main is not None else None
        failed = str(error) if error else None
        rows.append(
            QuestionSummary(
                number=number,
                planned=planned,
                attempts=tuple(mine),
                main=main,
                first_score=first.score if first else None,
                score=main.score if main else None,
                missed=_missed(main) if main is not None else (),
                pending=main is not None and is_pending(main),
                failed=failed,
                no_model=any(FLAG_NO_MODEL in (a.score_details.get("flags") or ()) for a in scored),
            )
        )
    scored_rows = [r for r in rows if r.score is not None and not r.skipped]
    average = _mean(r.score for r in scored_rows if r.score is not None) if scored_rows else None
    topics: dict[str, list[QuestionSummary]] = {}
    for row in rows:
        if row.skipped or row.score is not None:
            topics.setdefault(row.planned.question.topic, []).append(row)
    weak = []
    for topic, items in topics.items():
        values = [0.0 if r.skipped else float(r.score or 0.0) for r in items]
        mean = _mean(values)
        missed = sum(len(r.missed) for r in items)
        if mean < WEAK_TOPIC_BELOW or any(r.skipped for r in items):
            weak.append(TopicSummary(topic, round_score(mean), len(items), missed))
    weak.sort(key=lambda t: (t.average, -t.missed, t.topic))
    return SessionSummary(
        questions=tuple(rows),
        average=None if average is None else round_score(average),
        answered=sum(1 for r in rows if not r.skipped),
        skipped=sum(1 for r in rows if r.skipped),
        pending=sum(1 for r in rows if r.pending),
        weak_topics=tuple(weak),
        no_model=any(r.no_model for r in rows),
    )
