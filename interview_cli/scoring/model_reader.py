"""The local model as the pipeline's support: how likely the answer makes each key point (and
its twins stated the other way round), and, from a capable model, feedback and follow-ups."""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_cli.scoring import fusion
from interview_cli.scoring.base import KeyPointResult, ScoringRequest
from interview_cli.scoring.baseline_store import BaselineStore, baseline_key
from interview_cli.scoring.contrast import Variant, claim_clause, variants
from interview_cli.scoring.pipeline import SCORER_VERSION, Judgement
from interview_cli.scoring.rubric import topic_factor
from interview_cli.store.models import ScorerInfo

if TYPE_CHECKING:
    from interview_cli.llm.engine import Engine
    from interview_cli.llm.gguf_info import ModelInfo

MAX_ANSWER_TOKENS = 480
# Which twins the model reads the answer's sentence after: all three (with only the swapped one
# and 12 tokens of the sentence, 0 of 5 held-out comparison questions met the targets; with all
# three and 64 tokens, 3 of 5)
RESTATED = frozenset({"swapped", "reversed", "negated"})
MAX_SENTENCE_TOKENS = 64  # of the answer's sentence read after a claim and its twins
_RESTATEMENT_PROMPT = "Notes from a technical interview.\nCorrect fact:"
_RESTATEMENT_JOIN = "\nWhat the candidate said:"
PROMPT_ROOM = 400  # tokens of system prompt, instructions and chat template around a résumé
CAPABLE_PARAMETERS = 1_000_000_000  # models this big with a chat template write feedback text


@dataclass(frozen=True)
class LikelihoodParams:
    """How the key point log-likelihood gain becomes support in 0..1, and its weight."""

    gain_low: float = 0.0  # mean log-prob gain (nats/token) worth nothing
    gain_high: float = 0.6  # gain worth full support
    # The LLM's support is scaled by how much of the answer is about this question
    # (rubric.topic_factor): a fluent answer to another question raises a small model's
    # likelihood of the key points too (same field, same register); its words give it away.


def _prompt(question: str, answer: str | None) -> str:
    shown = answer if answer is not None else ""
    # the answer is data: quoted, after the question, never followed by instructions of its own
    return (
        f"Interview question: {question.strip()}\n"
        f'Candidate\'s answer: "{shown.strip()}"\n'
        "In this answer, the candidate explains that"
    )


class ModelReader:
    """The pipeline's support from a local LLM: per key point likelihoods (`pipeline.Support`)."""

    def __init__(
        self,
        engine: Engine,
        model: ModelInfo,
        model_sha256: str,
        likelihood: LikelihoodParams | None = None,
        baseline_store: BaselineStore | None = None,
    ) -> None:
        self.engine = engine
        self.model = model
        self.model_sha256 = model_sha256
        self.likelihood = likelihood or LikelihoodParams()
        self.capable = model.chat_template and (model.parameters or 0) >= CAPABLE_PARAMETERS
        self._baselines: OrderedDict[tuple[str, str], float] = OrderedDict()
        self.baseline_store = baseline_store  # baselines kept on disk between runs
        self._lock = threading.Lock()

    @property
    def info(self) -> ScorerInfo:
        return ScorerInfo(
            name="interview-cli",
            method="rubric+llm",
            version=SCORER_VERSION,
            model=self.model.path.name,
            model_sha256=self.model_sha256,
        )

    # -- likelihood -----------------------------------------------------------------------------

    def _logprobs(self, prompt: str, texts: Sequence[str]) -> list[float]:
        """Mean log-probability per token of each text after the prompt."""
        engine = self.engine
        prefix = engine.bos() + engine.tokenize(prompt)
        conts = [engine.tokenize(_continuation(p)) for p in texts]
        rows = engine.continuation_logprobs(prefix, conts)
        return [sum(r) / len(r) if r else 0.0 for r in rows]

    def _fill_baselines(self, question: str, texts: Sequence[str]) -> None:
        """Baselines for the texts not yet known: from the disk store, else the model."""
        missing = [p for p in dict.fromkeys(texts) if (question, p) not in self._baselines]
        if not missing:
            return
        prompt = _prompt(question, None)
        store = self.baseline_store
        keys = {p: baseline_key(prompt, _continuation(p)) for p in missing}
        if store is not None:
            for point in missing:
                kept = store.get(keys[point])
                if kept is not None:
                    self._baselines[(question, point)] = kept
            missing = [p for p in missing if (question, p) not in self._baselines]
        if missing:
            values = self._logprobs(prompt, missing)
            for point, value in zip(missing, values, strict=True):
                self._baselines[(question, point)] = value
            if store is not None:
                store.put({keys[p]: v for p, v in zip(missing, values, strict=True)})
        while len(self._baselines) > 4096:
            self._baselines.popitem(last=False)

    def gains(self, question: str, answer: str, points: Sequence[str]) -> list[float]:
        """Per key point: mean log-prob per token with the answer minus without it."""
        tokens = self.engine.tokenize(answer)
        if len(tokens) > MAX_ANSWER_TOKENS:
            answer = self.engine.detokenize(tokens[:MAX_ANSWER_TOKENS])
        with self._lock:
            self._fill_baselines(question, points)
            base = [self._baselines[(question, p)] for p in points]
            with_answer = self._logprobs(_prompt(question, answer), points)
        return [w - b for w, b in zip(with_answer, base, strict=True)]

    def read(
        self, request: ScoringRequest, answer: str, rubric: Sequence[str], judgement: Judgement
    ) -> None:
        p = self.likelihood
        share = judgement.on_topic_share  # worked out by the rubric matcher's signals
        on_topic = topic_factor(share)
        judgement.extra["on_topic"] = [share] * len(rubric)
        if not judgement.check_contrast:
            # claims cut from a reference answer: how much more likely each becomes once the
            # model has read the answer (fitted weight 0.5 there). Against authored key points
            # that reading added nothing the words and meaning did not already give (fit with
            # and without it: the same targets met, Pearson within 0.02), and it cost a pass over
            # the answer plus one over each new question: there the model reads the answer's
            # sentences for the contrast check below instead.
            gains = (
                self.gains(request.question, answer, rubric)
                if on_topic > 0
                else [0.0] * len(rubric)
            )
            span = p.gain_high - p.gain_low
            judgement.extra["llm_gain"] = gains
            judgement.extra["llm"] = [
                on_topic * min(1.0, max(0.0, (g - p.gain_low) / span)) for g in gains
            ]
            return
        if on_topic <= 0:  # an answer about something else: nothing to turn around
            return
        shift = {"swapped": "swap", "reversed": "reverse", "negated": "negate"}
        for name in shift.values():
            judgement.extra[name] = [0.0] * len(rubric)
        judgement.contrasts = [None] * len(rubric)
        # which claim does the answer's own sentence about a point follow more readily: the
        # point, or its twin with the roles swapped, the direction reversed or the sense
        # negated? (A small model copies what it has just read, so a sentence that says "DFS
        # ... queue" follows the claim that says so more easily than the one that says "BFS
        # ... queue".) Log-probability of the sentence after the twin minus after the point.
        # A reading counts only with its word-level partner (fusion.PARTNER): a twin whose cue
        # is not there (no word tied to the other thing, no direction word turned around, no
        # negation in the clause) is not read at all, which is most of them in most answers
        asked: list[tuple[int, str, list[Variant]]] = []
        for k, point in enumerate(rubric):
            span_k = judgement.aligned[k] if k < len(judgement.aligned) else None
            if span_k is None:
                continue
            items = judgement.items_at(k)
            said = claim_clause(point, answer[span_k[0] : span_k[1]], items)
            twins = [
                v
                for v in variants(point, items, said)
                if v.kind in RESTATED
                and judgement.extra[fusion.PARTNER[shift[v.kind]]][k] >= fusion.CUE_MIN
            ]
            if twins:
                asked.append((k, said, twins))
        # every point's claims in one request: one pass fills the batches best
        scored = self.restatements(
            [(sentence, [rubric[k], *(v.text for v in twins)]) for k, sentence, twins in asked]
        )
        for (k, _, twins), scores in zip(asked, scored, strict=True):
            strongest = 0.0
            for variant, value in zip(twins, scores[1:], strict=True):
                towards = max(0.0, value - scores[0]) * on_topic
                name = shift[variant.kind]
                judgement.extra[name][k] = max(judgement.extra[name][k], towards)
                if towards > strongest:
                    strongest = towards
                    judgement.contrasts[k] = variant.text

    def restatements(self, asks: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """For each (sentence, claims): the log-probability of the sentence as what a candidate
        said after each claim."""
        if not asks:
            return []
        engine = self.engine
        prefix = engine.bos() + engine.tokenize(_RESTATEMENT_PROMPT)
        conts: list[list[int]] = []
        tails: list[int] = []
        for sentence, claims in asks:
            tail = engine.tokenize(" " + sentence.strip())[:MAX_SENTENCE_TOKENS]
            for claim in claims:
                conts.append(engine.tokenize(" " + claim.strip() + _RESTATEMENT_JOIN) + tail)
                tails.append(len(tail))
        with self._lock:
            rows = iter(engine.continuation_logprobs(prefix, conts, tails=tails))
        return [[sum(next(rows)) for _ in claims] for _, claims in asks]

    # -- text generation (capable models only) ----------------------------------------------

    def follow_up(
        self, request: ScoringRequest, judgement: Judgement, missed: Sequence[str], language: str
    ) -> str | None:
        if not self.capable or not missed:
            return None
        return self._chat(
            "You are a technical interviewer. Ask ONE short follow-up question that probes the "
            "first missing point. Reply in JSON.",
            f"Question: {request.question}\nMissing points: {'; '.join(missed[:3])}\n"
            f"Language: {'Korean' if language == 'ko' else 'English'}",
            "question",
            80,
        )

    def remark(
        self,
        request: ScoringRequest,
        judgement: Judgement,
        results: Sequence[KeyPointResult],
        language: str,
    ) -> str | None:
        if not self.capable:
            return None
        covered = [r.key_point for r in results if r.verdict == "covered"]
        wrong = [r.key_point for r in results if r.verdict == "contradicted"]
        missing = [r.key_point for r in results if r.verdict in ("partial", "missing")]
        return self._chat(
            "You are a kind, precise technical interviewer. In 2-3 sentences, tell the "
            "candidate what was good and what to add. Do not give a score. Reply in JSON.",
            f"Question: {request.question}\nCovered: {'; '.join(covered) or 'nothing'}\n"
            f"Missing: {'; '.join(missing) or 'nothing'}\n"
            f"Stated the other way round (wrong): {'; '.join(wrong) or 'nothing'}\n"
            f"Language: {'Korean' if language == 'ko' else 'English'}",
            "feedback",
            160,
        )

    def write_resume_questions(self, resume: str, language: str, count: int) -> list[Any]:
        """Questions about the résumé's projects (WrittenQuestion); none from a small model."""
        if not self.capable:
            return []
        from interview_cli.planning.generate import reply_tokens, write_questions

        # the résumé must leave room in the context for the instructions and the reply: cut it
        # by tokens (Korean takes more tokens per character than English)
        budget = self.engine.n_ctx - reply_tokens(count) - PROMPT_ROOM
        tokens = self.engine.tokenize(resume)
        if len(tokens) > budget:
            resume = self.engine.detokenize(tokens[: max(0, budget)])
        return write_questions(self.engine.chat, resume, language, count)

    def _chat(self, system: str, user: str, key: str, max_tokens: int) -> str | None:
        text = self.engine.chat(system, user, _JSON_FIELD.format(key=key), max_tokens)
        return _json_field(text, key)


_JSON_FIELD = r"""root ::= "{{" ws "\"{key}\"" ws ":" ws string ws "}}"
string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" ["\\/bfnrt] )* "\""
ws ::= [ \t\n]*
"""


def _json_field(text: str, key: str) -> str | None:
    try:
        value = json.loads(text).get(key)
    except (json.JSONDecodeError, AttributeError):
        return None
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _continuation(point: str) -> str:
    """A key point as the words that follow the prompt."""
    return " " + _lower_first(point.strip())


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
