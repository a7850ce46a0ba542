"""Spaced review: ratings from scores, the FSRS replay, due dates and manual overrides."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
import pytest

from interview_cli.scheduling import (
    OVERRIDE_KEY,
    attempt_rating,
    build_schedule,
    due_questions,
    end_of_local_day,
    forecast,
    rating_from_score,
    set_rating_override,
)
from interview_cli.store import Attempt, HistoryStore
from tests.support.report_history import generate

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _attempt(
    at: datetime,
    score: float | None = 7.0,
    question: str = "q1",
    bank: str = "os-en",
    **extra: object,
) -> Attempt:
    return Attempt(
        session_id="s",
        bank_id=bank,
        question_id=question,
        question_text=f"text of {question}",
        answer="a",
        topic="os",
        submitted_at=at.isoformat(),
        score=score,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("score", "overtime", "hints", "expected"),
    [
        (0.0, False, 0, "again"),
        (3.99, False, 0, "again"),
        (4.0, False, 0, "hard"),
        (6.49, False, 0, "hard"),
        (6.5, False, 0, "good"),
        (8.49, False, 0, "good"),
        (8.5, False, 0, "easy"),
        (10.0, False, 0, "easy"),
        (10.0, True, 0, "good"),  # ran past the limit: not effortless
        (9.0, False, 1, "good"),  # needed a hint
        (2.0, True, 2, "again"),
    ],
)
def test_rating_from_score(score: float, overtime: bool, hints: int, expected: str) -> None:
    assert rating_from_score(score, overtime, hints) == expected


def test_which_attempts_rate_their_question() -> None:
    assert attempt_rating(_attempt(T0, 9.0)) == "easy"
    assert attempt_rating(_attempt(T0, None, skipped=True)) == "again"
    assert attempt_rating(_attempt(T0, None)) is None  # not scored yet
    assert attempt_rating(_attempt(T0, 2.0, kind="retry")) is None
    assert attempt_rating(_attempt(T0, 2.0, kind="follow_up")) is None
    assert attempt_rating(_attempt(T0, 2.0, score_details={OVERRIDE_KEY: "easy"})) == "easy"
    assert attempt_rating(_attempt(T0, 9.0, score_details={OVERRIDE_KEY: 1})) == "again"
    # an unreadable override falls back to the score
    assert attempt_rating(_attempt(T0, 9.0, score_details={OVERRIDE_KEY: "perfect"})) == "easy"


def _replay_by_hand(ratings: list[tuple[datetime, fsrs.Rating]]) -> fsrs.Card:
    scheduler = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = fsrs.Card(card_id=99)
    for when, rating in ratings:
        card, _ = scheduler.review_card(card, rating, when)
    return card


def test_schedule_is_fsrs_replayed_over_the_history() -> None:
    times = [T0, T0 + timedelta(days=1), T0 + timedelta(days=4), T0 + timedelta(days=15)]
    scores = [3.0, 7.0, 9.0, 5.0]  # again, good, easy, hard
    attempts = [_attempt(t, s) for t, s in zip(times, scores, strict=True)]
    # a follow-up and a retry in between change nothing
    attempts.append(_attempt(times[1] + timedelta(minutes=2), 1.0, kind="follow_up"))
    attempts.append(_attempt(times[2] + timedelta(minutes=2), 10.0, kind="retry"))
    entry = build_schedule(attempts)["os-en/q1"]
    expected = _replay_by_hand(
        [
            (times[0], fsrs.Rating.Again),
            (times[1], fsrs.Rating.Good),
            (times[2], fsrs.Rating.Easy),
            (times[3], fsrs.Rating.Hard),
        ]
    )
    assert entry.due == expected.due
    assert entry.stability_days == pytest.approx(expected.stability)
    assert entry.difficulty == pytest.approx(expected.difficulty)
    assert entry.reviews == 4
    assert entry.last_rating == "hard"
    assert entry.last_score == 5.0
    assert entry.due > times[3]


def test_schedule_is_a_pure_function_of_the_history() -> None:
    _, attempts = generate(sessions=80, days=60, seed=3)
    first = build_schedule(attempts)
    shuffled = attempts[:]
    random.Random(1).shuffle(shuffled)
    again = build_schedule(shuffled)
    assert first == again
    assert build_schedule(attempts) == first  # no fuzz: the same every time


def test_failed_answer_comes_back_sooner_than_a_good_one() -> None:
    bad = build_schedule([_attempt(T0, 1.0, question="bad")])["os-en/bad"]
    good = build_schedule([_attempt(T0, 7.5, question="good")])["os-en/good"]
    easy = build_schedule([_attempt(T0, 9.5, question="easy")])["os-en/easy"]
    assert bad.due < good.due < easy.due
    assert bad.due - T0 <= timedelta(days=1)  # day-sized steps: tomorrow at the latest


def test_due_order_forecast_and_local_days() -> None:
    attempts = [
        _attempt(T0 - timedelta(days=30), 1.0, question="old"),
        _attempt(T0 - timedelta(days=2), 1.0, question="recent"),
        _attempt(T0, 9.5, question="fresh"),
    ]
    schedule = build_schedule(attempts)
    now = T0 + timedelta(hours=1)
    due = due_questions(schedule, end_of_local_day(now, tz=UTC))
    assert [d.question_id for d in due] == ["old", "recent"]
    days = forecast(schedule, now, 14, tz=UTC)
    assert len(days) == 14
    assert days[0][1] == 2  # the two overdue ones land today
    assert sum(count for _, count in days) == 2 + int(schedule["os-en/fresh"].due <= days[-1][0])


def test_end_of_local_day_uses_the_time_zone() -> None:
    # 16:00 UTC is already the next day in Seoul
    moment = datetime(2024, 3, 1, 16, 0, tzinfo=UTC)
    seoul = end_of_local_day(moment, tz=ZoneInfo("Asia/Seoul"))
    assert seoul.isoformat() == "2024-03-02T23:59:59.999999+09:00"
    assert end_of_local_day(moment, tz=UTC).isoformat() == "2024-03-01T23:59:59.999999+00:00"
    assert end_of_local_day(moment, 6, tz=UTC).date().isoformat() == "2024-03-07"


def test_retrievability_falls_with_time() -> None:
    entry = build_schedule([_attempt(T0, 7.0)])["os-en/q1"]
    assert entry.retrievability(T0) == pytest.approx(1.0)
    soon, late = entry.retrievability(T0 + timedelta(days=1)), entry.retrievability(entry.due)
    assert 1.0 > soon > late
    # FSRS schedules the review when recall is predicted to fall to the desired retention
    assert late == pytest.approx(0.9, abs=0.03)


def test_manual_override_changes_the_schedule(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.json")
    first = store.attempts.add(_attempt(T0, 9.5))
    before = build_schedule(store.attempts.list())["os-en/q1"]
    done = set_rating_override(store, first.id[:10], "again")
    assert done.attempt_id == first.id and done.rating == "again"
    stored = store.attempts.get(first.id)
    assert stored is not None and stored.score_details[OVERRIDE_KEY] == "again"
    after = build_schedule(store.attempts.list())["os-en/q1"]
    assert after.overridden and after.last_rating == "again"
    assert after.due < before.due
    set_rating_override(store, first.id, None)
    restored = build_schedule(store.attempts.list())["os-en/q1"]
    assert restored == before


def test_override_errors(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.json")
    store.attempts.add(_attempt(T0, 5.0, id="abc1"))
    store.attempts.add(_attempt(T0, 5.0, id="abc2"))
    store.attempts.add(_attempt(T0, 5.0, id="fol1", kind="follow_up"))
    with pytest.raises(KeyError):
        set_rating_override(store, "zzz", "good")
    with pytest.raises(ValueError, match="2 attempts start with"):
        set_rating_override(store, "abc", "good")
    with pytest.raises(ValueError, match="only first answers"):
        set_rating_override(store, "fol1", "good")
    with pytest.raises(ValueError, match="rating must be"):
        set_rating_override(store, "abc1", "perfect")  # type: ignore[arg-type]
    assert set_rating_override(store, "abc1", "hard").rating == "hard"


def test_details_with_override_for_front_ends() -> None:
    from interview_cli.scheduling import details_with_override

    details = {"key_points": [], "feedback": "ok"}
    rated = details_with_override(details, "hard")
    assert rated == {"key_points": [], "feedback": "ok", OVERRIDE_KEY: "hard"}
    assert details == {"key_points": [], "feedback": "ok"}  # a copy: the original is untouched
    assert details_with_override(rated, None) == details
    with pytest.raises(ValueError):
        details_with_override(details, "meh")  # type: ignore[arg-type]
    attempt = _attempt(T0, 9.5, score_details=rated)
    assert attempt_rating(attempt) == "hard"
