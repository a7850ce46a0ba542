"""What the feedback screen shows for each verdict, contradicted points and flags included."""

from __future__ import annotations

from rich.console import Console

from interview_cli.scoring.base import (
    FLAG_TERM_LIST,
    FLAG_UNCERTAIN,
    KeyPointResult,
    ScoreResult,
)
from interview_cli.store.models import ScorerInfo
from interview_cli.tui.widgets.score_view import flag_lines, highlighted_answer, key_points_table

ANSWER = "A queue is LIFO, so the last item in comes out first. A stack is FIFO."
RESULT = ScoreResult(
    score=0.0,
    key_points=(
        KeyPointResult(
            "A stack is LIFO.",
            "contradicted",
            0.0,
            evidence="A queue is LIFO, so the last item in comes out first.",
            evidence_span=(0, 53),
            contrast="A queue is LIFO.",
        ),
    ),
    feedback="",
    scorer=ScorerInfo(name="interview-cli", method="rubric", version="5"),
    flags=(FLAG_UNCERTAIN, FLAG_TERM_LIST),
)


def _text(renderable: object) -> str:
    console = Console(width=80, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_a_contradicted_point_reads_wrong_with_what_was_said() -> None:
    shown = _text(key_points_table(RESULT))
    assert "! wrong" in shown
    assert "A stack is LIFO." in shown
    assert "you said: “A queue is LIFO, so the last item in comes out first.”" in shown


def test_the_wrong_sentence_is_marked_in_the_answer() -> None:
    text = highlighted_answer(ANSWER, RESULT)
    styles = {str(span.style) for span in text.spans if span.start == 0}
    assert "on #5a1d3a" in styles


def test_uncertain_scores_ask_for_the_users_rating() -> None:
    lines = flag_lines(RESULT)
    assert any("rate yourself with 1-4" in line for line in lines)
    assert any("list of terms" in line for line in lines)


def test_korean_key_points_wrap_without_losing_a_syllable() -> None:
    point = (
        "대칭키 방식은 암호화와 복호화에 같은 키를 쓰고 빠르지만, "
        "키를 안전하게 전달하는 문제가 있다."
    )
    result = ScoreResult(
        score=5.0,
        key_points=(KeyPointResult(point, "partial", 0.4),),
        feedback="",
        scorer=ScorerInfo(name="interview-cli", method="rubric", version="5"),
    )
    for width in range(40, 101):
        console = Console(width=width, record=True, color_system=None)
        console.print(key_points_table(result))
        shown = console.export_text()
        assert "…" not in shown, width
        assert "".join(shown.split()).endswith("".join(point.split())), width
