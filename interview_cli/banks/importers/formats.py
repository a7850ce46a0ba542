"""The import formats, one entry each: name, file suffixes, and the reader (loaded on use).

A new format is one entry here plus its reader module. Nothing heavy is imported: the command
line lists the names from this table while it parses its arguments.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_cli.banks.importers.decoding import Source
    from interview_cli.banks.importers.model import Parsed


@dataclass(frozen=True)
class Format:
    """One import format."""

    name: str
    suffixes: tuple[str, ...]
    reader: str  # "module:function" under interview_cli.banks.importers, imported on use

    def read(self, source: Source) -> Parsed:
        module, _, function = self.reader.partition(":")
        found = importlib.import_module(f"interview_cli.banks.importers.{module}")
        read: Callable[[Source], Parsed] = getattr(found, function)
        return read(source)


# in the order people are told about them ("choose one of ...")
TABLE: tuple[Format, ...] = (
    Format("markdown", (".md", ".markdown", ".mdx", ".mkd"), "markdown:read_markdown"),
    # .apkg packages, Anki's text export and its collection files: the reader tells them apart
    Format("anki", (".apkg", ".colpkg"), "anki:read_anki"),
    Format("csv", (".csv",), "tabular:read_csv"),
    Format("tsv", (".tsv", ".tab"), "tabular:read_tsv"),
    Format("json", (".json",), "jsonfile:read_json"),
    Format("jsonl", (".jsonl", ".ndjson"), "jsonfile:read_jsonl"),
    Format("yaml", (".yaml", ".yml"), "yamlfile:read_yaml"),
    Format("sqlite", (".db", ".sqlite", ".sqlite3", ".anki2", ".anki21"), "sqlite:read_sqlite"),
    Format("gift", (".gift",), "gift:read_gift"),
)
FORMATS = tuple(f.name for f in TABLE)
BY_NAME = {f.name: f for f in TABLE}
BY_SUFFIX = {suffix: f.name for f in TABLE for suffix in f.suffixes}
