"""Generated practice histories for the report, scheduling and history tests and the bench."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interview_cli.reports.stats import Installed
from interview_cli.store import Attempt, HistoryStore, ScorerInfo, Session

LLM = ScorerInfo("llm-judge", "logprob", "1", model="qwen2.5-1.5b-q4", model_sha256="ab" * 32)
LLM2 = ScorerInfo("llm-judge", "logprob", "2", model="gemma-2b-q4", model_sha256="cd" * 32)
RUBRIC = ScorerInfo("rubric", "keyword", "1")


@dataclass(frozen=True)
class GenQuestion:
    bank_id: str
    question_id: str
    topic: str
    text: str
    key_points: tuple[str, ...]
    time_limit_s: int


def _bank(bank_id: str, topic: str, korean: bool, count: int) -> list[GenQuestion]:
    out = []
    for n in range(count):
        if korean:
            text = f"{topic} 질문 {n}: 프로세스와 스레드의 차이를 설명하세요."
            points = tuple(f"{topic}-{n} 핵심 {k}: 주소 공간을 공유한다" for k in range(3))
        else:
            text = f"{topic} question {n}: explain the trade-off behind concept {n}."
            points = tuple(f"{topic}-{n} key point {k} is stated" for k in range(3))
        out.append(GenQuestion(bank_id, f"{topic}-q{n}", topic, text, points, 60 + 30 * (n % 3)))
    return out


INSTALLED_BANKS = {
    "os-en": _bank("os-en", "os", False, 6),
    "ml-ko": _bank("ml-ko", "ml", True, 6),
    "db-en": _bank("db-en", "db", False, 5),
}
DELETED_BANKS = {"old-net": _bank("old-net", "net", False, 4)}


def _details(question: GenQuestion, score: float, rng: random.Random) -> dict[str, object]:
    key_points = []
    for index, point in enumerate(question.key_points):
        # the last key point of every question is the hard one
        chance = score / 10 - (0.35 if index == len(question.key_points) - 1 else 0.0)
        roll = rng.random()
        verdict = "covered" if roll < chance else "partial" if roll < chance + 0.15 else "missing"
        key_points.append(
            {"key_point": point, "verdict": verdict, "confidence": 0.8, "evidence": None}
        )
    return {"key_points": key_points, "feedback": "generated", "flags": []}


def generate(
    sessions: int = 300,
    seed: int = 7,
    start: datetime = datetime(2024, 1, 1, 9, 0, tzinfo=UTC),
    days: int = 150,
    per_session: tuple[int, int] = (3, 8),
) -> tuple[list[Session], list[Attempt]]:
    """A history of ``sessions`` sessions over ``days`` days: scores improve with practice,
    three scorers take turns, one bank is no longer installed."""
    rng = random.Random(seed)
    questions = [q for bank in (*INSTALLED_BANKS.values(), *DELETED_BANKS.values()) for q in bank]
    day_offsets = sorted(rng.randrange(days) for _ in range(sessions))
    out_sessions: list[Session] = []
    attempts: list[Attempt] = []
    practice_count: dict[str, int] = {}
    serial = 0
    for s_index, offset in enumerate(day_offsets):
        began = start + timedelta(days=offset, minutes=rng.randrange(0, 14 * 60))
        progress = offset / days
        scorer = RUBRIC if rng.random() < 0.2 else (LLM if progress < 0.6 else LLM2)
        count = rng.randint(*per_session)
        picked = rng.sample(questions, count)
        session = Session(
            id=f"s{s_index:05d}",
            started_at=began.isoformat(timespec="milliseconds"),
            finished_at=(began + timedelta(minutes=30)).isoformat(timespec="milliseconds"),
            status="finished",
            bank_ids=tuple(sorted({q.bank_id for q in picked})),
            question_keys=tuple(f"{q.bank_id}/{q.question_id}" for q in picked),
        )
        out_sessions.append(session)
        clock = began
        for question in picked:
            serial += 1
            key = f"{question.bank_id}/{question.question_id}"
            seen = practice_count.get(key, 0)
            practice_count[key] = seen + 1
            skipped = rng.random() < 0.05
            taken = round(rng.uniform(0.4, 1.4) * question.time_limit_s, 1)
            base = 3.0 + 4.0 * progress + 0.5 * min(seen, 4)
            score = None if skipped else round(min(10.0, max(0.0, rng.gauss(base, 1.6))), 1)
            started = clock
            clock = clock + timedelta(seconds=taken + 20)
            attempt = Attempt(
                id=f"a{serial:06d}",
                session_id=session.id,
                bank_id=question.bank_id,
                question_id=question.question_id,
                question_text=question.text,
                topic=question.topic,
                answer="" if skipped else f"answer {serial}",
                started_at=started.isoformat(timespec="milliseconds"),
                submitted_at=clock.isoformat(timespec="milliseconds"),
                time_taken_s=0.0 if skipped else taken,
                time_limit_s=question.time_limit_s,
                overtime=not skipped and taken > question.time_limit_s,
                skipped=skipped,
                score=score,
                score_details={} if score is None else _details(question, score, rng),
                scorer=None if skipped else scorer,
            )
            attempts.append(attempt)
            if score is not None and rng.random() < 0.12:
                serial += 1
                clock += timedelta(seconds=40)
                attempts.append(
                    Attempt(
                        id=f"a{serial:06d}",
                        session_id=session.id,
                        bank_id=question.bank_id,
                        question_id=question.question_id,
                        question_text="Follow-up: why does that matter?",
                        topic=question.topic,
                        answer="follow-up answer",
                        kind="follow_up",
                        parent_id=attempt.id,
                        started_at=(clock - timedelta(seconds=30)).isoformat(
                            timespec="milliseconds"
                        ),
                        submitted_at=clock.isoformat(timespec="milliseconds"),
                        time_taken_s=30.0,
                        score=round(rng.uniform(2, 9), 1),
                        scorer=scorer,
                    )
                )
    return out_sessions, attempts


def write_store(store: HistoryStore, sessions: list[Session], attempts: list[Attempt]) -> None:
    """Put a generated history into a store in one transaction (add() would take minutes)."""
    with store.transaction() as db:
        db.table("sessions").insert_multiple([s.to_doc() for s in sessions])
        db.table("attempts").insert_multiple([a.to_doc() for a in attempts])


def installed() -> Installed:
    """The Installed set for the generated banks (old-net is deleted)."""
    return Installed(
        banks=frozenset(INSTALLED_BANKS),
        questions=frozenset(
            f"{q.bank_id}/{q.question_id}" for bank in INSTALLED_BANKS.values() for q in bank
        ),
    )
