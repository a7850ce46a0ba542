"""Offer to resume a session that was interrupted, showing the draft that was saved."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from interview_cli.session.resume import Interrupted
from interview_cli.tui.widgets.countdown import clock
from interview_cli.wording import counted


def _when(iso: str) -> str:
    try:
        stamp = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return stamp.strftime("%Y-%m-%d %H:%M")


def describe(interrupted: Interrupted) -> Text:
    session = interrupted.session
    text = Text()
    text.append("Started ", style="dim")
    text.append(_when(session.started_at))
    text.append("  ·  ", style="dim")
    text.append(", ".join(session.bank_ids) or "no bank")
    text.append("  ·  ", style="dim")
    text.append(f"{interrupted.answered} of {interrupted.total} answered")
    unscored = [
        a
        for a in interrupted.attempts
        if a.score is None and not a.skipped and "unscored" not in a.score_details
    ]
    if unscored:
        many = len(unscored) > 1
        text.append(
            f"\n{len(unscored)} answer{'s' if many else ''} still to be scored: "
            f"{'they are' if many else 'it is'} scored when you resume.",
            style="dim",
        )
    draft = interrupted.draft
    if draft is None:
        text.append("\n\nNo draft was being written; you go on with the next question.")
        return text
    kind = {"answer": "Question", "follow_up": "Follow-up", "retry": "Retry"}[draft.kind]
    text.append(f"\n\n{kind}: ", style="bold")
    text.append(draft.prompt)
    spent = f"{clock(draft.elapsed_s)} spent"
    if draft.time_limit_s:
        spent += f" of {clock(draft.time_limit_s)}"
    text.append(f"\n{spent}", style="dim")
    if draft.hints_used:
        text.append(f", {counted(draft.hints_used, 'hint')} used", style="dim")
    return text


class ResumeScreen(ModalScreen[str]):
    """Resume (r), start a new session (n) or quit (q). The result is the choice."""

    BINDINGS = [  # noqa: RUF012
        Binding("r", "choose('resume')", "Resume"),
        Binding("n", "choose('new')", "Start new"),
        Binding("q,escape", "choose('quit')", "Quit"),
    ]

    def __init__(self, interrupted: Interrupted) -> None:
        super().__init__()
        self.interrupted = interrupted

    def compose(self) -> ComposeResult:
        draft = self.interrupted.draft
        with Vertical(id="resume-dialog"):
            yield Static("An interrupted session was found", id="resume-title")
            yield Static(describe(self.interrupted), id="resume-info")
            if draft is not None:
                with VerticalScroll(id="resume-draft"):
                    body = draft.text if draft.text.strip() else "(nothing typed yet)"
                    yield Static(body, markup=False, id="resume-draft-text")
            with Horizontal(id="resume-buttons"):
                yield Button("Resume", id="resume", variant="primary")
                yield Button("Start new", id="new")
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
