"""Report statistics on generated histories, each number recomputed here another way."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from interview_cli.reports.model import Filters, Report
from interview_cli.reports.stats import build_report, mastery, streaks
from interview_cli.store import Attempt
from tests.support.report_history import DELETED_BANKS, LLM, LLM2, RUBRIC, generate, installed

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2024, 6, 1, 3, 0, tzinfo=UTC)  # noon in Seoul


@pytest.fixture(scope="module")
def history() -> list[Attempt]:
    _, attempts = generate(sessions=320, days=150, seed=11)
    return attempts


@pytest.fixture(scope="module")
def report(history: list[Attempt]) -> Report:
    return build_report(history, now=NOW, tz=SEOUL, installed=installed())


def _at(a: Attempt) -> datetime:
    return datetime.fromisoformat(a.submitted_at)


def _seoul_day(a: Attempt) -> date:
    # Seoul keeps UTC+9 all year: a fixed shift is an independent way to get the local day
    return (_at(a).astimezone(UTC) + timedelta(hours=9)).date()


def _scored(attempts: list[Attempt]) -> list[Attempt]:
    return [a for a in attempts if a.kind == "answer" and not a.skipped and a.score is not None]


def test_history_is_big_and_varied(history: list[Attempt]) -> None:
    assert len({a.session_id for a in history}) == 320
    assert len(history) > 1500
    assert {a.scorer.key for a in history if a.scorer} == {LLM.key, LLM2.key, RUBRIC.key}
    assert any(a.bank_id in DELETED_BANKS for a in history)
    days = {_seoul_day(a) for a in history}
    assert max(days) - min(days) > timedelta(days=120)


def test_overview_counts(history: list[Attempt], report: Report) -> None:
    o = report.overview
    answers = [a for a in history if a.kind == "answer"]
    assert o.sessions == len({a.session_id for a in history})
    assert o.attempts == len(history)
    assert o.answers == sum(1 for a in answers if not a.skipped)
    assert o.skipped == sum(1 for a in answers if a.skipped)
    assert o.follow_ups == sum(1 for a in history if a.kind == "follow_up")
    assert o.retries == 0
    assert o.scored == len(_scored(history))
    assert o.questions == len({(a.bank_id, a.question_id) for a in answers if not a.skipped})
    assert o.time_spent_s == pytest.approx(sum(a.time_taken_s for a in history))
    assert o.practice_days == len({_seoul_day(a) for a in history})
    assert o.first_at == min(_at(a) for a in history)
    assert o.last_at == max(_at(a) for a in history)
    assert sum(w.attempts for w in o.weeks) == len(history)
    assert report.history_attempts == len(history)
    assert not report.empty


def test_streaks_recomputed(history: list[Attempt], report: Report) -> None:
    days = sorted({_seoul_day(a) for a in history})
    runs = [1]
    for before, day in itertools.pairwise(days):
        if day - before == timedelta(days=1):
            runs[-1] += 1
        else:
            runs.append(1)
    assert report.overview.longest_streak_days == max(runs)
    today = NOW.astimezone(SEOUL).date()
    last = days[-1]
    alive = today - last <= timedelta(days=1)
    assert report.overview.current_streak_days == (runs[-1] if alive else 0)


def test_streak_rules() -> None:
    today = date(2024, 5, 10)
    run = {today - timedelta(days=n) for n in range(1, 4)}  # the three days before today
    assert streaks(run, today) == (3, 3)  # not practised yet today: still alive
    assert streaks(run | {today}, today) == (4, 4)
    assert streaks({today - timedelta(days=5)}, today) == (0, 1)
    assert streaks(set(), today) == (0, 0)


def test_scores_are_kept_apart_per_scorer(history: list[Attempt], report: Report) -> None:
    scored = _scored(history)
    keys = {a.scorer.key for a in scored if a.scorer}
    assert {s.key for s in report.scorers} == keys
    for summary in report.scorers:
        mine = [a.score for a in scored if a.scorer and a.scorer.key == summary.key]
        assert summary.scored == len(mine)
        assert summary.average == pytest.approx(statistics.fmean(x for x in mine if x is not None))
    # the one used last comes first: it describes the present
    last_used = max(scored, key=_at).scorer
    assert last_used is not None and report.scorers[0].key == last_used.key
    overall = statistics.fmean(a.score for a in scored if a.score is not None)
    assert all(s.average != pytest.approx(overall, abs=1e-9) for s in report.scorers)
    assert any("3 different scorers" in n for n in report.notes)


def test_weekly_trend_per_scorer(history: list[Attempt], report: Report) -> None:
    scored = _scored(history)
    for trend in report.trends:
        by_week: dict[tuple[int, int], list[float]] = defaultdict(list)
        for a in scored:
            if a.scorer and a.scorer.key == trend.scorer_key and a.score is not None:
                by_week[_seoul_day(a).isocalendar()[:2]].append(a.score)
        got = {p.week_start.isocalendar()[:2]: p for p in trend.weeks}
        assert {k for k, p in got.items() if p.count} == set(by_week)
        for week, values in by_week.items():
            assert got[week].count == len(values)
            assert got[week].average == pytest.approx(statistics.fmean(values))
        assert all(p.week_start.weekday() == 0 for p in trend.weeks)
        mine = [a for a in scored if a.scorer and a.scorer.key == trend.scorer_key]
        xs = [(_at(a) - _at(mine[0])).total_seconds() / 86400 for a in mine]
        slope = statistics.linear_regression(xs, [float(a.score or 0) for a in mine]).slope
        assert trend.slope_per_week == pytest.approx(slope * 7)
    # scores improve over the generated months, and the report sees it
    assert all(t.slope_per_week is not None and t.slope_per_week > 0 for t in report.trends)


@pytest.mark.parametrize("kind", ["topic", "bank"])
def test_groups_per_scorer(history: list[Attempt], report: Report, kind: str) -> None:
    groups = report.topics if kind == "topic" else report.banks
    expected: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for a in _scored(history):
        assert a.scorer is not None
        expected[(a.scorer.key, a.topic if kind == "topic" else a.bank_id)].append(a)  # type: ignore[index]
    assert {(g.scorer_key, g.name) for g in groups} == set(expected)
    for g in groups:
        mine = sorted(expected[(g.scorer_key, g.name)], key=lambda a: (_at(a), a.id))
        assert g.attempts == len(mine)
        assert g.questions == len({a.question_id for a in mine})
        assert g.average == pytest.approx(statistics.fmean(float(a.score or 0) for a in mine))
        assert g.latest == mine[-1].score
        assert g.latest_at == _at(mine[-1])
        weights = [0.5 ** ((NOW - _at(a)).total_seconds() / 86400 / 14) for a in mine]
        weighted = sum(w * float(a.score or 0) for w, a in zip(weights, mine, strict=True))
        assert g.mastery == pytest.approx(weighted / (sum(weights) + 1) / 10)
        if kind == "bank":
            assert g.installed is (g.name not in DELETED_BANKS)
    # weakest first within each scorer
    for scorer in report.scorers:
        values = [g.mastery for g in groups if g.scorer_key == scorer.key]
        assert values == sorted(values)


def test_mastery_formula() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert mastery([], now) == 0.0
    assert mastery([(now, 10.0)], now) == pytest.approx(0.5)
    assert mastery([(now, 10.0)] * 10, now) == pytest.approx(10 / 11)
    two_weeks = now - timedelta(days=14)
    assert mastery([(two_weeks, 10.0)] * 10, now) == pytest.approx(50 / 6 / 10)
    assert mastery([(now, 10.0)] * 2, now, cells=2) == pytest.approx(0.5)  # a phantom per pair


def _os_attempt(bank: str, n: int, score: float, days_ago: float) -> Attempt:
    at = NOW - timedelta(days=days_ago)
    return Attempt(
        session_id=f"s-{bank}-{n}",
        bank_id=bank,
        question_id=f"os-q{n}",
        question_text=f"OS question {n}?",
        answer="an answer",
        topic="os",
        id=f"{bank}-{n}",
        submitted_at=at.isoformat(timespec="milliseconds"),
        score=score,
        scorer=LLM,
    )


def test_a_topic_over_two_banks_agrees_with_its_banks() -> None:
    """Report: "os 52%" while both os banks showed 44%. A topic's mastery is its banks' mastery
    weighted by their evidence: equal when they agree, between them when they do not."""
    same = [(0, 6.0, 10.0), (1, 7.0, 3.0), (2, 5.0, 1.0)]
    attempts = [_os_attempt(b, n, s, d) for b in ("os-en", "os-ko") for n, s, d in same]
    report = build_report(attempts, now=NOW, tz=SEOUL)
    (topic,) = report.topics
    banks = {g.name: g for g in report.banks}
    assert set(banks) == {"os-en", "os-ko"} and topic.name == "os"
    assert banks["os-en"].mastery == pytest.approx(banks["os-ko"].mastery)
    assert topic.mastery == pytest.approx(banks["os-en"].mastery)
    # each bank on its own is what mastery() says of its answers
    mine = [(datetime.fromisoformat(a.submitted_at), a.score or 0.0) for a in attempts[:3]]
    assert banks["os-en"].mastery == pytest.approx(mastery(mine, NOW))

    more = [*attempts[:3], _os_attempt("os-ko", 9, 9.5, 0.5)]
    report = build_report(more, now=NOW, tz=SEOUL)
    (topic,) = report.topics
    low, high = sorted(g.mastery for g in report.banks)
    assert low < topic.mastery < high
    # the banks' figures weighted by their evidence: recency weights plus the phantom's 1
    evidence = {
        g.name: 1
        + sum(
            0.5 ** ((NOW - _at(a)).total_seconds() / 86400 / 14)
            for a in more
            if a.bank_id == g.name
        )
        for g in report.banks
    }
    weighted = sum(evidence[g.name] * g.mastery for g in report.banks)
    assert topic.mastery == pytest.approx(weighted / sum(evidence.values()))


def test_missed_key_points(history: list[Attempt], report: Report) -> None:
    missed: Counter[tuple[str, str, str]] = Counter()
    judged: Counter[tuple[str, str, str]] = Counter()
    for a in sorted(history, key=_at):
        if a.kind != "answer":
            continue
        for item in a.score_details.get("key_points", []):
            key = (a.bank_id, a.question_id, item["key_point"])
            judged[key] += 1
            missed[key] += item["verdict"] == "missing"
    top = sorted(missed.values(), reverse=True)[:10]
    assert [m.missed for m in report.missed_key_points] == top
    for m in report.missed_key_points:
        key = (m.bank_id, m.question_id, m.key_point)
        assert m.missed == missed[key] and m.judged == judged[key]
        assert m.miss_rate == pytest.approx(missed[key] / judged[key])
    # generated data: the last key point of every question is the hard one
    assert all(" 2 " in m.key_point or " 2:" in m.key_point for m in report.missed_key_points[:5])


def test_score_drops(history: list[Attempt], report: Report) -> None:
    series: dict[tuple[str, str, str], list[Attempt]] = defaultdict(list)
    for a in sorted(_scored(history), key=lambda a: (_at(a), a.id)):
        assert a.scorer is not None
        series[(a.bank_id, a.question_id, a.scorer.key)].append(a)
    drops = []
    for key, items in series.items():
        if len(items) >= 2 and float(items[-2].score or 0) - float(items[-1].score or 0) >= 1:
            drops.append((float(items[-2].score or 0) - float(items[-1].score or 0), key))
    drops.sort(key=lambda d: -d[0])
    assert [round(d.drop, 6) for d in report.score_drops] == [round(d, 6) for d, _ in drops[:10]]
    for d in report.score_drops:
        items = series[(d.bank_id, d.question_id, d.scorer_key)]
        assert d.best == max(float(a.score or 0) for a in items)
        assert d.question_text == items[-1].question_text


def test_timing(history: list[Attempt], report: Report) -> None:
    answered = [a for a in history if a.kind == "answer" and not a.skipped]
    t = report.timing
    assert t.answers == len(answered)
    assert t.average_time_s == pytest.approx(statistics.fmean(a.time_taken_s for a in answered))
    assert t.with_limit == len(answered)
    assert t.overtime == sum(a.time_taken_s > (a.time_limit_s or 0) for a in answered)
    assert t.overtime_rate == pytest.approx(t.overtime / len(answered))
    ratio = statistics.fmean(a.time_taken_s / (a.time_limit_s or 1) for a in answered)
    assert t.average_ratio == pytest.approx(ratio)
    assert sum(x.answers for x in report.timing_by_topic) == len(answered)


def test_deleted_bank_reported_by_stored_text(history: list[Attempt], report: Report) -> None:
    gone = {a.question_text for a in history if a.bank_id in DELETED_BANKS}
    deleted_drops = [d for d in report.score_drops if d.bank_id in DELETED_BANKS]
    deleted_missed = [m for m in report.missed_key_points if m.bank_id in DELETED_BANKS]
    assert deleted_drops or deleted_missed
    assert all(d.question_text in gone for d in deleted_drops)
    assert all(m.question_text in gone for m in deleted_missed)
    assert any("no longer installed" in n and "old-net" in n for n in report.notes)
    deleted_due = [q for q in report.review.due if q.bank_id in DELETED_BANKS]
    assert all(q.available is False for q in deleted_due)


def test_review_counts(history: list[Attempt], report: Report) -> None:
    from interview_cli.scheduling import build_schedule, end_of_local_day

    schedule = build_schedule(history)
    today_end = end_of_local_day(NOW, tz=SEOUL)
    assert report.review.scheduled == len(schedule)
    assert report.review.due_today == sum(1 for q in schedule.values() if q.due <= today_end)
    week_end = end_of_local_day(NOW, 6, tz=SEOUL)
    assert report.review.due_this_week == sum(1 for q in schedule.values() if q.due <= week_end)
    assert report.review.forecast[0].count == report.review.due_today
    assert sum(d.count for d in report.review.forecast[:7]) == report.review.due_this_week
    assert len(report.review.due) == min(15, report.review.due_today)


def test_filters(history: list[Attempt]) -> None:
    since = date(2024, 4, 1)
    by_date = build_report(history, now=NOW, tz=SEOUL, filters=Filters(since=since))
    assert by_date.overview.attempts == sum(1 for a in history if _seoul_day(a) >= since)
    assert by_date.overview.weeks[0].week_start <= since
    only_ml = build_report(history, now=NOW, tz=SEOUL, filters=Filters(topics=("ml",)))
    assert {g.name for g in only_ml.topics} == {"ml"}
    assert only_ml.overview.attempts == sum(1 for a in history if a.topic == "ml")
    old = build_report(history, now=NOW, tz=SEOUL, filters=Filters(banks=("old-net",)))
    assert {g.name for g in old.banks} == {"old-net"}
    assert all(q.bank_id == "old-net" for q in old.review.due)
    nothing = build_report(history, now=NOW, tz=SEOUL, filters=Filters(banks=("nope",)))
    assert nothing.empty and nothing.history_attempts == len(history)
    assert "Banks in your history: db-en, ml-ko, old-net, os-en" in nothing.notes[0]


def test_local_day_boundaries() -> None:
    late = Attempt(
        session_id="s",
        bank_id="b",
        question_id="q",
        question_text="Q",
        answer="A",
        submitted_at="2024-03-01T16:30:00+00:00",
        score=5.0,
        scorer=RUBRIC,
    )
    seoul = build_report([late], now=NOW, tz=SEOUL)
    utc = build_report([late], now=NOW, tz=UTC)
    assert seoul.trends[0].weeks[0].week_start == date(2024, 2, 26)
    assert seoul.overview.first_at is not None
    since_2nd = build_report([late], now=NOW, tz=SEOUL, filters=Filters(since=date(2024, 3, 2)))
    assert since_2nd.overview.attempts == 1  # already 2 March in Seoul
    since_2nd_utc = build_report([late], now=NOW, tz=UTC, filters=Filters(since=date(2024, 3, 2)))
    assert since_2nd_utc.overview.attempts == 0
    assert utc.timezone == "UTC" and seoul.timezone == "Asia/Seoul"


def test_empty_history() -> None:
    report = build_report([], now=NOW, tz=SEOUL)
    assert report.empty
    assert report.overview.attempts == 0 and report.overview.weeks == ()
    assert report.scorers == () and report.review.scheduled == 0
    assert "interview practice" in report.notes[0]


def test_odd_records_do_not_break_the_report() -> None:
    odd = [
        Attempt(
            session_id="s",
            bank_id="b",
            question_id="q",
            question_text="Q",
            answer="A",
            submitted_at="not a time",
            score=5.0,
        ),
        Attempt(
            session_id="s",
            bank_id="b",
            question_id="q",
            question_text="Q",
            answer="A",
            submitted_at="2024-03-01T10:00:00",  # naive: written as UTC
            score=float("nan"),
            score_details={"key_points": ["not a dict", {"key_point": 3}]},
        ),
        Attempt(
            session_id="s",
            bank_id="b",
            question_id="q2",
            question_text="Q2",
            answer="A",
            submitted_at="2024-03-02T10:00:00+00:00",
            score=6.0,  # scored, but by a scorer nobody recorded
            score_details={"missed": ["a point from an older scorer"]},
        ),
    ]
    report = build_report(odd, now=NOW, tz=UTC)
    assert report.overview.attempts == 2
    assert [s.key for s in report.scorers] == ["unknown"]
    assert report.missed_key_points[0].key_point == "a point from an older scorer"


def test_answers_waiting_for_a_score_are_counted_and_left_out_of_averages() -> None:
    now = datetime(2024, 3, 1, 12, tzinfo=UTC)

    def answer(qid: str, score: float | None, **extra: object) -> Attempt:
        return Attempt(
            session_id="s",
            bank_id="os-en",
            question_id=qid,
            question_text="?",
            answer="a",
            topic="os",
            submitted_at="2024-03-01T10:00:00.000+00:00",
            score=score,
            scorer=LLM if score is not None else None,
            **extra,  # type: ignore[arg-type]
        )

    attempts = [
        answer("q1", 8.0),
        answer("q2", None),
        answer("q3", None),
        answer("q4", None, score_details={"error": "RuntimeError: boom"}),
    ]
    report = build_report(attempts, now=now, tz=UTC)
    assert report.overview.scored == 1
    assert [s.average for s in report.scorers] == [8.0]
    assert [t.average for t in report.topics] == [8.0]
    assert (
        "2 answers waiting for a score, left out of every average until scored "
        "(`interview score --pending` scores them)." in report.notes
    )
    assert not any("waiting" in n for n in build_report(attempts[:1], now=now, tz=UTC).notes)
