"""Quality gate: every shipped model answer scores >= 8 against its own key points with the
default scorer, and an answer to an unrelated question scores <= 2.

All 312 questions take most of the suite's time, so `make test` runs a fixed sample (the first
two questions of every bank) and the rest carry the `gate` marker: `make gate` runs them, and
CI runs both."""

from __future__ import annotations

import pytest

from interview_cli.banks.loader import load_banks
from interview_cli.banks.schema import Bank, Question
from interview_cli.paths import shipped_banks_dir
from interview_cli.scoring.base import ScoreResult, ScoringRequest
from interview_cli.scoring.pipeline import RubricScorer

BANKS = load_banks([(shipped_banks_dir(), "shipped")]).banks
QUESTIONS = [(bank, q) for bank in BANKS for q in bank.questions]
SYSTEMS = {"ds", "algo", "os", "net", "db", "py", "swe"}


def _unrelated(bank: Bank, index: int) -> Question:
    """A model answer from the other half of the field (systems vs. ML), same language."""
    wanted_systems = bank.topics[0] not in SYSTEMS
    pool = [
        q
        for b in BANKS
        if b.language == bank.language and (b.topics[0] in SYSTEMS) == wanted_systems
        for q in b.questions
    ]
    return pool[(index * 7) % len(pool)]


def _score(scorer: RubricScorer, bank: Bank, question: Question, answer: str) -> ScoreResult:
    return scorer.score(
        ScoringRequest(
            question=question.question,
            answer=answer,
            key_points=question.key_points,
            language=bank.language,
        )
    )


SAMPLE = {(b.id, q.id) for b in BANKS for q in b.questions[:2]}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("index", "bank", "question"),
    [
        pytest.param(i, b, q, marks=() if (b.id, q.id) in SAMPLE else (pytest.mark.gate,))
        for i, (b, q) in enumerate(QUESTIONS)
    ],
    ids=[f"{b.id}/{q.id}" for b, q in QUESTIONS],
)
def test_model_answer_scores_high_and_unrelated_answer_low(
    scorer: RubricScorer, index: int, bank: Bank, question: Question
) -> None:
    assert question.model_answer
    own = _score(scorer, bank, question, question.model_answer)
    assert own.score >= 8, [(k.verdict, k.confidence, k.key_point) for k in own.key_points]
    other = _unrelated(bank, index)
    assert other.model_answer
    unrelated = _score(scorer, bank, question, other.model_answer)
    assert unrelated.score <= 2, (other.id, unrelated.score)
