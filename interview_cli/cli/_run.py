"""Running the practice app from a command: one way to load the model, save and leave.

`interview practice` and `interview review` both open the app; what differs is how they
choose the questions and what they print afterwards.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank
    from interview_cli.config import Settings
    from interview_cli.paths import Paths
    from interview_cli.planning.picking import Filters, SessionMode
    from interview_cli.planning.questions import PlannedQuestion
    from interview_cli.scoring.base import Scorer
    from interview_cli.session.practice import PracticeSession
    from interview_cli.session.resume import Interrupted
    from interview_cli.store import Attempt, HistoryStore


def scorer_loader(settings: Settings, paths: Paths) -> Callable[[Callable[[str], None]], Scorer]:
    """Loads the configured scorer (model or server) when the app's worker calls it."""

    def load(on_status: Callable[[str], None]) -> Scorer:
        from interview_cli.scoring.factory import build_scorer

        return build_scorer(settings, paths, on_status=on_status)

    return load


def rubric_scorer() -> Scorer:
    from interview_cli.scoring.factory import rubric_scorer as build

    return build()


def leave_without_waiting(code: int) -> None:
    """A model still loading (or an answer still being scored) must not hold up the exit.

    Everything is saved by now; a worker thread busy inside llama.cpp cannot be interrupted,
    and the interpreter would wait for it at exit.
    """
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and not t.daemon and t.is_alive()
    ]
    for thread in others:
        thread.join(0.3)  # idle pool threads end at once
    if any(t.is_alive() for t in others):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@dataclass(frozen=True)
class AppRun:
    """How a run of the app ended."""

    code: int
    outcome: str  # not_started | finished | suspended | abandoned
    session: PracticeSession | None
    saved: bool  # every write reached the history file
    problems: str  # why not, when not saved


def run_app(
    settings: Settings,
    store: HistoryStore,
    paths: Paths,
    banks: Sequence[Bank],
    *,
    history: Sequence[Attempt],
    filters: Filters,
    plan: Sequence[PlannedQuestion] | None,
    interrupted: Interrupted | None = None,
    seed: int | None = None,
    warnings: Sequence[str] = (),
    mode: SessionMode = "practice",
    scorer: Scorer | None = None,
) -> AppRun:
    """Open the practice app in this terminal; returns once it has closed and saved."""
    from interview_cli.tui.app import PracticeApp
    from interview_cli.tui.app_config import PracticeAppConfig, store_recorder

    recorder = store_recorder(store)
    app = PracticeApp(
        PracticeAppConfig(
            settings=settings,
            banks=banks,
            recorder=recorder,
            scorer=scorer,
            load_scorer=scorer_loader(settings, paths),
            fallback_scorer=rubric_scorer,
            history=history,
            filters=filters,
            seed=seed,
            plan=plan,
            interrupted=interrupted,
            warnings=warnings,
            history_path=store.path,
            user_banks_dir=paths.user_banks_dir,
            mode=mode,
            real_terminal=True,
        )
    )
    try:
        app.run()
    finally:
        app.leave()
        saved = recorder.close(timeout=30)
        # the model's per-question baselines go to disk now: a quick exit skips atexit
        baselines = getattr(app.scorer, "baseline_store", None)
        if baselines is not None:
            baselines.save()
    problems = "" if saved else "; ".join(str(e) for e in recorder.failed) or "timed out"
    return AppRun(
        code=app.return_code or 0,
        outcome=app.outcome,
        session=app.session,
        saved=saved,
        problems=problems,
    )
