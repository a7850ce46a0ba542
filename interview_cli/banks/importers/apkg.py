"""Anki packages (.apkg: a zip holding an SQLite collection) read with limits against zip bombs."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
import zlib
from pathlib import Path

from interview_cli.banks.importers.anki_text import apply_anki_tags, field_text, uncloze
from interview_cli.banks.importers.common import (
    MAX_QUESTIONS,
    ImportFailure,
    Parsed,
    RawQuestion,
    Skip,
    Source,
    excerpt,
    field_key,
    human_size,
)

MAX_COLLECTION_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # SQLite pages compress well, but not a thousandfold
MAX_MEMBERS = 100_000
CHUNK = 1024 * 1024

_QUESTION_FIELDS = ("front", "question", "text", "질문", "문제", "앞면")
_ANSWER_FIELDS = ("back", "answer", "extra", "답", "답변", "정답", "뒷면", "backextra")


def _pick_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFailure(name, f"archive has {len(infos)} members; not an Anki package")
    by_name = {info.filename: info for info in infos}
    if "collection.anki21" in by_name:
        return by_name["collection.anki21"]
    if "collection.anki21b" in by_name:
        # newer Anki writes a zstd-compressed collection and leaves a stub
        # collection.anki2 that only says "please update Anki"
        raise ImportFailure(
            name,
            "this .apkg uses Anki's newer compressed format (collection.anki21b); export again "
            "with 'Support older Anki versions' ticked, or export 'Notes in Plain Text' "
            "and import that .txt",
        )
    if "collection.anki2" in by_name:
        return by_name["collection.anki2"]
    raise ImportFailure(
        name, "zip file without an Anki collection (collection.anki2); not an .apkg"
    )


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, name: str) -> None:
    """Copy one member out; stop once it grows past the limit, whatever its header says."""
    if info.file_size > MAX_COLLECTION_BYTES:
        raise ImportFailure(
            name,
            f"the collection inside unpacks to {human_size(info.file_size)}; "
            f"the limit is {human_size(MAX_COLLECTION_BYTES)}",
        )
    ratio = info.file_size / info.compress_size if info.compress_size else 0.0
    if ratio > MAX_RATIO and info.file_size > 16 * 1024 * 1024:
        raise ImportFailure(name, "suspicious compression ratio (a zip bomb?); refused")
    written = 0
    with archive.open(info) as member, target.open("wb") as out:
        while True:
            chunk = member.read(CHUNK)
            if not chunk:
                break
            written += len(chunk)
            if written > MAX_COLLECTION_BYTES:
                raise ImportFailure(name, "the collection unpacks past the size limit; refused")
            out.write(chunk)


def read_apkg(source: Source) -> Parsed:
    name = source.name
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
    except zipfile.BadZipFile:
        raise ImportFailure(name, "not a valid .apkg: the zip is truncated or damaged") from None
    with archive, tempfile.TemporaryDirectory(prefix="interview-apkg-") as folder:
        info = _pick_member(archive, name)
        target = Path(folder) / "collection.sqlite"
        try:
            _extract(archive, info, target, name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ImportFailure(
                name, f"damaged .apkg: cannot unpack the collection ({exc})"
            ) from None
        from interview_cli.banks.importers.sqlite import open_readonly

        conn = open_readonly(target, name)
        try:
            parsed = read_collection(conn, name)
        except sqlite3.DatabaseError as exc:
            raise ImportFailure(name, f"damaged collection inside the .apkg ({exc})") from None
        finally:
            conn.close()
    parsed.shape = "Anki package (.apkg)"
    return parsed


def _field_names(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """Field names per note type: the old JSON column, or the newer fields table."""
    names: dict[int, list[str]] = {}
    tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "fields" in tables:
        for ntid, _, fname in conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            names.setdefault(int(ntid), []).append(str(fname))
    if not names and "col" in tables:
        row = conn.execute("SELECT models FROM col LIMIT 1").fetchone()
        if row and row[0]:
            try:
                models = json.loads(row[0])
            except (json.JSONDecodeError, TypeError):
                models = {}
            if isinstance(models, dict):
                for mid, model in models.items():
                    if isinstance(model, dict) and isinstance(model.get("flds"), list):
                        names[int(mid)] = [
                            str(f.get("name", "")) for f in model["flds"] if isinstance(f, dict)
                        ]
    return names


def _role_index(fields: list[str], wanted: tuple[str, ...], default: int) -> int:
    keys = [field_key(f) for f in fields]
    for want in wanted:
        if want in keys:
            return keys.index(want)
    return default


def read_collection(conn: sqlite3.Connection, name: str) -> Parsed:
    """Notes of an Anki collection: Front/Text (or the first field) asks, Back/Extra answers."""
    parsed = Parsed(shape="Anki collection")
    count = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > MAX_QUESTIONS:
        raise ImportFailure(name, f"{count} notes; the limit is {MAX_QUESTIONS}")
    models = _field_names(conn)
    rows = conn.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    for number, (_, guid, mid, tags, flds) in enumerate(rows, 1):
        values = str(flds or "").split("\x1f")
        fields = models.get(int(mid), [])
        q_index = _role_index(fields, _QUESTION_FIELDS, 0)
        a_index = _role_index(fields, _ANSWER_FIELDS, 1 if q_index != 1 else 0)
        front = values[q_index] if q_index < len(values) else ""
        back = values[a_index] if a_index < len(values) and a_index != q_index else ""
        question = field_text(front, True)
        answer = field_text(back, True)
        if "{{c" in front:
            hidden, deleted = uncloze(front)
            question = field_text(hidden, True)
            answer = "\n\n".join(p for p in (deleted, answer) if p)
        if not question:
            parsed.skipped.append(Skip(number, "empty first field", excerpt(back), "note"))
            continue
        raw = RawQuestion(question, number, answer=answer or None, unit="note")
        raw.native_id = str(guid) if guid else None
        apply_anki_tags(raw, str(tags or "").split())
        parsed.questions.append(raw)
    return parsed
