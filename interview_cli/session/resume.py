"""Finding a session that stopped before its end, to offer it for resuming."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_cli.planning.picking import MODES
from interview_cli.scheduling import question_key
from interview_cli.store.models import Attempt, Session

if TYPE_CHECKING:
    from interview_cli.store.db import HistoryStore
    from interview_cli.store.drafts import Draft


@dataclass(frozen=True)
class Interrupted:
    """A session that stopped before its end (crash, kill, closed terminal, quit mid-way)."""

    session: Session
    attempts: tuple[Attempt, ...]
    draft: Draft | None

    @property
    def answered(self) -> int:
        return len({(a.bank_id, a.question_id) for a in self.attempts if a.kind == "answer"})

    @property
    def total(self) -> int:
        return len(self.session.question_keys)


def this_host() -> str:
    """The machine this process runs on; a session keeps it to tell its process from others."""
    import socket  # deferred: only needed once a session starts

    return socket.gethostname()


def _alive_elsewhere(settings: Mapping[str, Any]) -> bool:
    """Is another running copy of the tool still in this session?"""
    pid = settings.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    if settings.get("host") not in (None, this_host()):
        return False  # another machine's process: we cannot tell, so offer it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def load_history(store: HistoryStore) -> tuple[list[Attempt], Interrupted | None]:
    """Every attempt, and the session to offer for resuming: one read of the history file."""
    from interview_cli.store.db import AttemptRepository, SessionRepository
    from interview_cli.store.drafts import Draft, DraftRepository

    tables = store.read_tables(
        SessionRepository.TABLE, AttemptRepository.TABLE, DraftRepository.TABLE
    )
    sessions = [Session.from_doc(d) for d in tables[SessionRepository.TABLE]]
    attempts = [Attempt.from_doc(d) for d in tables[AttemptRepository.TABLE]]
    drafts = [Draft.from_doc(d) for d in tables[DraftRepository.TABLE]]
    sessions.sort(key=lambda s: s.started_at)
    attempts.sort(key=lambda a: a.submitted_at)
    return attempts, _interrupted(sessions, attempts, drafts)


def _interrupted(
    sessions: Sequence[Session], attempts: Sequence[Attempt], drafts: Sequence[Draft]
) -> Interrupted | None:
    by_session = {d.session_id: d for d in drafts}
    open_sessions = [s for s in sessions if s.status == "active" and s.mode in MODES]
    for session in reversed(open_sessions):
        if _alive_elsewhere(session.settings):
            continue
        mine = tuple(a for a in attempts if a.session_id == session.id)
        draft = by_session.get(session.id)
        if draft is not None and any(a.id == draft.attempt_id for a in mine):
            draft = None  # submitted after this draft was saved
        answered = {question_key(a.bank_id, a.question_id) for a in mine if a.kind == "answer"}
        if draft is None and all(k in answered for k in session.question_keys):
            continue
        return Interrupted(session=session, attempts=mine, draft=draft)
    return None
