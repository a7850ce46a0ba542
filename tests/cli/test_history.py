"""`interview history export/import/rate`: backups that round-trip and imports that never double."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.cli import app
from interview_cli.paths import resolve_paths
from interview_cli.store import Attempt, HistoryStore, Session
from tests.support.half_way import NOT_SHOWN, SHOWN, STORED, half_way_history
from tests.support.report_history import LLM, generate, write_store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _store() -> HistoryStore:
    paths = resolve_paths()
    return HistoryStore(paths.history_file, backups_dir=paths.backups_dir)


def _tricky() -> tuple[list[Session], list[Attempt]]:
    """Records with everything a CSV or JSON writer can get wrong."""
    session = Session(id="tricky", started_at="2024-02-01T10:00:00.000+00:00", mode="review")
    attempts = [
        Attempt(
            id="t1",
            session_id="tricky",
            bank_id="os-ko",
            question_id="q1",
            question_text='프로세스와 스레드의 "차이"는?, 설명하세요',
            answer='첫 줄\n둘째 줄, "인용" 포함\r\n세 번째',
            topic="os",
            submitted_at="2024-02-01T10:02:00.000+00:00",
            time_taken_s=61.5,
            time_limit_s=90,
            hints_used=1,
            score=6.25,
            score_details={
                "key_points": [{"key_point": "주소 공간 공유", "verdict": "missing"}],
                "rating_override": "again",
                "feedback": "좋아요, 하지만…",
            },
            scorer=LLM,
        ),
        Attempt(
            id="t2",
            session_id="tricky",
            bank_id="os-ko",
            question_id="q1",
            question_text="Follow-up?",
            answer="",
            kind="follow_up",
            parent_id="t1",
            submitted_at="2024-02-01T10:03:00.000+00:00",
            skipped=True,
        ),
    ]
    return [session], attempts


@pytest.fixture
def filled(interview_home: Path) -> tuple[list[Session], list[Attempt]]:
    sessions, attempts = generate(sessions=60, days=40, seed=9)
    extra_sessions, extra_attempts = _tricky()
    write_store(_store(), sessions + extra_sessions, attempts + extra_attempts)
    return sessions + extra_sessions, attempts + extra_attempts


def _docs(store: HistoryStore) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]:
    return (
        {s.id: s.to_doc() for s in store.sessions.list()},
        {a.id: a.to_doc() for a in store.attempts.list()},
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(
    filled: tuple[list[Session], list[Attempt]],
    interview_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    sessions, attempts = filled
    target = tmp_path / f"backup.{fmt}"
    code, out, _ = _run("history", "export", "--format", fmt, "--out", str(target))
    assert code == 0 and f"{len(attempts)} attempts" in out
    assert target.stat().st_mode & 0o777 == 0o600
    before_sessions, before_attempts = _docs(_store())

    monkeypatch.setenv("INTERVIEW_HOME", str(tmp_path / "new-machine"))
    code, out, err = _run("history", "import", str(target))
    assert code == 0, err
    assert f"Added {len(sessions)} sessions and {len(attempts)} attempts" in out
    after_sessions, after_attempts = _docs(_store())
    assert after_attempts == before_attempts  # every field, Korean and newlines included
    if fmt == "json":
        assert after_sessions == before_sessions
    else:  # a CSV rebuilds sessions from their attempts: ids, times, status and mode survive
        for sid, doc in before_sessions.items():
            for key in ("id", "started_at", "finished_at", "status", "mode"):
                assert after_sessions[sid][key] == doc[key]

    code, out, _ = _run("history", "import", str(target))
    assert code == 0
    assert "Added 0 sessions and 0 attempts" in out
    assert f"{len(attempts)} attempts were already there" in out
    assert _docs(_store()) == (after_sessions, after_attempts)


def test_csv_is_readable_by_spreadsheets(filled: object, tmp_path: Path) -> None:
    target = tmp_path / "h.csv"
    assert _run("history", "export", "-f", "csv", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM so Excel reads UTF-8 Korean
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    tricky = next(r for r in rows if r["id"] == "t1")
    assert tricky["answer"] == '첫 줄\n둘째 줄, "인용" 포함\r\n세 번째'
    assert tricky["scorer_key"] == LLM.key and tricky["rating_override"] == "again"
    assert tricky["missed_key_points"] == "주소 공간 공유"
    assert tricky["session_mode"] == "review"


def test_export_to_stdout_and_refusing_to_overwrite(filled: object, tmp_path: Path) -> None:
    code, out, _ = _run("history", "export")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "interview-cli.history" and data["version"] == 1
    assert data["counts"]["attempts"] == len(data["attempts"])
    ids = [a["submitted_at"] + a["id"] for a in data["attempts"]]
    assert ids == sorted(ids)  # stable order: diffs of two exports are readable
    target = tmp_path / "b.json"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = _run("history", "export", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert _run("history", "export", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "interview-cli.history"


def test_import_keeps_stored_records_on_conflict(
    filled: tuple[list[Session], list[Attempt]], tmp_path: Path
) -> None:
    target = tmp_path / "b.json"
    _run("history", "export", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    data["attempts"][0]["score"] = 0.5  # the same id, other content
    new = dict(data["attempts"][1], id="brand-new")
    data["attempts"].append(new)
    target.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run("history", "import", "--dry-run", str(target))
    assert code == 0 and "Would add 0 sessions and 1 attempt from" in out
    assert _store().attempts.get("brand-new") is None
    code, out, err = _run("history", "import", str(target))
    assert code == 0 and "Added 0 sessions and 1 attempt from" in out
    assert "1 record has the same id" in err
    stored = _store().attempts.get(data["attempts"][0]["id"])
    assert stored is not None and stored.score != 0.5


def test_import_a_copied_history_file(filled: object, tmp_path: Path) -> None:
    copied = tmp_path / "old-laptop-history.json"
    copied.write_bytes(_store().path.read_bytes())
    code, out, _ = _run("history", "import", str(copied))
    assert code == 0 and "Added 0 sessions and 0 attempts" in out
    code, _, err = _run("history", "import", str(_store().path))
    assert code == 1 and "history file itself" in err


def test_import_migrates_an_older_export(interview_home: Path, tmp_path: Path) -> None:
    old = {
        "format": "interview-cli.history",
        "version": 1,
        "schema_version": 0,
        "sessions": [{"id": "s-old", "started_at": "2023-01-01T00:00:00+00:00"}],
        "attempts": [
            {
                "id": "a-old",
                "session_id": "s-old",
                "bank_id": "b",
                "question_id": "q",
                "question_text": "Q",
                "answer": "A",
                "submitted_at": "2023-01-01T00:01:00+00:00",
                "score": 7,
            }
        ],
    }
    target = tmp_path / "old.json"
    target.write_text(json.dumps(old), encoding="utf-8")
    code, _, err = _run("history", "import", str(target))
    assert code == 0, err
    stored = _store().attempts.get("a-old")
    assert stored is not None and stored.schema_version == 1 and stored.score == 7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "file is empty"),
        ("{not json", ":1: not valid JSON"),
        ('{"hello": 1}', "not an interview-cli export"),
        ('{"format": "interview-cli.history", "version": 9}', "newer than this interview-cli"),
        (
            '{"format": "interview-cli.history", "version": 1, "schema_version": 99, '
            '"sessions": [], "attempts": []}',
            "written by a newer interview-cli",
        ),
        (
            '{"format": "interview-cli.history", "version": 1, "sessions": [], '
            '"attempts": [{"id": "x", "session_id": "s", "bank_id": "b", "question_id": "q", '
            '"question_text": "Q", "answer": "A", "submitted_at": "2024-01-01T00:00:00", '
            '"score": "high"}]}',
            "attempts[0] (x): score must be a number",
        ),
        (
            '{"format": "interview-cli.history", "version": 1, "sessions": [], '
            '"attempts": [{"id": "x", "session_id": "s"}]}',
            "attempts[0]: missing 'bank_id'",
        ),
        ("id,answer\n1,2\n", "missing columns"),
    ],
)
def test_bad_import_files_change_nothing(
    filled: object, tmp_path: Path, content: str, message: str
) -> None:
    before = _store().path.read_bytes()
    target = tmp_path / ("bad.csv" if content.startswith("id,") else "bad.json")
    target.write_text(content, encoding="utf-8")
    code, _, err = _run("history", "import", str(target))
    assert code == 1
    assert err.startswith(f"error: {target}") and message in err
    assert len(err.strip().splitlines()) == 1
    assert _store().path.read_bytes() == before


def test_missing_import_file(interview_home: Path, tmp_path: Path) -> None:
    code, _, err = _run("history", "import", str(tmp_path / "nope.json"))
    assert code == 1 and "cannot read" in err


def test_rate_command(filled: object) -> None:
    code, out, _ = _run("history", "rate", "t1", "easy")
    assert code == 0 and "rated easy" in out
    stored = _store().attempts.get("t1")
    assert stored is not None and stored.score_details["rating_override"] == "easy"
    code, out, _ = _run("history", "rate", "t1", "auto")
    assert code == 0 and "back to the score" in out
    stored = _store().attempts.get("t1")
    assert stored is not None and "rating_override" not in stored.score_details
    assert _run("history", "rate", "t1", "superb")[0] == 2
    assert _run("history", "rate", "zzz-none", "good")[0] == 2
    code, _, err = _run("history", "rate", "t2", "good")
    assert code == 2 and "only first answers" in err


def test_check_and_list_still_work(filled: tuple[list[Session], list[Attempt]]) -> None:
    code, out, _ = _run("history", "check", "--json")
    assert code == 0 and json.loads(out)["attempts"] == len(filled[1])
    code, out, _ = _run("history", "list", "--json", "-n", "3")
    assert code == 0 and len(json.loads(out)) == 3


def test_list_rounds_the_average_as_every_screen_does(interview_home: Path) -> None:
    """The app said 6.5 and `history list` 6.55 for one score: both now say 6.6; data keeps it."""
    session, attempt = half_way_history()
    write_store(_store(), [session], [attempt])
    code, out, _ = _run("history", "list")
    assert code == 0 and f"{SHOWN}/10" in out
    assert not any(f"{old}/10" in out for old in NOT_SHOWN)
    code, out, _ = _run("history", "list", "--json")
    assert code == 0 and json.loads(out)[0]["average_score"] == STORED
    code, out, _ = _run("history", "export", "--format", "json")
    assert code == 0 and json.loads(out)["attempts"][0]["score"] == STORED
    code, out, _ = _run("history", "export", "--format", "csv")
    assert code == 0 and str(STORED) in out
