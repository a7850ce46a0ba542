"""The practice app: screens around a PracticeSession; model load and scoring in workers."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from interview_cli import startup
from interview_cli.planning.picking import Filters, SessionOptions
from interview_cli.planning.questions import PlannedQuestion
from interview_cli.scoring.base import Scorer
from interview_cli.services.scoring_queue import ScoringAborted, ScoringCallbacks, ScoringQueue
from interview_cli.session.practice import PracticeSession, error_changes, score_changes
from interview_cli.session.recording import BackgroundRecorder
from interview_cli.session.rescore import PendingAnswer
from interview_cli.session.resume import Interrupted
from interview_cli.store.models import Attempt
from interview_cli.tui.app_config import PracticeAppConfig
from interview_cli.tui.messages import (
    ModelState,
    ModelStatusChanged,
    ScoreChanged,
    ScoreFailed,
    ScoreReady,
    ScorerReady,
    ScoreStarted,
    StoreTrouble,
)
from interview_cli.tui.screens.base import PracticeScreen
from interview_cli.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.reports.model import Report


class _DetachingExecutor(ThreadPoolExecutor):
    """asyncio.run waits for its executor on exit; a model still loading must not hold up quit."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


def model_label_for(scorer: Scorer) -> tuple[ModelState, str]:
    info = scorer.info
    if info.model:
        name = Path(info.model).name.removesuffix(".gguf")
        return "ready", f"{name} ready"
    return "fallback", "rubric only (no model)"


class PracticeApp(App[int]):
    """A mock interview: setup or resume, then question -> feedback -> ... -> summary."""

    CSS_PATH = "app.tcss"
    TITLE = "interview"
    ENABLE_COMMAND_PALETTE = False  # ctrl+p pauses the clock instead
    BINDINGS = [  # noqa: RUF012 - Textual reads BINDINGS as a class attribute
        # not priority: what was typed just before Ctrl+Q reaches the editor (and the draft)
        Binding("ctrl+q", "quit", "Quit"),
        # Ctrl+C leaves too (saving first), as in any terminal program, even from the editor
        # where it would copy
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    model_state: reactive[ModelState] = reactive("loading")
    model_label: reactive[str] = reactive("model loading…")

    def __init__(self, config: PracticeAppConfig) -> None:
        super().__init__()
        self.config = config
        self.settings = config.settings
        self.recorder = config.recorder
        self.scoring = ScoringQueue(config.scorer)
        self.session: PracticeSession | None = None
        self._earlier: dict[str, PendingAnswer] = {}  # past sessions' answers being scored
        self.history: list[Attempt] = list(config.history)
        self.outcome = "not_started"
        self._left = False
        self._quitting = False
        self._started = False
        self._too_small: TooSmallScreen | None = None
        self._store_trouble_shown = ""
        self.model_detail = ""
        self._progress_building = False
        if config.scorer is not None:
            self.model_state, self.model_label = model_label_for(config.scorer)
        recorder = config.recorder
        if isinstance(recorder, BackgroundRecorder) and recorder.on_error is None:
            recorder.on_error = self.store_trouble

    @property
    def scorer(self) -> Scorer | None:
        """The scorer in use: the one given, or the one loaded once it is there."""
        return self.scoring.scorer

    # -- start-up ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config.real_terminal:
            loop = asyncio.get_running_loop()
            loop.set_default_executor(_DetachingExecutor(thread_name_prefix="interview"))
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal)
        for warning in self.config.warnings:
            self.notify(warning, title="Warning", severity="warning", timeout=8)
        if self.config.interrupted is not None:
            from interview_cli.tui.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(self.config.interrupted), self._resume_chosen)
        else:
            self._open_first_screen()
        # the model loads, and answers are scored, only once the first screen is drawn, so the
        # question never waits on them (nothing can be submitted before that frame)
        self.call_after_refresh(self._after_first_frame)
        self._started = True
        self._check_size()

    def _on_signal(self) -> None:
        self.action_quit()

    def _open_first_screen(self) -> None:
        if self.config.plan:
            self.start_session(self.config.plan)
        else:
            from interview_cli.tui.screens.setup import SetupScreen

            self._show(SetupScreen())

    def _resume_chosen(self, choice: str | None) -> None:
        interrupted = self.config.interrupted
        assert interrupted is not None
        if choice == "resume":
            session = PracticeSession.resume(
                interrupted, self.config.banks, self.recorder, clock=self.config.clock
            )
            self.session = session
            for attempt in session.unscored(include_failed=True):
                self.queue_scoring(attempt.id)
            if session.phase == "finished":
                session.finish()
                self.show_summary()
            else:
                self.show_question()
            self.notify(f"Resumed: question {session.index + 1} of {session.total}.")
        elif choice == "new":
            self._abandon(interrupted)
            self._open_first_screen()
        else:
            self.exit(0)

    def _abandon(self, interrupted: Interrupted) -> None:
        self.recorder.update_session(interrupted.session.id, status="abandoned")
        self.recorder.delete_draft(interrupted.session.id)

    def _after_first_frame(self) -> None:
        # the first screen is drawn: the start-up is over (the garbage collector is back on),
        # the model may load, the history writes may start
        startup.done()
        if isinstance(self.recorder, BackgroundRecorder):
            self.recorder.release()
        self._score_in_background()
        if self.scorer is None:
            self._load_model()
        else:
            self._score_earlier()

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _load_model(self) -> None:
        load_scorer = self.config.load_scorer
        assert load_scorer is not None
        detail = ""

        def on_status(text: str) -> None:
            nonlocal detail
            detail = text
            self.post_message(ModelStatusChanged("loading", text))

        try:
            scorer = load_scorer(on_status)
        except Exception as exc:  # a broken model must never stop the session
            fallback_scorer = self.config.fallback_scorer
            if fallback_scorer is None:
                self.post_message(ModelStatusChanged("fallback", f"no scorer: {exc}"))
                return
            scorer = fallback_scorer()
            detail = f"The model did not load: {exc}"
        self.post_message(ScorerReady(scorer, detail))

    def on_model_status_changed(self, message: ModelStatusChanged) -> None:
        self.model_state = message.state
        self.model_label = message.detail

    def on_scorer_ready(self, message: ScorerReady) -> None:
        self.model_state, self.model_label = model_label_for(message.scorer)
        self.model_detail = message.detail
        self.scoring.provide(message.scorer)
        self._score_earlier()
        if self.model_state == "fallback":
            detail = f"\n{message.detail}" if message.detail else ""
            self.notify(
                f"Scores come from the rubric matcher alone, and each one says so.{detail}",
                title="No language model",
                severity="warning",
                timeout=6,
            )
        self._broadcast(None)

    # -- screens -------------------------------------------------------------------------------

    def _show(self, screen: Screen[Any]) -> None:
        """Replace the current main screen (the first one is pushed over the default screen)."""
        small = self._too_small is not None and self.screen is self._too_small
        if small:
            self.pop_screen()  # the size warning goes back on top of the new screen below
            self._too_small = None
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)
        if small:
            self._check_size()

    def start_session(
        self,
        plan: Sequence[PlannedQuestion],
        filters: Filters | None = None,
        options: SessionOptions | None = None,
    ) -> None:
        options = options or SessionOptions.from_settings(self.settings, self.config.mode)
        extra = {
            "mode": options.mode,
            "question_count": len(plan),
            "seed": self.config.seed,
            "language": self.settings.language,
            "show_model_answer": self.settings.show_model_answer,
        }
        self.session = PracticeSession.start(
            plan,
            self.recorder,
            options,
            filters=filters or self.config.filters,
            extra_settings=extra,
            clock=self.config.clock,
        )
        self.show_question()

    def show_question(self) -> None:
        from interview_cli.tui.screens.question import QuestionScreen

        assert self.session is not None
        turn = self.session.turn if self.session.phase == "asking" else self.session.ask()
        assert turn is not None
        self._show(QuestionScreen(turn))

    def answered(self, attempt_id: str) -> None:
        """An answer was submitted: score it in the background and go on.

        Practice shows its feedback now. A mock interview, like a real one, asks a follow-up
        at once when key points were missed, and otherwise moves to the next question; its
        feedback waits for the end.
        """
        self.queue_scoring(attempt_id)
        session = self.session
        assert session is not None
        if not session.mock:
            self.show_feedback(attempt_id)
            return
        follow = session.mock_follow_up(attempt_id)
        if follow is not None:
            prompt, reason = follow
            session.start_follow_up(attempt_id, prompt, reason)
            self.show_question()
        else:
            self.next_question()

    def show_feedback(self, attempt_id: str) -> None:
        from interview_cli.tui.screens.feedback import FeedbackScreen

        session = self.session
        assert session is not None
        planned = session.planned_for(session.attempts[attempt_id]) or session.plan[session.index]
        self._show(FeedbackScreen(attempt_id, session.index + 1, session.total, planned.question))

    def next_question(self) -> None:
        assert self.session is not None
        turn = self.session.advance()
        if turn is None:
            self.outcome = "finished"
            self.show_summary()
        else:
            self.show_question()

    def show_summary(self) -> None:
        from interview_cli.tui.screens.summary import SummaryScreen

        self._show(SummaryScreen())

    def new_session(self) -> None:
        """From the summary: set up another session (this one is finished and saved)."""
        from interview_cli.tui.screens.setup import SetupScreen

        if self.session is not None:
            self.history.extend(self.session.attempts.values())
        self.session = None
        self.outcome = "not_started"
        self._show(SetupScreen())

    # -- progress ------------------------------------------------------------------------------

    def all_attempts(self) -> list[Attempt]:
        """The history as this app knows it: what was stored at start and this session's."""
        attempts = {a.id: a for a in self.history}
        if self.session is not None:
            attempts.update(self.session.attempts)
        return list(attempts.values())

    def action_progress(self) -> None:
        """Open the progress screen; the report is built in a thread, the app stays live."""
        if self._progress_building:
            return
        self._progress_building = True
        self._build_progress(self.all_attempts())

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def _build_progress(self, attempts: list[Attempt]) -> None:
        from datetime import datetime

        from interview_cli.reports import installed_from, quick_installed
        from interview_cli.reports.stats import build_report

        try:
            if self.config.user_banks_dir is not None:
                installed = quick_installed(self.config.user_banks_dir)
            else:
                installed = installed_from(self.config.banks)
            report = build_report(attempts, now=datetime.now().astimezone(), installed=installed)
        except Exception as exc:  # a report that fails must not take the session with it
            message = f"The progress report could not be built: {type(exc).__name__}: {exc}"
            self._from_worker(self._progress_failed, message)
            return
        self._from_worker(self._show_progress, report)

    def _from_worker(self, callback: Callable[[Any], None], value: Any) -> None:
        if self._quitting or not self.is_running:
            return
        with contextlib.suppress(RuntimeError):  # the app closed in the meantime
            self.call_from_thread(callback, value)

    def _show_progress(self, report: Report) -> None:
        from interview_cli.tui.screens.progress import ProgressScreen

        self._progress_building = False
        if self._quitting:
            return
        self.push_screen(ProgressScreen(report))

    def _progress_failed(self, message: str) -> None:
        self._progress_building = False
        if self._quitting:
            return
        self.notify(message, severity="error", timeout=8)

    # -- scoring -------------------------------------------------------------------------------

    def queue_scoring(self, attempt_id: str) -> None:
        session = self.session
        assert session is not None
        if not self.scoring.submit(session, attempt_id):
            self._broadcast(attempt_id)

    @work(thread=True, exclusive=True, group="scoring", exit_on_error=False)
    def _score_in_background(self) -> None:
        worker = get_current_worker()
        self.scoring.run(
            ScoringCallbacks(
                started=lambda attempt_id: self.post_message(ScoreStarted(attempt_id)),
                text=self._text_from_worker,
                ready=lambda attempt_id, result: self.post_message(ScoreReady(attempt_id, result)),
                failed=lambda attempt_id, error: self.post_message(ScoreFailed(attempt_id, error)),
            ),
            cancelled=lambda: worker.is_cancelled,
        )

    def _text_from_worker(self, attempt_id: str, chunk: str) -> None:
        if not self.is_running:
            raise ScoringAborted
        try:
            self.call_from_thread(self._stream, attempt_id, chunk)
        except RuntimeError:  # the event loop is closing
            raise ScoringAborted from None

    def _stream(self, attempt_id: str, chunk: str) -> None:
        self.scoring.add_text(attempt_id, chunk)
        self._broadcast(attempt_id)

    def on_score_started(self, message: ScoreStarted) -> None:
        self.scoring.begin(message.attempt_id)
        self._broadcast(message.attempt_id)

    def on_score_ready(self, message: ScoreReady) -> None:
        self.scoring.record_result(self.session, message.attempt_id, message.result)
        earlier = self._earlier.pop(message.attempt_id, None)
        if earlier is not None:
            changes = score_changes(earlier.attempt, message.result, earlier.planned)
            self._earlier_done(earlier, changes)
        self._broadcast(message.attempt_id)

    def on_score_failed(self, message: ScoreFailed) -> None:
        self.scoring.record_failure(self.session, message.attempt_id, message.error)
        earlier = self._earlier.pop(message.attempt_id, None)
        if earlier is not None:
            self._earlier_done(earlier, error_changes(earlier.attempt, message.error))
        self.notify(f"Scoring failed: {message.error}", severity="error", timeout=8)
        self._broadcast(message.attempt_id)

    def _score_earlier(self) -> None:
        """Answers earlier sessions left waiting for a score: scored after this session's, once.

        Their scores go to the history (not to this session's summary). The session offered
        for resuming is left out: resuming it queues its own answers.
        """
        if self._earlier:
            return
        from interview_cli.session.rescore import find_pending

        interrupted = self.config.interrupted
        skip_session = interrupted.session.id if interrupted is not None else None
        mine = set(self.session.attempts) if self.session is not None else set()
        items = [
            item
            for item in find_pending(self.history, self.config.banks, include_failed=False)
            if item.request is not None
            and item.attempt.session_id != skip_session
            and item.attempt.id not in mine
        ]
        for item in items:
            assert item.request is not None
            self._earlier[item.attempt.id] = item
            self.scoring.submit_earlier(item.attempt.id, item.request)
        if items:
            self.notify(
                f"Scoring {counted(len(items), 'answer')} left from last time, in the background.",
                title="History",
                timeout=6,
            )

    def _earlier_done(self, earlier: PendingAnswer, changes: dict[str, Any]) -> None:
        """A past session's answer was scored (or failed): into the history, at once."""
        self.recorder.update_attempt(earlier.attempt.id, **changes)
        updated = replace(earlier.attempt, **changes)
        self.history = [updated if a.id == updated.id else a for a in self.history]
        if not self._earlier and not self._quitting:
            self.notify("The answers left from last time are scored.", title="History", timeout=4)

    def _broadcast(self, attempt_id: str | None) -> None:
        if not self.is_running or self._quitting:
            return  # shutting down: the screens are taking their widgets apart
        for screen in self.screen_stack:
            screen.post_message(ScoreChanged(attempt_id))

    def store_trouble(self, exc: Exception) -> None:
        """Called from the recorder thread when a write failed (it is retried)."""
        self.post_message(StoreTrouble(str(exc)))

    def on_store_trouble(self, message: StoreTrouble) -> None:
        if message.error != self._store_trouble_shown:
            self._store_trouble_shown = message.error
            self.notify(
                f"Could not save to the history yet ({message.error}); retrying.",
                title="History",
                severity="error",
                timeout=10,
            )

    # -- size ----------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        # this handler runs before App's own, which is where self.size gets the new value;
        # before on_mount there is no screen to cover yet (on_mount checks the size itself)
        if self._started:
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen(width, height)
            self.push_screen(self._too_small)
        elif small and self._too_small is not None:
            self._too_small.show_size(width, height)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    # -- leaving -------------------------------------------------------------------------------

    def leave(self) -> None:
        """Save where the session stands; safe to call more than once."""
        if self._left:
            return
        self._left = True
        session = self.session
        if session is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, PracticeScreen):
                screen.flush_text()  # the editor may hold keys whose Changed event is on its way
        if session.phase == "finished":
            self.outcome = "finished" if session.stored.status == "finished" else "abandoned"
        elif session.suspend():
            self.outcome = "suspended"
        else:
            self.outcome = "finished" if session.stored.status == "finished" else "abandoned"

    def action_quit(self) -> None:  # type: ignore[override]
        focused = self.focused
        if focused is None:
            self._quit_now()
            return
        # keys typed just before Ctrl+C may still wait in the editor's queue: quit after them,
        # so the saved draft has every character (the timer covers a widget that is closing)
        focused.call_later(self._quit_now)
        self.set_timer(0.5, self._quit_now)

    def _quit_now(self) -> None:
        if self._quitting:
            return
        self._quitting = True
        self.leave()
        self.scoring.stop()
        self.exit(0)

    def on_unmount(self) -> None:
        self.leave()
        self.scoring.stop()
