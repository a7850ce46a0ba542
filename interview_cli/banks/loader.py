"""Read bank files, report every problem as file:line, and gather shipped and user banks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml

from interview_cli.banks.files import (
    BANK_SUFFIXES,
    MAX_BANK_BYTES,
    LoadResult,
    Problem,
    bank_files,
)
from interview_cli.banks.schema import BANK_SCHEMA, Bank, bank_from_dict

__all__ = [
    "BANK_SUFFIXES",
    "MAX_BANK_BYTES",
    "LoadResult",
    "Problem",
    "bank_files",
    "load_all_banks",
    "load_bank_file",
    "load_banks",
    "parse_bank_text",
]


class _Loader(yaml.SafeLoader):
    """Safe YAML loading (no Python objects), keeping the node tree for line numbers."""


def _node_at(root: yaml.Node, path: Sequence[Any]) -> yaml.Node:
    """The deepest node along a JSON path (as jsonschema reports it)."""
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if 0 <= step < len(node.value) else None
        else:
            child = None
        if child is None:
            break
        node = child
    return node


def _key_node(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        return next((k for k, _ in mapping.value if k.value == key), None)
    return None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _where(path: Sequence[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _duplicate_keys(node: yaml.Node) -> Iterator[tuple[yaml.Node, str]]:
    """Keys that appear twice in one mapping; YAML would silently keep the last one."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield key, key.value
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    if "'\\t'" in problem:
        return "tab character in indentation; YAML needs spaces"
    context = f" ({exc.context})" if exc.context else ""
    return f"invalid YAML: {problem}{context}"


def _decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, "file is UTF-16; save it as UTF-8")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        return None, [Problem(name, line, f"invalid UTF-8 (byte 0x{byte:02x}); save it as UTF-8")]


def _schema_problems(root: yaml.Node, data: Any, name: str) -> list[Problem]:
    import jsonschema  # deferred: costs ~50 ms, only validation needs it

    validator = jsonschema.Draft202012Validator(BANK_SCHEMA)
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        node = _node_at(root, path)
        where = _where(path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            for extra in sorted(k for k in error.instance if k not in allowed):
                key = _key_node(node, extra)
                line = _line(key) if key is not None else _line(node)
                at = f"{where}: " if where else ""
                problems.append(Problem(name, line, f"{at}unknown field {extra!r}"))
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            at = f"{where}: " if where else ""
            problems.append(Problem(name, _line(node), f"{at}missing required field {missing!r}"))
            continue
        if error.validator == "anyOf" and path and "questions" in path:
            problems.append(
                Problem(name, _line(node), f"{where}: needs key_points or a model_answer")
            )
            continue
        if error.validator == "pattern" and path and path[-1] in ("id", "bank", "topic"):
            message = (
                f"{where}: {error.instance!r} is not a valid id "
                "(lowercase letters, digits and '-', at most 80 characters)"
            )
            problems.append(Problem(name, _line(node), message))
            continue
        message = error.message
        if error.validator == "pattern" and error.schema.get("pattern") == r"\S":
            message = "must not be blank"
        problems.append(Problem(name, _line(node), f"{where}: {message}" if where else message))
    return problems


def _semantic_problems(root: yaml.Node, data: dict[str, Any], name: str) -> list[Problem]:
    """Rules JSON Schema cannot say: ids unique within the bank."""
    problems: list[Problem] = []
    questions = data.get("questions")
    if not isinstance(questions, list):
        return problems
    first_seen: dict[str, int] = {}
    for index, item in enumerate(questions):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        qid = item["id"]
        line = _line(_node_at(root, ["questions", index, "id"]))
        if qid in first_seen:
            problems.append(
                Problem(
                    name,
                    line,
                    f"duplicate question id {qid!r} (first used on line {first_seen[qid]})",
                )
            )
        else:
            first_seen[qid] = line
    return problems


def parse_bank_text(
    text: str,
    name: str,
    path: Path | None = None,
    origin: Literal["shipped", "user", "file"] = "file",
) -> tuple[Bank | None, list[Problem]]:
    """Parse and validate one bank from YAML text; a Bank only when there is no problem."""
    if not text.strip():
        return None, [Problem(name, 1, "file is empty")]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, [Problem(name, 1, "file is empty")]
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        return None, [Problem(name, line, _yaml_error_message(exc))]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()

    problems = [
        Problem(name, _line(key), f"duplicate key {key_name!r}")
        for key, key_name in _duplicate_keys(root)
    ]
    if not isinstance(data, dict):
        problems.append(Problem(name, _line(root), "a bank file must be a mapping with 'bank:'"))
        return None, problems
    problems += _schema_problems(root, data, name)
    problems += _semantic_problems(root, data, name)
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.line, p.message))
    return bank_from_dict(data, path=path, origin=origin), []


def load_bank_file(
    path: Path, origin: Literal["shipped", "user", "file"] = "file"
) -> tuple[Bank | None, list[Problem]]:
    """Load one bank file; never raises for a bad file, returns its problems instead."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            limit = MAX_BANK_BYTES // (1024 * 1024)
            return None, [Problem(name, 1, f"file is larger than {limit} MB; not a bank")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, f"cannot read file: {exc.strerror or exc}")]
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, "binary file, not a YAML bank")]
    text, problems = _decode(data, name)
    if text is None:
        return None, problems
    return parse_bank_text(text, name, path=path, origin=origin)


def load_banks(
    sources: Iterable[tuple[Path, Literal["shipped", "user", "file"]]],
) -> LoadResult:
    """Load every bank file from the given folders; a bad file is reported and skipped."""
    result = LoadResult()
    seen: dict[str, Bank] = {}
    for folder, origin in sources:
        for path in bank_files(folder):
            bank, problems = load_bank_file(path, origin=origin)
            result.problems.extend(problems)
            if bank is None:
                continue
            if bank.id in seen:
                other = seen[bank.id]
                result.problems.append(
                    Problem(
                        str(path),
                        1,
                        f"bank id {bank.id!r} is already used by {other.path}; skipped",
                    )
                )
                continue
            seen[bank.id] = bank
            result.banks.append(bank)
    return result


def load_all_banks(user_banks_dir: Path, shipped_dir: Path | None = None) -> LoadResult:
    """Shipped banks first, then the user's own; the shipped id wins on a clash."""
    from interview_cli.paths import shipped_banks_dir

    shipped = shipped_dir if shipped_dir is not None else shipped_banks_dir()
    return load_banks([(shipped, "shipped"), (user_banks_dir, "user")])
