"""Shared fixtures: every test gets its own INTERVIEW_HOME and never sees the real data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from interview_cli.scoring.model_reader import ModelReader
    from interview_cli.scoring.pipeline import RubricScorer


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


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache dir per test run, so the embedded model is assembled once."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def model_path(model_cache: Path) -> Path:
    from interview_cli.llm.discovery import embedded_model_path

    return embedded_model_path(model_cache)


@pytest.fixture(scope="session")
def model_reader(model_path: Path) -> Iterator[ModelReader]:
    """The embedded model on 2 threads as the scoring pipeline's support, shared by the tests."""
    from interview_cli.llm.engine import Engine
    from interview_cli.llm.gguf_info import read_model_info, sha256_file
    from interview_cli.scoring.model_reader import ModelReader

    engine = Engine(model_path, n_ctx=2048, n_threads=2)
    yield ModelReader(engine, read_model_info(model_path), sha256_file(model_path))


@pytest.fixture(scope="session")
def scorer(model_reader: ModelReader) -> Iterator[RubricScorer]:
    """The default scorer on the embedded model, 2 threads, shared by the tests that need it."""
    from interview_cli.scoring.embedding import Embedder
    from interview_cli.scoring.pipeline import RubricScorer

    # as the app and the CLI build it: with sentence embeddings (loaded on first use)
    yield RubricScorer(embedder=Embedder(threads=2), support=model_reader)
