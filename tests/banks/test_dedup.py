"""Exact and near-duplicate questions, English and Korean, within and across banks."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from interview_cli.banks.dedup import (
    QuestionRef,
    find_duplicates,
    normalize,
    refs_of,
    similarity,
)
from interview_cli.banks.importers.assemble import ImportOptions, parse_file
from interview_cli.banks.loader import load_all_banks, parse_bank_text
from tests.conftest import GOOD_BANK
from tests.support.paths import FIXTURES

BANKS = FIXTURES / "banks"


def _refs(bank: str, texts: list[str], language: str = "") -> list[QuestionRef]:
    return [QuestionRef(bank, str(i), t, language) for i, t in enumerate(texts)]


def test_normalize_ignores_case_punctuation_and_spacing() -> None:
    assert normalize("  What is a PROCESS?! ") == normalize("what is a process")
    assert normalize("ＴＣＰ란？") == normalize("TCP란")  # full-width forms (NFKC)
    assert normalize("가상 메모리") != normalize(
        "가상메모리"
    )  # spacing is a near, not exact, match


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What is a process?", "What's a process?"),
        (
            "What are the differences between processes and threads?",
            "Difference between process and thread?",
        ),
        ("가상 메모리란?", "가상메모리란?"),
        ("프로세스와 스레드의 차이를 설명해주세요.", "프로세스와 스레드의 차이점은 무엇인가요?"),
        (
            "dimension reduction 기법으로 보통 어떤 것들이 있나요?",
            "dimension reduction기법으로 보통 어떤 것들이 있나요?",
        ),
    ],
)
def test_near_duplicates(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.7
    (pair,) = find_duplicates(_refs("x", [a, b]))
    assert pair.kind in ("near", "exact") and pair.first.text == a


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What is a process?", "What is a thread?"),
        ("TCP란?", "UDP란?"),
        ("Using a stack to keep track of unvisited nodes gives what traversal?", "What is a heap?"),
        ("스택이란 무엇인가요?", "큐란 무엇인가요?"),  # shared framing is not content
        ("Cross Validation에 대해 설명해주세요", "Markov Chain에 대해 설명해주세요"),
    ],
)
def test_different_questions(a: str, b: str) -> None:
    assert similarity(a, b) < 0.5
    assert find_duplicates(_refs("x", [a, b])) == []


def test_exact_across_banks_and_against_only() -> None:
    mine = _refs("", ["What is a Process?", "Something new"])
    theirs = _refs("os-en", ["what is a process", "What is paging?"])
    pairs = find_duplicates(mine, against=theirs, within=False)
    assert [(p.kind, p.first.bank_id, p.second.text) for p in pairs] == [
        ("exact", "os-en", "What is a Process?")
    ]


def test_translations_are_not_duplicates_unless_asked() -> None:
    en = _refs("net-en", ["What is TCP?"], "en")
    ko = _refs("net-ko", ["What is TCP?"], "ko")  # a Korean bank may keep an English question
    assert find_duplicates(en + ko) == []
    assert len(find_duplicates(en + ko, across_languages=True)) == 1


def test_bank_level_helper(good_bank_text: str) -> None:
    bank, _ = parse_bank_text(good_bank_text, "a.yaml")
    other, _ = parse_bank_text(
        GOOD_BANK.replace("bank: tiny-en", "bank: tiny-copy").replace(
            "What is a thread?", "What is a thread ?"
        ),
        "b.yaml",
    )
    assert bank is not None and other is not None
    pairs = find_duplicates(refs_of([bank, other]))
    assert {(p.first.question_id, p.second.question_id, p.kind) for p in pairs} == {
        ("tiny-one", "tiny-one", "exact"),
        ("tiny-two", "tiny-two", "exact"),
    }


def test_boost_devs_questions_are_found_in_zzsza() -> None:
    """boost-devs took its questions from zzsza's list; the copies differ in spacing and
    punctuation. The oracle here is independent: texts equal once everything but letters and
    digits is removed. Every such pair must be reported."""
    boost, _ = parse_file(
        BANKS / "boost-devs__ai-tech-interview__2-machine-learning.md", ImportOptions()
    )
    zzsza, _ = parse_file(
        BANKS / "zzsza__Datascience-Interview-Questions__README.md", ImportOptions()
    )

    def squash(text: str) -> str:
        return re.sub(r"[\W_]+", "", text).lower()

    theirs = {squash(q.question): q.question for q in zzsza.questions}
    expected = {q.question for q in boost.questions if squash(q.question) in theirs}
    # counted by reading both lists: 24 of the 29 are the same up to spacing and punctuation;
    # one differs by an ending (무엇일까? / 무엇일까요?); 4 were reworded (Global Minimum/Minima,
    # the SVM second sentence, 로지스틱 리그레션 -> Logistic Regression, squre -> square)
    assert len(expected) == 24
    pairs = find_duplicates(
        _refs("", [q.question for q in boost.questions]),
        against=_refs("zzsza", [q.question for q in zzsza.questions]),
        within=False,
    )
    found = {p.second.text for p in pairs}
    assert expected <= found
    assert "회귀 / 분류시 알맞은 metric은 무엇일까?" in found
    assert len(found) <= 29


def test_large_banks_are_fast() -> None:
    cards, _ = parse_file(
        BANKS / "jwasham__computer-science-flash-cards__cards-jwasham.db", ImportOptions()
    )
    refs = _refs("cards", [q.question for q in cards.questions])
    start = time.perf_counter()
    pairs = find_duplicates(refs)
    elapsed = time.perf_counter() - start
    assert elapsed < 10
    # the SQL count in test_import_fixtures: 15 rows repeat an earlier front (case-insensitive)
    assert sum(1 for p in pairs if p.kind == "exact") >= 15


def test_shipped_banks_can_be_checked(tmp_path: Path) -> None:
    banks = load_all_banks(tmp_path / "none").banks
    pairs = find_duplicates(refs_of(banks))
    for pair in pairs:
        assert (pair.first.bank_id, pair.first.question_id) != (
            pair.second.bank_id,
            pair.second.question_id,
        )
        assert 0.7 <= pair.similarity <= 1.0
        assert pair.similarity == pytest.approx(
            similarity(pair.first.text, pair.second.text), abs=1e-3
        )
    # a bank compared with a copy of itself: every question pairs with its copy, exactly
    copy = [
        QuestionRef(f"{r.bank_id}-copy", r.question_id, r.text, r.language) for r in refs_of(banks)
    ]
    again = find_duplicates(copy, against=refs_of(banks), within=False)
    exact = {(p.first.bank_id, p.first.question_id) for p in again if p.kind == "exact"}
    assert exact == {(b.id, q.id) for b in banks for q in b.questions}
