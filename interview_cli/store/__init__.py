"""History: a TinyDB file written atomically, locked between processes, versioned and migrated."""

from interview_cli.store.db import HistoryStore, StoreError
from interview_cli.store.models import Attempt, ScorerInfo, Session

__all__ = ["Attempt", "HistoryStore", "ScorerInfo", "Session", "StoreError"]
