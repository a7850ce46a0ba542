"""The clock of a question: elapsed time that stops while paused."""

from __future__ import annotations

import time
from collections.abc import Callable


class Stopwatch:
    """Elapsed time that stops while paused. The clock is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, offset: float = 0.0) -> None:
        self._clock = clock
        self._banked = offset
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._banked += self._clock() - self._since
            self._since = None

    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + self._clock() - self._since
