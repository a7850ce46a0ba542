"""Shared pieces of the importers: raw records, failures, safe reading, decoding, text clean-up."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_QUESTIONS = 50_000
MAX_QUESTION_CHARS = 2000
MAX_ANSWER_CHARS = 20000
MAX_TAG_CHARS = 60


class ImportFailure(Exception):
    """The file cannot be imported at all; carries the place to point the user at."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.details: list[str] = []
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")

    def with_details(self, details: list[str]) -> ImportFailure:
        """Attach every problem (one per line) when the message shows only the first."""
        self.details = details
        return self


@dataclass
class RawQuestion:
    """One question as a foreign file gave it, before ids, topics and rubric are settled."""

    question: str
    line: int
    answer: str | None = None
    key_points: list[str] = field(default_factory=list)
    key_points_source: str | None = None
    tags: list[str] = field(default_factory=list)
    topic: str | None = None
    difficulty: int | None = None
    follow_ups: list[str] = field(default_factory=list)
    time_limit_s: int | None = None
    native_id: str | None = None  # the source's own key (Anki guid, CSV id, row id)
    qid: str | None = None  # our id, when the file is one of our own exports
    source: str | None = None  # an imported question's origin, kept from our own exports
    unit: str = "line"


def apply_export_meta(raw: RawQuestion, meta: dict[str, Any]) -> None:
    """Our own export's metadata (a Meta field, a comment): the exact values that the visible
    text cannot hold. Values of the wrong type are ignored."""
    for name, attr in (("id", "qid"), ("question", "question"), ("topic", "topic")):
        if isinstance(meta.get(name), str):
            setattr(raw, attr, meta[name])
    for name in ("difficulty", "time_limit_s"):
        if isinstance(meta.get(name), int):
            setattr(raw, name, meta[name])
    if isinstance(meta.get("tags"), list):
        raw.tags = [str(t) for t in meta["tags"]]
    if meta.get("key_points_source") in ("authored", "derived", "generated"):
        raw.key_points_source = meta["key_points_source"]
    if isinstance(meta.get("source"), str):
        raw.source = meta["source"]


@dataclass(frozen=True)
class Skip:
    """A record that was not imported, with the reason and where it is in the file."""

    line: int
    reason: str
    excerpt: str = ""
    unit: str = "line"

    def where(self) -> str:
        if self.unit == "line":
            return str(self.line)
        return self.unit if self.line <= 0 else f"{self.unit} {self.line}"


@dataclass(frozen=True)
class Note:
    """Something the user should know about an imported record (nothing was lost)."""

    line: int
    message: str
    unit: str = "line"

    def where(self) -> str:
        if self.unit == "line":
            return str(self.line)
        return self.unit if self.line <= 0 else f"{self.unit} {self.line}"


@dataclass
class Parsed:
    """What a format parser found in one file."""

    questions: list[RawQuestion] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    shape: str = ""
    title: str | None = None
    language: str | None = None
    bank_meta: dict[str, str] = field(default_factory=dict)


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
            notes.append(Note(1, f"read as {used}; pass --encoding to choose another"))
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


def _hangul_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return 0.0
    return sum(1 for c in wide if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e") / len(
        wide
    )


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
        if _hangul_share(text) >= 0.5:
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


# ---------------------------------------------------------------- text helpers

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def clean_text(text: str) -> str:
    """Newlines normalised, control characters and trailing spaces dropped, blank runs squeezed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u00a0", " ")
    text = CONTROL_CHARS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n").strip()


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def excerpt(text: str, limit: int = 70) -> str:
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# whitespace written as a character reference is content, not layout; these private-use
# characters hold it while HTML layout whitespace is collapsed
_KEEP = {" ": "\ue000", "\t": "\ue001", "\n": "\ue002", "\u00a0": "\ue000"}
_RESTORE = str.maketrans({v: k for k, v in _KEEP.items() if k != "\u00a0"})


class _TextExtractor(HTMLParser):
    """HTML to plain text: block tags and <br> become newlines, scripts and styles vanish."""

    BLOCK = frozenset(
        [
            "p",
            "div",
            "li",
            "ul",
            "ol",
            "tr",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
            "blockquote",
            "section",
            "article",
            "dt",
            "dd",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "pre":
            self.pre += 1
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden = max(0, self.hidden - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def _literal(self, text: str) -> None:
        if not self.hidden:
            self.parts.append("".join(_KEEP.get(c, c) for c in text))

    def handle_entityref(self, name: str) -> None:
        self._literal(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._literal(html.unescape(f"&#{name};"))

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            self._literal(data)
        else:
            # HTML whitespace is not significant outside <pre>
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: entities decoded, layout whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return clean_text(re.sub(r"[ \t]+", " ", markup))
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    return clean_text("\n".join(lines).translate(_RESTORE))


def looks_like_html(text: str) -> bool:
    return bool(
        re.search(r"</?(br|div|p|b|i|u|span|strong|em|ul|ol|li|img|font|code|pre)\b", text, re.I)
    ) or bool(re.search(r"&(nbsp|amp|lt|gt|quot|#\d+);", text))


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by '-', at most ``limit`` characters, cut at a word."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _SLUG_DROP.sub("-", flat).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


# Korean section names mapped to the topic ids our banks use; longest first
_KOREAN_TOPICS: tuple[tuple[str, str], ...] = (
    ("데이터베이스", "db"),
    ("데이터 시각화", "visualization"),
    ("시각화", "visualization"),
    ("운영체제", "os"),
    ("네트워크", "network"),
    ("자료구조", "data-structures"),
    ("알고리즘", "algorithms"),
    ("머신러닝", "ml"),
    ("기계학습", "ml"),
    ("딥러닝", "dl"),
    ("컴퓨터 비전", "cv"),
    ("컴퓨터비전", "cv"),
    ("자연어", "nlp"),
    ("강화학습", "rl"),
    ("추천", "recsys"),
    ("통계", "stats"),
    ("확률", "stats"),
    ("선형대수", "linear-algebra"),
    ("수학", "math"),
    ("분산", "distributed"),
    ("아키텍처", "architecture"),
    ("아키텍쳐", "architecture"),
    ("보안", "security"),
    ("개인정보", "privacy"),
    ("프로젝트", "projects"),
    ("인성", "behavioral"),
    ("공통", "general"),
    ("자바", "java"),
    ("스프링", "spring"),
    ("언어", "languages"),
    ("시스템", "systems"),
    ("클라우드", "cloud"),
    ("서비스", "service"),
    ("고객", "customer"),
    ("분석", "analysis"),
    ("웹", "web"),
    ("컴퓨터 구조", "computer-architecture"),
    ("소프트웨어 공학", "software-engineering"),
    ("디자인 패턴", "design-patterns"),
    ("데이터", "data"),
)

_TOPIC_NOISE = {"interview", "interviews", "question", "questions", "qna", "faq"}


def topic_id(text: str | None) -> str | None:
    """A topic id for a section name: ASCII words, a known Korean term, or None."""
    if not text:
        return None
    words = [w for w in slugify(text, 200).split("-") if w and w not in _TOPIC_NOISE]
    ascii_slug = "-".join(words)[:40].strip("-")
    for term, topic in sorted(_KOREAN_TOPICS, key=lambda t: -len(t[0])):
        if term in text:
            return topic
    if len(ascii_slug) >= 2:
        return ascii_slug
    return None


def has_non_ascii_letters(text: str) -> bool:
    return any(ord(c) > 127 and c.isalpha() for c in text)


_DIFFICULTY_WORDS = {
    "1": 1,
    "easy": 1,
    "beginner": 1,
    "basic": 1,
    "쉬움": 1,
    "하": 1,
    "초급": 1,
    "2": 2,
    "medium": 2,
    "normal": 2,
    "intermediate": 2,
    "moderate": 2,
    "보통": 2,
    "중": 2,
    "중급": 2,
    "3": 3,
    "hard": 3,
    "difficult": 3,
    "expert": 3,
    "advanced": 3,
    "어려움": 3,
    "상": 3,
    "고급": 3,
}

DIFFICULTY_MARKERS = {"👶": 1, "⭐": 2, "🚀": 3}


def parse_difficulty(value: Any) -> int | None:
    """1..3 from a number, a word (English or Korean) or an emoji marker; None if unknown."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = int(value)
        return number if 1 <= number <= 3 and number == value else None
    text = str(value).strip().casefold()
    if not text:
        return None
    for marker, level in DIFFICULTY_MARKERS.items():
        if marker in text:
            return level
    return _DIFFICULTY_WORDS.get(text)


def split_list(value: Any, separators: str = r"[\n;|]") -> list[str]:
    """A list field from a cell: a real list, or text split on newlines, ';' or '|'."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v is not None]
    else:
        items = re.split(separators, str(value))
    return [one_line(i) for i in items if one_line(i)]


def split_tags(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return split_list(value)
    text = "" if value is None else str(value)
    if re.search(r"[,;|\n]", text):
        return split_list(text, r"[,;|\n]")
    # Anki and many tools separate tags by spaces
    return [t for t in text.split() if t]


# ---------------------------------------------------------------- loosely named fields

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "question": (
        "question",
        "questions",
        "q",
        "front",
        "prompt",
        "problem",
        "text",
        "질문",
        "문제",
        "문항",
        "면접질문",
    ),
    "answer": (
        "answer",
        "answers",
        "a",
        "back",
        "modelanswer",
        "reference",
        "referenceanswer",
        "response",
        "solution",
        "explanation",
        "extra",
        "답",
        "답변",
        "정답",
        "해설",
        "모범답안",
        "모범답변",
        "풀이",
        "예시답변",
    ),
    "tags": ("tags", "tag", "labels", "label", "keywords", "태그", "키워드"),
    "topic": (
        "topic",
        "category",
        "section",
        "subject",
        "chapter",
        "deck",
        "주제",
        "분야",
        "카테고리",
        "분류",
        "단원",
    ),
    "difficulty": ("difficulty", "level", "난이도", "수준"),
    "key_points": (
        "keypoints",
        "keypoint",
        "rubric",
        "points",
        "checklist",
        "핵심",
        "핵심포인트",
        "키포인트",
        "채점기준",
        "요점",
    ),
    "follow_ups": (
        "followups",
        "followup",
        "followupquestions",
        "꼬리질문",
        "후속질문",
        "추가질문",
    ),
    "id": ("id", "guid", "uid", "qid", "questionid", "key"),
    "time_limit_s": ("timelimits", "timelimit", "timelimitseconds", "제한시간"),
    "key_points_source": ("keypointssource",),
    "source": ("source",),
}


def field_key(name: str) -> str:
    return re.sub(r"[\s_\-.:()/]+", "", unicodedata.normalize("NFKC", name).casefold())


def match_fields(names: Iterable[str]) -> dict[str, str]:
    """Which of our fields each source column feeds: {our field: source column name}."""
    lookup = {alias: ours for ours, aliases in FIELD_ALIASES.items() for alias in aliases}
    matched: dict[str, str] = {}
    for name in names:
        ours = lookup.get(field_key(name))
        if ours is not None and ours not in matched:
            matched[ours] = name
    return matched


def record_to_raw(
    record: Mapping[str, Any],
    columns: Mapping[str, str],
    line: int,
    skipped: list[Skip],
    notes: list[Note],
    unit: str = "line",
    html: bool = False,
    own: bool = False,
) -> RawQuestion | None:
    """A RawQuestion from one row or object whose columns were matched by ``match_fields``.

    ``own`` marks our own export: text is taken as written (no HTML guessing), lists are one
    item per line, tags are comma-separated and the id is ours.
    """

    def get(ours: str) -> Any:
        column = columns.get(ours)
        return None if column is None else record.get(column)

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value if v is not None)
        text = str(value)
        if html or (not own and looks_like_html(text)):
            return html_to_text(text)
        return clean_text(text)

    question = text_of(get("question"))
    if not question:
        skipped.append(Skip(line, "no question text", "", unit))
        return None
    raw = RawQuestion(question=question, line=line, unit=unit)
    answer = text_of(get("answer"))
    raw.answer = answer or None
    lists = r"\n" if own else r"[\n;|]"
    raw.key_points = split_list(get("key_points"), lists)
    raw.follow_ups = split_list(get("follow_ups"), lists)
    raw.tags = split_list(get("tags"), ",") if own else split_tags(get("tags"))
    topic = get("topic")
    raw.topic = str(topic).strip() if topic not in (None, "") else None
    difficulty = get("difficulty")
    if difficulty not in (None, ""):
        raw.difficulty = parse_difficulty(difficulty)
        if raw.difficulty is None:
            notes.append(
                Note(
                    line, f"difficulty {difficulty!r} is not 1-3 or easy/medium/hard; 2 used", unit
                )
            )
    limit = get("time_limit_s")
    if limit not in (None, ""):
        try:
            raw.time_limit_s = int(str(limit).strip())
        except ValueError:
            notes.append(
                Note(line, f"time limit {limit!r} is not a number of seconds; ignored", unit)
            )
    native = get("id")
    if native not in (None, ""):
        if own:
            raw.qid = str(native).strip()
        else:
            raw.native_id = str(native).strip()
    source_kind = get("key_points_source")
    if source_kind in ("authored", "derived", "generated"):
        raw.key_points_source = str(source_kind)
    origin = get("source")
    if origin not in (None, ""):
        raw.source = str(origin)
    return raw
