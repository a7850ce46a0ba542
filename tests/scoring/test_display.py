"""One rounding for every score shown: one decimal, half up on the stored value."""

from __future__ import annotations

import math

import pytest
from rich.console import Console

from interview_cli.scoring.base import KeyPointResult, ScoreResult, ScoringRequest
from interview_cli.scoring.display import round_score, score_text
from interview_cli.scoring.feedback import write_feedback
from interview_cli.scoring.render import render_score
from tests.support.half_way import SERVER, SHOWN, STORED


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (6.55, "6.6"),  # binary 6.5499999…: round() and :.1f said 6.5
        (6.45, "6.5"),  # half up, not half even
        (7.25, "7.3"),
        (6.549, "6.5"),  # below the half stays below: no double rounding through 6.55
        ((6.5 + 6.6) / 2, "6.6"),  # an average landing on the half
        (sum([6.5, 6.6, 6.5, 6.6]) / 4, "6.6"),  # 6.550000000000001
        (0.05, "0.1"),
        (9.95, "10.0"),
        (10.0, "10.0"),
        (0.0, "0.0"),
        (-0.0, "0.0"),
        (-0.04, "0.0"),  # never "-0.0"
        (1 / 3, "0.3"),
    ],
)
def test_one_decimal_half_up(value: float, shown: str) -> None:
    assert score_text(value) == shown
    assert f"{round_score(value):.1f}" == shown


def test_stable_once_rounded() -> None:
    for tenth in range(101):
        value = tenth / 10
        assert round_score(value) == value
        assert round_score(round_score(value + 0.05)) == round_score(value + 0.05)


def test_non_finite_values_pass_through() -> None:
    assert math.isnan(round_score(math.nan))
    assert score_text(math.inf) == "inf"


def test_score_output_and_feedback_text_use_the_rule() -> None:
    """`interview score` prints the score through render_score; the feedback names it too."""
    points = (KeyPointResult("Each thread has its own stack.", "partial", 0.5),)
    result = ScoreResult(score=STORED, key_points=points, feedback="", scorer=SERVER)
    console = Console(width=80, record=True, color_system=None)
    console.print(render_score(ScoringRequest(question="Q?", answer="A"), result))
    assert f"{SHOWN}/10" in console.export_text()
    assert f"({SHOWN}/10)." in write_feedback(points, STORED, (), "en")
    assert f"({SHOWN}/10)." in write_feedback(points, STORED, (), "ko")


def test_the_scorer_of_a_score_is_named_in_words() -> None:
    from interview_cli.llm.discovery import EMBEDDED_NAME
    from interview_cli.scoring.display import scorer_label
    from interview_cli.store.models import ScorerInfo

    def info(method: str, model: str | None = None) -> ScorerInfo:
        return ScorerInfo(name="interview-cli", method=method, version="5", model=model)

    assert scorer_label(info("rubric+llm", EMBEDDED_NAME)) == "embedded model " + (
        EMBEDDED_NAME.removesuffix(".gguf")
    )
    assert scorer_label(info("rubric+llm", "qwen2.5-1.5b-instruct-q4_k_m.gguf")) == (
        "your model qwen2.5-1.5b-instruct-q4_k_m"
    )
    assert scorer_label(info("rubric+server", "llama3@http://box:8080")) == (
        "server model llama3 at http://box:8080"
    )
    assert scorer_label(info("rubric+llm", "/home/me/models/Phi-3.gguf")) == "your model Phi-3"
    assert scorer_label(info("rubric")) == "rubric only (no model)"
