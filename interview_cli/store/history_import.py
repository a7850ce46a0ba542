"""The history read back in: an export (JSON or CSV) or a copied history.json, parsed,
brought up to this schema, checked and merged into the store without adding anything twice."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_cli.store.db import MIGRATIONS, HistoryStore
from interview_cli.store.history_export import EXPORT_FORMAT, EXPORT_VERSION
from interview_cli.store.models import SCHEMA_VERSION, Attempt, Session

ATTEMPT_TEXT_FIELDS = ("id", "session_id", "bank_id", "question_id", "question_text", "answer")


class ImportFileError(Exception):
    """The file cannot be imported; the message names the file and the first problem."""


@dataclass
class ImportData:
    sessions: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportResult:
    sessions_added: int = 0
    attempts_added: int = 0
    sessions_present: int = 0
    attempts_present: int = 0
    conflicts: list[str] = field(default_factory=list)  # ids kept as stored; the file differs


def _migrate(data: ImportData, version: int, name: str) -> ImportData:
    """Bring documents written by an older interview-cli up to this one's schema."""
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"{name}: written by a newer interview-cli (history schema {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade interview-cli first"
        )
    tables = {
        "sessions": {str(i): d for i, d in enumerate(data.sessions, 1)},
        "attempts": {str(i): d for i, d in enumerate(data.attempts, 1)},
    }
    for step in range(version, SCHEMA_VERSION):
        migrate = MIGRATIONS.get(step)
        if migrate is None:
            raise ImportFileError(f"{name}: no migration from history schema {step}")
        tables = migrate(tables)
    return ImportData(list(tables["sessions"].values()), list(tables["attempts"].values()))


def _doc_version(docs: Sequence[dict[str, Any]]) -> int:
    versions = [d.get("schema_version") for d in docs if isinstance(d, dict)]
    numbers = [v for v in versions if isinstance(v, int)]
    return max(numbers) if numbers else 0


def _parse_json(text: str, name: str) -> ImportData:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(doc, dict):
        raise ImportFileError(f"{name}: not an interview-cli export (expected a JSON object)")
    if doc.get("format") == EXPORT_FORMAT:
        if not isinstance(doc.get("version"), int) or doc["version"] > EXPORT_VERSION:
            raise ImportFileError(
                f"{name}: export format version {doc.get('version')!r} is newer than this "
                f"interview-cli reads ({EXPORT_VERSION}); upgrade interview-cli first"
            )
        sessions, attempts = doc.get("sessions"), doc.get("attempts")
        if not isinstance(sessions, list) or not isinstance(attempts, list):
            raise ImportFileError(f"{name}: 'sessions' and 'attempts' must be lists")
        version = doc.get("schema_version")
        version = version if isinstance(version, int) else _doc_version([*sessions, *attempts])
        return _migrate(ImportData(sessions, attempts), version, name)
    if "_meta" in doc or ("attempts" in doc and isinstance(doc.get("attempts"), dict)):
        # a history.json copied from another machine: TinyDB tables keyed by document id
        sessions_table = doc.get("sessions") or {}
        attempts_table = doc.get("attempts") or {}
        if not isinstance(sessions_table, dict) or not isinstance(attempts_table, dict):
            raise ImportFileError(f"{name}: not an interview-cli history file")
        meta = doc.get("_meta") or {}
        version = next(
            (
                int(m["schema_version"])
                for m in meta.values()
                if isinstance(m, dict) and isinstance(m.get("schema_version"), int)
            ),
            0,
        )
        data = ImportData(list(sessions_table.values()), list(attempts_table.values()))
        return _migrate(data, version, name)
    raise ImportFileError(f'{name}: not an interview-cli export (no "format": "{EXPORT_FORMAT}")')


def _csv_bool(value: str, where: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no", ""):
        return False
    raise ImportFileError(f"{where}: expected true or false, not {value!r}")


def _csv_number(value: str, where: str, kind: type[float] | type[int]) -> Any:
    if not value.strip():
        return None
    try:
        return kind(value)
    except ValueError:
        raise ImportFileError(f"{where}: expected a number, not {value!r}") from None


def _parse_csv(text: str, name: str) -> ImportData:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ATTEMPT_TEXT_FIELDS if c not in (reader.fieldnames or ())]
    if missing:
        raise ImportFileError(
            f"{name}:1: not an interview-cli CSV export (missing columns: {', '.join(missing)})"
        )
    data = ImportData()
    sessions: dict[str, dict[str, Any]] = {}
    for row in reader:
        where = f"{name}:{reader.line_num}"
        details_text = row.get("score_details") or ""
        try:
            details = json.loads(details_text) if details_text.strip() else {}
        except json.JSONDecodeError:
            raise ImportFileError(f"{where}: score_details is not valid JSON") from None
        scorer = None
        if (row.get("scorer_name") or "").strip():
            scorer = {
                "name": row["scorer_name"],
                "method": row.get("scorer_method") or "",
                "version": row.get("scorer_version") or "",
                "model": row.get("scorer_model") or None,
                "model_sha256": row.get("scorer_model_sha256") or None,
            }
        attempt = {
            **{k: row.get(k) or "" for k in ATTEMPT_TEXT_FIELDS},
            "topic": row.get("topic") or None,
            "kind": row.get("kind") or "answer",
            "parent_id": row.get("parent_id") or None,
            "started_at": row.get("started_at") or row.get("submitted_at") or "",
            "submitted_at": row.get("submitted_at") or "",
            "time_taken_s": _csv_number(row.get("time_taken_s") or "0", where, float) or 0.0,
            "time_limit_s": _csv_number(row.get("time_limit_s") or "", where, int),
            "overtime": _csv_bool(row.get("overtime") or "", where),
            "hints_used": _csv_number(row.get("hints_used") or "0", where, int) or 0,
            "skipped": _csv_bool(row.get("skipped") or "", where),
            "score": _csv_number(row.get("score") or "", where, float),
            "score_details": details if isinstance(details, dict) else {},
            "scorer": scorer,
            "schema_version": _csv_number(row.get("schema_version") or "1", where, int) or 1,
        }
        data.attempts.append(attempt)
        session = sessions.get(attempt["session_id"])
        if session is None:
            session = {
                "id": attempt["session_id"],
                "started_at": row.get("session_started_at") or attempt["started_at"],
                "finished_at": row.get("session_finished_at") or None,
                "status": row.get("session_status") or "finished",
                "mode": row.get("session_mode") or "practice",
                "bank_ids": [],
                "question_keys": [],
                "schema_version": attempt["schema_version"],
            }
            sessions[attempt["session_id"]] = session
        if attempt["bank_id"] not in session["bank_ids"]:
            session["bank_ids"].append(attempt["bank_id"])
        key = f"{attempt['bank_id']}/{attempt['question_id']}"
        if attempt["kind"] == "answer" and key not in session["question_keys"]:
            session["question_keys"].append(key)
    data.sessions = list(sessions.values())
    return _migrate(data, _doc_version(data.attempts), name)


def read_import_file(path: Path) -> ImportData:
    """Sessions and attempts from an export (JSON or CSV) or a copied history.json."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(f"{name}:{line}: not UTF-8 text") from None
    if not text.strip():
        raise ImportFileError(f"{name}: file is empty")
    if path.suffix.lower() == ".csv" or not text.lstrip().startswith(("{", "[")):
        return _parse_csv(text, name)
    return _parse_json(text, name)


def _attempt_problem(doc: dict[str, Any]) -> str | None:
    """What is wrong with the types of an attempt document, if anything (reports read them)."""

    def number(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    if doc.get("kind", "answer") not in ("answer", "follow_up", "retry"):
        return f"kind must be answer, follow_up or retry, not {doc.get('kind')!r}"
    if doc.get("score") is not None and not number(doc["score"]):
        return f"score must be a number, not {doc['score']!r}"
    if not number(doc.get("time_taken_s", 0.0)):
        return f"time_taken_s must be a number, not {doc.get('time_taken_s')!r}"
    limit = doc.get("time_limit_s")
    if limit is not None and not (isinstance(limit, int) and not isinstance(limit, bool)):
        return f"time_limit_s must be a whole number, not {limit!r}"
    for flag in ("overtime", "skipped"):
        if not isinstance(doc.get(flag, False), bool):
            return f"{flag} must be true or false, not {doc.get(flag)!r}"
    if not isinstance(doc.get("score_details", {}), dict):
        return "score_details must be an object"
    if not isinstance(doc.get("submitted_at"), str):
        return "submitted_at must be an ISO timestamp"
    scorer = doc.get("scorer")
    if scorer is not None and not (
        isinstance(scorer, dict) and isinstance(scorer.get("name"), str)
    ):
        return "scorer must be an object with a name"
    return None


def validate(data: ImportData, name: str) -> tuple[list[Session], list[Attempt]]:
    """Typed records from the documents; the first bad one stops the import (nothing added)."""
    from interview_cli.scheduling import parse_time

    sessions: list[Session] = []
    attempts: list[Attempt] = []
    for index, doc in enumerate(data.sessions):
        where = f"{name}: sessions[{index}]"
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ImportFileError(f"{where}: a session needs a text 'id'")
        try:
            sessions.append(Session.from_doc(doc))
        except (TypeError, ValueError) as exc:
            raise ImportFileError(f"{where} ({doc['id']}): {exc}") from None
    for index, doc in enumerate(data.attempts):
        where = f"{name}: attempts[{index}]"
        if not isinstance(doc, dict):
            raise ImportFileError(f"{where}: not an object")
        for key in ATTEMPT_TEXT_FIELDS:
            if not isinstance(doc.get(key), str) or (key != "answer" and not doc[key]):
                raise ImportFileError(f"{where}: missing {key!r}")
        problem = _attempt_problem(doc)
        if problem:
            raise ImportFileError(f"{where} ({doc['id']}): {problem}")
        try:
            attempt = Attempt.from_doc(doc)
            parse_time(attempt.submitted_at)
        except (TypeError, ValueError) as exc:
            raise ImportFileError(f"{where} ({doc['id']}): {exc}") from None
        attempts.append(attempt)
    return sessions, attempts


def merge(
    store: HistoryStore, sessions: Sequence[Session], attempts: Sequence[Attempt], dry_run: bool
) -> ImportResult:
    """Add what the store does not have yet, by id, in one transaction: importing twice adds
    nothing. A record whose id is stored with other content is kept as stored and reported."""
    result = ImportResult()
    with store.transaction() as db:
        for table_name, records, parse in (
            ("sessions", sessions, Session.from_doc),
            ("attempts", attempts, Attempt.from_doc),
        ):
            table = db.table(table_name)
            stored = {
                doc["id"]: parse(dict(doc)).to_doc()
                for doc in table.all()
                if isinstance(doc.get("id"), str)
            }
            new_docs = []
            seen: set[str] = set()
            for record in records:
                doc = record.to_doc()
                if record.id in seen:
                    continue  # the file itself repeats an id: the first one wins
                seen.add(record.id)
                if record.id not in stored:
                    new_docs.append(doc)
                    continue
                if table_name == "sessions":
                    result.sessions_present += 1
                else:
                    result.attempts_present += 1
                if stored[record.id] != doc:
                    result.conflicts.append(f"{table_name[:-1]} {record.id}")
            if table_name == "sessions":
                result.sessions_added = len(new_docs)
            else:
                result.attempts_added = len(new_docs)
            if new_docs and not dry_run:
                table.insert_multiple(new_docs)
    return result
