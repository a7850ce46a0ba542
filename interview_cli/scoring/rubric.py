"""Rubric matcher: how much of each key point an answer covers, with the sentence that shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_cli.language import HANGUL_WORD
from interview_cli.scoring.text import char_ngrams, content_stems, sentences, token_spans


@dataclass(frozen=True)
class Match:
    coverage: float  # 0..1 weighted share of the key point's words found in the answer
    best_sentence: tuple[int, int] | None  # span of the answer that covers it best
    sentence_coverage: float  # coverage within that sentence alone


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def word_match(word: str, candidates: set[str]) -> float:
    """1 for the same stem; partial credit for near spellings (Korean compounds, typos)."""
    if word in candidates:
        return 1.0
    best = 0.0
    hangul = bool(HANGUL_WORD.match(word))
    grams = char_ngrams(word, 2 if hangul else 3)
    for other in candidates:
        if hangul != bool(HANGUL_WORD.match(other)):
            continue
        if hangul:
            if len(word) >= 2 and len(other) >= 2 and (word in other or other in word):
                best = max(best, 0.85)
                continue
        elif len(word) >= 5 and len(other) >= 5 and word[:5] == other[:5]:
            best = max(best, 0.8)
            continue
        score = _dice(grams, char_ngrams(other, 2 if hangul else 3))
        if score >= 0.6:
            best = max(best, score * 0.8)
    return best


def coverage(
    point_stems: Sequence[str],
    answer_stems: set[str],
    asked: set[str] | None = None,
    asked_weight: float = 1.0,
) -> float:
    """Weighted share of the key point's words found in the answer.

    Words the question already contains count ``asked_weight``: echoing the question
    should not earn the same credit as saying something new.
    """
    unique = list(dict.fromkeys(point_stems))
    if not unique:
        return 0.0
    asked = asked or set()
    weights = [asked_weight if w in asked else 1.0 for w in unique]
    total = sum(weights)
    if total == 0:
        return 0.0
    found = sum(wt * word_match(w, answer_stems) for w, wt in zip(unique, weights, strict=True))
    return found / total


def match_key_point(
    key_point: str, answer: str, asked: set[str] | None = None, asked_weight: float = 1.0
) -> Match:
    point = content_stems(key_point)
    spans = token_spans(answer)
    answer_stems = {s for s, _, _ in spans}
    overall = coverage(point, answer_stems, asked, asked_weight)
    best: tuple[int, int] | None = None
    best_cov = 0.0
    for begin, end in sentences(answer):
        inside = {s for s, b, e in spans if b >= begin and e <= end}
        cov = coverage(point, inside, asked, asked_weight)
        if cov > best_cov:
            best, best_cov = (begin, end), cov
    return Match(coverage=overall, best_sentence=best, sentence_coverage=best_cov)


def overlap(answer: str, reference: str) -> float:
    """The word-overlap baseline: share of the reference's content words present in the answer."""
    ref = set(content_stems(reference))
    if not ref:
        return 0.0
    return len(ref & set(content_stems(answer))) / len(ref)


def on_topic_share(answer: str, question: str, rubric: Sequence[str]) -> float:
    """Share of the answer's distinct content words that the question or the rubric use.

    Near spellings count in part, as in the key point match. An answer written for another
    question shares few of its words with this one's material, however fluent it is.
    """
    said = list(dict.fromkeys(content_stems(answer)))
    if not said:
        return 0.0
    material = set(content_stems(question))
    for point in rubric:
        material.update(content_stems(point))
    return sum(word_match(word, material) for word in said) / len(said)


# none of a fluent reading counts below this share of the answer's words in the question and
# rubric, all of it from ON_TOPIC_FULL: model answers have 0.29-0.9 of their words there,
# answers to other questions 0-0.13
ON_TOPIC_FROM = 0.1
ON_TOPIC_FULL = 0.2


def topic_factor(share: float) -> float:
    """0..1: how far readings that ignore words (meaning, the model) may count for an answer
    with this on-topic share (`on_topic_share`).

    A fluent answer to another question in the same field reads as close in meaning, and makes
    a small model expect the key points too; its words give it away.
    """
    return min(1.0, max(0.0, (share - ON_TOPIC_FROM) / (ON_TOPIC_FULL - ON_TOPIC_FROM)))
