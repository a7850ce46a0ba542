"""The scoring queue on its own: no Textual, a fake scorer, the owner's side run by the test."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from interview_cli.planning.picking import Filters, SessionOptions, matching_questions
from interview_cli.scoring.base import ScoreResult
from interview_cli.services.scoring_queue import (
    ScoringAborted,
    ScoringCallbacks,
    ScoringQueue,
    ScoringState,
)
from interview_cli.session.practice import UNSCORABLE_FOLLOW_UP, PracticeSession
from interview_cli.session.recording import StoreRecorder
from tests.support.practice_fakes import EN_ANSWER, FakeClock, FakeScorer, en_bank, store_at


def _session(tmp_path: Path) -> PracticeSession:
    options = SessionOptions()
    plan = matching_questions([en_bank()], Filters(), options)
    return PracticeSession.start(
        plan, StoreRecorder(store_at(tmp_path)), options, clock=FakeClock()
    )


def _answers(session: PracticeSession, *texts: str) -> list[str]:
    """Answer the next questions in turn; their attempt ids."""
    ids = []
    for number, text in enumerate(texts):
        if number:
            session.advance()
        else:
            session.ask()
        ids.append(session.submit(text).id)
    return ids


class Owner:
    """The side that owns the session, run in the loop's thread (as a command would)."""

    def __init__(self, scoring: ScoringQueue, session: PracticeSession) -> None:
        self.scoring = scoring
        self.session = session
        self.events: list[tuple[str, str]] = []
        self.states: list[ScoringState] = []

    def callbacks(self) -> ScoringCallbacks:
        return ScoringCallbacks(self.started, self.text, self.ready, self.failed)

    def started(self, attempt_id: str) -> None:
        self.scoring.begin(attempt_id)
        self.events.append(("started", attempt_id))
        self.states.append(self.scoring.state(self.session, attempt_id))

    def text(self, attempt_id: str, chunk: str) -> None:
        self.scoring.add_text(attempt_id, chunk)
        self.events.append(("text", chunk))

    def ready(self, attempt_id: str, result: ScoreResult) -> None:
        self.scoring.record_result(self.session, attempt_id, result)
        self.events.append(("ready", attempt_id))
        self.states.append(self.scoring.state(self.session, attempt_id))

    def failed(self, attempt_id: str, error: str) -> None:
        self.scoring.record_failure(self.session, attempt_id, error)
        self.events.append(("failed", attempt_id))
        self.states.append(self.scoring.state(self.session, attempt_id))


def test_an_answer_goes_queued_then_scoring_then_done(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (first,) = _answers(session, EN_ANSWER)
    scoring = ScoringQueue(FakeScorer())
    assert scoring.submit(session, first)
    assert scoring.state(session, first) == "queued"
    assert scoring.streamed(first) == ""

    owner = Owner(scoring, session)
    scoring.stop()  # after what is queued: the loop scores it, then returns
    scoring.run(owner.callbacks())

    assert owner.events == [
        ("started", first),
        ("text", "Good "),
        ("text", "structure."),
        ("ready", first),
    ]
    assert owner.states == ["scoring", "done"]
    assert scoring.state(session, first) == "done"
    assert scoring.scoring_now is None
    assert scoring.streamed(first) == "Good structure."
    assert (
        result := session.result_for(first)
    ) is not None and result.feedback == "Good structure."


def test_answers_are_scored_in_the_order_they_came(tmp_path: Path) -> None:
    session = _session(tmp_path)
    ids = _answers(session, EN_ANSWER, "Locks.", "Packets.")
    scorer = FakeScorer(feedback_chunks=())
    scoring = ScoringQueue(scorer)
    for attempt_id in ids:
        scoring.submit(session, attempt_id)
    owner = Owner(scoring, session)
    scoring.stop()
    scoring.run(owner.callbacks())
    assert [a for kind, a in owner.events if kind == "ready"] == ids
    assert scorer.calls == 3
    assert all(scoring.state(session, a) == "done" for a in ids)


def test_a_failure_is_recorded_and_the_next_answer_is_still_scored(tmp_path: Path) -> None:
    session = _session(tmp_path)
    first, second = _answers(session, EN_ANSWER, "Locks.")
    broken = FakeScorer(fail=True)
    scoring = ScoringQueue(broken)
    scoring.submit(session, first)
    scoring.submit(session, second)
    owner = Owner(scoring, session)
    calls = {"failed": 0}

    def failed(attempt_id: str, error: str) -> None:
        calls["failed"] += 1
        broken.fail = False  # the next answer scores
        owner.failed(attempt_id, error)

    scoring.stop()
    scoring.run(ScoringCallbacks(owner.started, owner.text, owner.ready, failed))

    assert calls["failed"] == 1
    assert owner.states == ["scoring", "failed", "scoring", "done"]
    assert session.error_for(first) == "RuntimeError: the scorer broke"
    assert scoring.state(session, first) == "failed"
    assert scoring.state(session, second) == "done"
    assert scoring.scoring_now is None


def test_answers_wait_for_the_model_then_are_scored(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (first,) = _answers(session, EN_ANSWER)
    scoring = ScoringQueue()
    assert scoring.scorer is None
    scoring.submit(session, first)
    assert scoring.state(session, first) == "waiting"

    owner = Owner(scoring, session)
    worker = threading.Thread(target=scoring.run, args=(owner.callbacks(),), daemon=True)
    worker.start()
    worker.join(0.5)
    assert worker.is_alive()  # no scorer yet: nothing happens
    assert owner.events == []
    assert scoring.state(session, first) == "waiting"

    scorer = FakeScorer()
    scoring.provide(scorer)
    assert scoring.scorer is scorer
    scoring.stop()
    worker.join(10)
    assert not worker.is_alive()
    assert owner.states == ["scoring", "done"]


def test_a_follow_up_has_no_rubric_and_is_marked_unscored(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (first,) = _answers(session, EN_ANSWER)
    session.start_follow_up(first, "Why?", "a missed point")
    follow = session.submit("Because.").id
    scoring = ScoringQueue(FakeScorer())
    assert not scoring.submit(session, follow)
    assert scoring.state(session, follow) == "unscored"
    assert session.unscored_reason(follow) == UNSCORABLE_FOLLOW_UP
    scoring.stop()
    owner = Owner(scoring, session)
    scoring.run(owner.callbacks())
    assert owner.events == []  # nothing was queued


def test_stop_ends_the_loop_and_leaves_later_answers_queued(tmp_path: Path) -> None:
    session = _session(tmp_path)
    first, second = _answers(session, EN_ANSWER, "Locks.")
    scoring = ScoringQueue(FakeScorer())
    scoring.submit(session, first)
    scoring.stop()
    scoring.submit(session, second)
    owner = Owner(scoring, session)
    scoring.run(owner.callbacks())
    assert [a for kind, a in owner.events if kind == "ready"] == [first]
    assert scoring.state(session, second) == "queued"


def test_cancelling_ends_a_loop_that_waits_for_work_or_for_the_model(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (first,) = _answers(session, EN_ANSWER)
    cancel = threading.Event()

    idle = ScoringQueue(FakeScorer())
    worker = threading.Thread(
        target=idle.run, args=(Owner(idle, session).callbacks(), cancel.is_set)
    )
    worker.start()
    cancel.set()
    worker.join(5)
    assert not worker.is_alive()

    cancel.clear()
    waiting = ScoringQueue()  # the model never comes
    waiting.submit(session, first)
    owner = Owner(waiting, session)
    worker = threading.Thread(target=waiting.run, args=(owner.callbacks(), cancel.is_set))
    worker.start()
    assert not cancel.wait(0.3)
    cancel.set()
    worker.join(5)
    assert not worker.is_alive()
    assert owner.events == []
    assert waiting.state(session, first) == "waiting"


def test_aborting_from_the_text_callback_stops_scoring_at_once(tmp_path: Path) -> None:
    session = _session(tmp_path)
    first, second = _answers(session, EN_ANSWER, "Locks.")
    scorer = FakeScorer()
    scoring = ScoringQueue(scorer)
    scoring.submit(session, first)
    scoring.submit(session, second)
    owner = Owner(scoring, session)

    def gone(attempt_id: str, chunk: str) -> None:  # the front end closed
        raise ScoringAborted

    scoring.run(ScoringCallbacks(owner.started, gone, owner.ready, owner.failed))
    assert owner.events == [("started", first)]  # no result, no failure, no second answer
    assert scorer.calls == 1
    assert session.result_for(first) is None and session.error_for(first) is None


def test_a_cancel_while_text_streams_aborts_the_answer(tmp_path: Path) -> None:
    session = _session(tmp_path)
    (first,) = _answers(session, EN_ANSWER)
    scoring = ScoringQueue(FakeScorer())
    scoring.submit(session, first)
    owner = Owner(scoring, session)
    cancel = threading.Event()

    def started(attempt_id: str) -> None:
        owner.started(attempt_id)
        cancel.set()  # the worker is cancelled once scoring began

    scoring.run(ScoringCallbacks(started, owner.text, owner.ready, owner.failed), cancel.is_set)
    assert owner.events == [("started", first)]
    assert scoring.streamed(first) == ""


def test_a_result_for_an_attempt_of_another_session_is_not_recorded(tmp_path: Path) -> None:
    session = _session(tmp_path / "one")
    (first,) = _answers(session, EN_ANSWER)
    other = _session(tmp_path / "two")
    scoring = ScoringQueue(FakeScorer())
    scoring.submit(session, first)
    owner = Owner(scoring, other)  # the owner moved on to a new session meanwhile
    scoring.stop()
    scoring.run(owner.callbacks())
    assert owner.events[-1] == ("ready", first)
    assert other.result_for(first) is None and session.result_for(first) is None
    assert scoring.state(None, first) == "queued"  # no session: nothing known but the queue
    assert scoring.scoring_now is None


def test_the_scoring_queue_needs_no_front_end() -> None:
    code = (
        "import sys\n"
        "import interview_cli.services.scoring_queue\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(out.split())
    assert "interview_cli.services.scoring_queue" in loaded
    bad = sorted(
        m
        for m in loaded
        if m.split(".")[0] in ("textual", "llama_cpp")
        or m.startswith(("interview_cli.tui", "interview_cli.cli", "interview_cli.llm"))
    )
    assert not bad, f"the scoring queue pulls in {bad}"


def test_answers_of_earlier_sessions_wait_for_this_sessions(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    earlier = _session(tmp_path / "old")
    (old,) = _answers(earlier, EN_ANSWER)
    request = earlier.scoring_request(old)
    assert request is not None
    session = _session(tmp_path)
    ids = _answers(session, EN_ANSWER, "Locks.")
    scoring = ScoringQueue(FakeScorer(feedback_chunks=()))
    scoring.submit_earlier(old, request)  # queued first, scored last
    for attempt_id in ids:
        scoring.submit(session, attempt_id)
    owner = Owner(scoring, session)
    scoring.run(owner.callbacks(), cancelled=lambda: ("ready", old) in owner.events)
    assert [a for event, a in owner.events if event == "started"] == [*ids, old]
    assert old not in session.attempts  # its owner writes its score to the history
