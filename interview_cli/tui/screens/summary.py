"""The summary screen: each question's score, time and missed points; average; weak topics."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from interview_cli.session import QuestionSummary, SessionSummary
from interview_cli.tui.widgets.countdown import clock
from interview_cli.tui.widgets.score_view import score_style
from interview_cli.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from interview_cli.tui.app import PracticeApp


def _score_cell(row: QuestionSummary) -> Text:
    if row.skipped:
        return Text("skipped", style="dim")
    if row.failed:
        return Text("failed", style="red")
    if row.pending:
        return Text("scoring…", style="italic")
    text = Text()
    if row.retries and row.first_score is not None and row.first_score != row.score:
        text.append(f"{row.first_score:.1f}→", style="dim")
    if row.score is not None:
        text.append(f"{row.score:.1f}", style=score_style(row.score))
    for follow in row.follow_ups:
        if follow.score is not None:
            mark = f" {follow.score:.1f}"
        elif "unscored" in follow.score_details or "error" in follow.score_details:
            mark = ""
        else:
            mark = " …"
        text.append(f"\n+follow-up{mark}", style="dim")
    return text


def _time_cell(row: QuestionSummary) -> Text:
    main = row.main
    if main is None:
        return Text("-")
    limit = clock(main.time_limit_s) if main.time_limit_s else "none"
    text = Text(f"{clock(main.time_taken_s)}/{limit}")
    if main.overtime:
        text.append("\novertime", style="yellow")
    return text


def summary_table(summary: SessionSummary) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False, header_style="bold")
    # fold, not ellipsis: a long Korean word must wrap rather than lose its end
    table.add_column("#", justify="right", no_wrap=True, width=2)
    table.add_column("Question", ratio=1, overflow="fold")
    table.add_column("Score", no_wrap=True, width=11)
    table.add_column("Time", no_wrap=True, width=11)
    table.add_column("Missed key points", ratio=1, overflow="fold")
    for row in summary.questions:
        missed = Text()
        if row.skipped:
            missed.append("(skipped)", style="dim")
        elif row.pending or row.failed:
            missed.append("-", style="dim")
        elif not row.missed:
            missed.append("none", style="green")
        for index, point in enumerate(row.missed):
            if index:
                missed.append("\n")
            missed.append("✘ ", style="red")
            missed.append(point)
        table.add_row(
            str(row.number),
            Text(row.planned.question.question),
            _score_cell(row),
            _time_cell(row),
            missed,
        )
    return table


def heading(summary: SessionSummary, total: int, finished: bool) -> Text:
    text = Text()
    text.append("Session complete" if finished else "Session so far", style="bold")
    asked = len(summary.questions)
    text.append(f"  ·  {asked} of {total} questions")
    if summary.average is not None:
        text.append("  ·  average ")
        text.append(f"{summary.average:.1f}/10", style=score_style(summary.average))
    text.append(f"  ·  {summary.answered} answered")
    if summary.skipped:
        text.append(f", {summary.skipped} skipped")
    if summary.pending:
        text.append(
            f"\n{summary.pending} answer(s) still being scored; results appear here when ready.",
            style="italic",
        )
    if summary.no_model:
        text.append(
            "\n⚠ Some scores come from the rubric matcher alone: no language model was used.",
            style="yellow",
        )
    return text


def topics_text(summary: SessionSummary) -> Text:
    text = Text()
    text.append("Topics to work on: ", style="bold")
    if not summary.weak_topics:
        if summary.pending and not any(r.score is not None for r in summary.questions):
            text.append("known once the scores are in.", style="dim")
        else:
            text.append("none. Every topic averaged 7/10 or more.", style="green")
        return text
    for index, topic in enumerate(summary.weak_topics):
        if index:
            text.append(", ")
        text.append(topic.topic, style="bold")
        detail = f" ({topic.average:.1f}/10"
        if topic.missed:
            detail += f", {topic.missed} key point{'s' if topic.missed > 1 else ''} missed"
        text.append(detail + ")")
    return text


class SummaryScreen(Screen[None]):
    """The end of a session. Scores still being worked out fill in as they arrive."""

    AUTO_FOCUS = "#summary-body"
    BINDINGS = [  # noqa: RUF012
        Binding("n", "new", "New session"),
        Binding("p", "app.progress", "Progress"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    @property
    def practice(self) -> PracticeApp:
        return cast("PracticeApp", self.app)

    def compose(self) -> ComposeResult:
        yield StatusBar("interview · summary", id="status")
        with VerticalScroll(id="summary-body"):
            yield Static(id="sum-heading")
            yield Static(id="sum-table")
            yield Static(id="sum-topics")
            yield Static(id="sum-history")
        yield Footer()

    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.refresh_summary()

    def on_unmount(self) -> None:
        self._ready = False

    def score_changed(self, attempt_id: str | None) -> None:
        if self._ready:  # on_mount shows whatever is known by then
            self.refresh_summary()

    def refresh_summary(self) -> None:
        session = self.practice.session
        if session is None:
            return
        summary = session.summary()
        finished = session.phase == "finished"
        self.query_one("#sum-heading", Static).update(heading(summary, session.total, finished))
        self.query_one("#sum-table", Static).update(summary_table(summary))
        self.query_one("#sum-topics", Static).update(topics_text(summary))
        where = self.practice.config.history_path
        history = Text()
        history.append("Saved to ", style="dim")
        history.append(str(where) if where else "(not saved: no history file)")
        history.append("\n`interview history list` shows your past sessions.", style="dim")
        self.query_one("#sum-history", Static).update(history)

    def action_new(self) -> None:
        self.practice.new_session()
