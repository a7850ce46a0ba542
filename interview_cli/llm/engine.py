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
def _swapped(owner: Any, name: str, value: Any) -> Iterator[None]:
    """``owner.name`` is ``value`` for the duration of the block, then what it was."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)


def _patched_defaults(function: str, **fields: Any) -> contextlib.AbstractContextManager[None]:
    """Build llama.cpp's default parameters with ``fields`` changed, for the duration of a load.

    llama-cpp-python fills its model and context parameters inside ``Llama.__init__`` without a
    way to set these fields, so the default-params function it calls is wrapped meanwhile.
    """
    import llama_cpp.llama as high

    bindings = getattr(high, "llama_cpp")  # noqa: B009 - the module object Llama calls through
    original = getattr(bindings, function)

    def patched() -> Any:
        params = original()
        for name, value in fields.items():
            setattr(params, name, value)
        return params

    return _swapped(bindings, function, patched)


def amx_guard() -> contextlib.AbstractContextManager[None]:
    """Load models without llama.cpp's AMX weight buffers on CPUs that have AMX (see above)."""
    if cpu_has_amx():
        return _patched_defaults("llama_model_default_params", use_extra_bufts=False)
    return contextlib.nullcontext()


def _quiet_llama_log() -> contextlib.AbstractContextManager[None]:
    """Keep llama.cpp's warnings off the terminal while a model loads.

    llama-cpp-python maps ggml's log levels by an older numbering, so warnings (such as the
    notice that a multi-sequence cache keeps the full sliding window) pass its ``verbose=False``
    filter and land on stderr, in the middle of a command's output or the app's screen.
    """
    import logging

    import llama_cpp.llama as high

    def quiet(verbose: bool) -> None:
        logging.getLogger("llama-cpp-python").setLevel(
            logging.DEBUG if verbose else logging.CRITICAL
        )

    return _swapped(high, "set_verbose", quiet)


# Sequences in the KV cache: the prompt's own (0) and one per continuation scored in the same
# llama_decode call. The continuations of one prompt (a question's key points) share its cached
# tokens and go through the model together, so the weights are read once per answer instead of
# once per key point: about 20% less time per answer on a 2-core laptop.
N_SEQUENCES = 8
# Logits rows per llama_decode call: each costs about 2 MB in llama.cpp's buffers (Gemma 3 has a
# 262k vocabulary), so more rows at once would push peak memory past what a laptop should spend.
MAX_OUTPUTS = 48
KEEP_ROW = -1  # a Step target asking for the whole log-softmax row


@dataclass(frozen=True)
class Step:
    """One llama_decode call and the cache bookkeeping before it (see ``Engine.run_step``)."""

    forget_from: int  # sequence 0 keeps positions below this
    sequences: int  # sequences 1..n start as a copy of sequence 0's first ``shared`` positions
    shared: int
    tokens: list[int]
    positions: list[int]
    seq_ids: list[list[int]]
    # per token: None (no logits), the next token (its log-probability is wanted), or KEEP_ROW
    targets: list[int | None]


def default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Engine:
    """One loaded model with one sequence of KV cache, reused across calls that share a prefix."""

    def __init__(
        self, path: Path, n_ctx: int = 2048, n_threads: int | None = None, n_batch: int = 512
    ) -> None:
        from llama_cpp import Llama
        from llama_cpp import __version__ as llama_cpp_version

        self.path = path
        self.backend = f"llama-cpp-python {llama_cpp_version}"  # its numbers may differ by version
        threads = n_threads or default_threads()
        # one unified cache for all sequences (they share the prompt), n_ctx cells in all
        sequences = _patched_defaults(
            "llama_context_default_params", n_seq_max=N_SEQUENCES, kv_unified=True
        )
        with _LOAD_LOCK, amx_guard(), sequences, _quiet_llama_log():
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
        self._last_logits: np.ndarray | None = None  # log-softmax after the last cached token
        self._lock = threading.Lock()
        self.tokens_evaluated = 0
        self.n_sequences = N_SEQUENCES
        self.max_outputs = MAX_OUTPUTS

    # -- tokens -------------------------------------------------------------------------------

    def tokenize(self, text: str, bos: bool = False) -> list[int]:
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=bos, special=False))

    def bos(self) -> list[int]:
        token = int(self.llm.token_bos())
        return [token] if token >= 0 else []

    def detokenize(self, tokens: Sequence[int]) -> str:
        return bytes(self.llm.detokenize(list(tokens))).decode("utf-8", errors="replace")

    # -- evaluation ---------------------------------------------------------------------------

    def run_step(
        self, step: Step, read: bool = True
    ) -> tuple[dict[int, float], dict[int, np.ndarray]]:
        """Do one step: cache bookkeeping, then llama_decode.

        Returns, by batch index, the log-probability of each output's target token, and the
        whole log-softmax row where the target is ``KEEP_ROW``. Rows are read in place: no copy
        of a 262k-entry logits row is kept unless asked for. ``read=False`` leaves the logits
        unread (the benchmark's measure of llama.cpp alone).
        """
        import llama_cpp

        ctx = self.llm._ctx.ctx
        memory = llama_cpp.llama_get_memory(ctx)
        llama_cpp.llama_memory_seq_rm(memory, 0, step.forget_from, -1)
        for seq in range(1, step.sequences + 1):
            llama_cpp.llama_memory_seq_rm(memory, seq, -1, -1)
            if step.shared:
                llama_cpp.llama_memory_seq_cp(memory, 0, seq, 0, step.shared)
        count = len(step.tokens)
        batch = llama_cpp.llama_batch_init(count, 0, step.sequences + 1)
        logprobs: dict[int, float] = {}
        rows: dict[int, np.ndarray] = {}
        try:
            batch.n_tokens = count
            for i, token in enumerate(step.tokens):
                batch.token[i] = token
                batch.pos[i] = step.positions[i]
                ids = step.seq_ids[i]
                batch.n_seq_id[i] = len(ids)
                for j, seq in enumerate(ids):
                    batch.seq_id[i][j] = seq
                batch.logits[i] = step.targets[i] is not None
            code = llama_cpp.llama_decode(ctx, batch)
            if code != 0:
                raise RuntimeError(f"llama_decode returned {code}")
            self.tokens_evaluated += count
            for i, target in enumerate(step.targets):
                if target is None or not read:
                    continue
                pointer = llama_cpp.llama_get_logits_ith(ctx, i)
                view = np.ctypeslib.as_array(
                    ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float)), shape=(self.n_vocab,)
                )
                if target == KEEP_ROW:
                    rows[i] = _log_softmax(view)
                else:
                    logprobs[i] = _log_softmax_at(view, target)
        finally:
            llama_cpp.llama_batch_free(batch)
            for seq in range(1, step.sequences + 1):  # continuations never stay in the cache
                llama_cpp.llama_memory_seq_rm(memory, seq, -1, -1)
        return logprobs, rows

    def _decode(
        self, tokens: Sequence[int], start: int, targets: dict[int, int]
    ) -> tuple[dict[int, float], dict[int, np.ndarray]]:
        """Evaluate tokens at positions start.. of sequence 0, in batches of n_batch.

        ``targets`` maps a position to the token whose log-probability comes next (or KEEP_ROW);
        the results are keyed by position. A batch holds at most ``max_outputs`` targets.
        """
        logprobs: dict[int, float] = {}
        rows: dict[int, np.ndarray] = {}
        size = self.n_batch if len(targets) <= 1 else min(self.n_batch, self.max_outputs)
        for offset in range(0, len(tokens), size):
            chunk = list(tokens[offset : offset + size])
            positions = [start + offset + i for i in range(len(chunk))]
            step = Step(
                forget_from=positions[0],
                sequences=0,
                shared=0,
                tokens=chunk,
                positions=positions,
                seq_ids=[[0]] * len(chunk),
                targets=[targets.get(pos) for pos in positions],
            )
            got, got_rows = self.run_step(step)
            logprobs.update((positions[i], value) for i, value in got.items())
            rows.update((positions[i], row) for i, row in got_rows.items())
        return logprobs, rows

    def _forget_from(self, position: int) -> None:
        import llama_cpp

        memory = llama_cpp.llama_get_memory(self.llm._ctx.ctx)
        llama_cpp.llama_memory_seq_rm(memory, 0, position, -1)
        if position < len(self._cached):
            self._last_logits = None  # it belonged to the last token, which is gone
        del self._cached[position:]

    def reset(self) -> None:
        """Forget the cached context."""
        with self._lock:
            self._forget_from(0)
            self._last_logits = None

    def _common(self, prefix: Sequence[int]) -> int:
        """How many of ``prefix``'s first tokens the cache already holds."""
        common = 0
        for a, b in zip(self._cached, prefix, strict=False):
            if a != b:
                break
            common += 1
        return common

    def _pending(self, prefix: Sequence[int]) -> int:
        """Where evaluation of ``prefix`` must start (len(prefix) when it is cached in full)."""
        common = self._common(prefix)
        if common == len(prefix) and common == len(self._cached) and self._last_logits is not None:
            return common
        return max(0, min(common, len(prefix) - 1))  # the last token is evaluated for its logits

    def _check(self, prefix: Sequence[int]) -> None:
        if not prefix:
            raise ValueError("empty prompt")
        if len(prefix) >= self.n_ctx:
            raise ValueError(f"prompt of {len(prefix)} tokens does not fit in {self.n_ctx}")

    def set_prefix(self, prefix: Sequence[int]) -> None:
        """Make ``prefix`` the cached context, evaluating only what differs from the cache."""
        self._check(prefix)
        start = self._pending(prefix)
        if start == len(prefix):
            return
        self._forget_from(start)
        last = len(prefix) - 1
        _, rows = self._decode(prefix[start:], start, {last: KEEP_ROW})
        self._cached = list(prefix)
        self._last_logits = rows[last]

    def continuation_logprobs(
        self,
        prefix: Sequence[int],
        continuations: Sequence[Sequence[int]],
        tails: Sequence[int] | None = None,
    ) -> list[list[float]]:
        """Per token log-probabilities of each continuation right after ``prefix``.

        The prompt's uncached tokens and several continuations go through llama.cpp in one
        batch, each continuation in its own sequence over the shared prompt, as long as the
        batch stays within ``n_batch`` tokens and ``max_outputs`` logits rows. With ``tails``,
        only the last ``tails[i]`` tokens of continuation ``i`` are scored (and returned): the
        tokens before them are context, and cost no logits rows.
        """
        with self._lock:
            self._check(prefix)
            base = len(prefix)
            room = self.n_ctx - base - 1
            if tails is not None and len(tails) != len(continuations):
                raise ValueError("one tail length per continuation")
            # a continuation cut to fit the context loses its start when only its tail is
            # scored (the tail is what is asked about), its end otherwise
            conts = [
                list(c)[-room:] if tails is not None and room > 0 else list(c)[:room]
                for c in continuations
            ]
            wants = [
                max(0, min(len(c), tails[i])) if tails is not None else len(c)
                for i, c in enumerate(conts)
            ]
            out: list[list[float]] = [[] for _ in conts]
            todo = [i for i, c in enumerate(conts) if c]
            while todo or self._pending(prefix) < base:
                start = self._pending(prefix)
                group = self._group(
                    [conts[i] for i in todo], base - start, base, [wants[i] for i in todo]
                )
                if not group and start < base:
                    self.set_prefix(prefix)  # too long to share a batch: the prompt on its own
                    continue
                if not group:  # a continuation too long for one batch: on its own, in pieces
                    index = todo.pop(0)
                    out[index] = self._alone(base, conts[index], wants[index])
                    continue
                indices, todo = todo[:group], todo[group:]
                self._run_group(prefix, start, indices, conts, out, wants)
            return out

    @staticmethod
    def _rows_needed(cont: list[int], want: int) -> int:
        """Logits rows a continuation needs in a batch: one per scored token but the first
        (whose row is the prompt's last)."""
        return want - 1 if want == len(cont) else want

    def _group(self, conts: list[list[int]], pending: int, base: int, wants: list[int]) -> int:
        """How many of ``conts`` fit in one batch after ``pending`` prompt tokens."""
        count = 0
        tokens = pending
        outputs = 1 if pending else 0
        for cont, want in zip(conts, wants, strict=True):
            extra = len(cont) - 1
            rows = self._rows_needed(cont, want)
            if (
                count == self.n_sequences - 1
                or tokens + extra > self.n_batch
                or base + (tokens - pending) + extra > self.n_ctx
                or outputs + rows > self.max_outputs
            ):
                break
            count += 1
            tokens += extra
            outputs += rows
        return count

    def _run_group(
        self,
        prefix: Sequence[int],
        start: int,
        indices: list[int],
        conts: list[list[int]],
        out: list[list[float]],
        wants: list[int],
    ) -> None:
        base = len(prefix)
        tokens: list[int] = list(prefix[start:])
        positions = list(range(start, base))
        seq_ids = [list(range(len(indices) + 1))] * len(tokens)
        targets: list[int | None] = [KEEP_ROW if pos == base - 1 else None for pos in positions]
        for k, index in enumerate(indices, start=1):
            cont = conts[index]
            first_scored = len(cont) - wants[index]
            tokens += cont[:-1]
            positions += range(base, base + len(cont) - 1)
            seq_ids += [[k]] * (len(cont) - 1)
            # the row at token j scores token j + 1
            targets += [t if j + 1 >= first_scored else None for j, t in enumerate(cont[1:])]
        self._forget_from(start)
        logprobs: dict[int, float] = {}
        if tokens:  # (nothing to evaluate when the prompt is cached and continuations are 1 token)
            step = Step(start, len(indices), start, tokens, positions, seq_ids, targets)
            try:
                logprobs, rows = self.run_step(step)
            except RuntimeError:
                self._forget_from(0)
                self._last_logits = None
                raise
            if start < base:
                self._cached = list(prefix)
                self._last_logits = rows[base - 1 - start]
        last = self._last_logits
        assert last is not None
        offset = base - start
        for index in indices:
            cont = conts[index]
            first_scored = len(cont) - wants[index]
            head = [float(last[cont[0]])] if first_scored == 0 else []
            out[index] = head + [
                logprobs[offset + i] for i in range(len(cont) - 1) if i + 1 >= first_scored
            ]
            offset += len(cont) - 1

    def _alone(self, base: int, cont: list[int], want: int | None = None) -> list[float]:
        """Log-probabilities of one long continuation, evaluated in sequence 0 and forgotten."""
        assert self._last_logits is not None
        first_scored = len(cont) - (len(cont) if want is None else want)
        targets = {base + i: token for i, token in enumerate(cont[1:]) if i + 1 >= first_scored}
        logprobs, _ = self._decode(cont[:-1], base, targets)
        self._forget_from(base)
        head = [float(self._last_logits[cont[0]])] if first_scored == 0 else []
        return head + [logprobs[base + i] for i in range(len(cont) - 1) if i + 1 >= first_scored]

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


def _log_softmax(row: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = row - row.max()
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum())
    return result


def _log_softmax_at(row: np.ndarray, token: int) -> float:
    peak = float(row.max())
    return float(row[token]) - peak - float(np.log(np.exp(row - peak).sum()))
