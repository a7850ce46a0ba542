"""Shared fixtures: every test gets its own INTERVIEW_HOME and never sees the real data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def interview_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEW_HOME", str(home))
    for name in list(__import__("os").environ):
        if name.startswith("INTERVIEW_") and name != "INTERVIEW_HOME":
            monkeypatch.delenv(name)
    yield home


GOOD_BANK = """\
bank: tiny-en
title: Tiny bank
language: en
license: CC-BY-4.0
version: "1.0"
description: Two questions for tests.
questions:
  - id: tiny-one
    topic: os
    tags: [process]
    difficulty: 1
    question: What is a process?
    key_points:
      - A process is a running program with its own address space.
    model_answer: A process is a program in execution with its own address space.
  - id: tiny-two
    topic: os
    difficulty: 2
    question: What is a thread?
    key_points:
      - A thread shares its process's memory.
    follow_ups:
      - Why are threads cheaper to switch?
"""


@pytest.fixture
def good_bank_text() -> str:
    return GOOD_BANK
