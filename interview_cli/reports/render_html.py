"""The report as one self-contained HTML page: inline CSS and SVG, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from html import escape

from interview_cli import __version__
from interview_cli.reports import fmt, svg
from interview_cli.reports.model import GroupStats, Report
from interview_cli.reports.render_rich import empty_message, header
from interview_cli.wording import counted

CSS = """
:root { --bg:#f6f7fb; --card:#fff; --ink:#1f2430; --dim:#6b7280; --line:#e5e7eb;
  --accent:#2563eb; --good:#059669; --warn:#d97706; --bad:#dc2626; --track:#eef0f4; }
@media (prefers-color-scheme: dark) {
  :root { --bg:#111318; --card:#1b1e26; --ink:#e6e8ee; --dim:#9aa3b2; --line:#2c313c;
    --track:#2a2f3a; }
}
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR",
  "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 18px; margin: 34px 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; color: var(--dim); font-weight: 600; }
.sub { color: var(--dim); margin: 0 0 22px; }
.kpis { display:grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.kpi, .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
.kpi { padding: 14px 16px; }
.kpi .label { color: var(--dim); font-size: 12px; text-transform: uppercase;
  letter-spacing: .06em; }
.kpi .value { font-size: 26px; font-weight: 700; margin-top: 2px; white-space: nowrap; }
.kpi .hint { color: var(--dim); font-size: 13px; }
.card { padding: 16px 18px; margin-top: 14px; overflow-x: auto; }
.card h3 { margin-top: 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .tick { fill: var(--dim); font-size: 11px; }
svg.chart .line { stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
svg.chart .bridge { stroke-width: 1.2; stroke-dasharray: 3 4; opacity: .55; }
svg.meter { vertical-align: middle; margin-right: 8px; }
svg.meter .track { fill: var(--track); }
.legend { display:flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 2px; font-size: 13px; }
.legend i { display:inline-block; width: 12px; height: 12px; border-radius: 3px;
  margin-right: 6px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th { text-align: left; color: var(--dim); font-weight: 600; font-size: 12px;
  text-transform: uppercase; letter-spacing: .05em; border-bottom: 1px solid var(--line);
  padding: 6px 10px 6px 0; }
td { border-bottom: 1px solid var(--line); padding: 7px 10px 7px 0; vertical-align: top; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.small { color: var(--dim); font-size: 12px; }
.tag { display:inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px;
  background: var(--track); color: var(--dim); margin-left: 6px; }
.bad { color: var(--bad); } .good { color: var(--good); } .warn { color: var(--warn); }
.empty { padding: 28px; font-size: 16px; }
.empty pre { background: var(--track); padding: 12px 14px; border-radius: 8px;
  font-size: 14px; }
.note { color: var(--warn); margin: 6px 0; }
footer { color: var(--dim); font-size: 12px; margin-top: 36px; }
@media print { body { background: #fff; } .card, .kpi { break-inside: avoid; } }
"""


def _mastery_color(value: float) -> str:
    return "#dc2626" if value < 0.4 else "#d97706" if value < 0.7 else "#059669"


def _trend(slope: float | None) -> str:
    text = escape(fmt.trend(slope))
    if slope is None or abs(slope) < 0.05:
        return text
    return f'<span class="{"good" if slope > 0 else "bad"}">{text}</span>'


def _kpi(label: str, value: str, hint: str = "") -> str:
    hint_html = f'<div class="hint">{hint}</div>' if hint else ""
    return (
        f'<div class="kpi"><div class="label">{escape(label)}</div>'
        f'<div class="value">{value}</div>{hint_html}</div>'
    )


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """Rows are already-escaped HTML cells."""
    ths = "".join(
        f'<th class="num">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"


def _groups(report: Report, groups: Sequence[GroupStats], kind: str) -> str:
    out = []
    for scorer in report.scorers:
        mine = [g for g in groups if g.scorer_key == scorer.key]
        if not mine:
            continue
        rows = []
        for g in mine:
            name = escape(g.name)
            if g.installed is False:
                name += '<span class="tag">deleted</span>'
            rows.append(
                [
                    name,
                    str(g.attempts),
                    str(g.questions),
                    fmt.score(g.average),
                    fmt.score(g.latest),
                    _trend(g.slope_per_week),
                    svg.meter(g.mastery, _mastery_color(g.mastery)) + fmt.percent(g.mastery),
                ]
            )
        out.append(
            f'<div class="card"><h3>{escape(kind.capitalize())}s · scored by '
            f"{escape(scorer.label)}</h3>"
            + _table(
                [kind, "attempts", "questions", "average", "latest", "trend", "mastery"],
                rows,
                {1, 2, 3, 4, 5, 6},
            )
            + "</div>"
        )
    return "".join(out)


def _of(shown: int, total: int) -> str:
    return f" (the {shown} most urgent of {total})" if total > shown else ""


def _legend(labels: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<span><i style="background:{color}"></i>{escape(label)}</span>' for label, color in labels
    )
    return f'<div class="legend">{items}</div>'


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n<footer>Made offline by interview-cli {escape(__version__)}. "
        "Everything in this page comes from your local history file.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


def to_html(report: Report, tz: tzinfo | None = None) -> str:
    title = "Interview practice: progress report"
    top = f"<h1>{escape(title)}</h1><p class='sub'>{escape(header(report, tz, prefix=''))}</p>"
    if report.empty:
        lines = empty_message(report).split("\n\n")
        body = "".join(
            f"<pre>{escape(part)}</pre>" if "interview " in part else f"<p>{escape(part)}</p>"
            for part in lines
        )
        return _page(title, top + f'<div class="card empty">{body}</div>')

    o = report.overview
    r = report.review
    parts = [top]
    if report.scorers:
        # the scorer used last speaks for "now"; the others are listed apart below
        latest = report.scorers[0]
        trend = next(t for t in report.trends if t.scorer_key == latest.key)
        average = escape(fmt.score(latest.average))
        average_hint = _trend(trend.slope_per_week) + " · " + escape(latest.label)
        if len(report.scorers) > 1:
            others = len(report.scorers) - 1
            average_hint += f" · {others} other scorer{'s' if others > 1 else ''} below"
    else:
        average, average_hint = "-", "no scores yet"
    kpis = [
        _kpi("Sessions", str(o.sessions), counted(o.practice_days, "practice day")),
        _kpi("Questions answered", str(o.answers), f"{o.questions} distinct · {o.skipped} skipped"),
        _kpi("Average score", average, average_hint),
        _kpi("Time spent", escape(fmt.duration(o.time_spent_s)), "writing answers"),
        _kpi(
            "Streak",
            escape(fmt.days(o.current_streak_days)),
            f"longest {escape(fmt.days(o.longest_streak_days))}",
        ),
        _kpi("Due for review", str(r.due_today), f"today · {r.due_this_week} this week"),
    ]
    parts.append(f'<section class="kpis">{"".join(kpis)}</section>')

    weeks = [w.week_start.strftime("%m-%d") for w in o.weeks]
    if report.trends:
        series = [
            svg.Series(t.label, [p.average for p in t.weeks], svg.PALETTE[i % len(svg.PALETTE)])
            for i, t in enumerate(report.trends)
        ]
        chart = svg.line_chart(series, weeks, title="Average score per week")
        legend = _legend([(s.label, s.color) for s in series])
        parts.append(
            '<div class="card"><h3>Average score per week (0–10), one line per scorer</h3>'
            f"{legend}{chart}</div>"
        )
    activity = svg.bar_chart(
        [float(w.attempts) for w in o.weeks], weeks, title="Attempts per week", unit=" attempts"
    )
    parts.append(f'<div class="card"><h3>Attempts per week</h3>{activity}</div>')

    trends = {t.scorer_key: t.slope_per_week for t in report.trends}
    scorer_rows = [
        [
            f"{escape(s.label)}<div class='small'>{escape(s.key)}</div>",
            str(s.scored),
            fmt.score(s.average),
            _trend(trends.get(s.key)),
            f"{fmt.day(s.first_at, tz)} – {fmt.day(s.last_at, tz)}",
        ]
        for s in report.scorers
    ]
    if scorer_rows:
        parts.append(
            '<div class="card"><h3>Which scorer produced the scores</h3>'
            + _table(["scorer", "scored", "average", "trend", "used"], scorer_rows, {1, 2, 3})
            + "<p class='small'>Scores from different scorers are never averaged together.</p>"
            "</div>"
        )

    parts.append("<h2>Topics</h2>" + (_groups(report, report.topics, "topic") or "<p>-</p>"))
    parts.append("<h2>Banks</h2>" + (_groups(report, report.banks, "bank") or "<p>-</p>"))

    parts.append("<h2>What to work on</h2>")
    if report.missed_key_points:
        rows = [
            [
                f"{m.missed}/{m.judged}"
                + (' <span class="bad">●</span>' if m.missed_last_time else ""),
                escape(m.key_point),
                f"{escape(m.question_text)}<div class='small'>{escape(m.bank_id)} · "
                f"{escape(m.topic)}</div>",
                fmt.day(m.last_missed_at, tz),
            ]
            for m in report.missed_key_points
        ]
        parts.append(
            '<div class="card"><h3>Key points you miss most</h3>'
            + _table(["missed", "key point", "question", "last missed"], rows, {0})
            + "<p class='small'>missed / times judged · <span class='bad'>●</span> missed again "
            "last time</p></div>"
        )
    if report.score_drops:
        rows = [
            [
                f"{escape(d.question_text)}<div class='small'>{escape(d.bank_id)} · "
                f"{escape(report.label(d.scorer_key))}</div>",
                fmt.score(d.previous),
                f'<span class="bad">{fmt.score(d.latest)}</span>',
                fmt.score(d.best),
                fmt.day(d.latest_at, tz),
            ]
            for d in report.score_drops
        ]
        parts.append(
            '<div class="card"><h3>Questions whose score dropped</h3>'
            + _table(["question", "previous", "latest", "best", "when"], rows, {1, 2, 3})
            + "</div>"
        )
    if not report.missed_key_points and not report.score_drops:
        parts.append('<div class="card">No missed key points or score drops yet.</div>')

    timing_rows = []
    for t in (report.timing, *report.timing_by_topic):
        rate = t.overtime_rate
        over = "-"
        if rate is not None:
            over = svg.meter(rate, "#d97706", 70) + f"{fmt.percent(rate)} ({t.overtime})"
        timing_rows.append(
            [
                "<b>all</b>" if t is report.timing else escape(t.name),
                str(t.answers),
                fmt.duration(t.average_time_s),
                fmt.duration(t.average_limit_s),
                fmt.percent(t.average_ratio),
                over,
            ]
        )
    parts.append(
        "<h2>Timing</h2><div class='card'>"
        + _table(
            ["topic", "answers", "avg time", "avg limit", "time / limit", "overtime"],
            timing_rows,
            {1, 2, 3, 4, 5},
        )
        + "<p class='small'>overtime = share of timed answers that ran past the limit</p></div>"
    )

    parts.append("<h2>Spaced review</h2>")
    if r.scheduled:
        forecast = svg.bar_chart(
            [float(d.count) for d in r.forecast],
            ["today" if i == 0 else d.day.strftime("%a %d") for i, d in enumerate(r.forecast)],
            color="#7c3aed",
            highlight_first="#db2777",
            title="Reviews due per day",
            unit=" due",
        )
        parts.append(
            f'<section class="kpis">{_kpi("Due today", str(r.due_today), "overdue included")}'
            f"{_kpi('Due this week', str(r.due_this_week), 'next 7 days')}"
            f"{_kpi('Overdue', str(r.overdue), 'from earlier days')}"
            f"{_kpi('Scheduled', str(r.scheduled), 'questions with a review date')}</section>"
            f"<div class='card'><h3>Reviews due in the next 14 days</h3>{forecast}</div>"
        )
        if r.due:
            rows = [
                [
                    escape(q.question_text)
                    + ('<span class="tag">removed</span>' if q.available is False else "")
                    + f"<div class='small'>{escape(q.bank_id)} · {escape(q.topic)} · last: "
                    f"{escape(q.last_rating)}</div>",
                    escape(fmt.due_when(q.overdue_days)),
                    str(q.reviews),
                    fmt.score(q.last_score),
                    fmt.percent(q.retrievability),
                ]
                for q in r.due
            ]
            parts.append(
                f'<div class="card"><h3>Due now{_of(len(r.due), r.due_today)}</h3>'
                + _table(["question", "when", "reviews", "score", "retention"], rows, {2, 3, 4})
                + "<p class='small'>Start them with <code>interview review</code>. Retention is "
                "the predicted chance of recalling the answer today.</p></div>"
            )
    else:
        parts.append('<div class="card">No questions are scheduled for review yet.</div>')
    for note in report.notes:
        parts.append(f'<p class="note">{escape(note)}</p>')
    return _page(title, "\n".join(parts))
