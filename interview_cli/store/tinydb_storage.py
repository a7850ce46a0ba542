"""The TinyDB storage of the history file: validated reads, atomic writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from interview_cli.store.storage import atomic_write_bytes, json_bytes, read_json_file


class AtomicJSONStorage(Storage):
    """JSON storage for TinyDB: read validates, write goes through a temp file and a rename."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json_file(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, json_bytes(data))

    def close(self) -> None:
        return None
