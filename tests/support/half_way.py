"""One attempt whose stored score sits half way between two shown values (6.55), to check that
every screen, command and report shows it as the same number (6.6: one decimal, half up)."""

from __future__ import annotations

from interview_cli.store import Attempt, Session
from interview_cli.store.models import ScorerInfo

STORED = 6.55  # as a float 6.5499999…: f"{x:.1f}" and round(x, 1) both gave 6.5
SHOWN = "6.6"
NOT_SHOWN = ("6.5", "6.55")  # what the app and `history list` said before

SERVER = ScorerInfo("llm-server", "logprob", "1", model="qwen2.5-7b")


def half_way_history() -> tuple[Session, Attempt]:
    session = Session(
        id="half-way",
        started_at="2024-05-30T09:00:00.000+00:00",
        status="finished",
        bank_ids=("os-en",),
        question_keys=("os-en/os-process-vs-thread",),
    )
    attempt = Attempt(
        id="half-way-1",
        session_id="half-way",
        bank_id="os-en",
        question_id="os-process-vs-thread",
        question_text="What is the difference between a process and a thread?",
        answer="Threads share the address space of their process; processes do not.",
        topic="os",
        submitted_at="2024-05-30T09:02:00.000+00:00",
        time_taken_s=80.0,
        time_limit_s=120,
        score=STORED,
        score_details={
            "key_points": [{"key_point": "Each thread has its own stack.", "verdict": "missing"}]
        },
        scorer=SERVER,
    )
    return session, attempt
