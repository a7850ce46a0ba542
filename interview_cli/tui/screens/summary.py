"""The summary screen: each question's score, time and missed points; average; weak topics."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from interview_cli.scoring.display import score_text
from interview_cli.session.summary import QuestionSummary, SessionSummary
from interview_cli.store.pending import waiting_text
from interview_cli.tui.messages import ScoreChanged
from interview_cli.tui.screens.base import PracticeScreen
from interview_cli.tui.widgets.countdown import clock
from interview_cli.tui.widgets.score_view import VERDICTS, reflow, score_style
from interview_cli.tui.widgets.status_bar import StatusBar
from interview_cli.wording import counted


def _score_cell(row: QuestionSummary) -> Text:
    if row.skipped:
        return Text("skipped", style="dim")
    if row.failed:
        return Text("failed", style="red")
    if row.pending:
        return Text("scoring…", style="italic")
    text = Text()
    if row.retries and row.first_score is not None and row.first_score != row.score:
        text.append(f"{score_text(row.first_score)}→", style="dim")
    if row.score is not None:
        text.append(score_text(row.score), style=score_style(row.score))
    for follow in row.follow_ups:
        if follow.skipped:  # on a line of its own: the column is 11 cells wide
            mark = "\n skipped"
        elif follow.score is not None:
            mark = f" {score_text(follow.score)}"
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


def heading(summary: SessionSummary, total: int, finished: bool, mock: bool = False) -> Text:
    text = Text()
    kind = "Mock interview" if mock else "Session"
    text.append(f"{kind} complete" if finished else f"{kind} so far", style="bold")
    asked = len(summary.questions)
    text.append(f"  ·  {asked} of {counted(total, 'question')}")
    if summary.average is not None:
        text.append("  ·  average ")
        text.append(f"{score_text(summary.average)}/10", style=score_style(summary.average))
    text.append(f"  ·  {summary.answered} answered")
    if summary.skipped:
        text.append(f", {summary.skipped} skipped")
    if summary.pending:
        text.append(
            f"\n{waiting_text(summary.pending)}: left out of the average; results appear here "
            "when ready.",
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
        detail = f" ({score_text(topic.average)}/10"
        if topic.missed:
            detail += f", {topic.missed} key point{'s' if topic.missed > 1 else ''} missed"
        text.append(detail + ")")
    return text


ASSESSMENT = (  # (lowest average, word, style): the overall read of a topic in a mock interview
    (8.0, "strong", "bold green"),
    (6.5, "solid", "green"),
    (4.0, "needs work", "yellow"),
    (0.0, "weak", "bold red"),
)


def assess(average: float) -> tuple[str, str]:
    return next((word, style) for low, word, style in ASSESSMENT if average >= low)


def topic_assessment(summary: SessionSummary) -> Table | Text:
    """Every topic of the interview: questions, average, an overall word, key points missed."""
    rows: dict[str, list[QuestionSummary]] = {}
    for row in summary.questions:
        rows.setdefault(row.planned.question.topic, []).append(row)
    table = Table(expand=True, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Topic", no_wrap=True)
    table.add_column("Questions", justify="right", no_wrap=True)
    table.add_column("Average", justify="right", no_wrap=True)
    table.add_column("Assessment", no_wrap=True)
    table.add_column("Key points missed", ratio=1, overflow="fold")
    for topic, items in sorted(rows.items()):
        scores = [0.0 if r.skipped else r.score for r in items]
        known = [x for x in scores if x is not None]
        if not known:
            table.add_row(topic, str(len(items)), "…", Text("once scored", style="italic"), "")
            continue
        average = sum(known) / len(known)
        word, style = assess(average)
        missed = sum(len(r.missed) for r in items)
        table.add_row(
            topic,
            str(len(items)),
            Text(score_text(average), style=score_style(average)),
            Text(word, style=style),
            str(missed),
        )
    return table


def _points_text(details: dict[str, object]) -> Text:
    text = Text()
    points = details.get("key_points")
    if not isinstance(points, list):
        return text
    for index, point in enumerate(points):
        if not isinstance(point, dict):
            continue
        verdict = str(point.get("verdict", "missing"))
        icon, word, style = VERDICTS.get(verdict, VERDICTS["missing"])  # type: ignore[call-overload]
        if index:
            text.append("\n")
        text.append(f"{icon} {word:<8} ", style=style)
        text.append(str(point.get("key_point", "")))
        evidence = point.get("evidence")
        if evidence and verdict != "missing":
            said = "you said: " if verdict == "contradicted" else ""
            text.append(f"\n           {said}“{str(evidence).strip()}”", style="italic dim")
    return text


def mock_review(summary: SessionSummary) -> Text:
    """The feedback a mock interview holds back until the end, question by question."""
    text = Text()
    for row in summary.questions:
        q = row.planned.question
        if row.number > 1:
            text.append("\n\n")
        text.append(f"{row.number}. ", style="bold")
        text.append(q.question, style="bold")
        main = row.main
        if main is None:
            continue
        text.append("\n")
        if row.skipped:
            text.append("skipped", style="dim")
        elif row.failed:
            text.append(f"scoring failed: {row.failed}", style="red")
        elif row.score is None:
            text.append("scoring… (results appear here when ready)", style="italic")
        else:
            text.append(f"{score_text(row.score)} / 10", style=score_style(row.score))
        if not row.skipped and row.score is not None:
            if q.key_points_source == "generated":
                text.append("\nkey points written by the model: unverified", style="yellow")
            text.append("\n")
            text.append_text(_points_text(main.score_details))
            feedback = str(main.score_details.get("feedback") or "").strip()
            if feedback:
                text.append("\n" + feedback)
        for attempt in row.attempts:
            if attempt.kind != "follow_up":
                continue
            text.append("\nFollow-up: ", style="bold")
            text.append(attempt.question_text)
            if attempt.asked_because:
                text.append(f"\n  ({attempt.asked_because})", style="dim")
            if attempt.skipped:  # not answered, whatever was typed before the skip
                text.append("\n  skipped", style="dim")
                continue
            text.append("\n  your answer: ", style="dim")
            text.append(attempt.answer.strip() or "(none)", style="italic")
        if q.model_answer:
            text.append("\nModel answer: ", style="bold")
            text.append(reflow(q.model_answer), style="dim")
    return text


class SummaryScreen(PracticeScreen):
    """The end of a session. Scores still being worked out fill in as they arrive."""

    AUTO_FOCUS = "#summary-body"
    BINDINGS = [  # noqa: RUF012
        Binding("n", "new", "New session"),
        Binding("p", "app.progress", "Progress"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield StatusBar("interview · summary", id="status")
        with VerticalScroll(id="summary-body"):
            yield Static(id="sum-heading")
            yield Static(id="sum-table")
            yield Static(id="sum-topics")
            yield Static("Assessment by topic", classes="section-title", id="sum-assess-title")
            yield Static(id="sum-assessment")
            yield Static("Question by question", classes="section-title", id="sum-review-title")
            yield Static(id="sum-review")
            yield Static(id="sum-history")
        yield Footer()

    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.refresh_summary()

    def on_unmount(self) -> None:
        self._ready = False

    def on_score_changed(self, message: ScoreChanged) -> None:
        if self._ready:  # on_mount shows whatever is known by then
            self.refresh_summary()

    def refresh_summary(self) -> None:
        session = self.practice.session
        if session is None:
            return
        summary = session.summary()
        finished = session.phase == "finished"
        self.query_one("#sum-heading", Static).update(
            heading(summary, session.total, finished, session.mock)
        )
        self.query_one("#sum-table", Static).update(summary_table(summary))
        self.query_one("#sum-topics", Static).update(topics_text(summary))
        mock = session.mock
        for name in ("#sum-assess-title", "#sum-assessment", "#sum-review-title", "#sum-review"):
            self.query_one(name).display = mock
        if mock:
            self.query_one("#sum-assessment", Static).update(topic_assessment(summary))
            self.query_one("#sum-review", Static).update(mock_review(summary))
        where = self.practice.config.history_path
        history = Text()
        history.append("Saved to ", style="dim")
        history.append(str(where) if where else "(not saved: no history file)")
        history.append("\n`interview history list` shows your past sessions.", style="dim")
        self.query_one("#sum-history", Static).update(history)

    def action_new(self) -> None:
        self.practice.new_session()
