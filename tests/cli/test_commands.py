"""The `interview` command through Typer's CliRunner, on shipped banks and temp homes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.paths import shipped_banks_dir
from tests.conftest import GOOD_BANK

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = _run("--version")
    assert code == 0 and out.startswith("interview-cli ")


def test_banks_list_json_includes_shipped_banks() -> None:
    code, out, _ = _run("banks", "list", "--json")
    assert code == 0
    banks = json.loads(out)
    languages = {b["language"] for b in banks}
    assert {"en", "ko"} <= languages
    for bank in banks:
        assert bank["origin"] == "shipped"
        assert bank["questions"] >= 1
        assert set(bank) >= {"id", "title", "language", "questions", "topics", "description"}


def test_banks_list_table_and_language_filter() -> None:
    code, out, _ = _run("banks", "list", "--language", "ko")
    assert code == 0
    assert "-ko" in out and "-en " not in out


def test_user_bank_is_listed_and_broken_one_is_skipped(interview_home: Path) -> None:
    banks = interview_home / "banks"
    banks.mkdir(parents=True)
    (banks / "mine.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (banks / "broken.yaml").write_text("bank: x\n  title: [\n", encoding="utf-8")
    code, out, err = _run("banks", "list", "--json")
    assert code == 0
    ids = [b["id"] for b in json.loads(out)]
    assert "tiny-en" in ids
    assert f"{banks / 'broken.yaml'}:" in err
    assert "was skipped" in err


def test_banks_show(interview_home: Path) -> None:
    banks = interview_home / "banks"
    banks.mkdir(parents=True)
    (banks / "mine.yaml").write_text(GOOD_BANK, encoding="utf-8")
    code, out, _ = _run("banks", "show", "tiny-en", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["bank"] == "tiny-en"
    assert [q["id"] for q in data["questions"]] == ["tiny-one", "tiny-two"]
    code, out, _ = _run("banks", "show", "tiny-en", "--answers")
    assert code == 0
    assert "What is a thread?" in out and "program in execution" in out


def test_banks_show_and_export_take_any_case(interview_home: Path) -> None:
    code, out, _ = _run("banks", "show", "OS-EN", "--json")
    assert code == 0 and json.loads(out)["bank"] == "os-en"
    code, out, _ = _run("banks", "export", "Os-En", "--format", "json")
    assert code == 0 and json.loads(out)["bank"] == "os-en"


def test_banks_show_suggests_the_nearest_id() -> None:
    code, _, err = _run("banks", "show", "osen")
    assert code == 2
    assert err.startswith("error: no bank with id 'osen'; did you mean os-en? (available: ")
    code, _, err = _run("banks", "export", "net-eng")
    assert code == 2
    assert err.startswith("error: no bank with id 'net-eng'; did you mean net-en? (available: ")


def test_one_question_is_not_questions(interview_home: Path) -> None:
    banks = interview_home / "banks"
    banks.mkdir(parents=True)
    one = GOOD_BANK.split("  - id: tiny-two")[0]
    (banks / "one.yaml").write_text(one, encoding="utf-8")
    code, out, _ = _run("banks", "show", "tiny-en")
    assert code == 0 and "(tiny-en, en, 1 question)" in out


def test_banks_show_unknown_id_is_usage_error() -> None:
    code, _, err = _run("banks", "show", "no-such-bank")
    assert code == 2
    assert err.startswith("error: no bank with id 'no-such-bank'")
    assert len(err.strip().splitlines()) == 1


def test_validate_shipped_banks_by_default() -> None:
    code, out, _ = _run("banks", "validate")
    assert code == 0, out
    assert out.startswith("ok: ")


def test_validate_reports_file_line_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_BANK.replace("difficulty: 2", "difficulty: 7"), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_BANK.replace("tiny-en", "good-en"), encoding="utf-8")
    line = GOOD_BANK.splitlines().index("    difficulty: 2") + 1
    code, out, err = _run("banks", "validate", str(bad), str(good), str(tmp_path / "nope.yaml"))
    assert code == 1
    lines = out.strip().splitlines()
    assert f"{tmp_path / 'nope.yaml'}:1: no such file or folder" in lines
    assert any(x.startswith(f"{bad}:{line}: questions[1].difficulty: 7 is greater") for x in lines)
    assert "2 problem(s)" in err


def test_validate_folder_with_clashing_bank_ids(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD_BANK, encoding="utf-8")
    code, out, _ = _run("banks", "validate", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'b.yaml'}:1: bank id 'tiny-en' is also used by" in out


def test_schema_is_valid_and_accepts_every_shipped_bank() -> None:
    code, out, _ = _run("banks", "schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted(shipped_banks_dir().glob("*.yaml"))
    assert files
    for file in files:
        jsonschema.validate(yaml.safe_load(file.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            yaml.safe_load(GOOD_BANK.replace("difficulty: 2", "difficulty: 4")), schema
        )


def test_history_check_on_fresh_home(interview_home: Path) -> None:
    code, out, _ = _run("history", "check", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["attempts"] == 0
    assert Path(info["path"]) == (interview_home / "history.json").resolve()


def test_history_commands_refuse_a_corrupt_file(interview_home: Path) -> None:
    interview_home.mkdir(parents=True)
    history = interview_home / "history.json"
    history.write_text('{"sessions": {"1": ', encoding="utf-8")
    for command in (["history", "check"], ["history", "list"]):
        code, _, err = _run(*command)
        assert code == 1
        assert err.startswith(f"error: {history.resolve()}:1: not valid JSON")
        assert len(err.strip().splitlines()) == 1
    assert history.read_text(encoding="utf-8") == '{"sessions": {"1": '


def test_history_list_empty_and_with_sessions(interview_home: Path) -> None:
    code, out, _ = _run("history", "list")
    assert code == 0 and "No practice sessions yet" in out
    from interview_cli.paths import resolve_paths
    from interview_cli.store import Attempt, HistoryStore, Session

    paths = resolve_paths()
    store = HistoryStore(paths.history_file, backups_dir=paths.backups_dir)
    session = store.sessions.add(Session(bank_ids=("os-en",)))
    for score in (4.0, 8.0):
        store.attempts.add(
            Attempt(
                session_id=session.id,
                bank_id="os-en",
                question_id="q",
                question_text="Q?",
                answer="A",
                score=score,
            )
        )
    code, out, _ = _run("history", "list", "--json")
    rows = json.loads(out)
    assert rows[0]["attempts"] == 2 and rows[0]["average_score"] == 6.0


def test_config_show_reports_sources(interview_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    interview_home.mkdir(parents=True)
    (interview_home / "config.toml").write_text("question_count = 4\n", encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_LANGUAGE", "ko")
    code, out, _ = _run("config", "show", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["settings"]["question_count"] == 4
    assert data["sources"]["language"] == "INTERVIEW_LANGUAGE"
    assert data["settings"]["language"] == "ko"


def test_config_error_is_one_line(interview_home: Path) -> None:
    interview_home.mkdir(parents=True)
    (interview_home / "config.toml").write_text("question_count = [\n", encoding="utf-8")
    code, _, err = _run("config", "show")
    assert code == 1
    assert err.startswith("error: ") and "config.toml" in err
    assert len(err.strip().splitlines()) == 1


def test_only_the_app_commands_start_with_the_collector_off(
    interview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry point turns the garbage collector off for practice and review alone (see
    interview_cli.startup); it is on again once the command is over, however it ended."""
    import gc

    import interview_cli.cli.practice as practice_cmd
    from interview_cli import __main__ as entry
    from interview_cli import startup

    seen: list[bool] = []

    def fake_practice(*args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    def run(*argv: str) -> object:
        monkeypatch.setattr(sys, "argv", ["interview", *argv])
        with pytest.raises(SystemExit) as done:
            entry.main()
        return done.value.code

    try:
        with monkeypatch.context() as patch:
            patch.setattr(practice_cmd, "_practice", fake_practice)
            assert run("practice", "--bank", "os-en") in (0, None)
        assert seen == [False]  # off while practice starts up
        assert gc.isenabled()  # and on again once the command is over
        # practice keeps it off until its first frame; leaving without one turns it on too
        assert run("practice", "--bank", "os-en") == 2  # no terminal
        assert gc.isenabled()
        for argv in (["banks", "list"], ["--version"], ["report"], []):
            startup.begin(argv)
            assert gc.isenabled(), argv  # every other command runs with it on
        startup.begin(["review"])
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_python_dash_m_runs_the_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "interview_cli", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.startswith("interview-cli ")
