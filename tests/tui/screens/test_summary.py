"""The summary's words for answers still waiting for a score (no app needed)."""

from __future__ import annotations

from pathlib import Path

from interview_cli.tui.screens.summary import heading
from tests.support.pending_history import answered_then_quit
from tests.support.practice_fakes import EN_ANSWER, en_bank, store_at


def test_waiting_answers_are_counted_and_never_averaged_as_zero(tmp_path: Path) -> None:
    session = answered_then_quit(store_at(tmp_path), en_bank(), [EN_ANSWER, "second"])
    summary = session.summary()
    assert (summary.pending, summary.average) == (2, None)
    text = heading(summary, session.total, finished=True).plain
    assert "average 0" not in text and "· average" not in text
    assert "2 answers waiting for a score: left out of the average" in text
