"""Scoring what the history holds without a score, as its session would have."""

from __future__ import annotations

from pathlib import Path

from interview_cli.scheduling import OVERRIDE_KEY
from interview_cli.session.practice import UNSCORABLE_FOLLOW_UP
from interview_cli.session.recording import StoreRecorder
from interview_cli.session.rescore import find_pending, score_pending
from interview_cli.store.pending import waiting_for_score
from tests.support.pending_history import answered_then_quit
from tests.support.practice_fakes import EN_ANSWER, FakeScorer, en_bank, store_at


def test_the_request_is_the_one_the_session_would_have_sent(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    session = answered_then_quit(store, en_bank(), [EN_ANSWER, "a second answer"])
    items = find_pending(store.attempts.list(), [en_bank()])
    assert [i.attempt.id for i in items] == list(session.attempts)
    for item in items:
        assert item.request == session.scoring_request(item.attempt.id)
        assert not item.gone and not item.failed_before


def test_each_score_is_written_as_it_comes(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    session = answered_then_quit(store, en_bank(), [EN_ANSWER, "a second answer"])
    first = next(iter(session.attempts))
    seen: list[tuple[int, int]] = []
    written: list[int] = []

    def on_done(item: object, changes: object) -> None:
        written.append(len(waiting_for_score(store.attempts.list())))

    count = score_pending(
        find_pending(store.attempts.list(), [en_bank()]),
        FakeScorer,
        StoreRecorder(store),
        on_start=lambda number, total, item: seen.append((number, total)),
        on_done=on_done,
    )
    assert (count.scored, count.failed, count.skipped) == (2, 0, 0)
    assert seen == [(1, 2), (2, 2)]
    assert written == [1, 0]  # the first score was in the file before the second was scored
    stored = store.attempts.get(first)
    assert stored is not None and stored.score is not None and stored.score > 0
    assert stored.scorer == FakeScorer().info
    assert stored.score_details["key_points"]


def test_a_failure_is_recorded_and_tried_again_next_time(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    answered_then_quit(store, en_bank(), [EN_ANSWER])
    broken = FakeScorer()
    broken.fail = True
    count = score_pending(
        find_pending(store.attempts.list(), [en_bank()]), lambda: broken, StoreRecorder(store)
    )
    assert (count.scored, count.failed) == (0, 1)
    (attempt,) = store.attempts.list()
    assert attempt.score is None and "RuntimeError" in attempt.score_details["error"]
    assert find_pending([attempt], [en_bank()], include_failed=False) == []
    (again,) = find_pending([attempt], [en_bank()])
    assert again.failed_before
    count = score_pending([again], FakeScorer, StoreRecorder(store))
    (attempt,) = store.attempts.list()
    assert count.scored == 1 and attempt.score is not None
    assert "error" not in attempt.score_details


def test_a_gone_question_is_skipped_and_stays_pending(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    answered_then_quit(store, en_bank(), [EN_ANSWER])
    skipped: list[str] = []
    made: list[int] = []

    def make() -> FakeScorer:
        made.append(1)
        return FakeScorer()

    count = score_pending(
        find_pending(store.attempts.list(), []),  # no bank holds the question any more
        make,
        StoreRecorder(store),
        on_skip=lambda item, why: skipped.append(why),
    )
    assert (count.scored, count.skipped) == (0, 1)
    assert skipped == ["mini-en/proc-thread is no longer in any installed bank; it stays waiting"]
    assert made == []  # nothing to score: no model is loaded for nothing
    assert len(waiting_for_score(store.attempts.list())) == 1


def test_a_follow_up_without_rubric_is_kept_unscored_with_a_rating_set_by_hand(
    tmp_path: Path,
) -> None:
    store = store_at(tmp_path)
    session = answered_then_quit(store, en_bank(), [EN_ANSWER], finish=False)
    root = next(iter(session.attempts))
    session.start_follow_up(root, "Why are threads cheaper?")
    follow = session.submit("less state to switch")
    store.attempts.update(follow.id, score_details={OVERRIDE_KEY: "hard"})
    items = [
        i for i in find_pending(store.attempts.list(), [en_bank()]) if i.attempt.id == follow.id
    ]
    assert items and items[0].request is None
    count = score_pending(items, FakeScorer, StoreRecorder(store))
    assert count.unscorable == 1
    stored = store.attempts.get(follow.id)
    assert stored is not None
    assert stored.score_details == {"unscored": UNSCORABLE_FOLLOW_UP, OVERRIDE_KEY: "hard"}


def test_a_rating_set_by_hand_survives_the_late_score(tmp_path: Path) -> None:
    store = store_at(tmp_path)
    session = answered_then_quit(store, en_bank(), [EN_ANSWER])
    attempt_id = next(iter(session.attempts))
    store.attempts.update(attempt_id, score_details={OVERRIDE_KEY: "easy"})
    score_pending(
        find_pending(store.attempts.list(), [en_bank()]), FakeScorer, StoreRecorder(store)
    )
    stored = store.attempts.get(attempt_id)
    assert stored is not None and stored.score is not None
    assert stored.score_details[OVERRIDE_KEY] == "easy"
