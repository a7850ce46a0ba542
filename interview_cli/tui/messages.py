"""Messages from the model and scoring workers back to the app, and from the app to its screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.message import Message

from interview_cli.scoring.base import Scorer, ScoreResult

ModelState = Literal["loading", "ready", "fallback"]


@dataclass
class ModelStatusChanged(Message):
    """The model loader has news: a step of loading, or why it fell back."""

    state: ModelState
    detail: str


@dataclass
class ScorerReady(Message):
    scorer: Scorer
    detail: str = ""


@dataclass
class ScoreStarted(Message):
    attempt_id: str


@dataclass
class ScoreReady(Message):
    attempt_id: str
    result: ScoreResult
    in_session: bool = True  # False for a leftover attempt from an earlier session


@dataclass
class ScoreFailed(Message):
    attempt_id: str
    error: str
    in_session: bool = True


@dataclass
class ScoreChanged(Message):
    """To each screen: an attempt's score (None: every attempt's, the scorer changed) has news."""

    bubble: ClassVar[bool] = False  # for the screens only, not the app above them

    attempt_id: str | None


@dataclass
class StoreTrouble(Message):
    """A history write failed and will be retried."""

    error: str
