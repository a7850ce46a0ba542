"""Export in every format, and importing the export gives the same bank back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.banks.exporters import EXPORT_FORMATS, SUFFIXES, export_bank
from interview_cli.banks.importers.assemble import ImportOptions, build_bank, parse_file
from interview_cli.banks.loader import load_all_banks, parse_bank_text
from interview_cli.banks.schema import Bank
from interview_cli.cli import app

runner = CliRunner()
IMPORT_FORMAT = {
    "anki": "anki",
    "csv": "csv",
    "markdown": "markdown",
    "yaml": "yaml",
    "json": "json",
}
# formats with no place for bank-level metadata: id, title and language are given on import
BARE = {"anki", "csv"}


def roundtrip(bank: Bank, fmt: str, folder: Path) -> Bank:
    """Export, then import the file as a user would (under another id, duplicates kept)."""
    path = folder / f"{bank.id}{SUFFIXES[fmt]}"
    path.write_text(export_bank(bank, fmt), encoding="utf-8")
    options = ImportOptions(fmt=IMPORT_FORMAT[fmt], keep_duplicates=True, bank_id=f"{bank.id}-rt")
    if fmt in BARE:
        options.title, options.language = bank.title, bank.language
    parsed, used = parse_file(path, options)
    report, text = build_bank(path, parsed, used, options, folder / "user-banks")
    back, problems = parse_bank_text(text, str(path))
    assert problems == [] and back is not None
    assert report.bank == back
    return back


def assert_same(original: Bank, back: Bank, fmt: str) -> None:
    assert back.id == f"{original.id}-rt"
    assert back.questions == original.questions
    assert (back.title, back.language) == (original.title, original.language)
    if fmt not in BARE:
        assert (back.license, back.description, back.version) == (
            original.license,
            original.description,
            original.version,
        )


SHIPPED = load_all_banks(Path("/nonexistent")).banks


def _shipped() -> list[Bank]:
    return SHIPPED


@pytest.fixture
def no_shipped_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Round trips import with --keep-duplicates: no need to load the shipped banks each time."""
    empty = tmp_path / "no-shipped"
    empty.mkdir()
    monkeypatch.setattr("interview_cli.paths.shipped_banks_dir", lambda: empty)


@pytest.mark.usefixtures("no_shipped_banks")
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_shipped_bank_round_trips(tmp_path: Path, fmt: str) -> None:
    banks = _shipped()
    assert banks
    for bank in banks:
        assert_same(bank, roundtrip(bank, fmt, tmp_path), fmt)


TRICKY = """\
bank: tricky-en
title: "Tricky: *markdown* & <html> | pipes"
language: en
questions:
  - id: tricky-code
    topic: c
    tags: [pointers, "two words"]
    difficulty: 3
    time_limit_s: 300
    question: "Reverse a linked list:\\n  node_t **head"
    model_answer: |
      void reverse(node_t **head) {
        node_t *prev = NULL;
        while (*head) {
          node_t *next = (*head)->next;
        }
      }
    source: cards.db:row 45 [id 45]
  - id: tricky-markup
    topic: markdown
    question: "1. Is **this** a `list`? # no <b>tags</b> &amp; [links](x)"
    key_points:
      - "- starts with a dash, has | pipes | and \\\\ backslashes"
      - "=== and --- and *** are not rules"
    key_points_source: derived
    model_answer: |-
      > not a quote
      # not a heading
      &lt; stays &amp; literal
      two  spaces,	a tab, and trailing dots...

      second paragraph
    follow_ups:
      - "Why <not>?"
      - "Is [sound:beep.mp3] a media file here? It is text. [sound:]"
  - id: tricky-bare
    topic: general
    question: "Q: 가상 메모리란? 👶"
    source: deck.txt:12
"""


@pytest.mark.usefixtures("no_shipped_banks")
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_markup_code_and_special_fields_round_trip(tmp_path: Path, fmt: str) -> None:
    bank, problems = parse_bank_text(TRICKY, "tricky.yaml")
    assert problems == [] and bank is not None
    assert_same(bank, roundtrip(bank, fmt, tmp_path), fmt)


def test_markdown_export_reads_well(tmp_path: Path) -> None:
    bank = next(b for b in _shipped() if b.language == "ko")
    text = export_bank(bank, "markdown")
    assert text.startswith("---\nbank: ")
    assert f"# {bank.title}" in text
    assert f"### {bank.questions[0].question}" in text or "<!-- interview:" in text
    assert "**Key points**" in text and "**Model answer**" in text


def test_anki_export_headers(tmp_path: Path) -> None:
    bank = _shipped()[0]
    lines = export_bank(bank, "anki").splitlines()
    assert lines[:3] == ["#separator:tab", "#html:true", "#guid column:1"]
    assert lines[5] == "#columns:ID\tQuestion\tAnswer\tKey points\tFollow-ups\tMeta\tTags"
    first = lines[6].split("\t")
    assert first[0] == bank.questions[0].id
    assert f"topic::{bank.questions[0].topic}" in first[-1].split()


# ------------------------------------------------------------------ the command


def test_export_to_stdout_and_file(tmp_path: Path) -> None:
    bank = _shipped()[0]
    result = runner.invoke(app, ["banks", "export", bank.id, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["bank"] == bank.id
    out = tmp_path / "deck.txt"
    result = runner.invoke(app, ["banks", "export", bank.id, "-f", "anki", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("#separator:tab")
    assert f"Wrote {len(bank.questions)} questions" in result.stderr
    again = runner.invoke(app, ["banks", "export", bank.id, "-f", "csv", "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8").startswith("#separator:tab")
    forced = runner.invoke(
        app, ["banks", "export", bank.id, "-f", "csv", "-o", str(out), "--force"]
    )
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("id,topic")


def test_export_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["banks", "export", "no-such-bank"]).exit_code == 2
    bank = _shipped()[0]
    result = runner.invoke(app, ["banks", "export", bank.id, "--format", "pdf"])
    assert result.exit_code == 2 and "--format must be one of" in result.stderr


def test_exported_file_imports_through_the_cli(tmp_path: Path, interview_home: Path) -> None:
    bank = _shipped()[0]
    out = tmp_path / "copy.md"
    assert (
        runner.invoke(app, ["banks", "export", bank.id, "-f", "markdown", "-o", str(out)]).exit_code
        == 0
    )
    result = runner.invoke(
        app, ["banks", "import", str(out), "--bank-id", "copy", "--keep-duplicates", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["imported"] == len(bank.questions)
    assert report["ids_new"] == len(bank.questions)
    shown = runner.invoke(app, ["banks", "show", "copy", "--json"])
    assert [q["id"] for q in json.loads(shown.stdout)["questions"]] == [
        q.id for q in bank.questions
    ]
