"""Typed settings, read from the TOML file, then INTERVIEW_* variables, then command-line flags."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from interview_cli.paths import Paths

ENV_PREFIX = "INTERVIEW_"

ModelAnswerMode = Literal["on_request", "always"]
OvertimeMode = Literal["submit", "keep_writing"]


class ConfigError(Exception):
    """A setting could not be read; the message names the file or variable."""


@dataclass(frozen=True)
class Settings:
    """Everything a user can set. Each field can come from the file, the environment or a flag."""

    time_limit_s: int | None = 120
    question_count: int = 5
    language: str | None = None
    model: str | None = None
    server: str | None = None
    threads: int | None = None
    show_model_answer: ModelAnswerMode = "on_request"
    overtime: OvertimeMode = "submit"
    max_follow_ups: int = 2
    draft_save_interval_s: float = 3.0
    # where each value came from, for `interview config show`
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


_FIELDS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "sources"}
# the words that mean "no value" for a setting that may have none (time_limit_s = "none")
NONE_WORDS = frozenset({"none", "off", "null", ""})


def _coerce(name: str, raw: Any, origin: str) -> Any:
    """Turn a raw value (TOML value or env string) into the field's type, or explain why not."""
    annotation = Settings.__annotations__[name]
    text = annotation if isinstance(annotation, str) else str(annotation)
    optional = "None" in text
    if isinstance(raw, str) and optional and raw.strip().lower() in NONE_WORDS:
        return None
    try:
        if text.startswith("int"):
            if isinstance(raw, bool):
                raise ValueError
            value: Any = int(raw)
            if value < 0:
                raise ValueError
            if name == "time_limit_s" and value == 0:
                return None
            return value
        if text.startswith("float"):
            value = float(raw)
            if value <= 0:
                raise ValueError
            return value
        if name in ("show_model_answer", "overtime"):
            choices = get_args(ModelAnswerMode if name == "show_model_answer" else OvertimeMode)
            if raw not in choices:
                raise ConfigError(
                    f"{origin}: {name} must be one of {', '.join(choices)}, not {raw!r}"
                )
            return raw
        if not isinstance(raw, str):
            raise ValueError
        return raw
    except (TypeError, ValueError):
        raise ConfigError(
            f"{origin}: {name} must be {_expected(name, text)}, not {raw!r}"
        ) from None


def _expected(name: str, annotation: str) -> str:
    """What a setting takes, in words, for the error that names it."""
    if name == "time_limit_s":
        return "a whole number of seconds (0 or 'none' for no limit)"
    if annotation.startswith("int"):
        return "a whole number, 0 or more"
    if annotation.startswith("float"):
        return "a number greater than 0"
    return "text"


def read_config_file(path: Path) -> dict[str, Any]:
    """The ``[interview]`` table (or top level) of the TOML file; empty when there is no file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    import tomllib  # only when there is a file to read: most start-ups have none

    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: config file is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = parsed.get("interview", parsed)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [interview] must be a table")
    return table


def load_settings(
    paths: Paths,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Settings with precedence file -> environment -> flags (later wins)."""
    environ = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {name: "default" for name in _FIELDS}

    file_values = read_config_file(paths.config_file)
    for key, raw in file_values.items():
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise ConfigError(f"{paths.config_file}: unknown setting {key!r} (known: {known})")
        values[key] = _coerce(key, raw, str(paths.config_file))
        sources[key] = str(paths.config_file)

    for name in _FIELDS:
        var = ENV_PREFIX + name.upper()
        if var in environ:
            values[name] = _coerce(name, environ[var], var)
            sources[name] = var

    for name, raw in (flags or {}).items():
        if name not in _FIELDS:
            raise ConfigError(f"unknown setting {name!r}")
        if raw is None:
            continue  # flag not given
        values[name] = _coerce(name, raw, f"--{name.replace('_', '-')}")
        sources[name] = "flag"

    return Settings(**values, sources=sources)


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in _FIELDS}
