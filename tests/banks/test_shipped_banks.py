"""Quality gates over every shipped bank: coverage, shape of each question, no near duplicates."""

from __future__ import annotations

import collections
import re

import pytest

from interview_cli.banks.dedup import find_duplicates, refs_of
from interview_cli.banks.loader import load_banks
from interview_cli.banks.schema import Bank, Question
from interview_cli.paths import shipped_banks_dir

TOPICS = {"ds", "algo", "os", "net", "db", "py", "swe", "stats", "ml", "dl", "nlp", "mlops"}
LOADED = load_banks([(shipped_banks_dir(), "shipped")])
BANKS = LOADED.banks
QUESTIONS = [(bank, q) for bank in BANKS for q in bank.questions]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _ids(item: object) -> str:
    if isinstance(item, tuple):
        return f"{item[0].id}/{item[1].id}"
    return str(item)


def test_every_shipped_bank_is_valid() -> None:
    assert LOADED.problems == []
    assert len(BANKS) == 24


def test_coverage_per_topic_and_language() -> None:
    assert len(QUESTIONS) >= 300
    assert sum(len(b.questions) for b in BANKS if b.language == "ko") >= 120
    pairs = {(b.topics[0], b.language) for b in BANKS}
    assert pairs == {(t, lang) for t in TOPICS for lang in ("en", "ko")}
    for bank in BANKS:
        assert bank.id == f"{bank.topics[0]}-{bank.language}"
        assert len(bank.topics) == 1


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_bank_metadata_and_difficulty_mix(bank: Bank) -> None:
    assert bank.license == "CC-BY-4.0"
    assert bank.version
    assert bank.description and "\n" not in bank.description
    levels = collections.Counter(q.difficulty for q in bank.questions)
    assert all(levels[level] >= 2 for level in (1, 2, 3)), levels


def test_question_ids_are_unique_across_all_banks() -> None:
    counts = collections.Counter(q.id for _, q in QUESTIONS)
    assert [qid for qid, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("bank", "question"), QUESTIONS, ids=_ids)
def test_question_shape(bank: Bank, question: Question) -> None:
    assert 3 <= len(question.key_points) <= 6
    assert all(len(point) <= 200 for point in question.key_points)
    assert question.model_answer is not None
    words = len(question.model_answer.split())
    assert 80 <= words <= 250, words
    assert len(question.follow_ups) <= 2
    assert question.tags
    if bank.language == "ko":
        assert HANGUL.search(question.question)
        assert HANGUL.search(question.model_answer)
    # a key point is a claim to listen for, not the question said again
    for point in question.key_points:
        assert point.strip().rstrip("?.") != question.question.strip().rstrip("?.")


def test_no_near_duplicate_questions() -> None:
    pairs = find_duplicates(refs_of(BANKS))
    assert pairs == [], [
        (p.first.question_id, p.second.question_id, round(p.similarity, 2)) for p in pairs
    ]
