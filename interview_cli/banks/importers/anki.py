"""Which kind of Anki file this is: a package (.apkg), a collection database or a text export."""

from __future__ import annotations

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.model import Parsed

ZIP_MAGIC = b"PK\x03\x04"
SQLITE_MAGIC = b"SQLite format 3\x00"


def read_anki(source: Source) -> Parsed:
    if source.data.startswith(ZIP_MAGIC) or source.path.suffix.lower() in (".apkg", ".colpkg"):
        from interview_cli.banks.importers.apkg import read_apkg

        return read_apkg(source)
    if source.data.startswith(SQLITE_MAGIC):
        from interview_cli.banks.importers.sqlite import read_sqlite

        return read_sqlite(source)
    from interview_cli.banks.importers.anki_text import read_anki_text

    return read_anki_text(source)
