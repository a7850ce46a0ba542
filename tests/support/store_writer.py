"""A writer process for the store tests: adds attempts and prints each id once add() returned."""

from __future__ import annotations

import sys
from pathlib import Path

from interview_cli.store import Attempt, HistoryStore


def main() -> None:
    path = Path(sys.argv[1])
    count = int(sys.argv[2])
    tag = sys.argv[3]
    store = HistoryStore(path, lock_timeout_s=60)
    for index in range(count):
        attempt = Attempt(
            session_id=tag,
            bank_id="os-en",
            question_id=f"q{index}",
            question_text="프로세스와 스레드의 차이는?",
            answer=f"answer {index} from {tag} " + "x" * 200,
            score=index % 11,
        )
        store.attempts.add(attempt)
        print(attempt.id, flush=True)


if __name__ == "__main__":
    main()
