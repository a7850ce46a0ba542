"""`interview plan`: the questions a session for this posting and résumé would ask, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interview_cli.cli import _common

if TYPE_CHECKING:
    from collections.abc import Sequence

    from interview_cli.banks.schema import Bank
    from interview_cli.config import Settings
    from interview_cli.paths import Paths
    from interview_cli.planning.documents import Document
    from interview_cli.planning.planner import Plan
    from interview_cli.scoring.base import Scorer
    from interview_cli.session import Filters, PlannedQuestion, SessionOptions
    from interview_cli.store import Attempt


def make_plan(
    banks: list[Bank],
    filters: Filters,
    count: int,
    posting: Path | None,
    resume: Path | None,
    language: str | None,
    fallback_language: str | None,
    history: list[Attempt],
    options: SessionOptions | None = None,
) -> Plan:
    """Read the documents and plan; a bad file or no matching question ends the command."""
    from dataclasses import replace

    from interview_cli.planning.documents import DocumentError, read_document
    from interview_cli.planning.planner import build_plan
    from interview_cli.session import (
        UnknownBankError,
        history_stats,
        matching_questions,
    )

    documents: list[Document] = []
    try:
        if posting is not None:
            documents.append(read_document(posting, "posting"))
        if resume is not None:
            documents.append(read_document(resume, "resume"))
    except DocumentError as exc:
        _common.fail(str(exc), _common.EXIT_USAGE)
    chosen = language or _language_of(documents, banks, fallback_language)
    filters = replace(filters, language=chosen)
    try:
        candidates = matching_questions(banks, filters, options)
    except UnknownBankError as exc:
        _common.fail(str(exc), _common.EXIT_USAGE)
    if not candidates:
        _common.fail(f"no question matches {filters.describe()}", _common.EXIT_USAGE)
    return build_plan(candidates, documents, count, chosen, history_stats(history))


def _language_of(documents: Sequence[Document], banks: list[Bank], fallback: str | None) -> str:
    """The posting's language when banks exist in it (Korean for a mixed one), else the
    setting's, else English."""
    from interview_cli.planning.documents import hangul_share

    have = {b.language for b in banks}
    for document in documents:
        language = document.language
        if language == "mixed":  # the script that carries the text decides
            language = "ko" if hangul_share(document.text) >= 0.3 else "en"
        if language in have:
            return language
    for choice in (fallback, "en"):
        if choice in have:
            return choice
    return sorted(have)[0] if have else "en"


def plan(
    posting: Path | None = typer.Option(
        None, "--posting", "-p", metavar="FILE", help="Job posting (text or Markdown)."
    ),
    resume: Path | None = typer.Option(
        None, "--resume", "-r", metavar="FILE", help="Your résumé (text or Markdown)."
    ),
    bank: list[str] = typer.Option(
        None, "--bank", "-b", metavar="ID", help="Only these banks (repeatable)."
    ),
    count: int | None = typer.Option(
        None, "--count", "-n", min=1, max=200, help="How many questions (default: setting)."
    ),
    language: str | None = typer.Option(
        None,
        "--language",
        "-l",
        metavar="en|ko",
        help="Banks in this language (default: the posting's).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the plan as JSON (docs/plan-json.md)."
    ),
) -> None:
    """Show the questions a session for this posting and résumé would ask, and why each."""
    from interview_cli.cli.practice import load_banks_for
    from interview_cli.session import Filters, load_history
    from interview_cli.store import StoreError

    settings = _common.settings({"question_count": count, "language": language})
    loaded = load_banks_for(_common.paths(), list(bank or []))
    for problem in loaded.problems:
        _common.warn(str(problem))
    if not loaded.banks:
        _common.fail("no question bank could be loaded", _common.EXIT_USAGE)
    try:
        history, _ = load_history(_common.history_store())
    except StoreError as exc:
        _common.fail(str(exc))
    result = make_plan(
        loaded.banks,
        Filters(bank_ids=tuple(dict.fromkeys(bank or []))),
        settings.question_count,
        posting,
        resume,
        language,
        settings.language,
        history,
    )
    if as_json:
        _common.print_json(result.to_dict())
        return
    print_plan(result)


def print_plan(result: Plan) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    console = _common.console()
    for document in result.documents:
        found = [h for h in result.hits if h.source == document.kind]
        names = ", ".join(escape(h.describe()) for h in found) or "none recognised"
        console.print(f"[bold]{escape(document.label)}[/bold] ({document.kind}): {names}")
    table = Table(
        title=f"{len(result.items)} questions ({result.language})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("question", ratio=3)
    table.add_column("why", ratio=2)
    for number, item in enumerate(result.items, 1):
        q = item.planned.question
        where = f"{item.planned.bank_id} · {q.topic} · difficulty {q.difficulty}"
        why = "\n".join(escape(r) for r in item.reasons[:3])
        if len(item.reasons) > 3:
            why += f"\n[dim](+{len(item.reasons) - 3} more)[/dim]"
        table.add_row(
            str(number),
            f"{escape(q.question)}\n[dim]{escape(where)}[/dim]",
            f"[bold]{item.tier}[/bold]\n{why}",
        )
    console.print(table)
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {escape(note)}")
    console.print("[dim]Practise it: interview practice --posting FILE [--resume FILE][/dim]")


RESUME_QUESTIONS = 2  # how many questions a capable model writes about the résumé


def resume_questions(
    settings: Settings,
    paths: Paths,
    document: Document,
    language: str,
    options: SessionOptions,
) -> tuple[list[PlannedQuestion], Scorer | None, str | None]:
    """Questions about the résumé's projects, from a capable model: (questions, the loaded
    scorer to reuse in the app, a note for the person).

    The questions are kept as a bank named after the résumé's text, so the same résumé gets
    the same questions without asking the model again.
    """
    from interview_cli.banks.loader import load_bank_file
    from interview_cli.llm.discovery import EmbeddedModelError, embedded_model_path, resolve_model
    from interview_cli.llm.gguf_info import ModelFileError, read_model_info
    from interview_cli.planning.generate import bank_path, resume_bank, resume_key, save_bank
    from interview_cli.scoring.model_reader import CAPABLE_PARAMETERS, ModelReader
    from interview_cli.scoring.pipeline import RubricScorer
    from interview_cli.session import PlannedQuestion

    def planned(bank: Bank) -> list[PlannedQuestion]:
        return [
            PlannedQuestion(bank.id, bank.language, q, options.limit_for(q)) for q in bank.questions
        ]

    folder = paths.user_banks_dir
    existing = bank_path(folder, resume_key(document.text, language))
    if existing.is_file():
        bank, problems = load_bank_file(existing, origin="user")
        if bank is not None and not problems:
            note = f"asking the questions written earlier about {document.label} ({existing})"
            return planned(bank), None, note
    if settings.server:
        return [], None, None
    try:
        path = (
            resolve_model(settings.model, paths)
            if settings.model
            else embedded_model_path(paths.cache_dir)
        )
        info = read_model_info(path)
    except (ModelFileError, EmbeddedModelError):
        return [], None, None
    if not info.chat_template or (info.parameters or 0) < CAPABLE_PARAMETERS:
        return (
            [],
            None,
            f"{info.display_name} is too small to write questions about {document.label} "
            "(that needs a chat model of 1B+ parameters, see `interview models list`); "
            "its skills still shape the plan",
        )
    _common.warn(f"writing questions about {document.label} with {info.display_name}…")
    from interview_cli.scoring.factory import build_scorer

    scorer = build_scorer(settings, paths)
    reader = scorer.support if isinstance(scorer, RubricScorer) else None
    if not isinstance(reader, ModelReader):
        return [], scorer, None
    try:
        written = reader.write_resume_questions(document.text, language, RESUME_QUESTIONS)
    except Exception as exc:  # a model that fails here must not stop the session
        return [], scorer, f"no questions about {document.label}: {type(exc).__name__}: {exc}"
    if not written:
        return [], scorer, f"{info.display_name} wrote no usable question about {document.label}"
    bank = resume_bank(written, document.path, document.text, language, info.display_name)
    if existing.exists():  # there, but not a bank that loads: never written over
        note = f"{len(written)} questions about {document.label} asked but not kept: {existing} "
        return planned(bank), scorer, note + "is in the way (it does not load as a bank)"
    saved = save_bank(bank, folder)
    return planned(bank), scorer, f"{len(written)} questions about {document.label} kept in {saved}"
