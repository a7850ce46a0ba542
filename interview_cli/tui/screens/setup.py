"""The setup screen: choose banks, topics, difficulty, count and time limit, then start."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from interview_cli.banks.schema import Bank
from interview_cli.planning.picking import (
    Filters,
    NoQuestionsError,
    SessionOptions,
    matching_questions,
    plan_session,
)
from interview_cli.tui.screens.base import PracticeScreen
from interview_cli.tui.widgets.check_list import CheckList
from interview_cli.tui.widgets.countdown import clock
from interview_cli.tui.widgets.status_bar import StatusBar, model_text
from interview_cli.wording import counted

ALL = "*"
TIME_CHOICES = (30, 60, 90, 120, 180, 300, 600)
BANK_DEFAULT = "bank"
NO_LIMIT = "none"


class SetupScreen(PracticeScreen):
    """Everything unticked means everything: the quickest start is Ctrl+S straight away."""

    AUTO_FOCUS = "#setup-banks"
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+r", "app.progress", "Progress"),
    ]

    # -- building ------------------------------------------------------------------------------

    def _languages(self) -> list[str]:
        return sorted({b.language for b in self.practice.config.banks})

    def _time_options(self) -> tuple[list[tuple[str, str]], str]:
        settings = self.practice.settings
        default = settings.time_limit_s or 120
        options = [(f"bank's, or {clock(default)}", BANK_DEFAULT)]
        options += [(clock(s), str(s)) for s in TIME_CHOICES]
        options.append(("no limit", NO_LIMIT))
        if settings.sources.get("time_limit_s", "default") == "default":
            value = BANK_DEFAULT
        elif settings.time_limit_s is None:
            value = NO_LIMIT
        else:
            value = str(settings.time_limit_s)
            if settings.time_limit_s not in TIME_CHOICES:
                options.insert(1, (clock(settings.time_limit_s), value))
        return options, value

    def compose(self) -> ComposeResult:
        config = self.practice.config
        settings = self.practice.settings
        filters = config.filters
        languages = self._languages()
        language = settings.language if settings.language in languages else ALL
        time_options, time_value = self._time_options()
        yield StatusBar("interview · new session", id="status")
        with Horizontal(id="setup-lists"):
            with Vertical(id="setup-banks-box"):
                yield Label("Banks [dim](none ticked = all)[/]", classes="section-title")
                yield CheckList(id="setup-banks")
            with Vertical(id="setup-topics-box"):
                yield Label("Topics [dim](none ticked = all)[/]", classes="section-title")
                yield CheckList(id="setup-topics")
        with Horizontal(id="setup-options"):
            with Vertical(classes="setup-field"):
                yield Label("Language")
                yield Select(
                    [("all", ALL), *((lang, lang) for lang in languages)],
                    value=language,
                    allow_blank=False,
                    id="setup-language",
                )
            with Vertical(classes="setup-field"):
                yield Label("Difficulty")
                yield Select(
                    [("any", 0), ("1 easy", 1), ("2 medium", 2), ("3 hard", 3)],
                    value=filters.difficulty or 0,
                    allow_blank=False,
                    id="setup-difficulty",
                )
            with Vertical(classes="setup-field", id="setup-count-box"):
                yield Label("Questions")
                yield Input(
                    str(settings.question_count),
                    type="integer",
                    id="setup-count",
                    max_length=3,
                )
            with Vertical(classes="setup-field", id="setup-time-box"):
                yield Label("Time limit")
                yield Select(time_options, value=time_value, allow_blank=False, id="setup-time")
        with Horizontal(id="setup-bottom"):
            with Vertical(id="setup-info-box"):
                yield Static(id="setup-info")
                yield Static(id="setup-model")
            yield Button("Start", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_banks()
        self._fill_topics()
        self._update_info()
        self.watch(self.app, "model_label", self._update_model)
        self.watch(self.app, "model_state", self._update_model)

    def _visible_banks(self) -> list[Bank]:
        language = self.query_one("#setup-language", Select).value
        return [b for b in self.practice.config.banks if language in (ALL, b.language)]

    def _fill_banks(self) -> None:
        banks = self.query_one("#setup-banks", CheckList)
        wanted = set(banks.selected) or set(self.practice.config.filters.bank_ids)
        items = []
        for bank in self._visible_banks():
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(bank.id, style="bold")
            label.append(f"  {bank.title} ({len(bank.questions)})")
            items.append(Selection(label, bank.id, bank.id in wanted))
        banks.refill(items)

    def _chosen_banks(self) -> list[Bank]:
        selected = set(self.query_one("#setup-banks", CheckList).selected)
        visible = self._visible_banks()
        return [b for b in visible if b.id in selected] if selected else visible

    def _fill_topics(self) -> None:
        topics = self.query_one("#setup-topics", CheckList)
        wanted = set(topics.selected) or set(self.practice.config.filters.topics)
        counts: dict[str, int] = {}
        for bank in self._chosen_banks():
            for q in bank.questions:
                counts[q.topic] = counts.get(q.topic, 0) + 1
        topics.refill([Selection(f"{t} ({n})", t, t in wanted) for t, n in sorted(counts.items())])

    # -- reading the form ----------------------------------------------------------------------

    def _filters(self) -> Filters:
        banks = self.query_one("#setup-banks", CheckList).selected
        topics = self.query_one("#setup-topics", CheckList).selected
        language = self.query_one("#setup-language", Select).value
        difficulty = self.query_one("#setup-difficulty", Select).value
        return Filters(
            bank_ids=tuple(str(b) for b in banks),
            topics=tuple(str(t) for t in topics),
            difficulty=int(difficulty) if isinstance(difficulty, int) and difficulty else None,
            language=None if language == ALL else str(language),
        )

    def _count(self) -> int | None:
        raw = self.query_one("#setup-count", Input).value.strip()
        return int(raw) if raw.isdigit() and int(raw) > 0 else None

    def _options(self) -> SessionOptions:
        base = SessionOptions.from_settings(self.practice.settings, self.practice.config.mode)
        value = self.query_one("#setup-time", Select).value
        if value == BANK_DEFAULT:
            return replace(
                base,
                time_limit_s=self.practice.settings.time_limit_s or 120,
                time_limit_overrides=False,
            )
        if value == NO_LIMIT:
            return replace(base, time_limit_s=None, time_limit_overrides=True)
        return replace(base, time_limit_s=int(str(value)), time_limit_overrides=True)

    def _update_info(self) -> None:
        info = self.query_one("#setup-info", Static)
        filters = self._filters()
        try:
            found = len(matching_questions(self._chosen_banks(), replace(filters, bank_ids=())))
        except Exception:  # an unknown id cannot happen here, but the form must never crash
            found = 0
        count = self._count()
        text = Text()
        if found == 0:
            text.append(f"No question matches {filters.describe()}.", style="bold red")
        elif count is None:
            text.append("Questions must be a whole number above 0.", style="bold red")
        else:
            text.append(
                f"{counted(found, 'question')} {'matches' if found == 1 else 'match'}",
                style="bold",
            )
            asked = min(found, count)
            order = (
                "in a fixed shuffle"
                if self.practice.config.seed is not None
                else ("least practised and worst scored first")
            )
            text.append(f"  ·  {asked} will be asked, {order}")
        info.update(text)
        self.query_one("#start", Button).disabled = found == 0 or count is None

    def _update_model(self) -> None:
        text = Text("Model: ", style="dim")
        text.append_text(model_text(self.practice.model_state, self.practice.model_label))
        if self.practice.model_state == "loading":
            text.append("  (you can start now)", style="dim")
        self.query_one("#setup-model", Static).update(text)

    # -- events --------------------------------------------------------------------------------

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        if event.selection_list.id == "setup-banks":
            self._fill_topics()
        self._update_info()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "setup-language":
            self._fill_banks()
            self._fill_topics()
        self._update_info()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update_info()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        count = self._count()
        if count is None:
            self.notify("Questions must be a whole number above 0.", severity="error")
            return
        filters = self._filters()
        options = self._options()
        chosen = self._chosen_banks()
        try:
            plan = plan_session(
                chosen,
                replace(filters, bank_ids=()),
                count,
                history=self.practice.history,
                seed=self.practice.config.seed,
                options=options,
                rng=self.practice.config.rng,
            )
        except NoQuestionsError:
            self.notify(f"No question matches {filters.describe()}.", severity="error")
            return
        self.practice.start_session(plan, filters, options)
