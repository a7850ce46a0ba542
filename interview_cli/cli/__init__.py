"""The `interview` command. Only typer is imported here; each command imports what it needs."""

from __future__ import annotations

import typer

import interview_cli.cli.banks_io  # noqa: F401  (registers banks import/export)
from interview_cli import __version__
from interview_cli.cli import (
    banks,
    config_cmd,
    history,
    models,
    plan,
    practice,
    report,
    review,
    score,
)

app = typer.Typer(
    name="interview",
    help="Offline mock interviews in the terminal: practise, get scored by a local LLM, review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(banks.app, name="banks")
app.add_typer(history.app, name="history")
app.add_typer(config_cmd.app, name="config")
app.command("report")(report.report)
app.command("review")(review.review)
app.command("practice")(practice.practice)
app.command("plan")(plan.plan)
app.command("score")(score.score)
app.command("calibrate")(score.calibrate)
app.add_typer(models.app, name="models")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"interview-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Offline mock interviews in the terminal: practise, get scored by a local LLM, review."""


def main() -> None:
    app()
