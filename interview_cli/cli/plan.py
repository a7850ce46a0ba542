"""`interview plan`: the questions a session for this posting and résumé would ask, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interview_cli.cli import _common

if TYPE_CHECKING:
    from interview_cli.planning.planner import Plan


def plan(
    posting: Path | None = typer.Option(
        None, "--posting", "-p", metavar="FILE", help="Job posting (text or Markdown)."
    ),
    resume: Path | None = typer.Option(
        None, "--resume", "-r", metavar="FILE", help="Your résumé (text or Markdown)."
    ),
    bank: list[str] = typer.Option(
        None, "--bank", "-b", metavar="ID", help="Only these banks (repeatable)."
    ),
    count: int | None = typer.Option(
        None, "--count", "-n", min=1, max=200, help="How many questions (default: setting)."
    ),
    language: str | None = typer.Option(
        None,
        "--language",
        "-l",
        metavar="en|ko",
        help="Banks in this language (default: the posting's).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the plan as JSON (docs/plan-json.md)."
    ),
) -> None:
    """Show the questions a session for this posting and résumé would ask, and why each."""
    from interview_cli.banks.cache import load_banks_for
    from interview_cli.planning.picking import Filters
    from interview_cli.planning.tailored import PlanError, make_plan
    from interview_cli.session.resume import load_history
    from interview_cli.store import StoreError

    settings = _common.settings({"question_count": count, "language": language})
    loaded = load_banks_for(_common.paths(), list(bank or []))
    for problem in loaded.problems:
        _common.warn(str(problem))
    if not loaded.banks:
        _common.fail("no question bank could be loaded", _common.EXIT_USAGE)
    try:
        history, _ = load_history(_common.history_store())
    except StoreError as exc:
        _common.fail(str(exc))
    try:
        result = make_plan(
            loaded.banks,
            Filters(bank_ids=tuple(dict.fromkeys(bank or []))),
            settings.question_count,
            posting,
            resume,
            language,
            settings.language,
            history,
        )
    except PlanError as exc:
        _common.fail(str(exc), _common.EXIT_USAGE)
    if as_json:
        _common.print_json(result.to_dict())
        return
    print_plan(result)


def print_plan(result: Plan) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    console = _common.console()
    for document in result.documents:
        found = [h for h in result.hits if h.source == document.kind]
        names = ", ".join(escape(h.describe()) for h in found) or "none recognised"
        console.print(f"[bold]{escape(document.label)}[/bold] ({document.kind}): {names}")
    table = Table(
        title=f"{len(result.items)} questions ({result.language})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("question", ratio=3)
    table.add_column("why", ratio=2)
    for number, item in enumerate(result.items, 1):
        q = item.planned.question
        where = f"{item.planned.bank_id} · {q.topic} · difficulty {q.difficulty}"
        why = "\n".join(escape(r) for r in item.reasons[:3])
        if len(item.reasons) > 3:
            why += f"\n[dim](+{len(item.reasons) - 3} more)[/dim]"
        table.add_row(
            str(number),
            f"{escape(q.question)}\n[dim]{escape(where)}[/dim]",
            f"[bold]{item.tier}[/bold]\n{why}",
        )
    console.print(table)
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}")
    console.print("[dim]Practise it: interview practice --posting FILE [--resume FILE][/dim]")
