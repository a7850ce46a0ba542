"""The summary and feedback screens: a score reads as `history list` and the report show it;
answers still waiting for a score are counted, never averaged as zero (no app needed)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from interview_cli.banks.schema import Question
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.session.summary import SessionSummary, summarise
from interview_cli.tui.screens.summary import (
    heading,
    mock_review,
    summary_table,
    topic_assessment,
    topics_text,
)
from interview_cli.tui.widgets.score_view import score_line
from tests.support.half_way import NOT_SHOWN, SHOWN, STORED, half_way_history
from tests.support.pending_history import answered_then_quit
from tests.support.practice_fakes import EN_ANSWER, en_bank, store_at


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


def test_waiting_answers_are_counted_and_never_averaged_as_zero(tmp_path: Path) -> None:
    session = answered_then_quit(store_at(tmp_path), en_bank(), [EN_ANSWER, "second"])
    summary = session.summary()
    assert (summary.pending, summary.average) == (2, None)
    text = heading(summary, session.total, finished=True).plain
    assert "average 0" not in text and "· average" not in text
    assert "2 answers waiting for a score: left out of the average" in text


def _summary(answered: int) -> SessionSummary:
    return SessionSummary(
        questions=(),
        average=None,
        answered=answered,
        skipped=0,
        pending=0,
        weak_topics=(),
        no_model=False,
    )


def test_one_question_is_singular() -> None:
    assert "0 of 1 question" in heading(_summary(0), total=1, finished=False).plain
    assert "1 questions" not in heading(_summary(1), total=1, finished=True).plain
    assert "0 of 2 questions" in heading(_summary(0), total=2, finished=False).plain
