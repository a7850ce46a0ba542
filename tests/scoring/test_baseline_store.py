"""Baselines kept on disk: reused across runs, merged between processes, never holding text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from interview_cli.scoring import baseline_store
from interview_cli.scoring.base import ScoringRequest
from interview_cli.scoring.baseline_store import BaselineStore, baseline_key
from interview_cli.scoring.model_reader import ModelReader
from interview_cli.scoring.pipeline import RubricScorer
from tests.planning.test_generate import info

SHA = "ab" * 32
QUESTION = "What is a deadlock, and how can it be avoided?"
POINTS = (
    "Two or more threads each wait for a resource another holds.",
    "Acquiring locks in one global order prevents it.",
)
ANSWER = (
    "A deadlock is when threads wait on each other forever because each holds a lock the other "
    "needs. Taking the locks in one fixed global order avoids it."
)


REFERENCE = " ".join(f"{point.rstrip('.')}." for point in POINTS)


class CountingEngine:
    """Log-probabilities from the words alone, and a count of what the model was asked."""

    def __init__(self) -> None:
        self.prompts: list[str] = []  # key point readings (with and without the answer)
        self.restatements = 0  # the contrast check's reads of the answer's sentences

    def bos(self) -> list[int]:
        return [1]

    def tokenize(self, text: str, bos: bool = False) -> list[int]:
        return [hash(w) % 50_000 + 2 for w in text.split()]

    def detokenize(self, tokens: Sequence[int]) -> str:
        return " ".join(str(t) for t in tokens)

    def continuation_logprobs(
        self,
        prefix: Sequence[int],
        continuations: Sequence[Sequence[int]],
        tails: Sequence[int] | None = None,
    ) -> list[list[float]]:
        seen = set(prefix)
        rows = [[-0.2 if t in seen else -2.0 for t in cont] for cont in continuations]
        if tails is not None:
            self.restatements += 1
            return [row[len(row) - n :] for row, n in zip(rows, tails, strict=True)]
        self.prompts.append(str(len(prefix)))
        return rows


def _score(store: BaselineStore | None) -> tuple[float, CountingEngine]:
    engine = CountingEngine()
    reader = ModelReader(engine, info(False), SHA, baseline_store=store)  # type: ignore[arg-type]
    scorer = RubricScorer(support=reader)
    # baselines are what the model's reading of each claim of a reference answer needs (against
    # authored key points the model reads the answer's sentences instead, with no baseline)
    result = scorer.score(ScoringRequest(question=QUESTION, answer=ANSWER, reference=REFERENCE))
    if store is not None:
        store.save()
    return result.score, engine


def test_a_later_run_takes_the_baselines_from_disk(tmp_path: Path) -> None:
    first, engine = _score(BaselineStore(tmp_path, SHA))
    assert len(engine.prompts) == 2  # without the answer, then with it
    again, engine = _score(BaselineStore(tmp_path, SHA))
    assert len(engine.prompts) == 1  # only the answer's own prompt
    assert again == first
    _, engine = _score(BaselineStore(tmp_path, "cd" * 32))
    assert len(engine.prompts) == 2  # another model's numbers are not this one's
    none, _ = _score(None)
    assert none == first


def test_the_file_holds_no_text(tmp_path: Path) -> None:
    _score(BaselineStore(tmp_path, SHA))
    (path,) = tmp_path.glob("*.json")
    raw = path.read_text(encoding="utf-8")
    for word in ("deadlock", "threads", "order", "lock"):
        assert word not in raw
    values = json.loads(raw)["values"]
    assert len(values) == 2 and all(len(k) == 32 for k in values)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_two_writers_merge_and_bad_files_are_ignored(tmp_path: Path) -> None:
    one, two = BaselineStore(tmp_path, SHA), BaselineStore(tmp_path, SHA)
    assert one.get("x") is None and two.get("x") is None  # both read the (empty) file first
    one.put({baseline_key("q1", "a"): -1.0})
    one.save()
    two.put({baseline_key("q2", "b"): -2.0})
    two.save()  # must not drop what `one` saved after `two` had read the file
    fresh = BaselineStore(tmp_path, SHA)
    assert fresh.get(baseline_key("q1", "a")) == -1.0
    assert fresh.get(baseline_key("q2", "b")) == -2.0
    for bad in ("{not json", '{"format": 99, "values": {}}', '{"format": 1, "values": [1]}'):
        fresh.path.write_text(bad, encoding="utf-8")
        assert BaselineStore(tmp_path, SHA).get(baseline_key("q1", "a")) is None
    fresh.path.write_text('{"format": 1, "values": {"k": "x", "j": true, "i": -0.5}}')
    kept = BaselineStore(tmp_path, SHA)
    assert (kept.get("k"), kept.get("j"), kept.get("i")) == (None, None, -0.5)


def test_the_file_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(baseline_store, "MAX_ENTRIES", 3)
    store = BaselineStore(tmp_path, SHA)
    store.put({f"k{i}": float(i) for i in range(5)})
    store.save()
    values = json.loads(store.path.read_text(encoding="utf-8"))["values"]
    assert values == {"k2": 2.0, "k3": 3.0, "k4": 4.0}  # the newest


def test_numbers_made_by_another_scorer_or_llama_version_are_not_used(tmp_path: Path) -> None:
    old = BaselineStore(tmp_path, SHA, made_by="scorer 2, llama-cpp-python 0.3.1")
    old.put({"k": -1.0})
    old.save()
    assert BaselineStore(tmp_path, SHA, made_by="scorer 2, llama-cpp-python 0.3.1").get("k") == -1
    new = BaselineStore(tmp_path, SHA, made_by="scorer 3, llama-cpp-python 0.3.1")
    assert new.get("k") is None
    new.put({"j": -2.0})
    new.save()  # replaces the old file rather than mixing the two
    data = json.loads(new.path.read_text(encoding="utf-8"))
    assert data["made_by"] == "scorer 3, llama-cpp-python 0.3.1" and data["values"] == {"j": -2.0}


def test_the_exit_save_does_not_bring_back_a_deleted_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "baselines"
    store = BaselineStore(folder, SHA)
    store.put({"k": -1.0})
    store.save()
    store.put({"j": -2.0})  # within SAVE_EVERY_S: waits for the next save
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    store.save(create=False)  # what the exit hook does
    assert not folder.exists()
    store.save()  # an explicit save during the run recreates it
    assert store.path.exists()


def test_an_unwritable_cache_costs_only_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = BaselineStore(blocker / "baselines", SHA)
    store.put({"k": -1.0})
    store.save()  # no error: the value stays in memory
    assert store.get("k") == -1.0
