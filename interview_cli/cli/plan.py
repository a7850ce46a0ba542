"""`interview plan`: the questions a session for this posting and résumé would ask, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interview_cli.cli import _common
from interview_cli.wording import counted

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
        None,
        "--bank",
        "-b",
        metavar="ID",
        callback=_common.bank_ids,
        help="Only these banks (repeatable).",
    ),
    count: Annotated[
        int | None,
        _common.whole_number_option(
            "--count", "-n", low=1, high=200, help="How many questions (default: setting)."
        ),
    ] = None,
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
    print_plan(result, practice_command(posting, resume, bank or [], count, language))


def practice_command(
    posting: Path | None,
    resume: Path | None,
    bank: list[str],
    count: int | None,
    language: str | None,
) -> str:
    """The `interview practice` line that asks this plan's questions, quoted for the shell."""
    import shlex

    words = ["interview", "practice"]
    if posting is not None:
        words += ["--posting", str(posting)]
    if resume is not None:
        words += ["--resume", str(resume)]
    for bank_id in dict.fromkeys(bank):
        words += ["--bank", bank_id]
    if count is not None:
        words += ["--count", str(count)]
    if language is not None:
        words += ["--language", language]
    return " ".join(shlex.quote(word) for word in words)


def print_plan(result: Plan, command: str) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = _common.console()
    for document in result.documents:
        found = [h for h in result.hits if h.source == document.kind]
        names = ", ".join(escape(h.describe()) for h in found) or "none recognised"
        console.print(f"[bold]{escape(document.label)}[/bold] ({document.kind}): {names}")
    table = Table(
        title=f"{counted(len(result.items), 'question')} ({result.language})",
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
    # on one line however long, so that it can be copied
    console.print(Text(f"Practise it: {command}", style="dim"), soft_wrap=True)
