"""Which questions a session asks: filters, options, and the order to ask them in.

Picking is planning: the session runs what was picked, and `make_plan` (planning/tailored.py)
picks from the same filters, so both sit below the session package.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from interview_cli.planning.questions import PlannedQuestion, QuestionStats, history_stats

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank, Question
    from interview_cli.config import Settings
    from interview_cli.store.models import Attempt

SessionMode = Literal["practice", "mock"]
MODES: tuple[SessionMode, ...] = ("practice", "mock")
OvertimePolicy = Literal["submit", "keep_writing"]

UNSCORED_PRIORITY = 5.0  # an attempt that was never scored sorts as a middling one


class NoQuestionsError(Exception):
    """No question matches the filters; the message names them."""


class UnknownBankError(Exception):
    """A bank id that no loaded bank has; the message lists the ones there are."""


@dataclass(frozen=True)
class Filters:
    """Which questions a session may ask. Empty means no restriction."""

    bank_ids: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    difficulty: int | None = None
    language: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.bank_ids:
            parts.append(
                ("bank " if len(self.bank_ids) == 1 else "banks ") + ", ".join(self.bank_ids)
            )
        if self.topics:
            parts.append(
                ("topic " if len(self.topics) == 1 else "topics ") + ", ".join(self.topics)
            )
        if self.difficulty is not None:
            parts.append(f"difficulty {self.difficulty}")
        if self.language:
            parts.append(f"language {self.language}")
        return "; ".join(parts) if parts else "no filters"

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_ids": list(self.bank_ids),
            "topics": list(self.topics),
            "difficulty": self.difficulty,
            "language": self.language,
        }


@dataclass(frozen=True)
class SessionOptions:
    """The settings the session logic needs (the front end reads the rest)."""

    time_limit_s: int | None = 120
    # True when the person chose the limit (file, environment or flag): it then beats the
    # bank's own per-question limit, so `--time-limit 30` really means 30 s for every question
    time_limit_overrides: bool = False
    overtime: OvertimePolicy = "submit"
    max_follow_ups: int = 2
    # practice: feedback after every answer. mock: like a real interview, no hints and no
    # feedback until the end; follow-ups come at once when key points were missed
    mode: SessionMode = "practice"

    @classmethod
    def from_settings(cls, settings: Settings, mode: SessionMode = "practice") -> SessionOptions:
        return cls(
            time_limit_s=settings.time_limit_s,
            time_limit_overrides=settings.sources.get("time_limit_s", "default") != "default",
            overtime=settings.overtime,
            max_follow_ups=settings.max_follow_ups,
            mode=mode,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionOptions:
        overtime = data.get("overtime", "submit")
        limit = data.get("time_limit_s", 120)
        return cls(
            time_limit_s=int(limit) if isinstance(limit, int | float) else None,
            time_limit_overrides=bool(data.get("time_limit_overrides", False)),
            overtime="keep_writing" if overtime == "keep_writing" else "submit",
            max_follow_ups=int(data.get("max_follow_ups", 2)),
            mode="mock" if data.get("mode") == "mock" else "practice",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "time_limit_s": self.time_limit_s,
            "time_limit_overrides": self.time_limit_overrides,
            "overtime": self.overtime,
            "max_follow_ups": self.max_follow_ups,
            "mode": self.mode,
        }

    def limit_for(self, question: Question) -> int | None:
        if self.time_limit_overrides or question.time_limit_s is None:
            return self.time_limit_s
        return question.time_limit_s


def select_banks(banks: Sequence[Bank], bank_ids: Sequence[str]) -> list[Bank]:
    """The banks named (all when none is); UnknownBankError for an id nobody has."""
    if not bank_ids:
        return list(banks)
    by_id = {b.id: b for b in banks}
    unknown = [b for b in bank_ids if b not in by_id]
    if unknown:
        from interview_cli.banks.ids import unknown_bank_message

        raise UnknownBankError(unknown_bank_message(unknown, by_id))
    return [by_id[b] for b in dict.fromkeys(bank_ids)]


def matching_questions(
    banks: Sequence[Bank], filters: Filters, options: SessionOptions | None = None
) -> list[PlannedQuestion]:
    """Every question that passes the filters, in bank order."""
    opts = options or SessionOptions()
    topics = {t.lower() for t in filters.topics}
    out: list[PlannedQuestion] = []
    for bank in select_banks(banks, filters.bank_ids):
        if filters.language and bank.language != filters.language:
            continue
        named = bank.id in filters.bank_ids
        for q in bank.questions:
            if q.topic == "resume" and q.key_points_source == "generated" and not named:
                continue  # questions a model wrote about your résumé: asked when you ask
            if (
                topics
                and q.topic.lower() not in topics
                and not topics & {t.lower() for t in q.tags}
            ):
                continue
            if filters.difficulty is not None and q.difficulty != filters.difficulty:
                continue
            out.append(PlannedQuestion(bank.id, bank.language, q, opts.limit_for(q)))
    return out


def order_questions(
    candidates: Sequence[PlannedQuestion],
    stats: Mapping[str, QuestionStats],
    seed: int | None = None,
    rng: random.Random | None = None,
) -> list[PlannedQuestion]:
    """Never-seen questions first, then the worst scored, then the least seen.

    With ``seed`` the order is a fixed shuffle that ignores history, so the same seed gives the
    same session. Ties in the history order are broken at random so two fresh sessions differ.
    """
    stable = sorted(candidates, key=lambda p: p.key)
    if seed is not None:
        random.Random(seed).shuffle(stable)
        return stable
    chance = rng or random.Random()
    tiebreak = {p.key: chance.random() for p in stable}

    def priority(p: PlannedQuestion) -> tuple[int, float, int, float]:
        st = stats.get(p.key)
        if st is None or st.seen == 0:
            return (0, 0.0, 0, tiebreak[p.key])
        score = UNSCORED_PRIORITY if st.last_score is None else st.last_score
        return (1, score, st.seen, tiebreak[p.key])

    return sorted(stable, key=priority)


def plan_session(
    banks: Sequence[Bank],
    filters: Filters,
    count: int,
    history: Iterable[Attempt] = (),
    seed: int | None = None,
    options: SessionOptions | None = None,
    rng: random.Random | None = None,
) -> list[PlannedQuestion]:
    """The questions to ask, in order; NoQuestionsError naming the filters when none match."""
    candidates = matching_questions(banks, filters, options)
    if not candidates:
        raise NoQuestionsError(f"no question matches {filters.describe()}")
    ordered = order_questions(candidates, history_stats(history), seed=seed, rng=rng)
    return ordered[: max(1, count)]
