"""What the practice app's screens share: typed access to the app and its session."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from interview_cli.banks.schema import Question
    from interview_cli.session.practice import PracticeSession
    from interview_cli.store.models import AttemptKind
    from interview_cli.tui.app import PracticeApp


def turn_lead(kind: AttemptKind, asked: str, question: Question, number: int, total: int) -> str:
    """What a heading calls a turn: "Question 2 of 5", "Follow-up to question 2 of 5",
    "Retry of question 2 of 5", or "Retry of follow-up to question 2 of 5".

    A retry asks again what its attempt asked (``asked``): a retry of a follow-up asks the
    follow-up, not the planned ``question``.
    """
    where = f"question {number} of {total}"
    if kind == "answer":
        return f"Question {number} of {total}"
    if kind == "follow_up":
        return f"Follow-up to {where}"
    if asked != question.question:
        return f"Retry of follow-up to {where}"
    return f"Retry of {where}"


class PracticeScreen(Screen[None]):
    @property
    def practice(self) -> PracticeApp:
        return cast("PracticeApp", self.app)

    @property
    def session(self) -> PracticeSession:
        """The session being run (screens that show one are only pushed while it exists)."""
        session = self.practice.session
        assert session is not None
        return session

    def flush_text(self) -> None:
        """Hand what was typed to the session now: the app is leaving and will not wait for events.

        Only a screen with an editor has anything to hand over.
        """
