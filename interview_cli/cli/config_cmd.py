"""`interview config`: the effective settings, where each came from, and where files live."""

from __future__ import annotations

import typer

from interview_cli.cli import _common

app = typer.Typer(help="Show settings and file locations.", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Print every setting with its value and source (default, file, INTERVIEW_* or flag)."""
    from interview_cli.config import settings_as_dict

    p = _common.paths()
    settings = _common.settings()
    values = settings_as_dict(settings)
    locations = {
        "config_file": str(p.config_file),
        "history_file": str(p.history_file),
        "user_banks_dir": str(p.user_banks_dir),
        "user_models_dir": str(p.user_models_dir),
        "backups_dir": str(p.backups_dir),
        "cache_dir": str(p.cache_dir),
    }
    if as_json:
        _common.print_json({"settings": values, "sources": settings.sources, "paths": locations})
        return
    for name, value in values.items():
        shown = "none" if value is None else value
        typer.echo(f"{name} = {shown}  ({settings.sources.get(name, 'default')})")
    typer.echo("")
    for name, location in locations.items():
        typer.echo(f"{name}: {location}")


@app.command("path")
def path() -> None:
    """Print the path of the config file (it may not exist yet)."""
    typer.echo(str(_common.paths().config_file))
