"""The progress screen: the report's numbers and charts in tabs, inside the TUI."""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from interview_cli.reports.model import Report
from interview_cli.reports.render_rich import Section, build_sections, header

# room taken by the scroll bar and padding around each tab's content
_GUTTER = 6


class ProgressScreen(Screen[None]):
    """Overview, topics, missed key points, timing and reviews due: one tab each.

    Give it a Report (``interview_cli.reports.report_from_store`` builds one, best in a
    thread worker); Escape or q closes it.
    """

    CSS_PATH = "progress.tcss"
    BINDINGS = [  # noqa: RUF012 - Textual reads BINDINGS as a class attribute
        Binding("escape,q", "close", "Back"),
        Binding("1", "tab(0)", "Overview"),
        Binding("2", "tab(1)", "Topics"),
        Binding("3", "tab(2)", "Missed"),
        Binding("4", "tab(3)", "Timing"),
        Binding("5", "tab(4)", "Review"),
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]

    def __init__(self, report: Report, tz: tzinfo | None = None) -> None:
        super().__init__()
        self.report = report
        self.tz = tz
        self._width = 0
        self._sections: list[Section] = []

    def _build(self, width: int) -> list[Section]:
        self._width = width
        self._sections = build_sections(self.report, max(60, width - _GUTTER), self.tz)
        return self._sections

    def compose(self) -> ComposeResult:
        yield Static(header(self.report, self.tz), id="progress-header")
        sections = self._build(self.app.size.width)
        with TabbedContent(id="progress-tabs"):
            for section in sections:
                with (
                    TabPane(section.title, id=f"tab-{section.id}"),
                    VerticalScroll(classes="progress-body"),
                ):
                    for index, part in enumerate(section.body):
                        yield Static(part, classes="progress-part", id=f"{section.id}-{index}")
        yield Footer()

    def on_resize(self, event: Resize) -> None:
        # charts are drawn for a width: redraw them when the terminal is resized
        if abs(event.size.width - self._width) < 2 or not self._sections:
            return
        for section in self._build(event.size.width):
            for index, part in enumerate(section.body):
                widgets = self.query(f"#{section.id}-{index}")
                if widgets:
                    widgets.first(Static).update(part)

    def _tab_ids(self) -> list[str]:
        return [f"tab-{s.id}" for s in self._sections]

    def action_tab(self, index: int) -> None:
        ids = self._tab_ids()
        if 0 <= index < len(ids):
            self.query_one(TabbedContent).active = ids[index]

    def action_step(self, delta: int) -> None:
        ids = self._tab_ids()
        tabs = self.query_one(TabbedContent)
        current = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(current + delta) % len(ids)]

    def action_close(self) -> None:
        self.dismiss(None)
