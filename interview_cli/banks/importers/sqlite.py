"""SQLite flashcard databases: a table with question/answer (or front/back) columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from interview_cli.banks.importers.common import (
    MAX_QUESTIONS,
    ImportFailure,
    Note,
    Parsed,
    Source,
    match_fields,
    record_to_raw,
)


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


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return [str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")]


def read_sqlite(source: Source) -> Parsed:
    conn = open_readonly(source.path, source.name)
    try:
        names = tables(conn)
        if {"notes", "col"} <= set(names):
            from interview_cli.banks.importers.apkg import read_collection

            return read_collection(conn, source.name)
        return _read_cards(conn, names, source.name)
    except sqlite3.DatabaseError as exc:
        raise ImportFailure(source.name, f"damaged SQLite database ({exc})") from None
    finally:
        conn.close()


def _read_cards(conn: sqlite3.Connection, names: list[str], name: str) -> Parsed:
    best: tuple[int, int, str, list[str], dict[str, str]] | None = None
    for table in names:
        columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({_quote(table)})")]
        matched = match_fields(columns)
        if "question" not in matched:
            continue
        rows = conn.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]
        rank = (int("answer" in matched), int(rows))
        if best is None or rank > best[:2]:
            best = (rank[0], rank[1], table, columns, matched)
    if best is None:
        listed = ", ".join(names) or "none"
        raise ImportFailure(
            name,
            f"no table with question/answer (or front/back) columns; tables: {listed}",
        )
    _, count, table, columns, matched = best
    parsed = Parsed(shape=f"SQLite table {table!r} ({', '.join(matched.values())})")
    if count > MAX_QUESTIONS:
        raise ImportFailure(name, f"table {table!r} has {count} rows; the limit is {MAX_QUESTIONS}")
    unused = [c for c in columns if c not in matched.values()]
    if unused:
        parsed.notes.append(Note(0, f"columns not imported: {', '.join(unused)}", "table " + table))
    cursor = conn.execute(f"SELECT rowid, * FROM {_quote(table)} ORDER BY rowid")
    for row in cursor:
        rowid = int(row[0])
        record: dict[str, object] = {}
        for column, value in zip(columns, row[1:], strict=False):
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError:
                    value = None
            record[column] = value
        own_id = record.get(matched["id"]) if "id" in matched else None
        line = own_id if isinstance(own_id, int) else rowid
        raw = record_to_raw(record, matched, line, parsed.skipped, parsed.notes, unit="row")
        if raw is not None:
            raw.native_id = raw.native_id or str(rowid)
            parsed.questions.append(raw)
    return parsed
