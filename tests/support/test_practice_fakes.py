"""The fakes the practice tests stand on (tests/support/practice_fakes.py) behave as they claim."""

from __future__ import annotations

from interview_cli.scoring.base import FLAG_NO_MODEL, ScoringRequest
from tests.support.practice_fakes import (
    EN_ANSWER,
    KO_ANSWER,
    FakeClock,
    FakeScorer,
    en_bank,
    ko_bank,
)


def test_fake_scorer_is_deterministic_and_quotes_evidence() -> None:
    request = ScoringRequest(
        question="q", answer=EN_ANSWER, key_points=en_bank().questions[0].key_points
    )
    first = FakeScorer().score(request)
    second = FakeScorer().score(request)
    assert first == second
    verdicts = [p.verdict for p in first.key_points]
    assert verdicts[0] == "covered" and verdicts[1] == "covered"
    assert verdicts[2] != "covered"
    span = first.key_points[0].evidence_span
    assert span is not None
    assert EN_ANSWER[span[0] : span[1]] == first.key_points[0].evidence
    assert 0 < first.score < 10


def test_fake_scorer_handles_korean() -> None:
    request = ScoringRequest(
        question="q", answer=KO_ANSWER, key_points=ko_bank().questions[0].key_points
    )
    result = FakeScorer().score(request)
    assert result.key_points[0].verdict == "covered"
    assert result.key_points[1].verdict != "covered"


def test_fake_scorer_streams_feedback_and_flags_no_model() -> None:
    seen: list[str] = []
    result = FakeScorer(no_model=True).score(
        ScoringRequest(question="q", answer="x", key_points=("a point",)), on_text=seen.append
    )
    assert "".join(seen) == result.feedback
    assert result.flags == (FLAG_NO_MODEL,)
    assert result.scorer.model is None


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock()
    before = clock()
    assert clock() == before
    clock.advance(2.5)
    assert clock() == before + 2.5
