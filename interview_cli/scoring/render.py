"""A Score as rich text for the terminal: verdicts, evidence, feedback, follow-up."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from interview_cli.scoring.base import ScoreResult, ScoringRequest
from interview_cli.scoring.display import score_text

VERDICT_STYLE = {
    "covered": ("✔", "green"),
    "partial": ("◐", "yellow"),
    "missing": ("✘", "red"),
    "contradicted": ("!", "magenta"),
}


def score_colour(score: float) -> str:
    return "green" if score >= 7 else "yellow" if score >= 4 else "red"


def render_score(request: ScoringRequest, result: ScoreResult) -> RenderableType:
    parts: list[RenderableType] = []
    head = Text()
    head.append(f"{score_text(result.score)}/10", style=f"bold {score_colour(result.score)}")
    head.append(f"   {result.scorer.method}", style="dim")
    if result.scorer.model:
        head.append(f" · {result.scorer.model}", style="dim")
    if result.flags:
        head.append("   " + ", ".join(result.flags), style="magenta")
    parts.append(head)
    for point in result.key_points:
        mark, colour = VERDICT_STYLE[point.verdict]
        line = Text()
        line.append(f"{mark} ", style=f"bold {colour}")
        line.append(point.key_point)
        if point.evidence:
            said = "you said: " if point.verdict == "contradicted" else ""
            line.append(f"\n    {said}“", style="dim")
            line.append(point.evidence.strip(), style=f"italic {colour}")
            line.append("”", style="dim")
        parts.append(line)
    parts.append(Text(result.feedback, style="cyan"))
    if result.follow_up:
        parts.append(Text.from_markup(f"[bold]Follow-up:[/bold] {escape(result.follow_up)}"))
    return Panel(Group(*parts), title=escape(request.question[:80]), title_align="left")
