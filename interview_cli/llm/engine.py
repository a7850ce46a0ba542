"""A llama.cpp model for scoring: log-probabilities of continuations with a reused prompt prefix."""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_LOAD_LOCK = threading.Lock()


class ModelLoadError(Exception):
    """The model file could not be loaded; the message names the file."""


def cpu_has_amx() -> bool:
    """Intel AMX, whose llama.cpp kernels crash in some virtual machines (seen on our CI)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return "amx_int8" in line.split()
    except OSError:
        return False
    return False


@contextlib.contextmanager
def _model_params_without_extra_buffers() -> Iterator[None]:
    """Load with ``use_extra_bufts = False``: keeps llama.cpp off its AMX weight buffers.

    llama-cpp-python builds its model parameters inside ``Llama.__init__`` without a way to
    set this field, so the default-params function is wrapped for the duration of the load.
    """
    import llama_cpp.llama as high

    bindings = getattr(high, "llama_cpp")  # noqa: B009 - the module object Llama calls through
    original = getattr(bindings, "llama_model_default_params")  # noqa: B009

    def patched() -> Any:
        params = original()
        params.use_extra_bufts = False
        return params

    setattr(bindings, "llama_model_default_params", patched)  # noqa: B010
    try:
        yield
    finally:
        setattr(bindings, "llama_model_default_params", original)  # noqa: B010


@dataclass(frozen=True)
class Timing:
    prompt_tokens: int
    prompt_seconds: float


def default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Engine:
    """One loaded model with one sequence of KV cache, reused across calls that share a prefix."""

    def __init__(
        self, path: Path, n_ctx: int = 2048, n_threads: int | None = None, n_batch: int = 512
    ) -> None:
        from llama_cpp import Llama

        self.path = path
        threads = n_threads or default_threads()
        guard = _model_params_without_extra_buffers() if cpu_has_amx() else contextlib.nullcontext()
        with _LOAD_LOCK, guard:
            try:
                self.llm = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_batch=n_batch,
                    logits_all=False,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelLoadError(
                    f"{path}: llama.cpp could not load the model ({exc})"
                ) from None
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        self.n_vocab = int(self.llm.n_vocab())
        self._cached: list[int] = []  # tokens whose KV entries sit at positions 0..len-1
        self._last_logits: np.ndarray | None = None  # logits after the last cached token
        self._lock = threading.Lock()
        self.tokens_evaluated = 0
        # (tokens, start position, logits wanted at these positions): set to a list to record
        # every decode, so a benchmark can replay exactly the same work through llama.cpp alone
        self.trace: list[tuple[list[int], int, list[int]]] | None = None

    # -- tokens -------------------------------------------------------------------------------

    def tokenize(self, text: str, bos: bool = False) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=bos, special=False))

    def bos(self) -> list[int]:
        token = int(self.llm.token_bos())
        return [token] if token >= 0 else []

    def detokenize(self, tokens: Sequence[int]) -> str:
        return bytes(self.llm.detokenize(list(tokens))).decode("utf-8", errors="replace")

    # -- evaluation ---------------------------------------------------------------------------

    def _decode(
        self, tokens: Sequence[int], start: int, want: Callable[[int], bool]
    ) -> dict[int, np.ndarray]:
        """Evaluate tokens at positions start.., returning logits rows for positions ``want``."""
        import llama_cpp

        ctx = self.llm._ctx.ctx
        rows: dict[int, np.ndarray] = {}
        if self.trace is not None:
            wanted = [start + i for i in range(len(tokens)) if want(start + i)]
            self.trace.append((list(tokens), start, wanted))
        batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        try:
            for offset in range(0, len(tokens), self.n_batch):
                chunk = tokens[offset : offset + self.n_batch]
                batch.n_tokens = len(chunk)
                flagged = []
                for i, token in enumerate(chunk):
                    pos = start + offset + i
                    batch.token[i] = token
                    batch.pos[i] = pos
                    batch.n_seq_id[i] = 1
                    batch.seq_id[i][0] = 0
                    keep = want(pos)
                    batch.logits[i] = keep
                    if keep:
                        flagged.append((i, pos))
                code = llama_cpp.llama_decode(ctx, batch)
                if code != 0:
                    raise RuntimeError(f"llama_decode returned {code}")
                self.tokens_evaluated += len(chunk)
                for i, pos in flagged:
                    pointer = llama_cpp.llama_get_logits_ith(ctx, i)
                    view = np.ctypeslib.as_array(
                        ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float)), shape=(self.n_vocab,)
                    )
                    rows[pos] = view.copy()
        finally:
            llama_cpp.llama_batch_free(batch)
        return rows

    def _forget_from(self, position: int) -> None:
        import llama_cpp

        memory = llama_cpp.llama_get_memory(self.llm._ctx.ctx)
        llama_cpp.llama_memory_seq_rm(memory, 0, position, -1)
        del self._cached[position:]

    def reset(self) -> None:
        """Forget the cached context."""
        with self._lock:
            self._forget_from(0)
            self._last_logits = None

    def set_prefix(self, prefix: Sequence[int]) -> None:
        """Make ``prefix`` the cached context, evaluating only what differs from the cache."""
        if not prefix:
            raise ValueError("empty prompt")
        if len(prefix) >= self.n_ctx:
            raise ValueError(f"prompt of {len(prefix)} tokens does not fit in {self.n_ctx}")
        common = 0
        for a, b in zip(self._cached, prefix, strict=False):
            if a != b:
                break
            common += 1
        if common == len(prefix) and common == len(self._cached) and self._last_logits is not None:
            return
        if common == len(prefix):
            common -= 1  # re-evaluate the last token to get its logits
        self._forget_from(max(common, 0))
        start = len(self._cached)
        last = len(prefix) - 1
        rows = self._decode(prefix[start:], start, lambda pos: pos == last)
        self._cached = list(prefix)
        self._last_logits = rows[last]

    def continuation_logprobs(
        self, prefix: Sequence[int], continuations: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        """Per token log-probabilities of each continuation right after ``prefix``."""
        with self._lock:
            self.set_prefix(prefix)
            assert self._last_logits is not None
            base = len(prefix)
            out: list[list[float]] = []
            for cont in continuations:
                if not cont:
                    out.append([])
                    continue
                room = self.n_ctx - base - 1
                cont = list(cont)[:room]
                rows = self._decode(cont[:-1], base, lambda pos: True) if len(cont) > 1 else {}
                logprobs = []
                for i, token in enumerate(cont):
                    row = self._last_logits if i == 0 else rows[base + i - 1]
                    logprobs.append(_log_softmax_at(row, token))
                out.append(logprobs)
                self._forget_from(base)
            return out

    def generate(
        self,
        prompt: str,
        max_tokens: int = 160,
        grammar: str | None = None,
        on_text: Callable[[str], None] | None = None,
        stop: Sequence[str] = (),
    ) -> str:
        """Greedy text generation (feedback, follow-up questions), streamed through ``on_text``."""
        from llama_cpp.llama_grammar import LlamaGrammar

        with self._lock:
            self._cached = []  # generation reuses the context in its own way
            self._last_logits = None
            self.llm.reset()  # type: ignore[no-untyped-call]
            compiled = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
            pieces: list[str] = []
            stream = self.llm.create_completion(
                prompt,
                max_tokens=max_tokens,
                temperature=0.0,
                grammar=compiled,
                stream=True,
                stop=list(stop) or None,
            )
            for chunk in stream:
                text = chunk["choices"][0]["text"]  # type: ignore[index]
                if text:
                    pieces.append(text)
                    if on_text is not None:
                        on_text(text)
            self.llm.reset()  # type: ignore[no-untyped-call]
            self._forget_from(0)
            return "".join(pieces)

    def chat(self, system: str, user: str, grammar: str | None, max_tokens: int) -> str:
        """One greedy chat turn through the model's own chat template."""
        from llama_cpp.llama_grammar import LlamaGrammar

        with self._lock:
            self._cached = []
            self._last_logits = None
            self.llm.reset()  # type: ignore[no-untyped-call]
            compiled = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
            reply = self.llm.create_chat_completion(
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                temperature=0.0,
                max_tokens=max_tokens,
                grammar=compiled,
            )
            self.llm.reset()  # type: ignore[no-untyped-call]
            self._forget_from(0)
            content = reply["choices"][0]["message"].get("content")  # type: ignore[index]
            return content if isinstance(content, str) else ""


def _log_softmax_at(row: np.ndarray, token: int) -> float:
    peak = float(row.max())
    return float(row[token]) - peak - float(np.log(np.exp(row - peak).sum()))
