"""The scoring pipeline: guards, per key point support, and the combiner that computes the score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from interview_cli.language import detect_language
from interview_cli.scoring import fusion
from interview_cli.scoring.base import (
    FLAG_CONTRADICTS,
    FLAG_INSTRUCTIONS,
    FLAG_NO_EMBEDDING,
    FLAG_NO_MODEL,
    FLAG_OFF_TOPIC,
    FLAG_TERM_LIST,
    FLAG_TOO_SHORT,
    FLAG_UNCERTAIN,
    KeyPointResult,
    RubricSource,
    ScoreResult,
    ScoringRequest,
    TokenCallback,
    Verdict,
    blocks_scoring,
)
from interview_cli.scoring.contrast import Item, align, compared_items, items_per_point
from interview_cli.scoring.feedback import pick_follow_up, write_feedback
from interview_cli.scoring.guards import guard
from interview_cli.scoring.rubric import match_key_point, on_topic_share, overlap, topic_factor
from interview_cli.scoring.term_list import check_term_list
from interview_cli.scoring.text import content_stems, split_claims
from interview_cli.store.models import ScorerInfo

if TYPE_CHECKING:
    from interview_cli.scoring.embedding import Embedder

SCORER_VERSION = "5"


class NoRubricError(ValueError):
    """The question has neither key points nor a reference answer to score against."""


@dataclass(frozen=True)
class CombinerParams:
    """How per key point support becomes verdicts and the score; fitted by calibration.

    The score is linear in the mean support (clipped only at the ends of the scale): a
    per-point cut-off would throw away the graded evidence that agreement with human grades
    depends on. Verdicts are the per-point reading of the same support.
    """

    # fitted with the fusion (bench/fit_fusion.py, see scoring/fusion.py for the data): against
    # authored key points 0/10 at no support and 10/10 at mean support 0.9, the lowest-error
    # scale with every shipped model answer >= 8 and every unrelated one <= 2 (scorer v4 had
    # 0.05 / 0.9; the first v5 fit 0.05 / 0.7, which lifted unrelated answers to 2.2); against
    # claims cut from a reference answer 10/10 at 0.3 (SAF graders gave 8.4/10 on average; the
    # fit holds the mean within half a point of theirs), three quarters of that support being
    # the whole reference's words and meaning
    floor: float = 0.0  # mean support at or below: 0/10
    ceiling: float = 0.9  # mean support at or above: 10/10
    claims_ceiling: float = 0.3
    claims_floor: float = 0.05
    covered_at: float = 0.6  # support needed for "covered"
    partial_at: float = 0.3  # support needed for "partial"
    question_word_weight: float = 0.5  # key point words the question already contains count less
    instruction_penalty: float = 1.0  # points taken off when text tried to instruct the grader
    too_short_cap: float = 3.0
    term_list_cap: float = 3.0  # terms without the claims that relate them explain nothing
    # each contradicted point costs this share of a point's worth on top of earning nothing: a
    # confident wrong claim in an interview is worse than silence
    contradiction_penalty: float = 0.5
    off_topic_below: float = 0.08  # mean support under this, with no question overlap: off topic
    # scoring against a reference answer cut into claims: this share of the support is how
    # much of the whole reference the answer carries (cutting loses what spans claims), and of
    # that share, reference_meaning_weight is how close the whole answer comes to the whole
    # reference in meaning (embeddings), the rest its vocabulary. Fitted together on SAF train
    # only (bench/fit_fusion.py, grid 0.25-0.75 and 0-0.75); unseen answers / questions were
    # only measured: see the note of the score-truth issue
    reference_overlap_weight: float = 0.75
    reference_meaning_weight: float = 0.5


def rubric_for(request: ScoringRequest) -> tuple[list[str], RubricSource]:
    if request.key_points:
        return list(request.key_points), "key_points"
    if request.reference and request.reference.strip():
        claims = split_claims(request.reference)
        if not claims:
            claims = [request.reference.strip()[:200]]
        return claims, "reference_claims"
    raise NoRubricError("the question has neither key points nor a reference answer")


@dataclass
class Judgement:
    """Per key point signals from every method used, before combining.

    ``extra`` holds one list per signal (a value per key point): the support signals named in
    `fusion.SUPPORT_WEIGHTS` and the contrast features named in `fusion.CONTRA_COEFS`.
    """

    lexical: list[float]
    evidence: list[tuple[int, int] | None]
    extra: dict[str, list[float]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)  # the things the question compares
    # per key point: the things it may be said the wrong way round about
    # (contrast.items_per_point); empty until the rubric matcher's signals fill it
    point_items: list[list[Item]] = field(default_factory=list)
    # per key point: the variant claim the model's reading favours most, if any
    contrasts: list[str | None] = field(default_factory=list)
    # per key point: the answer's sentence that speaks to it most (character span), if any
    aligned: list[tuple[int, int] | None] = field(default_factory=list)
    # whether to look for points stated the other way round: against authored key points only;
    # against claims cut from a reference answer the check lowered agreement with human grades
    # (SAF unseen questions: Pearson 0.563 without it, 0.501 with it)
    check_contrast: bool = True
    # share of the answer's content words found in the question and rubric (on_topic_share)
    on_topic_share: float = 1.0
    # text a support source wrote about this answer ("feedback", "follow_up"), for its own
    # remark and follow-up question later in the same call
    prose: dict[str, str] = field(default_factory=dict)

    def items_at(self, k: int) -> list[Item]:
        """The things key point ``k`` may be said the wrong way round about."""
        return self.point_items[k] if self.point_items else self.items


class Support(Protocol):
    """A source of evidence the pipeline is given besides its rubric matcher: the local model's
    reading (`model_reader.ModelReader`), a server's verdicts (`server_scorer.ServerReader`).

    It adds per key point signals after the rubric matcher's, and may write prose of its own;
    the score, verdicts and flags stay the pipeline's.
    """

    @property
    def info(self) -> ScorerInfo: ...

    def read(
        self, request: ScoringRequest, answer: str, rubric: Sequence[str], judgement: Judgement
    ) -> None:
        """Add per key point signals to ``judgement`` (the rubric matcher's are there already)."""
        ...

    def follow_up(
        self, request: ScoringRequest, judgement: Judgement, missed: Sequence[str], language: str
    ) -> str | None:
        """A follow-up question of the source's own (never empty), or None for the bank's."""
        ...

    def remark(
        self,
        request: ScoringRequest,
        judgement: Judgement,
        results: Sequence[KeyPointResult],
        language: str,
    ) -> str | None:
        """Prose for the candidate (never empty) put before the written feedback, or None."""
        ...


class RubricScorer:
    """The scoring pipeline: the rubric matcher (and sentence embeddings where installed), and
    the support source it is given, if any (without one: no LLM, flagged ``no_model``)."""

    def __init__(
        self,
        params: CombinerParams | None = None,
        embedder: Embedder | None = None,
        support: Support | None = None,
    ) -> None:
        self.params = params or CombinerParams()
        self.embedder = embedder
        self.support = support

    @property
    def info(self) -> ScorerInfo:
        if self.support is not None:
            return self.support.info
        return ScorerInfo(name="interview-cli", method="rubric", version=SCORER_VERSION)

    # -- the rubric matcher's signals and the combiner ----------------------------------------

    def signals(
        self, request: ScoringRequest, answer: str, rubric: Sequence[str], judgement: Judgement
    ) -> None:
        """Add the rubric matcher's per key point signals to ``judgement.extra``."""
        judgement.on_topic_share = on_topic_share(answer, request.question, rubric)
        embedder = self.embedder
        if embedder is not None and embedder.available:
            on_topic = topic_factor(judgement.on_topic_share)
            judgement.extra["embedding"] = [on_topic * s for s in embedder.support(rubric, answer)]
        judgement.items = compared_items(request.question, rubric)
        judgement.point_items = items_per_point(judgement.items, rubric)
        role, direction, negation = [], [], []
        for point, items in zip(rubric, judgement.point_items, strict=True):
            found = align(point, answer, items)
            role.append(found.role_conflict)
            direction.append(found.direction_flip)
            negation.append(found.negation_flip)
            judgement.aligned.append(found.sentence)
        judgement.extra["role"] = role
        judgement.extra["direction"] = direction
        judgement.extra["negation"] = negation

    def fuse(
        self, judgement: Judgement, language: str = "en", claims: bool = False
    ) -> list[fusion.PointFusion]:
        supports = []
        contrasts = []
        spread = []
        for k, lexical in enumerate(judgement.lexical):
            named = {name: values[k] for name, values in judgement.extra.items()}
            signals = {"lexical": lexical}
            signals.update({n: v for n, v in named.items() if n in fusion.SUPPORT_WEIGHTS})
            contrasts.append({n: v for n, v in named.items() if n in fusion.CONTRA_COEFS})
            supports.append(fusion.blend(signals, claims))
            spread.append(fusion.disagreement(signals))
        chances = fusion.contradiction(contrasts, language)
        return [
            fusion.PointFusion(support=s, contradicted=c, disagreement=d)
            for s, c, d in zip(supports, chances, spread, strict=True)
        ]

    # -- the pipeline -----------------------------------------------------------------------

    def lexical(self, request: ScoringRequest, answer: str, rubric: Sequence[str]) -> Judgement:
        asked = set(content_stems(request.question))
        weight = self.params.question_word_weight
        lexical = []
        evidence = []
        for point in rubric:
            match = match_key_point(point, answer, asked=asked, asked_weight=weight)
            lexical.append(match.coverage)
            evidence.append(match.best_sentence if match.sentence_coverage > 0 else None)
        return Judgement(lexical=lexical, evidence=evidence)

    def scale(self, mean_support: float, source: RubricSource = "key_points") -> float:
        """Mean support in 0..1 to the 0..10 score."""
        p = self.params
        claims = source == "reference_claims"
        ceiling = p.claims_ceiling if claims else p.ceiling
        floor = p.claims_floor if claims else p.floor
        return 10.0 * min(1.0, max(0.0, (mean_support - floor) / (ceiling - floor)))

    def verdict(self, support: float) -> Verdict:
        if support >= self.params.covered_at:
            return "covered"
        if support >= self.params.partial_at:
            return "partial"
        return "missing"

    def score(self, request: ScoringRequest, on_text: TokenCallback | None = None) -> ScoreResult:
        rubric, source = rubric_for(request)
        guarded = guard(request.question, request.answer)
        flags = list(guarded.flags)
        language = request.language or detect_language(request.question, *rubric)
        details: dict[str, object] = {"removed_text": list(guarded.removed)}

        contradicted = [False] * len(rubric)
        if blocks_scoring(flags):
            supports = [0.0] * len(rubric)
            judgement = Judgement(lexical=supports, evidence=[None] * len(rubric))
        else:
            judgement = self.lexical(request, guarded.text, rubric)
            judgement.check_contrast = source == "key_points"
            self.signals(request, guarded.text, rubric, judgement)
            if self.support is not None:
                self.support.read(request, guarded.text, rubric, judgement)
            fused = self.fuse(judgement, language, source == "reference_claims")
            contradicted = [
                judgement.check_contrast and f.contradicted >= fusion.CONTRADICTED_AT for f in fused
            ]
            supports = [0.0 if c else f.support for f, c in zip(fused, contradicted, strict=True)]
            details["contradiction"] = [round(f.contradicted, 3) for f in fused]
            asked = set(content_stems(request.question))
            said = set(content_stems(guarded.text))
            if sum(supports) / len(supports) < self.params.off_topic_below and not (asked & said):
                flags.append(FLAG_OFF_TOPIC)
            if check_term_list(guarded.text).is_term_list:
                flags.append(FLAG_TERM_LIST)
                # a list of terms states no claim, so none the other way round either
                contradicted = [False] * len(rubric)
            if any(contradicted):
                flags.append(FLAG_CONTRADICTS)
            low, high = fusion.UNCERTAIN_BAND
            near_the_line = judgement.check_contrast and any(
                low <= f.contradicted < high for f in fused
            )
            apart = sum(f.disagreement for f in fused) / len(fused)
            # the words turn a point around (a negation or a direction word the point does not
            # have, in the clause that says it) but the model's reading does not confirm it: too
            # weak to call the point wrong, too strong to call the score sure
            no_cue = [0.0] * len(rubric)
            negation = judgement.extra.get("negation", no_cue)
            direction = judgement.extra.get("direction", no_cue)
            unsure = [
                k
                for k in range(len(rubric))
                if judgement.check_contrast
                and not contradicted[k]
                and judgement.lexical[k] >= fusion.UNSURE_WORDS
                and max(negation[k], direction[k]) >= fusion.UNSURE_CUE
            ]
            if unsure:
                details["turned_unconfirmed"] = unsure
            if (
                near_the_line or apart >= fusion.DISAGREEMENT or unsure
            ) and FLAG_TERM_LIST not in flags:
                flags.append(FLAG_UNCERTAIN)
            if self.embedder is not None and "embedding" not in judgement.extra:
                flags.append(FLAG_NO_EMBEDDING)

        # authored key points are deliberate, equal units; claims cut from a reference answer
        # are not, so there each claim weighs as much as the words it carries
        weights = (
            [max(1, len(set(content_stems(point)))) for point in rubric]
            if source == "reference_claims"
            else [1] * len(rubric)
        )
        mean_support = sum(s * w for s, w in zip(supports, weights, strict=True)) / sum(weights)
        if source == "reference_claims" and request.reference and not blocks_scoring(flags):
            share = overlap(guarded.text, request.reference)
            details["reference_overlap"] = round(share, 3)
            embedder = self.embedder
            if embedder is not None and embedder.available:
                near = embedder.reference_similarity(
                    guarded.text, request.reference, request.question
                ) * topic_factor(judgement.on_topic_share)
                details["reference_similarity"] = round(near, 3)
                gamma = self.params.reference_meaning_weight
                share = (1 - gamma) * share + gamma * near
            beta = self.params.reference_overlap_weight
            mean_support = (1 - beta) * mean_support + beta * share
        score = self.scale(mean_support, source)
        if any(contradicted):
            # the points stated wrongly cost their worth and a share more
            worth = 10.0 / len(rubric)
            score -= self.params.contradiction_penalty * worth * sum(contradicted)
        if FLAG_TOO_SHORT in flags:
            score = min(score, self.params.too_short_cap)
        if FLAG_TERM_LIST in flags:
            score = min(score, self.params.term_list_cap)
        if FLAG_INSTRUCTIONS in flags:
            score = max(0.0, score - self.params.instruction_penalty)
        score = round(max(0.0, score), 1)

        results = []
        for k, (point, support, span) in enumerate(
            zip(rubric, supports, judgement.evidence, strict=True)
        ):
            verdict: Verdict = "contradicted" if contradicted[k] else self.verdict(support)
            if verdict == "covered" and FLAG_TERM_LIST in flags:
                verdict = "partial"  # the term is named, nothing is said of it
            contrast = None
            if contradicted[k]:
                found = align(point, guarded.text, judgement.items_at(k), min_coverage=0.0)
                span = found.sentence
                if k < len(judgement.contrasts):
                    contrast = judgement.contrasts[k]
            quote = None
            if span is not None and verdict != "missing":
                quote = request.answer[span[0] : span[1]]
            results.append(
                KeyPointResult(
                    key_point=point,
                    verdict=verdict,
                    confidence=round(support, 3),
                    evidence=quote,
                    evidence_span=span if quote is not None else None,
                    contrast=contrast,
                )
            )
        if self.support is None and FLAG_NO_MODEL not in flags:
            flags.append(FLAG_NO_MODEL)
        missed = [r.key_point for r in results if r.verdict != "covered"]
        follow_up = (
            self.support.follow_up(request, judgement, missed, language)
            if self.support is not None
            else None
        )
        generated = follow_up is not None
        if follow_up is None:
            follow_up = pick_follow_up(request.follow_ups, missed)
        details["lexical"] = [round(x, 3) for x in judgement.lexical]
        for name, values in judgement.extra.items():
            details[name] = [round(x, 3) for x in values]
        feedback = write_feedback(results, score, flags, language)
        remark = (
            self.support.remark(request, judgement, results, language)
            if self.support is not None
            else None
        )
        if remark is not None:  # the numbers and flags stay the code's: a source only adds prose
            feedback = f"{remark} {feedback}"
        if on_text is not None:
            on_text(feedback)
        return ScoreResult(
            score=score,
            key_points=tuple(results),
            feedback=feedback,
            scorer=self.info,
            flags=tuple(flags),
            follow_up=follow_up,
            follow_up_generated=generated,
            rubric_source=source,
            details=details,
        )
