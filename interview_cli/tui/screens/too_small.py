"""Shown instead of a squashed layout when the terminal is smaller than the screens need."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small_message(width: int, height: int) -> str:
    return (
        f"The terminal is {width}×{height}; interview needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
        "Make the window bigger (or the font smaller) to go on.\n"
        "The clock is stopped and your answer is kept.  Ctrl+Q saves and quits."
    )


class TooSmallScreen(ModalScreen[None]):
    """A plain message over everything until the terminal is big enough again."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self._size_shown = (width, height)

    def compose(self) -> ComposeResult:
        width, height = self._size_shown
        with Middle(), Center():
            yield Static(too_small_message(width, height), id="too-small-text", markup=False)

    def show_size(self, width: int, height: int) -> None:
        # before it is composed the screen has no text yet; compose reads the size itself
        self._size_shown = (width, height)
        for text in self.query("#too-small-text").results(Static):
            text.update(too_small_message(width, height))
