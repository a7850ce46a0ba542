"""Key point log-probabilities without an answer (the scorer's baselines), kept between runs.

The model reader compares how likely each key point is with the answer and without it. The
"without" half depends only on the model, the question and the key point, so it is worked out
once and kept here: a question met again in a later session or batch is scored without asking
the model for it. One file per model, named by its sha256; the keys are hashes of the prompt
and the key point, the values numbers: no question, key point or answer text is written.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import threading
import time
from pathlib import Path

FORMAT = 1
MAX_ENTRIES = 50_000  # ~3 MB; the oldest go first
SAVE_EVERY_S = 2.0  # new values reach the disk this often at most, and at exit


def baseline_key(prompt: str, continuation: str) -> str:
    return hashlib.sha256(f"{prompt}\0{continuation}".encode()).hexdigest()[:32]


class BaselineStore:
    """A file of baselines for one model. Losing it costs only time; a bad one is ignored.

    ``made_by`` names what else the numbers depend on (the scorer's version, llama.cpp's): a
    file made by anything else is ignored and, on the next save, replaced.
    """

    def __init__(self, folder: Path, model_sha256: str, made_by: str = "") -> None:
        self.path = folder / f"{model_sha256[:32]}.json"
        self.made_by = made_by
        self._values: dict[str, float] | None = None
        self._unsaved: dict[str, float] = {}
        self._saved_at = 0.0
        self._lock = threading.Lock()
        self._registered = False

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        if data.get("made_by", "") != self.made_by:
            return {}
        values = data.get("values")
        if not isinstance(values, dict):
            return {}
        return {
            k: float(v)
            for k, v in values.items()
            if isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
        }

    def _loaded(self) -> dict[str, float]:
        """The values, read from the file on first use. Caller holds the lock."""
        if self._values is None:
            self._values = self._read()
        return self._values

    def get(self, key: str) -> float | None:
        with self._lock:
            return self._loaded().get(key)

    def put(self, values: dict[str, float]) -> None:
        with self._lock:
            self._loaded().update(values)
            self._unsaved.update(values)
            if not self._registered:
                # what the last seconds added; a cache folder deleted meanwhile stays deleted
                atexit.register(self.save, create=False)
                self._registered = True
            due = time.monotonic() - self._saved_at >= SAVE_EVERY_S
        if due:
            self.save()

    def save(self, create: bool = True) -> None:
        """Merge what is new into the file (another process may have added to it meanwhile).

        Two processes saving at the same moment can each miss what the other added: only
        time is lost, the next run works those baselines out again.
        """
        from interview_cli.paths import ensure_private_dir
        from interview_cli.store.storage import atomic_write_bytes, json_bytes

        with self._lock:
            if not self._unsaved or (not create and not self.path.parent.is_dir()):
                return
            merged = self._read()
            merged.update(self._unsaved)
            if len(merged) > MAX_ENTRIES:
                merged = dict(list(merged.items())[-MAX_ENTRIES:])
            data = {"format": FORMAT, "made_by": self.made_by, "values": merged}
            try:
                ensure_private_dir(self.path.parent)
                atomic_write_bytes(self.path, json_bytes(data))
            except OSError:
                return  # a read-only cache only costs time; keep the values for a later try
            self._unsaved.clear()
            self._saved_at = time.monotonic()
