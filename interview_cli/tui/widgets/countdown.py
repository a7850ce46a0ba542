"""The per-question clock: a bar and mm:ss that turns amber in the last 30 s and red when over."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

WARN_BELOW_S = 30.0
LABEL_WIDTH = 17


def clock(seconds: float) -> str:
    """mm:ss (minutes keep counting past an hour: 75:00)."""
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class Countdown(Widget):
    """Time left for the question (or time spent, when the question has no limit)."""

    def __init__(
        self,
        elapsed: float = 0.0,
        limit: int | None = None,
        paused: bool = False,
        *,
        id: str | None = None,
    ) -> None:
        on = [name for name, wanted in self._clock_classes(elapsed, limit).items() if wanted]
        super().__init__(id=id, classes=" ".join(on))
        self._elapsed = elapsed
        self._limit = limit
        self._paused = paused

    @staticmethod
    def _clock_classes(elapsed: float, limit: int | None) -> dict[str, bool]:
        """Each of the clock's classes, and whether it applies now."""
        remaining = None if limit is None else limit - elapsed
        return {
            "-warning": remaining is not None and 0 < remaining <= WARN_BELOW_S,
            "-over": remaining is not None and remaining <= 0,
            "-untimed": limit is None,
        }

    def show(self, elapsed: float, limit: int | None, paused: bool = False) -> None:
        changed = (
            clock(elapsed) != clock(self._elapsed) or limit != self._limit or paused != self._paused
        )
        self._elapsed, self._limit, self._paused = elapsed, limit, paused
        for name, wanted in self._clock_classes(elapsed, limit).items():
            self.set_class(wanted, name)
        if changed:
            self.refresh()

    @property
    def label(self) -> str:
        if self._limit is None:
            text = f"{clock(self._elapsed)} elapsed"
        else:
            remaining = self._limit - self._elapsed
            if remaining > 0:
                # round up: with 0.4 s left the clock still says 00:01, never an early 00:00
                text = f"{clock(math.ceil(remaining))} left"
            elif remaining > -1:
                text = "00:00 time's up"
            else:
                text = f"+{clock(-remaining)} over"
        return f"{text} (paused)" if self._paused else text

    def render(self) -> RenderResult:
        width = self.size.width
        label = self.label.rjust(LABEL_WIDTH)
        bar_width = max(0, width - len(label) - 1)
        out = Text(no_wrap=True, overflow="crop")
        if self._limit is None:
            out.append(" " * bar_width)
        else:
            share = max(0.0, min(1.0, (self._limit - self._elapsed) / self._limit))
            filled = round(share * bar_width)
            out.append("━" * filled, style="bold")
            if filled < bar_width:
                out.append("╺" + "━" * (bar_width - filled - 1), style="dim")
        out.append(" " + label, style="bold")
        return out
