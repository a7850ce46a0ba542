"""`interview report` through Typer's CliRunner: formats, files, filters and bad input."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.cli.report import SinceError, parse_since
from interview_cli.paths import resolve_paths
from interview_cli.store import HistoryStore
from tests.support.report_history import generate, write_store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled(interview_home: Path) -> int:
    """A generated history ending yesterday; returns its number of attempts."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=91)
    sessions, attempts = generate(sessions=120, days=90, seed=2, start=start)
    paths = resolve_paths()
    write_store(HistoryStore(paths.history_file, backups_dir=paths.backups_dir), sessions, attempts)
    return len(attempts)


def test_empty_history_is_a_friendly_report(interview_home: Path) -> None:
    code, out, err = _run("report")
    assert code == 0 and not err
    assert "No practice yet" in out and "interview practice" in out
    code, out, _ = _run("report", "--format", "json")
    assert code == 0 and json.loads(out)["empty"] is True
    code, out, _ = _run("report", "--format", "markdown")
    assert code == 0 and "interview practice" in out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2999-01-01", "--since 2999-01-01 is in the future"),
        ("tomorrow-ish", "--since 'tomorrow-ish': not a date"),
        ("2024-13-40", "not a date"),
        ("", "not a date"),
    ],
)
def test_bad_since_is_one_line_usage_error(interview_home: Path, value: str, message: str) -> None:
    code, out, err = _run("report", "--since", value)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and not out


def test_parse_since_forms() -> None:
    today = date(2024, 5, 20)
    assert parse_since("2024-05-01", today) == date(2024, 5, 1)
    assert parse_since("30d", today) == date(2024, 4, 20)
    assert parse_since("2w", today) == date(2024, 5, 6)
    assert parse_since("1m", today) == date(2024, 4, 20)
    assert parse_since("today", today) == today
    assert parse_since("yesterday", today) == date(2024, 5, 19)
    assert parse_since("2024-05-10T23:30:00", today) == date(2024, 5, 10)
    with pytest.raises(SinceError, match="future"):
        parse_since("2024-05-21", today)


def test_json_report_from_the_store(filled: int) -> None:
    code, out, _ = _run("report", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["overview"]["attempts"] == filled
    assert data["overview"]["sessions"] == 120
    assert len(data["scorers"]) == 3
    banks = {b["name"]: b["installed"] for b in data["banks"]}
    # the generated banks are not installed (the shipped ones have other ids)
    assert banks["old-net"] is False


def test_filters_from_the_command_line(filled: int) -> None:
    code, out, _ = _run("report", "-f", "json", "--bank", "old-net", "--since", "30d")
    assert code == 0
    data = json.loads(out)
    assert data["filters"]["banks"] == ["old-net"]
    assert {b["name"] for b in data["banks"]} <= {"old-net"}
    first = data["overview"]["first_at"]
    assert first is None or datetime.fromisoformat(first).date() >= date.today() - timedelta(
        days=31
    )
    code, out, _ = _run("report", "--bank", "no-such-bank")
    assert code == 0 and "No attempts match" in out and "old-net" in out


def test_out_file_format_follows_the_suffix(filled: int, tmp_path: Path) -> None:
    for name, marker in (
        ("r.html", "<!doctype html>"),
        ("r.md", "# Progress report"),
        ("r.json", '"format": "interview-cli.report"'),
        ("r.txt", "Progress report"),
    ):
        target = tmp_path / name
        code, out, _ = _run("report", "--out", str(target))
        assert code == 0 and f"Report written to {target}" in out
        text = target.read_text(encoding="utf-8")
        assert marker in text
        assert "\x1b[" not in text  # files never get colour codes


def test_terminal_report(filled: int) -> None:
    code, out, _ = _run("report", "--width", "120")
    assert code == 0
    assert "Average score per week" in out and "Scorers" in out and "Due today" in out


def test_unwritable_out_and_bad_format(filled: int, tmp_path: Path) -> None:
    code, _, err = _run("report", "--out", str(tmp_path / "missing" / "r.html"))
    assert code == 1 and err.startswith("error: cannot write")
    code, _, err = _run("report", "--format", "pdf")
    assert code == 2 and "choose one of rich, markdown, html, json" in err


def test_corrupt_history_is_a_one_line_error(interview_home: Path) -> None:
    interview_home.mkdir(parents=True)
    history = interview_home / "history.json"
    history.write_text('{"attempts": {"1": ', encoding="utf-8")
    for command in (["report"], ["review", "--list"], ["history", "export"]):
        code, out, err = _run(*command)
        assert code == 1, command
        assert err.startswith(f"error: {history.resolve()}:1: not valid JSON")
        assert len(err.strip().splitlines()) == 1 and not out
    assert history.read_text(encoding="utf-8") == '{"attempts": {"1": '


def test_markdown_weekly_sparklines_keep_their_gaps(filled: int) -> None:
    code, out, _ = _run("report", "--format", "markdown")
    assert code == 0
    weeks = sum(1 for line in out.splitlines() if re.match(r"\| \d{4}-\d\d-\d\d \|", line))
    lines = [line for line in out.splitlines() if "`" in line and "/wk" in line]
    assert lines
    for line in lines:
        spark = line.rsplit("`", 2)[1]
        assert len(spark) == weeks
