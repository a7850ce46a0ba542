"""JSON (a list of objects, or an object holding one) and JSON Lines files of questions."""

from __future__ import annotations

import json
from typing import Any

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.fields import match_fields, record_to_raw
from interview_cli.banks.importers.model import ImportFailure, Parsed, Position, RawQuestion, Skip
from interview_cli.banks.importers.text import excerpt

LIST_KEYS = ("questions", "cards", "items", "notes", "data", "entries", "qna", "qa")
BANK_KEYS = ("bank", "title", "language", "license", "description", "version")

_decoder = json.JSONDecoder()


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _array_offsets(text: str, start: int) -> list[int]:
    """Offsets where the elements of the (valid) JSON array at ``start`` begin."""
    offsets: list[int] = []
    index = _skip_ws(text, start + 1)
    while index < len(text) and text[index] != "]":
        offsets.append(index)
        _, index = _decoder.raw_decode(text, index)
        index = _skip_ws(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip_ws(text, index + 1)
    return offsets


def element_lines(text: str, key: str | None) -> list[int]:
    """1-based line of each element of the top-level array, or of the array under ``key``."""
    index = _skip_ws(text, 0)
    if key is None:
        offsets = _array_offsets(text, index)
    else:
        offsets = []
        index = _skip_ws(text, index + 1)
        while index < len(text) and text[index] != "}":
            name, index = _decoder.raw_decode(text, index)
            index = _skip_ws(text, index) + 1  # the colon
            index = _skip_ws(text, index)
            if name == key:
                offsets = _array_offsets(text, index)
            _, index = _decoder.raw_decode(text, index)
            index = _skip_ws(text, index)
            if index < len(text) and text[index] == ",":
                index = _skip_ws(text, index + 1)
    return [text.count("\n", 0, offset) + 1 for offset in offsets]


def records_to_parsed(records: list[Any], lines: list[int], parsed: Parsed, own_bank: bool) -> None:
    for record, line in zip(records, lines, strict=False):
        if not isinstance(record, dict):
            parsed.skipped.append(
                Skip(Position(line), "not an object with a question", excerpt(str(record)))
            )
            continue
        columns = match_fields(str(k) for k in record)
        raw = record_to_raw(record, columns, Position(line), parsed.skipped, parsed.notes)
        if raw is None:
            continue
        if own_bank:
            take_own_fields(raw, record)
        parsed.questions.append(raw)


def take_own_fields(raw: RawQuestion, record: dict[str, Any]) -> None:
    """Our own bank format: the id is ours, and the text is kept exactly as written."""
    if isinstance(record.get("id"), str):
        raw.qid = record["id"]
    if isinstance(record.get("question"), str):
        raw.question = record["question"].strip()
    answer = record.get("model_answer")
    raw.answer = answer.strip() if isinstance(answer, str) and answer.strip() else None
    for name in ("key_points", "follow_ups", "tags"):
        value = record.get(name)
        if isinstance(value, list):
            setattr(raw, name, [str(v).strip() for v in value])
    if isinstance(record.get("difficulty"), int):
        raw.difficulty = record["difficulty"]
    if isinstance(record.get("topic"), str):
        raw.topic = record["topic"]


def read_json(source: Source) -> Parsed:
    parsed = Parsed(shape="JSON list of question objects")
    text = source.text(parsed.notes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(source.name, f"invalid JSON: {exc.msg}", exc.lineno) from None
    key: str | None = None
    own_bank = False
    if isinstance(data, dict):
        key = next((k for k in LIST_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            raise ImportFailure(
                source.name,
                "no list of questions: expected a JSON list, or an object with a 'questions' list",
                1,
            )
        own_bank = isinstance(data.get("bank"), str) and key == "questions"
        parsed.bank_meta = {
            k: str(data[k]) for k in BANK_KEYS if isinstance(data.get(k), str | int | float)
        }
        records = data[key]
    elif isinstance(data, list):
        records = data
    else:
        raise ImportFailure(source.name, "expected a JSON list of question objects", 1)
    lines = element_lines(text.lstrip("\ufeff"), key)
    records_to_parsed(records, lines, parsed, own_bank)
    if parsed.bank_meta.get("title"):
        parsed.title = parsed.bank_meta["title"]
    if parsed.bank_meta.get("language"):
        parsed.language = parsed.bank_meta["language"]
    return parsed


def read_jsonl(source: Source) -> Parsed:
    parsed = Parsed(shape="JSON Lines, one question object per line")
    text = source.text(parsed.notes)
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.skipped.append(Skip(Position(number), f"invalid JSON: {exc.msg}", excerpt(line)))
            continue
        records_to_parsed([record], [number], parsed, own_bank=False)
    return parsed
