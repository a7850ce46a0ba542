"""One Position for skips, notes, duplicates and a question's source: rendered as before.

The old renderings are copied here as the reference: Skip.where / Note.where, Duplicate.where
(also the question's ``source`` field) and the "line 12" / "row 3" written inside messages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from interview_cli.banks.importers.assemble import ImportOptions, build_bank, parse_file
from interview_cli.banks.importers.model import Position


def old_skip_or_note_where(line: int, unit: str) -> str:
    if unit == "line":
        return str(line)
    return unit if line <= 0 else f"{unit} {line}"


def old_duplicate_where(line: int, unit: str) -> str:
    return str(line) if unit == "line" else f"{unit} {line}"


def old_in_a_sentence(line: int, unit: str) -> str:
    return f"{unit} {line}"


units = st.sampled_from(["line", "row", "note", "card"])


@given(st.integers(min_value=1, max_value=10**9), units)
def test_numbered_positions_render_as_every_old_rendering(number: int, unit: str) -> None:
    at = Position(number, unit)
    assert str(at) == old_skip_or_note_where(number, unit) == old_duplicate_where(number, unit)
    assert at.named() == old_in_a_sentence(number, unit)


@given(st.integers(max_value=10**9))
def test_lines_render_as_the_number_whatever_it_is(number: int) -> None:
    assert str(Position(number)) == old_skip_or_note_where(number, "line") == str(number)


def test_a_whole_part_of_a_file_is_named_without_a_number() -> None:
    # was Note(0, ..., "table cards"), which rendered as the unit alone
    assert str(Position(None, "table cards")) == old_skip_or_note_where(0, "table cards")


@given(st.integers(max_value=0), st.sampled_from(["row", "note"]))
def test_a_row_numbered_zero_or_less_renders_as_its_question_and_duplicates_did(
    number: int, unit: str
) -> None:
    # The one place the old renderings disagreed: a SQLite row whose id column is 0 or negative
    # was "row" in skips and notes but "row 0" in duplicates and in the bank's source field.
    # One position renders one way; the source field (written into banks) decides.
    assert str(Position(number, unit)) == old_duplicate_where(number, unit)


def test_sqlite_row_with_id_zero_is_named_the_same_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "cards.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cards (id INTEGER, front TEXT, back TEXT, level TEXT)")
    conn.executemany(
        "INSERT INTO cards VALUES (?, ?, ?, ?)",
        [
            (0, "What is id zero?", "zero", "bogus"),
            (1, "What is id zero?", "zero", None),
            (-1, "", "no question", None),
        ],
    )
    conn.commit()
    conn.close()
    options = ImportOptions(dry_run=True)
    parsed, fmt = parse_file(path, options)
    report, text = build_bank(path, parsed, fmt, options, tmp_path / "banks")
    assert [str(s.at) for s in report.skipped] == ["row -1"]
    assert [str(n.at) for n in report.notes] == ["row 0"]
    assert [(str(d.at), d.other_id) for d in report.duplicates] == [("row 1", "row 0")]
    assert "source: cards.db:row 0 [id 0]" in text
