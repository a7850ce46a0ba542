"""Small inline SVG charts for the HTML report: no script, no network, scales with the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from interview_cli.scoring.display import score_text

PALETTE = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#dc2626")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    color: str


def _num(value: float) -> str:
    return score_text(value).rstrip("0").rstrip(".")


def _nice_step(top: float, most: int = 5) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= most:
            return float(step)
    return max(1.0, top / most)


def _label_every(count: int, width: float, label_px: float = 48) -> int:
    return max(1, int(-(-count * label_px // width)))


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    y_max: float = 10.0,
    width: int = 720,
    height: int = 240,
    title: str = "",
    unit: str = "",
) -> str:
    """One line per series over the same x positions; a gap where a value is None."""
    left, right, top, bottom = 34, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(x_labels))

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h * (1 - min(v, y_max) / y_max)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
    ]
    step = _nice_step(y_max)
    tick = 0.0
    while tick <= y_max + 1e-9:
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="tick" x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{_num(tick)}</text>'
        )
        tick += step
    every = _label_every(n, plot_w)
    for i, label in enumerate(x_labels):
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x(i):.1f}" y="{height - 8}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for s in series:
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x(i), y(value)))
        # a dashed line bridges weeks without practice, so the trend still reads
        points = [p for run in runs for p in run]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline class="bridge" points="{path}" stroke="{s.color}" fill="none"/>'
            )
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(
                    f'<polyline class="line" points="{path}" stroke="{s.color}" fill="none"/>'
                )
        for i, value in enumerate(s.values):
            if value is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{s.color}">'
                    f"<title>{escape(s.label)} · {escape(x_labels[i])}: "
                    f"{_num(value)}{escape(unit)}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    values: Sequence[float],
    x_labels: Sequence[str],
    color: str = PALETTE[0],
    width: int = 720,
    height: int = 180,
    title: str = "",
    unit: str = "",
    highlight_first: str | None = None,
) -> str:
    """Vertical bars with whole-number ticks (counts)."""
    left, right, top, bottom = 34, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(values))
    peak = max([*values, 1.0])
    step = _nice_step(peak)
    y_max = step * -(-peak // step)
    slot = plot_w / n
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet">'
    ]
    tick = 0.0
    while tick <= y_max + 1e-9:
        ty = top + plot_h * (1 - tick / y_max)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{_num(tick)}</text>"
        )
        tick += step
    every = _label_every(n, plot_w)
    for i, value in enumerate(values):
        h = plot_h * value / y_max
        bx = left + slot * i + (slot - bar) / 2
        fill = highlight_first if (highlight_first and i == 0) else color
        parts.append(
            f'<rect x="{bx:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'rx="2" fill="{fill}"><title>{escape(x_labels[i])}: {_num(value)}{escape(unit)}'
            "</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{bx + bar / 2:.1f}" y="{height - 8}" '
                f'text-anchor="middle">{escape(x_labels[i])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def meter(share: float, color: str, width: int = 110, height: int = 10) -> str:
    """A horizontal 0..1 meter for a table cell."""
    share = min(1.0, max(0.0, share))
    return (
        f'<svg class="meter" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true"><rect width="{width}" height="{height}" rx="3" class="track"/>'
        f'<rect width="{width * share:.1f}" height="{height}" rx="3" fill="{color}"/></svg>'
    )
