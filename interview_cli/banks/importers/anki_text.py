"""Anki "Notes in Plain Text" exports: #key:value headers, any separator, quoted fields, HTML."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.fields import apply_export_meta, field_key, parse_difficulty
from interview_cli.banks.importers.model import Note, Parsed, Position, RawQuestion, Skip
from interview_cli.banks.importers.text import clean_text, excerpt, html_to_text, looks_like_html

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
KNOWN_HEADERS = {
    "separator",
    "html",
    "tags column",
    "columns",
    "guid column",
    "notetype column",
    "notetype",
    "deck column",
    "deck",
    "tags",
    "if matches",
}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:[^\]]*\]")


def read_headers(text: str) -> tuple[dict[str, str], int]:
    """The #key:value lines at the top of the file, and how many lines they take."""
    headers: dict[str, str] = {}
    count = 0
    for line in text.split("\n"):
        match = _HEADER.match(line.rstrip("\r"))
        if not match or match.group(1).strip() not in KNOWN_HEADERS:
            break
        headers[match.group(1).strip()] = match.group(2).strip()
        count += 1
    return headers, count


def _sniff_separator(lines: list[str]) -> str:
    sample = [line for line in lines[:50] if line.strip()]
    if any("\t" in line for line in sample):
        return "\t"
    semicolons = sum(line.count(";") for line in sample)
    commas = sum(line.count(",") for line in sample)
    return ";" if semicolons > commas / 2 else ","


def field_text(value: str, html: bool | None) -> str:
    value = _SOUND.sub("", value)
    if html or (html is None and looks_like_html(value)):
        return html_to_text(value)
    return clean_text(value)


def uncloze(text: str) -> tuple[str, str]:
    """A cloze note's text with the deletions hidden, and the deleted words as the answer."""
    answers = [m.group(1) for m in _CLOZE.finditer(text)]

    def hide(match: re.Match[str]) -> str:
        return f"[{match.group(2)}]" if match.group(2) else "[...]"

    return _CLOZE.sub(hide, text), "; ".join(dict.fromkeys(answers))


def apply_anki_tags(raw: RawQuestion, tags: list[str]) -> None:
    """Anki tags: topic::X and difficulty::N are ours; the rest stay tags."""
    for tag in tags:
        if tag.startswith("topic::") and len(tag) > 7:
            raw.topic = tag[7:]
        elif tag.startswith("difficulty::"):
            raw.difficulty = parse_difficulty(tag[12:]) or raw.difficulty
        elif tag not in raw.tags:
            raw.tags.append(tag)


def apply_meta(raw: RawQuestion, meta_text: str, notes: list[Note], line: int) -> None:
    """The Meta field our own Anki export writes: exact ids, topic, tags and difficulty."""
    meta_text = meta_text.strip()
    if not meta_text:
        return
    try:
        # the field holds JSON written with HTML escapes (our export); unescape, never strip
        meta: Any = json.loads(html.unescape(meta_text))
    except json.JSONDecodeError:
        notes.append(Note(Position(line), "Meta field is not JSON; ignored"))
        return
    if not isinstance(meta, dict):
        return
    meta.pop("question", None)  # the Front field is the question
    apply_export_meta(raw, meta)


def _column_roles(headers: dict[str, str], width: int) -> dict[str, int]:
    """Which 0-based column holds what: from #columns names, else by position."""
    roles: dict[str, int] = {}
    for key, role in (("guid column", "guid"), ("notetype column", "notetype")):
        if headers.get(key, "").isdigit():
            roles[role] = int(headers[key]) - 1
    if headers.get("deck column", "").isdigit():
        roles["deck"] = int(headers["deck column"]) - 1
    if headers.get("tags column", "").isdigit():
        roles["tags"] = int(headers["tags column"]) - 1
    names = headers.get("columns")
    if names:
        separator = SEPARATORS.get(headers.get("separator", "").lower()) or "\t"
        for index, name in enumerate(next(csv.reader([names], delimiter=separator), [])):
            named = _COLUMN_ROLES.get(field_key(name))
            if named and named not in roles and index not in roles.values():
                roles[named] = index
    free = [i for i in range(width) if i not in roles.values()]
    for role in ("question", "answer"):
        if role not in roles and free:
            roles[role] = free.pop(0)
    return roles


_COLUMN_ROLES = {
    "front": "question",
    "question": "question",
    "text": "question",
    "질문": "question",
    "back": "answer",
    "answer": "answer",
    "extra": "answer",
    "답": "answer",
    "답변": "answer",
    "keypoints": "key_points",
    "followups": "follow_ups",
    "meta": "meta",
    "tags": "tags",
    "guid": "guid",
    "id": "guid",
    "deck": "deck",
    "notetype": "notetype",
}


def read_anki_text(source: Source) -> Parsed:
    parsed = Parsed(shape="Anki notes in plain text")
    text = source.text(parsed.notes).replace("\r\n", "\n").replace("\r", "\n")
    headers, header_lines = read_headers(text)
    body_lines = text.split("\n")[header_lines:]
    raw_separator = headers.get("separator", "")
    separator = SEPARATORS.get(raw_separator.lower(), raw_separator[:1] if raw_separator else "")
    if not separator:
        separator = _sniff_separator(body_lines)
    html_flag = headers.get("html", "").lower()
    html: bool | None = True if html_flag == "true" else False if html_flag == "false" else None
    if headers.get("deck"):
        parsed.title = headers["deck"]
    reader = csv.reader(io.StringIO("\n".join(body_lines)), delimiter=separator, strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = header_lines + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.skipped.append(Skip(Position(start), f"malformed row: {exc}"))
            continue
        if any(cell.strip() for cell in row):
            rows.append((start, row))
    if len(rows) > 0 and not headers:
        # files without Anki headers are still notes: one note per row
        parsed.notes.append(
            Note(
                Position(1),
                "no Anki headers (#separator:, #columns:); columns taken as front, back",
            )
        )
    width = max((len(r) for _, r in rows), default=0)
    roles = _column_roles(headers, width)
    for line, row in rows:

        def cell(role: str, row: list[str] = row) -> str:
            index = roles.get(role)
            return row[index] if index is not None and index < len(row) else ""

        front = cell("question")
        question = field_text(front, html)
        answer = field_text(cell("answer"), html)
        if _CLOZE.search(front):
            hidden, deleted = uncloze(front)
            question = field_text(hidden, html)
            answer = "\n\n".join(p for p in (deleted, answer) if p)
        if not question:
            parsed.skipped.append(
                Skip(Position(line), "empty front field", excerpt(" | ".join(row)))
            )
            continue
        raw = RawQuestion(question, Position(line), answer=answer or None)
        guid = cell("guid").strip()
        if guid:
            raw.native_id = guid
        points = cell("key_points")
        if points:
            raw.key_points = [p for p in field_text(points, html).split("\n") if p.strip()]
        follow = cell("follow_ups")
        if follow:
            raw.follow_ups = [p for p in field_text(follow, html).split("\n") if p.strip()]
        deck = cell("deck").strip()
        if deck:
            raw.topic = deck.split("::")[-1]
        apply_anki_tags(raw, cell("tags").split())
        apply_meta(raw, cell("meta"), parsed.notes, line)
        parsed.questions.append(raw)
    return parsed
