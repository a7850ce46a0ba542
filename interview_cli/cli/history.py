"""`interview history`: what the history file holds, and whether it is healthy."""

from __future__ import annotations

import typer

from interview_cli.cli import _common

app = typer.Typer(help="Inspect the practice history.", no_args_is_help=True)


@app.command("check")
def check(as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Open the history file (migrating it if needed) and report what it holds."""
    from interview_cli.store import StoreError

    store = _common.history_store()
    try:
        info = store.check()
    except StoreError as exc:
        _common.fail(str(exc))
    if as_json:
        _common.print_json(info)
        return
    typer.echo(f"history: {info['path']}")
    typer.echo(f"schema version: {info['schema_version']}")
    typer.echo(f"sessions: {info['sessions']}, attempts: {info['attempts']}")
    backups = info["backups"]
    typer.echo(f"backups: {len(backups)}" + (f" (newest: {backups[0]})" if backups else ""))


@app.command("list")
def list_sessions(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Newest sessions to show."),
) -> None:
    """List recent practice sessions with their attempts and average score."""
    from interview_cli.store import StoreError

    store = _common.history_store()
    try:
        sessions = store.sessions.list()[-limit:]
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    rows = []
    for session in reversed(sessions):
        mine = [a for a in attempts if a.session_id == session.id]
        scored = [a.score for a in mine if a.score is not None]
        rows.append(
            {
                "id": session.id,
                "started_at": session.started_at,
                "status": session.status,
                "mode": session.mode,
                "banks": list(session.bank_ids),
                "attempts": len(mine),
                "average_score": round(sum(scored) / len(scored), 2) if scored else None,
            }
        )
    if as_json:
        _common.print_json(rows)
        return
    if not rows:
        typer.echo("No practice sessions yet. Start one with: interview practice")
        return
    from rich.table import Table

    table = Table(title=f"Last {len(rows)} session(s) in {store.path}")
    for column in ("started", "status", "banks", "attempts", "average"):
        table.add_column(column)
    for row in rows:
        average = row["average_score"]
        table.add_row(
            str(row["started_at"])[:16].replace("T", " "),
            str(row["status"]),
            ", ".join(row["banks"]),  # type: ignore[arg-type]
            str(row["attempts"]),
            "-" if average is None else f"{average}/10",
        )
    _common.console().print(table)
