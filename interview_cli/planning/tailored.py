"""A plan for a job posting and a résumé: read the documents, choose the language, plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from interview_cli.language import hangul_share
from interview_cli.planning.documents import Document, DocumentError, read_document
from interview_cli.planning.planner import Plan, build_plan

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.planning.picking import Filters, SessionOptions
    from interview_cli.store import Attempt


class PlanError(Exception):
    """A document cannot be read, a bank is unknown or no question matches: the message says."""


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
    """Read the documents and plan; a bad file or no matching question raises PlanError."""
    from interview_cli.planning.picking import UnknownBankError, matching_questions
    from interview_cli.planning.questions import history_stats

    documents: list[Document] = []
    try:
        if posting is not None:
            documents.append(read_document(posting, "posting"))
        if resume is not None:
            documents.append(read_document(resume, "resume"))
    except DocumentError as exc:
        raise PlanError(str(exc)) from exc
    chosen = language or _language_of(documents, banks, fallback_language)
    filters = replace(filters, language=chosen)
    try:
        candidates = matching_questions(banks, filters, options)
    except UnknownBankError as exc:
        raise PlanError(str(exc)) from exc
    if not candidates:
        raise PlanError(f"no question matches {filters.describe()}")
    return build_plan(candidates, documents, count, chosen, history_stats(history))


def _language_of(documents: Sequence[Document], banks: list[Bank], fallback: str | None) -> str:
    """The posting's language when banks exist in it (Korean for a mixed one), else the
    setting's, else English."""
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
