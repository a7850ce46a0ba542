"""Paths and settings: INTERVIEW_HOME, platformdirs, and file -> environment -> flag precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_cli.config import ConfigError, Settings, load_settings
from interview_cli.paths import resolve_paths, shipped_banks_dir


def test_interview_home_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path / "h")})
    root = (tmp_path / "h").resolve()
    for location in (
        paths.config_file,
        paths.history_file,
        paths.user_banks_dir,
        paths.user_models_dir,
        paths.backups_dir,
        paths.cache_dir,
    ):
        assert location.is_relative_to(root)


def test_platformdirs_without_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = resolve_paths({})
    assert paths.history_file == tmp_path / "xdg-data" / "interview-cli" / "history.json"
    assert paths.config_file == tmp_path / "xdg-config" / "interview-cli" / "config.toml"


def test_shipped_banks_dir_exists() -> None:
    assert shipped_banks_dir().is_dir()


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(resolve_paths({"INTERVIEW_HOME": str(tmp_path)}), env={})
    assert settings == Settings()
    assert set(settings.sources.values()) == {"default"}


def test_precedence_file_then_env_then_flag(tmp_path: Path) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    tmp_path.mkdir(exist_ok=True)
    paths.config_file.write_text(
        '[interview]\ntime_limit_s = 90\nquestion_count = 7\nlanguage = "ko"\n',
        encoding="utf-8",
    )
    env = {"INTERVIEW_QUESTION_COUNT": "9", "INTERVIEW_LANGUAGE": "en"}
    settings = load_settings(paths, flags={"language": "ko", "time_limit_s": None}, env=env)
    assert settings.time_limit_s == 90
    assert settings.sources["time_limit_s"] == str(paths.config_file)
    assert settings.question_count == 9
    assert settings.sources["question_count"] == "INTERVIEW_QUESTION_COUNT"
    assert settings.language == "ko"
    assert settings.sources["language"] == "flag"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TIME_LIMIT_S",
            "5x",
            "INTERVIEW_TIME_LIMIT_S: time_limit_s must be a whole number of seconds "
            "(0 or 'none' for no limit), not '5x'",
        ),
        ("MAX_FOLLOW_UPS", "-1", "max_follow_ups must be a whole number, 0 or more, not '-1'"),
        ("DRAFT_SAVE_INTERVAL_S", "0", "must be a number greater than 0, not '0'"),
    ],
)
def test_a_bad_number_in_the_environment_says_what_it_takes(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    with pytest.raises(ConfigError) as info:
        load_settings(paths, env={f"INTERVIEW_{name}": value})
    assert message in str(info.value) and "a int" not in str(info.value)


@pytest.mark.parametrize("value", ["none", "0", "off"])
def test_time_limit_can_be_switched_off(tmp_path: Path, value: str) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    settings = load_settings(paths, env={"INTERVIEW_TIME_LIMIT_S": value})
    assert settings.time_limit_s is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("time_limit_s = \n", "config.toml: "),
        (
            "[interview]\nquestion_count = 'many'\n",
            "question_count must be a whole number, 0 or more, not 'many'",
        ),
        ("[interview]\nbogus = 1\n", "unknown setting 'bogus'"),
        ("[interview]\novertime = 'never'\n", "overtime must be one of submit, keep_writing"),
    ],
)
def test_bad_config_file(tmp_path: Path, content: str, message: str) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    tmp_path.mkdir(exist_ok=True)
    paths.config_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(paths, env={})
    assert message in str(info.value)
    assert str(paths.config_file) in str(info.value)


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    tmp_path.mkdir(exist_ok=True)
    paths.config_file.write_text("[interview]\nquestion_count = 3\nlanguage = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 3"):
        load_settings(paths, env={})


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    paths = resolve_paths({"INTERVIEW_HOME": str(tmp_path)})
    with pytest.raises(ConfigError, match="INTERVIEW_QUESTION_COUNT: question_count must be"):
        load_settings(paths, env={"INTERVIEW_QUESTION_COUNT": "-3"})
