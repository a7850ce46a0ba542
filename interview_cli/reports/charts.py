"""Terminal charts of a report, drawn with plotext (ANSI text for rich and the TUI)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from interview_cli.reports.model import GroupStats, Report

# plotext draws on one module-level figure; the TUI builds charts in a worker thread
_PLOTEXT_LOCK = threading.Lock()
SERIES_COLORS = ("cyan", "magenta", "green", "yellow", "blue", "red")


def _draw(width: int, height: int, paint: Callable[[Any], None]) -> str:
    import plotext as plt

    with _PLOTEXT_LOCK:
        plt.clear_figure()
        plt.theme("clear")
        # sized by the caller, never by the terminal: the same report draws the same chart
        plt.limitsize(False, False)
        plt.plotsize(max(20, width), max(6, height))
        paint(plt)
        text: str = plt.build()
        plt.clear_figure()
    return text.rstrip("\n")


def _ticks(weeks: Sequence[date], most: int = 8) -> tuple[list[int], list[str]]:
    """Week positions and labels, thinned so they never overlap."""
    if not weeks:
        return [], []
    step = max(1, -(-len(weeks) // most))
    positions = list(range(0, len(weeks), step))
    if positions[-1] != len(weeks) - 1 and len(weeks) - 1 - positions[-1] >= step / 2:
        positions.append(len(weeks) - 1)
    return positions, [weeks[i].strftime("%m-%d") for i in positions]


def _count_ticks(top: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least ``top``: counts have no fractions."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if top / candidate <= most:
            break
    return list(range(0, top + step, step))


def score_trend(report: Report, width: int = 80, height: int = 14) -> str | None:
    """Weekly average score, one line per scorer (scorers are never merged into one line)."""
    if not report.trends or not any(p.average is not None for t in report.trends for p in t.weeks):
        return None
    weeks = [p.week_start for p in report.trends[0].weeks]

    def paint(plt: Any) -> None:
        for index, trend in enumerate(report.trends):
            xs = [i for i, p in enumerate(trend.weeks) if p.average is not None]
            ys = [p.average for p in trend.weeks if p.average is not None]
            color = SERIES_COLORS[index % len(SERIES_COLORS)]
            label = trend.label if len(report.trends) > 1 else None
            if len(xs) == 1:
                plt.scatter(xs, ys, marker="dot", color=color, label=label)
            else:
                plt.plot(xs, ys, marker="braille", color=color, label=label)
        positions, labels = _ticks(weeks)
        plt.xticks(positions, labels)
        plt.xlim(-0.5, max(0.5, len(weeks) - 0.5))
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        plt.title("Average score per week (0-10)")

    return _draw(width, height, paint)


def activity(report: Report, width: int = 80, height: int = 10) -> str | None:
    """Attempts per week."""
    weeks = report.overview.weeks
    if not weeks or not any(w.attempts for w in weeks):
        return None

    def paint(plt: Any) -> None:
        plt.bar(list(range(len(weeks))), [w.attempts for w in weeks], color="blue", width=0.6)
        positions, labels = _ticks([w.week_start for w in weeks])
        plt.xticks(positions, labels)
        ticks = _count_ticks(max(w.attempts for w in weeks))
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])
        plt.title("Attempts per week")

    return _draw(width, height, paint)


def mastery(groups: Sequence[GroupStats], title: str, width: int = 80) -> str | None:
    """Mastery (0-100 %) per topic or bank, weakest at the top."""
    if not groups:
        return None
    shown = list(groups)[:12]
    names = [_short(g.name, 18) for g in shown]

    def paint(plt: Any) -> None:
        plt.bar(
            list(reversed(names)),
            [round(g.mastery * 100) for g in reversed(shown)],
            orientation="horizontal",
            color="green",
            width=0.5,
        )
        plt.xlim(0, 100)
        plt.xticks([0, 25, 50, 75, 100])
        plt.title(title)

    return _draw(width, max(6, len(shown) * 2 + 4), paint)


def due_forecast(report: Report, width: int = 80, height: int = 10) -> str | None:
    """Questions falling due on each of the next days (today includes the overdue ones)."""
    days = report.review.forecast
    if not days or not any(d.count for d in days):
        return None

    def paint(plt: Any) -> None:
        labels = ["today" if i == 0 else d.day.strftime("%a %d") for i, d in enumerate(days)]
        shown = list(range(0, len(days), 2))
        plt.bar(list(range(len(days))), [d.count for d in days], color="magenta", width=0.6)
        plt.xticks(shown, [labels[i] for i in shown])
        ticks = _count_ticks(max(d.count for d in days))
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])
        plt.title("Reviews due per day")

    return _draw(width, height, paint)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
