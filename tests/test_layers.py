"""The layers of the house, read from the source: every import, including those inside functions.

core (banks, scoring, scheduling, store, session, planning, reports, config, paths, ...) never
imports a front end (cli/, tui/) or a service; services never import a front end; planning never
imports the session package; llm/ loads models and talks to servers and never imports scoring/;
there is no import circle between the command modules (shared helpers live in cli/_common.py
or below).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import interview_cli

PACKAGE = Path(interview_cli.__file__).parent
FRONT_ENDS = ("interview_cli.cli", "interview_cli.tui")
SERVICES = ("interview_cli.services",)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in the file, at any depth, relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            for alias in node.names:  # `from interview_cli import session` imports a module
                yield node.lineno, f"{base}.{alias.name}"


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


MODULES = _modules()


def _breaches(importers: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for name, path in MODULES.items():
        if not _within(name, importers):
            continue
        for line, target in _imports(name, path):
            if _within(target, forbidden) and not _within(name, forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    return sorted(set(found))


def _core() -> tuple[str, ...]:
    outside = (*FRONT_ENDS, *SERVICES, "interview_cli.__main__", "interview_cli.llm")
    return tuple(n for n in MODULES if n != "interview_cli" and not _within(n, outside))


def test_the_scan_sees_the_packages(tmp_path: Path) -> None:
    core = _core()
    for expected in ("interview_cli.store.db", "interview_cli.scoring.pipeline"):
        assert expected in core
    assert any(n.startswith("interview_cli.session") for n in core)
    assert any(n.startswith("interview_cli.planning") for n in core)
    assert not any(_within(n, FRONT_ENDS) for n in core)
    # the scan resolves relative imports and sees imports made inside functions
    source = tmp_path / "mod.py"
    source.write_text(
        "from . import sibling\n"
        "from ..tui.app import create_app\n"
        "def later():\n"
        "    import interview_cli.cli.plan\n",
        encoding="utf-8",
    )
    found = {t for _, t in _imports("interview_cli.scoring.mod", source)}
    assert {
        "interview_cli.scoring.sibling",
        "interview_cli.tui.app",
        "interview_cli.cli.plan",
    } <= found


@pytest.mark.parametrize(
    ("importers", "forbidden", "rule"),
    [
        (_core(), FRONT_ENDS + SERVICES, "core never imports cli/, tui/ or services/"),
        (SERVICES, FRONT_ENDS, "services never import cli/ or tui/"),
        (("interview_cli.planning",), ("interview_cli.session",), "planning never imports session"),
        (("interview_cli.llm",), ("interview_cli.scoring",), "llm/ never imports scoring/"),
        (("interview_cli.tui",), ("interview_cli.cli",), "tui/ never imports cli/"),
    ],
    ids=["core", "services", "planning", "llm", "tui"],
)
def test_layer_rule(importers: tuple[str, ...], forbidden: tuple[str, ...], rule: str) -> None:
    breaches = _breaches(importers, forbidden)
    assert not breaches, rule + ":\n" + "\n".join(breaches)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in the graph, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle_between_command_modules() -> None:
    cli = {n for n in MODULES if _within(n, ("interview_cli.cli",))}
    graph = {
        name: {t for _, t in _imports(name, MODULES[name]) if t in cli and t != name}
        for name in cli
        if name != "interview_cli.cli"  # the root registers the commands by name, lazily
    }
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


# banks_io adds `banks import` / `banks export` to the group banks.py defines
EXTENDS = {"interview_cli.cli.banks_io": "interview_cli.cli.banks"}
SHARED = ("interview_cli.cli._common", "interview_cli.cli._run")


def test_command_modules_use_no_other_commands_helpers() -> None:
    """A command module is a parser and a printer: what two commands share lives in
    cli/_common.py, cli/_run.py or a core module, never in another command."""
    commands = [
        n for n in MODULES if _within(n, ("interview_cli.cli",)) and n != "interview_cli.cli"
    ]
    borrowed = sorted(
        f"{name}:{line} imports {target}"
        for name in commands
        for line, target in _imports(name, MODULES[name])
        if target in commands
        and target != name
        and target not in SHARED
        and EXTENDS.get(name) != target
    )
    assert not borrowed, "\n".join(borrowed)
