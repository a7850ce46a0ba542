"""The practice state machine: ask -> time -> submit -> score -> next, with nothing lost."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from interview_cli.planning.picking import Filters, NoQuestionsError, SessionOptions
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.scheduling import (
    OVERRIDE_KEY,
    RatingName,
    attempt_rating,
    counts_as_review,
    details_with_override,
    normalise_rating,
    question_key,
)
from interview_cli.scoring.base import ScoreResult, ScoringRequest
from interview_cli.session.clock import Stopwatch
from interview_cli.session.resume import Interrupted, this_host
from interview_cli.session.summary import SessionSummary, summarise
from interview_cli.store.models import Attempt, AttemptKind, Session, new_id, now_iso
from interview_cli.store.pending import waiting_for_score

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.session.recording import Recorder
    from interview_cli.store.drafts import Draft

Phase = Literal["ready", "asking", "review", "finished"]

UNSCORABLE_FOLLOW_UP = "a follow-up has no rubric to score it against"


def quick_missed(planned: PlannedQuestion, answer: str) -> list[str]:
    """Key points the rubric matcher does not find covered in ``answer`` (instant, no model)."""
    from interview_cli.scoring.pipeline import RubricScorer

    question = planned.question
    if not question.key_points:
        return []
    result = RubricScorer().score(
        ScoringRequest(
            question=question.question,
            answer=answer,
            key_points=question.key_points,
            language=planned.language,
        )
    )
    return [k.key_point for k in result.key_points if k.verdict != "covered"]


def scoring_request_for(attempt: Attempt, planned: PlannedQuestion | None) -> ScoringRequest | None:
    """What to send the scorer for an attempt at ``planned``; None when there is nothing to
    score against.

    A follow-up (and a retry of one) asks something the bank has no rubric for: it is kept,
    but not scored against the main question's key points, which would be unfair to it.
    """
    if planned is None or attempt.question_text != planned.question.question:
        return None
    question = planned.question
    if not question.key_points and not question.model_answer:
        return None
    return ScoringRequest(
        question=attempt.question_text,
        answer=attempt.answer,
        key_points=question.key_points,
        reference=question.model_answer,
        language=planned.language,
        follow_ups=question.follow_ups,
    )


def _keeping_rating(attempt: Attempt, details: Mapping[str, Any]) -> dict[str, Any]:
    """New score details for ``attempt`` that keep a review rating the person set by hand."""
    return details_with_override(details, normalise_rating(attempt.score_details.get(OVERRIDE_KEY)))


def score_changes(
    attempt: Attempt, result: ScoreResult, planned: PlannedQuestion | None
) -> dict[str, Any]:
    """The fields a score sets on an attempt; a review rating set by hand is kept."""
    details = result.to_dict()
    if planned is not None and planned.question.key_points_source == "generated":
        details["key_points_source"] = "generated"  # a model wrote them: unverified
    return {
        "score": round(float(result.score), 2),
        "score_details": _keeping_rating(attempt, details),
        "scorer": result.scorer,
    }


def error_changes(attempt: Attempt, message: str) -> dict[str, Any]:
    """The fields a failed scoring sets (the answer stays, and can be scored again)."""
    return {"score_details": _keeping_rating(attempt, {"error": message})}


def unscored_changes(attempt: Attempt, reason: str = UNSCORABLE_FOLLOW_UP) -> dict[str, Any]:
    """The fields that keep an attempt without a score for good, saying why (not queued again)."""
    return {"score_details": _keeping_rating(attempt, {"unscored": reason})}


@dataclass
class Turn:
    """One thing being answered: a question, a follow-up to it, or a retry."""

    planned: PlannedQuestion
    number: int  # 1-based position of the question in the session
    kind: AttemptKind
    prompt: str
    time_limit_s: int | None
    stopwatch: Stopwatch
    parent_id: str | None = None
    attempt_id: str = field(default_factory=new_id)
    started_at: str = field(default_factory=now_iso)
    hints: list[str] = field(default_factory=list)
    overtime: bool = False
    text: str = ""  # the answer as last reported by the front end
    reason: str | None = None  # why this follow-up is asked (mock interviews say so)

    @property
    def available_hints(self) -> tuple[str, ...]:
        # a follow-up asks something the rubric does not cover: no hints to give
        return () if self.kind == "follow_up" else self.planned.question.key_points


class PracticeSession:
    """pick -> ask -> time -> submit -> score -> record -> next, with nothing lost on the way.

    Front ends call the methods below from one thread. Scoring is theirs to schedule (it is
    slow): they take ``scoring_request`` and hand the result back to ``record_score``.
    """

    def __init__(
        self,
        stored: Session,
        plan: Sequence[PlannedQuestion],
        recorder: Recorder,
        options: SessionOptions,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not plan:
            raise NoQuestionsError("a session needs at least one question")
        self.stored = stored  # the session as the history keeps it: id, status, settings
        self.plan = list(plan)
        self.recorder = recorder
        self.options = options
        self.clock = clock
        self.index = 0
        self.phase: Phase = "ready"
        self.turn: Turn | None = None
        # the one source of truth: scores, errors and ratings are read from these attempts
        self.attempts: dict[str, Attempt] = {}
        self._draft_seq = 0
        self._saved_text: str | None = None
        self._pending_draft: Draft | None = None  # restored on resume, applied by ask()

    # -- creating ------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        plan: Sequence[PlannedQuestion],
        recorder: Recorder,
        options: SessionOptions,
        filters: Filters | None = None,
        extra_settings: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> PracticeSession:
        """A new session, recorded at once as active (so a crash can be resumed)."""
        settings: dict[str, Any] = {
            **options.to_dict(),
            **(extra_settings or {}),
            "filters": (filters or Filters()).to_dict(),
            "pid": os.getpid(),
            "host": this_host(),
        }
        stored = Session(
            mode=options.mode,
            bank_ids=tuple(dict.fromkeys(p.bank_id for p in plan)),
            settings=settings,
            question_keys=tuple(p.key for p in plan),
        )
        recorder.add_session(stored)
        return cls(stored, plan, recorder, options, clock)

    @classmethod
    def resume(
        cls,
        interrupted: Interrupted,
        banks: Sequence[Bank],
        recorder: Recorder,
        clock: Callable[[], float] = time.monotonic,
    ) -> PracticeSession:
        """Carry on an interrupted session where it stopped, with its draft in place."""
        stored = interrupted.session
        options = SessionOptions.from_dict(stored.settings)
        by_key = {question_key(b.id, q.id): (b, q) for b in banks for q in b.questions}
        plan = [
            PlannedQuestion(b.id, b.language, q, options.limit_for(q))
            for b, q in (by_key[k] for k in stored.question_keys if k in by_key)
        ]
        session = cls(stored, plan, recorder, options, clock)
        for attempt in interrupted.attempts:
            session.attempts[attempt.id] = attempt
        settings = {**stored.settings, "pid": os.getpid(), "host": this_host()}
        session.stored = replace(stored, settings=settings)
        recorder.update_session(stored.id, settings=settings)
        draft = interrupted.draft
        answered = session._answered_keys()
        session.index = next((i for i, p in enumerate(plan) if p.key not in answered), len(plan))
        if draft is not None:
            draft_key = question_key(draft.bank_id, draft.question_id)
            position = next((i for i, p in enumerate(plan) if p.key == draft_key), None)
            if position is not None and (draft.kind != "answer" or draft_key not in answered):
                session.index = position
                session._pending_draft = draft
                session._draft_seq = draft.seq
        if session.index >= len(plan):
            session.phase = "finished"
        return session

    # -- asking --------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.plan)

    @property
    def current(self) -> PlannedQuestion | None:
        return self.plan[self.index] if self.index < len(self.plan) else None

    def ask(self) -> Turn:
        """Start the clock on the current question (or on the restored draft's turn)."""
        planned = self.current
        if planned is None:
            raise RuntimeError("the session has no question left")
        draft, self._pending_draft = self._pending_draft, None
        if draft is not None and question_key(draft.bank_id, draft.question_id) == planned.key:
            turn = Turn(
                planned=planned,
                number=self.index + 1,
                kind=draft.kind,
                prompt=draft.prompt,
                time_limit_s=draft.time_limit_s,
                stopwatch=Stopwatch(self.clock, offset=draft.elapsed_s),
                parent_id=draft.parent_id,
                attempt_id=draft.attempt_id,
                started_at=draft.started_at,
                hints=list(planned.question.key_points[: draft.hints_used])
                if draft.kind != "follow_up"
                else [],
                overtime=draft.overtime,
                text=draft.text,
                reason=draft.reason,
            )
        else:
            turn = self._new_turn(planned, "answer", planned.question.question, None)
        return self._begin(turn)

    def _new_turn(
        self, planned: PlannedQuestion, kind: AttemptKind, prompt: str, parent_id: str | None
    ) -> Turn:
        return Turn(
            planned=planned,
            number=self.index + 1,
            kind=kind,
            prompt=prompt,
            time_limit_s=planned.time_limit_s,
            stopwatch=Stopwatch(self.clock),
            parent_id=parent_id,
        )

    def _begin(self, turn: Turn) -> Turn:
        self.turn = turn
        self.phase = "asking"
        self._saved_text = turn.text
        turn.stopwatch.start()
        return turn

    def _asking(self) -> Turn:
        if self.turn is None or self.phase != "asking":
            raise RuntimeError("no question is being asked")
        return self.turn

    def elapsed(self) -> float:
        return self.turn.stopwatch.elapsed() if self.turn else 0.0

    def remaining(self) -> float | None:
        """Seconds left (negative once over), None when the question has no limit."""
        if self.turn is None or self.turn.time_limit_s is None:
            return None
        return self.turn.time_limit_s - self.elapsed()

    @property
    def paused(self) -> bool:
        return self.turn is not None and self.phase == "asking" and not self.turn.stopwatch.running

    def pause(self, text: str | None = None) -> None:
        """Stop the clock and save the draft."""
        turn = self._asking()
        turn.stopwatch.pause()
        self.save_draft(text, force=True)

    def unpause(self) -> None:
        self._asking().stopwatch.start()

    def reveal_hint(self) -> str | None:
        """The next key point, counted against the attempt; None when there is none left."""
        turn = self._asking()
        remaining = turn.available_hints[len(turn.hints) :]
        if not remaining:
            return None
        turn.hints.append(remaining[0])
        return remaining[0]

    def time_up(self, text: str) -> Attempt | None:
        """The limit was reached: submit as overtime, or keep writing (overtime recorded)."""
        turn = self._asking()
        turn.overtime = True
        if self.options.overtime == "keep_writing":
            self.save_draft(text, force=True)
            return None
        return self.submit(text)

    # -- drafts --------------------------------------------------------------------------------

    def draft(self, text: str | None = None) -> Draft | None:
        """The draft of the current turn, or None when nothing is being asked."""
        from interview_cli.store.drafts import Draft

        if self.turn is None or self.phase != "asking":
            return None
        turn = self.turn
        if text is not None:
            turn.text = text
        self._draft_seq += 1
        return Draft(
            session_id=self.stored.id,
            attempt_id=turn.attempt_id,
            bank_id=turn.planned.bank_id,
            question_id=turn.planned.question.id,
            prompt=turn.prompt,
            text=turn.text,
            kind=turn.kind,
            parent_id=turn.parent_id,
            elapsed_s=round(turn.stopwatch.elapsed(), 2),
            time_limit_s=turn.time_limit_s,
            hints_used=len(turn.hints),
            overtime=turn.overtime,
            reason=turn.reason,
            started_at=turn.started_at,
            seq=self._draft_seq,
        )

    def save_draft(self, text: str | None = None, force: bool = False) -> bool:
        """Save the answer typed so far; without ``force`` only when it changed since last time."""
        if self.turn is None or self.phase != "asking":
            return False
        if text is not None:
            self.turn.text = text
        if not force and self.turn.text == self._saved_text:
            return False
        draft = self.draft()
        if draft is None:
            return False
        self.recorder.save_draft(draft)
        self._saved_text = draft.text
        return True

    # -- answering -----------------------------------------------------------------------------

    def _close_turn(self, turn: Turn, answer: str, skipped: bool) -> Attempt:
        turn.stopwatch.pause()
        elapsed = turn.stopwatch.elapsed()
        limit = turn.time_limit_s
        attempt = Attempt(
            id=turn.attempt_id,
            session_id=self.stored.id,
            bank_id=turn.planned.bank_id,
            question_id=turn.planned.question.id,
            question_text=turn.prompt,
            answer=answer,
            topic=turn.planned.question.topic,
            kind=turn.kind,
            parent_id=turn.parent_id,
            started_at=turn.started_at,
            submitted_at=now_iso(),
            time_taken_s=round(elapsed, 1),
            time_limit_s=limit,
            overtime=turn.overtime or (limit is not None and elapsed > limit),
            hints_used=len(turn.hints),
            skipped=skipped,
            asked_because=turn.reason,
        )
        self.attempts[attempt.id] = attempt
        self.recorder.add_attempt(attempt)
        self.recorder.delete_draft(self.stored.id, attempt.id)
        turn.text = answer
        self._saved_text = None
        self.phase = "review"
        return attempt

    def submit(self, answer: str) -> Attempt:
        """Record the answer (unscored for now) and move to review."""
        return self._close_turn(self._asking(), answer, skipped=False)

    def skip(self, answer: str = "") -> Attempt:
        """Record that the question was skipped (with whatever was written)."""
        return self._close_turn(self._asking(), answer, skipped=True)

    # -- scoring -------------------------------------------------------------------------------

    def scoring_request(self, attempt_id: str) -> ScoringRequest | None:
        """What to send the scorer; None when there is nothing to score against."""
        attempt = self.attempts[attempt_id]
        return scoring_request_for(attempt, self.planned_for(attempt))

    def mark_unscored(self, attempt_id: str, reason: str) -> None:
        """Keep the attempt without a score, and say why (so it is not queued again)."""
        self._change(attempt_id, unscored_changes(self.attempts[attempt_id], reason))

    def record_score(self, attempt_id: str, result: ScoreResult) -> Attempt:
        attempt = self.attempts[attempt_id]
        return self._change(attempt_id, score_changes(attempt, result, self.planned_for(attempt)))

    def record_score_error(self, attempt_id: str, message: str) -> None:
        """Scoring failed: say so on the attempt, which keeps its answer and can be rescored."""
        self._change(attempt_id, error_changes(self.attempts[attempt_id], message))

    def _change(self, attempt_id: str, changes: Mapping[str, Any]) -> Attempt:
        """Set ``changes`` on the attempt, here and in the history."""
        attempt = replace(self.attempts[attempt_id], **changes)
        self.attempts[attempt_id] = attempt
        self.recorder.update_attempt(attempt_id, **changes)
        return attempt

    def result_for(self, attempt_id: str) -> ScoreResult | None:
        """The score the attempt was given, with its key points and feedback; None until then,
        and for an attempt this session does not hold."""
        attempt = self.attempts.get(attempt_id)
        if attempt is None or attempt.score is None:
            return None
        try:
            return ScoreResult.from_dict(attempt.score_details)
        except (KeyError, TypeError, ValueError):
            return None  # scored by a version that kept other details: the score alone remains

    def error_for(self, attempt_id: str) -> str | None:
        """Why scoring the attempt failed, if it did (it can be scored again)."""
        attempt = self.attempts.get(attempt_id)
        error = None if attempt is None else attempt.score_details.get("error")
        return None if error is None else str(error)

    def unscored_reason(self, attempt_id: str) -> str | None:
        """Why the attempt is kept without a score (see ``mark_unscored``), if it is."""
        attempt = self.attempts.get(attempt_id)
        reason = None if attempt is None else attempt.score_details.get("unscored")
        return None if reason is None else str(reason)

    def _rating_set(self, attempt_id: str) -> RatingName | None:
        """The review rating the person set by hand on this attempt, if any."""
        return normalise_rating(self.attempts[attempt_id].score_details.get(OVERRIDE_KEY))

    def rating_for(self, attempt_id: str) -> tuple[RatingName | None, bool]:
        """The review rating this attempt gives its question, and whether the person set it."""
        rating = self._rating_set(attempt_id)
        if rating is not None:
            return rating, True
        return attempt_rating(self.attempts[attempt_id]), False

    def set_rating(self, attempt_id: str, rating: RatingName | None) -> Attempt:
        """Override the review rating derived from the score (None goes back to the score's).

        Only a first answer tests recall, so only it can be rated; the override is kept on the
        attempt's score details, where the review schedule reads it.
        """
        attempt = self.attempts[attempt_id]
        if not counts_as_review(attempt):
            raise ValueError(f"a {attempt.kind.replace('_', '-')} is not rated for review")
        details = details_with_override(attempt.score_details, rating)
        attempt = replace(attempt, score_details=details)
        self.attempts[attempt_id] = attempt
        self.recorder.update_attempt(attempt_id, score_details=details)
        return attempt

    def unscored(self, include_failed: bool = False) -> list[Attempt]:
        """Answers of this session still waiting for a score (after a crash, say)."""
        return waiting_for_score(self.attempts.values(), include_failed)

    # -- after the answer ----------------------------------------------------------------------

    def planned_for(self, attempt: Attempt) -> PlannedQuestion | None:
        key = question_key(attempt.bank_id, attempt.question_id)
        return next((p for p in self.plan if p.key == key), None)

    def root_of(self, attempt_id: str) -> Attempt:
        """The main answer a follow-up or retry belongs to."""
        attempt = self.attempts[attempt_id]
        seen = {attempt.id}
        while attempt.kind != "answer" and attempt.parent_id in self.attempts:
            attempt = self.attempts[attempt.parent_id]
            if attempt.id in seen:
                break
            seen.add(attempt.id)
        return attempt

    def follow_ups_asked(self, attempt_id: str) -> list[Attempt]:
        root = self.root_of(attempt_id)
        return [
            a for a in self.attempts.values() if a.kind == "follow_up" and a.parent_id == root.id
        ]

    def follow_up_for(self, attempt_id: str) -> str | None:
        """The follow-up to offer after this attempt: the scorer's own, else the bank's next."""
        attempt = self.attempts[attempt_id]
        if attempt.skipped:
            return None
        asked = self.follow_ups_asked(attempt_id)
        if len(asked) >= self.options.max_follow_ups:
            return None
        asked_texts = {a.question_text for a in asked}
        result = self.result_for(attempt_id)
        if result is not None and result.follow_up and result.follow_up not in asked_texts:
            return result.follow_up
        planned = self.planned_for(attempt)
        if planned is None:
            return None
        return next((f for f in planned.question.follow_ups if f not in asked_texts), None)

    @property
    def mock(self) -> bool:
        return self.options.mode == "mock"

    def mock_follow_up(self, attempt_id: str) -> tuple[str, str] | None:
        """In a mock interview, the follow-up to ask right after this answer, and why; None
        when the answers so far cover every key point, or the question has no follow-up left.

        Decided at once with the rubric matcher (the model scores in the background, for the
        feedback at the end): an interviewer does not make the candidate wait.
        """
        attempt = self.attempts[attempt_id]
        if attempt.skipped:
            return None
        root = self.root_of(attempt_id)
        planned = self.planned_for(root)
        if planned is None or not planned.question.key_points:
            return None
        asked = self.follow_ups_asked(root.id)
        if len(asked) >= self.options.max_follow_ups:
            return None
        said = "\n".join([root.answer, *(a.answer for a in asked)])
        missed = quick_missed(planned, said)
        if not missed:
            return None
        from interview_cli.scoring.feedback import follow_up_reason, pick_follow_up

        asked_texts = {a.question_text for a in asked}
        left = [f for f in planned.question.follow_ups if f not in asked_texts]
        prompt = pick_follow_up(left, missed)
        if prompt is None:
            return None
        reason = follow_up_reason(len(missed), len(planned.question.key_points), planned.language)
        return prompt, reason

    def start_follow_up(
        self, attempt_id: str, prompt: str | None = None, reason: str | None = None
    ) -> Turn:
        """Ask a follow-up to ``attempt_id``; it is recorded as its own attempt, linked to it."""
        if self.phase != "review":
            raise RuntimeError("a follow-up comes after an answer")
        text = prompt or self.follow_up_for(attempt_id)
        if not text:
            raise RuntimeError("no follow-up question left for this answer")
        root = self.root_of(attempt_id)
        planned = self.planned_for(root) or self.plan[self.index]
        turn = self._new_turn(planned, "follow_up", text, root.id)
        turn.reason = reason
        return self._begin(turn)

    def start_retry(self, attempt_id: str) -> Turn:
        """Answer the same question again; the earlier attempt is kept."""
        if self.phase != "review":
            raise RuntimeError("a retry comes after an answer")
        attempt = self.attempts[attempt_id]
        planned = self.planned_for(attempt) or self.plan[self.index]
        return self._begin(self._new_turn(planned, "retry", attempt.question_text, attempt.id))

    def advance(self) -> Turn | None:
        """The next question, or None (and the session finished) when there is none."""
        if self.phase == "asking":
            raise RuntimeError("submit or skip the current question first")
        self.index += 1
        self.turn = None
        if self.index >= len(self.plan):
            self.finish()
            return None
        return self.ask()

    def finish(self) -> None:
        if self.stored.status == "finished":
            self.phase = "finished"
            return
        self.phase = "finished"
        self.turn = None
        finished_at = now_iso()
        self.stored = replace(self.stored, status="finished", finished_at=finished_at)
        self.recorder.update_session(self.stored.id, status="finished", finished_at=finished_at)
        self.recorder.delete_draft(self.stored.id)

    def suspend(self, text: str | None = None) -> bool:
        """Leaving mid-session: save the draft and keep the session open to resume.

        Returns True when there was something left to resume; a session with every question
        answered is simply finished, and one left before anything was typed is abandoned.
        """
        if self.phase == "finished":
            return False
        nothing_typed = self.turn is None or not (text if text is not None else self.turn.text)
        if not self.attempts and nothing_typed:
            self.abandon()  # left before answering or typing anything: nothing to resume
            return False
        if self.phase == "asking":
            if self.turn is not None:
                self.turn.stopwatch.pause()
            self.save_draft(text, force=True)
            return True
        answered = self._answered_keys()
        if all(p.key in answered for p in self.plan):
            self.finish()
            return False
        return True

    def abandon(self) -> None:
        self.phase = "finished"
        self.stored = replace(self.stored, status="abandoned")
        self.recorder.update_session(self.stored.id, status="abandoned")
        self.recorder.delete_draft(self.stored.id)

    def _answered_keys(self) -> set[str]:
        return {
            question_key(a.bank_id, a.question_id)
            for a in self.attempts.values()
            if a.kind == "answer"
        }

    # -- the end -------------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        return summarise(self.plan, list(self.attempts.values()))
