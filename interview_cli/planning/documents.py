"""Reading a job posting or a résumé: plain text or Markdown, English, Korean or both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from interview_cli.language import DocumentLanguage, detect_language

DocumentKind = Literal["posting", "resume"]

MAX_CHARS = 40_000  # a long posting is read up to here (and the plan says so)


class DocumentError(ValueError):
    """A file that cannot be used; the message names it and says why, on one line."""


@dataclass(frozen=True)
class Document:
    path: Path
    kind: DocumentKind
    text: str
    language: DocumentLanguage
    truncated: bool  # only the first MAX_CHARS characters were read
    chars: int  # length of the whole file's text

    @property
    def label(self) -> str:
        return self.path.name


def _decode(data: bytes, path: Path) -> str:
    """The text, decoded as the importer decodes files (BOMs, UTF-16 without one, UTF-8,
    Korean CP949/EUC-KR, a detector), refusing what a posting cannot be."""
    from interview_cli.banks.importers.decoding import decode_bytes, is_binary
    from interview_cli.banks.importers.model import ImportFailure

    if data.startswith(b"%PDF"):
        raise DocumentError(f"{path}: is a PDF; save the text as a .txt or .md file and use that")
    if data.startswith(b"PK\x03\x04"):
        raise DocumentError(
            f"{path}: is a zip archive (a .docx?); save the text as a .txt or .md file"
        )
    if is_binary(data):
        raise DocumentError(f"{path}: is not a text file (it contains binary data)")
    try:
        return decode_bytes(data, str(path))[0]
    except ImportFailure:
        # UTF-8 with a few stray bytes (a curly quote pasted from another encoding): a
        # posting is only read, never written back, so keep its text
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 200):
            return text
        # the importer's message would suggest --encoding, which these commands do not take
        raise DocumentError(
            f"{path}: is not a text file in any encoding it could recognise"
        ) from None


def read_document(path: Path, kind: DocumentKind) -> Document:
    """The file's text, or DocumentError with a one-line reason. The file is only read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text = _decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(f"{path}: is empty")
    whole = len(text)
    truncated = whole > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
    return Document(
        path=path,
        kind=kind,
        text=text,
        language=detect_language(text, rule="document"),
        truncated=truncated,
        chars=whole,
    )
