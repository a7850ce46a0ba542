"""Deterministic stand-ins for the practice tests (scorer, clock, banks) and the app on them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_cli.banks.loader import parse_bank_text
from interview_cli.banks.schema import Bank
from interview_cli.config import Settings
from interview_cli.scoring.base import (
    FLAG_NO_MODEL,
    KeyPointResult,
    ScoreResult,
    ScoringRequest,
    TokenCallback,
)
from interview_cli.store import Attempt, HistoryStore, ScorerInfo

EN_BANK = """\
bank: mini-en
title: Mini operating systems
language: en
questions:
  - id: proc-thread
    topic: os
    tags: [process, thread]
    difficulty: 2
    time_limit_s: 90
    question: What is the difference between a process and a thread?
    key_points:
      - Threads of one process share its address space.
      - Each thread has its own stack.
      - Switching threads is cheaper than switching processes.
    model_answer: |
      A process has its own address space; threads inside it share that memory
      but each keeps its own stack and registers, so switching threads is cheaper.
    follow_ups:
      - How do two processes exchange data?
      - What does a context switch save?
  - id: deadlock
    topic: os
    difficulty: 3
    question: What four conditions are needed for a deadlock?
    key_points:
      - Mutual exclusion.
      - Hold and wait.
      - No preemption.
      - Circular wait.
    model_answer: Mutual exclusion, hold and wait, no preemption and circular wait.
  - id: tcp-udp
    topic: net
    difficulty: 1
    question: How does TCP differ from UDP?
    key_points:
      - TCP is connection oriented and reliable.
      - UDP sends datagrams without delivery guarantees.
    model_answer: TCP gives a reliable ordered stream; UDP sends independent datagrams.
"""

KO_BANK = """\
bank: mini-ko
title: 미니 운영체제
language: ko
questions:
  - id: proc-thread-ko
    topic: os
    difficulty: 2
    time_limit_s: 90
    question: 프로세스와 스레드의 차이를 설명해 주세요.
    key_points:
      - 스레드는 같은 프로세스의 주소 공간을 공유한다.
      - 각 스레드는 자신만의 스택을 가진다.
    model_answer: |
      프로세스는 독립된 주소 공간을 가지며, 스레드는 프로세스의 메모리를 공유하지만
      각자 스택과 레지스터를 가집니다.
    follow_ups:
      - 두 프로세스는 어떻게 데이터를 주고받나요?
  - id: deadlock-ko
    topic: os
    difficulty: 3
    question: 교착 상태(deadlock)가 발생하는 네 가지 조건은 무엇인가요?
    key_points:
      - 상호 배제
      - 점유와 대기
      - 비선점
      - 순환 대기
    model_answer: 상호 배제, 점유와 대기, 비선점, 순환 대기의 네 조건이 모두 성립해야 합니다.
"""

EN_ANSWER = (
    "Threads share the address space of their process, while each thread has its own stack. "
    "A process is isolated."
)
KO_ANSWER = "스레드는 프로세스의 주소 공간을 공유합니다. 프로세스는 서로 독립적입니다."


def bank(text: str) -> Bank:
    parsed, problems = parse_bank_text(text, "test.yaml")
    assert parsed is not None, problems
    return parsed


def en_bank() -> Bank:
    return bank(EN_BANK)


def ko_bank() -> Bank:
    return bank(KO_BANK)


def settings(**values: Any) -> Settings:
    """Settings as if read from a file: a value given here counts as chosen by the person."""
    sources = {name: "test" for name in values}
    return Settings(**values, sources=sources)


def store_at(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.json", backups_dir=tmp_path / "backups")


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


_WORD = re.compile(r"\w+")


def _stems(text: str) -> list[str]:
    # three characters are enough to tell words apart here, in English and in Korean (where a
    # particle is glued to the end of the word)
    return [w.lower()[:3] if len(w) > 3 else w.lower() for w in _WORD.findall(text)]


@dataclass
class FakeScorer:
    """Scores by shared word stems: deterministic, instant unless ``gate`` holds it back."""

    follow_up: str | None = None
    no_model: bool = False
    gate: threading.Event | None = None
    fail: bool = False
    feedback_chunks: tuple[str, ...] = ("Good ", "structure.")
    calls: int = 0

    @property
    def info(self) -> ScorerInfo:
        if self.no_model:
            return ScorerInfo(name="fake", method="rubric", version="1")
        return ScorerInfo(name="fake", method="judge", version="1", model="/m/fake-model.gguf")

    def score(self, request: ScoringRequest, on_text: TokenCallback | None = None) -> ScoreResult:
        self.calls += 1
        if self.gate is not None and not self.gate.wait(30):
            raise TimeoutError("the test never released the scorer")
        if self.fail:
            raise RuntimeError("the scorer broke")
        answer_stems = set(_stems(request.answer))
        points = []
        credit = 0.0
        for point in request.key_points:
            stems = [s for s in _stems(point) if len(s) >= 2]
            hits = [s for s in stems if s in answer_stems]
            share = len(hits) / len(stems) if stems else 0.0
            verdict = "covered" if share >= 0.5 else "partial" if hits else "missing"
            credit += {"covered": 1.0, "partial": 0.5, "missing": 0.0}[verdict]
            evidence = None
            span = None
            if hits:
                for match in re.finditer(r"[^.!?]+[.!?]?", request.answer):
                    if any(h in _stems(match.group()) for h in hits):
                        evidence = match.group().strip()
                        begin = request.answer.find(evidence)
                        span = (begin, begin + len(evidence))
                        break
            points.append(
                KeyPointResult(point, verdict, share, evidence=evidence, evidence_span=span)  # type: ignore[arg-type]
            )
        total = len(request.key_points) or 1
        for chunk in self.feedback_chunks:
            if on_text is not None:
                on_text(chunk)
        return ScoreResult(
            score=round(10 * credit / total, 1),
            key_points=tuple(points),
            feedback="".join(self.feedback_chunks),
            scorer=self.info,
            flags=(FLAG_NO_MODEL,) if self.no_model else (),
            follow_up=self.follow_up,
            follow_up_generated=self.follow_up is not None,
        )


def gated_loader(
    scorer: FakeScorer, gate: threading.Event, statuses: list[str] | None = None
) -> Callable[[Callable[[str], None]], FakeScorer]:
    """A scorer loader that takes as long as the test wants (a model loading)."""

    def load(on_status: Callable[[str], None]) -> FakeScorer:
        on_status("loading fake-model.gguf…")
        if statuses is not None:
            statuses.append("loading")
        if not gate.wait(30):
            raise TimeoutError("the test never released the loader")
        return scorer

    return load


def make_app(
    tmp_path: Path,
    *,
    banks: list[Bank] | None = None,
    straight: bool = True,
    count: int = 3,
    scorer: FakeScorer | None = None,
    load_scorer: Callable[[Callable[[str], None]], FakeScorer] | None = None,
    clock: FakeClock | None = None,
    store: HistoryStore | None = None,
    interrupted: Any = None,
    filters: Any = None,
    seed: int | None = 3,
    mode: str = "practice",
    warnings: tuple[str, ...] = (),
    history_path: Path | None = None,
    history: Sequence[Attempt] = (),
    **setting_values: Any,
) -> Any:
    """The practice app as the CLI builds it, with a fake scorer, clock and a temp history."""
    from interview_cli.planning.picking import Filters, SessionOptions, plan_session
    from interview_cli.scoring.factory import rubric_scorer
    from interview_cli.tui.app import PracticeApp
    from interview_cli.tui.app_config import PracticeAppConfig, store_recorder

    chosen = banks if banks is not None else [en_bank()]
    conf = settings(question_count=count, **setting_values)
    history_store = store or store_at(tmp_path)
    wanted = filters or Filters()
    plan = plan_session(
        chosen,
        wanted,
        count,
        seed=seed,
        options=SessionOptions.from_settings(conf, mode),  # type: ignore[arg-type]
    )
    if scorer is None and load_scorer is None:
        scorer = FakeScorer()
    return PracticeApp(
        PracticeAppConfig(
            settings=conf,
            banks=chosen,
            recorder=store_recorder(history_store),
            scorer=scorer,
            load_scorer=load_scorer,
            fallback_scorer=rubric_scorer,
            filters=wanted,
            seed=seed,
            plan=plan if straight else None,
            interrupted=interrupted,
            warnings=warnings,
            history_path=history_path or history_store.path,
            history=history,
            mode=mode,  # type: ignore[arg-type]
            clock=clock or FakeClock(),
        )
    )
