"""Headless practice session: pick questions, time and record attempts, resume after a crash."""

from __future__ import annotations

import os
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from interview_cli.scheduling import (
    OVERRIDE_KEY,
    RatingName,
    attempt_rating,
    counts_as_review,
    details_with_override,
    normalise_rating,
    question_key,
)
from interview_cli.scoring.base import FLAG_NO_MODEL, ScoreResult, ScoringRequest
from interview_cli.store.models import Attempt, AttemptKind, Session, new_id, now_iso

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank, Question
    from interview_cli.config import Settings
    from interview_cli.store.db import HistoryStore
    from interview_cli.store.drafts import Draft

Phase = Literal["ready", "asking", "review", "finished"]
SessionMode = Literal["practice", "mock"]
MODES: tuple[SessionMode, ...] = ("practice", "mock")
OvertimePolicy = Literal["submit", "keep_writing"]

UNSCORED_PRIORITY = 5.0  # an attempt that was never scored sorts as a middling one
WEAK_TOPIC_BELOW = 7.0


class NoQuestionsError(Exception):
    """No question matches the filters; the message names them."""


class UnknownBankError(Exception):
    """A bank id that no loaded bank has; the message lists the ones there are."""


# -- picking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which questions a session may ask. Empty means no restriction."""

    bank_ids: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    difficulty: int | None = None
    language: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.bank_ids:
            parts.append(
                ("bank " if len(self.bank_ids) == 1 else "banks ") + ", ".join(self.bank_ids)
            )
        if self.topics:
            parts.append(
                ("topic " if len(self.topics) == 1 else "topics ") + ", ".join(self.topics)
            )
        if self.difficulty is not None:
            parts.append(f"difficulty {self.difficulty}")
        if self.language:
            parts.append(f"language {self.language}")
        return "; ".join(parts) if parts else "no filters"

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_ids": list(self.bank_ids),
            "topics": list(self.topics),
            "difficulty": self.difficulty,
            "language": self.language,
        }


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
class SessionOptions:
    """The settings the session logic needs (the front end reads the rest)."""

    time_limit_s: int | None = 120
    # True when the person chose the limit (file, environment or flag): it then beats the
    # bank's own per-question limit, so `--time-limit 30` really means 30 s for every question
    time_limit_overrides: bool = False
    overtime: OvertimePolicy = "submit"
    max_follow_ups: int = 2
    # practice: feedback after every answer. mock: like a real interview, no hints and no
    # feedback until the end; follow-ups come at once when key points were missed
    mode: SessionMode = "practice"

    @classmethod
    def from_settings(cls, settings: Settings, mode: SessionMode = "practice") -> SessionOptions:
        return cls(
            time_limit_s=settings.time_limit_s,
            time_limit_overrides=settings.sources.get("time_limit_s", "default") != "default",
            overtime=settings.overtime,
            max_follow_ups=settings.max_follow_ups,
            mode=mode,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionOptions:
        overtime = data.get("overtime", "submit")
        limit = data.get("time_limit_s", 120)
        return cls(
            time_limit_s=int(limit) if isinstance(limit, int | float) else None,
            time_limit_overrides=bool(data.get("time_limit_overrides", False)),
            overtime="keep_writing" if overtime == "keep_writing" else "submit",
            max_follow_ups=int(data.get("max_follow_ups", 2)),
            mode="mock" if data.get("mode") == "mock" else "practice",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "time_limit_s": self.time_limit_s,
            "time_limit_overrides": self.time_limit_overrides,
            "overtime": self.overtime,
            "max_follow_ups": self.max_follow_ups,
            "mode": self.mode,
        }

    def limit_for(self, question: Question) -> int | None:
        if self.time_limit_overrides or question.time_limit_s is None:
            return self.time_limit_s
        return question.time_limit_s


def select_banks(banks: Sequence[Bank], bank_ids: Sequence[str]) -> list[Bank]:
    """The banks named (all when none is); UnknownBankError for an id nobody has."""
    if not bank_ids:
        return list(banks)
    by_id = {b.id: b for b in banks}
    unknown = [b for b in bank_ids if b not in by_id]
    if unknown:
        known = ", ".join(sorted(by_id)) or "none"
        names = ", ".join(repr(u) for u in unknown)
        raise UnknownBankError(f"no bank with id {names} (available: {known})")
    return [by_id[b] for b in dict.fromkeys(bank_ids)]


def matching_questions(
    banks: Sequence[Bank], filters: Filters, options: SessionOptions | None = None
) -> list[PlannedQuestion]:
    """Every question that passes the filters, in bank order."""
    opts = options or SessionOptions()
    topics = {t.lower() for t in filters.topics}
    out: list[PlannedQuestion] = []
    for bank in select_banks(banks, filters.bank_ids):
        if filters.language and bank.language != filters.language:
            continue
        named = bank.id in filters.bank_ids
        for q in bank.questions:
            if q.topic == "resume" and q.key_points_source == "generated" and not named:
                continue  # questions a model wrote about your résumé: asked when you ask
            if (
                topics
                and q.topic.lower() not in topics
                and not topics & {t.lower() for t in q.tags}
            ):
                continue
            if filters.difficulty is not None and q.difficulty != filters.difficulty:
                continue
            out.append(PlannedQuestion(bank.id, bank.language, q, opts.limit_for(q)))
    return out


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


def order_questions(
    candidates: Sequence[PlannedQuestion],
    stats: Mapping[str, QuestionStats],
    seed: int | None = None,
    rng: random.Random | None = None,
) -> list[PlannedQuestion]:
    """Never-seen questions first, then the worst scored, then the least seen.

    With ``seed`` the order is a fixed shuffle that ignores history, so the same seed gives the
    same session. Ties in the history order are broken at random so two fresh sessions differ.
    """
    stable = sorted(candidates, key=lambda p: p.key)
    if seed is not None:
        random.Random(seed).shuffle(stable)
        return stable
    chance = rng or random.Random()
    tiebreak = {p.key: chance.random() for p in stable}

    def priority(p: PlannedQuestion) -> tuple[int, float, int, float]:
        st = stats.get(p.key)
        if st is None or st.seen == 0:
            return (0, 0.0, 0, tiebreak[p.key])
        score = UNSCORED_PRIORITY if st.last_score is None else st.last_score
        return (1, score, st.seen, tiebreak[p.key])

    return sorted(stable, key=priority)


def plan_session(
    banks: Sequence[Bank],
    filters: Filters,
    count: int,
    history: Iterable[Attempt] = (),
    seed: int | None = None,
    options: SessionOptions | None = None,
    rng: random.Random | None = None,
) -> list[PlannedQuestion]:
    """The questions to ask, in order; NoQuestionsError naming the filters when none match."""
    candidates = matching_questions(banks, filters, options)
    if not candidates:
        raise NoQuestionsError(f"no question matches {filters.describe()}")
    ordered = order_questions(candidates, history_stats(history), seed=seed, rng=rng)
    return ordered[: max(1, count)]


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


# -- time --------------------------------------------------------------------------------------


class Stopwatch:
    """Elapsed time that stops while paused. The clock is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, offset: float = 0.0) -> None:
        self._clock = clock
        self._banked = offset
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._banked += self._clock() - self._since
            self._since = None

    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + self._clock() - self._since


# -- recording ---------------------------------------------------------------------------------


class Recorder(Protocol):
    """Where a session writes. The store directly, or a background thread in front of it."""

    def add_session(self, session: Session) -> None: ...
    def update_session(self, session_id: str, **changes: Any) -> None: ...
    def add_attempt(self, attempt: Attempt) -> None: ...
    def update_attempt(self, attempt_id: str, **changes: Any) -> None: ...
    def save_draft(self, draft: Draft) -> None: ...
    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None: ...


class StoreRecorder:
    """Writes straight to the history store; each call is one locked transaction."""

    def __init__(self, store: HistoryStore) -> None:
        from interview_cli.store.drafts import DraftRepository

        self.store = store
        self.drafts = DraftRepository(store)

    def add_session(self, session: Session) -> None:
        self.store.sessions.add(session)

    def update_session(self, session_id: str, **changes: Any) -> None:
        self.store.sessions.update(session_id, **changes)

    def add_attempt(self, attempt: Attempt) -> None:
        self.store.attempts.add(attempt)

    def update_attempt(self, attempt_id: str, **changes: Any) -> None:
        self.store.attempts.update(attempt_id, **changes)

    def save_draft(self, draft: Draft) -> None:
        self.drafts.save(draft)

    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None:
        self.drafts.delete(session_id, attempt_id)


_Op = Callable[[Recorder], None]


class BackgroundRecorder:
    """Runs another recorder's writes in order on one thread, so a front end never waits on disk.

    A write that fails is retried (the file may be locked by another copy of the tool); the
    error goes to ``on_error`` so the person hears about it. ``close`` drains what is queued.

    With ``hold_s`` the writes wait until ``release()`` (at most that long): a front end
    releases them once its first screen is drawn, so the writer's imports and file work do not
    compete with that screen for the interpreter. The writes stay queued in order meanwhile.
    """

    def __init__(
        self,
        inner: Recorder,
        on_error: Callable[[Exception], None] | None = None,
        retry_delays: Sequence[float] = (0.2, 0.5, 1.0, 2.0, 5.0),
        hold_s: float = 0.0,
    ) -> None:
        self.inner = inner
        self.on_error = on_error
        self._delays = tuple(retry_delays) or (1.0,)
        self._hold_s = hold_s
        self._go = threading.Event()
        if hold_s <= 0:
            self._go.set()
        self._ops: queue.Queue[_Op | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self.failed: list[Exception] = []  # writes given up on at close

    def _submit(self, op: _Op) -> None:
        with self._lock:
            if self._thread is None:
                # a daemon thread: a crash loses only what was queued, never a half file
                self._thread = threading.Thread(
                    target=self._run, name="interview-recorder", daemon=True
                )
                self._thread.start()
        self._ops.put(op)

    def release(self) -> None:
        """Let held writes go ahead (see ``hold_s``)."""
        self._go.set()

    def _run(self) -> None:
        self._go.wait(self._hold_s)
        while True:
            op = self._ops.get()
            try:
                if op is None:
                    return
                attempt = 0
                while True:
                    try:
                        op(self.inner)
                        break
                    except Exception as exc:  # a write must not kill the writer thread
                        if self.on_error is not None:
                            self.on_error(exc)
                        if self._closing.is_set() and attempt >= 2:
                            self.failed.append(exc)
                            break
                        time.sleep(self._delays[min(attempt, len(self._delays) - 1)])
                        attempt += 1
            finally:
                self._ops.task_done()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is done; False when ``timeout`` ran out first."""
        self.release()
        if self._thread is None:
            return True
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._ops.unfinished_tasks:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self, timeout: float | None = 30.0) -> bool:
        """Finish the queued writes and stop the thread."""
        self._closing.set()
        self.release()
        if self._thread is None:
            return True
        self._ops.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive() and not self.failed

    def add_session(self, session: Session) -> None:
        self._submit(lambda r: r.add_session(session))

    def update_session(self, session_id: str, **changes: Any) -> None:
        self._submit(lambda r: r.update_session(session_id, **changes))

    def add_attempt(self, attempt: Attempt) -> None:
        self._submit(lambda r: r.add_attempt(attempt))

    def update_attempt(self, attempt_id: str, **changes: Any) -> None:
        self._submit(lambda r: r.update_attempt(attempt_id, **changes))

    def save_draft(self, draft: Draft) -> None:
        self._submit(lambda r: r.save_draft(draft))

    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None:
        self._submit(lambda r: r.delete_draft(session_id, attempt_id))


# -- the session -------------------------------------------------------------------------------


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
        record: Session,
        plan: Sequence[PlannedQuestion],
        recorder: Recorder,
        options: SessionOptions,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not plan:
            raise NoQuestionsError("a session needs at least one question")
        self.record = record
        self.plan = list(plan)
        self.recorder = recorder
        self.options = options
        self.clock = clock
        self.index = 0
        self.phase: Phase = "ready"
        self.turn: Turn | None = None
        self.attempts: dict[str, Attempt] = {}
        self.results: dict[str, ScoreResult] = {}
        self.errors: dict[str, str] = {}
        self.unscorable: dict[str, str] = {}
        self.ratings: dict[str, RatingName] = {}  # review ratings the person set by hand
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
            "host": _host(),
        }
        record = Session(
            mode=options.mode,
            bank_ids=tuple(dict.fromkeys(p.bank_id for p in plan)),
            settings=settings,
            question_keys=tuple(p.key for p in plan),
        )
        recorder.add_session(record)
        return cls(record, plan, recorder, options, clock)

    @classmethod
    def resume(
        cls,
        interrupted: Interrupted,
        banks: Sequence[Bank],
        recorder: Recorder,
        clock: Callable[[], float] = time.monotonic,
    ) -> PracticeSession:
        """Carry on an interrupted session where it stopped, with its draft in place."""
        record = interrupted.session
        options = SessionOptions.from_dict(record.settings)
        by_key = {question_key(b.id, q.id): (b, q) for b in banks for q in b.questions}
        plan = [
            PlannedQuestion(b.id, b.language, q, options.limit_for(q))
            for b, q in (by_key[k] for k in record.question_keys if k in by_key)
        ]
        session = cls(record, plan, recorder, options, clock)
        for attempt in interrupted.attempts:
            session.attempts[attempt.id] = attempt
            if "unscored" in attempt.score_details:
                session.unscorable[attempt.id] = str(attempt.score_details["unscored"])
            rating = normalise_rating(attempt.score_details.get(OVERRIDE_KEY))
            if rating is not None:
                session.ratings[attempt.id] = rating
        settings = {**record.settings, "pid": os.getpid(), "host": _host()}
        session.record = replace(record, settings=settings)
        recorder.update_session(record.id, settings=settings)
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
            session_id=self.record.id,
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

    def _record(self, turn: Turn, answer: str, skipped: bool) -> Attempt:
        turn.stopwatch.pause()
        elapsed = turn.stopwatch.elapsed()
        limit = turn.time_limit_s
        attempt = Attempt(
            id=turn.attempt_id,
            session_id=self.record.id,
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
        self.recorder.delete_draft(self.record.id, attempt.id)
        turn.text = answer
        self._saved_text = None
        self.phase = "review"
        return attempt

    def submit(self, answer: str) -> Attempt:
        """Record the answer (unscored for now) and move to review."""
        return self._record(self._asking(), answer, skipped=False)

    def skip(self, answer: str = "") -> Attempt:
        """Record that the question was skipped (with whatever was written)."""
        return self._record(self._asking(), answer, skipped=True)

    # -- scoring -------------------------------------------------------------------------------

    def scoring_request(self, attempt_id: str) -> ScoringRequest | None:
        """What to send the scorer; None when there is nothing to score against.

        A follow-up (and a retry of one) asks something the bank has no rubric for: it is kept,
        but not scored against the main question's key points, which would be unfair to it.
        """
        attempt = self.attempts[attempt_id]
        planned = self.planned_for(attempt)
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

    def mark_unscored(self, attempt_id: str, reason: str) -> None:
        """Keep the attempt without a score, and say why (so it is not queued again)."""
        self.unscorable[attempt_id] = reason
        details = self._with_rating(attempt_id, {"unscored": reason})
        attempt = replace(self.attempts[attempt_id], score_details=details)
        self.attempts[attempt_id] = attempt
        self.recorder.update_attempt(attempt_id, score_details=attempt.score_details)

    def record_score(self, attempt_id: str, result: ScoreResult) -> Attempt:
        details = result.to_dict()
        planned = self.planned_for(self.attempts[attempt_id])
        if planned is not None and planned.question.key_points_source == "generated":
            details["key_points_source"] = "generated"  # a model wrote them: unverified
        attempt = replace(
            self.attempts[attempt_id],
            score=round(float(result.score), 2),
            score_details=self._with_rating(attempt_id, details),
            scorer=result.scorer,
        )
        self.attempts[attempt_id] = attempt
        self.results[attempt_id] = result
        self.errors.pop(attempt_id, None)
        self.recorder.update_attempt(
            attempt_id,
            score=attempt.score,
            score_details=attempt.score_details,
            scorer=result.scorer,
        )
        return attempt

    def record_score_error(self, attempt_id: str, message: str) -> None:
        """Scoring failed: say so on the attempt, which keeps its answer and can be rescored."""
        self.errors[attempt_id] = message
        details = self._with_rating(attempt_id, {"error": message})
        attempt = replace(self.attempts[attempt_id], score_details=details)
        self.attempts[attempt_id] = attempt
        self.recorder.update_attempt(attempt_id, score_details=attempt.score_details)

    def _with_rating(self, attempt_id: str, details: Mapping[str, Any]) -> dict[str, Any]:
        """Score details that keep a rating the person set before the score came in."""
        return details_with_override(details, self.ratings.get(attempt_id))

    def rating_for(self, attempt_id: str) -> tuple[RatingName | None, bool]:
        """The review rating this attempt gives its question, and whether the person set it."""
        if attempt_id in self.ratings:
            return self.ratings[attempt_id], True
        return attempt_rating(self.attempts[attempt_id]), False

    def set_rating(self, attempt_id: str, rating: RatingName | None) -> Attempt:
        """Override the review rating derived from the score (None goes back to the score's).

        Only a first answer tests recall, so only it can be rated; the override is kept on the
        attempt's score details, where the review schedule reads it.
        """
        attempt = self.attempts[attempt_id]
        if not counts_as_review(attempt):
            raise ValueError(f"a {attempt.kind.replace('_', '-')} is not rated for review")
        if rating is None:
            self.ratings.pop(attempt_id, None)
        else:
            self.ratings[attempt_id] = rating
        details = details_with_override(attempt.score_details, rating)
        attempt = replace(attempt, score_details=details)
        self.attempts[attempt_id] = attempt
        self.recorder.update_attempt(attempt_id, score_details=details)
        return attempt

    def unscored(self, include_failed: bool = False) -> list[Attempt]:
        """Answers of this session still waiting for a score (after a crash, say)."""
        return [
            a
            for a in self.attempts.values()
            if a.score is None
            and not a.skipped
            and (include_failed or "error" not in a.score_details)
            and "unscored" not in a.score_details
        ]

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
        result = self.results.get(attempt_id)
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
        from interview_cli.scoring.feedback import pick_follow_up

        asked_texts = {a.question_text for a in asked}
        left = [f for f in planned.question.follow_ups if f not in asked_texts]
        prompt = pick_follow_up(left, missed)
        if prompt is None:
            return None
        total = len(planned.question.key_points)
        korean = planned.language == "ko"
        reason = (
            f"지금까지의 답변이 핵심 포인트 {total}개 중 {len(missed)}개를 충분히 다루지 않아 "
            "묻는 질문입니다."
            if korean
            else f"Asked because your answer so far did not fully cover {len(missed)} of {total} "
            "key points."
        )
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
        if self.record.status == "finished":
            self.phase = "finished"
            return
        self.phase = "finished"
        self.turn = None
        finished_at = now_iso()
        self.record = replace(self.record, status="finished", finished_at=finished_at)
        self.recorder.update_session(self.record.id, status="finished", finished_at=finished_at)
        self.recorder.delete_draft(self.record.id)

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
        self.record = replace(self.record, status="abandoned")
        self.recorder.update_session(self.record.id, status="abandoned")
        self.recorder.delete_draft(self.record.id)

    def _answered_keys(self) -> set[str]:
        return {
            question_key(a.bank_id, a.question_id)
            for a in self.attempts.values()
            if a.kind == "answer"
        }

    # -- the end -------------------------------------------------------------------------------

    def summary(self) -> SessionSummary:
        return summarise(self.plan, list(self.attempts.values()), self.errors)


# -- summary -----------------------------------------------------------------------------------


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
    average: float  # a skipped question counts as 0
    questions: int
    missed: int  # key points missed across the topic's questions


@dataclass(frozen=True)
class SessionSummary:
    questions: tuple[QuestionSummary, ...]
    average: float | None  # over scored, not skipped questions
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


def summarise(
    plan: Sequence[PlannedQuestion],
    attempts: Sequence[Attempt],
    errors: Mapping[str, str] | None = None,
) -> SessionSummary:
    """Per question: score, time and missed key points; overall: average and weak topics."""
    errors = errors or {}
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
        failed = errors.get(main.id) if main else None
        if main is not None and failed is None:
            detail = main.score_details.get("error")
            failed = str(detail) if detail else None
        rows.append(
            QuestionSummary(
                number=number,
                planned=planned,
                attempts=tuple(mine),
                main=main,
                first_score=first.score if first else None,
                score=main.score if main else None,
                missed=_missed(main) if main is not None else (),
                pending=main is not None
                and not main.skipped
                and main.score is None
                and failed is None
                and "unscored" not in main.score_details,
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
            weak.append(TopicSummary(topic, round(mean, 1), len(items), missed))
    weak.sort(key=lambda t: (t.average, -t.missed, t.topic))
    return SessionSummary(
        questions=tuple(rows),
        average=None if average is None else round(average, 1),
        answered=sum(1 for r in rows if not r.skipped),
        skipped=sum(1 for r in rows if r.skipped),
        pending=sum(1 for r in rows if r.pending),
        weak_topics=tuple(weak),
        no_model=any(r.no_model for r in rows),
    )


# -- finding an interrupted session ------------------------------------------------------------


@dataclass(frozen=True)
class Interrupted:
    """A session that stopped before its end (crash, kill, closed terminal, quit mid-way)."""

    session: Session
    attempts: tuple[Attempt, ...]
    draft: Draft | None

    @property
    def answered(self) -> int:
        return len({(a.bank_id, a.question_id) for a in self.attempts if a.kind == "answer"})

    @property
    def total(self) -> int:
        return len(self.session.question_keys)


def _host() -> str:
    import socket  # deferred: only needed once a session starts

    return socket.gethostname()


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items)


def _alive_elsewhere(settings: Mapping[str, Any]) -> bool:
    """Is another running copy of the tool still in this session?"""
    pid = settings.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    if settings.get("host") not in (None, _host()):
        return False  # another machine's process: we cannot tell, so offer it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def load_history(store: HistoryStore) -> tuple[list[Attempt], Interrupted | None]:
    """Every attempt, and the session to offer for resuming: one read of the history file."""
    from interview_cli.store.db import AttemptRepository, SessionRepository
    from interview_cli.store.drafts import Draft, DraftRepository

    tables = store.read_tables(
        SessionRepository.TABLE, AttemptRepository.TABLE, DraftRepository.TABLE
    )
    sessions = [Session.from_doc(d) for d in tables[SessionRepository.TABLE]]
    attempts = [Attempt.from_doc(d) for d in tables[AttemptRepository.TABLE]]
    drafts = [Draft.from_doc(d) for d in tables[DraftRepository.TABLE]]
    sessions.sort(key=lambda s: s.started_at)
    attempts.sort(key=lambda a: a.submitted_at)
    return attempts, _interrupted(sessions, attempts, drafts)


def find_interrupted(store: HistoryStore) -> Interrupted | None:
    """The newest practice session left open with something still to do, if any."""
    return load_history(store)[1]


def _interrupted(
    sessions: Sequence[Session], attempts: Sequence[Attempt], drafts: Sequence[Draft]
) -> Interrupted | None:
    by_session = {d.session_id: d for d in drafts}
    open_sessions = [s for s in sessions if s.status == "active" and s.mode in MODES]
    for session in reversed(open_sessions):
        if _alive_elsewhere(session.settings):
            continue
        mine = tuple(a for a in attempts if a.session_id == session.id)
        draft = by_session.get(session.id)
        if draft is not None and any(a.id == draft.attempt_id for a in mine):
            draft = None  # submitted after this draft was saved
        answered = {question_key(a.bank_id, a.question_id) for a in mine if a.kind == "answer"}
        if draft is None and all(k in answered for k in session.question_keys):
            continue
        return Interrupted(session=session, attempts=mine, draft=draft)
    return None
