"""Bank loading: valid banks parse; every kind of broken bank is reported at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_cli.banks.loader import load_all_banks, load_bank_file, parse_bank_text
from tests.conftest import GOOD_BANK


def _problems(tmp_path: Path, content: str | bytes) -> list[tuple[int, str]]:
    path = tmp_path / "bank.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    bank, problems = load_bank_file(path)
    assert bank is None, "a broken bank must not load"
    assert problems
    for problem in problems:
        assert problem.path == str(path)
        assert str(problem).startswith(f"{path}:{problem.line}: ")
    return [(p.line, p.message) for p in problems]


def test_good_bank_loads(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD_BANK, encoding="utf-8")
    bank, problems = load_bank_file(path)
    assert problems == []
    assert bank is not None
    assert bank.id == "tiny-en"
    assert [q.id for q in bank.questions] == ["tiny-one", "tiny-two"]
    assert bank.questions[0].key_points == (
        "A process is a running program with its own address space.",
    )
    assert bank.questions[1].model_answer is None
    assert bank.questions[1].follow_ups == ("Why are threads cheaper to switch?",)
    assert bank.version == "1.0"
    assert bank.topics == ["os"]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_BANK.replace("\n", "\r\n").encode())
    bank, problems = load_bank_file(path)
    assert problems == [] and bank is not None


def test_tab_indentation_reports_its_line(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("    difficulty: 1\n", "\tdifficulty: 1\n")
    line = text.splitlines().index("\tdifficulty: 1") + 1
    problems = _problems(tmp_path, text)
    assert problems[0][0] == line
    assert "tab" in problems[0][1]


def test_duplicate_question_id(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("id: tiny-two", "id: tiny-one")
    lines = text.splitlines()
    second = [i + 1 for i, line in enumerate(lines) if "id: tiny-one" in line][1]
    first = next(i + 1 for i, line in enumerate(lines) if "id: tiny-one" in line)
    problems = _problems(tmp_path, text)
    assert (second, f"duplicate question id 'tiny-one' (first used on line {first})") in problems


def test_missing_field_points_at_the_question(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("    question: What is a thread?\n", "")
    start = text.splitlines().index("  - id: tiny-two") + 1
    problems = _problems(tmp_path, text)
    assert (start, "questions[1]: missing required field 'question'") in problems


def test_missing_top_level_field(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("title: Tiny bank\n", "")
    problems = _problems(tmp_path, text)
    assert (1, "missing required field 'title'") in problems


@pytest.mark.parametrize("value", ["5", "0", "hard", "2.5"])
def test_bad_difficulty(tmp_path: Path, value: str) -> None:
    text = GOOD_BANK.replace("difficulty: 2", f"difficulty: {value}")
    line = text.splitlines().index(f"    difficulty: {value}") + 1
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0][0] == line
    assert problems[0][1].startswith("questions[1].difficulty: ")


def test_invalid_utf8_reports_line(tmp_path: Path) -> None:
    data = GOOD_BANK.encode().replace(b"What is a thread?", b"What is a \xff thread?")
    line = GOOD_BANK.splitlines().index("    question: What is a thread?") + 1
    problems = _problems(tmp_path, data)
    assert problems == [(line, "invalid UTF-8 (byte 0xff); save it as UTF-8")]


def test_korean_legacy_encoding_is_reported_not_guessed(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("What is a thread?", "스레드란 무엇인가요?")
    problems = _problems(tmp_path, text.encode("cp949"))
    assert "invalid UTF-8" in problems[0][1]


def test_utf16_is_reported(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD_BANK.encode("utf-16"))
    assert problems == [(1, "file is UTF-16; save it as UTF-8")]


def test_unknown_field_and_duplicate_key(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("    difficulty: 1\n", "    dificulty: 1\n    topic: os\n")
    lines = text.splitlines()
    typo = lines.index("    dificulty: 1") + 1
    duplicate = lines.index("    dificulty: 1") + 2
    problems = _problems(tmp_path, text)
    assert (typo, "questions[0]: unknown field 'dificulty'") in problems
    assert (duplicate, "duplicate key 'topic'") in problems


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("difficulty: 1", "difficulty: 9").replace(
        "id: tiny-two", "id: Tiny Two"
    )
    problems = _problems(tmp_path, text)
    assert len(problems) == 2
    assert any("not a valid id" in m for _, m in problems)


def test_key_point_too_long(tmp_path: Path) -> None:
    long_point = "x" * 201
    text = GOOD_BANK.replace("A thread shares its process's memory.", long_point)
    line = text.splitlines().index(f"      - {long_point}") + 1
    problems = _problems(tmp_path, text)
    assert problems[0][0] == line
    assert "is too long" in problems[0][1]


def test_question_needs_key_points_or_answer(tmp_path: Path) -> None:
    text = GOOD_BANK.replace("    key_points:\n      - A thread shares its process's memory.\n", "")
    start = text.splitlines().index("  - id: tiny-two") + 1
    problems = _problems(tmp_path, text)
    assert (start, "questions[1]: needs key_points or a model_answer") in problems


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "file is empty"),
        ("   \n\n", "file is empty"),
        ("- just\n- a list\n", "a bank file must be a mapping with 'bank:'"),
        ("bank: [unclosed\n", "invalid YAML"),
    ],
)
def test_degenerate_files(tmp_path: Path, content: str, message: str) -> None:
    problems = _problems(tmp_path, content)
    assert problems[0][1].startswith(message)


def test_binary_file(tmp_path: Path) -> None:
    problems = _problems(tmp_path, b"\x00\x01\x02binary" * 10)
    assert problems == [(1, "binary file, not a YAML bank")]


def test_python_tags_are_not_executed(tmp_path: Path) -> None:
    text = "bank: !!python/object/apply:os.system ['echo pwned']\n"
    problems = _problems(tmp_path, text)
    assert "invalid YAML" in problems[0][1]


def test_broken_user_bank_does_not_stop_others(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    user = tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    (shipped / "tiny.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (user / "broken.yaml").write_text("bank: x\n\tbad: tab\n", encoding="utf-8")
    (user / "mine.yaml").write_text(GOOD_BANK.replace("tiny-en", "mine-en"), encoding="utf-8")
    (user / "clash.yaml").write_text(GOOD_BANK, encoding="utf-8")
    result = load_all_banks(user, shipped_dir=shipped)
    assert [b.id for b in result.banks] == ["tiny-en", "mine-en"]
    assert [b.origin for b in result.banks] == ["shipped", "user"]
    reported = {Path(p.path).name for p in result.problems}
    assert reported == {"broken.yaml", "clash.yaml"}


def test_parse_round_trip_through_to_dict() -> None:
    import yaml

    bank, problems = parse_bank_text(GOOD_BANK, "tiny.yaml")
    assert bank is not None and not problems
    again, problems = parse_bank_text(yaml.safe_dump(bank.to_dict(), allow_unicode=True), "x")
    assert again == bank
