"""`interview score --pending`: answers left unscored by a quit get their score later."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.banks.loader import load_banks
from interview_cli.banks.schema import Bank
from interview_cli.cli import app
from interview_cli.paths import resolve_paths, shipped_banks_dir
from interview_cli.store import Attempt, HistoryStore
from tests.support.pending_history import answered_then_quit

runner = CliRunner()

WEAK_ANSWER = "I am not sure."


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _store() -> HistoryStore:
    paths = resolve_paths()
    return HistoryStore(paths.history_file, backups_dir=paths.backups_dir)


def _shipped(bank_id: str) -> Bank:
    banks = load_banks([(shipped_banks_dir(), "shipped")]).banks
    return next(b for b in banks if b.id == bank_id)


def _answers(bank: Bank) -> list[str]:
    """A full answer to the first question (its model answer), a weak one to the second."""
    return [bank.questions[0].model_answer or "", WEAK_ANSWER]


def _exported_scores() -> dict[str, float | None]:
    code, out, _ = _run("history", "export", "--format", "json")
    assert code == 0
    return {a["id"]: a["score"] for a in json.loads(out)["attempts"]}


def test_nothing_waiting_says_so_and_succeeds() -> None:
    code, out, err = _run("score", "--pending", "--no-model")
    assert (code, out, err) == (0, "no answers are waiting for a score\n", "")


def _quit_mid_scoring_then_score(*options: str) -> None:
    """The check the issue asks for: answers left unscored by a quit, then scored by the command,
    then in the export."""
    bank = _shipped("algo-en")
    session = answered_then_quit(_store(), bank, _answers(bank))
    ids = list(session.attempts)
    assert _exported_scores() == dict.fromkeys(ids)

    code, out, _ = _run("history", "list", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["pending"], row["average_score"]) == (2, None)  # waiting is not a zero
    code, out, _ = _run("history", "list")
    assert "(2 waiting)" in out
    assert "2 answers waiting for a score: `interview score --pending` scores them." in out

    code, out, err = _run("score", "--pending", *options)
    assert code == 0, err
    questions = [session.attempts[i].question_text for i in ids]
    lines = out.splitlines()
    assert lines[0] == "2 answers waiting for a score"
    assert lines[1] == f"scoring 1 of 2: {questions[0][:59].rstrip()}…" or lines[1] == (
        f"scoring 1 of 2: {questions[0]}"
    )
    assert lines[3].startswith("scoring 2 of 2: ")
    assert lines[2].endswith("/10") and lines[4].endswith("/10")
    assert lines[-1] == "2 answers scored, 0 failed"

    scores = _exported_scores()
    assert all(isinstance(scores[i], float) for i in ids)
    first, second = (scores[i] for i in ids)
    assert first is not None and second is not None and first > second
    assert _run("score", "--pending", *options)[1] == "no answers are waiting for a score\n"
    code, out, _ = _run("history", "list")
    assert "waiting" not in out


def test_quit_mid_scoring_then_score_pending_with_the_rubric() -> None:
    _quit_mid_scoring_then_score("--no-model")


@pytest.mark.slow
def test_quit_mid_scoring_then_score_pending_with_the_embedded_model(model_path: Path) -> None:
    """The real scorer on the embedded model (run it under the model lock)."""
    _quit_mid_scoring_then_score("--model", str(model_path), "--threads", "2")


def test_a_question_no_bank_holds_is_skipped_and_stays_waiting() -> None:
    store = _store()
    answered_then_quit(store, _shipped("algo-en"), [WEAK_ANSWER])
    (attempt,) = store.attempts.list()
    store.attempts.update(attempt.id, bank_id="gone-en")
    code, out, err = _run("score", "--pending", "--no-model")
    assert code == 0
    assert err == (
        f"warning: skipped {attempt.question_text[:59].rstrip()}…: gone-en/{attempt.question_id} "
        "is no longer in any installed bank; it stays waiting\n"
        if len(attempt.question_text) > 60
        else f"warning: skipped {attempt.question_text}: gone-en/{attempt.question_id} is no "
        "longer in any installed bank; it stays waiting\n"
    )
    assert out.splitlines()[-1] == "0 answers scored, 0 failed, 1 skipped (still waiting)"
    assert _exported_scores() == {attempt.id: None}


def test_a_failed_scoring_is_tried_again() -> None:
    store = _store()
    answered_then_quit(store, _shipped("algo-en"), [WEAK_ANSWER])
    (attempt,) = store.attempts.list()
    store.attempts.update(attempt.id, score_details={"error": "RuntimeError: out of memory"})
    code, out, _ = _run("score", "--pending", "--no-model")
    assert code == 0
    assert out.splitlines()[0] == "1 whose scoring failed before, tried again"
    assert out.splitlines()[-1] == "1 answer scored, 0 failed"
    stored = store.attempts.get(attempt.id)
    assert isinstance(stored, Attempt) and stored.score is not None
