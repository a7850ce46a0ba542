"""`interview review`: practise the questions the spaced-review schedule says are due."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from interview_cli.cli import _common
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.config import Settings
    from interview_cli.planning.picking import SessionOptions
    from interview_cli.planning.questions import PlannedQuestion
    from interview_cli.reports.stats import Installed
    from interview_cli.scheduling import QuestionSchedule
    from interview_cli.store import Attempt, HistoryStore


@dataclass(frozen=True)
class ReviewPlan:
    """What is due, split into what can be practised and what lost its bank."""

    due: list[QuestionSchedule]  # every due question matching the filters, most urgent first
    available: list[QuestionSchedule]
    unavailable: list[QuestionSchedule]
    scheduled: int
    due_this_week: int
    next_due: datetime | None


def plan_review(
    attempts: list[Attempt],
    now: datetime,
    installed: Installed,
    banks: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
) -> ReviewPlan:
    """Due questions by the end of today (local time), filtered, most overdue first."""
    from interview_cli.reports.model import NO_TOPIC
    from interview_cli.scheduling import build_schedule, due_questions, end_of_local_day

    schedule = {
        key: item
        for key, item in build_schedule(attempts).items()
        if (not banks or item.bank_id in banks)
        and (not topics or (item.topic or NO_TOPIC) in topics)
    }
    due = due_questions(schedule, end_of_local_day(now))
    week_end = end_of_local_day(now, 6)
    later = [item.due for item in schedule.values() if item.due > end_of_local_day(now)]
    return ReviewPlan(
        due=due,
        available=[q for q in due if q.key in installed.questions],
        unavailable=[q for q in due if q.key not in installed.questions],
        scheduled=len(schedule),
        due_this_week=sum(1 for item in schedule.values() if item.due <= week_end),
        next_due=min(later) if later else None,
    )


def _row(item: QuestionSchedule, now: datetime) -> dict[str, Any]:
    overdue = max(0.0, (now - item.due).total_seconds() / 86400)
    return {
        "bank_id": item.bank_id,
        "question_id": item.question_id,
        "question_text": item.question_text,
        "topic": item.topic,
        "due_at": item.due.isoformat(timespec="seconds"),
        "overdue_days": round(overdue, 2),
        "reviews": item.reviews,
        "last_rating": item.last_rating,
        "last_score": item.last_score,
        "retrievability": round(item.retrievability(now), 3),
        "last_attempt_id": item.last_attempt_id,
    }


def _print_list(plan: ReviewPlan, shown: list[QuestionSchedule], now: datetime) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from interview_cli.reports import fmt

    console = _common.console()
    more = f" (the {len(shown)} most urgent)" if len(shown) < len(plan.available) else ""
    table = Table(
        title=f"{len(plan.due)} due for review today{more}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("question", ratio=1)
    table.add_column("due", no_wrap=True)
    table.add_column("attempt", no_wrap=True)
    for number, item in enumerate(shown, 1):
        row = _row(item, now)
        detail = (
            f"{item.bank_id} · {item.topic or '-'} · last {item.last_rating} "
            f"({fmt.score(item.last_score)}) · recall {fmt.percent(row['retrievability'])}"
        )
        table.add_row(
            str(number),
            f"{escape(fmt.short(item.question_text, 120))}\n[dim]{escape(detail)}[/dim]",
            fmt.due_when(row["overdue_days"]),
            item.last_attempt_id[:8],
        )
    console.print(table)
    if plan.unavailable:
        whose = "its" if len(plan.unavailable) == 1 else "their"
        console.print(
            f"[yellow]{counted(len(plan.unavailable), 'due question')} cannot be practised: "
            f"{whose} bank or question is no longer installed.[/yellow]"
        )
        for item in plan.unavailable[:10]:
            console.print(
                f"  · {escape(item.bank_id)}: {escape(fmt.short(item.question_text, 70))}"
            )
    console.print(
        "[dim]Start them: interview review · change a rating: interview history rate "
        "ATTEMPT again|hard|good|easy[/dim]"
    )


def _nothing_due(plan: ReviewPlan) -> str:
    from interview_cli.reports import fmt

    if not plan.scheduled:
        return "Nothing to review yet: answer some questions first with `interview practice`."
    text = "Nothing is due for review today."
    if plan.next_due is not None:
        text += f" Next review: {fmt.day(plan.next_due)}; {plan.due_this_week} due this week."
    return text


def review(
    count: Annotated[
        int | None,
        _common.whole_number_option(
            "--count", "-n", low=1, help="How many due questions (default: question_count)."
        ),
    ] = None,
    bank: _common.BankFilter = None,
    topic: _common.TopicFilter = None,
    list_only: bool = typer.Option(False, "--list", help="List the due questions; do not start."),
    as_json: bool = typer.Option(False, "--json", help="List the due questions as JSON."),
) -> None:
    """Start a practice session with the questions due for spaced review today."""
    from interview_cli.reports import quick_installed
    from interview_cli.store import StoreError

    settings = _common.settings()
    wanted = count or settings.question_count
    store = _common.history_store()
    try:
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    now = datetime.now().astimezone()
    plan = plan_review(
        attempts,
        now,
        quick_installed(_common.paths().user_banks_dir),
        tuple(bank or ()),
        tuple(topic or ()),
    )
    shown = plan.available[:wanted]
    if as_json:
        _common.print_json(
            {
                "now": now.isoformat(timespec="seconds"),
                "due_today": len(plan.due),
                "due_this_week": plan.due_this_week,
                "scheduled": plan.scheduled,
                "next_due_at": plan.next_due.isoformat(timespec="seconds")
                if plan.next_due
                else None,
                "selected": [_row(q, now) for q in shown],
                "unavailable": [_row(q, now) for q in plan.unavailable],
            }
        )
        return
    if not plan.due:
        typer.echo(_nothing_due(plan))
        return
    if list_only:
        _print_list(plan, shown, now)
        return
    if not shown:
        _print_list(plan, shown, now)
        _common.fail("none of the due questions can be practised (their banks were removed)")
    code = start_review_session(
        shown, settings, store, attempts, tuple(bank or ()), tuple(topic or ())
    )
    if code:
        raise typer.Exit(code)


def build_plan(
    selected: Sequence[QuestionSchedule], banks: Sequence[Bank], options: SessionOptions
) -> list[PlannedQuestion]:
    """The due questions as a session plan, most urgent first; ones no bank has are left out."""
    from interview_cli.planning.questions import PlannedQuestion

    by_key = {f"{b.id}/{q.id}": (b, q) for b in banks for q in b.questions}
    plan = []
    for item in selected:
        found = by_key.get(item.key)
        if found is not None:
            bank, question = found
            plan.append(
                PlannedQuestion(bank.id, bank.language, question, options.limit_for(question))
            )
    return plan


def start_review_session(
    selected: Sequence[QuestionSchedule],
    settings: Settings,
    store: HistoryStore,
    history: Sequence[Attempt],
    banks: tuple[str, ...],
    topics: tuple[str, ...],
) -> int:
    """Open the practice app on exactly these questions, in this order; its exit code."""
    from interview_cli.banks.cache import load_banks_for
    from interview_cli.cli._run import leave_without_waiting, run_app
    from interview_cli.planning.picking import Filters, SessionOptions

    paths = _common.paths()
    loaded = load_banks_for(paths, sorted({q.bank_id for q in selected}))
    plan = build_plan(selected, loaded.banks, SessionOptions.from_settings(settings))
    if not plan:
        _common.fail("the due questions could not be loaded from their banks", _common.EXIT_USAGE)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _common.fail(
            "interview review needs an interactive terminal; "
            "`interview review --list` shows what is due",
            _common.EXIT_USAGE,
        )
    run = run_app(
        settings,
        store,
        paths,
        loaded.banks,
        history=history,
        filters=Filters(bank_ids=banks, topics=topics),
        plan=plan,
    )
    code = run.code
    if not run.saved:
        _common.warn(f"some of the review could not be saved to {store.path}: {run.problems}")
        code = code or 1
    elif run.session is not None and run.outcome in ("finished", "suspended"):
        summary = run.session.summary()
        done = summary.answered + summary.skipped
        typer.echo(
            f"Review saved: {done} of {counted(run.session.total, 'question')} done. "
            "`interview report` shows the new schedule."
        )
    leave_without_waiting(code)
    return code
