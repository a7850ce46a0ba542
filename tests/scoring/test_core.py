"""Scoring building blocks: metrics, text handling for English and Korean, rubric matching."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_cli.language import detect_language
from interview_cli.scoring.base import ScoreResult, ScoringRequest
from interview_cli.scoring.calibration import (
    agreement,
    pearson,
    quadratic_weighted_kappa,
    ranks,
    rmse,
    spearman,
)
from interview_cli.scoring.feedback import follow_up_reason, pick_follow_up
from interview_cli.scoring.pipeline import NoRubricError, RubricScorer, rubric_for
from interview_cli.scoring.rubric import match_key_point, overlap
from interview_cli.scoring.text import content_stems, sentences, split_claims, stem


def test_pearson_and_spearman_known_values() -> None:
    xs = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert pearson(xs, [2.0, 4.0, 6.0, 8.0, 10.0]) == pytest.approx(1.0)
    assert pearson(xs, [5.0, 4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    # by hand: x-3 = [-2,-1,0,1,2], y-3 = [-2,0,-1,2,1]; sxy=8, sxx=10, syy=10
    assert pearson(xs, [1.0, 3.0, 2.0, 5.0, 4.0]) == pytest.approx(0.8)
    assert spearman(xs, [1.0, 10.0, 100.0, 1000.0, 10000.0]) == pytest.approx(1.0)
    assert ranks([10.0, 20.0, 20.0, 30.0]) == [1.0, 2.5, 2.5, 4.0]
    assert rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(math.sqrt(12.5))


def test_quadratic_weighted_kappa() -> None:
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]) == pytest.approx(1.0)
    # one rater always 0, other spread: no agreement beyond chance
    assert quadratic_weighted_kappa([0, 0, 0, 0], [0, 1, 2, 3]) == pytest.approx(0.0)
    # hand computed for a 3x3 table: observed [[1,1,0],[0,1,0],[0,0,1]]
    value = quadratic_weighted_kappa([0, 0, 1, 2], [0, 1, 1, 2])
    assert value == pytest.approx(0.8, abs=1e-9)


def test_agreement_scales_ours_to_gold() -> None:
    result = agreement([0.0, 5.0, 10.0], [0.0, 2.5, 5.0], gold_max=5)
    assert result.pearson == pytest.approx(1.0)
    assert result.rmse == pytest.approx(0.0)
    assert result.qwk == pytest.approx(1.0)


@given(st.lists(st.floats(0, 10), min_size=2, max_size=30))
def test_pearson_is_bounded(values: list[float]) -> None:
    other = [v * 0.5 + (i % 3) for i, v in enumerate(values)]
    assert -1.0000001 <= pearson(values, other) <= 1.0000001


def test_english_stems() -> None:
    assert content_stems("Threads are sharing the address spaces") == [
        "thread",
        "share",
        "address",
        "space",
    ]
    assert stem("normalization") == stem("normalize")


def test_korean_particles_are_stripped() -> None:
    assert content_stems("스레드는 프로세스의 주소 공간을 공유합니다") == [
        "스레드",
        "프로세스",
        "주소",
        "공간",
        "공유",
    ]
    assert stem("데이터베이스에서") == "데이터베이스"


def test_mixed_language_tokens() -> None:
    words = content_stems("교착 상태(deadlock)는 TCP/IP 와 무관합니다")
    assert "deadlock" in words and "tcp" in words and "교착" in words


def test_sentences_cover_english_korean_and_lists() -> None:
    text = (
        "First point. Second point!\n- bullet one\n- bullet two\n캐시는 빠릅니다. 메모리는 느립니다"
    )
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == [
        "First point.",
        "Second point!",
        "bullet one",
        "bullet two",
        "캐시는 빠릅니다",
        "메모리는 느립니다",
    ]


def test_split_claims_keeps_claims_short() -> None:
    reference = (
        "Binary encoding is the most efficient in bandwidth. "
        + "It also avoids clock drift issues, " * 12
        + "so self-clocking is unnecessary."
    )
    claims = split_claims(reference)
    assert claims[0] == "Binary encoding is the most efficient in bandwidth."
    assert all(len(c) <= 200 for c in claims)
    assert len(claims) >= 3


def test_match_key_point_finds_the_best_sentence() -> None:
    answer = "Caches are fast. Each thread has a private stack and its own registers. Done."
    match = match_key_point("Each thread has its own stack and registers.", answer)
    assert match.coverage > 0.9
    assert match.best_sentence is not None
    assert "private stack" in answer[match.best_sentence[0] : match.best_sentence[1]]


def test_korean_fuzzy_match() -> None:
    match = match_key_point(
        "순환 대기: 프로세스들이 원형으로 자원을 기다린다", "순환대기가 생기면 교착상태가 됩니다"
    )
    assert match.coverage > 0.2


def test_overlap_baseline() -> None:
    assert overlap("threads share memory", "Threads share the memory") == pytest.approx(1.0)
    assert overlap("", "threads share memory") == 0.0


def test_rubric_from_reference_when_no_key_points() -> None:
    request = ScoringRequest(
        question="Why use TCP?",
        answer="It retransmits lost segments.",
        reference="TCP retransmits lost segments. It keeps bytes in order.",
    )
    claims, source = rubric_for(request)
    assert source == "reference_claims"
    assert claims == ["TCP retransmits lost segments.", "It keeps bytes in order."]
    result = RubricScorer().score(request)
    assert result.rubric_source == "reference_claims"
    assert result.key_points[0].verdict == "covered"


def test_no_rubric_is_an_error() -> None:
    with pytest.raises(NoRubricError):
        RubricScorer().score(ScoringRequest(question="Q?", answer="A"))


def test_score_is_monotone_in_covered_points() -> None:
    points = (
        "A hash table maps keys to buckets with a hash function.",
        "Collisions are resolved by chaining or open addressing.",
        "Average lookup is O(1); worst case is O(n).",
    )
    answers = [
        "",
        "A hash function maps each key to a bucket of the table.",
        "A hash function maps each key to a bucket. Collisions use chaining or open addressing.",
        "A hash function maps each key to a bucket. Collisions use chaining or open addressing. "
        "Lookups take O(1) on average but O(n) in the worst case.",
    ]
    scorer = RubricScorer()
    scores = [
        scorer.score(
            ScoringRequest(question="How does a hash table work?", answer=a, key_points=points)
        ).score
        for a in answers
    ]
    assert scores == sorted(scores)
    assert scores[0] == 0 and scores[-1] >= 9


def test_feedback_language_follows_the_question() -> None:
    assert detect_language("프로세스와 스레드의 차이는?") == "ko"
    assert detect_language("What is a process?") == "en"
    result = RubricScorer().score(
        ScoringRequest(
            question="캐시 지역성이란 무엇인가요?",
            answer="시간 지역성과 공간 지역성이 있습니다.",
            key_points=(
                "시간 지역성: 최근 접근한 데이터를 다시 접근한다.",
                "공간 지역성: 인접한 주소를 접근한다.",
            ),
        )
    )
    assert "핵심 포인트" in result.feedback


def test_pick_follow_up_prefers_the_missed_topic() -> None:
    follow_ups = ["How does TLS resume a session?", "Why does TCP need a three-way handshake?"]
    assert pick_follow_up(follow_ups, ["TCP uses a three-way handshake"]) == follow_ups[1]
    assert pick_follow_up(follow_ups, []) == follow_ups[0]
    assert pick_follow_up([], ["x"]) is None


def test_on_topic_share_tells_an_answer_to_this_question_from_one_to_another() -> None:
    from interview_cli.scoring.rubric import on_topic_share

    question = "What is a context manager in Python, and how do you write one?"
    rubric = [
        "The with statement calls __enter__ on entry and __exit__ on exit.",
        "__exit__ runs even when an exception is raised, so cleanup always happens.",
        "contextlib.contextmanager turns a generator with one yield into a context manager.",
    ]
    own = (
        "A context manager is an object used with the with statement: Python calls its "
        "__enter__ method on entry and __exit__ on exit, even if an exception is raised, so "
        "files get closed. With contextlib.contextmanager you write a generator that yields once."
    )
    other = (
        "A decoder-only model generates one token at a time; the KV cache stores the keys and "
        "values of earlier tokens, so each decode step only computes the new token's query."
    )
    assert on_topic_share(own, question, rubric) >= 0.3
    assert on_topic_share(other, question, rubric) <= 0.1
    assert on_topic_share("", question, rubric) == 0.0


def test_on_topic_share_in_korean() -> None:
    from interview_cli.scoring.rubric import on_topic_share

    question = "프로세스와 스레드의 차이를 설명해 주세요."
    rubric = [
        "스레드는 같은 프로세스의 주소 공간을 공유한다.",
        "각 스레드는 자신만의 스택을 가진다.",
    ]
    own = "스레드는 프로세스 안에서 주소 공간을 공유하지만, 스레드마다 스택은 따로 가집니다."
    other = "인덱스는 B-트리로 만들어 조회를 빠르게 하지만, 쓰기 때마다 갱신 비용이 듭니다."
    assert on_topic_share(own, question, rubric) >= 0.4
    assert on_topic_share(other, question, rubric) <= 0.15


def test_claims_reach_full_marks_at_a_lower_support_than_key_points() -> None:
    scorer = RubricScorer()
    p = scorer.params
    assert scorer.scale(p.claims_ceiling, "reference_claims") == 10.0
    assert scorer.scale(p.claims_ceiling, "key_points") < 10.0
    assert scorer.scale(p.floor, "reference_claims") == scorer.scale(p.floor) == 0.0
    # in between, the same support is worth more against a reference's claims
    mid = (p.floor + p.claims_ceiling) / 2
    assert scorer.scale(mid, "reference_claims") > scorer.scale(mid, "key_points")


def test_the_mock_follow_up_reason_speaks_the_bank_language() -> None:
    assert (
        follow_up_reason(2, 3, "en")
        == "Asked because your answer so far did not fully cover 2 of 3 key points."
    )
    assert follow_up_reason(2, 3, "ko") == (
        "지금까지의 답변이 핵심 포인트 3개 중 2개를 충분히 다루지 않아 묻는 질문입니다."
    )


def test_a_score_result_reads_back_from_its_dict() -> None:
    request = ScoringRequest(
        question="What is a deadlock?",
        answer="Two threads each hold a lock the other needs, so both wait forever.",
        key_points=("Each thread holds a resource the other needs.", "Neither can proceed."),
        language="en",
    )
    result = RubricScorer().score(request)
    stored = {**result.to_dict(), "rating_override": "good"}  # other keys of score details
    assert ScoreResult.from_dict(stored) == result
