"""Drafts: the answer being typed, saved every few seconds so a crash loses at most seconds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from interview_cli.store.db import HistoryStore
from interview_cli.store.models import SCHEMA_VERSION, AttemptKind, now_iso


@dataclass(frozen=True)
class Draft:
    """Where a session stood when it was last saved: one per session, replaced on every save."""

    session_id: str
    attempt_id: str  # the id the attempt gets when it is submitted; a stored one makes this stale
    bank_id: str
    question_id: str
    prompt: str  # what was asked: the question, or the follow-up question
    text: str = ""
    kind: AttemptKind = "answer"
    parent_id: str | None = None
    elapsed_s: float = 0.0
    time_limit_s: int | None = None
    hints_used: int = 0
    overtime: bool = False
    reason: str | None = None  # why a mock interview asked this follow-up
    started_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    seq: int = 0  # saves can finish out of order across threads; the higher seq wins
    schema_version: int = SCHEMA_VERSION

    def to_doc(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Draft:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in doc.items() if k in known})


def _where(session_id: str, attempt_id: str | None = None) -> Any:
    """The TinyDB query for a session's draft (TinyDB is imported by the first use)."""
    from tinydb import Query

    query = Query().session_id == session_id
    if attempt_id is not None:
        query = query & (Query().attempt_id == attempt_id)
    return query


class DraftRepository:
    TABLE = "drafts"

    def __init__(self, store: HistoryStore) -> None:
        self._store = store

    def save(self, draft: Draft) -> bool:
        """Store ``draft`` unless a newer one (higher seq) for the same session is already there."""
        with self._store.transaction() as db:
            table = db.table(self.TABLE)
            current = table.get(_where(draft.session_id))
            if isinstance(current, dict):
                if int(current.get("seq", 0)) > draft.seq:
                    return False
                table.update(draft.to_doc(), _where(draft.session_id))
            else:
                table.insert(draft.to_doc())
        return True

    def get(self, session_id: str) -> Draft | None:
        with self._store.transaction() as db:
            doc = db.table(self.TABLE).get(_where(session_id))
        return Draft.from_doc(dict(doc)) if isinstance(doc, dict) else None

    def delete(self, session_id: str, attempt_id: str | None = None) -> None:
        """Drop the session's draft (only the one for ``attempt_id`` when given)."""
        query = _where(session_id, attempt_id)
        with self._store.transaction() as db:
            db.table(self.TABLE).remove(query)

    def list(self) -> list[Draft]:
        with self._store.transaction() as db:
            docs = db.table(self.TABLE).all()
        return sorted((Draft.from_doc(dict(d)) for d in docs), key=lambda d: d.updated_at)
