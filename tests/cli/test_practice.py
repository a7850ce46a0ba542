"""`interview practice` as a person runs it: bad input through CliRunner, real runs in tmux."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.banks.cache import load_banks_for
from interview_cli.cli import app
from interview_cli.paths import resolve_paths
from interview_cli.store import HistoryStore
from interview_cli.store.drafts import DraftRepository

runner = CliRunner()
INTERVIEW = Path(sys.executable).parent / "interview"

TINY_BANK = """\
bank: tiny-en
title: Tiny
language: en
questions:
  - id: tiny-process
    topic: os
    difficulty: 1
    question: What is a process?
    key_points:
      - A process is a program in execution.
      - Each process has its own address space.
    model_answer: A process is a program in execution with its own address space.
    follow_ups:
      - How does a process differ from a thread?
  - id: tiny-thread
    topic: os
    difficulty: 2
    question: What is a thread?
    key_points:
      - A thread shares its process's memory.
    model_answer: A thread is a unit of execution that shares its process's memory.
"""


def _user_bank(home: Path, text: str = TINY_BANK, name: str = "tiny-en.yaml") -> Path:
    banks = home / "banks"
    banks.mkdir(parents=True, exist_ok=True)
    path = banks / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["practice", *args])
    return result.exit_code, result.stdout, result.stderr


# -- bad input ---------------------------------------------------------------------------------


def test_no_matching_question_is_one_line_naming_the_filters(interview_home: Path) -> None:
    _user_bank(interview_home)
    code, _, err = _run("--bank", "tiny-en", "--topic", "net", "--difficulty", "3")
    assert code == 2
    assert err == "error: no question matches bank tiny-en; topic net; difficulty 3\n"


def test_unknown_bank_is_a_usage_error(interview_home: Path) -> None:
    code, _, err = _run("--bank", "no-such-bank")
    assert code == 2
    assert err.startswith("error: no bank with id 'no-such-bank' (available: ")
    assert len(err.strip().splitlines()) == 1


def test_bad_time_limit_is_explained(interview_home: Path) -> None:
    code, _, err = _run("--time-limit", "soon")
    assert code == 2  # a usage error, like every other option given a value it does not take
    assert "--time-limit" in err and "'soon'" in err


def test_a_multiplier_for_the_time_limit_is_explained(interview_home: Path) -> None:
    code, _, err = _run("--time-limit", "5x")
    assert code == 2
    assert err == (
        "error: --time-limit: expected seconds (e.g. 90) or 'none' for no limit, got '5x' "
        "(a multiplier is not supported)\n"
    )


def test_a_word_for_the_count_names_the_option_and_its_range(interview_home: Path) -> None:
    code, _, err = _run("--count", "abc")
    assert code == 2
    assert err == "error: --count: expected a whole number from 1 to 500, got 'abc'\n"


def test_bank_ids_are_case_insensitive(interview_home: Path) -> None:
    _user_bank(interview_home)
    code, _, err = _run("--bank", "TINY-EN", "--bank", "Os-En", "--count", "1")
    # every check passed, so it stopped only because CliRunner is no terminal
    assert code == 2 and err == "error: interview practice needs an interactive terminal\n"


def test_unknown_bank_names_the_nearest_id(interview_home: Path) -> None:
    code, _, err = _run("--bank", "OS-ENG")
    assert code == 2
    assert err.startswith("error: no bank with id 'os-eng'; did you mean os-en? (available: ")
    assert len(err.strip().splitlines()) == 1


def test_difficulty_out_of_range_is_refused() -> None:
    code, _, err = _run("--difficulty", "5")
    assert code == 2 and "difficulty" in err.lower()


def test_broken_bank_is_skipped_with_a_warning(interview_home: Path) -> None:
    _user_bank(interview_home)
    broken = _user_bank(interview_home, "bank: broken\n  title: [\n", "broken.yaml")
    code, _, err = _run("--topic", "os", "--count", "1")
    # every check passed, so it stopped only because CliRunner is no terminal
    assert code == 2
    assert f"warning: {broken}:" in err
    assert "was skipped" in err
    assert err.strip().endswith("error: interview practice needs an interactive terminal")


def test_help_lists_every_flag() -> None:
    result = runner.invoke(app, ["practice", "--help"])
    assert result.exit_code == 0
    for flag in (
        "--bank",
        "--topic",
        "--difficulty",
        "--count",
        "--time-limit",
        "--language",
        "--model",
        "--server",
        "--seed",
    ):
        assert flag in result.stdout


def test_named_banks_load_only_their_own_files(interview_home: Path) -> None:
    _user_bank(interview_home)
    _user_bank(interview_home, "bank: broken\n  title: [\n", "broken.yaml")
    paths = resolve_paths()
    fast = load_banks_for(paths, ["tiny-en", "os-ko"])
    assert [b.id for b in fast.banks] == ["tiny-en", "os-ko"]
    assert fast.problems == []  # the broken file was never read
    everything = load_banks_for(paths, [])
    assert len(everything.banks) > 2 and everything.problems


def test_a_bank_named_unlike_its_file_still_loads(interview_home: Path) -> None:
    _user_bank(interview_home, name="my-own-file.yaml")
    result = load_banks_for(resolve_paths(), ["tiny-en"])
    assert "tiny-en" in [b.id for b in result.banks]


# -- the real thing in tmux --------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed: the end-to-end runs need it"
)


class Terminal:
    """A tmux session of a fixed size on a private server, read and typed into like a person."""

    def __init__(self, socket_name: str, name: str, command: str, size: tuple[int, int]) -> None:
        self.socket = socket_name
        self.name = name
        width, height = size
        self._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            found = re.search(pattern, " ".join(screen.split()))
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never appeared; the screen:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[str]:
    socket_name = f"interview-test-{os.getpid()}-{tmp_path.name}"
    yield socket_name
    subprocess.run(["tmux", "-L", socket_name, "kill-server"], capture_output=True)


def _command(home: Path, *args: str, pid_file: Path | None = None, **env: str) -> str:
    # the model is not the subject here: a model file that is not there means the rubric
    # scorer, which is instant and deterministic (the first test checks that it says so)
    variables = {
        "INTERVIEW_HOME": str(home),
        "INTERVIEW_MODEL": str(home / "no-such-model.gguf"),
        "TERM": "xterm-256color",
        **env,
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())
    run = f"{shlex.quote(str(INTERVIEW))} practice " + " ".join(shlex.quote(a) for a in args)
    if pid_file is not None:
        run = f"echo $$ > {shlex.quote(str(pid_file))}; exec {run}"
    # the shell stays after the app so its exit code can be read from the screen
    return f"env {exports} sh -c {shlex.quote(run)}; echo EXIT=$?; sleep 120"


@needs_tmux
def test_answer_a_question_in_a_real_terminal(tmp_path: Path, tmux: str) -> None:
    home = tmp_path / "home"
    _user_bank(home)
    missing_model = str(tmp_path / "no-such-model.gguf")
    command = _command(
        home, "--bank", "tiny-en", "--count", "1", "--time-limit", "60", "--seed", "1",
        "--model", missing_model,
    )  # fmt: skip
    term = Terminal(tmux, "answer", command, (100, 30))
    term.wait_for(r"Question 1 of 1")
    question = term.wait_for(r"What is a (process|thread)\?").group(0)
    term.wait_for(r"rubric only \(no model\)")  # the missing model file fell back, visibly
    answer = "A process is a program in execution, and each process has its own address space."
    term.type(answer)
    term.wait_for(r"15 words")
    term.press("C-s")
    score = float(term.wait_for(r"(\d+\.\d) / 10").group(1))
    term.wait_for(r"Scored by the rubric matcher only")
    term.press("n")
    term.wait_for(r"Session complete")
    term.press("q")
    term.wait_for(r"EXIT=0")
    assert "Session saved: 1 answered" in " ".join(term.screen().split())

    store = HistoryStore(home / "history.json")
    (attempt,) = store.attempts.list()
    assert attempt.answer == answer and attempt.question_text == question
    assert attempt.score == score
    assert attempt.scorer is not None and attempt.scorer.model is None
    assert "no_model" in attempt.score_details["flags"]
    (session,) = store.sessions.list()
    assert session.status == "finished"
    assert (home / "history.json").stat().st_mode & 0o777 == 0o600


@needs_tmux
def test_a_short_mock_interview_with_one_follow_up(tmp_path: Path, tmux: str) -> None:
    home = tmp_path / "home"
    _user_bank(home)
    command = _command(
        home, "--bank", "tiny-en", "--mode", "mock", "--count", "2", "--seed", "0",
        "--time-limit", "120", INTERVIEW_MAX_FOLLOW_UPS="1",
    )  # fmt: skip
    term = Terminal(tmux, "mock", command, (100, 30))
    term.wait_for(r"Question 1 of 2")
    assert "Hint" not in term.screen()
    term.wait_for(r"What is a process\?")  # seed 0 asks it first: it has a follow-up
    term.type("I am not sure.")
    term.press("C-s")
    term.wait_for(r"Follow-up to question 1 of 2")
    term.wait_for(r"Asked because your answer so far did not fully cover \d of \d key points")
    term.type("It runs code.")
    term.press("C-s")
    term.wait_for(r"Question 2 of 2")  # one follow-up at most: on to the next question
    term.type("No idea.")
    term.press("C-s")
    term.wait_for(r"Mock interview complete")
    term.wait_for(r"Assessment by topic")
    term.press("q")
    term.wait_for(r"EXIT=0")

    store = HistoryStore(home / "history.json")
    kinds = [(a.kind, a.question_id) for a in store.attempts.list()]
    assert [k for k, _ in kinds] == ["answer", "follow_up", "answer"]
    assert kinds[0][1] == "tiny-process"
    (session,) = store.sessions.list()
    assert session.mode == "mock" and session.status == "finished"


@needs_tmux
def test_kill_mid_answer_then_resume_offers_the_draft(tmp_path: Path, tmux: str) -> None:
    home = tmp_path / "home"
    _user_bank(home)
    pid_file = tmp_path / "pid"
    command = _command(
        home, "--bank", "tiny-en", "--count", "2", "--seed", "1",
        pid_file=pid_file, INTERVIEW_DRAFT_SAVE_INTERVAL_S="1",
    )  # fmt: skip
    first = Terminal(tmux, "first", command, (100, 30))
    first.wait_for(r"Question 1 of 2")
    first.type("Half of my answer, typed before the crash")
    drafts = DraftRepository(HistoryStore(home / "history.json"))
    deadline = time.monotonic() + 20
    while not any("before the crash" in d.text for d in drafts.list()):
        assert time.monotonic() < deadline, "the draft was never saved"
        time.sleep(0.2)
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    first.wait_for(r"EXIT=137")

    second = Terminal(tmux, "second", _command(home, "--bank", "tiny-en"), (100, 30))
    second.wait_for(r"An interrupted session was found")
    second.wait_for(r"0 of 2 answered")
    second.wait_for(r"Half of my answer, typed before the crash")
    second.press("r")
    second.wait_for(r"Question 1 of 2")
    second.wait_for(r"Half of my answer, typed before the crash")
    second.type(" and finished after it.")
    second.press("C-s")
    second.wait_for(r"/ 10")
    second.press("C-q")
    second.wait_for(r"EXIT=0")
    assert "Run `interview practice` to carry on" in " ".join(second.screen().split())

    store = HistoryStore(home / "history.json")
    (attempt,) = store.attempts.list()
    assert attempt.answer == "Half of my answer, typed before the crash and finished after it."
    (session,) = store.sessions.list()
    assert session.status == "active"  # one question is left: resumable again


@needs_tmux
def test_ctrl_c_saves_and_exits_cleanly(tmp_path: Path, tmux: str) -> None:
    home = tmp_path / "home"
    _user_bank(home)
    term = Terminal(tmux, "ctrlc", _command(home, "--bank", "tiny-en", "--seed", "2"), (80, 24))
    term.wait_for(r"Question 1 of 2")
    term.type("typed just before ctrl+c")
    term.press("C-c")
    term.wait_for(r"EXIT=0")
    assert "Saved: 0 of 2 questions done" in " ".join(term.screen().split())
    raw = json.loads((home / "history.json").read_text(encoding="utf-8"))
    drafts = list(raw["drafts"].values())
    assert drafts and drafts[0]["text"] == "typed just before ctrl+c"


def test_bank_cache_is_used_and_refreshed_when_the_file_changes(interview_home: Path) -> None:
    path = _user_bank(interview_home)
    paths = resolve_paths()
    first = load_banks_for(paths, ["tiny-en"])
    cached = list((paths.cache_dir / "banks").glob("*.json"))
    assert len(cached) == 1
    again = load_banks_for(paths, ["tiny-en"])
    assert again.banks == first.banks  # read back from the JSON copy, equal in every field
    assert again.banks[0].path == path and again.banks[0].origin == "user"
    # a copy made for another key (two keys with one file name) is not taken for this one
    copy = json.loads(cached[0].read_text(encoding="utf-8"))
    copy["bank"]["questions"][0]["question"] = "Not from this file?"
    cached[0].write_text(json.dumps({**copy, "key": "another file"}), encoding="utf-8")
    assert load_banks_for(paths, ["tiny-en"]).banks == first.banks
    path.write_text(TINY_BANK.replace("What is a process?", "What is a task?"), encoding="utf-8")
    changed = load_banks_for(paths, ["tiny-en"])
    assert changed.banks[0].questions[0].question == "What is a task?"
    cached[0].write_text("{not json", encoding="utf-8")  # a damaged copy is just ignored
    assert load_banks_for(paths, ["tiny-en"]).banks[0].questions[0].question == "What is a task?"


def test_full_load_with_cache_matches_the_loader(interview_home: Path) -> None:
    from interview_cli.banks.loader import load_all_banks

    _user_bank(interview_home)
    _user_bank(interview_home, TINY_BANK, "duplicate.yaml")  # same id twice: second skipped
    paths = resolve_paths()
    expected = load_all_banks(paths.user_banks_dir)
    for _ in range(2):  # cold, then from the cache
        got = load_banks_for(paths, [])
        assert [b.id for b in got.banks] == [b.id for b in expected.banks]
        assert [str(p) for p in got.problems] == [str(p) for p in expected.problems]


def test_banks_from_the_cache_are_read_without_the_yaml_parser(interview_home: Path) -> None:
    """Start-up reads unchanged banks from their validated JSON copy: no PyYAML, no jsonschema."""
    script = (
        "import sys\n"
        "from interview_cli.banks.cache import load_banks_for\n"
        "from interview_cli.paths import resolve_paths\n"
        "paths = resolve_paths()\n"
        "first = load_banks_for(paths, ['os-en'])\n"
        "assert first.banks and not first.problems, first.problems\n"
        "print('yaml' in sys.modules)\n"
    )
    env = {**os.environ, "INTERVIEW_HOME": str(interview_home)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]  # the first run parses and caches; the second does not parse


def test_leaving_with_answers_unscored_says_how_to_score_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_cli.cli.practice import _say_waiting
    from tests.support.pending_history import answered_then_quit
    from tests.support.practice_fakes import EN_ANSWER, en_bank, store_at

    _say_waiting(answered_then_quit(store_at(tmp_path), en_bank(), [EN_ANSWER]))
    assert capsys.readouterr().out == (
        "1 answer waiting for a score: `interview score --pending` scores it "
        "(the next `interview practice` too).\n"
    )
