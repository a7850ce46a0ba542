"""SQLite flashcard databases: a table with question/answer (or front/back) columns."""

from __future__ import annotations

import sqlite3

from interview_cli.banks.importers.anki_collection import read_collection
from interview_cli.banks.importers.database import open_readonly, quote_name, tables
from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.fields import match_fields, record_to_raw
from interview_cli.banks.importers.model import MAX_QUESTIONS, ImportFailure, Note, Parsed, Position


def read_sqlite(source: Source) -> Parsed:
    conn = open_readonly(source.path, source.name)
    try:
        names = tables(conn)
        if {"notes", "col"} <= set(names):
            return read_collection(conn, source.name)
        return _read_cards(conn, names, source.name)
    except sqlite3.DatabaseError as exc:
        raise ImportFailure(source.name, f"damaged SQLite database ({exc})") from None
    finally:
        conn.close()


def _read_cards(conn: sqlite3.Connection, names: list[str], name: str) -> Parsed:
    best: tuple[int, int, str, list[str], dict[str, str]] | None = None
    for table in names:
        columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({quote_name(table)})")]
        matched = match_fields(columns)
        if "question" not in matched:
            continue
        rows = conn.execute(f"SELECT count(*) FROM {quote_name(table)}").fetchone()[0]
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
        parsed.notes.append(
            Note(Position(None, "table " + table), f"columns not imported: {', '.join(unused)}")
        )
    cursor = conn.execute(f"SELECT rowid, * FROM {quote_name(table)} ORDER BY rowid")
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
        raw = record_to_raw(record, matched, Position(line, "row"), parsed.skipped, parsed.notes)
        if raw is not None:
            raw.native_id = raw.native_id or str(rowid)
            parsed.questions.append(raw)
    return parsed
