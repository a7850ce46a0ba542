"""Property tests: no input crashes the importer; any valid bank survives every export format."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_cli.banks.exporters import EXPORT_FORMATS, SUFFIXES, bank_yaml, export_bank
from interview_cli.banks.importers.assemble import ImportOptions, build_bank, parse_file
from interview_cli.banks.importers.claims import derive_key_points, split_sentences
from interview_cli.banks.importers.formats import FORMATS
from interview_cli.banks.importers.model import ImportFailure
from interview_cli.banks.loader import parse_bank_text
from interview_cli.banks.schema import MAX_KEY_POINT_CHARS, Bank

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def no_shipped_banks(monkeypatch: pytest.MonkeyPatch) -> None:
    empty = Path(tempfile.mkdtemp(prefix="no-shipped-"))
    monkeypatch.setattr("interview_cli.paths.shipped_banks_dir", lambda: empty)


def _import_bytes(data: bytes, suffix: str, fmt: str) -> None:
    """Parse and build; the only exception allowed is ImportFailure (a clear message)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        options = ImportOptions(fmt=fmt, dry_run=True)
        try:
            parsed, used = parse_file(path, options)
            build_bank(path, parsed, used, options, Path(folder) / "banks")
        except ImportFailure as exc:
            assert str(exc).startswith(str(path))


SUFFIX_OF = {
    "markdown": ".md",
    "anki": ".txt",
    "csv": ".csv",
    "tsv": ".tsv",
    "json": ".json",
    "jsonl": ".jsonl",
    "yaml": ".yaml",
    "sqlite": ".db",
    "gift": ".gift",
}


@SETTINGS
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["auto", *FORMATS]))
def test_random_bytes_never_crash(data: bytes, fmt: str) -> None:
    _import_bytes(data, SUFFIX_OF.get(fmt, ".txt"), fmt)


_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "#### ",
        "- ",
        "  - ",
        "\t- ",
        "1. ",
        "> ",
        "**",
        "*",
        "`",
        "```",
        "<details>",
        "<summary>",
        "</summary>",
        "</details>",
        "<br>",
        "---\n",
        "$$",
        "|",
        "{",
        "}",
        "=",
        "~",
        "::",
        "#separator:tab\n",
        "#html:true\n",
        "question,answer\n",
        ",",
        ";",
        '"',
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "?",
        "What is X?",
        "설명해주세요",
        "프로세스란?",
        "bank: x\n",
        "questions:\n",
        "[",
        "]",
        ": ",
        "&amp;",
        "\ufeff",
        "Answer here",
        "Q: ",
    ]
)


@SETTINGS
@given(
    parts=st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40),
    fmt=st.sampled_from(
        ["auto", "markdown", "anki", "csv", "tsv", "json", "jsonl", "yaml", "gift"]
    ),
)
def test_random_text_shaped_like_the_formats_never_crashes(parts: list[str], fmt: str) -> None:
    _import_bytes("".join(parts).encode("utf-8", "surrogatepass"), SUFFIX_OF.get(fmt, ".txt"), fmt)


# ------------------------------------------------------------------ random well-formed banks

_CHARS = st.characters(
    categories=["L", "N", "P", "S", "Zs"],
    exclude_characters="\u2028\u2029\x85",
)
_WORDS = st.text(_CHARS, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
_LINE = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join).map(str.strip).filter(bool)
_TEXT = (
    st.lists(st.one_of(_LINE, st.just(""), _LINE.map(lambda s: "  " + s)), min_size=1, max_size=6)
    .map("\n".join)
    .map(str.strip)
    .filter(bool)
)
_ID = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
_TAG = st.text(st.characters(categories=["Ll", "Lo", "Nd"]), min_size=1, max_size=12)


@st.composite
def _question(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": qid, "topic": draw(_ID)}
    tags = draw(st.lists(_TAG, max_size=3, unique=True))
    if tags:
        data["tags"] = tags
    data["difficulty"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        data["time_limit_s"] = draw(st.integers(10, 3600))
    data["question"] = draw(_TEXT.map(lambda t: t[:300].strip()).filter(bool))
    points = draw(
        st.lists(
            _LINE.map(lambda t: " ".join(t.split())[:MAX_KEY_POINT_CHARS].strip()).filter(bool),
            max_size=4,
        )
    )
    answer = draw(st.one_of(st.none(), _TEXT))
    if not points and not answer:
        points = ["A key point."]
    if points:
        data["key_points"] = points
        if draw(st.booleans()):
            data["key_points_source"] = draw(st.sampled_from(["derived", "generated"]))
    if answer:
        data["model_answer"] = answer
    follow = draw(st.lists(_LINE.map(lambda t: " ".join(t.split())), max_size=2))
    if follow:
        data["follow_ups"] = follow
    if draw(st.booleans()):
        data["source"] = draw(_LINE)
    return data


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    ids = draw(st.lists(_ID, min_size=1, max_size=4, unique=True))
    data: dict[str, Any] = {
        "bank": draw(_ID),
        "title": draw(_LINE.map(lambda t: " ".join(t.split())[:100]).filter(bool)),
        "language": draw(st.sampled_from(["en", "ko", "ja", "pt-BR"])),
    }
    if draw(st.booleans()):
        data["license"] = draw(st.sampled_from(["CC-BY-4.0", "MIT"]))
    if draw(st.booleans()):
        data["description"] = draw(_LINE.map(lambda t: " ".join(t.split())[:200]).filter(bool))
    data["questions"] = [draw(_question(qid)) for qid in ids]
    bank, problems = parse_bank_text(bank_yaml(data), "random.yaml")
    assert problems == [], problems
    assert bank is not None
    return bank


def _reimport(bank: Bank, fmt: str, folder: Path) -> Bank:
    path = folder / f"b{SUFFIXES[fmt]}"
    path.write_text(export_bank(bank, fmt), encoding="utf-8")
    options = ImportOptions(
        fmt=fmt, keep_duplicates=True, bank_id=bank.id, title=bank.title, language=bank.language
    )
    parsed, used = parse_file(path, options)
    _, text = build_bank(path, parsed, used, options, folder / "banks")
    back, problems = parse_bank_text(text, str(path))
    assert problems == [] and back is not None
    return back


@SETTINGS
@given(bank=banks())
def test_random_banks_round_trip_through_every_format(bank: Bank) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # importing normalises text once (spacing, blank lines); after that it is a fixed point
        reference = _reimport(bank, "yaml", Path(folder))
        assert _reimport(reference, "yaml", Path(folder)).questions == reference.questions
        for fmt in EXPORT_FORMATS:
            back = _reimport(reference, fmt, Path(folder))
            assert back.questions == reference.questions, fmt
            assert (back.id, back.title, back.language) == (bank.id, bank.title, bank.language)


@SETTINGS
@given(text=st.text(max_size=3000))
def test_derived_key_points_fit_the_schema(text: str) -> None:
    points = derive_key_points(text)
    assert len(points) <= 8
    assert all(0 < len(p) <= MAX_KEY_POINT_CHARS and p == p.strip() for p in points)
    split_sentences(text)
