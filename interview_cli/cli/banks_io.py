"""`interview banks import` and `interview banks export`: banks in and out of foreign formats."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interview_cli.banks.importers.formats import FORMATS
from interview_cli.cli import _common
from interview_cli.cli.banks import app
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.banks.importers.assemble import ImportReport

IMPORT_FORMATS = ("auto", *FORMATS)
EXPORT_FORMATS = ("anki", "csv", "markdown", "yaml", "json")


def _print_report(report: ImportReport, dry_run: bool) -> None:
    echo = typer.echo
    name = report.source
    verb = "Would import" if dry_run else ("Updated" if report.updated else "Imported")
    echo(f"{verb} bank {report.bank_id!r} ({report.title}, {report.language}) from {name}")
    echo(f"  format: {report.format} ({report.shape})")
    echo(f"  questions found: {report.found}")
    line = f"  imported: {report.imported} ({report.with_answer} with an answer, "
    line += f"{report.without_answer} without)"
    echo(line)
    if report.derived_key_points:
        echo(f"  key points derived from the answer: {report.derived_key_points} question(s)")
    if report.follow_ups:
        echo(f"  follow-up questions: {report.follow_ups}")
    if report.updated:
        ids = f"  ids: {report.kept_ids} kept, {report.new_ids} new"
        if report.removed_ids:
            ids += f", {len(report.removed_ids)} removed (no longer in the file): "
            ids += ", ".join(report.removed_ids[:10])
            ids += " ..." if len(report.removed_ids) > 10 else ""
        echo(ids)
    echo(f"  skipped: {len(report.skipped)}")
    for skip in report.skipped:
        text = f" — {skip.excerpt}" if skip.excerpt else ""
        echo(f"    {name}:{skip.at}: {skip.reason}{text}")
    exact = sum(1 for d in report.duplicates if d.kind == "exact")
    near = len(report.duplicates) - exact
    echo(f"  duplicates: {len(report.duplicates)} ({exact} exact, {near} near)")
    for dup in report.duplicates:
        other = f"{dup.other_bank}/{dup.other_id}" if dup.other_bank else dup.other_id
        score = "" if dup.kind == "exact" else f" {dup.similarity:.2f}"
        echo(f"    {name}:{dup.at}: {dup.kind}{score} duplicate of {other}: {dup.action}")
        echo(f"      this:  {dup.question[:100]}")
        echo(f"      other: {dup.other_question[:100]}")
    if report.notes:
        echo(f"  notes: {len(report.notes)}")
        for note in report.notes:
            echo(f"    {name}:{note.at}: {note.message}")
    if dry_run:
        echo(f"Dry run: nothing written (would write {report.path}).")
    else:
        if report.backup:
            echo(f"The previous version is kept in {report.backup}")
        echo(f"Wrote {report.path}")
        echo(f"Practise it: interview practice --bank {report.bank_id}")


@app.command("import")
def import_bank(
    path: Path = typer.Argument(..., help="The file to import.", show_default=False),
    fmt: str = typer.Option(
        "auto", "--format", "-f", help="auto|" + "|".join(IMPORT_FORMATS[1:]) + "."
    ),
    bank_id: str | None = typer.Option(
        None, "--bank-id", help="Id of the bank to create or update (default: from the file name)."
    ),
    title: str | None = typer.Option(None, "--title", help="Bank title."),
    language: str | None = typer.Option(
        None, "--language", "-l", help="Language code (default: detected: en, ko, ...)."
    ),
    topic: str | None = typer.Option(
        None, "--topic", help="Topic for questions whose file gives none."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Text encoding when detection fails (cp949, euc-kr, utf-16...)."
    ),
    keep_duplicates: bool = typer.Option(
        False, "--keep-duplicates", help="Also import questions another bank already has."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Update a bank of this id that came from another file."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Parse and report; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable report."),
) -> None:
    """Import questions from Markdown, Anki, CSV/TSV, JSON, YAML, SQLite or GIFT into a bank.

    Writes a validated bank into your banks folder. Importing the same file again updates
    the bank and keeps each question's id (your history is keyed on them).
    """
    if fmt not in IMPORT_FORMATS:
        _common.fail(f"--format must be one of {', '.join(IMPORT_FORMATS)}", _common.EXIT_USAGE)
    from interview_cli.banks.importers.assemble import ImportOptions, import_file
    from interview_cli.banks.importers.model import ImportFailure

    options = ImportOptions(
        fmt=fmt,
        bank_id=bank_id,
        title=title,
        language=language,
        topic=topic,
        encoding=encoding,
        keep_duplicates=keep_duplicates,
        dry_run=dry_run,
        replace=replace,
    )
    where = _common.paths()
    try:
        report = import_file(path, options, where.user_banks_dir, where.backups_dir)
    except ImportFailure as exc:
        if as_json:
            _common.print_json({"error": str(exc), "details": exc.details})
        else:
            for detail in exc.details:
                typer.echo(detail, err=True)
        _common.fail(f"{exc}; nothing was written")
    if as_json:
        data = report.to_dict()
        data["dry_run"] = dry_run
        _common.print_json(data)
        return
    _print_report(report, dry_run)


@app.command("export")
def export_bank(
    bank_id: str = typer.Argument(..., metavar="ID", help="Bank id, as `interview banks list`."),
    fmt: str = typer.Option("yaml", "--format", "-f", help="|".join(EXPORT_FORMATS) + "."),
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write (default: stdout)."),
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Write a bank as Anki text, CSV, Markdown, YAML or JSON; `banks import` reads it back."""
    if fmt not in EXPORT_FORMATS:
        _common.fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}", _common.EXIT_USAGE)
    from interview_cli.banks.exporters import export_bank as render
    from interview_cli.banks.ids import normalise, unknown_bank_message

    result = _common.load_banks()
    bank = result.get(normalise(bank_id))
    if bank is None:
        known = [b.id for b in result.banks]
        _common.fail(unknown_bank_message([bank_id], known), _common.EXIT_USAGE)
    text = render(bank, fmt)
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.is_dir():
        _common.fail(f"{out} is a folder; give a file name", _common.EXIT_USAGE)
    if out.exists() and not force:
        _common.fail(f"{out} exists; pass --force to replace it", _common.EXIT_USAGE)
    from interview_cli.store.storage import atomic_write_bytes

    try:
        atomic_write_bytes(out, text.encode("utf-8"))
        # an export is meant to be shared: ordinary file permissions, not the history's 0600
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(out, 0o666 & ~umask)
    except OSError as exc:
        _common.fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(
        f"Wrote {counted(len(bank.questions), 'question')} of {bank.id!r} to {out} ({fmt})",
        err=True,
    )
