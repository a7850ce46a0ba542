"""The report as Markdown (for notes) and as JSON (for scripts, see docs/report-json.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import tzinfo

from interview_cli.reports import fmt
from interview_cli.reports.model import GroupStats, Report
from interview_cli.reports.render_rich import empty_message, header
from interview_cli.wording import counted

SPARK = "▁▂▃▄▅▆▇█"


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Table-safe text: pipes escaped, line breaks flattened."""
    return " ".join(text.split()).replace("|", "\\|")


def _table(header_row: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> list[str]:
    """A pipe table; columns from index ``right`` on are right-aligned (numbers)."""
    align = ["---" if i < right else "---:" for i in range(len(header_row))]
    lines = ["| " + " | ".join(header_row) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 10.0) -> str:
    """Weekly values as one line of block characters; a dot for a week without data."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
            continue
        share = (min(high, max(low, value)) - low) / (high - low) if high > low else 0.0
        out.append(SPARK[min(len(SPARK) - 1, int(share * len(SPARK)))])
    return "".join(out)


def _groups(report: Report, groups: Sequence[GroupStats], kind: str) -> list[str]:
    lines: list[str] = []
    for scorer in report.scorers:
        mine = [g for g in groups if g.scorer_key == scorer.key]
        if not mine:
            continue
        lines += ["", f"**{kind.capitalize()}s, scored by {_cell(scorer.label)}**", ""]
        rows = [
            [
                g.name + (" (deleted)" if g.installed is False else ""),
                str(g.attempts),
                str(g.questions),
                fmt.score(g.average),
                fmt.score(g.latest),
                fmt.trend(g.slope_per_week),
                fmt.percent(g.mastery),
            ]
            for g in mine
        ]
        lines += _table(
            [kind, "attempts", "questions", "average", "latest", "trend", "mastery"], rows
        )
    return lines


def to_markdown(report: Report, tz: tzinfo | None = None) -> str:
    lines = [f"# {header(report, tz)}", ""]
    if report.empty:
        lines += [line if line else "" for line in empty_message(report).splitlines()]
        return "\n".join(lines).rstrip() + "\n"
    o = report.overview
    lines += [
        "## Overview",
        "",
        f"- **Sessions:** {o.sessions}",
        f"- **Questions answered:** {o.answers} ({o.questions} distinct; {o.skipped} skipped, "
        f"{counted(o.follow_ups, 'follow-up')}, {counted(o.retries, 'retry', 'retries')})",
        f"- **Time spent answering:** {fmt.duration(o.time_spent_s)}",
        f"- **Practice days:** {o.practice_days}; streak {fmt.days(o.current_streak_days)} "
        f"(longest {fmt.days(o.longest_streak_days)})",
        f"- **Period:** {fmt.day(o.first_at, tz)} to {fmt.day(o.last_at, tz)}",
        f"- **Due for review:** {report.review.due_today} today, "
        f"{report.review.due_this_week} this week",
        "",
        "### Scores by scorer",
        "",
        "Each scorer's scores are kept apart; averages never mix scorers.",
        "",
    ]
    trends = {t.scorer_key: t for t in report.trends}
    rows = []
    for s in report.scorers:
        trend = trends[s.key]
        rows.append(
            [
                f"{s.label} (`{s.key}`)",
                str(s.scored),
                fmt.score(s.average),
                fmt.trend(trend.slope_per_week),
                "`" + sparkline([w.average for w in trend.weeks]) + "`",
            ]
        )
    lines += _table(["scorer", "scored", "average", "trend", "weekly"], rows)
    if report.trends:
        lines += ["", "### Weekly average", ""]
        head = ["week", *[t.label for t in report.trends], "attempts"]
        week_rows = []
        for index, week in enumerate(o.weeks):
            cells = [week.week_start.isoformat()]
            cells += [fmt.score(t.weeks[index].average) for t in report.trends]
            week_rows.append([*cells, str(week.attempts)])
        lines += _table(head, week_rows)

    lines += ["", "## Topics and banks"]
    lines += _groups(report, report.topics, "topic")
    lines += _groups(report, report.banks, "bank")

    if report.missed_key_points:
        lines += ["", "## Key points you miss most", ""]
        rows = [
            [
                f"{m.missed}/{m.judged}" + (" *" if m.missed_last_time else ""),
                m.key_point,
                f"{fmt.short(m.question_text, 80)} ({m.bank_id})",
                fmt.day(m.last_missed_at, tz),
            ]
            for m in report.missed_key_points
        ]
        lines += _table(["missed", "key point", "question", "last missed"], rows, right=4)
        lines += ["", "missed / times judged; * = missed again last time"]
    if report.score_drops:
        lines += ["", "## Questions whose score dropped", ""]
        rows = [
            [
                f"{fmt.short(d.question_text, 80)} ({d.bank_id})",
                report.label(d.scorer_key),
                fmt.score(d.previous),
                fmt.score(d.latest),
                fmt.score(d.best),
                fmt.day(d.latest_at, tz),
            ]
            for d in report.score_drops
        ]
        lines += _table(["question", "scorer", "previous", "latest", "best", "when"], rows, 2)

    lines += ["", "## Timing", ""]
    rows = []
    for t in (report.timing, *report.timing_by_topic):
        over = "-" if t.overtime_rate is None else f"{fmt.percent(t.overtime_rate)} ({t.overtime})"
        rows.append(
            [
                "**all**" if t is report.timing else t.name,
                str(t.answers),
                fmt.duration(t.average_time_s),
                fmt.duration(t.average_limit_s),
                fmt.percent(t.average_ratio),
                over,
            ]
        )
    lines += _table(["topic", "answers", "avg time", "avg limit", "time/limit", "overtime"], rows)

    r = report.review
    lines += [
        "",
        "## Review",
        "",
        f"{r.due_today} due today, {r.due_this_week} this week, {r.overdue} overdue, "
        f"{r.scheduled} scheduled.",
    ]
    if r.due:
        lines.append("")
        rows = [
            [
                fmt.short(q.question_text, 80)
                + (" (removed)" if q.available is False else "")
                + f" ({q.bank_id})",
                fmt.due_when(q.overdue_days),
                str(q.reviews),
                fmt.score(q.last_score),
                fmt.percent(q.retrievability),
            ]
            for q in r.due
        ]
        lines += _table(["question", "when", "reviews", "score", "retention"], rows, right=2)
    if report.notes:
        lines += ["", *[f"> {note}" for note in report.notes]]
    return "\n".join(lines) + "\n"
