"""Statistics over the attempt history: a pure function from attempts to a Report."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from interview_cli.reports.model import (
    NO_TOPIC,
    UNKNOWN_SCORER,
    ActivityWeek,
    DayCount,
    DueQuestion,
    Filters,
    GroupStats,
    MissedKeyPoint,
    Overview,
    Report,
    ReviewSummary,
    ScoreDrop,
    ScorerSummary,
    ScorerTrend,
    TimingStats,
    WeekPoint,
)

if TYPE_CHECKING:
    from interview_cli.store import Attempt, ScorerInfo

MASTERY_HALF_LIFE_DAYS = 14.0
MASTERY_PRIOR_WEIGHT = 1.0  # one phantom zero-score attempt: little evidence means low mastery
TREND_MIN_POINTS = 3
TREND_MIN_SPAN_DAYS = 7.0
DROP_MIN_POINTS = 1.0
TOP_N = 10
DUE_SHOWN = 15
FORECAST_DAYS = 14


@dataclass(frozen=True)
class Installed:
    """What the loaded banks offer, to tell history of deleted banks or questions apart."""

    banks: frozenset[str]
    questions: frozenset[str]  # "bank/question"


@dataclass
class _Row:
    """One attempt with the values every statistic needs, computed once."""

    attempt: Attempt
    at: datetime  # aware UTC
    local_day: date
    topic: str
    scorer_key: str
    qkey: str


def scorer_key(attempt: Attempt) -> str:
    return attempt.scorer.key if attempt.scorer is not None else UNKNOWN_SCORER


def topic_of(attempt: Attempt) -> str:
    return attempt.topic or NO_TOPIC


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def slope_per_week(points: Sequence[tuple[datetime, float]]) -> float | None:
    """Least-squares slope of score against time, in points per week.

    None with fewer than three points or under a week between the first and the last:
    a slope over one evening says nothing about progress.
    """
    if len(points) < TREND_MIN_POINTS:
        return None
    origin = points[0][0]
    xs = [(at - origin).total_seconds() / 86400 for at, _ in points]
    if max(xs) - min(xs) < TREND_MIN_SPAN_DAYS:
        return None
    ys = [score for _, score in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx * 7 if sxx else None


def mastery(points: Sequence[tuple[datetime, float]], now: datetime, cells: int = 1) -> float:
    """Recency-weighted mean score as 0..1, pulled toward 0 when evidence is thin or old.

    Each score weighs 0.5 ** (age_days / 14); one phantom attempt scoring 0 with weight 1
    is added, so one good answer today gives 0.5 and ten good answers give about 0.9.

    ``cells``: how many (topic, bank) pairs the points come from; each brings its own phantom
    attempt. So a topic that spans two banks gets the mean of the two banks' figures, weighted
    by their evidence, and never a higher figure than both (one phantom for twice the answers
    read "os 52%" next to two os banks at 44%); a bank of one topic keeps the figure it had.
    """
    total = 0.0
    weights = MASTERY_PRIOR_WEIGHT * cells
    for at, score in points:
        age = max(0.0, (now - at).total_seconds() / 86400)
        weight = 0.5 ** (age / MASTERY_HALF_LIFE_DAYS)
        total += weight * score
        weights += weight
    return min(1.0, max(0.0, total / weights / 10))


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive practice days.

    The current streak is still alive on a day not yet practised: it counts back from
    yesterday then.
    """
    longest = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        longest = max(longest, length)
    start = today if today in days else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in days:
        current += 1
    return current, longest


GENERATED_MARK = " (generated, unverified)"


def key_point_verdicts(details: dict[str, object]) -> list[tuple[str, str]]:
    """(key point, verdict) pairs from an attempt's score details.

    Reads the scorer's ``key_points`` list (ScoreResult.to_dict); older or simpler
    scorers may only leave a ``missed`` list of key point texts.
    """
    items = details.get("key_points")
    out: list[tuple[str, str]] = []
    # key points a model wrote (questions about a résumé) are shown as what they are
    mark = GENERATED_MARK if details.get("key_points_source") == "generated" else ""
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict):
                continue
            point, verdict = item.get("key_point"), item.get("verdict")
            if isinstance(point, str) and verdict in VERDICTS:
                out.append((point + mark, str(verdict)))
        return out
    missed = details.get("missed")
    if isinstance(missed, list):
        out = [(point, "missing") for point in missed if isinstance(point, str)]
    return out


VERDICTS = ("covered", "partial", "missing", "contradicted")


def _label_scorers(attempts: Iterable[Attempt]) -> dict[str, str]:
    """Short, unique, readable names for scorer keys (the full key stays in JSON)."""
    infos: dict[str, ScorerInfo] = {}
    for attempt in attempts:
        if attempt.scorer is not None:
            infos.setdefault(attempt.scorer.key, attempt.scorer)
    labels: dict[str, str] = {UNKNOWN_SCORER: "unknown scorer"}
    first = {k: f"{i.name} · {i.model or i.method}" for k, i in infos.items()}
    second = {k: f"{first[k]} v{i.version}" for k, i in infos.items()}
    for key in infos:
        label = first[key]
        if list(first.values()).count(label) > 1:
            label = second[key]
            if list(second.values()).count(label) > 1:
                label = key
        labels[key] = label
    return labels


def _rows(attempts: Iterable[Attempt], tz: tzinfo | None) -> tuple[list[_Row], dict[str, str]]:
    from interview_cli.scheduling import parse_time, question_key

    rows: list[_Row] = []
    materialised = list(attempts)
    for attempt in materialised:
        try:
            at = parse_time(attempt.submitted_at)
        except ValueError:
            continue  # an unreadable timestamp cannot be placed on the time line
        rows.append(
            _Row(
                attempt=attempt,
                at=at,
                local_day=at.astimezone(tz).date(),
                topic=topic_of(attempt),
                scorer_key=scorer_key(attempt),
                qkey=question_key(attempt.bank_id, attempt.question_id),
            )
        )
    rows.sort(key=lambda r: (r.at, r.attempt.id))
    return rows, _label_scorers(materialised)


def _scored(row: _Row) -> bool:
    score = row.attempt.score
    return (
        row.attempt.kind == "answer"
        and not row.attempt.skipped
        and score is not None
        and math.isfinite(score)
    )


def _weeks(first: date, last: date) -> list[date]:
    out = []
    week = week_start(first)
    while week <= last:
        out.append(week)
        week += timedelta(days=7)
    return out


def _group_stats(
    rows: Sequence[_Row], name_of: str, now: datetime, installed: Installed | None
) -> list[GroupStats]:
    groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        name = row.topic if name_of == "topic" else row.attempt.bank_id
        groups[(row.scorer_key, name)].append(row)
    out = []
    for (key, name), members in groups.items():
        points = [(r.at, float(r.attempt.score or 0.0)) for r in members]
        flag = None
        if name_of == "bank" and installed is not None:
            flag = name in installed.banks
        out.append(
            GroupStats(
                name=name,
                scorer_key=key,
                attempts=len(members),
                questions=len({r.qkey for r in members}),
                average=sum(s for _, s in points) / len(points),
                latest=points[-1][1],
                latest_at=points[-1][0],
                slope_per_week=slope_per_week(points),
                mastery=mastery(points, now, len({(r.topic, r.attempt.bank_id) for r in members})),
                installed=flag,
            )
        )
    return out


def _timing(name: str, rows: Sequence[_Row]) -> TimingStats:
    answered = [r.attempt for r in rows if r.attempt.kind == "answer" and not r.attempt.skipped]
    limited = [a for a in answered if a.time_limit_s]
    overtime = sum(1 for a in limited if a.overtime)
    return TimingStats(
        name=name,
        answers=len(answered),
        average_time_s=(
            sum(a.time_taken_s for a in answered) / len(answered) if answered else None
        ),
        with_limit=len(limited),
        average_limit_s=(
            sum(float(a.time_limit_s or 0) for a in limited) / len(limited) if limited else None
        ),
        average_ratio=(
            sum(a.time_taken_s / float(a.time_limit_s or 1) for a in limited) / len(limited)
            if limited
            else None
        ),
        overtime=overtime,
        overtime_rate=overtime / len(limited) if limited else None,
    )


def _missed_key_points(rows: Sequence[_Row], top_n: int) -> list[MissedKeyPoint]:
    @dataclass
    class _Tally:
        row: _Row
        missed: int = 0
        partial: int = 0
        judged: int = 0
        last_missed: datetime | None = None
        last_verdict: str = ""

    tallies: dict[tuple[str, str], _Tally] = {}
    scorers: dict[tuple[str, str], set[str]] = defaultdict(set)
    latest_text: dict[str, _Row] = {}
    for row in rows:
        if row.attempt.kind != "answer":
            continue
        latest_text[row.qkey] = row
        for point, verdict in key_point_verdicts(row.attempt.score_details):
            tally = tallies.setdefault((row.qkey, point), _Tally(row))
            tally.judged += 1
            tally.last_verdict = verdict
            scorers[(row.qkey, point)].add(row.scorer_key)
            if verdict in ("missing", "contradicted"):
                tally.missed += 1
                tally.last_missed = row.at
            elif verdict == "partial":
                tally.partial += 1
    out = []
    for (qkey, point), tally in tallies.items():
        if not tally.missed or tally.last_missed is None:
            continue
        newest = latest_text[qkey]
        out.append(
            MissedKeyPoint(
                bank_id=newest.attempt.bank_id,
                question_id=newest.attempt.question_id,
                question_text=newest.attempt.question_text,
                topic=newest.topic,
                key_point=point,
                missed=tally.missed,
                partial=tally.partial,
                judged=tally.judged,
                last_missed_at=tally.last_missed,
                missed_last_time=tally.last_verdict in ("missing", "contradicted"),
                scorers=tuple(sorted(scorers[(qkey, point)])),
            )
        )
    out.sort(key=lambda m: (-m.missed, -m.miss_rate, -m.last_missed_at.timestamp(), m.key_point))
    return out[:top_n]


def _score_drops(rows: Sequence[_Row], top_n: int) -> list[ScoreDrop]:
    history: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        history[(row.qkey, row.scorer_key)].append(row)
    out = []
    for (_, key), members in history.items():
        if len(members) < 2:
            continue
        previous, latest = members[-2], members[-1]
        before, now_score = float(previous.attempt.score or 0), float(latest.attempt.score or 0)
        if before - now_score < DROP_MIN_POINTS:
            continue
        out.append(
            ScoreDrop(
                bank_id=latest.attempt.bank_id,
                question_id=latest.attempt.question_id,
                question_text=latest.attempt.question_text,
                topic=latest.topic,
                scorer_key=key,
                previous=before,
                latest=now_score,
                best=max(float(r.attempt.score or 0) for r in members),
                previous_at=previous.at,
                latest_at=latest.at,
            )
        )
    out.sort(key=lambda d: (-d.drop, -d.latest_at.timestamp(), d.question_id))
    return out[:top_n]


def _review(
    rows: Sequence[_Row], now: datetime, tz: tzinfo | None, installed: Installed | None
) -> ReviewSummary:
    from interview_cli.scheduling import (
        due_questions,
        end_of_local_day,
        forecast,
        make_scheduler,
        replay,
    )

    schedule = replay([(r.at, r.attempt) for r in rows])
    end_today = end_of_local_day(now, 0, tz)
    start_today = end_of_local_day(now, -1, tz)
    due_now = due_questions(schedule, end_today)
    scheduler = make_scheduler()
    shown = []
    for item in due_now[:DUE_SHOWN]:
        available = None
        if installed is not None:
            available = item.key in installed.questions
        shown.append(
            DueQuestion(
                bank_id=item.bank_id,
                question_id=item.question_id,
                question_text=item.question_text,
                topic=item.topic or NO_TOPIC,
                due_at=item.due,
                overdue_days=max(0.0, (now - item.due).total_seconds() / 86400),
                reviews=item.reviews,
                last_rating=item.last_rating,
                last_score=item.last_score,
                retrievability=item.retrievability(now, scheduler),
                last_attempt_id=item.last_attempt_id,
                available=available,
            )
        )
    week = forecast(schedule, now, FORECAST_DAYS, tz)
    future = [item.due for item in schedule.values() if item.due > end_today]
    return ReviewSummary(
        scheduled=len(schedule),
        due_today=len(due_now),
        due_this_week=sum(1 for item in schedule.values() if item.due <= week[6][0]),
        overdue=sum(1 for item in schedule.values() if item.due <= start_today),
        next_due_at=min(future) if future else None,
        forecast=tuple(DayCount(end.date(), count) for end, count in week),
        due=tuple(shown),
    )


def _matches(row: _Row, filters: Filters) -> bool:
    if filters.banks and row.attempt.bank_id not in filters.banks:
        return False
    return not filters.topics or row.topic in filters.topics


def build_report(
    attempts: Iterable[Attempt],
    now: datetime,
    filters: Filters | None = None,
    tz: tzinfo | None = None,
    installed: Installed | None = None,
    top_n: int = TOP_N,
) -> Report:
    """Everything the report shows, from the history alone (deleted banks included).

    ``now`` must be aware; days and weeks are calendar days in ``tz`` (None: the machine's
    local zone). ``--since`` narrows the statistics but not the review schedule, which
    always replays each question's whole history.
    """
    filters = filters or Filters()
    all_rows, labels = _rows(attempts, tz)
    scope = [r for r in all_rows if _matches(r, filters)]
    rows = [r for r in scope if filters.since is None or r.local_day >= filters.since]
    today = now.astimezone(tz).date()

    answers = [r for r in rows if r.attempt.kind == "answer"]
    scored = [r for r in rows if _scored(r)]
    days = {r.local_day for r in rows}
    current, longest = streaks(days, today)

    week_list: list[date] = []
    if rows:
        first_day = filters.since or rows[0].local_day
        week_list = _weeks(min(first_day, rows[0].local_day), max(today, rows[-1].local_day))
    activity: dict[date, list[_Row]] = defaultdict(list)
    for row in rows:
        activity[week_start(row.local_day)].append(row)
    overview = Overview(
        sessions=len({r.attempt.session_id for r in rows}),
        attempts=len(rows),
        answers=sum(1 for r in answers if not r.attempt.skipped),
        skipped=sum(1 for r in answers if r.attempt.skipped),
        follow_ups=sum(1 for r in rows if r.attempt.kind == "follow_up"),
        retries=sum(1 for r in rows if r.attempt.kind == "retry"),
        scored=len(scored),
        questions=len({r.qkey for r in answers if not r.attempt.skipped}),
        time_spent_s=sum(r.attempt.time_taken_s for r in rows),
        practice_days=len(days),
        current_streak_days=current,
        longest_streak_days=longest,
        first_at=rows[0].at if rows else None,
        last_at=rows[-1].at if rows else None,
        weeks=tuple(
            ActivityWeek(
                week_start=week,
                attempts=len(activity.get(week, ())),
                time_s=sum(r.attempt.time_taken_s for r in activity.get(week, ())),
            )
            for week in week_list
        ),
    )

    by_scorer: dict[str, list[_Row]] = defaultdict(list)
    for row in scored:
        by_scorer[row.scorer_key].append(row)
    # the scorer used last first: it describes where the person stands now
    order = sorted(by_scorer, key=lambda k: (-by_scorer[k][-1].at.timestamp(), k))
    scorers = []
    trends = []
    for key in order:
        members = by_scorer[key]
        info = members[-1].attempt.scorer
        values = [float(r.attempt.score or 0.0) for r in members]
        scorers.append(
            ScorerSummary(
                key=key,
                label=labels.get(key, key),
                name=info.name if info else UNKNOWN_SCORER,
                method=info.method if info else "",
                version=info.version if info else "",
                model=info.model if info else None,
                scored=len(members),
                average=sum(values) / len(values),
                first_at=members[0].at,
                last_at=members[-1].at,
            )
        )
        per_week: dict[date, list[float]] = defaultdict(list)
        for row, value in zip(members, values, strict=True):
            per_week[week_start(row.local_day)].append(value)
        trends.append(
            ScorerTrend(
                scorer_key=key,
                label=labels.get(key, key),
                weeks=tuple(
                    WeekPoint(
                        week_start=week,
                        count=len(per_week.get(week, ())),
                        average=(
                            sum(per_week[week]) / len(per_week[week]) if week in per_week else None
                        ),
                    )
                    for week in week_list
                ),
                slope_per_week=slope_per_week(
                    [(r.at, v) for r, v in zip(members, values, strict=True)]
                ),
            )
        )

    rank = {key: index for index, key in enumerate(order)}

    def group_order(g: GroupStats) -> tuple[int, float, str]:
        return (rank[g.scorer_key], g.mastery, g.name)

    topics = sorted(_group_stats(scored, "topic", now, installed), key=group_order)
    banks = sorted(_group_stats(scored, "bank", now, installed), key=group_order)

    topic_names = sorted({r.topic for r in answers})
    notes = []
    if not all_rows:
        notes.append("No practice yet. Start with `interview practice`; this report fills in.")
    elif not rows:
        known_banks = ", ".join(sorted({r.attempt.bank_id for r in all_rows}))
        known_topics = ", ".join(sorted({r.topic for r in all_rows}))
        notes.append(
            f"No attempts match ({filters.describe()}). "
            f"Banks in your history: {known_banks}. Topics: {known_topics}."
        )
    from interview_cli.store.pending import score_pending_hint, waiting_for_score, waiting_text

    waiting = len(waiting_for_score(r.attempt for r in rows))
    if waiting:
        notes.append(
            f"{waiting_text(waiting)}, left out of every average until scored "
            f"({score_pending_hint(waiting)})."
        )
    if len(scorers) > 1:
        notes.append(
            f"Scores come from {len(scorers)} different scorers; each is shown on its own "
            "and never averaged with another."
        )
    if installed is not None:
        gone = sorted({r.attempt.bank_id for r in rows} - installed.banks)
        if gone:
            notes.append(
                "Banks no longer installed (shown by their stored question text): "
                + ", ".join(gone)
            )

    return Report(
        generated_at=now,
        timezone=str(getattr(tz, "key", None) or now.astimezone(tz).tzname() or "local"),
        filters=filters,
        history_attempts=len(all_rows),
        overview=overview,
        scorers=tuple(scorers),
        trends=tuple(trends),
        topics=tuple(topics),
        banks=tuple(banks),
        missed_key_points=tuple(_missed_key_points(rows, top_n)),
        score_drops=tuple(_score_drops(scored, top_n)),
        timing=_timing("all", rows),
        timing_by_topic=tuple(
            _timing(name, [r for r in rows if r.topic == name]) for name in topic_names
        ),
        review=_review(scope, now, tz, installed),
        notes=tuple(notes),
    )
