"""Loosely named fields of rows and objects: which column is the question, the answer, the
tags...; lists and difficulty words read from cells; a record made into a raw question."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from interview_cli.banks.importers.model import Note, Position, RawQuestion, Skip
from interview_cli.banks.importers.text import clean_text, html_to_text, looks_like_html, one_line

_DIFFICULTY_WORDS = {
    "1": 1,
    "easy": 1,
    "beginner": 1,
    "basic": 1,
    "쉬움": 1,
    "하": 1,
    "초급": 1,
    "2": 2,
    "medium": 2,
    "normal": 2,
    "intermediate": 2,
    "moderate": 2,
    "보통": 2,
    "중": 2,
    "중급": 2,
    "3": 3,
    "hard": 3,
    "difficult": 3,
    "expert": 3,
    "advanced": 3,
    "어려움": 3,
    "상": 3,
    "고급": 3,
}

DIFFICULTY_MARKERS = {"👶": 1, "⭐": 2, "🚀": 3}


def parse_difficulty(value: Any) -> int | None:
    """1..3 from a number, a word (English or Korean) or an emoji marker; None if unknown."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = int(value)
        return number if 1 <= number <= 3 and number == value else None
    text = str(value).strip().casefold()
    if not text:
        return None
    for marker, level in DIFFICULTY_MARKERS.items():
        if marker in text:
            return level
    return _DIFFICULTY_WORDS.get(text)


def split_list(value: Any, separators: str = r"[\n;|]") -> list[str]:
    """A list field from a cell: a real list, or text split on newlines, ';' or '|'."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v is not None]
    else:
        items = re.split(separators, str(value))
    return [one_line(i) for i in items if one_line(i)]


def split_tags(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return split_list(value)
    text = "" if value is None else str(value)
    if re.search(r"[,;|\n]", text):
        return split_list(text, r"[,;|\n]")
    # Anki and many tools separate tags by spaces
    return [t for t in text.split() if t]


# ---------------------------------------------------------------- loosely named fields

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "question": (
        "question",
        "questions",
        "q",
        "front",
        "prompt",
        "problem",
        "text",
        "질문",
        "문제",
        "문항",
        "면접질문",
    ),
    "answer": (
        "answer",
        "answers",
        "a",
        "back",
        "modelanswer",
        "reference",
        "referenceanswer",
        "response",
        "solution",
        "explanation",
        "extra",
        "답",
        "답변",
        "정답",
        "해설",
        "모범답안",
        "모범답변",
        "풀이",
        "예시답변",
    ),
    "tags": ("tags", "tag", "labels", "label", "keywords", "태그", "키워드"),
    "topic": (
        "topic",
        "category",
        "section",
        "subject",
        "chapter",
        "deck",
        "주제",
        "분야",
        "카테고리",
        "분류",
        "단원",
    ),
    "difficulty": ("difficulty", "level", "난이도", "수준"),
    "key_points": (
        "keypoints",
        "keypoint",
        "rubric",
        "points",
        "checklist",
        "핵심",
        "핵심포인트",
        "키포인트",
        "채점기준",
        "요점",
    ),
    "follow_ups": (
        "followups",
        "followup",
        "followupquestions",
        "꼬리질문",
        "후속질문",
        "추가질문",
    ),
    "id": ("id", "guid", "uid", "qid", "questionid", "key"),
    "time_limit_s": ("timelimits", "timelimit", "timelimitseconds", "제한시간"),
    "key_points_source": ("keypointssource",),
    "source": ("source",),
}


def field_key(name: str) -> str:
    return re.sub(r"[\s_\-.:()/]+", "", unicodedata.normalize("NFKC", name).casefold())


def match_fields(names: Iterable[str]) -> dict[str, str]:
    """Which of our fields each source column feeds: {our field: source column name}."""
    lookup = {alias: ours for ours, aliases in FIELD_ALIASES.items() for alias in aliases}
    matched: dict[str, str] = {}
    for name in names:
        ours = lookup.get(field_key(name))
        if ours is not None and ours not in matched:
            matched[ours] = name
    return matched


def record_to_raw(
    record: Mapping[str, Any],
    columns: Mapping[str, str],
    at: Position,
    skipped: list[Skip],
    notes: list[Note],
    html: bool = False,
    own: bool = False,
) -> RawQuestion | None:
    """A RawQuestion from one row or object whose columns were matched by ``match_fields``.

    ``own`` marks our own export: text is taken as written (no HTML guessing), lists are one
    item per line, tags are comma-separated and the id is ours.
    """

    def get(ours: str) -> Any:
        column = columns.get(ours)
        return None if column is None else record.get(column)

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value if v is not None)
        text = str(value)
        if html or (not own and looks_like_html(text)):
            return html_to_text(text)
        return clean_text(text)

    question = text_of(get("question"))
    if not question:
        skipped.append(Skip(at, "no question text"))
        return None
    raw = RawQuestion(question=question, at=at)
    answer = text_of(get("answer"))
    raw.answer = answer or None
    lists = r"\n" if own else r"[\n;|]"
    raw.key_points = split_list(get("key_points"), lists)
    raw.follow_ups = split_list(get("follow_ups"), lists)
    raw.tags = split_list(get("tags"), ",") if own else split_tags(get("tags"))
    topic = get("topic")
    raw.topic = str(topic).strip() if topic not in (None, "") else None
    difficulty = get("difficulty")
    if difficulty not in (None, ""):
        raw.difficulty = parse_difficulty(difficulty)
        if raw.difficulty is None:
            notes.append(
                Note(at, f"difficulty {difficulty!r} is not 1-3 or easy/medium/hard; 2 used")
            )
    limit = get("time_limit_s")
    if limit not in (None, ""):
        try:
            raw.time_limit_s = int(str(limit).strip())
        except ValueError:
            notes.append(Note(at, f"time limit {limit!r} is not a number of seconds; ignored"))
    native = get("id")
    if native not in (None, ""):
        if own:
            raw.qid = str(native).strip()
        else:
            raw.native_id = str(native).strip()
    source_kind = get("key_points_source")
    if source_kind in ("authored", "derived", "generated"):
        raw.key_points_source = str(source_kind)
    origin = get("source")
    if origin not in (None, ""):
        raw.source = str(origin)
    return raw


def apply_export_meta(raw: RawQuestion, meta: dict[str, Any]) -> None:
    """Our own export's metadata (a Meta field, a comment): the exact values that the visible
    text cannot hold. Values of the wrong type are ignored."""
    for name, attr in (("id", "qid"), ("question", "question"), ("topic", "topic")):
        if isinstance(meta.get(name), str):
            setattr(raw, attr, meta[name])
    for name in ("difficulty", "time_limit_s"):
        if isinstance(meta.get(name), int):
            setattr(raw, name, meta[name])
    if isinstance(meta.get("tags"), list):
        raw.tags = [str(t) for t in meta["tags"]]
    if meta.get("key_points_source") in ("authored", "derived", "generated"):
        raw.key_points_source = meta["key_points_source"]
    if isinstance(meta.get("source"), str):
        raw.source = meta["source"]
