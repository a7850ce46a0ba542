"""Everything the practice app is built from, in one value: the CLI and the tests both fill it."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interview_cli.banks.schema import Bank
from interview_cli.config import Settings
from interview_cli.planning.picking import Filters, SessionMode
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.scoring.base import Scorer
from interview_cli.session.recording import BackgroundRecorder, Recorder, StoreRecorder
from interview_cli.session.resume import Interrupted
from interview_cli.store.db import HistoryStore
from interview_cli.store.models import Attempt

ScorerFactory = Callable[[Callable[[str], None]], Scorer]
# history writes wait for the first screen to be drawn, but never longer than this
FIRST_FRAME_HOLD_S = 1.0


def store_recorder(store: HistoryStore) -> BackgroundRecorder:
    """Writes to the history in the background, held back until the first frame is drawn."""
    return BackgroundRecorder(StoreRecorder(store), hold_s=FIRST_FRAME_HOLD_S)


@dataclass(frozen=True)
class PracticeAppConfig:
    """What a practice run needs: settings, banks, where it records, and its scorer."""

    settings: Settings
    banks: Sequence[Bank]
    recorder: Recorder
    scorer: Scorer | None = None  # given: scoring starts with it
    load_scorer: ScorerFactory | None = None  # otherwise: loaded after the first frame
    fallback_scorer: Callable[[], Scorer] | None = None  # when the loader fails
    history: Sequence[Attempt] = ()
    filters: Filters = field(default_factory=Filters)
    seed: int | None = None
    plan: Sequence[PlannedQuestion] | None = None  # given: start straight into the session
    interrupted: Interrupted | None = None  # given: offer to resume it first
    warnings: Sequence[str] = ()  # shown once the app is up (skipped banks, say)
    history_path: Path | None = None  # shown on the summary
    user_banks_dir: Path | None = None  # given: the progress screen reads bank ids from here too
    mode: SessionMode = "practice"
    clock: Callable[[], float] = time.monotonic
    rng: random.Random | None = None
    real_terminal: bool = False  # a terminal of its own: signals, and quit without waiting

    def __post_init__(self) -> None:
        if self.scorer is None and self.load_scorer is None:
            raise ValueError("give a scorer or a way to load one")
