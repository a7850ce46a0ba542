"""Files that are never half-written (temp file, fsync, rename), and reading them back.

No TinyDB here: reading the history at start-up needs only this (see HistoryStore.read_tables).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FILE_MODE = 0o600


class CorruptFileError(Exception):
    """The history file exists but is not the JSON we wrote."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that readers see the old or the new file, never half."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # the rename itself must reach the disk too
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def json_bytes(data: Any) -> bytes:
    """Compact UTF-8 JSON, as every file written through ``atomic_write_bytes`` here is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_json_file(path: Path) -> dict[str, Any] | None:
    """The parsed file, None when it does not exist or is empty; CorruptFileError otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorruptFileError(path, "not valid UTF-8", line) from None
    except json.JSONDecodeError as exc:
        raise CorruptFileError(path, f"not valid JSON ({exc.msg})", exc.lineno) from None
    if not isinstance(data, dict):
        raise CorruptFileError(path, "top level is not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, f"table {name!r} is not a JSON object")
    return data
