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

# The numbers below were fitted by bench/fit_fusion.py (its output, 2026-12-03) on SAF train (300
# answers, every 7th row of saf_en_train.jsonl) and the dev split of tests/data/adversarial_*.jsonl
# (8 English and 8 Korean shipped-bank questions, 112 answers); SAF unseen answers / unseen
# questions and the adversarial test split (8 more questions) were only measured, never fitted.
# Refitted (second run the same day) with the bank gate as a constraint (--gate: all 312 shipped
# model answers >= 8 against their own key points, another question's <= 2; 0 of 624 fail) and
# the contrast features paired (PARTNER below). To redo it:
#   python bench/gate_rows.py gate.jsonl; interview score --batch gate.jsonl --out gate_s.jsonl
#   (and --batch over tests/data/adversarial_*.jsonl and the SAF rows), then
#   python bench/fit_fusion.py --no-llm-on-key-points --gate gate_s.jsonl=gate.jsonl
#       --fit SAF_TRAIN_S=SAF_TRAIN ADV_EN_S=tests/data/adversarial_en.jsonl ... --report ...
#
# signal name -> weight in a key point's support (renormalised over the signals present).
# Against authored key points the words carry most of it: meaning and the model's reading rate
# a partial answer's missing points nearly as high as its covered ones.
SUPPORT_WEIGHTS: dict[str, float] = {
    "lexical": 0.5,
    "embedding": 0.3,
    # the model's reading is not asked for key points (see ModelReader.read): the fit gave it
    # 0.2, which counts only where a scorer supplies it
    "llm": 0.2,
    "server": 1.35,  # not fitted (no server in the fit): the remote verdict counts 60% of three
}
# against claims cut from a reference answer, fitted for order (Pearson) on SAF train with the
# mean held within half a point of the human mean (second fit, on readings made with this code,
# with the answer's closeness to the whole reference in the grid: see CombinerParams)
CLAIMS_SUPPORT_WEIGHTS: dict[str, float] = {
    "lexical": 0.1,
    "embedding": 0.6,
    "llm": 0.3,
    "server": 1.5,
}
BEST_OF = 0.25  # fitted among 0, 0.25, 0.5; against authored key points only

# contrast feature name -> logistic coefficient (fitted on the key points of the adversarial dev
# answers: those of swapped and negated answers that the answer talks about, against those of
# correct, paraphrased and partial ones); CONTRA_BIAS is the intercept, then moved (among
# -6..+1) for, first, no bank gate failure, then the most dev comparison questions meeting the
# issue's targets, with at most 2% of honest points called contradicted (0.1% here). Features:
# swap/reverse/negate: nats by which the answer's sentence about the point follows the twin more
# readily than the point (0 where it follows the point), up to LLR_CLIP;
# role/direction/negation: the lexical alignment of that sentence (0..1).
CONTRA_COEFS: dict[str, float] = {
    "swap": 0.72,
    "reverse": 0.57,
    "negate": 0.80,
    "role": 0.24,
    "direction": 0.34,
    "negation": 0.55,
}
# the model's readings are sums over a sentence's tokens: one long sentence must not outweigh
# everything else, so they count up to this many nats
LLR_CLIP = 5.0
LLR_FEATURES = frozenset({"swap", "reverse", "negate"})
# A reading counts only with its partner: the model following the swapped twin more readily and
# the sentence tying the words to the other compared thing; the reversed twin and a direction
# word turned around; the negated twin and a negation the point does not have. Either alone is
# weak (a 270M model's preference over a 64-token sentence wanders by a few nats; "no gaps"
# negates nothing the point says). Unpaired, 4 of 312 shipped model answers failed the bank gate
# in CI (points called wrong) and 35 had a point called wrong; paired, the fit finds a line with
# no gate failure that also catches more swapped answers (see the note on #14).
CUE_MIN = 0.25  # a word-level cue this weak (one shared word tied the other way) is no partner
PARTNER: dict[str, str] = {
    "swap": "role",
    "role": "swap",
    "reverse": "direction",
    "direction": "reverse",
    "negate": "negation",
    "negation": "negate",
}
CONTRA_BIAS = -2.38
# tried: a line of its own for Korean answers (-2 .. +2); it fitted the Korean dev questions and
# lost held-out ones, so Korean shares the English line
CONTRA_BIAS_KO_SHIFT = 0.0
# how much the answer's evidence over all its points adds to a point's own (fitted among 0, 0.5;
# larger values called correct held-out answers wrong)
CONTRA_CONTEXT = 0.5
CONTRADICTED_AT = 0.5  # probability from which a point is contradicted
UNCERTAIN_BAND = (0.3, 0.5)  # a point this close to the line makes the score uncertain
# readings this far apart (the strongest and the weakest of a point, averaged over the points)
# make the score uncertain. Chosen on the adversarial dev answers and SAF train: at 0.6 no
# correct answer is flagged, 17-50% of paraphrases (words low, meaning high) and 17% of SAF's
DISAGREEMENT = 0.6
# a point whose words the answer mostly uses (UNSURE_WORDS) in a clause that negates it or turns
# its direction word around (cue >= UNSURE_CUE), with no reading of the model to confirm it,
# makes the score uncertain. On the adversarial sets: 11 of 24 answers stating the opposite
# ("negated") flagged, 0 of 72 correct, paraphrased or partial ones; 16 of 312 shipped model
# answers (long, with negations of their own)
UNSURE_CUE = 0.8
UNSURE_WORDS = 0.5


def blend(signals: Mapping[str, float], claims: bool = False) -> float:
    """Support in 0..1 from the signals present: the SUPPORT_WEIGHTS mean, of which BEST_OF is
    the strongest reading beyond the words (meaning, the model) where that is higher: a correct
    answer in other words shares few words with the point but is no less correct."""
    weights = CLAIMS_SUPPORT_WEIGHTS if claims else SUPPORT_WEIGHTS
    present = {n: v for n, v in signals.items() if n in weights}
    if not present:
        return 0.0
    total = sum(weights[n] for n in present)
    if total > 0:
        mean = sum(weights[n] * v for n, v in present.items()) / total
    else:  # only readings the fit gave no weight are there (words alone, no embeddings)
        mean = sum(present.values()) / len(present)
    beyond = [v for n, v in present.items() if n != "lexical"]
    strongest = max([mean, *beyond])
    best_of = 0.0 if claims else BEST_OF  # against a reference's claims it lowered Pearson
    return min(1.0, max(0.0, (1 - best_of) * mean + best_of * strongest))


def _evidence(features: Mapping[str, float]) -> float:
    return sum(
        CONTRA_COEFS[n] * (min(LLR_CLIP, v) if n in LLR_FEATURES else v)
        for n, v in features.items()
        if n in CONTRA_COEFS and _paired(n, features)
    )


def _paired(name: str, features: Mapping[str, float]) -> bool:
    """Both halves of the feature's pair are there: the model's reading leans to the twin and
    the words turn around by at least CUE_MIN."""
    reading, cue = (name, PARTNER[name]) if name in LLR_FEATURES else (PARTNER[name], name)
    return features.get(reading, 0.0) > 0 and features.get(cue, 0.0) >= CUE_MIN


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
