"""How the signals about one key point become its support and its chance of being contradicted.

Two small inspectable models, fitted by `bench/fit_fusion.py` (its output is pasted here):

- support: a weighted mean of the signals present (word match, meaning, model reading,
  server verdict); a signal that could not be computed drops out and the others share its
  weight. The mean support is put on the 0..10 scale by `CombinerParams` in the pipeline.
- contradiction: a logistic model over the contrast features (how much more the model's reading
  of the answer favours the swapped / reversed / negated claim than the key point, and whether
  the answer's sentence about the point ties its words to the other compared thing, turns a
  direction word around or negates it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# signal name -> weight in the per key point support (renormalised over the signals present)
# Fitted on SAF train (300 answers) + the adversarial dev split (tests/data, split "dev"):
# see bench/fit_fusion.py; held-out splits were only measured, never fitted on.
SUPPORT_WEIGHTS: dict[str, float] = {
    "lexical": 0.40,
    "embedding": 0.25,
    "llm": 0.35,
    "server": 0.60,
}
BEST_OF = 0.25

# contrast feature name -> logistic coefficient; CONTRA_BIAS is the intercept. Features:
# swap/reverse/negate: the answer's shift of log-odds (nats, whole claim) from the key point
# towards that variant, 0 where it favours the key point or no such variant exists;
# role/direction/negation: the lexical alignment of the answer's sentence about the point.
CONTRA_COEFS: dict[str, float] = {
    "swap": 1.2,
    "reverse": 0.5,
    "negate": 0.5,
    "role": 2.5,
    "direction": 2.5,
    "negation": 2.5,
}
# the model's readings are sums over a sentence's tokens: one long sentence must not outweigh
# everything else, so they count up to this many nats
LLR_CLIP = 5.0
LLR_FEATURES = frozenset({"swap", "reverse", "negate"})
CONTRA_BIAS = -4.0
# the small model reads Korean less surely: Korean answers get their own line
CONTRA_BIAS_KO_SHIFT = 0.0
CONTRA_CONTEXT = 0.5
CONTRADICTED_AT = 0.5  # probability from which a point is contradicted
UNCERTAIN_BAND = (0.3, 0.5)  # a point this close to the line makes the score uncertain
# signals this far apart on a point (model or meaning vs words) make the score uncertain
DISAGREEMENT = 0.55


def blend(signals: Mapping[str, float]) -> float:
    """Support in 0..1 from the signals present: the SUPPORT_WEIGHTS mean, of which BEST_OF is
    the strongest reading beyond the words (meaning, the model) where that is higher: a correct
    answer in other words shares few words with the point but is no less correct."""
    total = sum(SUPPORT_WEIGHTS[name] for name in signals if name in SUPPORT_WEIGHTS)
    if total <= 0:
        return 0.0
    value = sum(SUPPORT_WEIGHTS[n] * v for n, v in signals.items() if n in SUPPORT_WEIGHTS)
    mean = value / total
    beyond = [v for n, v in signals.items() if n in SUPPORT_WEIGHTS and n != "lexical"]
    strongest = max([mean, *beyond])
    return min(1.0, max(0.0, (1 - BEST_OF) * mean + BEST_OF * strongest))


def _evidence(features: Mapping[str, float]) -> float:
    return sum(
        CONTRA_COEFS[n] * (min(LLR_CLIP, v) if n in LLR_FEATURES else v)
        for n, v in features.items()
        if n in CONTRA_COEFS
    )


def contradiction(points: Sequence[Mapping[str, float]], language: str = "en") -> list[float]:
    """Per key point, the probability that the answer states its opposite.

    A point's own evidence counts, and so, by CONTRA_CONTEXT, does the answer's evidence over
    all its points: one claim turned around is likelier in an answer that turns others too.
    """
    evidence = [_evidence(f) for f in points]
    mean = sum(evidence) / len(evidence) if evidence else 0.0
    bias = CONTRA_BIAS + (CONTRA_BIAS_KO_SHIFT if language.startswith("ko") else 0.0)
    out = []
    for own in evidence:
        if own <= 0:  # nothing in the answer turns this point around: the others cannot
            out.append(0.0)
            continue
        z = bias + own + CONTRA_CONTEXT * mean
        out.append(1.0 / (1.0 + math.exp(-z)))
    return out


def disagreement(signals: Mapping[str, float]) -> float:
    """How far the strongest and weakest reading of the same point are apart."""
    values: Sequence[float] = [v for n, v in signals.items() if n in SUPPORT_WEIGHTS]
    return max(values) - min(values) if len(values) >= 2 else 0.0


@dataclass(frozen=True)
class PointFusion:
    support: float
    contradicted: float  # probability
    disagreement: float
