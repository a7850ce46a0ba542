"""A session's questions about the résumé's own projects: the ones kept from an earlier
session with the same résumé, or new ones from a capable model."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from interview_cli.planning.generate import bank_path, resume_bank, resume_key, save_bank

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.config import Settings
    from interview_cli.paths import Paths
    from interview_cli.planning.documents import Document
    from interview_cli.planning.picking import SessionOptions
    from interview_cli.planning.questions import PlannedQuestion
    from interview_cli.scoring.base import Scorer

RESUME_QUESTIONS = 2  # how many questions a capable model writes about the résumé


def resume_questions(
    settings: Settings,
    paths: Paths,
    document: Document,
    language: str,
    options: SessionOptions,
    *,
    on_status: Callable[[str], None] | None = None,
) -> tuple[list[PlannedQuestion], Scorer | None, str | None]:
    """Questions about the résumé's projects, from a capable model: (questions, the loaded
    scorer to reuse in the app, a note for the person). ``on_status`` hears that the model
    is being asked (it takes a while) before it is loaded.

    The questions are kept as a bank named after the résumé's text, so the same résumé gets
    the same questions without asking the model again.
    """
    from interview_cli.banks.loader import load_bank_file
    from interview_cli.llm.discovery import EmbeddedModelError, embedded_model_path, resolve_model
    from interview_cli.llm.gguf_info import ModelFileError, read_model_info
    from interview_cli.planning.questions import PlannedQuestion
    from interview_cli.scoring.model_reader import CAPABLE_PARAMETERS, ModelReader
    from interview_cli.scoring.pipeline import RubricScorer

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
    if on_status is not None:
        on_status(f"writing questions about {document.label} with {info.display_name}…")
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
