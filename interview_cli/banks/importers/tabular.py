"""CSV and TSV files with a header row; columns matched loosely, Korean names included."""

from __future__ import annotations

import csv
import io

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.fields import FIELD_ALIASES, match_fields, record_to_raw
from interview_cli.banks.importers.model import ImportFailure, Note, Parsed, Position, Skip
from interview_cli.banks.importers.text import excerpt

MAX_CELL_CHARS = 1_000_000


def _sniff(text: str, default: str) -> str:
    sample = "\n".join(text.split("\n")[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return default


def read_csv(source: Source) -> Parsed:
    """A CSV file (its delimiter sniffed: comma, semicolon, ...)."""
    return read_table(source, None)


def read_tsv(source: Source) -> Parsed:
    return read_table(source, "\t")


def read_table(source: Source, delimiter: str | None = None) -> Parsed:
    """Rows of a CSV (``delimiter`` None: sniffed) or TSV (tab) file."""
    parsed = Parsed(shape="table with a header row")
    text = source.text(parsed.notes)
    if delimiter is None:
        delimiter = _sniff(text, ",")
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 1
    columns: dict[str, str] = {}
    headerless = False
    own = False  # a file we exported: ids and text are taken exactly
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                raise ImportFailure(source.name, f"malformed header row: {exc}", line) from None
            parsed.skipped.append(Skip(Position(line), f"malformed row: {exc}"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, header_line = [cell.strip() for cell in row], line
            matched = match_fields(header)
            if "question" not in matched:
                if 2 <= len(header) <= 3 and not matched:
                    # no header at all: question, answer[, tags] by position
                    headerless = True
                    columns = dict(
                        zip(("question", "answer", "tags"), map(str, range(3)), strict=False)
                    )
                    parsed.notes.append(
                        Note(
                            Position(line),
                            "no header row found; columns read as question, answer, tags",
                        )
                    )
                else:
                    names = ", ".join(repr(h) for h in header) or "(empty)"
                    known = ", ".join((*FIELD_ALIASES["question"][:4], "질문"))
                    raise ImportFailure(
                        source.name,
                        f"no question column in the header row ({names}); name one of: {known}",
                        line,
                    )
            else:
                index = {name: str(i) for i, name in reversed(list(enumerate(header)))}
                columns = {ours: index[name] for ours, name in matched.items()}
                own = {"id", "key_points_source", "question"} <= set(header)
                if own:
                    parsed.shape = "interview-cli CSV export"
                unused = [h for h in header if h and h not in matched.values()]
                if unused:
                    parsed.notes.append(
                        Note(
                            Position(line),
                            "columns not imported: " + ", ".join(repr(u) for u in unused),
                        )
                    )
            if not headerless:
                continue
        assert header is not None
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            parsed.notes.append(
                Note(
                    Position(line),
                    f"row has {len(row)} cells, the header {len(header)}; extra cells ignored",
                )
            )
        record = {str(i): cell for i, cell in enumerate(row)}
        raw = record_to_raw(record, columns, Position(line), parsed.skipped, parsed.notes, own=own)
        if raw is not None:
            parsed.questions.append(raw)
    if header is None:
        raise ImportFailure(source.name, "no rows", header_line)
    if not parsed.questions and not parsed.skipped:
        parsed.skipped.append(
            Skip(Position(header_line), "header row only, no data rows", excerpt(",".join(header)))
        )
    return parsed
