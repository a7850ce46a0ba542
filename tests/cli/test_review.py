"""`interview review`: which questions are due, listing them, and starting a session on them."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.banks.loader import load_all_banks
from interview_cli.banks.schema import Bank
from interview_cli.cli import app
from interview_cli.cli.review import build_plan, plan_review
from interview_cli.config import Settings
from interview_cli.paths import resolve_paths
from interview_cli.planning.picking import SessionOptions
from interview_cli.reports import installed_from, quick_installed
from interview_cli.store import Attempt, HistoryStore
from tests.support.report_history import RUBRIC

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def shipped() -> list[Bank]:
    banks = load_all_banks(Path("/nonexistent-user-banks")).banks
    assert banks
    return banks


def _store() -> HistoryStore:
    paths = resolve_paths()
    return HistoryStore(paths.history_file, backups_dir=paths.backups_dir)


def _answer(
    bank: str, question: str, text: str, days_ago: float, score: float, **kw: object
) -> Attempt:
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return Attempt(
        session_id="s1",
        bank_id=bank,
        question_id=question,
        question_text=text,
        answer="my answer",
        topic=str(kw.pop("topic", "os")),
        submitted_at=at.isoformat(),
        score=score,
        scorer=RUBRIC,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def due_history(interview_home: Path, shipped: list[Bank]) -> list[Attempt]:
    """Three real questions: two failed weeks ago (due), one answered well today (not due);
    plus one from a bank that no longer exists (due, but cannot be practised)."""
    bank = shipped[0]
    q = bank.questions
    attempts = [
        _answer(bank.id, q[0].id, q[0].question, 20, 2.0, topic=q[0].topic),
        _answer(bank.id, q[1].id, q[1].question, 5, 3.0, topic=q[1].topic),
        _answer(bank.id, q[2].id, q[2].question, 0.01, 9.5, topic=q[2].topic),
        _answer("gone-bank", "old-q", "A question from a deleted bank", 15, 1.0),
    ]
    store = _store()
    for attempt in attempts:
        store.attempts.add(attempt)
    return attempts


def test_nothing_to_review_on_a_fresh_home(interview_home: Path) -> None:
    code, out, _ = _run("review")
    assert code == 0 and "Nothing to review yet" in out and "interview practice" in out


def test_nothing_due_says_when_next(interview_home: Path, shipped: list[Bank]) -> None:
    q = shipped[0].questions[0]
    _store().attempts.add(_answer(shipped[0].id, q.id, q.question, 0.01, 8.0))
    code, out, _ = _run("review", "--list")
    assert code == 0
    assert "Nothing is due for review today. Next review:" in out and "due this week" in out


def test_plan_review_splits_available_and_deleted(
    due_history: list[Attempt], shipped: list[Bank]
) -> None:
    plan = plan_review(
        due_history, datetime.now().astimezone(), quick_installed(Path("/nonexistent"))
    )
    # most overdue first: failed 20 days ago, the deleted one 15 days ago, then 5 days ago
    assert [q.question_id for q in plan.due] == [
        due_history[0].question_id,
        "old-q",
        due_history[1].question_id,
    ]
    assert [q.question_id for q in plan.available] == [
        due_history[0].question_id,
        due_history[1].question_id,
    ]
    assert [q.bank_id for q in plan.unavailable] == ["gone-bank"]
    assert plan.scheduled == 4
    # the full loader and the quick id scan agree on what is installed
    full = installed_from(load_all_banks(Path("/nonexistent")))
    assert full == quick_installed(Path("/nonexistent"))


def test_review_list_and_json(due_history: list[Attempt]) -> None:
    code, out, _ = _run("review", "--list")
    assert code == 0
    assert "3 due for review today" in out
    assert due_history[0].question_text[:30] in out
    assert "cannot be practised" in out and "A question from a deleted bank" in out
    assert due_history[0].id[:8] in out  # the id `history rate` takes
    code, out, _ = _run("review", "--json", "--count", "1")
    assert code == 0
    data = json.loads(out)
    assert data["due_today"] == 3
    assert [q["question_id"] for q in data["selected"]] == [due_history[0].question_id]
    assert [q["bank_id"] for q in data["unavailable"]] == ["gone-bank"]
    assert 0 < data["selected"][0]["retrievability"] < 0.9


def test_review_filters(due_history: list[Attempt]) -> None:
    code, out, _ = _run("review", "--json", "--bank", "gone-bank")
    data = json.loads(out)
    assert data["due_today"] == 1 and data["selected"] == []
    code, _, err = _run("review", "--bank", "gone-bank")
    assert code == 1 and "none of the due questions can be practised" in err


def test_rating_override_takes_a_question_off_the_due_list(due_history: list[Attempt]) -> None:
    # the failed answer was in fact fine: rate it easy, and it is no longer due today
    assert _run("history", "rate", due_history[1].id, "easy")[0] == 0
    data = json.loads(_run("review", "--json")[1])
    assert data["due_today"] == 2
    assert due_history[1].question_id not in [q["question_id"] for q in data["selected"]]
    assert data["due_this_week"] == 3  # an easy first answer comes back after about 8 days


def test_review_needs_a_terminal_to_start(due_history: list[Attempt]) -> None:
    code, _, err = _run("review")
    assert code == 2 and "needs an interactive terminal" in err and "--list" in err


def test_build_plan_keeps_the_order_and_time_limits(
    due_history: list[Attempt], shipped: list[Bank]
) -> None:
    plan = plan_review(due_history, datetime.now().astimezone(), quick_installed(Path("/x")))
    options = SessionOptions(time_limit_s=45, time_limit_overrides=True)
    planned = build_plan(plan.due, shipped, options)
    assert [p.key for p in planned] == [q.key for q in plan.available]
    assert all(p.time_limit_s == 45 for p in planned)


def test_the_app_starts_on_the_due_questions(
    due_history: list[Attempt], shipped: list[Bank]
) -> None:
    asyncio.run(_start_app(due_history, shipped))


async def _start_app(due_history: list[Attempt], shipped: list[Bank]) -> None:
    from interview_cli.scoring.factory import rubric_scorer
    from interview_cli.tui.app import PracticeApp
    from interview_cli.tui.app_config import PracticeAppConfig, store_recorder

    plan = plan_review(due_history, datetime.now().astimezone(), quick_installed(Path("/x")))
    planned = build_plan(plan.available, shipped, SessionOptions())
    store = _store()
    practice = PracticeApp(
        PracticeAppConfig(
            Settings(),
            shipped,
            store_recorder(store),
            scorer=rubric_scorer(),
            plan=planned,
            history_path=store.path,
        )
    )
    async with practice.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert practice.session is not None
        assert [p.key for p in practice.session.plan] == [q.key for q in plan.available]
        await pilot.press("ctrl+q")
