"""The fitted fusion: support from the readings present, contradiction from a point's own
evidence (helped, not replaced, by the rest of the answer), and the embedding cache."""

from __future__ import annotations

import numpy as np
import pytest

from interview_cli.scoring import fusion
from interview_cli.scoring.embedding import Embedder


def test_a_point_with_no_evidence_of_its_own_is_never_contradicted() -> None:
    strong = {"swap": 40.0, "role": 1.0}
    chances = fusion.contradiction([strong, {}, {"swap": 0.0}])
    assert chances[0] >= fusion.CONTRADICTED_AT
    assert chances[1] == 0.0 and chances[2] == 0.0


def test_model_readings_count_up_to_a_clip() -> None:
    assert fusion.contradiction([{"swap": 1000.0}]) == fusion.contradiction(
        [{"swap": fusion.LLR_CLIP}]
    )


def test_blend_uses_the_readings_present() -> None:
    words_only = fusion.blend({"lexical": 0.5})
    assert words_only == 0.5
    # a reading that could not be made drops out; one that says more raises the support
    assert fusion.blend({"lexical": 0.5, "embedding": 1.0}) > words_only
    assert 0.0 <= fusion.blend({"lexical": 2.0, "llm": 5.0}) <= 1.0


class _Model:
    def query(self, texts: object) -> np.ndarray:
        items = [texts] if isinstance(texts, str) else list(texts)  # type: ignore[call-overload]
        out = np.array([[float(len(t)), 1.0] for t in items], dtype=np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out[0] if isinstance(texts, str) else out


def test_embedding_cache_keeps_what_the_call_asks_for(monkeypatch: pytest.MonkeyPatch) -> None:
    import interview_cli.scoring.embedding as module

    monkeypatch.setattr(module, "_CACHE_SIZE", 3)
    embedder = Embedder()
    embedder._model = _Model()
    embedder.embed(["old"])
    embedder.embed(["a", "b", "c"])
    # "old" is the oldest entry when this call adds "new": it must still be returned
    rows = embedder.embed(["old", "new"])
    assert rows.shape == (2, 2)
    assert len(embedder._cache) <= 3


def test_claims_scored_by_words_alone_still_get_support() -> None:
    # against a reference's claims the fit weighs meaning and the model, not the words: where
    # neither is there (no model, no embeddings) the words still count
    assert fusion.blend({"lexical": 0.6}, claims=True) == 0.6
    assert fusion.blend({}, claims=True) == 0.0


def test_a_reading_counts_only_with_its_word_level_partner() -> None:
    # the model leaning to the swapped twin, with no words tied the other way, is not enough;
    # nor are words tied the other way that the model does not read as the twin
    assert fusion.contradiction([{"swap": 5.0}]) == [0.0]
    assert fusion.contradiction([{"role": 1.0}]) == [0.0]
    assert fusion.contradiction([{"swap": 5.0, "role": fusion.CUE_MIN / 2}]) == [0.0]
    # a negation cue pairs with the negated twin's reading only
    assert fusion.contradiction([{"negate": 5.0, "role": 1.0}]) == [0.0]
    assert fusion.contradiction([{"swap": 5.0, "role": 1.0}])[0] >= fusion.CONTRADICTED_AT
    assert fusion.contradiction([{"negate": 5.0, "negation": 1.0}])[0] >= fusion.CONTRADICTED_AT


class _Table:
    """Fixed vectors per text, so the geometry is known."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def query(self, texts: object) -> np.ndarray:
        items = [texts] if isinstance(texts, str) else list(texts)  # type: ignore[call-overload]
        out = np.array([self.vectors[t] for t in items], dtype=np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out[0] if isinstance(texts, str) else out


def test_an_answer_is_measured_from_where_the_question_stands() -> None:
    embedder = Embedder()
    embedder._model = _Table(
        {
            "question": [1.0, 1.0, 0.0],
            "reference": [0.0, 1.0, 0.0],
            "copy": [1.0, 1.0, 0.0],
            "close": [0.1, 1.0, 0.05],
            "away": [0.0, 0.0, 1.0],
        }
    )
    # the reference itself is all the way; the question repeated or a text about something
    # else earns nothing; an answer close to the reference earns most
    assert embedder.reference_similarity("reference", "reference", "question") == 1.0
    assert embedder.reference_similarity("copy", "reference", "question") == 0.0
    assert embedder.reference_similarity("away", "reference", "question") == 0.0
    assert embedder.reference_similarity("close", "reference", "question") > 0.9


def test_the_strongest_reading_lifts_key_points_but_not_reference_claims() -> None:
    signals = {"lexical": 0.0, "embedding": 1.0, "llm": 0.0}
    weights = fusion.CLAIMS_SUPPORT_WEIGHTS
    plain = weights["embedding"] / (weights["lexical"] + weights["embedding"] + weights["llm"])
    assert fusion.blend(signals, claims=True) == pytest.approx(plain)
    # against authored key points a correct answer in other words keeps part of its best reading
    kp = fusion.SUPPORT_WEIGHTS
    mean = kp["embedding"] / (kp["lexical"] + kp["embedding"] + kp["llm"])
    assert fusion.blend(signals) == pytest.approx(
        (1 - fusion.BEST_OF) * mean + fusion.BEST_OF * 1.0
    )
