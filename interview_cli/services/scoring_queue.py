"""Answers waiting to be scored: the queue, the worker loop, each attempt's state, streamed text.

The loop runs wherever its owner puts it (a Textual thread worker, or the calling thread of a
command) and reports through plain callbacks. Everything that touches the session (state,
results) runs on the owner's side, in the thread that owns the session.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from interview_cli.session.practice import UNSCORABLE_FOLLOW_UP

if TYPE_CHECKING:
    from interview_cli.scoring.base import Scorer, ScoreResult, ScoringRequest
    from interview_cli.session.practice import PracticeSession

ScoringState = Literal["done", "failed", "unscored", "scoring", "waiting", "queued"]

# how often a waiting loop looks whether it was cancelled
POLL_S = 0.2


class ScoringAborted(Exception):
    """Raised from a text callback to stop the scorer mid-answer (its owner is gone)."""


@dataclass(frozen=True)
class ScoringCallbacks:
    """What the loop reports, from the loop's thread: pass each on to the session's owner.

    What a callback returns is ignored.
    """

    started: Callable[[str], object]  # attempt id
    text: Callable[[str, str], object]  # attempt id, chunk of feedback; may raise ScoringAborted
    ready: Callable[[str, ScoreResult], object]
    failed: Callable[[str, str], object]  # attempt id, error


@dataclass(frozen=True)
class _Job:
    attempt_id: str
    request: ScoringRequest


class ScoringQueue:
    """Scores answers one at a time, in the order they came, once a scorer is there."""

    def __init__(self, scorer: Scorer | None = None) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._earlier: queue.Queue[_Job] = queue.Queue()  # answers of past sessions: last
        self._scorer = scorer
        self._scorer_ready = threading.Event()
        if scorer is not None:
            self._scorer_ready.set()
        self.scoring_now: str | None = None
        self._streamed: dict[str, str] = {}

    # -- the owner's side ----------------------------------------------------------------------

    @property
    def scorer(self) -> Scorer | None:
        return self._scorer

    def provide(self, scorer: Scorer) -> None:
        """The scorer is loaded: waiting answers are scored from now on."""
        self._scorer = scorer
        self._scorer_ready.set()

    def submit(self, session: PracticeSession, attempt_id: str) -> bool:
        """Queue an attempt; False when it cannot be scored (it is marked unscored at once)."""
        request = session.scoring_request(attempt_id)
        if request is None:
            session.mark_unscored(attempt_id, UNSCORABLE_FOLLOW_UP)
            return False
        self._jobs.put(_Job(attempt_id, request))
        return True

    def submit_earlier(self, attempt_id: str, request: ScoringRequest) -> None:
        """Queue an answer of an earlier session; this session's answers always go first."""
        self._earlier.put(_Job(attempt_id, request))

    def stop(self) -> None:
        """The loop returns once it reaches this point of the queue."""
        self._jobs.put(None)

    def state(self, session: PracticeSession | None, attempt_id: str) -> ScoringState:
        """done | failed | unscored | scoring | waiting (for the model) | queued."""
        if session is not None and session.result_for(attempt_id) is not None:
            return "done"
        if session is not None and session.error_for(attempt_id) is not None:
            return "failed"
        if session is not None and session.unscored_reason(attempt_id) is not None:
            return "unscored"
        if attempt_id == self.scoring_now:
            return "scoring"
        return "queued" if self._scorer_ready.is_set() else "waiting"

    def streamed(self, attempt_id: str) -> str:
        """The feedback text streamed so far for an attempt."""
        return self._streamed.get(attempt_id, "")

    def begin(self, attempt_id: str) -> None:
        """The loop reported that it started on this attempt."""
        self.scoring_now = attempt_id

    def add_text(self, attempt_id: str, chunk: str) -> None:
        self._streamed[attempt_id] = self._streamed.get(attempt_id, "") + chunk

    def record_result(
        self, session: PracticeSession | None, attempt_id: str, result: ScoreResult
    ) -> None:
        """The loop reported a score: the session records it (if the attempt is still its own)."""
        if self.scoring_now == attempt_id:
            self.scoring_now = None
        if session is not None and attempt_id in session.attempts:
            session.record_score(attempt_id, result)

    def record_failure(self, session: PracticeSession | None, attempt_id: str, error: str) -> None:
        if self.scoring_now == attempt_id:
            self.scoring_now = None
        if session is not None and attempt_id in session.attempts:
            session.record_score_error(attempt_id, error)

    # -- the loop's side -----------------------------------------------------------------------

    def run(self, report: ScoringCallbacks, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Score queued answers until stopped, cancelled or aborted from the text callback."""
        while not cancelled():
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                try:
                    job = self._earlier.get_nowait()
                except queue.Empty:
                    try:
                        job = self._jobs.get(timeout=POLL_S)
                    except queue.Empty:
                        continue
            if job is None:
                return
            while not self._scorer_ready.wait(POLL_S):
                if cancelled():
                    return
            scorer = self._scorer
            assert scorer is not None  # the event is set only with a scorer
            report.started(job.attempt_id)

            def on_text(chunk: str, attempt_id: str = job.attempt_id) -> None:
                if cancelled():
                    raise ScoringAborted
                report.text(attempt_id, chunk)

            try:
                result = scorer.score(job.request, on_text=on_text)
            except ScoringAborted:
                return
            except Exception as exc:  # one bad answer must not stop the others being scored
                report.failed(job.attempt_id, f"{type(exc).__name__}: {exc}")
                continue
            report.ready(job.attempt_id, result)
