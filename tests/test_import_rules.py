"""House rules on imports: only tui/ imports textual, only llm/ imports llama_cpp."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import interview_cli

HEAVY = ("textual", "llama_cpp")


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
        "from interview_cli.session import load_history\n"
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


def _llm_modules() -> list[str]:
    import interview_cli.llm

    return sorted(
        info.name
        for info in pkgutil.walk_packages(interview_cli.llm.__path__, prefix="interview_cli.llm.")
    )


def _imported_names(module: str) -> set[str]:
    """Every module an ``import`` statement in ``module``'s source names, lazy imports included."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_there_are_llm_modules_to_check() -> None:
    assert {"interview_cli.llm.engine", "interview_cli.llm.server"} <= set(_llm_modules())


@pytest.mark.parametrize("module", _llm_modules())
def test_llm_module_never_imports_scoring(module: str) -> None:
    """llm/ loads models and talks to servers; scores are built in scoring/, which uses llm/."""
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    bad = sorted(m for m in loaded if m.startswith("interview_cli.scoring"))
    assert not bad, f"{module} pulls in {bad}"
    named = sorted(n for n in _imported_names(module) if n.startswith("interview_cli.scoring"))
    assert not named, f"{module} imports {named}"
