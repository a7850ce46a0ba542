"""The feedback screen: score, key points with evidence, feedback, model answer, follow-up."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from interview_cli.banks.schema import Question
from interview_cli.scheduling import RATING_NAMES, RatingName, counts_as_review
from interview_cli.scoring.display import scorer_label
from interview_cli.store.models import Attempt
from interview_cli.tui.messages import ScoreChanged
from interview_cli.tui.screens.base import PracticeScreen, turn_lead
from interview_cli.tui.widgets.countdown import clock
from interview_cli.tui.widgets.score_view import (
    flag_lines,
    highlighted_answer,
    key_points_table,
    reflow,
    score_line,
)
from interview_cli.tui.widgets.status_bar import StatusBar

PENDING = {
    "waiting": "Scoring… waiting for the model to finish loading.",
    "queued": "Scoring… another answer is being scored first.",
    "scoring": "Scoring your answer…",
}


RATING_STYLES: dict[RatingName, str] = {
    "again": "bold red",
    "hard": "bold yellow",
    "good": "bold green",
    "easy": "bold cyan",
}


def time_line(attempt: Attempt) -> str:
    taken = clock(attempt.time_taken_s)
    line = f"answered in {taken}"
    if attempt.time_limit_s:
        line += f" of {clock(attempt.time_limit_s)}"
    if attempt.overtime:
        line += "  ·  overtime"
    if attempt.hints_used:
        line += f"  ·  {attempt.hints_used} hint{'s' if attempt.hints_used > 1 else ''} used"
    return line


class FeedbackScreen(PracticeScreen):
    """How the answer did. Results appear when the scorer is done; nothing here waits for it."""

    AUTO_FOCUS = "#feedback-body"
    BINDINGS = [  # noqa: RUF012
        Binding("n", "next", "Next question"),
        Binding("n", "finish", "Summary"),
        Binding("f", "follow_up", "Follow-up"),
        Binding("r", "retry", "Retry"),
        Binding("m", "model_answer", "Model answer"),
        Binding("p", "app.progress", "Progress"),
        Binding("1", "rate(1)", "Rate", key_display="1-4"),
        Binding("2", "rate(2)", "Rate", show=False),
        Binding("3", "rate(3)", "Rate", show=False),
        Binding("4", "rate(4)", "Rate", show=False),
        Binding("0", "rate(0)", "Rating from score", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, attempt_id: str, number: int, total: int, question: Question) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        # fixed at creation: the session moves on (to the next index) while this screen leaves
        self.number = number
        self.total = total
        self.question = question
        self.follow_up: str | None = None
        self._leaving = False
        self._ready = False
        self._shown_at = 0.0

    @property
    def attempt(self) -> Attempt:
        return self.session.attempts[self.attempt_id]

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        lead = turn_lead(
            attempt.kind, attempt.question_text, self.question, self.number, self.total
        )
        heading = f"{lead}  ·  {attempt.topic or ''}  ·  {time_line(attempt)}"
        yield StatusBar(f"interview · feedback · {attempt.bank_id}", id="status")
        with VerticalScroll(id="feedback-body"):
            yield Static(heading, id="fb-heading", markup=False)
            yield Static(attempt.question_text, id="fb-question", markup=False)
            yield Static(id="fb-score")
            yield Static(id="fb-flags")
            yield Static(id="fb-rating")
            title = "Key points"
            if self.question.key_points_source == "generated":
                title += " (written by the model from your résumé: unverified)"
            yield Static(title, classes="section-title", id="fb-points-title")
            yield Static(id="fb-points")
            yield Static("Feedback", classes="section-title", id="fb-feedback-title")
            yield Static(id="fb-feedback", markup=False)
            yield Static("Your answer", classes="section-title")
            yield Static(id="fb-answer")
            yield Static("Model answer", classes="section-title", id="fb-model-title")
            yield Static(id="fb-model", markup=False)
            yield Static(id="fb-follow-up")
        yield Footer()

    def on_mount(self) -> None:
        always = self.practice.settings.show_model_answer == "always"
        self._show_model_answer(always)
        self._ready = True
        self._shown_at = self.practice.config.clock()
        self.refresh_result()
        # a small model on a laptop takes a while: show that the scorer is still at it
        self._pending_timer = self.set_interval(1.0, self._tick_pending)

    def _tick_pending(self) -> None:
        session = self.session
        attempt_id = self.attempt_id
        if session.result_for(attempt_id) is not None or session.error_for(attempt_id) is not None:
            self._pending_timer.stop()
            return
        self.refresh_result()

    # -- content -------------------------------------------------------------------------------

    def on_unmount(self) -> None:
        self._ready = False

    def on_score_changed(self, message: ScoreChanged) -> None:
        if not self._ready:
            return  # on_mount shows whatever is known by then
        if message.attempt_id is None or message.attempt_id == self.attempt_id:
            self.refresh_result()

    def refresh_result(self) -> None:
        session = self.session
        attempt = self.attempt
        result = session.result_for(self.attempt_id)
        state = self.practice.scoring.state(session, self.attempt_id)
        score = self.query_one("#fb-score", Static)
        flags = self.query_one("#fb-flags", Static)
        points = self.query_one("#fb-points", Static)
        feedback = self.query_one("#fb-feedback", Static)
        if result is not None:
            # who scored it, on the score's own line (the README promises it is always named)
            score.update(
                Text.assemble(
                    score_line(result.score),
                    (f"  scored by {scorer_label(result.scorer)}", "not bold dim"),
                )
            )
            score.set_class(False, "-pending")
            lines = flag_lines(result)
            flags.update(Text("\n".join(f"⚠ {line}" for line in lines)))
            flags.display = bool(lines)
            has_points = bool(result.key_points)
            points.update(key_points_table(result))
            points.display = has_points
            self.query_one("#fb-points-title").display = has_points
            feedback.update(result.feedback.strip() or "(no feedback text)")
            feedback.display = True
            self.query_one("#fb-feedback-title").display = True
        else:
            if state == "failed":
                error = session.error_for(self.attempt_id) or "unknown error"
                score.update(Text(f"Scoring failed: {error}. Your answer is saved.", style="red"))
            elif state == "unscored":
                score.update(
                    Text(
                        "Not scored: a follow-up has no rubric to score it against. "
                        "Your answer is saved with the session.",
                        style="italic",
                    )
                )
            else:
                waited = int(self.practice.config.clock() - self._shown_at)
                pending = PENDING.get(state, PENDING["scoring"])
                if waited >= 2:
                    pending += f"  ({waited} s)"
                score.update(Text(pending, style="italic"))
            score.set_class(True, "-pending")
            flags.display = False
            points.display = False
            self.query_one("#fb-points-title").display = False
            streamed = self.practice.scoring.streamed(self.attempt_id)
            feedback.update(streamed)
            feedback.display = bool(streamed)
            self.query_one("#fb-feedback-title").display = bool(streamed)
        self.query_one("#fb-answer", Static).update(highlighted_answer(attempt.answer, result))
        self._update_rating()
        self._update_follow_up()
        self.refresh_bindings()

    def _update_rating(self) -> None:
        widget = self.query_one("#fb-rating", Static)
        if not counts_as_review(self.attempt):
            widget.display = False
            return
        rating, by_hand = self.session.rating_for(self.attempt_id)
        text = Text()
        text.append("Review rating: ", style="bold")
        if rating is None:
            text.append("once scored", style="italic")
        else:
            text.append(rating, style=RATING_STYLES[rating])
            text.append(" (set by you; 0 resets)" if by_hand else " (from the score)", style="dim")
        text.append("  ·  how well did you know it? 1 again 2 hard 3 good 4 easy", style="dim")
        widget.update(text)
        widget.display = True

    def _update_follow_up(self) -> None:
        widget = self.query_one("#fb-follow-up", Static)
        self.follow_up = self.session.follow_up_for(self.attempt_id)
        if self.follow_up is None:
            widget.display = False
            return
        text = Text()
        text.append("Follow-up question", style="bold")
        text.append("  (press f to answer it now)\n", style="dim")
        text.append(self.follow_up)
        widget.update(text)
        widget.display = True

    def _show_model_answer(self, show: bool) -> None:
        question = self.question
        model = self.query_one("#fb-model", Static)
        title = self.query_one("#fb-model-title", Static)
        if not question.model_answer:
            model.display = title.display = False
            return
        title.display = True
        main = self.attempt.question_text == question.question
        title.update("Model answer" if main else "Model answer (to the main question)")
        if show:
            model.update(reflow(question.model_answer))
        else:
            model.update(Text("Press m to show the model answer.", style="dim italic"))
        model.set_class(show, "-shown")

    # -- actions -------------------------------------------------------------------------------

    @property
    def _last(self) -> bool:
        return self.number >= self.total

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._leaving and action in ("next", "finish", "follow_up", "retry"):
            return None
        if action == "next":
            return not self._last
        if action == "finish":
            return self._last
        if action == "follow_up":
            return self.follow_up is not None
        if action == "model_answer":
            return bool(self.question.model_answer)
        if action == "rate":
            return counts_as_review(self.attempt)
        return True

    def action_next(self) -> None:
        self._leaving = True
        self.practice.next_question()

    def action_finish(self) -> None:
        self.action_next()

    def action_follow_up(self) -> None:
        if self.follow_up is None:
            return
        self._leaving = True
        self.session.start_follow_up(self.attempt_id, self.follow_up)
        self.practice.show_question()

    def action_retry(self) -> None:
        self._leaving = True
        self.session.start_retry(self.attempt_id)
        self.practice.show_question()

    def action_rate(self, number: int) -> None:
        rating = RATING_NAMES[number - 1] if 1 <= number <= len(RATING_NAMES) else None
        if not counts_as_review(self.attempt):
            return
        self.session.set_rating(self.attempt_id, rating)
        self._update_rating()
        if rating is None:
            self.notify("Review rating: back to the one the score gives.", timeout=3)
        else:
            self.notify(f"Review rating set to {rating}.", timeout=3)

    def action_model_answer(self) -> None:
        shown = self.query_one("#fb-model", Static).has_class("-shown")
        self._show_model_answer(not shown)
        if not shown:
            self.query_one("#fb-model-title").scroll_visible()
