"""How a 0-10 score is shown: one decimal, rounded half up, the same on every screen and report.

Every front end (feedback screen, session summary, ``interview practice``'s last line,
``history list``, ``review --list``, the report in each format) shows a score through
:func:`score_text`, so one attempt or one average reads the same number everywhere.

The rule: the stored value is rounded to one decimal, **half up** (6.55 -> 6.6, 6.45 -> 6.5,
6.549 -> 6.5). Python's ``round`` and ``f"{x:.1f}"`` work on the binary float, where 6.55 is
6.5499999…, and so showed 6.5 for a value ``history list`` printed as 6.55. Here the float's
representation noise (anything past the ninth decimal) is dropped first, so the decimal value a
person would write down is what gets rounded. Exports (JSON, CSV) keep the full stored value:
this is for display only.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_cli.store.models import ScorerInfo

_NOISE = Decimal("1e-9")  # far below any stored score's precision, far above float error
_TENTH = Decimal("0.1")


def round_score(value: float) -> float:
    """``value`` rounded half up to one decimal (non-finite values are returned as they are)."""
    if not math.isfinite(value):
        return value
    exact = Decimal(value).quantize(_NOISE)
    return float(exact.quantize(_TENTH, rounding=ROUND_HALF_UP)) + 0.0  # + 0.0: never "-0.0"


def score_text(value: float) -> str:
    """A 0-10 score (or an average of scores) as shown to a person: ``6.55`` -> ``"6.6"``."""
    return f"{round_score(value):.1f}"


def scorer_label(info: ScorerInfo) -> str:
    """Who gave a score, in a few words a person reads beside it: the embedded model, their own
    model, a server's model, or the rubric alone."""
    from interview_cli.llm.discovery import EMBEDDED_NAME

    model = info.model or ""
    if info.method == "rubric+server":
        name, _, url = model.partition("@")
        return f"server model {name} at {url}" if url else f"server model {name}"
    if model:  # a local model read the answer
        file = model.replace("\\", "/").rsplit("/", 1)[-1]
        shown = file.removesuffix(".gguf")
        return f"embedded model {shown}" if file == EMBEDDED_NAME else f"your model {shown}"
    return "rubric only (no model)"
