"""The headless practice session: picking, timing, recording, drafts, resume and the summary."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from interview_cli.planning.picking import (
    Filters,
    NoQuestionsError,
    SessionOptions,
    UnknownBankError,
    matching_questions,
    order_questions,
    plan_session,
)
from interview_cli.planning.questions import PlannedQuestion, history_stats
from interview_cli.scheduling import attempt_rating
from interview_cli.session.clock import Stopwatch
from interview_cli.session.practice import PracticeSession
from interview_cli.session.recording import BackgroundRecorder, StoreRecorder
from interview_cli.session.resume import load_history
from interview_cli.session.summary import summarise
from interview_cli.store import Attempt, HistoryStore, Session
from interview_cli.store.drafts import Draft, DraftRepository
from tests.support.practice_fakes import (
    EN_ANSWER,
    KO_ANSWER,
    FakeClock,
    FakeScorer,
    en_bank,
    ko_bank,
    settings,
    store_at,
)

# -- picking -----------------------------------------------------------------------------------


def test_filters_select_banks_topics_difficulty_and_language() -> None:
    banks = [en_bank(), ko_bank()]
    assert len(matching_questions(banks, Filters())) == 5
    assert {p.bank_id for p in matching_questions(banks, Filters(language="ko"))} == {"mini-ko"}
    net = matching_questions(banks, Filters(topics=("net",)))
    assert [p.question.id for p in net] == ["tcp-udp"]
    tagged = matching_questions(banks, Filters(topics=("THREAD",)))  # tags count, any case
    assert [p.question.id for p in tagged] == ["proc-thread"]
    hard = matching_questions(banks, Filters(bank_ids=("mini-en",), difficulty=3))
    assert [p.question.id for p in hard] == ["deadlock"]


def test_unknown_bank_names_the_available_ones() -> None:
    with pytest.raises(UnknownBankError, match=r"'nope'.*available: mini-en, mini-ko"):
        matching_questions([en_bank(), ko_bank()], Filters(bank_ids=("nope",)))


def test_no_match_names_every_filter() -> None:
    filters = Filters(bank_ids=("mini-ko",), topics=("net",), difficulty=1, language="ko")
    with pytest.raises(NoQuestionsError) as info:
        plan_session([en_bank(), ko_bank()], filters, count=3)
    message = str(info.value)
    assert message == "no question matches bank mini-ko; topic net; difficulty 1; language ko"


def _attempt(question_id: str, score: float | None, when: str, **extra: Any) -> Attempt:
    return Attempt(
        session_id="old",
        bank_id="mini-en",
        question_id=question_id,
        question_text="?",
        answer="a",
        score=score,
        submitted_at=when,
        **extra,
    )


def test_never_seen_first_then_worst_scored_then_least_seen() -> None:
    candidates = matching_questions([en_bank()], Filters())
    history = [
        _attempt("proc-thread", 9.0, "2025-01-01"),
        _attempt("proc-thread", 2.0, "2025-01-02"),  # the latest answer counts: 2.0
        _attempt("deadlock", 6.0, "2025-01-03"),
        _attempt("deadlock", 6.0, "2025-01-04"),
        _attempt("deadlock", 1.0, "2025-01-05", kind="follow_up"),  # says nothing here
    ]
    stats = history_stats(history)
    assert stats["mini-en/proc-thread"].seen == 2
    assert stats["mini-en/proc-thread"].last_score == 2.0
    assert stats["mini-en/deadlock"].seen == 2
    ordered = order_questions(candidates, stats, rng=random.Random(1))
    assert [p.question.id for p in ordered] == ["tcp-udp", "proc-thread", "deadlock"]


def test_a_skip_counts_as_the_worst_score() -> None:
    candidates = matching_questions([en_bank()], Filters())
    history = [
        _attempt("proc-thread", 3.0, "2025-01-01"),
        _attempt("deadlock", None, "2025-01-02", skipped=True),
        _attempt("tcp-udp", 8.0, "2025-01-03"),
    ]
    ordered = order_questions(candidates, history_stats(history), rng=random.Random(0))
    assert [p.question.id for p in ordered] == ["deadlock", "proc-thread", "tcp-udp"]


def test_seed_gives_a_fixed_order_that_ignores_history() -> None:
    banks = [en_bank(), ko_bank()]
    history = [_attempt("tcp-udp", 1.0, "2025-01-01")]
    first = plan_session(banks, Filters(), count=5, history=history, seed=7)
    again = plan_session(banks, Filters(), count=5, history=[], seed=7)
    assert [p.key for p in first] == [p.key for p in again]
    orders = {
        tuple(p.key for p in plan_session(banks, Filters(), count=5, seed=s)) for s in range(8)
    }
    assert len(orders) > 1  # different seeds, different orders


def test_count_caps_the_plan() -> None:
    plan = plan_session([en_bank(), ko_bank()], Filters(), count=2, seed=1)
    assert len(plan) == 2


def test_time_limit_bank_value_unless_the_person_chose_one() -> None:
    question = en_bank().questions[0]  # time_limit_s: 90 in the bank
    other = en_bank().questions[1]  # no limit of its own
    default = SessionOptions.from_settings(settings())
    assert default.limit_for(question) == 90
    assert default.limit_for(other) == 120
    chosen = SessionOptions.from_settings(settings(time_limit_s=30))
    assert chosen.limit_for(question) == 30
    untimed = SessionOptions.from_settings(settings(time_limit_s=None))
    assert untimed.limit_for(question) is None


# -- time --------------------------------------------------------------------------------------


def test_stopwatch_leaves_out_paused_time() -> None:
    clock = FakeClock()
    watch = Stopwatch(clock, offset=5.0)
    watch.start()
    clock.advance(10)
    watch.pause()
    clock.advance(100)
    assert watch.elapsed() == 15.0
    watch.start()
    clock.advance(1)
    assert watch.elapsed() == 16.0


# -- a whole session ---------------------------------------------------------------------------


def _plan(*banks: Any, options: SessionOptions | None = None) -> list[PlannedQuestion]:
    return matching_questions(list(banks) or [en_bank()], Filters(), options)


def _start(
    tmp_path: Path, plan: list[PlannedQuestion] | None = None, **options: Any
) -> tuple[PracticeSession, HistoryStore, FakeClock]:
    store = store_at(tmp_path)
    clock = FakeClock()
    opts = SessionOptions(**options)
    session = PracticeSession.start(
        plan or _plan(options=opts), StoreRecorder(store), opts, clock=clock
    )
    return session, store, clock


def test_session_is_recorded_active_from_the_start(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    stored = store.sessions.get(session.stored.id)
    assert stored is not None
    assert stored.status == "active"
    assert stored.question_keys == tuple(p.key for p in session.plan)
    assert stored.settings["pid"] > 0


def test_scores_errors_and_ratings_are_read_from_the_attempts(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    answer = session.submit(EN_ANSWER)
    assert session.result_for(answer.id) is None and session.error_for(answer.id) is None
    assert session.rating_for(answer.id) == (None, False)
    session.set_rating(answer.id, "hard")  # before the score: it must survive it
    session.record_score_error(answer.id, "the scorer broke")
    assert session.error_for(answer.id) == "the scorer broke"
    assert session.result_for(answer.id) is None
    request = session.scoring_request(answer.id)
    assert request is not None
    result = FakeScorer(follow_up="Why?").score(request)
    session.record_score(answer.id, result)
    assert session.result_for(answer.id) == result
    assert session.error_for(answer.id) is None
    assert session.rating_for(answer.id) == ("hard", True)
    follow = session.start_follow_up(answer.id)
    said = session.submit("Less state to save.")
    assert follow.attempt_id == said.id
    session.mark_unscored(said.id, "no rubric")
    assert session.unscored_reason(said.id) == "no rubric"
    assert session.unscored_reason(answer.id) is None
    session.set_rating(answer.id, None)
    assert session.rating_for(answer.id) == (attempt_rating(session.attempts[answer.id]), False)

    # a resumed session reads the same from the stored attempts
    interrupted = load_history(store)[1]
    assert interrupted is not None
    again = PracticeSession.resume(interrupted, [en_bank()], StoreRecorder(store))
    assert again.result_for(answer.id) == result
    assert again.unscored_reason(said.id) == "no rubric"
    assert again.rating_for(answer.id) == session.rating_for(answer.id)


def test_full_session_records_every_kind_of_attempt(tmp_path: Path) -> None:
    session, store, clock = _start(tmp_path)
    scorer = FakeScorer(follow_up="Why is a thread switch cheaper?")

    turn = session.ask()
    assert turn.kind == "answer" and turn.number == 1
    assert session.reveal_hint() == turn.planned.question.key_points[0]
    clock.advance(42)
    answer = session.submit(EN_ANSWER)
    assert answer.time_taken_s == 42.0 and answer.hints_used == 1 and not answer.overtime
    request = session.scoring_request(answer.id)
    assert request is not None and request.key_points == turn.planned.question.key_points
    session.record_score(answer.id, scorer.score(request))

    # the scorer's own follow-up comes first, then the bank's
    assert session.follow_up_for(answer.id) == "Why is a thread switch cheaper?"
    follow = session.start_follow_up(answer.id)
    assert follow.kind == "follow_up" and follow.parent_id == answer.id
    clock.advance(10)
    follow_attempt = session.submit("Less state to save.")
    assert session.scoring_request(follow_attempt.id) is None  # no rubric for a follow-up
    session.mark_unscored(follow_attempt.id, "no rubric")
    assert session.follow_up_for(follow_attempt.id) == "How do two processes exchange data?"

    retry = session.start_retry(answer.id)
    assert retry.kind == "retry" and retry.parent_id == answer.id
    assert retry.prompt == turn.planned.question.question
    retried = session.submit(EN_ANSWER + " Switching threads is cheaper.")
    request = session.scoring_request(retried.id)
    assert request is not None
    session.record_score(retried.id, scorer.score(request))

    second = session.advance()
    assert second is not None and second.number == 2
    skipped = session.skip("not sure")
    assert skipped.skipped
    third = session.advance()
    assert third is not None
    session.submit("")
    assert session.advance() is None
    assert session.phase == "finished"

    stored = store.attempts.list(session_id=session.stored.id)
    assert [a.kind for a in stored] == ["answer", "follow_up", "retry", "answer", "answer"]
    by_id = {a.id: a for a in stored}
    assert by_id[follow_attempt.id].parent_id == answer.id
    assert by_id[follow_attempt.id].score_details == {"unscored": "no rubric"}
    assert by_id[retried.id].parent_id == answer.id
    first = by_id[answer.id]
    assert first.score is not None and first.scorer is not None
    assert first.scorer.name == "fake"
    assert first.score_details["key_points"][0]["verdict"] == "covered"
    assert by_id[skipped.id].skipped and by_id[skipped.id].answer == "not sure"
    record = store.sessions.get(session.stored.id)
    assert record is not None and record.status == "finished" and record.finished_at
    assert DraftRepository(store).get(session.stored.id) is None


def test_follow_ups_stop_at_the_limit(tmp_path: Path) -> None:
    session, _, _ = _start(tmp_path, max_follow_ups=1)
    session.ask()
    answer = session.submit(EN_ANSWER)
    session.start_follow_up(answer.id)
    follow = session.submit("pipes")
    assert session.follow_up_for(follow.id) is None
    assert session.follow_up_for(answer.id) is None


def test_no_follow_up_after_a_skip(tmp_path: Path) -> None:
    session, _, _ = _start(tmp_path)
    session.ask()
    skipped = session.skip()
    assert session.follow_up_for(skipped.id) is None


def test_time_up_submits_as_overtime(tmp_path: Path) -> None:
    session, store, clock = _start(tmp_path, time_limit_s=30, time_limit_overrides=True)
    session.ask()
    clock.advance(30)
    remaining = session.remaining()
    assert remaining is not None and remaining <= 0
    attempt = session.time_up("half an answer")
    assert attempt is not None and attempt.overtime
    assert attempt.answer == "half an answer" and attempt.time_limit_s == 30
    assert store.attempts.get(attempt.id) is not None


def test_keep_writing_records_overtime_at_submit(tmp_path: Path) -> None:
    session, store, clock = _start(
        tmp_path, time_limit_s=30, time_limit_overrides=True, overtime="keep_writing"
    )
    session.ask()
    clock.advance(30)
    assert session.time_up("so far") is None
    assert session.phase == "asking"
    draft = DraftRepository(store).get(session.stored.id)
    assert draft is not None and draft.overtime and draft.text == "so far"
    clock.advance(15)
    attempt = session.submit("so far, and more")
    assert attempt.overtime and attempt.time_taken_s == 45.0


def test_pause_stops_the_clock_and_saves_the_draft(tmp_path: Path) -> None:
    session, store, clock = _start(tmp_path)
    session.ask()
    clock.advance(5)
    session.pause("typed before the pause")
    assert session.paused
    clock.advance(600)
    assert session.elapsed() == 5
    draft = DraftRepository(store).get(session.stored.id)
    assert draft is not None and draft.text == "typed before the pause" and draft.elapsed_s == 5
    session.unpause()
    clock.advance(1)
    assert session.elapsed() == 6


def test_hints_run_out(tmp_path: Path) -> None:
    session, _, _ = _start(tmp_path)
    turn = session.ask()
    shown = [session.reveal_hint() for _ in turn.planned.question.key_points]
    assert shown == list(turn.planned.question.key_points)
    assert session.reveal_hint() is None


def test_calls_out_of_order_are_refused(tmp_path: Path) -> None:
    session, _, _ = _start(tmp_path)
    with pytest.raises(RuntimeError):
        session.submit("before asking")
    session.ask()
    with pytest.raises(RuntimeError):
        session.advance()


# -- drafts ------------------------------------------------------------------------------------


def test_draft_is_saved_only_when_the_text_changed(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    drafts = DraftRepository(store)
    assert not session.save_draft("")  # nothing typed yet
    assert session.save_draft("first words")
    assert not session.save_draft("first words")
    assert session.save_draft("first words and more")
    draft = drafts.get(session.stored.id)
    assert draft is not None and draft.text == "first words and more" and draft.seq == 2
    session.submit("first words and more")
    assert drafts.get(session.stored.id) is None


def test_an_older_draft_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    drafts = DraftRepository(store)
    base = Draft(
        session_id="s", attempt_id="a", bank_id="b", question_id="q", prompt="?", text="new", seq=5
    )
    assert drafts.save(base)
    assert not drafts.save(replace(base, text="old", seq=4))
    stored = drafts.get("s")
    assert stored is not None and stored.text == "new"
    drafts.delete("s", attempt_id="other")  # another turn's id: kept
    assert drafts.get("s") is not None
    drafts.delete("s", attempt_id="a")
    assert drafts.list() == []


# -- resume ------------------------------------------------------------------------------------


def test_crash_mid_answer_resumes_with_the_draft(tmp_path: Path) -> None:
    session, store, clock = _start(tmp_path)
    session.ask()
    first = session.submit(EN_ANSWER)
    turn = session.advance()
    assert turn is not None
    session.reveal_hint()
    clock.advance(20)
    session.save_draft("half of my second answer")
    # the process dies here: nothing else is written. A new process opens the same file.
    reopened = HistoryStore(store.path, backups_dir=store.backups_dir)
    found = load_history(reopened)[1]
    assert found is not None
    assert found.session.id == session.stored.id
    assert found.answered == 1 and found.total == 3
    assert found.draft is not None and found.draft.text == "half of my second answer"

    resumed = PracticeSession.resume(found, [en_bank()], StoreRecorder(reopened), clock=clock)
    assert [a.id for a in resumed.unscored()] == [first.id]
    again = resumed.ask()
    assert again.number == 2 and again.planned.key == turn.planned.key
    assert again.text == "half of my second answer"
    assert again.hints == [turn.planned.question.key_points[0]]
    assert resumed.elapsed() == 20
    clock.advance(5)
    attempt = resumed.submit(again.text + " and the rest")
    assert attempt.id == turn.attempt_id  # the draft's id: the attempt it was promised to be
    assert attempt.time_taken_s == 25.0 and attempt.hints_used == 1
    assert resumed.advance() is not None
    stored = reopened.sessions.get(session.stored.id)
    assert stored is not None and stored.settings["pid"] > 0


def test_resume_a_follow_up_draft(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    answer = session.submit(EN_ANSWER)
    session.start_follow_up(answer.id)
    session.save_draft("pipes and sockets")
    found = load_history(store)[1]
    assert found is not None and found.draft is not None
    resumed = PracticeSession.resume(found, [en_bank()], StoreRecorder(store))
    turn = resumed.ask()
    assert turn.kind == "follow_up" and turn.parent_id == answer.id
    assert turn.prompt == "How do two processes exchange data?"
    assert turn.text == "pipes and sockets"
    resumed.submit(turn.text)
    nxt = resumed.advance()
    assert nxt is not None and nxt.number == 2


def test_resume_without_draft_goes_to_the_next_question(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    session.submit(EN_ANSWER)
    session.suspend()  # quit on the feedback screen
    found = load_history(store)[1]
    assert found is not None and found.draft is None
    resumed = PracticeSession.resume(found, [en_bank()], StoreRecorder(store))
    assert resumed.ask().number == 2


def test_a_stale_draft_is_ignored(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    turn = session.ask()
    session.save_draft("my answer")
    # the attempt reached the file but the process died before the draft was dropped
    draft = DraftRepository(store).get(session.stored.id)
    session.submit("my answer")
    assert draft is not None
    DraftRepository(store).save(replace(draft, seq=draft.seq + 10))
    found = load_history(store)[1]
    assert found is not None and found.draft is None
    resumed = PracticeSession.resume(found, [en_bank()], StoreRecorder(store))
    assert resumed.ask().planned.key != turn.planned.key


def test_finished_or_fully_answered_sessions_are_not_offered(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path, plan=_plan()[:1])
    session.ask()
    session.submit("x")
    assert session.suspend() is False  # nothing left: suspending finishes it
    assert load_history(store)[1] is None
    record = store.sessions.get(session.stored.id)
    assert record is not None and record.status == "finished"


def test_a_session_open_in_another_running_process_is_not_offered(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    session.save_draft("typing")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        store.sessions.update(
            session.stored.id, settings={**session.stored.settings, "pid": other.pid}
        )
        assert load_history(store)[1] is None
    finally:
        other.kill()
        other.wait()
    assert load_history(store)[1] is not None  # the other process is gone: offer it


def test_abandon_drops_the_draft(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    session.save_draft("typing")
    session.abandon()
    assert load_history(store)[1] is None
    record = store.sessions.get(session.stored.id)
    assert record is not None and record.status == "abandoned"


# -- summary -----------------------------------------------------------------------------------


def test_summary_scores_times_missed_points_and_weak_topics(tmp_path: Path) -> None:
    plan = _plan(en_bank(), ko_bank())
    session, _, clock = _start(tmp_path, plan=plan)
    scorer = FakeScorer()
    session.ask()
    clock.advance(30)
    good = session.submit(EN_ANSWER)
    request = session.scoring_request(good.id)
    assert request is not None
    session.record_score(good.id, scorer.score(request))
    session.advance()
    session.skip()
    session.advance()
    dunno = session.submit("I do not know")  # tcp-udp
    request = session.scoring_request(dunno.id)
    assert request is not None
    session.record_score(dunno.id, scorer.score(request))
    session.advance()
    ko = session.submit(KO_ANSWER)
    request = session.scoring_request(ko.id)
    assert request is not None and request.language == "ko"  # scored later: still pending

    summary = session.summary()
    rows = {r.planned.question.id: r for r in summary.questions}
    assert set(rows) == {"proc-thread", "deadlock", "tcp-udp", "proc-thread-ko"}
    assert rows["deadlock"].skipped
    assert rows["proc-thread-ko"].pending
    assert rows["proc-thread"].main is not None and rows["proc-thread"].main.time_taken_s == 30
    assert rows["tcp-udp"].score == 0.0
    assert rows["tcp-udp"].missed == en_bank().questions[2].key_points
    assert summary.answered == 3 and summary.skipped == 1 and summary.pending == 1
    scores = [rows["proc-thread"].score, rows["tcp-udp"].score]
    assert summary.average == round(sum(s or 0 for s in scores) / 2, 1)
    # weakest first: net scored 0; os has a skipped question
    assert [t.topic for t in summary.weak_topics] == ["net", "os"]
    assert summary.weak_topics[0].missed == 2


def test_summary_of_a_retry_shows_the_latest_score(tmp_path: Path) -> None:
    plan = _plan()[:1]
    attempts = [
        Attempt("s", "mini-en", "proc-thread", plan[0].question.question, "a", score=3.0,
                submitted_at="1", id="one"),
        Attempt("s", "mini-en", "proc-thread", plan[0].question.question, "b", score=8.0,
                submitted_at="2", kind="retry", parent_id="one"),
        Attempt("s", "mini-en", "proc-thread", "How do two processes exchange data?", "c",
                submitted_at="3", kind="follow_up", parent_id="one"),
    ]  # fmt: skip
    summary = summarise(plan, attempts)
    row = summary.questions[0]
    assert row.first_score == 3.0 and row.score == 8.0 and row.retries == 1
    assert len(row.follow_ups) == 1
    assert summary.average == 8.0 and summary.weak_topics == ()


# -- background writes -------------------------------------------------------------------------


class _FlakyRecorder(StoreRecorder):
    def __init__(self, store: HistoryStore, failures: int) -> None:
        super().__init__(store)
        self.failures = failures

    def add_attempt(self, attempt: Attempt) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError("disk busy")
        super().add_attempt(attempt)


def test_background_recorder_keeps_order_and_retries(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    errors: list[Exception] = []
    recorder = BackgroundRecorder(_FlakyRecorder(store, failures=2), errors.append, (0.01,))
    session = Session()
    recorder.add_session(session)
    attempt = Attempt(session.id, "b", "q", "?", "answer")
    recorder.add_attempt(attempt)
    recorder.update_attempt(attempt.id, score=7.0)  # must wait for the add to succeed
    assert recorder.flush(timeout=10)
    assert [str(e) for e in errors] == ["disk busy", "disk busy"]
    stored = store.attempts.get(attempt.id)
    assert stored is not None and stored.score == 7.0
    assert recorder.close()


def test_background_recorder_does_not_block_the_caller(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    release = threading.Event()

    class Slow(StoreRecorder):
        def add_session(self, session: Session) -> None:
            release.wait(10)
            super().add_session(session)

    recorder = BackgroundRecorder(Slow(store))
    started = time.monotonic()
    recorder.add_session(Session(id="slow"))
    assert time.monotonic() - started < 5  # returned while the write is still held
    assert store.sessions.get("slow") is None
    release.set()
    assert recorder.close(timeout=10)
    assert store.sessions.get("slow") is not None


def test_held_background_writes_wait_for_release_in_order(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    recorder = BackgroundRecorder(StoreRecorder(store), hold_s=30)
    session = Session(id="held")
    recorder.add_session(session)
    recorder.update_session("held", status="finished")
    time.sleep(0.3)
    assert store.sessions.get("held") is None  # queued, not written: the first frame comes first
    recorder.release()
    assert recorder.flush(timeout=10)
    stored = store.sessions.get("held")
    assert stored is not None and stored.status == "finished"
    assert recorder.close()


def test_held_background_writes_go_ahead_on_their_own_after_hold_s(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    recorder = BackgroundRecorder(StoreRecorder(store), hold_s=0.2)
    recorder.add_session(Session(id="late"))
    deadline = time.monotonic() + 10
    while store.sessions.get("late") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.sessions.get("late") is not None  # nobody released it: the hold ran out
    closing = BackgroundRecorder(StoreRecorder(store), hold_s=30)
    closing.add_session(Session(id="closed"))
    assert closing.close(timeout=10)  # closing releases the hold and drains the queue
    assert store.sessions.get("closed") is not None


def test_session_module_stays_headless() -> None:
    import pkgutil

    import interview_cli.session

    modules = [m.name for m in pkgutil.iter_modules(interview_cli.session.__path__)]
    assert "practice" in modules
    imports = ", ".join(f"interview_cli.session.{m}" for m in modules)
    code = f"import {imports}, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_leaving_before_typing_anything_leaves_nothing_to_resume(tmp_path: Path) -> None:
    session, store, _ = _start(tmp_path)
    session.ask()
    assert session.suspend("") is False
    assert load_history(store)[1] is None
    record = store.sessions.get(session.stored.id)
    assert record is not None and record.status == "abandoned"


def test_a_mock_follow_up_keeps_its_reason_through_a_crash(tmp_path: Path) -> None:
    from interview_cli.planning.picking import SessionOptions, plan_session
    from interview_cli.session.practice import PracticeSession
    from interview_cli.session.recording import StoreRecorder
    from interview_cli.session.resume import load_history
    from interview_cli.store import HistoryStore
    from tests.support.practice_fakes import en_bank

    store = HistoryStore(tmp_path / "history.json")
    recorder = StoreRecorder(store)
    options = SessionOptions(mode="mock")
    plan = plan_session([en_bank()], Filters(topics=("thread",)), 1, seed=1, options=options)
    session = PracticeSession.start(plan, recorder, options)
    session.ask()
    answer = session.submit("A process is a program.")
    follow = session.mock_follow_up(answer.id)
    assert follow is not None
    prompt, reason = follow
    session.start_follow_up(answer.id, prompt, reason)
    session.save_draft("They share mem", force=True)
    # the process dies here; the next start resumes the follow-up with its reason
    interrupted = load_history(store)[1]
    assert interrupted is not None and interrupted.session.mode == "mock"
    again = PracticeSession.resume(interrupted, [en_bank()], recorder)
    assert again.mock
    turn = again.ask()
    assert turn.kind == "follow_up" and turn.reason == reason and turn.text == "They share mem"
    attempt = again.submit(turn.text + "ory")
    assert store.attempts.get(attempt.id).asked_because == reason  # type: ignore[union-attr]


def test_summary_leaves_answers_waiting_for_a_score_out_of_the_average(tmp_path: Path) -> None:
    plan = _plan()[:2]
    session, _, _ = _start(tmp_path, plan=plan)
    session.ask()
    good = session.submit(EN_ANSWER)
    request = session.scoring_request(good.id)
    assert request is not None
    scored = session.record_score(good.id, FakeScorer().score(request))
    session.advance()
    waiting = session.submit(EN_ANSWER)  # the app left before scoring it
    summary = session.summary()
    assert summary.pending == 1 and [a.id for a in session.unscored()] == [waiting.id]
    assert summary.average == round(scored.score or 0.0, 1)  # not halved by a zero
    assert not summary.weak_topics or all(t.average > 0 for t in summary.weak_topics)
