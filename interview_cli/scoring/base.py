"""The scorer contract: what goes in (question, answer, rubric) and what comes out (a Score)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from interview_cli.store.models import ScorerInfo

Verdict = Literal["covered", "partial", "missing", "contradicted"]
RubricSource = Literal["key_points", "reference_claims"]

# flags an answer can raise; each one explains a low or capped score
FLAG_EMPTY = "empty"
FLAG_TOO_SHORT = "too_short"
FLAG_COPIES_QUESTION = "copies_question"
FLAG_OFF_TOPIC = "off_topic"
FLAG_INSTRUCTIONS = "instruction_like"
FLAG_NO_MODEL = "no_model"  # scored by the rubric matcher alone
FLAG_SERVER_FALLBACK = "server_fallback"  # the server failed; scored locally
FLAG_TERM_LIST = "term_list"  # a list of terms, not an explanation: capped
FLAG_CONTRADICTS = "contradicts"  # states the opposite of at least one key point
FLAG_UNCERTAIN = "uncertain"  # the signals disagree: the user's own rating is asked for
FLAG_NO_EMBEDDING = "no_embedding"  # scored without sentence embeddings (not installed)


def blocks_scoring(flags: Sequence[str]) -> bool:
    """Empty answers and copies of the question get nothing, whatever else is said."""
    return FLAG_EMPTY in flags or FLAG_COPIES_QUESTION in flags


@dataclass(frozen=True)
class ScoringRequest:
    question: str
    answer: str
    key_points: tuple[str, ...] = ()
    reference: str | None = None
    language: str | None = None
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyPointResult:
    key_point: str
    verdict: Verdict
    confidence: float  # 0..1: how sure the scorer is that the point is covered
    evidence: str | None = None  # a span quoted verbatim from the answer
    evidence_span: tuple[int, int] | None = None  # character offsets of evidence in the answer
    # for a contradicted point: the claim the answer made instead (swapped, reversed, negated)
    contrast: str | None = None


@dataclass(frozen=True)
class ScoreResult:
    score: float  # 0..10, computed in code from the key point verdicts
    key_points: tuple[KeyPointResult, ...]
    feedback: str
    scorer: ScorerInfo
    flags: tuple[str, ...] = ()
    follow_up: str | None = None
    follow_up_generated: bool = False
    rubric_source: RubricSource = "key_points"
    details: dict[str, Any] = field(default_factory=dict)  # method-specific numbers

    @property
    def missed(self) -> list[str]:
        return [k.key_point for k in self.key_points if k.verdict in ("missing", "contradicted")]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["key_points"] = [
            {**dataclasses.asdict(k), "evidence_span": list(k.evidence_span or ()) or None}
            for k in self.key_points
        ]
        data["flags"] = list(self.flags)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreResult:
        """The result ``to_dict`` wrote, as kept in an attempt's score details (other keys there
        are ignored); KeyError, TypeError or ValueError when ``data`` holds no result."""
        points = tuple(
            KeyPointResult(
                key_point=p["key_point"],
                verdict=p["verdict"],
                confidence=p["confidence"],
                evidence=p.get("evidence"),
                evidence_span=_span(p.get("evidence_span")),
                contrast=p.get("contrast"),
            )
            for p in data["key_points"]
        )
        return cls(
            score=data["score"],
            key_points=points,
            feedback=data["feedback"],
            scorer=ScorerInfo(**data["scorer"]),
            flags=tuple(data.get("flags") or ()),
            follow_up=data.get("follow_up"),
            follow_up_generated=data.get("follow_up_generated", False),
            rubric_source=data.get("rubric_source", "key_points"),
            details=dict(data.get("details") or {}),
        )


def _span(value: Any) -> tuple[int, int] | None:
    if not value:
        return None
    start, end = value
    return start, end


TokenCallback = Callable[[str], None]


class Scorer(Protocol):
    """Anything that scores an answer. Implementations must be safe to call from a worker thread."""

    @property
    def info(self) -> ScorerInfo: ...

    def score(self, request: ScoringRequest, on_text: TokenCallback | None = None) -> ScoreResult:
        """Score one answer; ``on_text`` receives feedback text as it is generated."""
        ...
