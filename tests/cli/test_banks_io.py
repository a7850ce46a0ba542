"""`interview banks import` as a user runs it: reports, dry runs, re-imports, bad input, safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from interview_cli.banks.loader import load_all_banks, load_bank_file
from interview_cli.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["banks", "import", *args])
    return result.exit_code, result.stdout, result.stderr


def _banks(home: Path) -> list[Path]:
    folder = home / "banks"
    return sorted(folder.iterdir()) if folder.exists() else []


CSV = (
    "question,answer,topic\n"
    "What is a process?,A program in execution with its own address space.,os\n"
    "What is a thread?,A unit of execution that shares its process's memory.,os\n"
    ",orphan answer,os\n"
)


def test_import_writes_a_valid_bank_and_reports(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "my-os.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = _run(str(source))
    assert code == 0, out
    assert "questions found: 2" in out
    assert "imported: 2 (2 with an answer, 0 without)" in out
    assert f"{source}:4: no question text" in out
    (written,) = _banks(interview_home)
    assert written.name == "my-os.yaml"
    bank, problems = load_bank_file(written)
    assert problems == [] and bank is not None
    assert bank.id == "my-os" and bank.language == "en"
    assert all(q.key_points_source == "derived" for q in bank.questions)
    assert bank.questions[0].source == "my-os.csv:2"
    listed = runner.invoke(app, ["banks", "list", "--json"])
    assert "my-os" in {b["id"] for b in json.loads(listed.stdout)}


def test_dry_run_writes_nothing(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = _run(str(source), "--dry-run")
    assert code == 0
    assert "Dry run: nothing written" in out
    assert _banks(interview_home) == []


def test_json_report(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = _run(str(source), "--json", "--bank-id", "os-mine", "--title", "Mine")
    assert code == 0
    report = json.loads(out)
    assert report["bank"] == "os-mine" and report["title"] == "Mine"
    assert (report["questions_found"], report["imported"], report["with_answer"]) == (2, 2, 2)
    assert report["skipped"] == [{"where": "4", "reason": "no question text", "text": ""}]


def test_reimport_keeps_ids_of_kept_and_edited_questions(
    tmp_path: Path, interview_home: Path
) -> None:
    source = tmp_path / "cards.csv"
    source.write_text(
        "question,answer\n"
        "What is a process?,A running program.\n"
        "What is a thread in an operating system?,A unit of execution.\n"
        "What is a semaphore?,A counter of permits.\n",
        encoding="utf-8",
    )
    assert _run(str(source))[0] == 0
    (path,) = _banks(interview_home)
    first, _ = load_bank_file(path)
    assert first is not None
    ids = {q.question: q.id for q in first.questions}
    # reorder, reword one question slightly, drop one, add one
    source.write_text(
        "question,answer\n"
        "What is a new question about deadlocks?,Circular waiting.\n"
        "What is a thread in an operating system ?,A unit of execution inside a process.\n"
        "What is a process?,A running program.\n",
        encoding="utf-8",
    )
    code, out, _ = _run(str(source))
    assert code == 0, out
    assert "Updated bank" in out and "ids: 2 kept, 1 new, 1 removed" in out
    second, _ = load_bank_file(path)
    assert second is not None
    now = {q.question: q.id for q in second.questions}
    assert now["What is a process?"] == ids["What is a process?"]
    assert (
        now["What is a thread in an operating system ?"]
        == ids["What is a thread in an operating system?"]
    )
    assert ids["What is a semaphore?"] not in now.values()
    assert len(set(now.values())) == 3


def test_reimport_matches_by_source_id_after_a_rewrite(
    tmp_path: Path, interview_home: Path
) -> None:
    source = tmp_path / "deck.csv"
    source.write_text(
        "id,question,answer\nn1,What is paging?,Fixed-size pages.\n", encoding="utf-8"
    )
    assert _run(str(source))[0] == 0
    (path,) = _banks(interview_home)
    before, _ = load_bank_file(path)
    source.write_text(
        "id,question,answer\nn1,How does the OS map virtual pages to frames?,Page tables.\n",
        encoding="utf-8",
    )
    assert _run(str(source))[0] == 0
    after, _ = load_bank_file(path)
    assert before is not None and after is not None
    assert after.questions[0].id == before.questions[0].id


def test_failed_import_writes_nothing(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('[{"question": "x"},\n{"question": }]', encoding="utf-8")
    code, _, err = _run(str(source))
    assert code == 1
    assert f"error: {source}:2: invalid JSON" in err and "nothing was written" in err
    assert _banks(interview_home) == []


def test_never_overwrites_an_unreadable_user_bank(tmp_path: Path, interview_home: Path) -> None:
    folder = interview_home / "banks"
    folder.mkdir(parents=True)
    mine = folder / "notes.yaml"
    original = b"bank: notes\ntitle: [unclosed\n"
    mine.write_bytes(original)
    source = tmp_path / "notes.csv"
    source.write_text(CSV, encoding="utf-8")
    code, _, err = _run(str(source))
    assert code == 1
    assert "is not a valid bank" in err and "left untouched" in err
    assert mine.read_bytes() == original


def test_does_not_take_over_a_file_holding_another_bank(
    tmp_path: Path, interview_home: Path, good_bank_text: str
) -> None:
    folder = interview_home / "banks"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(good_bank_text, encoding="utf-8")
    source = tmp_path / "mine.csv"
    source.write_text(CSV, encoding="utf-8")
    code, _, err = _run(str(source))
    assert code == 1 and "holds bank 'tiny-en'" in err
    assert (folder / "mine.yaml").read_text(encoding="utf-8") == good_bank_text


def test_shipped_bank_id_is_refused(tmp_path: Path) -> None:
    shipped = load_all_banks(tmp_path / "none").banks[0]
    source = tmp_path / "q.csv"
    source.write_text(CSV, encoding="utf-8")
    code, _, err = _run(str(source), "--bank-id", shipped.id)
    assert code == 1 and "ships with interview-cli" in err


def test_exact_duplicates_of_other_banks(tmp_path: Path, interview_home: Path) -> None:
    shipped = load_all_banks(tmp_path / "none").banks[0]
    asked = shipped.questions[0]
    source = tmp_path / "dup.csv"
    source.write_text(
        f'question,answer\n"{asked.question.upper()}",whatever\n'
        "What is a zebra crossing?,A road marking.\n",
        encoding="utf-8",
    )
    code, out, _ = _run(str(source))
    assert code == 0
    assert f"exact duplicate of {shipped.id}/{asked.id}: skipped" in out
    assert "imported: 1 " in out
    code, out, _ = _run(str(source), "--keep-duplicates")
    assert code == 0 and "imported: 2 " in out and ": kept" in out


def test_every_question_already_known_is_an_error(tmp_path: Path, interview_home: Path) -> None:
    shipped = load_all_banks(tmp_path / "none").banks[0]
    source = tmp_path / "dup.yaml"
    source.write_text(
        yaml.safe_dump([{"question": q.question} for q in shipped.questions], allow_unicode=True),
        encoding="utf-8",
    )
    code, _, err = _run(str(source))
    assert code == 1 and f"every question is already in {shipped.id}" in err
    assert _banks(interview_home) == []


# ------------------------------------------------------------------ bad input


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "huge.csv"
    with source.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no 2 GB is written
    code, _, err = _run(str(source))
    assert code == 1
    assert "file is 2.0 GB; the import limit is 64.0 MB" in err
    assert _banks(interview_home) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "file is empty"),
        ("blank.csv", b"  \n\n", "file is empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
        ("noise.md", b"abc\x00\x01\x02\x03" * 50, "binary file"),
        ("missing.csv", None, "no such file"),
    ],
)
def test_unreadable_inputs(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, _, err = _run(str(source))
    assert code == 1
    assert err.startswith(f"error: {source}") and message in err


def test_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path))
    assert code == 1 and "is a folder" in err


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "cp949", "euc-kr"])
def test_encodings_that_are_detected(tmp_path: Path, interview_home: Path, codec: str) -> None:
    source = tmp_path / "ko.md"
    text = (
        "## 운영체제\n\n### 프로세스와 스레드의 차이는?\n\n스레드는 프로세스의 메모리를 공유한다.\n"
    )
    source.write_bytes(text.encode(codec))
    code, out, err = _run(str(source), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["imported"] == 1 and report["language"] == "ko"
    (path,) = _banks(interview_home)
    bank, _ = load_bank_file(path)
    assert bank is not None and bank.questions[0].question == "프로세스와 스레드의 차이는?"
    assert bank.questions[0].topic == "os"


def test_utf16_without_bom(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_bytes(CSV.encode("utf-16-le"))
    code, out, _ = _run(str(source), "--dry-run")
    assert code == 0 and "imported: 2" in out


def test_mixed_encodings_name_the_bad_line(tmp_path: Path) -> None:
    source = tmp_path / "mixed.md"
    source.write_bytes(
        "### 프로세스란?\n\n실행 중인 프로그램\n\n".encode() + "### 스레드란?\n\n".encode("cp949")
    )
    code, _, err = _run(str(source))
    assert code == 1
    assert f"{source}:5: mixed encodings" in err


def test_undetectable_encoding_says_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoGuess:
        def best(self) -> None:
            return None

    # the detector gives up (as it does on short or noisy files): the message must say what to do
    monkeypatch.setattr("charset_normalizer.from_bytes", lambda data: NoGuess())
    source = tmp_path / "q.md"
    source.write_bytes(b"### What is a cache?\n\nA small \xe9\xe8 fast store.\n")
    code, _, err = _run(str(source))
    assert code == 1
    assert f"{source}:3: not UTF-8 (byte 0xe9)" in err
    assert "pass --encoding (cp949 or euc-kr" in err


def test_encoding_option(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_bytes("question,answer\n캐시란?,빠른 저장소\n".encode("cp949"))
    code, out, _ = _run(str(source), "--encoding", "cp949", "--dry-run")
    assert code == 0 and "imported: 1" in out
    code, _, err = _run(str(source), "--encoding", "no-such-codec")
    assert code == 1 and "unknown encoding" in err
    code, _, err = _run(str(source), "--encoding", "utf-8")
    assert code == 1 and f"{source}:2: not valid utf-8" in err


def test_bad_options(tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(CSV, encoding="utf-8")
    assert _run(str(source), "--format", "docx")[0] == 2
    code, _, err = _run(str(source), "--bank-id", "Not Valid")
    assert code == 1 and "not valid" in err
    code, _, err = _run(str(source), "--language", "english!")
    assert code == 1 and "BCP-47" in err


def test_written_bank_is_private(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(CSV, encoding="utf-8")
    assert _run(str(source))[0] == 0
    (path,) = _banks(interview_home)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_bank_from_elsewhere_needs_replace_and_is_backed_up(
    tmp_path: Path, interview_home: Path, good_bank_text: str
) -> None:
    folder = interview_home / "banks"
    folder.mkdir(parents=True)
    mine = folder / "tiny-en.yaml"
    mine.write_text(good_bank_text, encoding="utf-8")  # written by hand, not imported
    source = tmp_path / "tiny.csv"
    source.write_text(CSV, encoding="utf-8")
    code, _, err = _run(str(source), "--bank-id", "tiny-en")
    assert code == 1 and "was not imported from tiny.csv" in err and "--replace" in err
    assert mine.read_text(encoding="utf-8") == good_bank_text
    code, out, _ = _run(str(source), "--bank-id", "tiny-en", "--replace")
    assert code == 0 and "The previous version is kept in" in out
    (backup,) = (interview_home / "backups" / "banks").iterdir()
    assert backup.read_text(encoding="utf-8") == good_bank_text
    bank, _ = load_bank_file(mine)
    assert bank is not None and [q.question for q in bank.questions] == [
        "What is a process?",
        "What is a thread?",
    ]
    assert bank.questions[0].id == "tiny-one"  # same question text: the id carries over
