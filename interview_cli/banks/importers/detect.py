"""Tell which format a file is in, from its first bytes and then its name, and pick the reader."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from interview_cli.banks.importers.common import ImportFailure, Parsed, Source, is_binary

FORMATS = ("markdown", "anki", "csv", "tsv", "json", "jsonl", "yaml", "sqlite", "gift")

_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".mkd": "markdown",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".gift": "gift",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".anki2": "sqlite",
    ".anki21": "sqlite",
    ".apkg": "anki",
    ".colpkg": "anki",
}
ZIP_MAGIC = b"PK\x03\x04"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _head_text(source: Source) -> str:
    head = source.data[:65536]
    for codec in ("utf-8-sig", "utf-16", "cp949", "latin-1"):
        try:
            return head.decode(codec)
        except UnicodeDecodeError:
            continue
    return ""  # latin-1 always decodes; kept for mypy


def _sniff_text(text: str) -> str:
    stripped = text.lstrip("\ufeff \t\r\n")
    if re.match(r"#(separator|html|columns|tags column|notetype|deck|guid column):", stripped):
        return "anki"
    if stripped.startswith(("[", "{")):
        try:
            json.loads(stripped)
            return "json"
        except json.JSONDecodeError:
            lines = [line for line in stripped.splitlines() if line.strip()][:5]
            if lines and all(line.lstrip().startswith("{") for line in lines):
                return "jsonl"
            return "json"
    if re.search(r"^\$CATEGORY:|^::[^:\n]+::", stripped, re.MULTILINE) or re.search(
        r"\{\s*(?:[=~][^}]*|####[^}]*)?\}\s*$", stripped, re.MULTILINE
    ):
        return "gift"
    if re.match(r"bank:\s*\S", stripped) or re.search(r"^questions:\s*$", stripped, re.M):
        return "yaml"
    first = stripped.split("\n", 1)[0]
    if "\t" in first and not first.startswith(("#", "-", "*", ">")):
        from interview_cli.banks.importers.common import match_fields

        cells = first.split("\t")
        return "tsv" if "question" in match_fields(cells) else "anki"
    if "," in first and not first.startswith(("#", "-", "*", ">")):
        from interview_cli.banks.importers.common import match_fields

        if "question" in match_fields(c.strip(' "') for c in first.split(",")):
            return "csv"
    return "markdown"


def detect_format(source: Source) -> str:
    """One of FORMATS; 'anki' covers both .apkg packages and Anki text exports."""
    data = source.data
    if data.startswith(ZIP_MAGIC):
        return "anki"
    if data.startswith(SQLITE_MAGIC):
        return "sqlite"
    suffix = source.path.suffix.lower()
    if suffix in _SUFFIXES and _SUFFIXES[suffix] in ("anki", "sqlite"):
        return _SUFFIXES[suffix]  # the reader says clearly what is wrong with the bytes
    if is_binary(data):
        raise ImportFailure(
            source.name,
            "binary file, not a format interview-cli can import "
            "(Markdown, Anki .txt/.apkg, CSV/TSV, JSON/JSONL, YAML, SQLite, GIFT)",
        )
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    return _sniff_text(_head_text(source))


def reader_for(fmt: str, source: Source) -> Callable[[Source], Parsed]:
    """The parser function for a format name (lazy imports: each reader loads only its own)."""
    if fmt == "markdown":
        from interview_cli.banks.importers.markdown import read_markdown

        return read_markdown
    if fmt == "anki":
        if source.data.startswith(ZIP_MAGIC) or source.path.suffix.lower() in (".apkg", ".colpkg"):
            from interview_cli.banks.importers.apkg import read_apkg

            return read_apkg
        if source.data.startswith(SQLITE_MAGIC):
            from interview_cli.banks.importers.sqlite import read_sqlite

            return read_sqlite
        from interview_cli.banks.importers.anki_text import read_anki_text

        return read_anki_text
    if fmt in ("csv", "tsv"):
        from interview_cli.banks.importers.tabular import read_table

        delimiter = "\t" if fmt == "tsv" else None
        return lambda s: read_table(s, delimiter)
    if fmt == "json":
        from interview_cli.banks.importers.jsonfile import read_json

        return read_json
    if fmt == "jsonl":
        from interview_cli.banks.importers.jsonfile import read_jsonl

        return read_jsonl
    if fmt == "yaml":
        from interview_cli.banks.importers.yamlfile import read_yaml

        return read_yaml
    if fmt == "sqlite":
        from interview_cli.banks.importers.sqlite import read_sqlite

        return read_sqlite
    if fmt == "gift":
        from interview_cli.banks.importers.gift import read_gift

        return read_gift
    raise ValueError(f"unknown format {fmt!r}")
