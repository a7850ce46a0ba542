"""The history written out: one JSON backup document, or one CSV row per attempt."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from interview_cli.store.models import SCHEMA_VERSION, Attempt, Session

EXPORT_FORMAT = "interview-cli.history"
EXPORT_VERSION = 1
SESSION_COLUMNS = (
    "session_started_at",
    "session_finished_at",
    "session_status",
    "session_mode",
)
CSV_COLUMNS = (
    "id",
    "session_id",
    *SESSION_COLUMNS,
    "kind",
    "parent_id",
    "bank_id",
    "question_id",
    "topic",
    "question_text",
    "answer",
    "started_at",
    "submitted_at",
    "time_taken_s",
    "time_limit_s",
    "overtime",
    "hints_used",
    "skipped",
    "score",
    "scorer_key",
    "scorer_name",
    "scorer_method",
    "scorer_version",
    "scorer_model",
    "scorer_model_sha256",
    "rating_override",
    "missed_key_points",
    "score_details",
    "schema_version",
)


def export_json(sessions: Sequence[Session], attempts: Sequence[Attempt], exported_at: str) -> str:
    """The whole history as one JSON document (the backup format; see `import`)."""
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at,
        "counts": {"sessions": len(sessions), "attempts": len(attempts)},
        "sessions": [s.to_doc() for s in _sessions_in_order(sessions)],
        "attempts": [a.to_doc() for a in _attempts_in_order(attempts)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _sessions_in_order(sessions: Sequence[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.started_at, s.id))


def _attempts_in_order(attempts: Sequence[Attempt]) -> list[Attempt]:
    return sorted(attempts, key=lambda a: (a.submitted_at, a.id))


def _missed(details: dict[str, Any]) -> str:
    from interview_cli.reports.stats import key_point_verdicts

    return "\n".join(
        p for p, verdict in key_point_verdicts(details) if verdict in ("missing", "contradicted")
    )


def export_csv(sessions: Sequence[Session], attempts: Sequence[Attempt]) -> str:
    """One row per attempt, its session's fields repeated: for spreadsheets, and importable."""
    from interview_cli.scheduling import OVERRIDE_KEY

    by_id = {s.id: s for s in sessions}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in _attempts_in_order(attempts):
        session = by_id.get(a.session_id)
        scorer = a.scorer
        row: dict[str, Any] = {
            **a.to_doc(),
            "session_started_at": session.started_at if session else "",
            "session_finished_at": (session.finished_at or "") if session else "",
            "session_status": session.status if session else "",
            "session_mode": session.mode if session else "",
            "parent_id": a.parent_id or "",
            "topic": a.topic or "",
            "time_limit_s": "" if a.time_limit_s is None else a.time_limit_s,
            "overtime": "true" if a.overtime else "false",
            "skipped": "true" if a.skipped else "false",
            "score": "" if a.score is None else a.score,
            "scorer_key": scorer.key if scorer else "",
            "scorer_name": scorer.name if scorer else "",
            "scorer_method": scorer.method if scorer else "",
            "scorer_version": scorer.version if scorer else "",
            "scorer_model": (scorer.model or "") if scorer else "",
            "scorer_model_sha256": (scorer.model_sha256 or "") if scorer else "",
            "rating_override": a.score_details.get(OVERRIDE_KEY) or "",
            "missed_key_points": _missed(a.score_details),
            "score_details": json.dumps(a.score_details, ensure_ascii=False, sort_keys=True),
        }
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()
