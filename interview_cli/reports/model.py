"""The report as plain data: what every renderer (terminal, Markdown, HTML, JSON, TUI) shows."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

REPORT_FORMAT = "interview-cli.report"
REPORT_VERSION = 1
NO_TOPIC = "(no topic)"
UNKNOWN_SCORER = "unknown"


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.since is not None or bool(self.banks) or bool(self.topics)

    def describe(self) -> str:
        parts = []
        if self.since is not None:
            parts.append(f"since {self.since.isoformat()}")
        if self.banks:
            parts.append("bank " + ", ".join(self.banks))
        if self.topics:
            parts.append("topic " + ", ".join(self.topics))
        return "; ".join(parts) if parts else "all history"


@dataclass(frozen=True)
class ScorerSummary:
    """One scorer configuration and the scores it produced (never mixed with another's)."""

    key: str
    label: str
    name: str
    method: str
    version: str
    model: str | None
    scored: int
    average: float | None
    first_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class WeekPoint:
    """One scorer's week: how many scored answers, and their average."""

    week_start: date  # the Monday of the (local) week
    count: int
    average: float | None  # None for a week without scores


@dataclass(frozen=True)
class ActivityWeek:
    """One week of practice, whatever the scorer."""

    week_start: date
    attempts: int
    time_s: float


@dataclass(frozen=True)
class ScorerTrend:
    scorer_key: str
    label: str
    weeks: tuple[WeekPoint, ...]
    slope_per_week: float | None  # least-squares change of the score per week


@dataclass(frozen=True)
class Overview:
    sessions: int
    attempts: int  # every attempt: answers, follow-ups and retries
    answers: int  # first answers to a question, skipped ones excluded
    skipped: int
    follow_ups: int
    retries: int
    scored: int  # first answers with a score
    questions: int  # distinct questions answered
    time_spent_s: float  # time spent writing answers (all attempts)
    practice_days: int
    current_streak_days: int
    longest_streak_days: int
    first_at: datetime | None
    last_at: datetime | None
    weeks: tuple[ActivityWeek, ...]


@dataclass(frozen=True)
class GroupStats:
    """One topic or bank, as scored by one scorer."""

    name: str
    scorer_key: str
    attempts: int
    questions: int
    average: float
    latest: float
    latest_at: datetime
    slope_per_week: float | None
    mastery: float  # 0..1, see docs/report-json.md
    installed: bool | None = None  # banks only: None when unknown


@dataclass(frozen=True)
class MissedKeyPoint:
    bank_id: str
    question_id: str
    question_text: str
    topic: str
    key_point: str
    missed: int
    partial: int
    judged: int
    last_missed_at: datetime
    missed_last_time: bool
    scorers: tuple[str, ...]

    @property
    def miss_rate(self) -> float:
        return self.missed / self.judged if self.judged else 0.0


@dataclass(frozen=True)
class ScoreDrop:
    bank_id: str
    question_id: str
    question_text: str
    topic: str
    scorer_key: str
    previous: float
    latest: float
    best: float
    previous_at: datetime
    latest_at: datetime

    @property
    def drop(self) -> float:
        return self.previous - self.latest


@dataclass(frozen=True)
class TimingStats:
    name: str
    answers: int
    average_time_s: float | None
    with_limit: int
    average_limit_s: float | None
    average_ratio: float | None  # time taken / time limit
    overtime: int
    overtime_rate: float | None  # overtime answers / answers with a limit


@dataclass(frozen=True)
class DueQuestion:
    bank_id: str
    question_id: str
    question_text: str
    topic: str
    due_at: datetime
    overdue_days: float
    reviews: int
    last_rating: str
    last_score: float | None
    retrievability: float
    last_attempt_id: str
    available: bool | None  # can it be practised (bank and question still installed)


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class ReviewSummary:
    scheduled: int
    due_today: int
    due_this_week: int
    overdue: int
    next_due_at: datetime | None  # the first review after today
    forecast: tuple[DayCount, ...]
    due: tuple[DueQuestion, ...]  # the most urgent due ones, at most a screenful


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    timezone: str
    filters: Filters
    history_attempts: int  # in the whole history, before filtering
    overview: Overview
    scorers: tuple[ScorerSummary, ...]
    trends: tuple[ScorerTrend, ...]
    topics: tuple[GroupStats, ...]
    banks: tuple[GroupStats, ...]
    missed_key_points: tuple[MissedKeyPoint, ...]
    score_drops: tuple[ScoreDrop, ...]
    timing: TimingStats
    timing_by_topic: tuple[TimingStats, ...]
    review: ReviewSummary
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self.overview.attempts == 0

    def scorer(self, key: str) -> ScorerSummary | None:
        return next((s for s in self.scorers if s.key == key), None)

    def label(self, key: str) -> str:
        found = self.scorer(key)
        return found.label if found else key

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in docs/report-json.md."""
        data = _plain(self)
        assert isinstance(data, dict)
        data = {"format": REPORT_FORMAT, "version": REPORT_VERSION, **data}
        data["empty"] = self.empty
        for item, source in zip(data["missed_key_points"], self.missed_key_points, strict=True):
            item["miss_rate"] = round(source.miss_rate, 3)
        for item, drop in zip(data["score_drops"], self.score_drops, strict=True):
            item["drop"] = round(drop.drop, 3)
        return data


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3) if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
