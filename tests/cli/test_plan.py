"""`interview plan` ends with the practice command that asks the plan's questions."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.cli.plan import practice_command
from tests.support.paths import REPO

runner = CliRunner()
POSTINGS = REPO / "tests" / "fixtures" / "postings"


def test_the_command_quotes_the_paths_given() -> None:
    line = practice_command(Path("my posting's.md"), None, [], None, None)
    assert line == "interview practice --posting 'my posting'\"'\"'s.md'"
    assert shlex.split(line) == ["interview", "practice", "--posting", "my posting's.md"]
    line = practice_command(Path("p.md"), Path("cv.md"), ["os-en", "os-en"], 3, "en")
    assert line == (
        "interview practice --posting p.md --resume cv.md --bank os-en --count 3 --language en"
    )


def test_plan_prints_the_real_practice_command(interview_home: Path, tmp_path: Path) -> None:
    posting = tmp_path / "job ads" / "back end (2024).md"
    posting.parent.mkdir()
    shutil.copy(POSTINGS / "backend-en.md", posting)
    resume = POSTINGS / "resume-backend-en.md"
    result = runner.invoke(
        app, ["plan", "--posting", str(posting), "--resume", str(resume), "-n", "1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert "1 question (en)" in result.stdout and "1 questions" not in result.stdout
    prefix = "Practise it: "
    assert lines[-1].startswith(prefix)  # one line however long, to copy
    words = shlex.split(lines[-1][len(prefix) :])
    assert words == [
        "interview",
        "practice",
        "--posting",
        str(posting),
        "--resume",
        str(resume),
        "--count",
        "1",
    ]
    # the command runs: the posting is planned, then the app needs a terminal (CliRunner is none)
    ran = runner.invoke(app, words[1:])
    assert ran.exit_code == 2
    assert ran.stderr.endswith("error: interview practice needs an interactive terminal\n")


def test_plan_without_a_resume_leaves_it_out(interview_home: Path) -> None:
    posting = POSTINGS / "frontend-en.md"
    result = runner.invoke(app, ["plan", "--posting", str(posting), "--bank", "ALGO-EN"])
    assert result.exit_code == 0, result.output
    last = result.stdout.rstrip("\n").splitlines()[-1]
    assert last == f"Practise it: interview practice --posting {posting} --bank algo-en"
