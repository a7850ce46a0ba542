"""Banks read through a validated JSON copy, so an unchanged bank skips YAML and the schema.

Parsing YAML and checking it against the schema takes longer than drawing the whole first
screen of `interview practice`; this module is what it (and `plan`, `review`) load banks with.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from interview_cli.banks.files import BANK_SUFFIXES, LoadResult, Problem, bank_files
from interview_cli.banks.schema import Bank, bank_from_dict
from interview_cli.paths import ensure_private_dir, shipped_banks_dir

if TYPE_CHECKING:
    from interview_cli.paths import Paths

Origin = Literal["shipped", "user", "file"]
Loaded = tuple[Bank | None, list[Problem]]


@functools.lru_cache(maxsize=1)
def _loader_stamp() -> str:
    """Changes whenever the bank format code changes, so a stale cache is never read.

    Worked out once per process: every bank's cache key needs it."""
    from importlib.util import find_spec

    from interview_cli import __version__

    # found, not imported: importing the loader would bring in the YAML parser
    names = ("interview_cli.banks.loader", "interview_cli.banks.schema")
    origins = [getattr(find_spec(name), "origin", None) or "" for name in names]
    stamps = [str(Path(origin).stat().st_mtime_ns) for origin in origins]
    return "|".join([__version__, *stamps])


def _load_bank_file(path: Path, origin: Origin) -> Loaded:
    # the YAML parser and the validator are imported only when a file must be read
    from interview_cli.banks.loader import load_bank_file

    return load_bank_file(path, origin=origin)


def _cache_file(cache_dir: Path, key: str) -> Path:
    """Where the copy for this key is kept: named after a digest of the key."""
    return cache_dir / f"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.json"


def load_bank_cached(path: Path, origin: Origin, cache_dir: Path | None) -> Loaded:
    """Like load_bank_file, from a JSON copy of the validated bank when the file is unchanged.

    The copy is keyed on the file's path, size and mtime and on the loader's code.
    """
    if cache_dir is None:
        return _load_bank_file(path, origin)
    try:
        info = path.stat()
    except OSError:
        return _load_bank_file(path, origin)
    key = f"{path.resolve()}|{info.st_mtime_ns}|{info.st_size}|{_loader_stamp()}"
    cached = _cache_file(cache_dir, key)  # the copy holds its whole key: a clash is only a miss
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data["key"] == key:
            return bank_from_dict(data["bank"], path=path, origin=origin), []
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no copy yet, or an unreadable one: read the file itself
    bank, problems = _load_bank_file(path, origin)
    if bank is not None and not problems:
        try:
            ensure_private_dir(cache_dir)
            temp = cached.with_suffix(f".{os.getpid()}.tmp")
            copy = {"key": key, "bank": bank.to_dict()}
            temp.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
            temp.replace(cached)
        except OSError:
            pass  # a read-only cache only costs speed
    return bank, problems


def load_banks_for(paths: Paths, wanted: Sequence[str], use_cache: bool = True) -> LoadResult:
    """The named banks when each is found under its own file name; every bank otherwise.

    A session that names its banks reads just those files. Shipped banks come first and win
    a clash of ids, as in ``load_all_banks``.
    """
    cache_dir = paths.cache_dir / "banks" if use_cache else None
    folders: tuple[tuple[Path, Origin], ...] = (
        (shipped_banks_dir(), "shipped"),
        (paths.user_banks_dir, "user"),
    )
    result = LoadResult()
    if wanted:
        for bank_id in dict.fromkeys(wanted):
            for folder, origin in folders:
                found = [folder / f"{bank_id}{suffix}" for suffix in BANK_SUFFIXES]
                path = next((p for p in found if p.is_file()), None)
                if path is None:
                    continue
                bank, problems = load_bank_cached(path, origin, cache_dir)
                if bank is not None and bank.id == bank_id:
                    result.problems.extend(problems)
                    result.banks.append(bank)
                    break
            else:
                return load_banks_for(paths, [], use_cache)  # named differently, or broken
        return result
    seen: dict[str, Bank] = {}
    for folder, origin in folders:
        for path in bank_files(folder):
            bank, problems = load_bank_cached(path, origin, cache_dir)
            result.problems.extend(problems)
            if bank is None:
                continue
            if bank.id in seen:
                message = f"bank id {bank.id!r} is already used by {seen[bank.id].path}; skipped"
                result.problems.append(Problem(str(path), 1, message))
                continue
            seen[bank.id] = bank
            result.banks.append(bank)
    return result
