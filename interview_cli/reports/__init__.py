"""Progress reports: statistics over the history and renderers (rich, Markdown, HTML, JSON)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interview_cli.reports.model import Filters, Report

if TYPE_CHECKING:
    from collections.abc import Sequence

    from interview_cli.banks.loader import LoadResult
    from interview_cli.banks.schema import Bank
    from interview_cli.reports.stats import Installed
    from interview_cli.store import HistoryStore

Format = Literal["rich", "markdown", "html", "json"]
FORMATS: tuple[Format, ...] = ("rich", "markdown", "html", "json")

__all__ = [
    "FORMATS",
    "Filters",
    "Format",
    "Report",
    "installed_from",
    "quick_installed",
    "report_from_store",
]


def installed_from(banks: LoadResult | Sequence[Bank]) -> Installed:
    """Which banks and questions can still be practised, from the loaded banks."""
    from interview_cli.banks.files import LoadResult
    from interview_cli.reports.stats import Installed

    loaded = banks.banks if isinstance(banks, LoadResult) else banks
    return Installed(
        banks=frozenset(b.id for b in loaded),
        questions=frozenset(f"{b.id}/{q.id}" for b in loaded for q in b.questions),
    )


def quick_installed(user_banks_dir: Path, shipped_dir: Path | None = None) -> Installed:
    """Bank and question ids from the bank files, read without validation.

    Full loading validates every bank against the schema (about half a second); the report
    only needs to know which ids still exist, so it reads them with the C YAML parser.
    A file that cannot be read counts as absent, like a bank that fails to load.
    """
    import yaml

    from interview_cli.banks.loader import bank_files
    from interview_cli.paths import shipped_banks_dir
    from interview_cli.reports.stats import Installed

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    banks: set[str] = set()
    questions: set[str] = set()
    for folder in (shipped_dir or shipped_banks_dir(), user_banks_dir):
        for path in bank_files(folder):
            try:
                data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue
            if not isinstance(data, dict) or not isinstance(data.get("bank"), str):
                continue
            bank_id = data["bank"]
            banks.add(bank_id)
            for item in data.get("questions") or ():
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    questions.add(f"{bank_id}/{item['id']}")
    return Installed(banks=frozenset(banks), questions=frozenset(questions))


def report_from_store(
    store: HistoryStore,
    now: datetime,
    filters: Filters | None = None,
    tz: tzinfo | None = None,
    installed: Installed | None = None,
) -> Report:
    """Read the history once and build the report (the TUI calls this in a worker thread)."""
    from interview_cli.reports.stats import build_report

    return build_report(store.attempts.list(), now=now, filters=filters, tz=tz, installed=installed)
