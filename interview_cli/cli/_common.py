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


def bank_ids(values: list[str] | None) -> list[str] | None:
    """--bank as typed (`OS-EN`) to bank ids as banks spell them (os-en)."""
    if values is None:
        return None
    from interview_cli.banks.ids import normalise

    return [normalise(v) for v in values]


# options several commands share, spelled once
BankFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--bank", "-b", metavar="ID", callback=bank_ids, help="Only this bank (repeatable)."
    ),
]
TopicFilter = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", metavar="T", help="Only this topic (repeatable)."),
]


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line to stderr and leave with a non-zero code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


class WholeNumber:
    """The parser of a whole-number option; a bad value ends the command with one line
    that names the option and says what it takes."""

    def __init__(self, option: str, low: int | None = None, high: int | None = None) -> None:
        self.option = option
        self.low = low
        self.high = high

    @property
    def metavar(self) -> str:
        """What --help shows, in the words typer uses for its own whole-number options."""
        if self.low is None and self.high is None:
            return "<int>"
        if self.high is None:
            return f"<int range> [x>={self.low}]"
        if self.low is None:
            return f"<int range> [x<={self.high}]"
        return f"<int range> [{self.low}<=x<={self.high}]"

    def expected(self) -> str:
        if self.low is not None and self.high is not None:
            return f"a whole number from {self.low} to {self.high}"
        if self.low is not None:
            return f"a whole number, {self.low} or more"
        if self.high is not None:
            return f"a whole number, {self.high} or less"
        return "a whole number"

    def __call__(self, value: str | int) -> int:
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            bad_value(self.option, self.expected(), value)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            bad_value(self.option, self.expected(), value)
        return number


class Number:
    """The parser of a number option (``--gold-max 4.5``), with the same one-line error."""

    def __init__(self, option: str) -> None:
        self.option = option

    def __call__(self, value: str | float) -> float:
        try:
            return float(value)
        except ValueError:
            bad_value(self.option, "a number (e.g. 10 or 4.5)", value)


class TimeLimit:
    """The parser of ``--time-limit``: whole seconds, or none (also 0, off) for no limit.

    Gives the seconds, 0 for no limit (the setting reads 0 as none)."""

    def __init__(self, option: str) -> None:
        self.option = option

    def __call__(self, value: str | int) -> int:
        from interview_cli.config import NONE_WORDS

        if isinstance(value, int):
            return value
        text = value.strip()
        if text.lower() in NONE_WORDS:
            return 0
        if text.isascii() and text.isdigit():
            return int(text)
        expected = "seconds (e.g. 90) or 'none' for no limit"
        note = ""
        if text[-1:].lower() == "x" and text[:-1].replace(".", "", 1).isdigit():
            note = "a multiplier is not supported"
        elif text.lstrip("-").replace(".", "", 1).isdigit():
            expected = "a whole number of " + expected
        bad_value(self.option, expected, value, note)


def bad_value(option: str, expected: str, value: object, note: str = "") -> NoReturn:
    """The usage error of an option given a value it does not take: one line that names the
    option, says what it takes and what it got."""
    shown = value if isinstance(value, str) else str(value)
    tail = f" ({note})" if note else ""
    fail(f"{option}: expected {expected}, got {shown!r}{tail}", EXIT_USAGE)


def whole_number_option(
    *names: str, low: int | None = None, high: int | None = None, help: str
) -> Any:
    """A typer option that takes a whole number from low to high (either may be open)."""
    parse = WholeNumber(names[0], low, high)
    return typer.Option(*names, parser=parse, metavar=parse.metavar, help=help)


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
