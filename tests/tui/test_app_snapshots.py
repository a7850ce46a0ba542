"""Snapshots of every practice screen at 100x30 and 80x24, in English and Korean.

Deterministic by construction: a fake clock, a fake scorer, a fixed seed, a fixed history path
and no blinking cursor. Update after a deliberate change with `pytest --snapshot-update`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from interview_cli.planning.picking import Filters
from interview_cli.tui.app import PracticeApp
from tests.support.practice_fakes import (
    EN_ANSWER,
    KO_ANSWER,
    FakeClock,
    FakeScorer,
    en_bank,
    gated_loader,
    ko_bank,
    make_app,
)
from tests.tui.test_app import _interrupted, flat, screen_text, type_text

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
LANGUAGES = ["en", "ko"]
SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[int]], Awaitable[None]]


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """The resume screen shows a local time: make local time the same everywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _app(tmp_path: Path, lang: str, **kw: Any) -> PracticeApp:
    banks = [en_bank()] if lang == "en" else [ko_bank()]
    kw.setdefault("filters", Filters(topics=("os",)))
    kw.setdefault("count", 2)
    # the temp folder differs on every run; the screens show where the history lives
    kw.setdefault("history_path", Path("/home/you/.local/share/interview-cli/history.json"))
    app: PracticeApp = make_app(tmp_path, banks=banks, clock=FakeClock(), seed=1, **kw)
    return app


async def _settle(pilot: Pilot[int]) -> None:
    await pilot.pause(0.2)
    for widget in pilot.app.screen.query("TextArea, Input"):
        if isinstance(widget, TextArea | Input):
            widget.cursor_blink = False
    await pilot.pause()


def _steps(*actions: Steps) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.pause()
        for action in actions:
            await action(pilot)
        await _settle(pilot)

    return run_before


def _answer(lang: str) -> str:
    return EN_ANSWER if lang == "en" else KO_ANSWER


async def _wait(pilot: Pilot[int], condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("screen never got there:\n" + screen_text(pilot.app))  # type: ignore[arg-type]


def _type(text: str) -> Steps:
    async def step(pilot: Pilot[int]) -> None:
        await type_text(pilot, text)

    return step


def _press(*keys: str) -> Steps:
    async def step(pilot: Pilot[int]) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return step


def _until_text(text: str) -> Steps:
    async def step(pilot: Pilot[int]) -> None:
        await _wait(pilot, lambda: text in flat(pilot.app))  # type: ignore[arg-type]

    return step


@pytest.mark.parametrize("size", SIZES)
def test_setup_screen(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, banks=[en_bank(), ko_bank()], straight=False, clock=FakeClock())
    assert snap_compare(app, terminal_size=size, run_before=_steps())


def test_setup_screen_with_a_bank_ticked(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Space on the list as it opens ticks its first bank: "[x]" against "[ ]", not colour."""
    app = make_app(tmp_path, banks=[en_bank(), ko_bank()], straight=False, clock=FakeClock())
    steps = _steps(_press("space"), _until_text("3 questions match"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_question_screen_with_an_answer_and_a_hint(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    app = _app(tmp_path, lang)
    steps = _steps(_type(_answer(lang)), _press("ctrl+t"))
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_feedback_screen_with_model_answer(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    app = _app(tmp_path, lang, show_model_answer="always")
    steps = _steps(_type(_answer(lang)), _press("ctrl+s"), _until_text("/ 10"))
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_screen(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    app = _app(tmp_path, lang)
    steps = _steps(
        _type(_answer(lang)),
        _press("ctrl+s"),
        _until_text("/ 10"),
        _press("n"),
        _until_text("Question 2 of 2"),
        _type("?"),
        _press("ctrl+s"),
        _until_text("/ 10"),
        _press("n"),
        _until_text("Session complete"),
    )
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_follow_up_question_screen(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    app = _app(tmp_path, lang)
    steps = _steps(
        _type(_answer(lang)),
        _press("ctrl+s"),
        _until_text("/ 10"),
        _press("f"),
        _until_text("Follow-up to question 1 of 2"),
    )
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_resume_screen(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    draft = "It depends on" if lang == "en" else "네 가지 조건은 상호 배제와"
    banks = [en_bank()] if lang == "en" else [ko_bank()]
    found = _interrupted(tmp_path, draft, banks=banks)
    found = replace(
        found, session=replace(found.session, started_at="2025-03-04T05:06:07.000+00:00")
    )
    app = _app(tmp_path, lang, interrupted=found)
    assert snap_compare(app, terminal_size=size, run_before=_steps())


@pytest.mark.parametrize("size", SIZES)
def test_paused_question(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = _app(tmp_path, "en")
    steps = _steps(_type("Threads share memory"), _press("ctrl+p"))
    assert snap_compare(app, terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_scoring_while_the_model_loads(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    import threading

    gate = threading.Event()
    app = _app(tmp_path, "ko", load_scorer=gated_loader(FakeScorer(), gate))
    steps = _steps(_type(KO_ANSWER), _press("ctrl+s"), _until_text("waiting for the model"))
    exit_app = app.exit

    def release_then_exit(*args: Any, **kwargs: Any) -> None:
        # the screenshot is taken: let the model finish loading, or the app's exit would wait
        # on the loader for as long as the gate's own time limit
        gate.set()
        exit_app(*args, **kwargs)

    app.exit = release_then_exit  # type: ignore[method-assign]
    try:
        assert snap_compare(app, terminal_size=size, run_before=steps)
    finally:
        gate.set()


def test_too_small_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = _app(tmp_path, "en")
    assert snap_compare(app, terminal_size=(56, 16), run_before=_steps())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mock_follow_up_with_its_reason(
    snap_compare: SnapCompare, tmp_path: Path, lang: str
) -> None:
    app = _app(tmp_path, lang, mode="mock")
    steps = _steps(_type("?"), _press("ctrl+s"), _until_text("Follow-up to question 1 of 2"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=steps)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mock_interview_summary(snap_compare: SnapCompare, tmp_path: Path, lang: str) -> None:
    app = _app(tmp_path, lang, mode="mock", count=1, max_follow_ups=1)
    steps = _steps(
        _type(_answer(lang)),
        _press("ctrl+s"),
        _until_text("Follow-up to question 1 of 1"),
        _type("?"),
        _press("ctrl+s"),
        _until_text("Mock interview complete"),
        _until_text("Assessment by topic"),
    )
    assert snap_compare(app, terminal_size=(100, 40), run_before=steps)
