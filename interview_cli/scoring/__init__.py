"""Scoring answers against a rubric: guards, rubric matcher, LLM judge, combiner."""

from interview_cli.scoring.base import (
    KeyPointResult,
    Scorer,
    ScoreResult,
    ScoringRequest,
    Verdict,
)

__all__ = ["KeyPointResult", "ScoreResult", "Scorer", "ScoringRequest", "Verdict"]
