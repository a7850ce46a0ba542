"""Bank files and load results: what a caller needs without the YAML parser and validator.

`interview practice` reads banks from a validated JSON copy when the file is unchanged; this
module lets it find the files and report problems without importing PyYAML (the loader does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from interview_cli.banks.schema import Bank

BANK_SUFFIXES = (".yaml", ".yml")
MAX_BANK_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank file, at a 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class LoadResult:
    banks: list[Bank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)


def bank_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
