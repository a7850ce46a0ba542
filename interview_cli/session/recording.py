"""Where a session writes: the history store directly, or a background thread in front of it."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from interview_cli.store.db import HistoryStore
    from interview_cli.store.drafts import Draft
    from interview_cli.store.models import Attempt, Session


class Recorder(Protocol):
    """Where a session writes. The store directly, or a background thread in front of it."""

    def add_session(self, session: Session) -> None: ...
    def update_session(self, session_id: str, **changes: Any) -> None: ...
    def add_attempt(self, attempt: Attempt) -> None: ...
    def update_attempt(self, attempt_id: str, **changes: Any) -> None: ...
    def save_draft(self, draft: Draft) -> None: ...
    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None: ...


class StoreRecorder:
    """Writes straight to the history store; each call is one locked transaction."""

    def __init__(self, store: HistoryStore) -> None:
        from interview_cli.store.drafts import DraftRepository

        self.store = store
        self.drafts = DraftRepository(store)

    def add_session(self, session: Session) -> None:
        self.store.sessions.add(session)

    def update_session(self, session_id: str, **changes: Any) -> None:
        self.store.sessions.update(session_id, **changes)

    def add_attempt(self, attempt: Attempt) -> None:
        self.store.attempts.add(attempt)

    def update_attempt(self, attempt_id: str, **changes: Any) -> None:
        self.store.attempts.update(attempt_id, **changes)

    def save_draft(self, draft: Draft) -> None:
        self.drafts.save(draft)

    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None:
        self.drafts.delete(session_id, attempt_id)


_Op = Callable[[Recorder], None]


class BackgroundRecorder:
    """Runs another recorder's writes in order on one thread, so a front end never waits on disk.

    A write that fails is retried (the file may be locked by another copy of the tool); the
    error goes to ``on_error`` so the person hears about it. ``close`` drains what is queued.

    With ``hold_s`` the writes wait until ``release()`` (at most that long): a front end
    releases them once its first screen is drawn, so the writer's imports and file work do not
    compete with that screen for the interpreter. The writes stay queued in order meanwhile.
    """

    def __init__(
        self,
        inner: Recorder,
        on_error: Callable[[Exception], None] | None = None,
        retry_delays: Sequence[float] = (0.2, 0.5, 1.0, 2.0, 5.0),
        hold_s: float = 0.0,
    ) -> None:
        self.inner = inner
        self.on_error = on_error
        self._delays = tuple(retry_delays) or (1.0,)
        self._hold_s = hold_s
        self._go = threading.Event()
        if hold_s <= 0:
            self._go.set()
        self._ops: queue.Queue[_Op | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self.failed: list[Exception] = []  # writes given up on at close

    def _submit(self, op: _Op) -> None:
        with self._lock:
            if self._thread is None:
                # a daemon thread: a crash loses only what was queued, never a half file
                self._thread = threading.Thread(
                    target=self._run, name="interview-recorder", daemon=True
                )
                self._thread.start()
        self._ops.put(op)

    def release(self) -> None:
        """Let held writes go ahead (see ``hold_s``)."""
        self._go.set()

    def _run(self) -> None:
        self._go.wait(self._hold_s)
        while True:
            op = self._ops.get()
            try:
                if op is None:
                    return
                attempt = 0
                while True:
                    try:
                        op(self.inner)
                        break
                    except Exception as exc:  # a write must not kill the writer thread
                        if self.on_error is not None:
                            self.on_error(exc)
                        if self._closing.is_set() and attempt >= 2:
                            self.failed.append(exc)
                            break
                        time.sleep(self._delays[min(attempt, len(self._delays) - 1)])
                        attempt += 1
            finally:
                self._ops.task_done()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued write is done; False when ``timeout`` ran out first."""
        self.release()
        if self._thread is None:
            return True
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._ops.unfinished_tasks:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self, timeout: float | None = 30.0) -> bool:
        """Finish the queued writes and stop the thread."""
        self._closing.set()
        self.release()
        if self._thread is None:
            return True
        self._ops.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive() and not self.failed

    def add_session(self, session: Session) -> None:
        self._submit(lambda r: r.add_session(session))

    def update_session(self, session_id: str, **changes: Any) -> None:
        self._submit(lambda r: r.update_session(session_id, **changes))

    def add_attempt(self, attempt: Attempt) -> None:
        self._submit(lambda r: r.add_attempt(attempt))

    def update_attempt(self, attempt_id: str, **changes: Any) -> None:
        self._submit(lambda r: r.update_attempt(attempt_id, **changes))

    def save_draft(self, draft: Draft) -> None:
        self._submit(lambda r: r.save_draft(draft))

    def delete_draft(self, session_id: str, attempt_id: str | None = None) -> None:
        self._submit(lambda r: r.delete_draft(session_id, attempt_id))
