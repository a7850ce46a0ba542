"""Records kept in the history file: practice sessions and the attempts inside them."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

SCHEMA_VERSION = 1

AttemptKind = Literal["answer", "follow_up", "retry"]
SessionStatus = Literal["active", "finished", "abandoned"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ScorerInfo:
    """Which scorer produced a score: scores from different scorers are never mixed silently."""

    name: str
    method: str
    version: str
    model: str | None = None
    model_sha256: str | None = None

    @property
    def key(self) -> str:
        model = f"{self.model}@{(self.model_sha256 or '')[:12]}" if self.model else "no-model"
        return f"{self.name}/{self.method}/{self.version}/{model}"


@dataclass(frozen=True)
class Session:
    id: str = field(default_factory=new_id)
    started_at: str = field(default_factory=now_iso)
    finished_at: str | None = None
    status: SessionStatus = "active"
    mode: str = "practice"
    bank_ids: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    question_keys: tuple[str, ...] = ()  # "bank/question" in the order they are asked
    schema_version: int = SCHEMA_VERSION

    def to_doc(self) -> dict[str, Any]:
        doc = dataclasses.asdict(self)
        doc["bank_ids"] = list(self.bank_ids)
        doc["question_keys"] = list(self.question_keys)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Session:
        known = {f.name for f in dataclasses.fields(cls)}
        data = {k: v for k, v in doc.items() if k in known}
        data["bank_ids"] = tuple(data.get("bank_ids", ()))
        data["question_keys"] = tuple(data.get("question_keys", ()))
        return cls(**data)


@dataclass(frozen=True)
class Attempt:
    session_id: str
    bank_id: str
    question_id: str
    question_text: str
    answer: str
    topic: str | None = None
    id: str = field(default_factory=new_id)
    kind: AttemptKind = "answer"
    parent_id: str | None = None  # the attempt a follow-up or retry belongs to
    started_at: str = field(default_factory=now_iso)
    submitted_at: str = field(default_factory=now_iso)
    time_taken_s: float = 0.0
    time_limit_s: int | None = None
    overtime: bool = False
    hints_used: int = 0
    skipped: bool = False
    score: float | None = None
    score_details: dict[str, Any] = field(default_factory=dict)
    scorer: ScorerInfo | None = None
    asked_because: str | None = None  # why a mock interview asked this follow-up
    schema_version: int = SCHEMA_VERSION

    def to_doc(self) -> dict[str, Any]:
        doc = dataclasses.asdict(self)
        doc["scorer"] = dataclasses.asdict(self.scorer) if self.scorer else None
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Attempt:
        known = {f.name for f in dataclasses.fields(cls)}
        data = {k: v for k, v in doc.items() if k in known}
        scorer = data.get("scorer")
        data["scorer"] = ScorerInfo(**scorer) if isinstance(scorer, dict) else None
        return cls(**data)
