"""Build the scorer for a command or the app: model-backed when possible, else rubric."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from interview_cli.scoring.base import Scorer
from interview_cli.scoring.pipeline import RubricScorer

if TYPE_CHECKING:
    from interview_cli.config import Settings
    from interview_cli.paths import Paths

StatusCallback = Callable[[str], None]


def rubric_scorer() -> Scorer:
    """The scorer that needs no model: instant, and what every fallback lands on."""
    return RubricScorer()


def build_scorer(
    settings: Settings, paths: Paths, on_status: StatusCallback | None = None
) -> Scorer:
    """The best scorer available; slow when it loads a model, so call it from a worker."""
    from interview_cli.scoring.model_scorer import load_model_scorer

    return load_model_scorer(settings, paths, on_status)
