"""Number and date formatting shared by the report renderers, so every format says the same."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from interview_cli.scoring.display import score_text
from interview_cli.wording import counted


def score(value: float | None) -> str:
    """A score or average for a table cell: one decimal, half up (scoring.display), "-" if none."""
    return "-" if value is None else score_text(value)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def trend(slope: float | None) -> str:
    """A weekly slope as an arrow and a signed number; flat within ±0.05 points a week."""
    if slope is None:
        return "-"
    if abs(slope) < 0.05:
        return "→ 0.0/wk"
    arrow = "↗" if slope > 0 else "↘"
    return f"{arrow} {slope:+.1f}/wk"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def day(value: datetime | date | None, tz: tzinfo | None = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(tz).date().isoformat()
    return value.isoformat()


def days(count: int) -> str:
    return counted(count, "day")


def short(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters (Hangul counts as one, like any character)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def due_when(overdue_days: float) -> str:
    if overdue_days < 1:
        return "today"
    whole = int(overdue_days)
    return f"{whole} day{'s' if whole != 1 else ''} overdue"
