"""What every importer hands over: raw questions, where they are, what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field

# limits of one import
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


@dataclass(frozen=True)
class Position:
    """Where a record is in its file: a line, a numbered unit of the format ("row 3",
    "note 12"), or a whole part of it with no number ("table cards")."""

    number: int | None
    unit: str = "line"

    def __str__(self) -> str:
        """The place after a file name: "12" for a line, "row 3", "table cards"."""
        if self.unit == "line":
            return str(self.number)
        return self.unit if self.number is None else f"{self.unit} {self.number}"

    def named(self) -> str:
        """The place in a sentence ("a repeat of line 12"): the unit is always said."""
        return f"{self.unit} {self.number}"


@dataclass
class RawQuestion:
    """One question as a foreign file gave it, before ids, topics and rubric are settled."""

    question: str
    at: Position
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


@dataclass(frozen=True)
class Skip:
    """A record that was not imported, with the reason and where it is in the file."""

    at: Position
    reason: str
    excerpt: str = ""


@dataclass(frozen=True)
class Note:
    """Something the user should know about an imported record (nothing was lost)."""

    at: Position
    message: str


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
