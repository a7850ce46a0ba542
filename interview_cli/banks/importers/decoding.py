"""Reading a file to import: the size limit, then its text (byte-order marks, UTF-8, UTF-16
without a mark, Korean cp949, a detector), or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interview_cli.banks.importers.model import ImportFailure, Note, Position
from interview_cli.language import hangul_share

MAX_INPUT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A file read into memory within the size limit."""

    path: Path
    name: str
    data: bytes
    encoding: str | None = None  # what --encoding asked for

    def text(self, notes: list[Note] | None = None) -> str:
        text, used = decode_bytes(self.data, self.name, self.encoding)
        if notes is not None and used not in ("utf-8", "utf-8-sig", "ascii"):
            notes.append(Note(Position(1), f"read as {used}; pass --encoding to choose another"))
        return text


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def read_source(path: Path, encoding: str | None = None) -> Source:
    """Read a file to import, refusing folders, empty files and files above the size limit."""
    name = str(path)
    try:
        if path.is_dir():
            raise ImportFailure(name, "is a folder; give one file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFailure(name, "no such file") from None
    except OSError as exc:
        raise ImportFailure(name, f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_INPUT_BYTES:
        raise ImportFailure(
            name,
            f"file is {human_size(size)}; the import limit is {human_size(MAX_INPUT_BYTES)} "
            "(split it, or export a smaller deck)",
        )
    try:
        with path.open("rb") as handle:
            # read one byte past the limit: a file that grows while we read is still refused
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise ImportFailure(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ImportFailure(name, f"file is larger than {human_size(MAX_INPUT_BYTES)}")
    if not data.strip():
        raise ImportFailure(name, "file is empty")
    return Source(path=path, name=name, data=data, encoding=encoding)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM shows NUL in every other byte of ASCII characters."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _mixed_utf8_lines(data: bytes) -> tuple[list[int], int]:
    """Lines that are not UTF-8, and how many lines with non-ASCII text are valid UTF-8."""
    bad: list[int] = []
    good = 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        if max(raw, default=0) < 128:
            continue
        try:
            raw.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(number)
    return bad, good


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used: BOMs, UTF-8, Korean cp949/euc-kr, then a detector."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ImportFailure(name, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise ImportFailure(
                name,
                f"not valid {encoding} (byte 0x{data[exc.start]:02x})",
                _line_of(data, exc.start),
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise ImportFailure(
                    name, f"starts with a {codec} byte-order mark but is not valid {codec}"
                ) from exc
    if b"\x00" in data[:8192]:
        guess = _utf16_without_bom(data)
        if guess is not None:
            try:
                return data.decode(guess), guess
            except UnicodeDecodeError:
                pass
        raise ImportFailure(name, "binary file (contains NUL bytes), not a text export")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    bad_lines, good_lines = _mixed_utf8_lines(data)
    if good_lines and bad_lines:
        shown = ", ".join(map(str, bad_lines[:5])) + (" ..." if len(bad_lines) > 5 else "")
        raise ImportFailure(
            name,
            f"mixed encodings: {good_lines} line(s) are UTF-8 but line(s) {shown} are not; "
            "re-save the whole file as UTF-8",
            bad_lines[0],
        )
    try:
        text = data.decode("cp949")
        if hangul_share(text, among="non-ascii") >= 0.5:
            return text, "cp949"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # deferred: only legacy-encoded files need it

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2:
        return str(best), best.encoding
    raise ImportFailure(
        name,
        f"not UTF-8 (byte 0x{data[first_bad]:02x}) and the encoding could not be detected; "
        "pass --encoding (cp949 or euc-kr for Korean Windows files, utf-16, latin-1, ...)",
        _line_of(data, first_bad),
    )


def is_binary(data: bytes) -> bool:
    """NUL bytes that are not UTF-16 text (with or without a byte-order mark)."""
    if b"\x00" not in data[:8192] or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return _utf16_without_bom(data) is None
