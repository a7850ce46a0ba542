"""The llama.cpp engine: key point continuations scored together over one cached prompt."""

from __future__ import annotations

import pytest

from interview_cli.llm.engine import Engine
from interview_cli.scoring.model_reader import ModelReader
from tests.support.engine_trace import recorded

QUESTION = (
    "Interview question: What is the difference between a process and a thread?\n"
    "Candidate's answer: \"A process has its own address space; threads share the memory of "
    'their process but each has its own stack and registers."\n'
    "In this answer, the candidate explains that"
)
POINTS = [
    " a process has its own address space",
    " threads share the memory of their process",
    " each thread has its own stack and registers",
    " switching between threads is cheaper than between processes",
    " a crash in one thread can bring down the whole process",
]


@pytest.fixture
def engine(model_reader: ModelReader) -> Engine:
    model_reader.engine.reset()
    return model_reader.engine


def _one_at_a_time(engine: Engine, prefix: list[int], conts: list[list[int]]) -> list[list[float]]:
    out = []
    for cont in conts:
        engine.reset()
        out.append(engine.continuation_logprobs(prefix, [cont])[0])
    engine.reset()
    return out


def _means(rows: list[list[float]]) -> list[float]:
    return [sum(r) / len(r) for r in rows]


def _inputs(engine: Engine) -> tuple[list[int], list[list[int]]]:
    return engine.bos() + engine.tokenize(QUESTION), [engine.tokenize(p) for p in POINTS]


def _leftover_sequences(engine: Engine) -> list[int]:
    import llama_cpp

    memory = llama_cpp.llama_get_memory(engine.llm._ctx.ctx)
    return [
        seq
        for seq in range(1, engine.n_sequences)
        if llama_cpp.llama_memory_seq_pos_max(memory, seq) >= 0
    ]


def test_grouped_continuations_match_one_at_a_time(engine: Engine) -> None:
    prefix, conts = _inputs(engine)
    alone = _one_at_a_time(engine, prefix, conts)
    with recorded(engine) as trace:
        grouped = engine.continuation_logprobs(prefix, conts)
    assert len(trace) == 1  # the prompt and all five continuations in one llama_decode call
    assert trace[0].sequences == len(conts)
    assert [len(g) for g in grouped] == [len(c) for c in conts]
    # the same numbers up to the rounding of a differently shaped batch
    for a, b in zip(_means(grouped), _means(alone), strict=True):
        assert a == pytest.approx(b, abs=0.05)
    assert all(v <= 0 for row in grouped for v in row)
    assert _leftover_sequences(engine) == []


def test_cached_prompt_is_not_evaluated_again(engine: Engine) -> None:
    prefix, conts = _inputs(engine)
    first = engine.continuation_logprobs(prefix, conts)
    before = engine.tokens_evaluated
    again = engine.continuation_logprobs(prefix, conts)
    assert engine.tokens_evaluated - before == sum(len(c) - 1 for c in conts)
    for a, b in zip(_means(first), _means(again), strict=True):
        assert a == pytest.approx(b, abs=0.05)


def test_limits_split_the_work_without_changing_results(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix, conts = _inputs(engine)
    reference = engine.continuation_logprobs(prefix, conts)
    engine.reset()
    # few sequences, few logits rows, small batches: the prompt goes on its own (it is longer
    # than a batch), the continuations in several groups, the longest one alone in pieces
    monkeypatch.setattr(engine, "n_sequences", 3)
    monkeypatch.setattr(engine, "max_outputs", 8)
    monkeypatch.setattr(engine, "n_batch", 8)
    with recorded(engine) as trace:
        split = engine.continuation_logprobs(prefix, conts)
    assert len(prefix) > 8 and max(len(c) for c in conts) > 9
    assert len(trace) > 3
    assert all(len(step.tokens) <= 8 for step in trace)
    assert all(step.sequences <= 2 for step in trace)
    assert all(sum(t is not None for t in step.targets) <= 8 for step in trace)
    for a, b in zip(_means(split), _means(reference), strict=True):
        assert a == pytest.approx(b, abs=0.05)
    assert _leftover_sequences(engine) == []


def test_scoring_only_the_tail_of_each_continuation(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix, conts = _inputs(engine)
    full = engine.continuation_logprobs(prefix, conts)
    tails = [3, len(conts[1]), 1, 2, 4]
    with recorded(engine) as trace:
        part = engine.continuation_logprobs(prefix, conts, tails=tails)
    assert [len(p) for p in part] == tails
    # the same batch shape: the same numbers; only the scored tokens ask for logits rows
    for whole, tail in zip(full, part, strict=True):
        assert tail == pytest.approx(whole[-len(tail) :], abs=1e-6)
    wanted = sum(t if t < len(c) else t - 1 for t, c in zip(tails, conts, strict=True))
    assert sum(sum(t is not None for t in step.targets) for step in trace) == wanted
    # and with limits that split the work, each long continuation alone and in pieces
    engine.reset()
    monkeypatch.setattr(engine, "max_outputs", 2)
    monkeypatch.setattr(engine, "n_batch", 8)
    split = engine.continuation_logprobs(prefix, conts, tails=tails)
    for whole, tail in zip(full, split, strict=True):
        assert tail == pytest.approx(whole[-len(tail) :], abs=0.3)
    assert _leftover_sequences(engine) == []


def test_empty_continuations_and_prompt_checks(engine: Engine) -> None:
    prefix, conts = _inputs(engine)
    out = engine.continuation_logprobs(prefix, [[], conts[0], []])
    assert out[0] == [] and out[2] == [] and len(out[1]) == len(conts[0])
    with pytest.raises(ValueError, match="empty prompt"):
        engine.continuation_logprobs([], conts)
    with pytest.raises(ValueError, match="does not fit"):
        engine.continuation_logprobs(prefix * 200, conts)


def test_replaying_the_trace_repeats_the_work(engine: Engine) -> None:
    """What bench/scoring.py relies on to measure llama.cpp alone on the same tokens."""
    prefix, conts = _inputs(engine)
    with recorded(engine) as trace:
        engine.continuation_logprobs(prefix, conts)
    engine.reset()
    before = engine.tokens_evaluated
    for step in trace:
        engine.run_step(step)
    assert engine.tokens_evaluated - before == sum(len(step.tokens) for step in trace)
    assert _leftover_sequences(engine) == []
    engine.reset()


def test_a_failed_decode_leaves_no_stale_prompt_logits(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shortened cached prompt must not keep the log-probabilities of its old last token."""
    prefix, conts = _inputs(engine)
    expected = _one_at_a_time(engine, prefix[:10], conts[:1])
    engine.continuation_logprobs(prefix, conts[:1])  # the whole prompt is cached now

    def broken(step: object, read: bool = True) -> object:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(engine, "run_step", broken)
        with pytest.raises(KeyboardInterrupt):  # the cache was cut to 10 tokens, then it failed
            engine.continuation_logprobs(prefix[:10] + prefix[11:], conts[:1])
    again = engine.continuation_logprobs(prefix[:10], conts[:1])
    assert _means(again)[0] == pytest.approx(_means(expected)[0], abs=0.05)
