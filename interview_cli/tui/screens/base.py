"""What the practice app's screens share: typed access to the app and its session."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from interview_cli.session.practice import PracticeSession
    from interview_cli.tui.app import PracticeApp


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
