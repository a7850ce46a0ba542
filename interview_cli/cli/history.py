"""`interview history`: inspect the history file, back it up, move it, and rate attempts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interview_cli.cli import _common
from interview_cli.wording import counted

app = typer.Typer(help="Inspect, export and import the practice history.", no_args_is_help=True)


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
    limit: Annotated[
        int, _common.whole_number_option("--limit", "-n", low=1, help="Newest sessions to show.")
    ] = 20,
) -> None:
    """List recent practice sessions with their attempts and average score."""
    from interview_cli.store import StoreError
    from interview_cli.store.pending import score_pending_hint, waiting_for_score, waiting_text

    store = _common.history_store()
    try:
        sessions = store.sessions.list()[-limit:]
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    from interview_cli.scoring.display import score_text

    rows = []
    shown: list[str] = []  # the average as every screen shows a score (one decimal, half up)
    for session in reversed(sessions):
        mine = [a for a in attempts if a.session_id == session.id]
        scored = [a.score for a in mine if a.score is not None]  # pending ones are not zeros
        mean = sum(scored) / len(scored) if scored else None
        shown.append("-" if mean is None else f"{score_text(mean)}/10")
        rows.append(
            {
                "id": session.id,
                "started_at": session.started_at,
                "status": session.status,
                "mode": session.mode,
                "banks": list(session.bank_ids),
                "attempts": len(mine),
                "average_score": None if mean is None else round(mean, 2),
                "pending": len(waiting_for_score(mine)),
            }
        )
    if as_json:
        _common.print_json(rows)
        return
    if not rows:
        typer.echo("No practice sessions yet. Start one with: interview practice")
        return
    from rich.table import Table

    table = Table(title=f"Last {counted(len(rows), 'session')} in {store.path}")
    for column in ("started", "status", "banks", "attempts", "average"):
        table.add_column(column)
    for row, average in zip(rows, shown, strict=True):
        waiting = row["pending"]
        table.add_row(
            str(row["started_at"])[:16].replace("T", " "),
            str(row["status"]),
            ", ".join(row["banks"]),  # type: ignore[arg-type]
            str(row["attempts"]),
            average + (f" ({waiting} waiting)" if waiting else ""),
        )
    _common.console().print(table)
    waiting_total = sum(int(row["pending"]) for row in rows)  # type: ignore[call-overload]
    if waiting_total:
        typer.echo(f"{waiting_text(waiting_total)}: {score_pending_hint(waiting_total)}.")


# -- export ------------------------------------------------------------------------------------


@app.command("export")
def export(
    export_format: str = typer.Option(
        "json", "--format", "-f", metavar="FORMAT", help="json (full backup) or csv (spreadsheet)."
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="PATH", help="Write to this file (default: standard output)."
        ),
    ] = None,
    force: bool = typer.Option(False, "--force", help="Replace PATH if it exists."),
) -> None:
    """Export every session and attempt, to back up the history or move it to another machine."""
    from interview_cli.store import StoreError
    from interview_cli.store.history_export import export_csv, export_json
    from interview_cli.store.models import now_iso

    name = export_format.strip().lower()
    if name not in ("json", "csv"):
        _common.fail(f"--format {export_format!r}: choose json or csv", _common.EXIT_USAGE)
    if out is not None and out.exists() and not force:
        _common.fail(f"{out} exists; pass --force to replace it", _common.EXIT_USAGE)
    store = _common.history_store()
    try:
        sessions = store.sessions.list()
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    text = (
        export_json(sessions, attempts, now_iso())
        if name == "json"
        else export_csv(sessions, attempts)
    )
    if out is None:
        typer.echo(text, nl=False)
        return
    from interview_cli.store.storage import atomic_write_bytes

    # a byte-order mark lets spreadsheet programs read Korean text in a CSV as UTF-8
    payload = text.encode("utf-8-sig" if name == "csv" else "utf-8")
    try:
        atomic_write_bytes(out, payload)  # private answers: written 0600, never half a file
    except OSError as exc:
        _common.fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(
        f"Exported {counted(len(sessions), 'session')} and "
        f"{counted(len(attempts), 'attempt')} to {out}"
    )


# -- import ------------------------------------------------------------------------------------


@app.command("import")
def import_history(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="An export (JSON or CSV), or a history.json from another machine."
        ),
    ],
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be added; add nothing."),
) -> None:
    """Add the sessions and attempts of FILE that are not in the history yet (safe to repeat)."""
    from interview_cli.store import StoreError
    from interview_cli.store.history_import import (
        ImportFileError,
        merge,
        read_import_file,
        validate,
    )

    try:
        sessions, attempts = validate(read_import_file(file), str(file))
    except ImportFileError as exc:
        _common.fail(str(exc))
    store = _common.history_store()
    if file.resolve() == store.path.resolve():
        _common.fail(f"{file} is the history file itself; nothing to import")
    try:
        result = merge(store, sessions, attempts, dry_run)
    except StoreError as exc:
        _common.fail(str(exc))
    verb = "Would add" if dry_run else "Added"
    typer.echo(
        f"{verb} {counted(result.sessions_added, 'session')} and "
        f"{counted(result.attempts_added, 'attempt')} from {file}; "
        f"{counted(result.sessions_present, 'session')} and "
        f"{counted(result.attempts_present, 'attempt')} "
        f"{'was' if result.sessions_present + result.attempts_present == 1 else 'were'} "
        "already there."
    )
    if result.conflicts:
        shown = ", ".join(result.conflicts[:5]) + (" …" if len(result.conflicts) > 5 else "")
        _common.warn(
            f"{counted(len(result.conflicts), 'record')} "
            f"{'has' if len(result.conflicts) == 1 else 'have'} the same id as a stored one but "
            f"other content; the stored {'one was' if len(result.conflicts) == 1 else 'ones were'} "
            f"kept: {shown}"
        )


# -- rating ------------------------------------------------------------------------------------


@app.command("rate")
def rate(
    attempt_id: str = typer.Argument(
        ...,
        metavar="ATTEMPT",
        help="Attempt id or its first characters (`interview review --list`).",
    ),
    rating: str = typer.Argument(
        ..., metavar="RATING", help="again, hard, good or easy; auto goes back to the score."
    ),
) -> None:
    """Override the review rating the score gave an answer; the schedule follows at once."""
    from interview_cli.scheduling import RATING_NAMES, normalise_rating, set_rating_override
    from interview_cli.store import StoreError

    wanted = rating.strip().lower()
    chosen = None if wanted == "auto" else normalise_rating(wanted)
    if chosen is None and wanted != "auto":
        _common.fail(
            f"rating {rating!r}: choose {', '.join(RATING_NAMES)} or auto", _common.EXIT_USAGE
        )
    store = _common.history_store()
    try:
        done = set_rating_override(store, attempt_id.strip(), chosen)
    except KeyError:
        _common.fail(f"no attempt with id {attempt_id!r}", _common.EXIT_USAGE)
    except ValueError as exc:
        _common.fail(str(exc), _common.EXIT_USAGE)
    except StoreError as exc:
        _common.fail(str(exc))
    what = "back to the score's rating" if done.rating is None else f"rated {done.rating}"
    typer.echo(f"{done.attempt_id[:12]} ({done.question_text[:60]}): {what}")
