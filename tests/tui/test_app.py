"""The practice app through Textual's Pilot: every screen and key binding, with a fake scorer."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from textual.app import App
from textual.events import Key
from textual.keys import _character_to_key
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, TextArea

from interview_cli.planning.picking import Filters
from interview_cli.session.resume import load_history
from interview_cli.store import HistoryStore
from interview_cli.store.drafts import DraftRepository
from interview_cli.tui.app import PracticeApp
from interview_cli.tui.screens.feedback import FeedbackScreen
from interview_cli.tui.screens.question import QuestionScreen
from interview_cli.tui.screens.resume import ResumeScreen
from interview_cli.tui.screens.setup import SetupScreen
from interview_cli.tui.screens.summary import SummaryScreen
from interview_cli.tui.screens.too_small import TooSmallScreen
from tests.support.paths import REPO
from tests.support.practice_fakes import (
    EN_ANSWER,
    KO_ANSWER,
    FakeClock,
    FakeScorer,
    en_bank,
    gated_loader,
    ko_bank,
    make_app,
    store_at,
)

Scenario = Callable[[Pilot[int]], Awaitable[None]]


# every notification each app was asked to show, as the app received it
_NOTIFIED: WeakKeyDictionary[PracticeApp, list[Notification]] = WeakKeyDictionary()


def run(app: PracticeApp, scenario: Scenario, size: tuple[int, int] = (100, 30)) -> None:
    notified = _NOTIFIED.setdefault(app, [])

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notified.append(message.notification)

    async def main() -> None:
        async with app.run_test(size=size, notifications=True, message_hook=hook) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())
    app.recorder.flush(timeout=10)  # type: ignore[attr-defined]


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain lines (Textual has no public call for the composed
    screen as text: export_screenshot gives SVG, so this reads the compositor's strips)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def notices(app: PracticeApp) -> str:
    """Every notification shown so far (toasts come and go; this is what they said)."""
    return " | ".join(f"{n.title}: {n.message}" for n in _NOTIFIED.get(app, []))


def flat(app: PracticeApp) -> str:
    """The screen as one line: wrapped sentences can be matched whole."""
    return " ".join(screen_text(app).split())


async def until(pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time; screen:\n" + screen_text(pilot.app))  # type: ignore[arg-type]
        await pilot.pause(0.05)


async def see(pilot: Pilot[int], text: str) -> None:
    """Wait until ``text`` is on screen (a new screen takes a frame or two to draw)."""
    await until(pilot, lambda: text in flat(pilot.app))  # type: ignore[arg-type]


async def type_slowly(pilot: Pilot[int], text: str) -> None:
    """Type as a person does: one key at a time, each handled before the next."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type as a fast typist or a paste does: every key arrives before the first is handled."""
    for ch in text:
        # the key's name as Textual gives it to a typed character (no public call does this)
        event = Key(_character_to_key(ch), ch)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
    await pilot.pause()


def practice(pilot: Pilot[int]) -> PracticeApp:
    app = pilot.app
    assert isinstance(app, PracticeApp)
    return app


def editor(app: PracticeApp) -> TextArea:
    return app.screen.query_one("#answer", TextArea)


# -- question screen ---------------------------------------------------------------------------


def test_question_screen_shows_question_topic_difficulty_and_clock(tmp_path: Path) -> None:
    app = make_app(tmp_path, seed=None, filters=Filters(topics=("net",)))

    async def scenario(pilot: Pilot[int]) -> None:
        assert isinstance(app.screen, QuestionScreen)
        await see(pilot, "How does TCP differ from UDP?")
        await see(pilot, "^q Quit")  # the key bar joins a frame after the question
        text = screen_text(app)
        assert "How does TCP differ from UDP?" in text
        assert "Question 1 of 1" in text and "net" in text and "easy" in text
        assert "02:00 left" in text  # the bank gives no limit: the default 2:00
        for key in ("^s Submit", "^n Skip", "^t Hint", "^p Pause", "^q Quit"):
            assert key in text
        assert editor(app).has_focus

    run(app, scenario)


def test_garbage_collector_is_back_on_once_the_first_frame_is_drawn(tmp_path: Path) -> None:
    """The `interview` entry point starts with it off (a faster start-up); the app ends that."""
    import gc

    app = make_app(tmp_path)
    gc.disable()
    try:

        async def scenario(pilot: Pilot[int]) -> None:
            await until(pilot, lambda: gc.isenabled())
            assert isinstance(app.screen, QuestionScreen)

        run(app, scenario)
    finally:
        gc.enable()
        gc.unfreeze()


def test_type_submit_and_see_the_score(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, EN_ANSWER)
        assert editor(app).text == EN_ANSWER
        await see(pilot, "19 words")
        clock.advance(40)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await until(pilot, lambda: "/ 10" in screen_text(app))
        text = flat(app)
        assert "8.3 / 10" in text
        assert "scored by your model fake-model" in text  # every score names its scorer
        assert "answered in 00:40 of 01:30" in text
        assert "✔ covered Threads of one process share its address space." in text
        assert "~ partial Switching threads is cheaper" in text
        assert "Good structure." in text
        assert "Press m to show the model answer." in text
        assert "How do two processes exchange data?" in text  # the bank's follow-up

    run(app, scenario)
    stored = app.session.attempts if app.session else {}
    (attempt,) = stored.values()
    assert attempt.score == 8.3 and attempt.time_taken_s == 40 and attempt.kind == "answer"
    saved = store_at(tmp_path).attempts.get(attempt.id)
    assert saved is not None and saved.score == 8.3 and saved.answer == EN_ANSWER


def test_empty_answer_needs_a_second_ctrl_s(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "The answer is empty" in notices(app))
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))

    run(app, scenario)


def test_skip_goes_to_the_next_question_and_is_recorded(tmp_path: Path) -> None:
    app = make_app(tmp_path, count=2)

    async def scenario(pilot: Pilot[int]) -> None:
        first = practice(pilot).session
        assert first is not None and first.turn is not None
        await type_text(pilot, "no idea")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: "Question 2 of 2" in screen_text(app))
        assert editor(app).text == ""

    run(app, scenario)
    assert app.session is not None
    (skipped,) = app.session.attempts.values()
    assert skipped.skipped and skipped.answer == "no idea" and skipped.score is None


def test_hint_reveals_one_key_point_at_a_time_and_is_recorded(tmp_path: Path) -> None:
    app = make_app(tmp_path, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+t")
        await see(pilot, "Hint 1/3")
        text = flat(app)
        assert "Hint 1/3 Threads of one process share its address space." in text
        assert "Each thread has its own stack" not in text
        await pilot.press("ctrl+t")
        await pilot.pause()
        await see(pilot, "Hint 2/3 Each thread has its own stack.")
        await type_text(pilot, "shared memory")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await see(pilot, "2 hints used")

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    assert attempt.hints_used == 2


def test_pause_stops_the_clock_and_hides_the_question(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, filters=Filters(topics=("net",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "TCP is reliable")
        await pilot.press("ctrl+t")
        await see(pilot, "Hint 1/")
        clock.advance(10)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "01:50 left (paused)" in screen_text(app))
        text = screen_text(app)
        assert "Paused." in text
        assert "How does TCP differ" not in text and "TCP is reliable" not in text
        assert "Hint 1/" not in text  # a revealed key point is hidden with the question
        assert "01:50 left (paused)" in text
        clock.advance(500)  # time on pause does not count
        await pilot.press("ctrl+s")  # disabled while paused
        await pilot.pause(0.3)
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: "How does TCP differ" in screen_text(app))
        await until(pilot, lambda: "01:50 left" in screen_text(app))
        assert "Hint 1/" in screen_text(app)
        assert editor(app).has_focus

    run(app, scenario)
    draft = DraftRepository(store_at(tmp_path)).list()
    assert draft and draft[0].text == "TCP is reliable" and draft[0].elapsed_s == 10


def test_time_up_submits_what_was_written_as_overtime(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, time_limit_s=60, filters=Filters(topics=("net",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "TCP is connection oriented")
        clock.advance(25)
        await until(pilot, lambda: "00:35 left" in screen_text(app))
        countdown = app.screen.query_one("Countdown")
        assert not countdown.has_class("-warning")
        clock.advance(10)
        await until(pilot, lambda: "00:25 left" in screen_text(app))
        assert countdown.has_class("-warning")  # the last 30 s change colour
        clock.advance(25)
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await see(pilot, "overtime")
        assert "Time's up: your answer was submitted as it was." in notices(app)

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    assert attempt.overtime and attempt.answer == "TCP is connection oriented"
    assert attempt.time_limit_s == 60


def test_keep_writing_after_time_is_up(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(
        tmp_path,
        clock=clock,
        time_limit_s=30,
        overtime="keep_writing",
        filters=Filters(topics=("net",)),
    )

    async def scenario(pilot: Pilot[int]) -> None:
        countdown = app.screen.query_one("Countdown")
        clock.advance(31)
        await until(pilot, lambda: countdown.has_class("-over"))
        await until(pilot, lambda: "Keep writing" in notices(app))
        assert isinstance(app.screen, QuestionScreen)
        clock.advance(12)
        await until(pilot, lambda: "+00:13 over" in screen_text(app))
        await type_text(pilot, "late but complete")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    assert attempt.overtime and attempt.time_taken_s == 43


def test_no_time_limit_shows_elapsed_time(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, time_limit_s=None)

    async def scenario(pilot: Pilot[int]) -> None:
        clock.advance(75)
        await until(pilot, lambda: "01:15 elapsed" in screen_text(app))
        await see(pilot, "no time limit")

    run(app, scenario)


def test_draft_is_saved_every_few_seconds(tmp_path: Path) -> None:
    app = make_app(tmp_path, draft_save_interval_s=0.2)
    drafts = DraftRepository(store_at(tmp_path))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "first part")
        await until(pilot, lambda: app.recorder.flush(0.1) and _draft_text(drafts) == "first part")  # type: ignore[attr-defined]
        await type_text(pilot, " second")
        await until(
            pilot, lambda: app.recorder.flush(0.1) and _draft_text(drafts) == "first part second"
        )  # type: ignore[attr-defined]

    run(app, scenario)


def _draft_text(drafts: DraftRepository) -> str | None:
    found = drafts.list()
    return found[0].text if found else None


# -- feedback screen ---------------------------------------------------------------------------


def _answer(app: PracticeApp, pilot: Pilot[int], text: str) -> Awaitable[None]:
    async def go() -> None:
        await type_text(pilot, text)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await until(pilot, lambda: "/ 10" in screen_text(app) or "Not scored" in screen_text(app))

    return go()


def test_model_answer_on_request_and_evidence_highlighted(tmp_path: Path) -> None:
    app = make_app(tmp_path, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await until(pilot, lambda: "keeps its own stack and registers" not in flat(app))
        await pilot.press("m")
        await pilot.pause()
        await see(pilot, "keeps its own stack and registers")
        shown = app.screen.query_one("#fb-answer").render()
        spans = [s for s in shown.spans if "on" in str(s.style)]  # type: ignore[attr-defined]
        assert spans, "the evidence in the answer is highlighted"
        await pilot.press("m")
        await pilot.pause()
        await until(pilot, lambda: "keeps its own stack and registers" not in flat(app))

    run(app, scenario)


def test_model_answer_always_shown_when_set(tmp_path: Path) -> None:
    app = make_app(tmp_path, show_model_answer="always", filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "processes")
        await see(pilot, "keeps its own stack and registers")

    run(app, scenario)


def test_follow_up_is_answered_on_the_spot_and_linked(tmp_path: Path) -> None:
    scorer = FakeScorer(follow_up="Why is a thread switch cheaper?")
    app = make_app(tmp_path, scorer=scorer, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await see(pilot, "Why is a thread switch cheaper?")  # the scorer's own
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Follow-up to question 1 of 1")
        text = flat(app)
        assert "Follow-up to question 1 of 1" in text
        assert "What is the difference between a process and a thread?" in text  # context
        await _answer(app, pilot, "Less state to save")
        await see(pilot, "Not scored")
        # the scorer asked the same again: the bank's next follow-up is offered instead
        await see(pilot, "How do two processes exchange data?")

    run(app, scenario)
    assert app.session is not None
    first, follow = app.session.attempts.values()
    assert follow.kind == "follow_up" and follow.parent_id == first.id
    assert follow.question_text == "Why is a thread switch cheaper?"
    saved = store_at(tmp_path).attempts.get(follow.id)
    assert saved is not None and saved.parent_id == first.id


def test_retry_keeps_the_old_attempt(tmp_path: Path) -> None:
    app = make_app(tmp_path, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "A process is a program.")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Retry of question 1 of 1")
        await _answer(app, pilot, EN_ANSWER)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await see(pilot, "3.3→8.3")

    run(app, scenario)
    assert app.session is not None
    first, retry = app.session.attempts.values()
    assert retry.kind == "retry" and retry.parent_id == first.id
    assert first.score == 3.3 and retry.score == 8.3


def test_retry_of_a_follow_up_says_so(tmp_path: Path) -> None:
    scorer = FakeScorer(follow_up="Why is a thread switch cheaper?")
    app = make_app(tmp_path, scorer=scorer, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await pilot.press("f")
        await see(pilot, "Follow-up to question 1 of 1")
        await _answer(app, pilot, "Less state to save")
        await see(pilot, "Not scored")
        assert "Follow-up to question 1 of 1" in flat(app)  # the follow-up's feedback
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Retry of follow-up to question 1 of 1")
        assert "Why is a thread switch cheaper?" in flat(app)
        await _answer(app, pilot, "Threads share the address space, so less to switch")
        await see(pilot, "Retry of follow-up to question 1 of 1")  # its feedback too
        await pilot.press("r")  # a retry of that retry still asks the follow-up
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Retry of follow-up to question 1 of 1")
        await _answer(app, pilot, "No page tables to switch")
        await see(pilot, "Retry of follow-up to question 1 of 1")
        await pilot.press("r")  # the main answer's retry is still just a retry
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))

    run(app, scenario)
    assert app.session is not None
    kinds = [(a.kind, a.question_text) for a in app.session.attempts.values()]
    follow = "Why is a thread switch cheaper?"
    assert kinds[1:] == [("follow_up", follow), ("retry", follow), ("retry", follow)]


def test_retry_of_the_question_after_a_follow_up_is_a_plain_retry(tmp_path: Path) -> None:
    scorer = FakeScorer(follow_up="Why is a thread switch cheaper?")
    app = make_app(tmp_path, scorer=scorer, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "A process is a program.")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Retry of question 1 of 1")
        assert "Retry of follow-up" not in flat(app)
        await _answer(app, pilot, EN_ANSWER)
        await see(pilot, "Retry of question 1 of 1")
        assert "Retry of follow-up" not in flat(app)

    run(app, scenario)


def test_scoring_runs_in_the_background_and_fills_in_later(tmp_path: Path) -> None:
    gate = threading.Event()
    app = make_app(tmp_path, scorer=FakeScorer(gate=gate), count=2)

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, EN_ANSWER)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Scoring your answer" in screen_text(app))
        await pilot.press("m")  # the model answer can be read meanwhile
        await pilot.pause()
        await until(pilot, lambda: "Press m to show" not in flat(app))
        await pilot.press("n")  # and the person can move on
        await until(pilot, lambda: "Question 2 of 2" in screen_text(app))
        await type_text(pilot, "second")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "another answer is being scored first" in flat(app))
        gate.set()
        await until(pilot, lambda: "/ 10" in screen_text(app))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await until(pilot, lambda: "waiting for a score" not in flat(app))
        await see(pilot, "Session complete")

    run(app, scenario)
    assert app.session is not None
    assert all(a.score is not None for a in app.session.attempts.values())


def test_scoring_failure_is_shown_and_the_answer_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path, scorer=FakeScorer(fail=True), count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "an answer")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Scoring failed" in flat(app))
        await see(pilot, "the scorer broke")

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    saved = store_at(tmp_path).attempts.get(attempt.id)
    assert saved is not None and saved.answer == "an answer"
    assert "the scorer broke" in saved.score_details["error"]


# -- model loading -----------------------------------------------------------------------------


def test_question_is_on_screen_while_the_model_loads(tmp_path: Path) -> None:
    gate = threading.Event()
    app = make_app(tmp_path, load_scorer=gated_loader(FakeScorer(), gate))

    async def scenario(pilot: Pilot[int]) -> None:
        await until(pilot, lambda: "loading fake-model.gguf" in screen_text(app))
        assert isinstance(app.screen, QuestionScreen)
        assert app.model_state == "loading"
        await type_text(pilot, "written while loading")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "waiting for the model" in flat(app))
        gate.set()
        await until(pilot, lambda: app.model_state == "ready")
        await see(pilot, "fake-model ready")
        await until(pilot, lambda: "/ 10" in screen_text(app))

    run(app, scenario)


def test_broken_model_falls_back_to_the_rubric_and_says_so(tmp_path: Path) -> None:
    def broken(on_status: Callable[[str], None]) -> FakeScorer:
        raise ValueError("models/bad.gguf is not a GGUF file")

    app = make_app(tmp_path, load_scorer=broken, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await until(pilot, lambda: app.model_state == "fallback")
        await see(pilot, "rubric only (no model)")
        text = flat(app)
        assert "rubric only (no model)" in text
        assert "not a GGUF file" in notices(app)  # the notification says why
        await _answer(app, pilot, EN_ANSWER)
        await see(pilot, "Scored by the rubric matcher only")

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    assert "no_model" in attempt.score_details["flags"]


# -- summary -----------------------------------------------------------------------------------


def test_summary_lists_scores_times_missed_points_and_topics(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, count=3, seed=None, banks=[en_bank()])

    async def scenario(pilot: Pilot[int]) -> None:
        for index in range(3):
            clock.advance(20 + index)
            if index == 1:
                await pilot.press("ctrl+n")
                await until(pilot, lambda: "Question 3 of 3" in screen_text(app))
                continue
            await _answer(app, pilot, EN_ANSWER if index == 0 else "no idea at all")
            await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await see(pilot, "Session complete")
        text = flat(app)
        assert "Session complete" in text and "3 of 3 questions" in text
        assert "2 answered, 1 skipped" in text
        assert "skipped" in text and "00:20/" in text
        assert "Topics to work on:" in text
        assert str(tmp_path / "history.json") in text

    run(app, scenario, size=(120, 40))


def test_new_session_from_the_summary(tmp_path: Path) -> None:
    app = make_app(tmp_path, count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "x y z")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SetupScreen))

    run(app, scenario)
    sessions = store_at(tmp_path).sessions.list()
    assert [s.status for s in sessions] == ["finished"]


# -- setup screen ------------------------------------------------------------------------------


def test_setup_screen_chooses_banks_topics_and_count(tmp_path: Path) -> None:
    app = make_app(tmp_path, straight=False, banks=[en_bank(), ko_bank()])

    async def scenario(pilot: Pilot[int]) -> None:
        assert isinstance(app.screen, SetupScreen)
        await see(pilot, "5 questions match")
        text = flat(app)
        assert "mini-en" in text and "미니 운영체제" in text
        assert "5 questions match" in text
        banks = app.screen.query_one("#setup-banks", SelectionList)
        banks.select("mini-ko")
        await pilot.pause()
        await see(pilot, "2 questions match")
        topics = app.screen.query_one("#setup-topics", SelectionList)
        assert [str(o.value) for o in topics.options] == ["os"]
        count = app.screen.query_one("#setup-count", Input)
        count.value = "1"
        await pilot.pause()
        await see(pilot, "1 will be asked")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "mini-ko")

    run(app, scenario)
    assert app.session is not None and app.session.total == 1
    assert app.session.plan[0].bank_id == "mini-ko"


def test_setup_space_ticks_the_focused_bank_at_once_and_marks_it_in_text(tmp_path: Path) -> None:
    app = make_app(tmp_path, straight=False, banks=[en_bank(), ko_bank()])

    async def scenario(pilot: Pilot[int]) -> None:
        await see(pilot, "5 questions match")
        banks = app.screen.query_one("#setup-banks", SelectionList)
        assert app.focused is banks
        text = screen_text(app)
        assert "[ ] mini-en" in text and "[ ] mini-ko" in text
        assert "[ ] net (1)" in text and "[ ] os (4)" in text
        await pilot.press("space")  # no arrow key first
        await see(pilot, "3 questions match")
        assert banks.selected == ["mini-en"]
        text = screen_text(app)
        assert "[x] mini-en" in text and "[ ] mini-ko" in text  # told apart without colour
        await pilot.press("down", "space")
        await see(pilot, "5 questions match")
        assert banks.selected == ["mini-en", "mini-ko"]
        assert "[x] mini-ko" in screen_text(app)
        await pilot.press("space")
        await see(pilot, "3 questions match")
        assert banks.selected == ["mini-en"]
        assert "[ ] mini-ko" in screen_text(app)

    run(app, scenario)


def test_setup_with_nothing_matching_cannot_start(tmp_path: Path) -> None:
    app = make_app(tmp_path, straight=False)

    async def scenario(pilot: Pilot[int]) -> None:
        topics = app.screen.query_one("#setup-topics", SelectionList)
        topics.select("net")
        difficulty = app.screen.query_one("#setup-difficulty")
        difficulty.value = 3  # type: ignore[attr-defined]
        await pilot.pause()
        await see(pilot, "No question matches topic net; difficulty 3")
        assert app.screen.query_one("#start").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)

    run(app, scenario)


def test_setup_time_limit_and_model_status(tmp_path: Path) -> None:
    gate = threading.Event()
    app = make_app(tmp_path, straight=False, load_scorer=gated_loader(FakeScorer(), gate))

    async def scenario(pilot: Pilot[int]) -> None:
        await until(pilot, lambda: "Model: ◌ loading fake-model.gguf" in flat(app))
        await see(pilot, "(you can start now)")
        app.screen.query_one("#setup-time").value = "none"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.click("#start")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "elapsed")
        await see(pilot, "no time limit")
        gate.set()
        await until(pilot, lambda: app.model_state == "ready")

    run(app, scenario)


# -- resume ------------------------------------------------------------------------------------


def _interrupted(tmp_path: Path, text: str, banks: list[Any] | None = None) -> Any:
    """A session killed mid-answer: an answered question and a draft on the second."""
    from interview_cli.planning.picking import SessionOptions, plan_session
    from interview_cli.session.practice import PracticeSession
    from interview_cli.session.recording import StoreRecorder

    store = store_at(tmp_path)
    chosen = banks or [en_bank()]
    plan = plan_session(chosen, Filters(), 3, seed=3)
    session = PracticeSession.start(plan, StoreRecorder(store), SessionOptions())
    session.ask()
    session.submit("first answer")
    session.advance()
    session.save_draft(text)
    found = load_history(HistoryStore(store.path))[1]
    assert found is not None
    return found


def test_resume_offers_the_draft_and_restores_it(tmp_path: Path) -> None:
    interrupted = _interrupted(tmp_path, "my unfinished thoughts")
    app = make_app(tmp_path, interrupted=interrupted)

    async def scenario(pilot: Pilot[int]) -> None:
        assert isinstance(app.screen, ResumeScreen)
        await see(pilot, "An interrupted session was found")
        text = flat(app)
        assert "An interrupted session was found" in text
        assert "1 of 3 answered" in text and "my unfinished thoughts" in text
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert editor(app).text == "my unfinished thoughts"
        await see(pilot, "Question 2 of 3")
        await type_text(pilot, " and more")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))

    run(app, scenario)
    assert app.session is not None and app.session.stored.id == interrupted.session.id
    texts = [a.answer for a in store_at(tmp_path).attempts.list()]
    assert texts == ["first answer", "my unfinished thoughts and more"]


def test_resume_scores_answers_left_unscored(tmp_path: Path) -> None:
    interrupted = _interrupted(tmp_path, "draft")
    (first,) = interrupted.attempts
    assert first.score is None  # the crash came before its score
    app = make_app(tmp_path, interrupted=interrupted)

    async def scenario(pilot: Pilot[int]) -> None:
        await see(pilot, "1 answer still to be scored")
        await pilot.press("r")
        await until(
            pilot, lambda: app.session is not None and app.session.result_for(first.id) is not None
        )

    run(app, scenario)
    saved = store_at(tmp_path).attempts.get(first.id)
    assert saved is not None and saved.score is not None


def test_resume_declined_starts_fresh_and_abandons_the_old(tmp_path: Path) -> None:
    interrupted = _interrupted(tmp_path, "old draft")
    app = make_app(tmp_path, interrupted=interrupted)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await see(pilot, "Question 1 of 3")
        assert editor(app).text == ""

    run(app, scenario)
    store = store_at(tmp_path)
    old = store.sessions.get(interrupted.session.id)
    assert old is not None and old.status == "abandoned"
    assert DraftRepository(store).get(interrupted.session.id) is None


def test_resume_screen_quit_leaves_everything_as_it_was(tmp_path: Path) -> None:
    interrupted = _interrupted(tmp_path, "kept")
    app = make_app(tmp_path, interrupted=interrupted)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("q")
        await pilot.pause()

    run(app, scenario)
    assert app.return_code == 0 and app.session is None
    assert load_history(store_at(tmp_path))[1] is not None


# -- quitting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
def test_quit_mid_answer_saves_the_draft_for_later(tmp_path: Path, key: str) -> None:
    app = make_app(tmp_path, count=2)

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "every character counts")
        await pilot.press(key)
        await pilot.pause()

    run(app, scenario)
    assert app.outcome == "suspended"
    found = load_history(store_at(tmp_path))[1]
    assert found is not None and found.draft is not None
    assert found.draft.text == "every character counts"


def test_quit_on_the_last_feedback_finishes_the_session(tmp_path: Path) -> None:
    app = make_app(tmp_path, count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "done")
        await pilot.press("q")
        await pilot.pause()

    run(app, scenario)
    assert app.outcome == "finished"
    (session,) = store_at(tmp_path).sessions.list()
    assert session.status == "finished"


# -- terminal size and languages ---------------------------------------------------------------


def test_too_small_terminal_shows_a_message_and_stops_the_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)

    async def scenario(pilot: Pilot[int]) -> None:
        assert isinstance(app.screen, QuestionScreen)
        clock.advance(5)
        await until(pilot, lambda: "01:25 left" in screen_text(app))
        await pilot.resize_terminal(50, 15)
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await until(
            pilot, lambda: "The terminal is 50×15; interview needs at least 60×20." in flat(app)
        )
        clock.advance(300)
        await pilot.resize_terminal(55, 18)
        await until(pilot, lambda: "The terminal is 55×18" in flat(app))
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.session is not None and app.session.elapsed() == 5

    run(app, scenario)


def test_starting_in_a_small_terminal(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def scenario(pilot: Pilot[int]) -> None:
        assert isinstance(app.screen, TooSmallScreen)

    run(app, scenario, size=(40, 12))


def test_korean_question_and_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path, banks=[ko_bank()], filters=Filters(topics=("os",)), count=1, seed=1)

    async def scenario(pilot: Pilot[int]) -> None:
        question = app.session.turn.prompt if app.session and app.session.turn else ""
        assert question in (
            "프로세스와 스레드의 차이를 설명해 주세요.",
            "교착 상태(deadlock)가 발생하는 네 가지 조건은 무엇인가요?",
        )
        await see(pilot, question)
        await type_slowly(pilot, KO_ANSWER)
        assert editor(app).text == KO_ANSWER
        await see(pilot, f"{len(KO_ANSWER.split())} words, {len(KO_ANSWER)} characters")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "/ 10" in screen_text(app))
        await see(pilot, "스레드는 프로세스의 주소 공간을 공유합니다.")

    run(app, scenario)
    saved = store_at(tmp_path).attempts.list()
    assert saved[0].answer == KO_ANSWER


def test_wide_characters_keep_the_editor_cursor_in_step(tmp_path: Path) -> None:
    app = make_app(tmp_path, banks=[ko_bank()], count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "가나다")
        area = editor(app)
        assert area.cursor_location == (0, 3)  # three characters, six cells
        await pilot.press("backspace")
        assert area.text == "가나"
        await pilot.press("left", "x")
        assert area.text == "가x나"

    run(app, scenario)


def test_app_module_is_the_one_that_imports_textual() -> None:
    import sys

    assert "textual" in sys.modules  # imported by this test module through the app
    assert PracticeApp.CSS_PATH == "app.tcss"
    assert (REPO / "interview_cli" / "tui" / "app.tcss").is_file()


def test_the_app_config_needs_a_scorer_or_a_loader(tmp_path: Path) -> None:
    from interview_cli.tui.app_config import PracticeAppConfig, store_recorder
    from tests.support.practice_fakes import settings

    with pytest.raises(ValueError, match="scorer"):
        PracticeAppConfig(settings(), [en_bank()], store_recorder(store_at(tmp_path)))


def test_quit_before_typing_anything_abandons_quietly(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+q")
        await pilot.pause()

    run(app, scenario)
    assert app.outcome == "abandoned"
    assert load_history(store_at(tmp_path))[1] is None


def test_skipped_banks_are_reported_in_the_app(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        warnings=("banks/broken.yaml:2: invalid YAML", "banks/broken.yaml was skipped"),
    )

    async def scenario(pilot: Pilot[int]) -> None:
        assert "banks/broken.yaml was skipped" in notices(app)
        assert isinstance(app.screen, QuestionScreen)  # and the session goes on

    run(app, scenario)


def test_quit_from_the_summary(tmp_path: Path) -> None:
    app = make_app(tmp_path, count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, "an answer")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("q")
        await pilot.pause()

    run(app, scenario)
    assert app.outcome == "finished" and app.return_code == 0


# -- review rating and progress ----------------------------------------------------------------


def test_rating_override_on_the_feedback_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        # 8.3 with no hint and in time: the score says "good"
        await see(pilot, "Review rating: good (from the score)")
        await pilot.press("2")
        await see(pilot, "Review rating: hard (set by you")
        await pilot.press("4")
        await see(pilot, "Review rating: easy (set by you")
        await pilot.press("0")
        await see(pilot, "Review rating: good (from the score)")
        await pilot.press("1")
        await see(pilot, "Review rating: again (set by you")

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    assert attempt.score_details["rating_override"] == "again"
    saved = store_at(tmp_path).attempts.get(attempt.id)
    assert saved is not None and saved.score == 8.3
    assert saved.score_details["rating_override"] == "again"
    from interview_cli.scheduling import attempt_rating, build_schedule

    assert attempt_rating(saved) == "again"
    (item,) = build_schedule([saved]).values()
    assert item.last_rating == "again"


def test_rating_set_before_the_score_arrives_is_kept(tmp_path: Path) -> None:
    gate = threading.Event()
    app = make_app(tmp_path, scorer=FakeScorer(gate=gate), filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, EN_ANSWER)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Scoring your answer" in screen_text(app))
        await see(pilot, "Review rating: once scored")
        await pilot.press("2")
        await see(pilot, "Review rating: hard (set by you")
        gate.set()
        await until(pilot, lambda: "/ 10" in screen_text(app))
        await see(pilot, "Review rating: hard (set by you")

    run(app, scenario)
    assert app.session is not None
    (attempt,) = app.session.attempts.values()
    saved = store_at(tmp_path).attempts.get(attempt.id)
    assert saved is not None and saved.score == 8.3
    assert saved.score_details["rating_override"] == "hard"
    assert saved.score_details["key_points"], "the score's details are all there too"


def test_follow_ups_are_not_rated(tmp_path: Path) -> None:
    scorer = FakeScorer(follow_up="Why is a thread switch cheaper?")
    app = make_app(tmp_path, scorer=scorer, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await _answer(app, pilot, "Less state to save")
        await see(pilot, "Not scored")
        assert "Review rating" not in flat(app)
        await pilot.press("1")
        await pilot.pause()

    run(app, scenario)
    assert app.session is not None
    first, follow = app.session.attempts.values()
    assert "rating_override" not in follow.score_details
    assert "rating_override" not in first.score_details


def test_resume_keeps_a_rating_set_before_the_crash(tmp_path: Path) -> None:
    from interview_cli.session.practice import PracticeSession

    app = make_app(tmp_path, count=2)

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await pilot.press("3")
        await see(pilot, "(set by you")
        await pilot.press("ctrl+q")

    run(app, scenario)
    interrupted = load_history(store_at(tmp_path))[1]
    assert interrupted is not None
    resumed = PracticeSession.resume(interrupted, [en_bank()], app.recorder)
    (attempt,) = resumed.attempts.values()
    assert resumed.rating_for(attempt.id) == ("good", True)


def test_progress_screen_opens_from_feedback_summary_and_setup(tmp_path: Path) -> None:
    from interview_cli.tui.screens.progress import ProgressScreen

    app = make_app(tmp_path, count=1)

    async def scenario(pilot: Pilot[int]) -> None:
        await _answer(app, pilot, EN_ANSWER)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        # this session's answer is already in it, before the history file has it
        await see(pilot, "questions answered 1 (1 distinct)")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SetupScreen))

    run(app, scenario)


# -- mock interview ----------------------------------------------------------------------------


def test_mock_interview_asks_follow_ups_and_holds_feedback_to_the_end(tmp_path: Path) -> None:
    app = make_app(tmp_path, mode="mock", count=2, seed=3, filters=Filters(topics=("os",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await see(pilot, "Question 1 of 2")
        assert "Hint" not in flat(app)  # no hints in a mock interview
        await pilot.press("ctrl+t")
        assert not app.screen.query_one("#hints").display
        # an answer that misses key points: the follow-up comes at once, with its reason
        await type_text(pilot, "A process is a running program.")
        await pilot.press("ctrl+s")
        await see(pilot, "Follow-up to question 1 of 2")
        assert not isinstance(app.screen, FeedbackScreen)
        text = flat(app)
        assert "Asked because your answer so far did not fully cover 3 of 3 key points" in text
        await type_text(pilot, "They use pipes or shared memory.")
        await pilot.press("ctrl+s")
        await see(pilot, "Follow-up to question 1 of 2")
        await see(pilot, "What does a context switch save?")  # the second and last one
        await type_text(pilot, "Registers.")
        await pilot.press("ctrl+s")
        # at most two follow-ups: the next question, still no feedback
        await see(pilot, "Question 2 of 2")
        await type_text(pilot, "Mutual exclusion, hold and wait, no preemption, circular wait.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await see(pilot, "Mock interview complete")
        await until(pilot, lambda: "scoring…" not in flat(app))
        text = flat(app)
        assert "Assessment by topic" in text and "Question by question" in text
        assert "Follow-up: How do two processes exchange data?" in text
        assert "your answer: They use pipes or shared memory." in text

    run(app, scenario, size=(120, 60))
    assert app.session is not None
    attempts = list(app.session.attempts.values())
    assert [a.kind for a in attempts] == ["answer", "follow_up", "follow_up", "answer"]
    assert attempts[1].asked_because and attempts[1].parent_id == attempts[0].id
    assert all(a.hints_used == 0 for a in attempts)
    sessions = store_at(tmp_path).sessions.list()
    assert [s.mode for s in sessions] == ["mock"]
    stored = store_at(tmp_path).attempts.get(attempts[1].id)
    assert stored is not None and stored.asked_because == attempts[1].asked_because


def test_mock_interview_review_shows_a_skipped_follow_up_as_skipped(tmp_path: Path) -> None:
    app = make_app(tmp_path, mode="mock", count=2, seed=3, filters=Filters(topics=("os",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await see(pilot, "Question 1 of 2")
        await type_text(pilot, "A process is a running program.")
        await pilot.press("ctrl+s")
        await see(pilot, "Follow-up to question 1 of 2")
        await see(pilot, "How do two processes exchange data?")
        await type_text(pilot, "Maybe pipes")  # typed, then skipped: not an answer
        await pilot.press("ctrl+n")
        await see(pilot, "Question 2 of 2")
        await type_text(pilot, "Mutual exclusion, hold and wait, no preemption, circular wait.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await see(pilot, "Mock interview complete")
        await until(pilot, lambda: "scoring…" not in flat(app))
        text = flat(app)
        assert "Follow-up: How do two processes exchange data?" in text
        assert "your answer: Maybe pipes" not in text and "Maybe pipes" not in text
        asked = re.escape("Follow-up: How do two processes exchange data?")
        assert re.search(asked + r" \(Asked because [^)]*\) skipped", text)
        # the table's score cell: the follow-up is marked skipped, not waiting for a score
        lines = screen_text(app).splitlines()
        at = next(i for i, line in enumerate(lines) if "+follow-up" in line)
        assert "skipped" in lines[at + 1] and "…" not in lines[at]

    run(app, scenario, size=(120, 60))
    assert app.session is not None
    attempts = list(app.session.attempts.values())
    assert [(a.kind, a.skipped) for a in attempts] == [
        ("answer", False),
        ("follow_up", True),
        ("answer", False),
    ]


def test_mock_interview_skips_the_follow_up_when_everything_was_covered(tmp_path: Path) -> None:
    app = make_app(tmp_path, mode="mock", count=1, filters=Filters(topics=("thread",)))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(
            pilot,
            "Threads of one process share its address space. Each thread has its own stack. "
            "Switching threads is cheaper than switching processes.",
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await see(pilot, "Mock interview complete")

    run(app, scenario, size=(120, 50))
    assert app.session is not None
    assert [a.kind for a in app.session.attempts.values()] == ["answer"]


def test_mock_interview_in_korean_says_why_in_korean(tmp_path: Path) -> None:
    app = make_app(tmp_path, mode="mock", banks=[ko_bank()], count=1, filters=Filters(difficulty=2))

    async def scenario(pilot: Pilot[int]) -> None:
        await type_text(pilot, "프로세스는 실행 중인 프로그램입니다.")
        await pilot.press("ctrl+s")
        await see(pilot, "두 프로세스는 어떻게 데이터를 주고받나요?")
        assert "핵심 포인트 2개 중 2개를 충분히 다루지 않아" in flat(app)

    run(app, scenario)


def test_status_bar_catches_a_model_change_made_while_it_mounted() -> None:
    """The label is drawn in compose; a change arriving before on_mount must still show."""
    from textual.app import App, ComposeResult
    from textual.reactive import reactive

    from interview_cli.tui.widgets.status_bar import StatusBar

    class Racing(StatusBar):
        def compose(self) -> ComposeResult:
            yield from super().compose()
            self.app.model_state = "ready"  # the model finished between compose and mount
            self.app.model_label = "tiny-model"

    class Host(App[None]):
        model_state = reactive("loading")
        model_label = reactive("")

        def compose(self) -> ComposeResult:
            yield Racing("interview", id="status")

    async def scenario() -> None:
        async with Host().run_test(size=(80, 5)) as pilot:
            await pilot.pause()
            text = screen_text(pilot.app)
            assert "✔ tiny-model" in text

    asyncio.run(scenario())


def test_answers_left_from_last_time_are_scored_in_the_background(tmp_path: Path) -> None:
    from tests.support.pending_history import answered_then_quit

    store = store_at(tmp_path)
    earlier = answered_then_quit(store, en_bank(), [EN_ANSWER])
    (waiting,) = earlier.attempts
    app = make_app(tmp_path, store=store, history=store.attempts.list(), count=1)

    def scored() -> bool:
        app.recorder.flush(timeout=1)  # type: ignore[attr-defined]
        stored = store.attempts.get(waiting)
        return stored is not None and stored.score is not None

    async def scenario(pilot: Pilot[int]) -> None:
        await see(pilot, "Question 1 of 1")
        await until(pilot, lambda: "1 answer left from last time" in notices(app))
        await until(pilot, scored)
        await until(pilot, lambda: "left from last time are scored" in notices(app))

    run(app, scenario)
    assert app.session is not None and waiting not in app.session.attempts  # not this session's
    stored = store.attempts.get(waiting)
    assert stored is not None and stored.scorer == FakeScorer().info
