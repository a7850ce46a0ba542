"""House rules on imports: only tui/ imports textual, only llm/ imports llama_cpp, and planning/
never reaches up into the session."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import interview_cli

HEAVY = ("textual", "llama_cpp")
FRONT_ENDS = ("interview_cli.cli", "interview_cli.tui")


def _headless_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(interview_cli.__path__, prefix="interview_cli."):
        if info.name.startswith(("interview_cli.tui", "interview_cli.llm")):
            continue
        names.append(info.name)
    return sorted(names)


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_there_are_headless_modules_to_check() -> None:
    names = _headless_modules()
    assert "interview_cli.store.db" in names
    assert "interview_cli.banks.loader" in names
    assert "interview_cli.cli.banks" in names


@pytest.mark.parametrize("module", _headless_modules())
def test_headless_module_imports_no_heavy_package(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    bad = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert not bad, f"{module} pulls in {bad}"
    if not module.startswith(("interview_cli.cli", "interview_cli.__main__")):
        # the core and the services load no front end, not even indirectly
        front = sorted(
            m for m in loaded if m.startswith(("interview_cli.cli", "interview_cli.tui"))
        )
        assert not front, f"{module} pulls in {front}"


def _planning_modules() -> list[str]:
    import interview_cli.planning

    prefix = "interview_cli.planning."
    return sorted(
        info.name for info in pkgutil.walk_packages(interview_cli.planning.__path__, prefix=prefix)
    )


def test_there_are_planning_modules_to_check() -> None:
    assert "interview_cli.planning.planner" in _planning_modules()


@pytest.mark.parametrize("module", ["interview_cli.planning", *_planning_modules()])
def test_planning_never_imports_the_session(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    bad = sorted(
        m for m in loaded if m == "interview_cli.session" or m.startswith("interview_cli.session.")
    )
    assert not bad, f"{module} pulls in {bad}"


def test_help_imports_no_heavy_package() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['interview', '--help']\n"
        "from interview_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _loaded_after(code)
    assert "typer" in loaded
    bad = sorted(m for m in loaded if m.split(".")[0] in (*HEAVY, "tinydb", "yaml", "jsonschema"))
    assert not bad, f"`interview --help` imports {bad}"


def test_reading_the_history_at_start_up_needs_no_lock_or_tinydb(tmp_path: Path) -> None:
    """`interview practice` reads the history before its first screen: without these imports."""
    from interview_cli.store import HistoryStore, Session

    path = tmp_path / "history.json"
    HistoryStore(path).sessions.add(Session(bank_ids=("os-en",)))
    code = (
        "from pathlib import Path\n"
        "from interview_cli.session.resume import load_history\n"
        "from interview_cli.store import HistoryStore\n"
        f"attempts, interrupted = load_history(HistoryStore(Path({str(path)!r})))\n"
        "assert attempts == [] and interrupted is None\n"
    )
    loaded = _loaded_after(code)
    bad = sorted(m for m in loaded if m.split(".")[0] in ("filelock", "tinydb"))
    assert not bad, f"load_history imports {bad}"


def test_practice_registers_only_its_own_command() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['interview', 'practice', '--help']\n"
        "from interview_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _loaded_after(code)
    assert "interview_cli.cli.practice" in loaded
    others = ("score", "models", "history", "banks_io", "report", "plan", "config_cmd")
    assert not [m for m in others if f"interview_cli.cli.{m}" in loaded]


@pytest.mark.parametrize(
    "module",
    [
        "interview_cli.banks.cache",
        "interview_cli.store.history_export",
        "interview_cli.store.history_import",
        "interview_cli.planning.tailored",
        "interview_cli.planning.resume_questions",
    ],
)
def test_logic_moved_out_of_the_command_line_imports_no_front_end(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    bad = sorted(m for m in loaded if m.split(".")[0] in ("typer", "rich", "click", *HEAVY))
    assert not bad, f"{module} pulls in {bad}"
    assert not [m for m in loaded if m.startswith(("interview_cli.cli", "interview_cli.tui"))]


def _llm_modules() -> list[str]:
    import interview_cli.llm

    return sorted(
        info.name
        for info in pkgutil.walk_packages(interview_cli.llm.__path__, prefix="interview_cli.llm.")
    )


def test_there_are_llm_modules_to_check() -> None:
    assert {"interview_cli.llm.engine", "interview_cli.llm.server"} <= set(_llm_modules())


@pytest.mark.parametrize("module", _llm_modules())
def test_llm_module_never_imports_scoring(module: str) -> None:
    """llm/ loads models and talks to servers; scores are built in scoring/, which uses llm/."""
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    bad = sorted(m for m in loaded if m.startswith("interview_cli.scoring"))
    assert not bad, f"{module} pulls in {bad}"
