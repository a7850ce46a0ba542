"""The summary and feedback screens show a score as `history list` and the report do."""

from __future__ import annotations

from rich.console import Console

from interview_cli.banks.schema import Question
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.session.summary import summarise
from interview_cli.tui.screens.summary import (
    heading,
    mock_review,
    summary_table,
    topic_assessment,
    topics_text,
)
from interview_cli.tui.widgets.score_view import score_line
from tests.support.half_way import NOT_SHOWN, SHOWN, STORED, half_way_history


def _text(renderable: object) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_a_half_way_score_reads_the_same_on_every_practice_screen() -> None:
    _, attempt = half_way_history()
    question = Question(id=attempt.question_id, topic="os", question=attempt.question_text)
    summary = summarise([PlannedQuestion(attempt.bank_id, "en", question, 120)], [attempt])
    assert summary.average == float(SHOWN)
    assert [(t.topic, t.average) for t in summary.weak_topics] == [("os", float(SHOWN))]
    screens = {
        "feedback": _text(score_line(STORED)),
        "heading": _text(heading(summary, total=1, finished=True)),
        "table": _text(summary_table(summary)),
        "topics": _text(topic_assessment(summary)),
        "weak topics": _text(topics_text(summary)),
        "mock review": _text(mock_review(summary)),
    }
    for name, text in screens.items():
        assert SHOWN in text, name
        for old in NOT_SHOWN:
            assert f"{old} " not in text and f"{old}/" not in text, name
