"""Helpers shared by the command modules: paths, settings, one-line errors, output."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from interview_cli.banks.loader import LoadResult
    from interview_cli.config import Settings
    from interview_cli.paths import Paths
    from interview_cli.store import HistoryStore

EXIT_ERROR = 1
EXIT_USAGE = 2


# options several commands share, spelled once
BankFilter = Annotated[
    list[str] | None,
    typer.Option("--bank", "-b", metavar="ID", help="Only this bank (repeatable)."),
]
TopicFilter = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", metavar="T", help="Only this topic (repeatable)."),
]


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line to stderr and leave with a non-zero code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def paths() -> Paths:
    from interview_cli.paths import resolve_paths

    return resolve_paths()


def settings(flags: dict[str, Any] | None = None) -> Settings:
    from interview_cli.config import ConfigError, load_settings

    try:
        return load_settings(paths(), flags=flags)
    except ConfigError as exc:
        fail(str(exc))


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_banks(report_problems: bool = True) -> LoadResult:
    """Shipped and user banks; a broken bank is reported on stderr and skipped."""
    from interview_cli.banks.loader import load_all_banks

    result = load_all_banks(paths().user_banks_dir)
    if report_problems:
        for problem in result.problems:
            warn(str(problem))
        for path in sorted({p.path for p in result.problems}):
            warn(f"{path} was skipped; `interview banks validate {path}` lists its problems")
    return result


def history_store() -> HistoryStore:
    from interview_cli.store import HistoryStore

    p = paths()
    return HistoryStore(p.history_file, backups_dir=p.backups_dir)
