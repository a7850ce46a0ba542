"""The question screen: the question, its clock, hints, and the answer editor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, VerticalScroll
from textual.widgets import Footer, Static, TextArea

from interview_cli.session.practice import Turn
from interview_cli.tui.screens.base import PracticeScreen, turn_lead
from interview_cli.tui.widgets.countdown import Countdown, clock
from interview_cli.tui.widgets.status_bar import StatusBar
from interview_cli.wording import counted

TICK_S = 0.25
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}


def words(text: str) -> int:
    # whitespace splitting suits Korean too: words (eojeol) are separated by spaces
    return len(text.split())


def turn_heading(turn: Turn, total: int) -> str:
    q = turn.planned.question
    lead = turn_lead(turn.kind, turn.prompt, q, turn.number, total)
    parts = [lead, q.topic, DIFFICULTY.get(q.difficulty, str(q.difficulty)), turn.planned.bank_id]
    if turn.time_limit_s:
        parts.append(f"limit {clock(turn.time_limit_s)}")
    else:
        parts.append("no time limit")
    return "  ·  ".join(parts)


class QuestionScreen(PracticeScreen):
    """Answer the current turn of the session. Ctrl keys only: letters belong to the editor."""

    AUTO_FOCUS = "#answer"
    # not priority bindings: keys typed just before Ctrl+S must reach the editor first, and
    # the editor binds none of these
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+n", "skip", "Skip"),
        Binding("ctrl+t", "hint", "Hint"),
        Binding("ctrl+p", "pause", "Pause"),
    ]

    def __init__(self, turn: Turn) -> None:
        super().__init__()
        # this screen's own turn: by the time it is suspended the session may be on the next
        self._turn = turn
        self._empty_warned = False
        self._stopped_by_suspend = False
        self._done = False

    @property
    def turn(self) -> Turn:
        return self._turn

    @property
    def _current(self) -> bool:
        """Is this screen's turn still the one being answered?"""
        return not self._done and self.session.turn is self._turn and self.session.phase == "asking"

    def compose(self) -> ComposeResult:
        turn = self.turn
        yield StatusBar(f"interview · {turn.planned.bank_id}", id="status")
        with VerticalScroll(id="question-panel"):
            yield Static(turn_heading(turn, self.session.total), id="question-meta", markup=False)
            if turn.prompt != turn.planned.question.question:
                yield Static(turn.planned.question.question, id="question-context", markup=False)
            yield Static(turn.prompt, id="question-text", markup=False)
            if turn.reason:
                yield Static(turn.reason, id="question-reason", markup=False)
        # the clock and the hints start as they are, so the first frame needs no second layout
        session = self.session
        yield Countdown(session.elapsed(), turn.time_limit_s, session.paused, id="countdown")
        # shown by a class, not an inline display: pausing must still hide them (see app.tcss)
        yield Static(self._hints_text(), id="hints", classes="-shown" if turn.hints else "")
        yield TextArea(
            turn.text,
            id="answer",
            soft_wrap=True,
            tab_behavior="indent",
            placeholder="Type your answer here. Ctrl+S submits it.",
        )
        yield Static(self._info_text(), id="answer-info")
        with Middle(id="paused"), Center():
            yield Static(
                "Paused. The clock is stopped and the question is hidden.\n"
                "Press Ctrl+P to carry on.",
                id="paused-text",
            )
        # the footer comes a frame later (see on_mount)

    def on_mount(self) -> None:
        if self.turn.text:  # a resumed draft: carry on writing at its end
            area = self.query_one("#answer", TextArea)
            area.move_cursor(area.document.end)
        self.set_interval(TICK_S, self._tick)
        self.set_interval(self.practice.settings.draft_save_interval_s, self._autosave)
        # Textual's footer costs about as much as the rest of this screen to lay out; the
        # question and the editor are drawn first and the key bar joins them on the next frame
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # the footer lists the keys when the bindings are published

    # -- clock ---------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self._current:
            return
        session = self.session
        turn = self.turn
        self.query_one(Countdown).show(session.elapsed(), turn.time_limit_s, session.paused)
        remaining = session.remaining()
        if remaining is not None and remaining <= 0 and not turn.overtime:
            self._time_up()

    def _time_up(self) -> None:
        text = self.query_one("#answer", TextArea).text
        attempt = self.session.time_up(text)
        if attempt is None:
            self.notify(
                "Time's up. Keep writing if you like: the answer is marked overtime.",
                title="Overtime",
                severity="warning",
            )
            return
        self._done = True
        self.notify("Time's up: your answer was submitted as it was.", title="Overtime")
        self.practice.answered(attempt.id)

    def on_screen_suspend(self) -> None:
        # another screen on top (the terminal got too small, say): the clock must not run
        if self._current and self.turn.stopwatch.running:
            self.turn.stopwatch.pause()
            self._stopped_by_suspend = True

    def on_screen_resume(self) -> None:
        if self._stopped_by_suspend and self._current:
            self._stopped_by_suspend = False
            self.turn.stopwatch.start()

    # -- editor --------------------------------------------------------------------------------

    def _info_text(self) -> Text:
        text = self.turn.text
        info = Text(no_wrap=True, overflow="ellipsis")
        info.append(
            f"{counted(words(text), 'word')}, {counted(len(text), 'character')}", style="dim"
        )
        return info

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not self._current:
            return
        self.turn.text = event.text_area.text
        self._empty_warned = False
        self.query_one("#answer-info", Static).update(self._info_text())

    def flush_text(self) -> None:
        """Hand the editor's text to the session now (leaving does not wait for events)."""
        if self._current:
            self.turn.text = self.query_one("#answer", TextArea).text

    def _autosave(self) -> None:
        if self._current:
            self.session.save_draft(self.query_one("#answer", TextArea).text)

    def _hints_text(self) -> Text:
        turn = self.turn
        text = Text()
        total = len(turn.available_hints)
        for number, hint in enumerate(turn.hints, 1):
            if number > 1:
                text.append("\n")
            text.append(f"Hint {number}/{total}  ", style="bold")
            text.append(hint)
        return text

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint" and self.session.mock:
            return False  # a mock interview gives no hints, as a real one would not
        if action in ("submit", "skip", "hint", "pause") and not self._current:
            return False
        if action in ("submit", "skip", "hint") and self.session.paused:
            return None  # shown greyed out in the footer while paused
        return True

    def action_submit(self) -> None:
        text = self.query_one("#answer", TextArea).text
        if not text.strip() and not self._empty_warned:
            self._empty_warned = True
            self.notify(
                "The answer is empty. Press Ctrl+S again to submit it anyway, or Ctrl+N to skip.",
                severity="warning",
            )
            return
        self._done = True
        attempt = self.session.submit(text)
        self.practice.answered(attempt.id)

    def action_skip(self) -> None:
        self._done = True
        self.session.skip(self.query_one("#answer", TextArea).text)
        self.notify("Skipped.", timeout=2)
        self.practice.next_question()

    def action_hint(self) -> None:
        turn = self.turn
        if not turn.available_hints:
            self.notify("A follow-up question has no rubric, so there are no hints.")
            return
        hint = self.session.reveal_hint()
        if hint is None:
            self.notify("Every key point is already shown.")
            return
        hints = self.query_one("#hints", Static)
        hints.update(self._hints_text())
        hints.add_class("-shown")

    def action_pause(self) -> None:
        area = self.query_one("#answer", TextArea)
        if self.session.paused:
            self.session.unpause()
            self.remove_class("-paused")
            area.disabled = False
            area.focus()
        else:
            self.session.pause(area.text)
            self.add_class("-paused")
            area.disabled = True
        self._tick()
        self.refresh_bindings()
