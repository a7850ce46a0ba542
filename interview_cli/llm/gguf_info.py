"""What a GGUF file is, read from its header before llama.cpp loads it, with clear errors."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

GGUF_MAGIC = b"GGUF"

# architectures that are GGUF files but not text generators llama.cpp can score with
NOT_GENERATIVE = frozenset(
    {
        "bert",
        "nomic-bert",
        "nomic-bert-moe",
        "jina-bert-v2",
        "jina-bert-v3",
        "t5encoder",
        "clip",
        "whisper",
        "wavtokenizer-dec",
        "neo-bert",
        "modern-bert",
        "mmproj",
    }
)


class ModelFileError(Exception):
    """A model file that cannot be used; the message is one line that names the file."""


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    size_bytes: int
    architecture: str
    name: str | None
    quantization: str | None
    context_length: int | None
    chat_template: bool
    parameters: int | None  # counted from the tensors
    size_label: str | None
    license: str | None
    vocab_size: int | None
    origin: str = "file"

    @property
    def display_name(self) -> str:
        return self.name or self.path.stem

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data["display_name"] = self.display_name
        return data


_SCALARS = {  # GGUF value type -> struct format
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING = 8
_ARRAY = 9
_KEEP_ARRAY_ITEMS = 64  # small arrays (tags, ...) are kept; big ones (vocabularies) only counted


class _Header:
    """A GGUF header read straight from the bytes.

    The gguf package's reader materialises every vocabulary entry as numpy objects, which
    takes seconds for a 262k-token vocabulary; listing models must not.
    """

    def __init__(self, data: memoryview) -> None:
        self.data = data
        self.offset = 0

    def take(self, fmt: str) -> Any:
        value = struct.unpack_from(fmt, self.data, self.offset)[0]
        self.offset += struct.calcsize(fmt)
        return value

    def string(self) -> str:
        length = self.take("<Q")
        if length > len(self.data) - self.offset:
            raise EOFError("string runs past the end of the header")
        raw = bytes(self.data[self.offset : self.offset + length])
        self.offset += length
        return raw.decode("utf-8", errors="replace")

    def value(self, kind: int) -> Any:
        if kind in _SCALARS:
            return self.take(_SCALARS[kind])
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            item_kind = self.take("<I")
            count = self.take("<Q")
            if item_kind in _SCALARS:
                width = struct.calcsize(_SCALARS[item_kind])
                if count * width > len(self.data) - self.offset:
                    raise EOFError("array runs past the end of the header")
                if count <= _KEEP_ARRAY_ITEMS:
                    items = [self.value(item_kind) for _ in range(count)]
                else:
                    self.offset += count * width
                    items = None
                return _Array(count, items)
            items_kept = []
            for index in range(count):
                item = self.value(item_kind)
                if index < _KEEP_ARRAY_ITEMS:
                    items_kept.append(item)
            return _Array(count, items_kept if count <= _KEEP_ARRAY_ITEMS else None)
        raise ValueError(f"unknown GGUF value type {kind}")


@dataclass(frozen=True)
class _Array:
    count: int
    items: list[Any] | None


def _parse(path: Path, size: int) -> tuple[dict[str, Any], list[tuple[int, int, int]], int]:
    """(metadata, [(ggml type, elements, offset)], data start) from a GGUF file."""
    import mmap

    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        header = _Header(memoryview(mm))
        try:
            header.offset = 4
            version = header.take("<I")
            if version not in (2, 3):
                raise ValueError(f"unsupported GGUF version {version}")
            tensor_count = header.take("<Q")
            kv_count = header.take("<Q")
            metadata: dict[str, Any] = {}
            for _ in range(kv_count):
                key = header.string()
                metadata[key] = header.value(header.take("<I"))
            tensors = []
            for _ in range(tensor_count):
                header.string()
                dims = header.take("<I")
                elements = 1
                for _ in range(dims):
                    elements *= header.take("<Q")
                kind = header.take("<I")
                tensors.append((kind, elements, header.take("<Q")))
            alignment = metadata.get("general.alignment", 32)
            start = header.offset + (-header.offset % alignment)
        finally:
            header.data.release()
    return metadata, tensors, start


def read_model_info(path: Path, origin: str = "file") -> ModelInfo:
    """Parse the header; ModelFileError with one clear line for anything that is not usable."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ModelFileError(f"{path}: is a folder, not a GGUF file") from None
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if magic != GGUF_MAGIC:
        hint = " (empty file)" if size == 0 else ""
        raise ModelFileError(f"{path}: not a GGUF model file{hint}")
    try:
        metadata, tensors, data_start = _parse(path, size)
    except (struct.error, EOFError, ValueError, OverflowError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path}: truncated or damaged GGUF header ({exc})") from None

    from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType, LlamaFileType

    # every tensor must lie inside the file, or llama.cpp would read past its end
    end = data_start
    parameters = 0
    for kind, elements, offset in tensors:
        try:
            block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(kind)]
        except (ValueError, KeyError):
            raise ModelFileError(f"{path}: unknown tensor type {kind}") from None
        end = max(end, data_start + offset + elements // block * type_size)
        parameters += elements
    if end > size:
        raise ModelFileError(
            f"{path}: truncated: the tensors need {end:,} bytes but the file has {size:,} "
            "(an interrupted download?)"
        )
    architecture = metadata.get("general.architecture")
    if not isinstance(architecture, str) or not architecture:
        raise ModelFileError(f"{path}: GGUF file without general.architecture")
    if architecture in NOT_GENERATIVE:
        raise ModelFileError(
            f"{path}: architecture {architecture!r} is not a text-generation model"
        )
    file_type = metadata.get("general.file_type")
    quantization = None
    if isinstance(file_type, int):
        try:
            quantization = LlamaFileType(file_type).name.removeprefix("MOSTLY_")
        except ValueError:
            quantization = f"type {file_type}"
    context = metadata.get(f"{architecture}.context_length")
    tokens = metadata.get("tokenizer.ggml.tokens")
    template = metadata.get("tokenizer.chat_template")
    name = metadata.get("general.name")
    label = metadata.get("general.size_label")
    license_ = metadata.get("general.license")
    return ModelInfo(
        path=path,
        size_bytes=size,
        architecture=architecture,
        name=name if isinstance(name, str) else None,
        quantization=quantization,
        context_length=int(context) if isinstance(context, int) else None,
        chat_template=isinstance(template, str) and bool(template.strip()),
        parameters=parameters or None,
        size_label=label if isinstance(label, str) else None,
        license=license_ if isinstance(license_, str) else None,
        vocab_size=tokens.count if isinstance(tokens, _Array) else None,
        origin=origin,
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
