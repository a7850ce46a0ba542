"""Anki collections (in an .apkg, or a collection file on its own): notes to questions."""

from __future__ import annotations

import json
import sqlite3

from interview_cli.banks.importers.anki_text import apply_anki_tags, field_text, uncloze
from interview_cli.banks.importers.fields import field_key
from interview_cli.banks.importers.model import (
    MAX_QUESTIONS,
    ImportFailure,
    Parsed,
    Position,
    RawQuestion,
    Skip,
)
from interview_cli.banks.importers.text import excerpt

_QUESTION_FIELDS = ("front", "question", "text", "질문", "문제", "앞면")
_ANSWER_FIELDS = ("back", "answer", "extra", "답", "답변", "정답", "뒷면", "backextra")


def _field_names(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """Field names per note type: the old JSON column, or the newer fields table."""
    names: dict[int, list[str]] = {}
    tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "fields" in tables:
        for ntid, _, fname in conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            names.setdefault(int(ntid), []).append(str(fname))
    if not names and "col" in tables:
        row = conn.execute("SELECT models FROM col LIMIT 1").fetchone()
        if row and row[0]:
            try:
                models = json.loads(row[0])
            except (json.JSONDecodeError, TypeError):
                models = {}
            if isinstance(models, dict):
                for mid, model in models.items():
                    if isinstance(model, dict) and isinstance(model.get("flds"), list):
                        names[int(mid)] = [
                            str(f.get("name", "")) for f in model["flds"] if isinstance(f, dict)
                        ]
    return names


def _role_index(fields: list[str], wanted: tuple[str, ...], default: int) -> int:
    keys = [field_key(f) for f in fields]
    for want in wanted:
        if want in keys:
            return keys.index(want)
    return default


def read_collection(conn: sqlite3.Connection, name: str) -> Parsed:
    """Notes of an Anki collection: Front/Text (or the first field) asks, Back/Extra answers."""
    parsed = Parsed(shape="Anki collection")
    count = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > MAX_QUESTIONS:
        raise ImportFailure(name, f"{count} notes; the limit is {MAX_QUESTIONS}")
    models = _field_names(conn)
    rows = conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    for number, (_, guid, mid, tags, flds) in enumerate(rows, 1):
        values = str(flds or "").split("\x1f")
        fields = models.get(int(mid), [])
        q_index = _role_index(fields, _QUESTION_FIELDS, 0)
        a_index = _role_index(fields, _ANSWER_FIELDS, 1 if q_index != 1 else 0)
        front = values[q_index] if q_index < len(values) else ""
        back = values[a_index] if a_index < len(values) and a_index != q_index else ""
        question = field_text(front, True)
        answer = field_text(back, True)
        if "{{c" in front:
            hidden, deleted = uncloze(front)
            question = field_text(hidden, True)
            answer = "\n\n".join(p for p in (deleted, answer) if p)
        if not question:
            parsed.skipped.append(
                Skip(Position(number, "note"), "empty first field", excerpt(back))
            )
            continue
        raw = RawQuestion(question, Position(number, "note"), answer=answer or None)
        raw.native_id = str(guid) if guid else None
        apply_anki_tags(raw, str(tags or "").split())
        parsed.questions.append(raw)
    return parsed
