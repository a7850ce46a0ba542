"""History store: round trips, permissions, corrupt files, migrations, locking, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from interview_cli.store import Attempt, HistoryStore, ScorerInfo, Session, StoreError
from interview_cli.store.storage import read_json_file
from tests.support.paths import SUPPORT

WRITER = [sys.executable, str(SUPPORT / "store_writer.py")]


def _attempt(session: str = "s1", **extra: object) -> Attempt:
    return Attempt(
        session_id=session,
        bank_id="os-ko",
        question_id="os-deadlock",
        question_text="교착 상태(deadlock)의 네 가지 조건은?",
        answer="상호 배제, 점유 대기, 비선점, 순환 대기",
        **extra,  # type: ignore[arg-type]
    )


def test_round_trip(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data" / "history.json")
    session = store.sessions.add(Session(bank_ids=("os-ko",), settings={"count": 3}))
    scorer = ScorerInfo(name="rubric", method="lexical", version="1", model=None)
    attempt = store.attempts.add(
        _attempt(session.id, score=7.5, scorer=scorer, score_details={"covered": [0, 2]})
    )
    again = HistoryStore(tmp_path / "data" / "history.json")
    assert again.sessions.get(session.id) == session
    loaded = again.attempts.get(attempt.id)
    assert loaded == attempt
    assert loaded is not None and loaded.scorer == scorer
    again.sessions.update(session.id, status="finished", finished_at="2026-01-01T00:00:00")
    got = again.sessions.get(session.id)
    assert got is not None and got.status == "finished"
    assert [a.id for a in again.attempts.list(session_id=session.id)] == [attempt.id]
    assert again.attempts.list(session_id="other") == []
    with pytest.raises(KeyError):
        again.attempts.update("missing", score=1)


def test_every_document_carries_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    store = HistoryStore(path)
    store.sessions.add(Session())
    store.attempts.add(_attempt())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == 1
    for table in ("sessions", "attempts"):
        for doc in data[table].values():
            assert doc["schema_version"] == 1
    # Korean text is stored as text, not escapes
    assert "교착" in path.read_text(encoding="utf-8")


def test_permissions(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    store = HistoryStore(folder / "history.json")
    store.attempts.add(_attempt())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "history.json").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"attempts": {"1": {"id": "a"', "not valid JSON"),
        (b"\xff\xfe garbage", "not valid UTF-8"),
        (b"[1, 2, 3]", "top level is not a JSON object"),
        (b'{"attempts": [1]}', "table 'attempts' is not a JSON object"),
    ],
)
def test_corrupt_file_is_never_overwritten(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    store = HistoryStore(path)
    with pytest.raises(StoreError) as info:
        store.attempts.add(_attempt())
    message = str(info.value)
    assert str(path) in message
    assert reason in message
    assert "left untouched" in message
    assert "\n" not in message
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before


def test_corrupt_file_names_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryStore(path).attempts.add(_attempt())  # creates the file
    store = HistoryStore(path)
    store.attempts.add(_attempt())  # first open of an existing file today: daily backup
    store.attempts.add(_attempt())
    assert len(HistoryStore(path).backups()) == 1  # once a day, not once per open
    backups = store.backups()
    assert len(backups) == 1
    path.write_text('{"broken', encoding="utf-8")
    with pytest.raises(StoreError) as info:
        HistoryStore(path).attempts.list()
    assert f"newest backup: {backups[0]}" in str(info.value)
    # the backup is a readable history
    restored = read_json_file(backups[0])
    assert restored is not None and "attempts" in restored


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    content = json.dumps({"_meta": {"1": {"schema_version": 99}}, "attempts": {}}).encode()
    path.write_bytes(content)
    with pytest.raises(StoreError, match="newer interview-cli"):
        HistoryStore(path).attempts.list()
    assert path.read_bytes() == content


def test_unversioned_file_is_migrated_with_backup(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    old = {
        "attempts": {
            "1": {
                "id": "a1",
                "session_id": "s",
                "bank_id": "b",
                "question_id": "q",
                "question_text": "Q?",
                "answer": "A",
            }
        }
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    store = HistoryStore(path)
    attempts = store.attempts.list()
    assert [a.id for a in attempts] == ["a1"]
    assert attempts[0].schema_version == 1
    backups = store.backups()
    assert len(backups) == 1 and "-v0-" in backups[0].name
    assert json.loads(backups[0].read_text(encoding="utf-8")) == old


def test_forward_migrations_run_in_order(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryStore(path).attempts.add(_attempt(score=4.0))
    calls: list[int] = []

    def to_v2(data: dict) -> dict:  # type: ignore[type-arg]
        calls.append(1)
        for doc in data["attempts"].values():
            doc["score_out_of"] = 10
            doc["schema_version"] = 2
        return data

    def to_v3(data: dict) -> dict:  # type: ignore[type-arg]
        calls.append(2)
        for doc in data["attempts"].values():
            doc["schema_version"] = 3
        return data

    store = HistoryStore(path, schema_version=3, migrations={1: to_v2, 2: to_v3})
    store.check()
    assert calls == [1, 2]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == 3
    (doc,) = data["attempts"].values()
    assert doc["score_out_of"] == 10 and doc["schema_version"] == 3
    assert any("-v1-" in p.name for p in store.backups())
    store.check()  # runs once only
    assert calls == [1, 2]


def test_missing_migration_leaves_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryStore(path).attempts.add(_attempt())
    before = path.read_bytes()
    with pytest.raises(StoreError, match="no migration from history schema 1"):
        HistoryStore(path, schema_version=2, migrations={}).check()
    assert path.read_bytes() == before


def test_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    store = HistoryStore(path)
    store.attempts.add(_attempt())
    before = path.read_bytes()
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.table("attempts").insert({"id": "half"})
        raise RuntimeError("crash between two writes")
    assert path.read_bytes() == before


@contextmanager
def _lock_held_elsewhere(path: Path) -> Iterator[None]:
    """Another process holds the history's lock until the block ends (then it is killed)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from filelock import FileLock; "
            f"l=FileLock({str(path) + '.lock'!r}); l.acquire(); print('held', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_lock_timeout_is_a_clear_error(tmp_path: Path) -> None:
    from filelock import FileLock

    path = tmp_path / "history.json"
    HistoryStore(path).check()
    with _lock_held_elsewhere(path), pytest.raises(StoreError, match="holds the history lock"):
        HistoryStore(path, lock_timeout_s=0.2).attempts.list()
    assert FileLock(str(path) + ".lock", timeout=5).acquire()  # released when the holder died


def test_read_tables_needs_no_lock_and_sees_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    store = HistoryStore(path)
    session = store.sessions.add(Session(bank_ids=("os-ko",)))
    attempt = store.attempts.add(_attempt(session.id))
    with _lock_held_elsewhere(path):
        # another process holds the lock: a transaction would time out, the read does not
        tables = HistoryStore(path, lock_timeout_s=0.2).read_tables("sessions", "attempts", "x")
    assert [Session.from_doc(d) for d in tables["sessions"]] == [session]
    assert [Attempt.from_doc(d) for d in tables["attempts"]] == [attempt]
    assert tables["x"] == []


def test_read_tables_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.json"
    assert HistoryStore(path).read_tables("attempts") == {"attempts": []}
    assert not path.parent.exists()


def test_read_tables_migrates_or_refuses_like_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    old = {"attempts": {"1": {"id": "a1", "session_id": "s", "bank_id": "b", "answer": "A"}}}
    path.write_text(json.dumps(old), encoding="utf-8")
    store = HistoryStore(path)
    (doc,) = store.read_tables("attempts")["attempts"]
    assert doc["id"] == "a1" and doc["schema_version"] == 1  # migrated, under the lock
    assert any("-v0-" in p.name for p in store.backups())
    path.write_bytes(b'{"attempts": {"1": {"id": "a"')
    with pytest.raises(StoreError, match=r"not valid JSON.*left untouched"):
        HistoryStore(path).read_tables("attempts")
    newer = json.dumps({"_meta": {"1": {"schema_version": 99}}, "attempts": {}}).encode()
    path.write_bytes(newer)
    with pytest.raises(StoreError, match="newer interview-cli"):
        HistoryStore(path).read_tables("attempts")
    assert path.read_bytes() == newer


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryStore(path).check()
    procs = [
        subprocess.Popen([*WRITER, str(path), "60", tag], stdout=subprocess.PIPE, text=True)
        for tag in ("A", "B")
    ]
    written: set[str] = set()
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        written |= set(out.split())
    assert len(written) == 120
    stored = HistoryStore(path).attempts.list()
    assert {a.id for a in stored} == written
    assert sorted(a.session_id for a in stored) == ["A"] * 60 + ["B"] * 60


@pytest.mark.slow
def test_kill_minus_9_never_loses_a_returned_save(tmp_path: Path) -> None:
    rng = random.Random(20261128)
    path = tmp_path / "history.json"
    confirmed: set[str] = set()
    for round_ in range(50):
        proc = subprocess.Popen(
            [*WRITER, str(path), "100000", f"r{round_}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        # wait until it writes, then kill it at a random moment
        first = proc.stdout.readline().strip()
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        round_ids = {first, *rest.split()}
        round_ids.discard("")
        confirmed |= round_ids
        data = read_json_file(path)  # always parses
        assert data is not None
        stored = {doc["id"] for doc in data["attempts"].values()}
        missing = confirmed - stored
        assert not missing, f"round {round_}: {len(missing)} confirmed attempts lost"
    assert len(confirmed) >= 50
    HistoryStore(path).check()  # and the next opener cleans up after the dead writers
    assert not list(tmp_path.glob(".history.json.*.tmp"))
