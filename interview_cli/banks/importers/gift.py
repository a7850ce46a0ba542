"""Moodle GIFT files: essay and short-answer questions; general feedback becomes the answer."""

from __future__ import annotations

import re

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.model import Parsed, Position, RawQuestion, Skip
from interview_cli.banks.importers.text import clean_text, excerpt, html_to_text

_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n", "\\": "\\"}
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]\s*", re.IGNORECASE)
_WEIGHT = re.compile(r"^%-?\d+(?:\.\d+)?%")


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in _ESCAPES:
        return _ESCAPES[char]
    # a backslash before other punctuation only protects it; before a letter it is text
    return "\\" + char if char.isalnum() else char


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", _unescape_one, text)


def _find(text: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped ``target`` at or after ``start``; -1 if none."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def _split_unescaped(text: str, marks: str) -> list[tuple[str, str]]:
    """(mark, text) pieces of an answer block split at unescaped ``marks`` characters."""
    pieces: list[tuple[str, str]] = []
    mark, current, index = "", "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current += text[index : index + 2]
            index += 2
            continue
        if char in marks:
            if current.strip() or mark:
                pieces.append((mark, current))
            mark, current = char, ""
        else:
            current += char
        index += 1
    if current.strip() or mark:
        pieces.append((mark, current))
    return pieces


def _blocks(text: str) -> list[tuple[int, str]]:
    """Question blocks separated by blank lines, with their first line, comments dropped."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _text(value: str, html: bool) -> str:
    value = unescape(value.strip())
    return html_to_text(value) if html else clean_text(value)


def read_gift(source: Source) -> Parsed:
    parsed = Parsed(shape="Moodle GIFT")
    text = source.text(parsed.notes).replace("\r\n", "\n").replace("\r", "\n")
    topic: str | None = None
    for line, block in _blocks(text):
        stripped = block.strip()
        if stripped.startswith("$CATEGORY:"):
            path = stripped[len("$CATEGORY:") :].strip()
            topic = path.rstrip("/").split("/")[-1] or None
            continue
        title = None
        if stripped.startswith("::"):
            end = _find(stripped, "::", 2)
            if end > 0:
                title = unescape(stripped[2:end]).strip() or None
                stripped = stripped[end + 2 :].strip()
        html = False
        marker = _FORMAT.match(stripped)
        if marker:
            html = marker.group(1).lower() == "html"
            stripped = stripped[marker.end() :]
        open_at = _find(stripped, "{")
        close_at = _find(stripped, "}", open_at + 1) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            reason = "no answer block {...}: a description, not a question"
            if open_at >= 0:
                reason = "'{' is never closed"
            parsed.skipped.append(Skip(Position(line), reason, excerpt(unescape(stripped))))
            continue
        stem_before = stripped[:open_at]
        stem_after = stripped[close_at + 1 :]
        body = stripped[open_at + 1 : close_at]
        stem = stem_before.strip()
        if stem_after.strip():
            # missing-word format: the blank sits where the braces were
            stem = f"{stem_before.rstrip()} _____ {stem_after.lstrip()}".strip()
        question = _text(stem, html)
        if not question:
            parsed.skipped.append(Skip(Position(line), "empty question text", excerpt(block)))
            continue
        feedback_at = _find(body, "####")
        feedback = ""
        if feedback_at >= 0:
            feedback = _text(body[feedback_at + 4 :], html)
            body = body[:feedback_at]
        kind, accepted = _classify(body)
        if kind != "ok":
            parsed.skipped.append(Skip(Position(line), kind, excerpt(question)))
            continue
        answer_parts = []
        if accepted:
            answer_parts.append(accepted[0])
            if len(accepted) > 1:
                answer_parts.append("Also accepted: " + "; ".join(accepted[1:]))
        if feedback:
            answer_parts.append(feedback)
        raw = RawQuestion(
            question, Position(line), answer="\n\n".join(answer_parts) or None, topic=topic
        )
        raw.native_id = title  # a GIFT title names the question; it keeps our id stable
        parsed.questions.append(raw)
    return parsed


def _classify(body: str) -> tuple[str, list[str]]:
    """'ok' and the accepted answers for essay/short-answer; otherwise the reason to skip."""
    content = body.strip()
    if not content:
        return "ok", []  # essay
    if content.startswith("#"):
        return "numerical question (only essay and short-answer questions are imported)", []
    if re.fullmatch(r"(T|F|TRUE|FALSE)(\s*#.*)?", content, re.IGNORECASE | re.DOTALL):
        return "true/false question (only essay and short-answer questions are imported)", []
    pieces = _split_unescaped(content, "=~")
    if any(mark == "~" for mark, _ in pieces):
        return "multiple-choice question (only essay and short-answer questions are imported)", []
    if any("->" in text for _, text in pieces):
        return "matching question (only essay and short-answer questions are imported)", []
    accepted: list[str] = []
    for mark, text in pieces:
        if mark != "=":
            return "answer block is not GIFT ('=' or '~' before each answer)", []
        answer_text = text
        cut = _find(answer_text, "#")
        if cut >= 0:
            answer_text = answer_text[:cut]
        answer_text = _WEIGHT.sub("", answer_text.strip())
        value = unescape(answer_text).strip()
        if value and value not in accepted:
            accepted.append(value)
    return "ok", accepted
