"""SQLite files to import from, opened read-only: never written, locked or journaled."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from interview_cli.banks.importers.model import ImportFailure


def open_readonly(path: Path, name: str) -> sqlite3.Connection:
    """Open a database file read-only; it is never written, locked or journaled."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("PRAGMA query_only = 1")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ImportFailure(name, f"not a readable SQLite database ({exc})") from None
    return conn


def quote_name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return [str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")]
