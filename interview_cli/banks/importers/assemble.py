"""Turn parsed records into a validated bank: stable ids, duplicates handled, rubric derived."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_cli.banks.dedup import (
    DuplicatePair,
    QuestionRef,
    find_duplicates,
    normalize,
    similarity,
)
from interview_cli.banks.importers.claims import derive_key_points, fit_key_point
from interview_cli.banks.importers.decoding import read_source
from interview_cli.banks.importers.detect import detect_format
from interview_cli.banks.importers.formats import BY_NAME, FORMATS
from interview_cli.banks.importers.model import (
    MAX_ANSWER_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MAX_TAG_CHARS,
    ImportFailure,
    Note,
    Parsed,
    Position,
    RawQuestion,
    Skip,
)
from interview_cli.banks.importers.naming import has_non_ascii_letters, slugify, topic_id
from interview_cli.banks.importers.text import clean_text, excerpt, one_line
from interview_cli.banks.schema import ID_PATTERN, LANGUAGE_PATTERN, Bank
from interview_cli.language import detect_language

MAX_KEY_POINTS = 12
REUSE_THRESHOLD = 0.8  # an edited question keeps its id when it is at least this similar
_ID_RE = re.compile(ID_PATTERN)
_NATIVE = re.compile(r" \[id ([^\]]+)\]$")


@dataclass
class ImportOptions:
    fmt: str = "auto"
    bank_id: str | None = None
    title: str | None = None
    language: str | None = None
    topic: str | None = None
    encoding: str | None = None
    keep_duplicates: bool = False
    dry_run: bool = False
    replace: bool = False  # update a bank that came from somewhere else than this file


@dataclass(frozen=True)
class Duplicate:
    """A question of the file that repeats one already known, and what was done about it."""

    at: Position
    question: str
    kind: str  # exact or near
    other_bank: str  # bank id, or "" for another question of the same file
    other_id: str
    other_question: str
    similarity: float
    action: str


@dataclass
class ImportReport:
    source: str
    format: str
    shape: str
    bank_id: str = ""
    title: str = ""
    language: str = ""
    path: Path | None = None
    written: bool = False
    updated: bool = False
    found: int = 0
    imported: int = 0
    with_answer: int = 0
    without_answer: int = 0
    derived_key_points: int = 0
    follow_ups: int = 0
    kept_ids: int = 0
    new_ids: int = 0
    removed_ids: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    bank: Bank | None = None
    backup: Path | None = None  # the previous version of an updated bank

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "shape": self.shape,
            "bank": self.bank_id,
            "title": self.title,
            "language": self.language,
            "path": str(self.path) if self.path else None,
            "backup": str(self.backup) if self.backup else None,
            "written": self.written,
            "updated": self.updated,
            "questions_found": self.found,
            "imported": self.imported,
            "with_answer": self.with_answer,
            "without_answer": self.without_answer,
            "derived_key_points": self.derived_key_points,
            "follow_ups": self.follow_ups,
            "ids_kept": self.kept_ids,
            "ids_new": self.new_ids,
            "removed": self.removed_ids,
            "skipped": [
                {"where": str(s.at), "reason": s.reason, "text": s.excerpt} for s in self.skipped
            ],
            "duplicates": [
                {
                    "where": str(d.at),
                    "question": d.question,
                    "kind": d.kind,
                    "other_bank": d.other_bank or None,
                    "other_id": d.other_id,
                    "other_question": d.other_question,
                    "similarity": d.similarity,
                    "action": d.action,
                }
                for d in self.duplicates
            ],
            "notes": [{"where": str(n.at), "message": n.message} for n in self.notes],
        }


@dataclass
class _Entry:
    """A question on its way into the bank."""

    raw: RawQuestion
    data: dict[str, Any]
    own: bool  # came with our id from one of our own exports
    qid: str | None = None


# ------------------------------------------------------------------ small decisions


def default_bank_id(path: Path) -> str:
    stem = path.stem
    slug = slugify(stem.replace("__", "-"), 80)
    if len(slug) >= 2:
        return slug[:80].strip("-")
    digest = hashlib.sha1(stem.encode()).hexdigest()[:8]
    return f"imported-{digest}"


def _default_topic(path: Path, title: str | None) -> str:
    for text in (title, path.stem.split("__")[-1]):
        topic = topic_id(re.sub(r"^\d+[-_. ]*", "", text or ""))
        if topic:
            return topic
    return "general"


def _new_id(prefix: str, question: str, taken: set[str]) -> str:
    digest = hashlib.sha1(normalize(question).encode()).hexdigest()
    slug = slugify(question, 36)
    for size in (6, 10, 16, 40):
        core = f"{slug}-{digest[:size]}" if slug else digest[:size]
        candidate = f"{prefix}-{core}"[:80].strip("-")
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{prefix}-{digest[:12]}-{counter}" in taken:
        counter += 1
    return f"{prefix}-{digest[:12]}-{counter}"


def _id_prefix(bank_id: str) -> str:
    if len(bank_id) <= 20:
        return bank_id
    cut = bank_id[:20]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


# ------------------------------------------------------------------ the pipeline


def parse_file(path: Path, options: ImportOptions) -> tuple[Parsed, str]:
    """Read and parse a file; ImportFailure if it cannot be read at all."""
    source = read_source(path, options.encoding)
    fmt = options.fmt
    if fmt == "auto":
        fmt = detect_format(source)
    elif fmt not in FORMATS:
        raise ImportFailure(
            str(path), f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )
    parsed = BY_NAME[fmt].read(source)
    if len(parsed.questions) > MAX_QUESTIONS:
        raise ImportFailure(
            str(path), f"{len(parsed.questions)} questions; the limit is {MAX_QUESTIONS} per bank"
        )
    return parsed, fmt


def _normalise(
    raw: RawQuestion, default_topic: str, file_name: str, report: ImportReport
) -> dict[str, Any] | None:
    """The question as bank data, or None (with a skip recorded) when it cannot be one."""
    own = raw.qid is not None
    question = clean_text(raw.question)
    if not question:
        report.skipped.append(Skip(raw.at, "empty question"))
        return None
    if len(question) > MAX_QUESTION_CHARS:
        report.skipped.append(
            Skip(
                raw.at,
                f"question is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}",
                excerpt(question),
            )
        )
        return None
    answer = clean_text(raw.answer or "") or None
    if answer and len(answer) > MAX_ANSWER_CHARS:
        answer = answer[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
        report.notes.append(Note(raw.at, f"answer cut to {MAX_ANSWER_CHARS} characters"))
    tags: list[str] = []
    topic = raw.topic.strip() if raw.topic else None
    if topic and not _ID_RE.match(topic):  # a section name, not already a topic id
        label = one_line(topic)
        if has_non_ascii_letters(label) and len(label) <= MAX_TAG_CHARS:
            tags.append(label)  # the section name itself, for Korean sections mapped to an id
        topic = topic_id(label)
    topic = topic or default_topic
    for tag in raw.tags:
        tag = one_line(tag)[:MAX_TAG_CHARS].strip()
        if tag and tag not in tags:
            tags.append(tag)
    data: dict[str, Any] = {"topic": topic}
    if tags:
        data["tags"] = tags
    difficulty = raw.difficulty if raw.difficulty in (1, 2, 3) else 2
    data["difficulty"] = difficulty
    if raw.time_limit_s is not None:
        if 10 <= raw.time_limit_s <= 3600:
            data["time_limit_s"] = raw.time_limit_s
        else:
            report.notes.append(
                Note(raw.at, f"time limit {raw.time_limit_s}s is outside 10-3600; dropped")
            )
    data["question"] = question
    points: list[str] = []
    for point in raw.key_points:
        points.extend(fit_key_point(point))
    kind = raw.key_points_source or "authored"
    if len(points) > MAX_KEY_POINTS:
        report.notes.append(
            Note(raw.at, f"{len(points)} key points; the first {MAX_KEY_POINTS} kept")
        )
        points = points[:MAX_KEY_POINTS]
    if not points and answer:
        points = derive_key_points(answer)
        kind = "derived"
    if points:
        data["key_points"] = points
        if kind != "authored":
            data["key_points_source"] = kind
    if answer:
        data["model_answer"] = answer
    follow_ups = [clean_text(f)[:MAX_QUESTION_CHARS] for f in raw.follow_ups]
    follow_ups = [one_line(f) for f in follow_ups if f]
    if follow_ups:
        data["follow_ups"] = list(dict.fromkeys(follow_ups))
    if own:
        if raw.source:
            data["source"] = raw.source
    else:
        data["source"] = f"{file_name}:{raw.at}" + (
            f" [id {raw.native_id}]" if raw.native_id else ""
        )
    return data


def _merge_same_file(entries: list[_Entry], report: ImportReport) -> list[_Entry]:
    """Exact repeats inside the file: the first stays; a different answer is added to it."""
    first: dict[str, _Entry] = {}
    kept: list[_Entry] = []
    for entry in entries:
        key = normalize(entry.data["question"])
        earlier = first.get(key)
        if entry.own or earlier is None or earlier.own:
            first.setdefault(key, entry)
            kept.append(entry)
            continue
        answer = entry.data.get("model_answer")
        earlier_answer = earlier.data.get("model_answer")
        if answer and answer != earlier_answer:
            merged = f"{earlier_answer}\n\n{answer}" if earlier_answer else answer
            earlier.data["model_answer"] = merged[:MAX_ANSWER_CHARS]
            if (
                earlier.data.get("key_points_source") == "derived"
                or "key_points" not in earlier.data
            ):
                points = derive_key_points(earlier.data["model_answer"])
                if points:
                    earlier.data["key_points"] = points
                    earlier.data["key_points_source"] = "derived"
            action = f"merged into the question at {earlier.raw.at.named()} (answers combined)"
        else:
            action = f"dropped: same question and answer as {earlier.raw.at.named()}"
        report.duplicates.append(
            Duplicate(
                entry.raw.at,
                entry.data["question"],
                "exact",
                "",
                earlier.raw.at.named(),
                earlier.data["question"],
                1.0,
                action,
            )
        )
    return kept


def _existing_bank(bank_id: str, user_dir: Path) -> tuple[Bank | None, Path, list[Bank]]:
    """The bank to update (if any), the file to write, and all the other banks known."""
    from interview_cli.banks.loader import load_all_banks, load_bank_file

    result = load_all_banks(user_dir)
    target = result.get(bank_id)
    others = [b for b in result.banks if b.id != bank_id]
    if target is not None and target.origin == "shipped":
        raise ImportFailure(
            str(target.path),
            f"bank id {bank_id!r} belongs to a bank that ships with interview-cli; "
            "pass --bank-id with another id",
        )
    if target is not None and target.path is not None:
        return target, target.path, others
    path = user_dir / f"{bank_id}.yaml"
    for candidate in (path, user_dir / f"{bank_id}.yml"):
        if candidate.exists():
            bank, problems = load_bank_file(candidate)
            if bank is None:
                first = problems[0] if problems else None
                why = f" ({first.message} at line {first.line})" if first else ""
                raise ImportFailure(
                    str(candidate),
                    f"exists but is not a valid bank{why}; it is left untouched. Fix or move it, "
                    "or pass --bank-id with another id",
                )
            raise ImportFailure(
                str(candidate),
                f"holds bank {bank.id!r}, not {bank_id!r}; pass --bank-id with another id",
            )
    return None, path, others


def _imported_from(bank: Bank, path: Path) -> bool:
    """Whether a bank came from an earlier import of this file (so updating it is expected)."""
    prefix = f"{path.name}:"
    return any((q.source or "").startswith(prefix) for q in bank.questions)


def _backup(target: Path, backups: Path) -> Path:
    """Copy the bank about to be replaced; an import never loses a bank the user had."""
    import shutil
    import time

    from interview_cli.paths import ensure_private_dir

    folder = ensure_private_dir(backups / "banks")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    copy = folder / f"{target.stem}.{stamp}{target.suffix}"
    counter = 1
    while copy.exists():
        counter += 1
        copy = folder / f"{target.stem}.{stamp}-{counter}{target.suffix}"
    shutil.copy2(target, copy)
    return copy


def _assign_ids(
    entries: list[_Entry], bank_id: str, target: Bank | None, report: ImportReport
) -> None:
    """Ids: our own as given; else the id the question had before (by source key, text, or a
    close match for an edited question); else a new one. History is keyed on these ids."""
    old = list(target.questions) if target else []
    by_native: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for q in old:
        match = _NATIVE.search(q.source or "")
        if match:
            by_native.setdefault(match.group(1), q.id)
        by_text.setdefault(normalize(q.question), q.id)
    taken: set[str] = set()
    for entry in entries:
        if (
            entry.own
            and entry.raw.qid
            and _ID_RE.match(entry.raw.qid)
            and entry.raw.qid not in taken
        ):
            entry.qid = entry.raw.qid
            taken.add(entry.qid)
    for entry in entries:
        if entry.qid:
            continue
        native = entry.raw.native_id
        candidate = by_native.get(native) if native else None
        if candidate is None or candidate in taken:
            candidate = by_text.get(normalize(entry.data["question"]))
        if candidate is not None and candidate not in taken:
            entry.qid = candidate
            taken.add(candidate)
    unmatched_old = [q for q in old if q.id not in taken]
    for entry in entries:
        if entry.qid or not unmatched_old:
            continue
        scored = [(similarity(entry.data["question"], q.question), q) for q in unmatched_old]
        best_score, best = max(scored, key=lambda pair: pair[0])
        if best_score >= REUSE_THRESHOLD:
            entry.qid = best.id
            taken.add(best.id)
            unmatched_old.remove(best)
            report.notes.append(
                Note(
                    entry.raw.at,
                    f"edited question keeps id {best.id} (was: {excerpt(best.question, 50)})",
                )
            )
    old_ids = {q.id for q in old}
    prefix = _id_prefix(bank_id)
    for entry in entries:
        if entry.qid is None:
            entry.qid = _new_id(prefix, entry.data["question"], taken | old_ids)
            taken.add(entry.qid)
            report.new_ids += 1
        elif entry.qid in old_ids:
            report.kept_ids += 1
        else:
            report.new_ids += 1
    report.removed_ids = sorted(q.id for q in old if q.id not in taken)


def _cross_bank_duplicates(
    entries: list[_Entry], others: list[Bank], language: str, keep: bool, report: ImportReport
) -> list[_Entry]:
    refs = [QuestionRef("", str(i), e.data["question"], language) for i, e in enumerate(entries)]
    against = [QuestionRef(b.id, q.id, q.question, b.language) for b in others for q in b.questions]
    pairs: list[DuplicatePair] = find_duplicates(refs, against=against)
    drop: set[int] = set()
    for pair in pairs:
        if not pair.first.bank_id and not pair.second.bank_id:
            # two questions of this file (exact repeats were merged before; near ones remain)
            a, b = entries[int(pair.first.question_id)], entries[int(pair.second.question_id)]
            report.duplicates.append(
                Duplicate(
                    b.raw.at,
                    b.data["question"],
                    pair.kind,
                    "",
                    a.raw.at.named(),
                    a.data["question"],
                    pair.similarity,
                    "kept (a near repeat within the file; check it)",
                )
            )
            continue
        # ``against`` questions come first in a pair: first is the other bank's
        other, mine = pair.first, pair.second
        entry = entries[int(mine.question_id)]
        if pair.kind == "exact" and not keep:
            drop.add(int(mine.question_id))
            action = "skipped (already in that bank; --keep-duplicates imports it anyway)"
        else:
            action = "kept"
        report.duplicates.append(
            Duplicate(
                entry.raw.at,
                entry.data["question"],
                pair.kind,
                other.bank_id,
                other.question_id,
                other.text,
                pair.similarity,
                action,
            )
        )
    return [e for i, e in enumerate(entries) if i not in drop]


def build_bank(
    path: Path, parsed: Parsed, fmt: str, options: ImportOptions, user_dir: Path
) -> tuple[ImportReport, str]:
    """The report and the YAML text of the bank to write (not written here)."""
    from interview_cli.banks.exporters import bank_yaml
    from interview_cli.banks.loader import parse_bank_text

    report = ImportReport(source=str(path), format=fmt, shape=parsed.shape)
    report.skipped = list(parsed.skipped)
    report.notes = list(parsed.notes)
    report.found = len(parsed.questions)
    bank_id = options.bank_id or parsed.bank_meta.get("bank") or default_bank_id(path)
    if not _ID_RE.match(bank_id):
        raise ImportFailure(
            str(path),
            f"bank id {bank_id!r} is not valid (lowercase letters, digits and '-'); pass --bank-id",
        )
    report.bank_id = bank_id
    target, target_path, others = _existing_bank(bank_id, user_dir)
    report.path = target_path
    report.updated = target is not None
    if target is not None and not options.replace and not _imported_from(target, path):
        raise ImportFailure(
            str(target_path),
            f"bank {bank_id!r} exists and was not imported from {path.name}; pass --replace "
            "to replace its questions (a backup is kept), or --bank-id with another id",
        )
    title = (
        options.title
        or parsed.title
        or parsed.bank_meta.get("title")
        or (target.title if target else None)
        or path.stem.replace("__", " ").replace("_", " ")
    )
    title = one_line(title)[:200] or bank_id
    report.title = title
    language = (
        options.language
        or parsed.language
        or detect_language(*[q.question for q in parsed.questions[:400]], rule="script")
    )
    if not re.match(LANGUAGE_PATTERN, language):
        raise ImportFailure(str(path), f"language {language!r} is not a BCP-47 code like en or ko")
    report.language = language
    default_topic = topic_id(options.topic) if options.topic else None
    if options.topic and not default_topic:
        raise ImportFailure(str(path), f"--topic {options.topic!r} gives no usable topic id")
    real_title = options.title or parsed.title or parsed.bank_meta.get("title")
    default_topic = default_topic or _default_topic(path, real_title)

    entries: list[_Entry] = []
    for raw in parsed.questions:
        data = _normalise(raw, default_topic, path.name, report)
        if data is not None:
            entries.append(_Entry(raw, data, own=raw.qid is not None))
    entries = _merge_same_file(entries, report)
    entries = _cross_bank_duplicates(entries, others, language, options.keep_duplicates, report)
    if not entries:
        if report.duplicates and any(d.other_bank for d in report.duplicates):
            banks = sorted({d.other_bank for d in report.duplicates if d.other_bank})
            raise ImportFailure(
                str(path),
                f"every question is already in {', '.join(banks)}; nothing to import "
                "(--keep-duplicates imports them anyway)",
            ).with_details(_skip_lines(path, report))
        if report.found == 0 and not report.skipped:
            shape = parsed.shape if parsed.shape and "no question" not in parsed.shape else ""
            raise ImportFailure(
                str(path),
                f"no questions found (read as {fmt}{': ' + shape if shape else ''}); "
                "pass --format if that is wrong",
            )
        raise ImportFailure(str(path), "no question could be imported").with_details(
            _skip_lines(path, report)
        )
    _assign_ids(entries, bank_id, target, report)

    questions = [{"id": e.qid, **e.data} for e in entries]
    bank_data: dict[str, Any] = {"bank": bank_id, "title": title, "language": language}
    meta = parsed.bank_meta
    license_text = meta.get("license") or (target.license if target else None)
    if license_text:
        bank_data["license"] = license_text
    version = meta.get("version") or (target.version if target else None)
    if version:
        bank_data["version"] = version
    description = meta.get("description") or (target.description if target else None)
    if not description and not any(e.own for e in entries):
        description = f"Imported from {path.name}"[:500]
    if description:
        bank_data["description"] = description
    bank_data["questions"] = questions

    comment = None
    if not any(e.own for e in entries):
        comment = (
            f"Imported by interview-cli from {path.name}.\n"
            "Import the file again to update this bank: question ids stay the same,\n"
            "and your history is keyed on them."
        )
    text = bank_yaml(bank_data, comment)
    bank, problems = parse_bank_text(text, str(target_path), path=target_path, origin="user")
    if bank is None:
        raise ImportFailure(
            str(path), "the imported bank did not pass validation (a bug; please report it)"
        ).with_details([str(p) for p in problems])
    report.bank = bank
    report.imported = len(bank.questions)
    report.with_answer = sum(1 for q in bank.questions if q.model_answer)
    report.without_answer = report.imported - report.with_answer
    report.derived_key_points = sum(1 for q in bank.questions if q.key_points_source == "derived")
    report.follow_ups = sum(len(q.follow_ups) for q in bank.questions)
    return report, text


def _skip_lines(path: Path, report: ImportReport) -> list[str]:
    lines = [f"{path}:{s.at}: skipped: {s.reason}" for s in report.skipped]
    lines += [
        f"{path}:{d.at}: {d.kind} duplicate of {d.other_bank}/{d.other_id}: {d.action}"
        for d in report.duplicates
    ]
    return lines


def import_file(
    path: Path, options: ImportOptions, user_dir: Path, backups_dir: Path | None = None
) -> ImportReport:
    """Parse, build and (unless dry-run) write the bank atomically; ImportFailure on failure.

    A bank that is updated is first copied to ``backups_dir`` (default: next to the banks).
    """
    parsed, fmt = parse_file(path, options)
    report, text = build_bank(path, parsed, fmt, options, user_dir)
    if not options.dry_run and report.path is not None:
        from interview_cli.paths import ensure_private_dir
        from interview_cli.store.storage import atomic_write_bytes

        if report.updated and report.path.exists():
            report.backup = _backup(report.path, backups_dir or user_dir.parent / "backups")
        ensure_private_dir(report.path.parent)
        atomic_write_bytes(report.path, text.encode("utf-8"))
        report.written = True
    return report
