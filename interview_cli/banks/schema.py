"""The bank file format: typed records and the JSON Schema that defines a valid file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
MAX_KEY_POINT_CHARS = 200
DEFAULT_TIME_LIMIT_S = 120

KeyPointSource = Literal["authored", "derived", "generated"]


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    question: str
    key_points: tuple[str, ...] = ()
    model_answer: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: int = 2
    time_limit_s: int | None = None
    follow_ups: tuple[str, ...] = ()
    key_points_source: KeyPointSource = "authored"
    source: str | None = None  # where an imported question came from (file:line)

    def to_dict(self) -> dict[str, Any]:
        """The question as it is written in a bank file (optional fields left out when empty)."""
        out: dict[str, Any] = {"id": self.id, "topic": self.topic}
        if self.tags:
            out["tags"] = list(self.tags)
        out["difficulty"] = self.difficulty
        if self.time_limit_s is not None:
            out["time_limit_s"] = self.time_limit_s
        out["question"] = self.question
        if self.key_points:
            out["key_points"] = list(self.key_points)
        if self.key_points_source != "authored":
            out["key_points_source"] = self.key_points_source
        if self.model_answer:
            out["model_answer"] = self.model_answer
        if self.follow_ups:
            out["follow_ups"] = list(self.follow_ups)
        if self.source:
            out["source"] = self.source
        return out


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    language: str
    questions: tuple[Question, ...]
    license: str | None = None
    version: str | None = None
    description: str | None = None
    path: Path | None = field(default=None, compare=False)
    origin: Literal["shipped", "user", "file"] = field(default="file", compare=False)

    @property
    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions})

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"bank": self.id, "title": self.title, "language": self.language}
        for key in ("license", "version", "description"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["questions"] = [q.to_dict() for q in self.questions]
        return out


def question_from_dict(data: dict[str, Any]) -> Question:
    """Build a Question from data that already passed the schema."""
    return Question(
        id=data["id"],
        topic=data["topic"],
        question=data["question"].strip(),
        key_points=tuple(k.strip() for k in data.get("key_points") or ()),
        model_answer=(data.get("model_answer") or "").strip() or None,
        tags=tuple(data.get("tags") or ()),
        difficulty=data.get("difficulty", 2),
        time_limit_s=data.get("time_limit_s"),
        follow_ups=tuple(f.strip() for f in data.get("follow_ups") or ()),
        key_points_source=data.get("key_points_source", "authored"),
        source=data.get("source"),
    )


def bank_from_dict(
    data: dict[str, Any],
    path: Path | None = None,
    origin: Literal["shipped", "user", "file"] = "file",
) -> Bank:
    """Build a Bank from data that already passed the schema."""
    version = data.get("version")
    return Bank(
        id=data["bank"],
        title=data["title"],
        language=data["language"],
        license=data.get("license"),
        version=None if version is None else str(version),
        description=data.get("description"),
        questions=tuple(question_from_dict(q) for q in data["questions"]),
        path=path,
        origin=origin,
    )


def _text(min_length: int = 1, max_length: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": min_length, "pattern": r"\S"}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "topic", "question"],
    # an imported question (it carries `source`) may come without a rubric: its file had none
    "anyOf": [
        {"required": ["key_points"]},
        {"required": ["model_answer"]},
        {"required": ["source"]},
    ],
    "properties": {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "Unique within the bank and stable forever: history is keyed on it.",
        },
        "topic": {"type": "string", "pattern": ID_PATTERN},
        "tags": {"type": "array", "items": _text(max_length=60), "uniqueItems": True},
        "difficulty": {"type": "integer", "minimum": 1, "maximum": 3},
        "time_limit_s": {"type": "integer", "minimum": 10, "maximum": 3600},
        "question": _text(max_length=2000),
        "key_points": {
            "type": "array",
            "minItems": 1,
            "maxItems": 12,
            "items": _text(max_length=MAX_KEY_POINT_CHARS),
            "description": "The rubric: short, checkable claims an interviewer listens for.",
        },
        "key_points_source": {"enum": ["authored", "derived", "generated"]},
        "model_answer": _text(max_length=20000),
        "follow_ups": {"type": "array", "items": _text(max_length=2000)},
        "source": {"type": "string"},
    },
}

BANK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "interview-cli question bank",
    "type": "object",
    "additionalProperties": False,
    "required": ["bank", "title", "language", "questions"],
    "properties": {
        "bank": {"type": "string", "pattern": ID_PATTERN, "description": "Unique bank id."},
        "title": _text(max_length=200),
        "language": {"type": "string", "pattern": LANGUAGE_PATTERN, "description": "BCP-47."},
        "license": _text(max_length=200),
        "version": {"type": ["string", "number"]},
        "description": _text(max_length=500),
        "questions": {"type": "array", "minItems": 1, "items": QUESTION_SCHEMA},
    },
}
