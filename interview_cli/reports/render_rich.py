"""The report as rich renderables: tables and plotext charts, for the terminal and the TUI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from interview_cli.reports import charts, fmt
from interview_cli.reports.model import GroupStats, Report
from interview_cli.wording import counted

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table


@dataclass(frozen=True)
class Section:
    """A titled part of the report; the TUI shows each one in its own tab."""

    id: str
    title: str
    body: tuple[RenderableType, ...]


def _table(title: str | None, *columns: str, caption: str | None = None) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption_justify="left",
        title_style="bold",
        expand=False,
    )
    for column in columns:
        numeric = column in {
            "attempts", "questions", "average", "latest", "mastery", "answers", "missed",
            "scored", "previous", "drop", "best", "reviews", "score", "avg time", "avg limit",
            "time/limit", "overtime", "retention",
        }  # fmt: skip
        table.add_column(column, justify="right" if numeric else "left", no_wrap=numeric)
    return table


def _chart(text: str | None) -> RenderableType | None:
    if text is None:
        return None
    from rich.text import Text

    return Text.from_ansi(text, no_wrap=True, end="")


def _mastery_cell(value: float) -> str:
    style = "red" if value < 0.4 else "yellow" if value < 0.7 else "green"
    return f"[{style}]{fmt.percent(value)}[/{style}]"


def _overview(report: Report, tz: tzinfo | None) -> list[RenderableType]:
    from rich.markup import escape
    from rich.table import Table

    o = report.overview
    grid = Table.grid(padding=(0, 3))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_column(style="dim")
    grid.add_column()
    if report.scorers:
        # the scorer used last speaks for "now"; every scorer has its own row below
        latest = report.scorers[0]
        trend = next(t.slope_per_week for t in report.trends if t.scorer_key == latest.key)
        average = f"[bold]{fmt.score(latest.average)}[/bold]/10  {fmt.trend(trend)}"
        if len(report.scorers) > 1:
            average += f"  [dim]({escape(latest.label)})[/dim]"
    else:
        average = "no scores yet"
    streak = f"[bold]{fmt.days(o.current_streak_days)}[/bold] (longest {o.longest_streak_days})"
    answered = f"[bold]{o.answers}[/bold] ({o.questions} distinct)"
    extra = []
    if o.skipped:
        extra.append(f"{o.skipped} skipped")
    if o.follow_ups:
        extra.append(counted(o.follow_ups, "follow-up"))
    if o.retries:
        extra.append(counted(o.retries, "retry", "retries"))
    rows = [
        ("sessions", f"[bold]{o.sessions}[/bold]", "questions answered", answered),
        ("average score", average, "time spent", f"[bold]{fmt.duration(o.time_spent_s)}[/bold]"),
        ("practice days", f"[bold]{o.practice_days}[/bold]", "streak", streak),
        (
            "first / last",
            f"{fmt.day(o.first_at, tz)} / {fmt.day(o.last_at, tz)}",
            "also",
            escape(", ".join(extra)) or "-",
        ),
    ]
    for row in rows:
        grid.add_row(*row)
    out: list[RenderableType] = [grid]

    scorers = _table(
        "Scorers",
        "scorer",
        "scored",
        "average",
        "trend",
        "used",
        caption="Each scorer's scores are kept apart; averages never mix scorers.",
    )
    trends = {t.scorer_key: t.slope_per_week for t in report.trends}
    for s in report.scorers:
        scorers.add_row(
            f"{escape(s.label)}\n[dim]{escape(s.key)}[/dim]",
            str(s.scored),
            fmt.score(s.average),
            fmt.trend(trends.get(s.key)),
            f"{fmt.day(s.first_at, tz)} – {fmt.day(s.last_at, tz)}",
        )
    if report.scorers:
        out.append(scorers)
    return out


def _groups(report: Report, groups: Sequence[GroupStats], kind: str) -> list[RenderableType]:
    from rich.markup import escape

    out: list[RenderableType] = []
    for scorer in report.scorers:
        mine = [g for g in groups if g.scorer_key == scorer.key]
        if not mine:
            continue
        title = f"{kind.capitalize()}s, scored by {scorer.label}"
        table = _table(
            title, kind, "attempts", "questions", "average", "latest", "trend", "mastery"
        )
        for g in mine:
            name = escape(g.name)
            if g.installed is False:
                name += " [dim](deleted)[/dim]"
            table.add_row(
                name,
                str(g.attempts),
                str(g.questions),
                fmt.score(g.average),
                fmt.score(g.latest),
                fmt.trend(g.slope_per_week),
                _mastery_cell(g.mastery),
            )
        out.append(table)
    return out


def _missed(report: Report, tz: tzinfo | None) -> list[RenderableType]:
    from rich.markup import escape

    out: list[RenderableType] = []
    if report.missed_key_points:
        table = _table(
            "Key points you miss most",
            "missed",
            "key point",
            "question",
            "last missed",
            caption="missed / times judged; * = missed again last time",
        )
        for m in report.missed_key_points:
            again = " [red]*[/red]" if m.missed_last_time else ""
            table.add_row(
                f"{m.missed}/{m.judged}{again}",
                escape(m.key_point),
                f"{escape(fmt.short(m.question_text, 60))}\n[dim]{escape(m.bank_id)} · "
                f"{escape(m.topic)}[/dim]",
                fmt.day(m.last_missed_at, tz),
            )
        out.append(table)
    if report.score_drops:
        table = _table(
            "Questions whose score dropped", "question", "previous", "latest", "best", "when"
        )
        for d in report.score_drops:
            table.add_row(
                f"{escape(fmt.short(d.question_text, 60))}\n[dim]{escape(d.bank_id)} · "
                f"{escape(report.label(d.scorer_key))}[/dim]",
                fmt.score(d.previous),
                f"[red]{fmt.score(d.latest)}[/red]",
                fmt.score(d.best),
                fmt.day(d.latest_at, tz),
            )
        out.append(table)
    if not out:
        from rich.text import Text

        out.append(Text("No missed key points or score drops recorded yet.", style="dim"))
    return out


def _timing(report: Report) -> list[RenderableType]:
    from rich.markup import escape

    table = _table(
        "Time per answer",
        "topic",
        "answers",
        "avg time",
        "avg limit",
        "time/limit",
        "overtime",
        caption="overtime = share of timed answers that ran past the limit",
    )
    for t in (report.timing, *report.timing_by_topic):
        over = "-" if t.overtime_rate is None else f"{fmt.percent(t.overtime_rate)} ({t.overtime})"
        name = "[bold]all[/bold]" if t is report.timing else escape(t.name)
        table.add_row(
            name,
            str(t.answers),
            fmt.duration(t.average_time_s),
            fmt.duration(t.average_limit_s),
            fmt.percent(t.average_ratio),
            over,
        )
    return [table]


def _review(report: Report, width: int, tz: tzinfo | None) -> list[RenderableType]:
    from rich.markup import escape
    from rich.text import Text

    r = report.review
    out: list[RenderableType] = []
    if not r.scheduled:
        out.append(Text("No questions are scheduled for review yet.", style="dim"))
        return out
    summary = Text()
    summary.append("Due today: ", style="dim")
    summary.append(str(r.due_today), style="bold magenta")
    summary.append("   this week: ", style="dim")
    summary.append(str(r.due_this_week), style="bold")
    summary.append("   overdue: ", style="dim")
    summary.append(str(r.overdue), style="bold red" if r.overdue else "bold")
    summary.append(f"   scheduled: {r.scheduled}", style="dim")
    if not r.due_today and r.next_due_at is not None:
        summary.append(f"   next: {fmt.day(r.next_due_at, tz)}", style="dim")
    out.append(summary)
    chart = _chart(charts.due_forecast(report, width))
    if chart is not None:
        out.append(chart)
    if r.due:
        table = _table(
            f"Due now (the {len(r.due)} most urgent)" if r.due_today > len(r.due) else "Due now",
            "question",
            "when",
            "reviews",
            "score",
            "retention",
        )
        for q in r.due:
            gone = q.available is False
            note = " · [yellow]bank or question removed[/yellow]" if gone else ""
            table.add_row(
                f"{escape(fmt.short(q.question_text, 64))}\n[dim]{escape(q.bank_id)} · "
                f"{escape(q.topic)} · last: {q.last_rating}[/dim]{note}",
                fmt.due_when(q.overdue_days),
                str(q.reviews),
                fmt.score(q.last_score),
                fmt.percent(q.retrievability),
            )
        out.append(table)
        out.append(Text("Start them with: interview review", style="dim"))
    return out


def empty_message(report: Report) -> str:
    if report.history_attempts == 0:
        return (
            "No practice yet, so there is nothing to report.\n\n"
            "Start a session:      interview practice\n"
            "See the banks:        interview banks list\n"
            "Restore a backup:     interview history import FILE\n\n"
            "Each answer you give is scored and lands here: averages, trends per topic, the "
            "key points you miss, and the questions due for review."
        )
    return "\n".join(report.notes) or "No attempts match these filters."


def build_sections(report: Report, width: int = 100, tz: tzinfo | None = None) -> list[Section]:
    """The report in titled parts, charts sized to ``width`` columns."""
    from rich.panel import Panel

    chart_width = max(40, width - 4)
    if report.empty:
        sections = [
            Section("overview", "Overview", (Panel(empty_message(report), title="Progress"),))
        ]
        if report.review.scheduled:
            sections.append(Section("review", "Review", tuple(_review(report, chart_width, tz))))
        return sections
    overview = _overview(report, tz)
    for text in (charts.score_trend(report, chart_width), charts.activity(report, chart_width)):
        chart = _chart(text)
        if chart is not None:
            overview.append(chart)
    topics = _groups(report, report.topics, "topic")
    primary = report.scorers[0] if report.scorers else None
    if primary is not None:
        mine = [g for g in report.topics if g.scorer_key == primary.key]
        chart = _chart(charts.mastery(mine, f"Mastery by topic ({primary.label})", chart_width))
        if chart is not None:
            topics.append(chart)
    topics += _groups(report, report.banks, "bank")
    if not report.scorers:
        from rich.text import Text

        topics = [Text("No scored answers yet.", style="dim")]
    return [
        Section("overview", "Overview", tuple(overview)),
        Section("topics", "Topics & banks", tuple(topics)),
        Section("missed", "Missed & dropped", tuple(_missed(report, tz))),
        Section("timing", "Timing", tuple(_timing(report))),
        Section("review", "Review", tuple(_review(report, chart_width, tz))),
    ]


def header(report: Report, tz: tzinfo | None = None, prefix: str = "Progress report · ") -> str:
    stamp = report.generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return f"{prefix}{report.filters.describe()} · {stamp} {report.timezone}"


def print_report(report: Report, console: Console, tz: tzinfo | None = None) -> None:
    from rich.markup import escape
    from rich.rule import Rule

    console.print(f"[bold]{escape(header(report, tz))}[/bold]")
    for section in build_sections(report, console.width, tz):
        console.print(Rule(section.title, style="dim"))
        for part in section.body:
            console.print(part)
    if not report.empty:
        for note in report.notes:
            console.print(f"[yellow]note:[/yellow] {escape(note)}")
