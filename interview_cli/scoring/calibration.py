"""Agreement with human grades: Pearson, Spearman, quadratic-weighted kappa and RMSE."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two equally long series of at least 2 values")
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return 0.0
    return sxy / math.sqrt(sxx * syy)


def ranks(xs: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    return pearson(ranks(xs), ranks(ys))


def rmse(xs: Sequence[float], ys: Sequence[float]) -> float:
    return math.sqrt(_mean([(x - y) ** 2 for x, y in zip(xs, ys, strict=True)]))


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's kappa with quadratic weights between two integer ratings of the same items."""
    if len(a) != len(b) or not a:
        raise ValueError("need two equally long, non-empty rating lists")
    low = min(min(a), min(b))
    high = max(max(a), max(b))
    n = high - low + 1
    if n == 1:
        return 1.0
    observed = [[0.0] * n for _ in range(n)]
    for x, y in zip(a, b, strict=True):
        observed[x - low][y - low] += 1
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(n)) for j in range(n)]
    total = len(a)
    num = den = 0.0
    for i in range(n):
        for j in range(n):
            weight = (i - j) ** 2 / (n - 1) ** 2
            expected = hist_a[i] * hist_b[j] / total
            num += weight * observed[i][j]
            den += weight * expected
    return 1.0 - num / den if den else 1.0


@dataclass(frozen=True)
class Agreement:
    n: int
    pearson: float
    spearman: float
    qwk: float
    rmse: float  # on the gold scale
    mae_10: float  # mean absolute error with the gold rescaled to 0..10
    mean_10: float  # mean predicted score, 0..10
    gold_mean_10: float  # mean human grade rescaled to 0..10


def agreement(predicted_0_10: Sequence[float], gold: Sequence[float], gold_max: float) -> Agreement:
    """Compare scores on our 0..10 scale with gold scores on 0..gold_max."""
    scaled = [p / 10 * gold_max for p in predicted_0_10]
    # kappa needs integer categories: round both to the gold scale's steps
    steps = gold_max if gold_max >= 2 else 4 * gold_max
    unit = gold_max / steps
    pred_cat = [round(s / unit) for s in scaled]
    gold_cat = [round(g / unit) for g in gold]
    gold_10 = [g / gold_max * 10 for g in gold]
    return Agreement(
        n=len(gold),
        pearson=pearson(scaled, gold),
        spearman=spearman(scaled, gold),
        qwk=quadratic_weighted_kappa(pred_cat, gold_cat),
        rmse=rmse(scaled, gold),
        mae_10=_mean([abs(p - g) for p, g in zip(predicted_0_10, gold_10, strict=True)]),
        mean_10=_mean(list(predicted_0_10)),
        gold_mean_10=_mean(gold_10),
    )


@dataclass(frozen=True)
class KindReport:
    """How a scorer treats adversarial answers: mean score per kind, and whether a correct
    answer beats the same answer with the compared things swapped by a clear margin."""

    means: dict[str, float]  # kind -> mean 0..10 score
    counts: dict[str, int]
    swap_margin_share: float | None  # share of questions where correct - swapped >= margin
    swap_questions: int


def kind_report(rows: Sequence[tuple[str, str, float]], margin: float = 3.0) -> KindReport:
    """``rows`` are (question key, kind, score 0..10)."""
    by_kind: dict[str, list[float]] = {}
    by_question: dict[str, dict[str, list[float]]] = {}
    for question, kind, score in rows:
        by_kind.setdefault(kind, []).append(score)
        by_question.setdefault(question, {}).setdefault(kind, []).append(score)
    pairs = [
        _mean(kinds["correct"]) - _mean(kinds["swapped"])
        for kinds in by_question.values()
        if "correct" in kinds and "swapped" in kinds
    ]
    return KindReport(
        means={k: _mean(v) for k, v in by_kind.items()},
        counts={k: len(v) for k, v in by_kind.items()},
        swap_margin_share=(sum(d >= margin for d in pairs) / len(pairs)) if pairs else None,
        swap_questions=len(pairs),
    )
