"""Spaced review: an FSRS schedule per question, replayed from the attempt history."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import fsrs

    from interview_cli.store import Attempt, HistoryStore

RatingName = Literal["again", "hard", "good", "easy"]
RATING_NAMES: tuple[RatingName, ...] = ("again", "hard", "good", "easy")
OVERRIDE_KEY = "rating_override"  # in Attempt.score_details

# Score (0..10) -> rating. An answer below AGAIN_BELOW is treated as forgotten; the bands
# are wide on purpose, since a 0.5-point wobble of the scorer should not flip the schedule.
AGAIN_BELOW = 4.0
HARD_BELOW = 6.5
EASY_FROM = 8.5

DESIRED_RETENTION = 0.9


def question_key(bank_id: str, question_id: str) -> str:
    return f"{bank_id}/{question_id}"


def parse_time(value: str) -> datetime:
    """A stored ISO timestamp as an aware UTC datetime (naive ones were written in UTC)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def normalise_rating(value: object) -> RatingName | None:
    """A rating given as a name ("good") or a number (1..4); None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1 <= value <= 4:
        return RATING_NAMES[value - 1]
    if isinstance(value, str) and value.strip().lower() in RATING_NAMES:
        return value.strip().lower()  # type: ignore[return-value]
    return None


def rating_from_score(score: float, overtime: bool = False, hints_used: int = 0) -> RatingName:
    """The review rating a score earns; help (hints, extra time) caps it at "good"."""
    if score < AGAIN_BELOW:
        return "again"
    if score < HARD_BELOW:
        return "hard"
    if score >= EASY_FROM and not overtime and hints_used == 0:
        return "easy"
    return "good"


def counts_as_review(attempt: Attempt) -> bool:
    """Only first answers test recall: a retry or a follow-up comes after seeing feedback."""
    return attempt.kind == "answer"


def attempt_rating(attempt: Attempt) -> RatingName | None:
    """The rating this attempt gives its question: the manual override, else from the score.

    None when the attempt says nothing about recall (not scored, or not a first answer).
    """
    if not counts_as_review(attempt):
        return None
    override = normalise_rating(attempt.score_details.get(OVERRIDE_KEY))
    if override is not None:
        return override
    if attempt.skipped:
        return "again"
    if attempt.score is None or not math.isfinite(attempt.score):
        return None
    return rating_from_score(attempt.score, attempt.overtime, attempt.hints_used)


def make_scheduler() -> fsrs.Scheduler:
    """FSRS with day-sized steps only: a mock interview is practised daily, not every minute.

    Fuzzing is off so that the schedule is a pure function of the history.
    """
    import fsrs

    return fsrs.Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


@dataclass(frozen=True)
class QuestionSchedule:
    """Where one question stands in the review schedule after its last rated attempt."""

    key: str
    bank_id: str
    question_id: str
    question_text: str
    topic: str | None
    due: datetime
    stability_days: float
    difficulty: float
    reviews: int
    last_review: datetime
    last_rating: RatingName
    last_score: float | None
    last_attempt_id: str
    overridden: bool

    def retrievability(self, now: datetime, scheduler: fsrs.Scheduler | None = None) -> float:
        """Predicted chance (0..1) of recalling the answer at ``now`` (FSRS forgetting curve)."""
        import fsrs

        card = fsrs.Card(
            card_id=1,
            state=fsrs.State.Review,
            stability=self.stability_days,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )
        return float((scheduler or make_scheduler()).get_card_retrievability(card, now))

    def is_due(self, until: datetime) -> bool:
        return self.due <= until


def build_schedule(attempts: Iterable[Attempt]) -> dict[str, QuestionSchedule]:
    """Replay every rated attempt in time order through FSRS; one entry per reviewed question."""
    timed: list[tuple[datetime, Attempt]] = []
    for attempt in attempts:
        try:
            timed.append((parse_time(attempt.submitted_at), attempt))
        except ValueError:
            continue  # an unreadable timestamp cannot be placed on the time line
    timed.sort(key=lambda item: (item[0], item[1].id))
    return replay(timed)


def replay(timed: Sequence[tuple[datetime, Attempt]]) -> dict[str, QuestionSchedule]:
    """The schedule from attempts already in time order (ties by id), with their parsed times."""
    import fsrs

    scheduler = make_scheduler()
    ratings = {name: fsrs.Rating[name.capitalize()] for name in RATING_NAMES}
    cards: dict[str, tuple[fsrs.Card, int]] = {}
    last: dict[str, tuple[Attempt, RatingName, datetime]] = {}
    for when, attempt in timed:
        rating = attempt_rating(attempt)
        if rating is None:
            continue
        key = question_key(attempt.bank_id, attempt.question_id)
        # a fixed card id: the default one sleeps a millisecond to stay unique
        card, reviews = cards.get(key) or (fsrs.Card(card_id=1), 0)
        card, _log = scheduler.review_card(card, ratings[rating], when)
        cards[key] = (card, reviews + 1)
        last[key] = (attempt, rating, when)

    out: dict[str, QuestionSchedule] = {}
    for key, (card, reviews) in cards.items():
        attempt, rating, when = last[key]
        out[key] = QuestionSchedule(
            key=key,
            bank_id=attempt.bank_id,
            question_id=attempt.question_id,
            question_text=attempt.question_text,
            topic=attempt.topic,
            due=card.due,
            stability_days=float(card.stability or 0.0),
            difficulty=float(card.difficulty or 0.0),
            reviews=reviews,
            last_review=when,
            last_rating=rating,
            last_score=attempt.score,
            last_attempt_id=attempt.id,
            overridden=normalise_rating(attempt.score_details.get(OVERRIDE_KEY)) is not None,
        )
    return out


def due_questions(schedule: dict[str, QuestionSchedule], until: datetime) -> list[QuestionSchedule]:
    """Questions due by ``until``, the longest overdue first (ties: the weakest memory first)."""
    due = [item for item in schedule.values() if item.is_due(until)]
    return sorted(due, key=lambda item: (item.due, item.stability_days, item.key))


def end_of_local_day(now: datetime, days_ahead: int = 0, tz: tzinfo | None = None) -> datetime:
    """The last instant of the calendar day ``days_ahead`` after ``now`` in ``tz``.

    ``tz`` None means the machine's local time zone: "due today" is the person's today.
    """
    local = now.astimezone(tz)
    day = local.date() + timedelta(days=days_ahead + 1)
    midnight = datetime(day.year, day.month, day.day, tzinfo=tz or local.tzinfo)
    return midnight - timedelta(microseconds=1)


def details_with_override(details: Mapping[str, Any], rating: RatingName | None) -> dict[str, Any]:
    """A copy of an attempt's score details carrying the manual rating (None removes it).

    For front ends that record through a Recorder: merge into the attempt's current
    details after its score is recorded, then ``update_attempt(id, score_details=...)``.
    """
    if rating is not None and normalise_rating(rating) is None:
        raise ValueError(f"rating must be one of {', '.join(RATING_NAMES)}, not {rating!r}")
    out = dict(details)
    if rating is None:
        out.pop(OVERRIDE_KEY, None)
    else:
        out[OVERRIDE_KEY] = rating
    return out


@dataclass(frozen=True)
class OverrideResult:
    attempt_id: str
    question_text: str
    rating: RatingName | None  # None: the override was removed


def set_rating_override(
    store: HistoryStore, attempt_id: str, rating: RatingName | None
) -> OverrideResult:
    """Store (or with None remove) a manual review rating on one attempt.

    ``attempt_id`` may be a unique prefix of the id. Raises KeyError when no attempt
    matches and ValueError when the prefix matches several or the attempt is no first answer.
    """
    from tinydb import Query

    details_with_override({}, rating)  # checks the rating before the file is touched
    with store.transaction() as db:
        table = db.table("attempts")
        matches = [
            doc
            for doc in table.all()
            if isinstance(doc.get("id"), str) and doc["id"].startswith(attempt_id)
        ]
        exact = [doc for doc in matches if doc["id"] == attempt_id]
        if exact:
            matches = exact
        if not matches:
            raise KeyError(attempt_id)
        if len(matches) > 1:
            raise ValueError(f"{len(matches)} attempts start with {attempt_id!r}; give more of it")
        doc = matches[0]
        if doc.get("kind", "answer") != "answer":
            raise ValueError(
                f"attempt {doc['id']} is a {doc.get('kind')}; only first answers are rated"
            )
        details = details_with_override(doc.get("score_details") or {}, rating)
        table.update({"score_details": details}, Query().id == doc["id"])
        return OverrideResult(str(doc["id"]), str(doc.get("question_text", "")), rating)


def forecast(
    schedule: dict[str, QuestionSchedule], now: datetime, days: int, tz: tzinfo | None = None
) -> list[tuple[datetime, int]]:
    """How many questions fall due on each of the next ``days`` days (today's count includes
    the overdue ones)."""
    ends = [end_of_local_day(now, offset, tz) for offset in range(days)]
    counts = [0] * days
    for item in schedule.values():
        for index, end in enumerate(ends):
            if item.due <= end:
                counts[index] += 1
                break
    return list(zip(ends, counts, strict=True))
