"""A history with answers left waiting for a score, as quitting mid-scoring leaves it."""

from __future__ import annotations

from collections.abc import Sequence

from interview_cli.banks.schema import Bank
from interview_cli.planning.picking import SessionOptions
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.session.practice import PracticeSession
from interview_cli.session.recording import StoreRecorder
from interview_cli.store import HistoryStore


def answered_then_quit(
    store: HistoryStore, bank: Bank, answers: Sequence[str], finish: bool = True
) -> PracticeSession:
    """A session over the first questions of ``bank``, each answered and none scored: the app
    left before its scorer got to them (Ctrl+Q, Ctrl+C, a closed terminal)."""
    plan = [
        PlannedQuestion(bank.id, bank.language, q, None) for q in bank.questions[: len(answers)]
    ]
    session = PracticeSession.start(plan, StoreRecorder(store), SessionOptions())
    for index, answer in enumerate(answers):
        session.ask()
        session.submit(answer)
        if index + 1 < len(answers) or finish:
            session.advance()
    return session
