"""Report renderers: terminal (rich + plotext), Markdown, self-contained HTML, documented JSON."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from interview_cli.reports import charts
from interview_cli.reports.model import Report
from interview_cli.reports.render_html import to_html
from interview_cli.reports.render_rich import build_sections, print_report
from interview_cli.reports.render_text import sparkline, to_json, to_markdown
from interview_cli.reports.stats import build_report
from tests.support.half_way import SHOWN, STORED, half_way_history
from tests.support.paths import REPO
from tests.support.report_history import generate, installed

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2024, 6, 1, 3, 0, tzinfo=UTC)
DOCS = REPO / "docs" / "report-json.md"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def report() -> Report:
    _, attempts = generate(sessions=200, days=150, seed=5)
    return build_report(attempts, now=NOW, tz=SEOUL, installed=installed())


@pytest.fixture(scope="module")
def empty() -> Report:
    return build_report([], now=NOW, tz=SEOUL)


def _plain(report: Report, width: int = 120) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_report(report, console, SEOUL)
    return console.export_text()


def test_terminal_report_has_tables_and_plotext_charts(report: Report) -> None:
    text = _plain(report)
    for title in ("Overview", "Scorers", "Topics, scored by", "Key points you miss most"):
        assert title in text
    assert "Average score per week (0-10)" in text and "Attempts per week" in text
    assert "Reviews due per day" in text or report.review.due_today == 0
    # plotext draws axes with box characters and lines in braille
    assert "┤" in text and any("\u2800" <= ch <= "\u28ff" for ch in text)
    for scorer in report.scorers:
        assert scorer.key in text and scorer.label in text
    assert "old-net (deleted)" in text


def test_charts_fit_the_width_they_are_given(report: Report) -> None:
    for width in (60, 100, 160):
        drawn = charts.score_trend(report, width=width, height=12)
        assert drawn is not None
        lines = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", drawn)).splitlines()
        assert max(len(line) for line in lines) <= width
        assert len(lines) <= 12
    # the same report always draws the same chart, whatever the terminal is
    assert charts.activity(report, 90) == charts.activity(report, 90)


def test_sections_for_the_tui(report: Report, empty: Report) -> None:
    ids = [s.id for s in build_sections(report, 100, SEOUL)]
    assert ids == ["overview", "topics", "missed", "timing", "review"]
    assert [s.id for s in build_sections(empty, 100, SEOUL)] == ["overview"]


def test_markdown_pastes_into_notes(report: Report) -> None:
    md = to_markdown(report, SEOUL)
    assert not ANSI.search(md)
    assert md.startswith("# Progress report")
    for heading in ("## Overview", "## Topics and banks", "## Timing", "## Review"):
        assert heading in md
    tables = [line for line in md.splitlines() if line.startswith("|")]
    assert len(tables) > 30
    # every table row of a table has as many cells as its header
    blocks: list[list[str]] = []
    for line in md.splitlines():
        if line.startswith("|"):
            if not blocks or not blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
        elif blocks and blocks[-1]:
            blocks.append([])
    for block in (b for b in blocks if b):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block}
        assert len(widths) == 1, block[:3]
    assert "ml 질문" in md  # Korean text passes through


def test_sparkline() -> None:
    assert sparkline([0.0, 5.0, 10.0, None]) == "▁▅█·"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_is_self_contained(report: Report) -> None:
    page = to_html(report, SEOUL)
    parser = _Collector()
    parser.feed(page)
    assert page.startswith("<!doctype html>")
    assert parser.tags.count("svg") >= 3 + len(report.topics)  # charts and mastery meters
    # nothing is fetched: no URL at all, no src/href, no CSS import or url()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.I)
    assert not [name for name, _ in parser.attrs if name in ("src", "href", "srcset", "action")]
    assert "@import" not in page and "url(" not in page
    assert "<script" not in page and "<link" not in page
    assert "ml 질문" in page and 'charset="utf-8"' in page


def test_one_practice_day_is_singular_in_every_format() -> None:
    _, attempts = generate(sessions=1, days=1, seed=3)
    one_day = build_report(attempts, now=NOW, tz=SEOUL, installed=installed())
    assert one_day.overview.practice_days == 1
    html = to_html(one_day, SEOUL)
    assert "1 practice day<" in html
    markdown = to_markdown(one_day, SEOUL)
    assert "(longest 1 day)" in markdown
    for text in (html, markdown, _plain(one_day)):
        for wrong in ("1 practice days", "1 days", "1 follow-ups", "1 retries"):
            assert not re.search(rf"(?<![0-9]){wrong}", text), wrong


def test_html_escapes_what_the_history_holds() -> None:
    from interview_cli.store import Attempt

    hostile = Attempt(
        session_id="s",
        bank_id="b",
        question_id="q",
        question_text='<script>alert("x")</script> <img src=x onerror=y>',
        answer="A",
        topic="<b>t</b>",
        submitted_at="2024-05-30T10:00:00+00:00",
        score=2.0,
        score_details={"key_points": [{"key_point": "<i>kp</i>", "verdict": "missing"}]},
    )
    page = to_html(build_report([hostile], now=NOW, tz=SEOUL), SEOUL)
    assert "<script>" not in page and "<img" not in page and "<i>kp" not in page
    assert "&lt;script&gt;" in page


def test_empty_report_in_every_format(empty: Report) -> None:
    assert "interview practice" in _plain(empty)
    assert "interview practice" in to_markdown(empty)
    page = to_html(empty)
    assert "interview practice" in page and "<svg" not in page
    data = json.loads(to_json(empty))
    assert data["empty"] is True and data["overview"]["attempts"] == 0


def _keys(value: object, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            out.add(key)
            out |= _keys(inner, key)
    elif isinstance(value, list):
        for inner in value:
            out |= _keys(inner, prefix)
    return out


def test_json_is_stable_and_documented(report: Report) -> None:
    data = json.loads(to_json(report))
    assert data["format"] == "interview-cli.report" and data["version"] == 1
    assert list(data) == [
        "format",
        "version",
        "generated_at",
        "timezone",
        "filters",
        "history_attempts",
        "overview",
        "scorers",
        "trends",
        "topics",
        "banks",
        "missed_key_points",
        "score_drops",
        "timing",
        "timing_by_topic",
        "review",
        "notes",
        "empty",
    ]
    documented = set(re.findall(r"`([a-z_]+)`", DOCS.read_text(encoding="utf-8")))
    missing = sorted(_keys(data) - documented)
    assert not missing, f"fields not in docs/report-json.md: {missing}"
    assert data["overview"]["sessions"] == report.overview.sessions
    assert data["scorers"][0]["key"] == report.scorers[0].key
    assert data["generated_at"] == "2024-06-01T03:00:00+00:00"
    assert to_json(report) == to_json(report)


def test_every_format_rounds_a_score_the_same_way() -> None:
    """A stored 6.55 reads 6.6 in the terminal, Markdown and HTML reports; JSON keeps 6.55."""
    _, attempt = half_way_history()
    report = build_report([attempt], now=NOW, tz=SEOUL)
    shown = {
        "rich": _plain(report),
        "markdown": to_markdown(report, SEOUL),
        "html": to_html(report, SEOUL),
    }
    for name, text in shown.items():
        assert SHOWN in text, name
        assert not re.search(r"(?<![\d.])6\.55?(?![\d])", text), name
    data = json.loads(to_json(report))
    assert data["topics"][0]["average"] == STORED and data["topics"][0]["latest"] == STORED
