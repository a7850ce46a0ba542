"""Build the scorer for a command or the app: model-backed when possible, else rubric."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from interview_cli.scoring.base import Scorer
from interview_cli.scoring.pipeline import SCORER_VERSION, RubricScorer

if TYPE_CHECKING:
    from interview_cli.config import Settings
    from interview_cli.paths import Paths

StatusCallback = Callable[[str], None]


def rubric_scorer() -> Scorer:
    """The scorer that needs no model: instant, and what every fallback lands on."""
    return RubricScorer()


def build_scorer(
    settings: Settings, paths: Paths, on_status: StatusCallback | None = None
) -> Scorer:
    """The best scorer available: the pipeline with the server or the configured model as its
    support, or the rubric scorer with the reason. Slow when it loads a model, so call it from
    a worker."""
    from interview_cli.llm.discovery import EmbeddedModelError, embedded_model_path, resolve_model
    from interview_cli.llm.engine import Engine, ModelLoadError
    from interview_cli.llm.gguf_info import ModelFileError, read_model_info, sha256_file
    from interview_cli.scoring.baseline_store import BaselineStore
    from interview_cli.scoring.embedding import Embedder
    from interview_cli.scoring.model_reader import ModelReader

    def status(message: str) -> None:
        if on_status is not None:
            on_status(message)

    embedder = Embedder(threads=settings.threads)  # loads on first use

    if settings.server:
        from interview_cli.scoring.server_scorer import ServerScorer

        status(f"using server {settings.server}")
        return ServerScorer(settings.server, fallback=RubricScorer(embedder=embedder))
    try:
        path: Path = (
            resolve_model(settings.model, paths)
            if settings.model
            else embedded_model_path(paths.cache_dir)
        )
        status(f"loading {path.name}")
        model = read_model_info(path)
        engine = Engine(path, n_ctx=2048, n_threads=settings.threads)
        digest = sha256_file(path)
    except (ModelFileError, EmbeddedModelError, ModelLoadError) as exc:
        status(f"fallback: {exc}")
        return RubricScorer(embedder=embedder)
    status(f"ready: {model.display_name}")
    made_by = f"scorer {SCORER_VERSION}, {engine.backend}"
    store = BaselineStore(paths.cache_dir / "baselines", digest, made_by)
    reader = ModelReader(engine, model, digest, baseline_store=store)
    return RubricScorer(embedder=embedder, support=reader)
