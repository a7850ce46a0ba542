"""Score truth without a model: contradicted points, term lists and uncertainty, as the pipeline
combines them (signals injected), and the feedback a person reads, in English and Korean."""

from __future__ import annotations

from collections.abc import Sequence

from interview_cli.scoring.base import (
    FLAG_CONTRADICTS,
    FLAG_NO_EMBEDDING,
    FLAG_TERM_LIST,
    FLAG_UNCERTAIN,
    KeyPointResult,
    ScoringRequest,
)
from interview_cli.scoring.pipeline import SCORER_VERSION, Judgement, RubricScorer
from interview_cli.store.models import ScorerInfo

QUESTION = "Compare a stack and a queue, and give a real use case for each."
POINTS = (
    "A stack is LIFO: push and pop both work on the top.",
    "A queue is FIFO: enqueue at the back, dequeue at the front.",
)
GOOD = (
    "A stack is LIFO, so push and pop both happen at the top. A queue is FIFO: you enqueue at "
    "the back and dequeue at the front."
)
SWAPPED = (
    "A queue is LIFO, so push and pop both happen at the top. A stack is FIFO: you enqueue at "
    "the back and dequeue at the front."
)


class _Signals:
    """A support source that adds fixed per key point signals, as the model's reading adds them."""

    def __init__(self, extra: dict[str, list[float]], contrasts: Sequence[str | None]) -> None:
        self.extra = extra
        self.contrasts = list(contrasts)

    @property
    def info(self) -> ScorerInfo:
        return ScorerInfo(name="interview-cli", method="rubric+injected", version=SCORER_VERSION)

    def read(
        self, request: ScoringRequest, answer: str, rubric: Sequence[str], judgement: Judgement
    ) -> None:
        judgement.extra.update(self.extra)
        judgement.contrasts = self.contrasts

    def follow_up(
        self, request: ScoringRequest, judgement: Judgement, missed: Sequence[str], language: str
    ) -> str | None:
        return None

    def remark(
        self,
        request: ScoringRequest,
        judgement: Judgement,
        results: Sequence[KeyPointResult],
        language: str,
    ) -> str | None:
        return None


def injected(extra: dict[str, list[float]], contrasts: Sequence[str | None] = ()) -> RubricScorer:
    """The pipeline with extra per key point signals, as the model's reading adds them."""
    return RubricScorer(support=_Signals(extra, contrasts))


def _request(answer: str, language: str = "en") -> ScoringRequest:
    return ScoringRequest(question=QUESTION, answer=answer, key_points=POINTS, language=language)


def test_a_point_stated_the_other_way_round_is_contradicted_and_costs() -> None:
    plain = injected({"llm": [1.0, 1.0], "swap": [0.0, 0.0]}).score(_request(GOOD))
    wrong = injected(
        {"llm": [1.0, 1.0], "swap": [5.0, 5.0]},
        contrasts=["A queue is LIFO: push and pop both work on the top.", None],
    ).score(_request(SWAPPED))
    assert plain.score >= 8
    assert [k.verdict for k in wrong.key_points] == ["contradicted", "contradicted"]
    assert FLAG_CONTRADICTS in wrong.flags
    assert wrong.score == 0.0
    assert wrong.missed == list(POINTS)
    first = wrong.key_points[0]
    # the sentence that says it, quoted, and what is true instead
    assert first.evidence == "A queue is LIFO, so push and pop both happen at the top."
    assert first.contrast == "A queue is LIFO: push and pop both work on the top."
    assert "You said the opposite of a key point: “A queue is LIFO" in wrong.feedback
    assert "In fact: A stack is LIFO: push and pop both work on the top." in wrong.feedback


def test_one_wrong_point_costs_more_than_leaving_it_out() -> None:
    left_out = injected({"llm": [1.0, 0.0], "swap": [0.0, 0.0]}).score(
        _request("A stack is LIFO, so push and pop both happen at the top.")
    )
    stated_wrong = injected({"llm": [1.0, 1.0], "swap": [0.0, 5.0]}).score(
        _request(
            "A stack is LIFO, so push and pop both happen at the top. A stack is FIFO: you "
            "enqueue at the back and dequeue at the front."
        )
    )
    assert stated_wrong.key_points[1].verdict == "contradicted"
    assert stated_wrong.score < left_out.score


def test_korean_feedback_names_the_contradiction_in_korean() -> None:
    points = (
        "비관적 락은 읽을 때부터 행을 잠근다.",
        "낙관적 락은 version 컬럼으로 충돌을 확인한다.",
    )
    answer = (
        "낙관적 락은 읽을 때부터 행을 잠급니다. 비관적 락은 version 컬럼으로 충돌을 확인합니다."
    )
    request = ScoringRequest(
        question="낙관적 락과 비관적 락의 차이를 설명해 주세요.",
        answer=answer,
        key_points=points,
        language="ko",
    )
    result = injected({"llm": [1.0, 1.0], "swap": [5.0, 5.0]}).score(request)
    assert [k.verdict for k in result.key_points] == ["contradicted", "contradicted"]
    assert (
        "핵심 포인트와 반대로 말한 부분: “낙관적 락은 읽을 때부터 행을 잠급니다" in result.feedback
    )
    assert "실제로는: 비관적 락은 읽을 때부터 행을 잠근다" in result.feedback


def test_a_list_of_terms_is_capped_and_told_to_explain() -> None:
    result = RubricScorer().score(_request("stack, queue, LIFO, FIFO, push, pop, top, front, back"))
    assert FLAG_TERM_LIST in result.flags
    assert result.score <= 3.0
    # a named term is not a covered point: nothing was said of it
    assert all(k.verdict in ("partial", "missing") for k in result.key_points)
    assert "list of terms" in result.feedback and "how they relate" in result.feedback
    korean = RubricScorer().score(_request("스택, 큐, LIFO, FIFO, 푸시, 팝", language="ko"))
    assert FLAG_TERM_LIST in korean.flags
    assert "용어만 나열" in korean.feedback


def test_an_explanation_is_not_a_term_list() -> None:
    assert FLAG_TERM_LIST not in RubricScorer().score(_request(GOOD)).flags


def test_signals_that_disagree_make_the_score_uncertain() -> None:
    agree = injected({"llm": [1.0, 1.0]}).score(_request(GOOD))
    assert FLAG_UNCERTAIN not in agree.flags
    # the words are all there, the model's reading finds none of it
    disagree = injected({"llm": [0.0, 0.0]}).score(_request(GOOD))
    assert FLAG_UNCERTAIN in disagree.flags
    assert "rate how well you knew it yourself" in disagree.feedback


class _Missing:
    available = False


def test_without_embeddings_the_score_says_so() -> None:
    scorer = RubricScorer(embedder=_Missing())  # type: ignore[arg-type]
    result = scorer.score(_request(GOOD))
    assert FLAG_NO_EMBEDDING in result.flags
    assert result.score > 0
    assert "without sentence embeddings" in result.feedback


def test_a_term_list_is_never_quoted_as_a_wrong_claim() -> None:
    result = injected({"swap": [5.0, 5.0], "role": [1.0, 1.0]}).score(
        _request("queue, stack, LIFO, FIFO, push, pop, top, front, back")
    )
    assert FLAG_TERM_LIST in result.flags and FLAG_CONTRADICTS not in result.flags
    assert all(k.verdict != "contradicted" for k in result.key_points)


def test_words_that_turn_a_point_around_unconfirmed_make_the_score_uncertain() -> None:
    # no model reading says so, so the point is not called wrong; the score says it is unsure
    result = RubricScorer().score(
        _request(
            "A stack is not LIFO: push and pop both work on the top. A queue is FIFO: enqueue "
            "at the back, dequeue at the front."
        )
    )
    assert all(k.verdict != "contradicted" for k in result.key_points)
    assert FLAG_UNCERTAIN in result.flags
    good = RubricScorer().score(_request(GOOD))
    assert FLAG_UNCERTAIN not in good.flags
