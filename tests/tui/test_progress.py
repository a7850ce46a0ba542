"""The progress screen: snapshots at a fixed size, tab keys, resizing, and leaving it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App
from textual.widgets import Static, TabbedContent

from interview_cli.reports.model import Report
from interview_cli.reports.stats import build_report
from interview_cli.tui.screens.progress import ProgressScreen
from tests.support.report_history import generate, installed

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2024, 3, 25, 3, 0, tzinfo=UTC)
SIZE = (110, 36)


def _report() -> Report:
    _, attempts = generate(sessions=60, days=70, seed=4)
    return build_report(attempts, now=NOW, tz=SEOUL, installed=installed())


class ProgressApp(App[None]):
    """The smallest host for the screen, as the practice app will push it."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report
        self.progress_closed = False

    def on_mount(self) -> None:
        self.push_screen(ProgressScreen(self.report, SEOUL), self._progress_closed)

    def _progress_closed(self, _: None) -> None:
        self.progress_closed = True


def test_overview_snapshot(snap_compare: Any) -> None:
    assert snap_compare(ProgressApp(_report()), terminal_size=SIZE)


def test_review_tab_snapshot(snap_compare: Any) -> None:
    assert snap_compare(ProgressApp(_report()), terminal_size=SIZE, press=["5"])


def test_empty_history_snapshot(snap_compare: Any) -> None:
    empty = build_report([], now=NOW, tz=SEOUL)
    assert snap_compare(ProgressApp(empty), terminal_size=SIZE)


def test_keys_switch_tabs_and_close() -> None:
    async def run() -> None:
        app = ProgressApp(_report())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            tabs = app.screen.query_one(TabbedContent)
            assert tabs.active == "tab-overview"
            await pilot.press("3")
            assert tabs.active == "tab-missed"
            await pilot.press("4")
            assert tabs.active == "tab-timing"
            await pilot.press("1")
            assert tabs.active == "tab-overview"
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            screen.action_step(-1)
            assert tabs.active == "tab-review"
            screen.action_step(1)
            assert tabs.active == "tab-overview"
            await pilot.press("escape")
            await pilot.pause()
            assert app.progress_closed and not isinstance(app.screen, ProgressScreen)

    asyncio.run(run())


def test_charts_are_redrawn_for_a_new_width() -> None:
    async def run() -> None:
        app = ProgressApp(_report())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ProgressScreen)
            before = screen._sections[0].body[-1]
            await pilot.resize_terminal(150, 40)
            await pilot.pause()
            after = screen._sections[0].body[-1]
            assert str(before) != str(after)
            # the chart on screen is the new one
            widget = screen.query_one("#overview-" + str(len(screen._sections[0].body) - 1), Static)
            assert str(widget.content) == str(after)

    asyncio.run(run())
