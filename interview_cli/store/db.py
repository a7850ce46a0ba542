"""History store: lock-guarded transactions, migrations, backups and repositories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_cli.paths import ensure_private_dir
from interview_cli.store.models import SCHEMA_VERSION, Attempt, Session, now_iso
from interview_cli.store.storage import (
    CorruptFileError,
    atomic_write_bytes,
    json_bytes,
    read_json_file,
)

if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb import TinyDB

# filelock and TinyDB are imported by the first transaction, not with this module: the practice
# app reads the history without them (read_tables) and draws its first screen sooner

META_TABLE = "_meta"
KEEP_DAILY_BACKUPS = 7

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class StoreError(Exception):
    """The history cannot be used as it is; the message is one line a person can act on."""


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Files from before versioning: stamp every document with schema_version 1."""
    for name, table in data.items():
        if name == META_TABLE:
            continue
        for doc in table.values():
            if isinstance(doc, dict):
                doc.setdefault("schema_version", 1)
    return data


# MIGRATIONS[n] turns a version-n file into a version n+1 file.
MIGRATIONS: dict[int, Migration] = {0: _migrate_0_to_1}


def _file_version(data: dict[str, Any]) -> int:
    meta = data.get(META_TABLE) or {}
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema_version"), int):
            return int(doc["schema_version"])
    return 0


def _with_meta(data: dict[str, Any], version: int) -> dict[str, Any]:
    data[META_TABLE] = {"1": {"schema_version": version, "updated_at": now_iso()}}
    return data


class HistoryStore:
    """The history file. Every operation takes the inter-process lock and sees fresh data."""

    def __init__(
        self,
        path: Path,
        backups_dir: Path | None = None,
        lock_timeout_s: float = 15.0,
        schema_version: int = SCHEMA_VERSION,
        migrations: dict[int, Migration] | None = None,
    ) -> None:
        self.path = path
        self.backups_dir = backups_dir or path.parent / "backups"
        self.schema_version = schema_version
        self.migrations = MIGRATIONS if migrations is None else migrations
        self._lock_timeout_s = lock_timeout_s
        self._lock: FileLock | None = None
        self._ready = False
        self.sessions = SessionRepository(self)
        self.attempts = AttemptRepository(self)

    # -- opening -------------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Backups of this history, newest first."""
        if not self.backups_dir.is_dir():
            return []
        found = self.backups_dir.glob(f"{self.path.stem}*.json")
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def _corrupt(self, exc: CorruptFileError) -> StoreError:
        backups = self.backups()
        hint = f"newest backup: {backups[0]}" if backups else f"no backup in {self.backups_dir}"
        return StoreError(
            f"{exc}: the history file was left untouched; {hint}; "
            f"move the file aside to start a new history, or copy a backup over it"
        )

    def _backup(self, label: str) -> Path:
        ensure_private_dir(self.backups_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.backups_dir / f"{self.path.stem}-{label}-{stamp}.json"
        atomic_write_bytes(target, self.path.read_bytes())
        return target

    def _daily_backup(self) -> None:
        today = datetime.now(UTC).strftime("%Y%m%d")
        daily = sorted(self.backups_dir.glob(f"{self.path.stem}-daily-*.json"))
        if any(p.name.split("-daily-")[1].startswith(today) for p in daily):
            return
        self._backup("daily")
        daily = sorted(self.backups_dir.glob(f"{self.path.stem}-daily-*.json"))
        for old in daily[:-KEEP_DAILY_BACKUPS]:
            old.unlink(missing_ok=True)

    def _prepare(self) -> None:
        """Check, migrate and back up the file once per store object. Caller holds the lock."""
        if self._ready:
            return
        ensure_private_dir(self.path.parent)
        # with the lock held no write is under way: a temp file is what a killed writer left
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        try:
            data = read_json_file(self.path)
        except CorruptFileError as exc:
            raise self._corrupt(exc) from None
        if data is None:
            payload = _with_meta({}, self.schema_version)
            atomic_write_bytes(self.path, json_bytes(payload))
        else:
            version = _file_version(data)
            if version > self.schema_version:
                raise StoreError(
                    f"{self.path}: written by a newer interview-cli (history schema {version}, "
                    f"this one reads up to {self.schema_version}); upgrade interview-cli. "
                    "The file was left untouched"
                )
            if version < self.schema_version:
                backup = self._backup(f"v{version}")
                for step in range(version, self.schema_version):
                    migrate = self.migrations.get(step)
                    if migrate is None:
                        raise StoreError(
                            f"{self.path}: no migration from history schema {step}; "
                            f"the file was left untouched (backup: {backup})"
                        )
                    data = migrate(data)
                atomic_write_bytes(self.path, json_bytes(_with_meta(data, self.schema_version)))
            else:
                self._daily_backup()
        self._ready = True

    def read_tables(self, *names: str) -> dict[str, list[dict[str, Any]]]:
        """The documents of the named tables, read without taking the lock.

        Every write replaces the file with one rename, so a reader sees a whole file, the one
        before or the one after a write, as if it had read just before the writer's lock. A
        file that is missing reads as empty; one that needs migrating or cannot be read goes
        through a transaction, which migrates it or raises the usual error.
        """
        try:
            data = read_json_file(self.path)
        except CorruptFileError:
            data = {}  # a version-0 look-alike: the locked path below reports it properly
        if data is None:
            return {name: [] for name in names}
        if _file_version(data) == self.schema_version:
            return {name: [dict(d) for d in (data.get(name) or {}).values()] for name in names}
        with self.transaction() as db:
            return {name: [dict(d) for d in db.table(name).all()] for name in names}

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """A TinyDB view of the file under the lock; written once, atomically, on success."""
        from filelock import FileLock, Timeout
        from tinydb import TinyDB
        from tinydb.middlewares import CachingMiddleware

        from interview_cli.store.tinydb_storage import AtomicJSONStorage

        if self._lock is None:
            lock_file = str(self.path) + ".lock"
            self._lock = FileLock(lock_file, timeout=self._lock_timeout_s, mode=0o600)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(
                f"{self.path}: another interview-cli holds the history lock "
                f"({self._lock.lock_file}); close it and try again"
            ) from None
        try:
            self._prepare()
            db = TinyDB(self.path, storage=CachingMiddleware(AtomicJSONStorage))  # type: ignore[no-untyped-call]
            try:
                yield db
            except BaseException:
                raise  # leave without flushing: nothing half-done reaches the file
            else:
                db.close()
        except CorruptFileError as exc:
            raise self._corrupt(exc) from None
        finally:
            self._lock.release()

    def check(self) -> dict[str, Any]:
        """Open the file (migrating if needed) and say what is in it."""
        with self.transaction() as db:
            return {
                "path": str(self.path),
                "schema_version": self.schema_version,
                "sessions": len(db.table("sessions")),
                "attempts": len(db.table("attempts")),
                "backups": [str(p) for p in self.backups()],
            }


class SessionRepository:
    TABLE = "sessions"

    def __init__(self, store: HistoryStore) -> None:
        self._store = store

    def add(self, session: Session) -> Session:
        with self._store.transaction() as db:
            db.table(self.TABLE).insert(session.to_doc())
        return session

    def update(self, session_id: str, **changes: Any) -> None:
        from tinydb import Query

        with self._store.transaction() as db:
            table = db.table(self.TABLE)
            if not table.update(_plain(changes), Query().id == session_id):
                raise KeyError(session_id)

    def get(self, session_id: str) -> Session | None:
        from tinydb import Query

        with self._store.transaction() as db:
            doc = db.table(self.TABLE).get(Query().id == session_id)
        return Session.from_doc(dict(doc)) if isinstance(doc, dict) else None

    def list(self) -> list[Session]:
        with self._store.transaction() as db:
            docs = db.table(self.TABLE).all()
        return sorted((Session.from_doc(dict(d)) for d in docs), key=lambda s: s.started_at)


class AttemptRepository:
    TABLE = "attempts"

    def __init__(self, store: HistoryStore) -> None:
        self._store = store

    def add(self, attempt: Attempt) -> Attempt:
        with self._store.transaction() as db:
            db.table(self.TABLE).insert(attempt.to_doc())
        return attempt

    def update(self, attempt_id: str, **changes: Any) -> None:
        from tinydb import Query

        with self._store.transaction() as db:
            if not db.table(self.TABLE).update(_plain(changes), Query().id == attempt_id):
                raise KeyError(attempt_id)

    def get(self, attempt_id: str) -> Attempt | None:
        from tinydb import Query

        with self._store.transaction() as db:
            doc = db.table(self.TABLE).get(Query().id == attempt_id)
        return Attempt.from_doc(dict(doc)) if isinstance(doc, dict) else None

    def list(
        self,
        session_id: str | None = None,
        bank_id: str | None = None,
        question_id: str | None = None,
    ) -> list[Attempt]:
        with self._store.transaction() as db:
            docs = db.table(self.TABLE).all()
        out = [
            Attempt.from_doc(dict(d))
            for d in docs
            if (session_id is None or d.get("session_id") == session_id)
            and (bank_id is None or d.get("bank_id") == bank_id)
            and (question_id is None or d.get("question_id") == question_id)
        ]
        return sorted(out, key=lambda a: a.submitted_at)


def _plain(changes: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON-ready data (dataclasses to dicts, tuples to lists)."""
    import dataclasses

    out: dict[str, Any] = {}
    for key, value in changes.items():
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out
