"""Anki packages (.apkg: a zip holding an SQLite collection) read with limits against zip bombs."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
import zlib
from pathlib import Path

from interview_cli.banks.importers.anki_collection import read_collection
from interview_cli.banks.importers.database import open_readonly
from interview_cli.banks.importers.decoding import Source, human_size
from interview_cli.banks.importers.model import ImportFailure, Parsed

MAX_COLLECTION_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # SQLite pages compress well, but not a thousandfold
MAX_MEMBERS = 100_000
CHUNK = 1024 * 1024


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
        conn = open_readonly(target, name)
        try:
            parsed = read_collection(conn, name)
        except sqlite3.DatabaseError as exc:
            raise ImportFailure(name, f"damaged collection inside the .apkg ({exc})") from None
        finally:
            conn.close()
    parsed.shape = "Anki package (.apkg)"
    return parsed
