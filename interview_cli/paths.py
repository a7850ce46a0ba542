"""Where interview-cli keeps its files: platformdirs, or one folder under INTERVIEW_HOME."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from interview_cli import APP_NAME

HOME_ENV = "INTERVIEW_HOME"


@dataclass(frozen=True)
class Paths:
    """Every location the tool reads or writes, resolved once per command."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "history.json"

    @property
    def user_banks_dir(self) -> Path:
        return self.data_dir / "banks"

    @property
    def user_models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"


def resolve_paths(env: dict[str, str] | None = None) -> Paths:
    """Paths for this user; ``INTERVIEW_HOME`` puts everything under one folder."""
    environ = os.environ if env is None else env
    home = environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(data_dir=root, config_dir=root, cache_dir=root / "cache")
    import platformdirs  # deferred: only commands that touch files need it

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    # a folder we do not own (a shared mount) keeps its mode
    with contextlib.suppress(PermissionError):
        os.chmod(path, 0o700)
    return path


def shipped_banks_dir() -> Path:
    """The banks that come with the tool: inside the wheel, or ``question_banks/`` in a checkout."""
    # the package is always a folder on disk (never imported from a zip), so its own path is
    # where its data is; importlib.resources would cost a few ms of every start-up for the same
    packaged = Path(__file__).resolve().parent / "question_banks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "question_banks"


def checkout_models_dir() -> Path | None:
    """``models/`` next to the package when running from a source checkout."""
    candidate = Path(__file__).resolve().parent.parent / "models"
    return candidate if candidate.is_dir() else None
