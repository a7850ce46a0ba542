"""Tell which format a file is in, from its first bytes and then its name."""

from __future__ import annotations

import json
import re

from interview_cli.banks.importers.anki import SQLITE_MAGIC, ZIP_MAGIC
from interview_cli.banks.importers.decoding import Source, is_binary
from interview_cli.banks.importers.formats import BY_SUFFIX
from interview_cli.banks.importers.model import ImportFailure


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
        from interview_cli.banks.importers.fields import match_fields

        cells = first.split("\t")
        return "tsv" if "question" in match_fields(cells) else "anki"
    if "," in first and not first.startswith(("#", "-", "*", ">")):
        from interview_cli.banks.importers.fields import match_fields

        if "question" in match_fields(c.strip(' "') for c in first.split(",")):
            return "csv"
    return "markdown"


def detect_format(source: Source) -> str:
    """One of formats.FORMATS; 'anki' covers both .apkg packages and Anki text exports."""
    data = source.data
    if data.startswith(ZIP_MAGIC):
        return "anki"
    if data.startswith(SQLITE_MAGIC):
        return "sqlite"
    suffix = source.path.suffix.lower()
    if suffix in BY_SUFFIX and BY_SUFFIX[suffix] in ("anki", "sqlite"):
        return BY_SUFFIX[suffix]  # the reader says clearly what is wrong with the bytes
    if is_binary(data):
        raise ImportFailure(
            source.name,
            "binary file, not a format interview-cli can import "
            "(Markdown, Anki .txt/.apkg, CSV/TSV, JSON/JSONL, YAML, SQLite, GIFT)",
        )
    if suffix in BY_SUFFIX:
        return BY_SUFFIX[suffix]
    return _sniff_text(_head_text(source))
