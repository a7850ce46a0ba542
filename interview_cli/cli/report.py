"""`interview report`: progress over time, weak topics, missed key points, reviews due."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from interview_cli.cli import _common

SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "rich",
}
FORMAT_NAMES = ("rich", "markdown", "html", "json")
_SPAN = re.compile(r"^(\d{1,4})\s*([dwm])$")


class SinceError(ValueError):
    """--since could not be used; the message is the one line the user sees."""


def parse_since(text: str, today: date) -> date:
    """A start date: 2024-05-01, an ISO timestamp, today, yesterday, or 30d / 8w / 3m ago."""
    raw = text.strip().lower()
    span = _SPAN.match(raw)
    if raw == "today":
        result = today
    elif raw == "yesterday":
        result = today - timedelta(days=1)
    elif span:
        count, unit = int(span.group(1)), span.group(2)
        result = today - timedelta(days=count * {"d": 1, "w": 7, "m": 30}[unit])
    else:
        try:
            result = date.fromisoformat(raw)
        except ValueError:
            try:
                moment = datetime.fromisoformat(text.strip())
            except ValueError:
                raise SinceError(
                    f"--since {text!r}: not a date; use YYYY-MM-DD (2024-05-01) "
                    "or a span back from today (30d, 8w, 3m)"
                ) from None
            result = moment.astimezone().date() if moment.tzinfo else moment.date()
    if result > today:
        raise SinceError(f"--since {text.strip()} is in the future (today is {today.isoformat()})")
    return result


def pick_format(requested: str | None, out: Path | None) -> str:
    if requested is not None:
        name = requested.strip().lower()
        if name == "md":
            name = "markdown"
        if name not in FORMAT_NAMES:
            _common.fail(
                f"--format {requested!r}: choose one of {', '.join(FORMAT_NAMES)}",
                _common.EXIT_USAGE,
            )
        return name
    if out is not None:
        return SUFFIX_FORMATS.get(out.suffix.lower(), "rich")
    return "rich"


def render(report_format: str, report: object, to_file: bool, width: int | None) -> str | None:
    """The report text; None for rich on the terminal (printed directly, in colour)."""
    from interview_cli.reports.model import Report

    assert isinstance(report, Report)
    if report_format == "json":
        from interview_cli.reports.render_text import to_json

        return to_json(report)
    if report_format == "markdown":
        from interview_cli.reports.render_text import to_markdown

        return to_markdown(report)
    if report_format == "html":
        from interview_cli.reports.render_html import to_html

        return to_html(report)
    from interview_cli.reports.render_rich import print_report

    if not to_file:
        console = _common.console()
        if width:
            console.width = width
        print_report(report, console)
        return None
    import io

    from rich.console import Console

    buffer = io.StringIO()
    # a file gets plain text: no colour codes in notes or logs
    print_report(report, Console(file=buffer, width=width or 100, color_system=None))
    return buffer.getvalue()


def report(
    since: str | None = typer.Option(
        None,
        "--since",
        metavar="DATE",
        help="Only attempts from this day on: 2024-05-01, or back from today: 30d, 8w, 3m.",
    ),
    bank: _common.BankFilter = None,
    topic: _common.TopicFilter = None,
    report_format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich (terminal, default), markdown, html or json; --out's suffix picks one too.",
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="PATH", help="Write to this file instead of the terminal."
        ),
    ] = None,
    width: Annotated[
        int | None,
        _common.whole_number_option(
            "--width", low=60, high=400, help="Terminal width for tables and charts."
        ),
    ] = None,
) -> None:
    """Show your progress: scores over time, topics, missed key points, timing, reviews due."""
    from interview_cli.reports import Filters, quick_installed
    from interview_cli.reports.stats import build_report
    from interview_cli.store import StoreError

    chosen = pick_format(report_format, out)
    now = datetime.now().astimezone()
    try:
        since_day = None if since is None else parse_since(since, now.date())
    except SinceError as exc:
        _common.fail(str(exc), _common.EXIT_USAGE)
    filters = Filters(since=since_day, banks=tuple(bank or ()), topics=tuple(topic or ()))
    store = _common.history_store()
    try:
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    installed = quick_installed(_common.paths().user_banks_dir)
    result = build_report(attempts, now=now, filters=filters, installed=installed)
    text = render(chosen, result, to_file=out is not None, width=width)
    if out is None:
        if text is not None:
            typer.echo(text, nl=False)
        return
    try:
        out.write_text(text or "", encoding="utf-8")
    except OSError as exc:
        _common.fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(f"Report written to {out}")
