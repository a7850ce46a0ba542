"""Record the llama_decode steps an engine runs, from outside it (tests/llm/test_engine.py and
bench/scoring.py both use it)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from interview_cli.llm.engine import Engine, Step


@contextlib.contextmanager
def recorded(engine: Engine) -> Iterator[list[Step]]:
    """The steps ``engine`` runs inside the block, in order; it runs them as it would anyway."""
    steps: list[Step] = []
    run = engine.run_step

    def recording(step: Step, read: bool = True) -> Any:
        steps.append(step)
        return run(step, read)

    setattr(engine, "run_step", recording)  # noqa: B010 - an instance attribute over the method
    try:
        yield steps
    finally:
        delattr(engine, "run_step")
