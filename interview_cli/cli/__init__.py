"""The `interview` command. Only typer is imported here; each command imports what it needs.

The command modules are imported when the command line needs them: `interview practice`
registers the practice command alone (its start-up time is what a person waits through before
the first question), `interview --help` and anything unrecognised register every command.
"""

from __future__ import annotations

import functools
import importlib
import sys

import typer

from interview_cli import __version__

HELP = "Offline mock interviews in the terminal: practise, get scored by a local LLM, review."

# command name -> (module under interview_cli.cli, attribute, kind): in `--help` order
COMMANDS: dict[str, tuple[str, str, str]] = {
    "banks": ("banks_io", "app", "group"),  # banks_io adds import/export to the banks group
    "history": ("history", "app", "group"),
    "config": ("config_cmd", "app", "group"),
    "report": ("report", "report", "command"),
    "review": ("review", "review", "command"),
    "practice": ("practice", "practice", "command"),
    "plan": ("plan", "plan", "command"),
    "score": ("score", "score", "command"),
    "calibrate": ("score", "calibrate", "command"),
    "models": ("models", "app", "group"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"interview-cli {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Offline mock interviews in the terminal: practise, get scored by a local LLM, review."""


def build_app(names: tuple[str, ...] | None = None) -> typer.Typer:
    """The typer app with the named commands (all of them by default)."""
    app = typer.Typer(
        name="interview",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    for name in names or tuple(COMMANDS):
        module_name, attribute, kind = COMMANDS[name]
        module = importlib.import_module(f"interview_cli.cli.{module_name}")
        target = getattr(module, attribute)
        if kind == "group":
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    return app


@functools.cache
def full_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> typer.Typer:
    # `from interview_cli.cli import app`: the whole command set, built on first use
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    if wanted in COMMANDS:
        build_app((wanted,))()
    else:
        full_app()()
