"""The options every command parses the same way: one-line errors that name the option and say
what it takes, and --bank ids whatever their case."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.cli._common import EXIT_USAGE, TimeLimit, WholeNumber

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# every whole-number option of every command, with the range it takes
WHOLE_NUMBERS = [
    (["practice", "--count"], "a whole number from 1 to 500"),
    (["practice", "-n"], "a whole number from 1 to 500"),
    (["practice", "--difficulty"], "a whole number from 1 to 3"),
    (["practice", "--seed"], "a whole number"),
    (["plan", "--count"], "a whole number from 1 to 200"),
    (["review", "--count"], "a whole number, 1 or more"),
    (["history", "list", "--limit"], "a whole number, 1 or more"),
    (["report", "--width"], "a whole number from 60 to 400"),
    (["score", "--threads"], "a whole number, 1 or more"),
    (["calibrate", "--labelled", "x.jsonl", "--limit"], "a whole number, 2 or more"),
    (["calibrate", "--labelled", "x.jsonl", "--threads"], "a whole number, 1 or more"),
    (["models", "bench", "--threads"], "a whole number, 1 or more"),
    (["models", "bench", "--runs"], "a whole number, 1 or more"),
]


@pytest.mark.parametrize(("words", "expected"), WHOLE_NUMBERS)
def test_a_word_for_a_number_is_one_line_naming_the_option(
    interview_home: Path, words: list[str], expected: str
) -> None:
    code, _, err = _run(*words, "abc")
    option = next(w for w in reversed(words) if w.startswith("-"))
    name = {"-n": "--count"}.get(option, option)
    assert code == EXIT_USAGE
    assert err == f"error: {name}: expected {expected}, got 'abc'\n"
    assert "not a valid int" not in err


@pytest.mark.parametrize(
    ("words", "value", "expected"),
    [
        (["practice", "--count"], "0", "--count: expected a whole number from 1 to 500, got '0'"),
        (
            ["practice", "--count"],
            "501",
            "--count: expected a whole number from 1 to 500, got '501'",
        ),
        (
            ["practice", "--difficulty"],
            "4",
            "--difficulty: expected a whole number from 1 to 3, got '4'",
        ),
        (
            ["history", "list", "--limit"],
            "0",
            "--limit: expected a whole number, 1 or more, got '0'",
        ),
        (["report", "--width"], "59", "--width: expected a whole number from 60 to 400, got '59'"),
        (["review", "--count"], "2.5", "--count: expected a whole number, 1 or more, got '2.5'"),
    ],
)
def test_a_number_out_of_range_says_the_range(
    interview_home: Path, words: list[str], value: str, expected: str
) -> None:
    code, _, err = _run(*words, value)
    assert code == EXIT_USAGE
    assert err == f"error: {expected}\n"


def test_a_fraction_where_a_number_is_wanted(interview_home: Path) -> None:
    code, _, err = _run("calibrate", "--labelled", "x.jsonl", "--gold-max", "ten")
    assert code == EXIT_USAGE
    assert err == "error: --gold-max: expected a number (e.g. 10 or 4.5), got 'ten'\n"


def test_numbers_in_range_still_parse() -> None:
    assert WholeNumber("--count", 1, 500)("7") == 7
    assert WholeNumber("--count", 1, 500)(" 500 ") == 500
    assert WholeNumber("--seed")("-3") == -3
    assert WholeNumber("--limit", 1)(20) == 20  # a default arrives as a number


def test_help_shows_the_ranges_as_before() -> None:
    code, out, _ = _run("practice", "--help")
    assert code == 0
    assert "<int range> [1<=x<=500]" in out and "<int range> [1<=x<=3]" in out
    assert "SECONDS|none" in out
    code, out, _ = _run("history", "list", "--help")
    assert "<int range> [x>=1]" in out and "[default: 20]" in out


@pytest.mark.parametrize(
    ("value", "seconds"), [("90", 90), ("0", 0), ("none", 0), ("None", 0), ("off", 0)]
)
def test_time_limit_takes_seconds_or_none(value: str, seconds: int) -> None:
    assert TimeLimit("--time-limit")(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "5x",
            "--time-limit: expected seconds (e.g. 90) or 'none' for no limit, got '5x' "
            "(a multiplier is not supported)",
        ),
        (
            "1.5x",
            "--time-limit: expected seconds (e.g. 90) or 'none' for no limit, got '1.5x' "
            "(a multiplier is not supported)",
        ),
        (
            "1.5",
            "--time-limit: expected a whole number of seconds (e.g. 90) or 'none' for no "
            "limit, got '1.5'",
        ),
        (
            "-30",
            "--time-limit: expected a whole number of seconds (e.g. 90) or 'none' for no "
            "limit, got '-30'",
        ),
        ("soon", "--time-limit: expected seconds (e.g. 90) or 'none' for no limit, got 'soon'"),
    ],
)
def test_a_bad_time_limit_says_what_it_takes(
    interview_home: Path, value: str, message: str
) -> None:
    code, _, err = _run("practice", "--time-limit", value)
    assert code == EXIT_USAGE
    assert err == f"error: {message}\n"
    assert "time_limit_s" not in err and "a int" not in err
