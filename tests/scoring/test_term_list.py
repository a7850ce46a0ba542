"""A list of terms is not an explanation: English and Korean, lists and bullet lines."""

from __future__ import annotations

import pytest

from interview_cli.scoring.term_list import check_term_list


@pytest.mark.parametrize(
    "answer",
    [
        "queue, stack, FIFO, LIFO, shortest path, backtracking, O(V+E)",
        "- queue\n- stack\n- FIFO\n- shortest path",
        "TCP: reliable, ordered, connection. UDP: fast, connectionless, DNS, games",
        "큐, 스택, FIFO, LIFO, 최단 경로, 백트래킹",
        "비관적 락 - SELECT FOR UPDATE, 낙관적 락 - version 컬럼, 데드락, 재시도",
        "mutex semaphore ownership counter signaling",
    ],
)
def test_term_lists_are_flagged(answer: str) -> None:
    assert check_term_list(answer).is_term_list


@pytest.mark.parametrize(
    "answer",
    [
        "BFS uses a queue and explores level by level, while DFS uses a stack.",
        "BFS는 큐를 사용해서 레벨 단위로 탐색하고, DFS는 스택을 씁니다.",
        "프로세스는 독립된 메모리 공간을 가지고 스레드는 공유합니다.",
        "Use a mutex when one owner must hold the lock; a semaphore counts permits, so several "
        "threads can enter, and any thread may signal it.",
        "Short answer: yes.",
    ],
)
def test_explanations_are_not(answer: str) -> None:
    assert not check_term_list(answer).is_term_list


def test_korean_notes_with_particles_are_not_a_term_list() -> None:
    assert not check_term_list("스레드가 힙 메모리에 동시 접근 시 경쟁 상태 발생 가능").is_term_list
