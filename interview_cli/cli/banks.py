"""`interview banks`: list, show, validate and describe question banks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interview_cli.cli import _common
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank

app = typer.Typer(help="List, show and validate question banks.", no_args_is_help=True)


def _summary(bank: Bank) -> dict[str, object]:
    return {
        "id": bank.id,
        "title": bank.title,
        "language": bank.language,
        "questions": len(bank.questions),
        "topics": bank.topics,
        "difficulty": {
            str(level): sum(1 for q in bank.questions if q.difficulty == level)
            for level in (1, 2, 3)
        },
        "license": bank.license,
        "version": bank.version,
        "description": bank.description,
        "origin": bank.origin,
        "path": str(bank.path) if bank.path else None,
    }


@app.command("list")
def list_banks(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    language: str | None = typer.Option(None, "--language", "-l", help="Only this language."),
) -> None:
    """List the available banks: shipped ones and your own."""
    result = _common.load_banks()
    banks = [b for b in result.banks if language is None or b.language == language]
    if as_json:
        _common.print_json([_summary(b) for b in banks])
        return
    if not banks:
        typer.echo("No question banks found." if language is None else f"No {language} banks.")
        return
    from rich.markup import escape
    from rich.table import Table

    questions = sum(len(b.questions) for b in banks)
    table = Table(title=f"{counted(len(banks), 'bank')}, {counted(questions, 'question')}")
    table.add_column("id", overflow="fold", max_width=30)
    table.add_column("lang", no_wrap=True)
    table.add_column("qs", justify="right", no_wrap=True)
    table.add_column("topics")
    table.add_column("title", ratio=1)
    for bank in banks:
        about = " · ".join(
            part
            for part in (bank.description, f"v{bank.version}" if bank.version else "", bank.license)
            if part
        )
        origin = "" if bank.origin == "shipped" else f" [yellow]({bank.origin})[/yellow]"
        table.add_row(
            bank.id,
            bank.language,
            str(len(bank.questions)),
            ", ".join(bank.topics),
            f"[bold]{escape(bank.title)}[/bold]{origin}\n[dim]{escape(about)}[/dim]",
        )
    _common.console().print(table)


@app.command("show")
def show_bank(
    bank_id: str = typer.Argument(
        ..., metavar="ID", help="Bank id, as `interview banks list` shows."
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    answers: bool = typer.Option(False, "--answers", help="Also print the model answers."),
) -> None:
    """Show the questions of one bank."""
    from interview_cli.banks.ids import normalise, unknown_bank_message

    result = _common.load_banks()
    bank = result.get(normalise(bank_id))
    if bank is None:
        known = [b.id for b in result.banks]
        _common.fail(unknown_bank_message([bank_id], known), _common.EXIT_USAGE)
    if as_json:
        data = bank.to_dict()
        data["path"] = str(bank.path) if bank.path else None
        data["origin"] = bank.origin
        _common.print_json(data)
        return
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    console = _common.console()
    header = f"[bold]{escape(bank.title)}[/bold]  ({bank.id}, {bank.language}"
    header += f", {counted(len(bank.questions), 'question')})"
    if bank.description:
        header += f"\n{escape(bank.description)}"
    console.print(header)
    for number, question in enumerate(bank.questions, 1):
        body = Text()
        body.append(question.question + "\n", style="bold")
        stars = "★" * question.difficulty + "☆" * (3 - question.difficulty)
        meta = f"{question.topic} · {stars}"
        if question.tags:
            meta += " · " + ", ".join(question.tags)
        if question.time_limit_s:
            meta += f" · {question.time_limit_s}s"
        body.append(meta + "\n", style="dim")
        for point in question.key_points:
            body.append(f"  • {point}\n")
        if answers and question.model_answer:
            body.append("\n" + question.model_answer + "\n", style="italic")
        for follow_up in question.follow_ups:
            body.append(f"  ↳ {follow_up}\n", style="cyan")
        console.print(Panel(body, title=f"{number}. {question.id}", title_align="left"))


def _expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    from interview_cli.banks.loader import bank_files

    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(bank_files(path))
        elif path.exists():
            files.append(path)
        else:
            missing.append(f"{path}:1: no such file or folder")
    return files, missing


@app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(
        None, help="Bank files or folders. Default: the shipped banks."
    ),
) -> None:
    """Check bank files; print every problem as file:line: message and exit 1 if any."""
    from interview_cli.banks.loader import load_bank_file
    from interview_cli.paths import shipped_banks_dir

    targets = paths or [shipped_banks_dir()]
    files, problems = _expand(targets)
    if not files and not problems:
        _common.fail("no bank files (*.yaml, *.yml) found in " + ", ".join(map(str, targets)))
    banks = 0
    questions = 0
    seen: dict[str, Path] = {}
    for file in files:
        bank, file_problems = load_bank_file(file)
        problems.extend(str(p) for p in file_problems)
        if bank is None:
            continue
        if bank.id in seen:
            problems.append(f"{file}:1: bank id {bank.id!r} is also used by {seen[bank.id]}")
            continue
        seen[bank.id] = file
        banks += 1
        questions += len(bank.questions)
    for line in problems:
        typer.echo(line)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(_common.EXIT_ERROR)
    typer.echo(f"ok: {banks} bank(s), {questions} question(s)")


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a bank file (for editors and CI)."""
    from interview_cli.banks.schema import BANK_SCHEMA

    _common.print_json(BANK_SCHEMA)
