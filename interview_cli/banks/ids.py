"""Bank ids as people type them: case does not matter, and a near miss is named in the error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def normalise(bank_id: str) -> str:
    """The id as banks spell it ([a-z0-9-]): `OS-EN` and ` os-en ` both mean os-en."""
    return bank_id.strip().lower()


def closest(bank_id: str, known: Iterable[str]) -> list[str]:
    """The known ids nearest to a mistyped one (all that tie for nearest), or none."""
    ids = sorted(set(known))
    wanted = normalise(bank_id)
    matches = difflib.get_close_matches(wanted, ids, n=3)
    if not matches:
        return []
    best = difflib.SequenceMatcher(None, wanted, matches[0]).ratio()
    return sorted(m for m in matches if difflib.SequenceMatcher(None, wanted, m).ratio() == best)


def unknown_bank_message(unknown: Sequence[str], known: Iterable[str]) -> str:
    """One line: the ids nobody has, the nearest known ones, and every known id."""
    ids = sorted(set(known))
    names = ", ".join(repr(u) for u in unknown)
    near = list(dict.fromkeys(m for u in unknown for m in closest(u, ids)))
    hint = ""
    if near:
        hint = "; did you mean " + (
            near[0] if len(near) == 1 else ", ".join(near[:-1]) + " or " + near[-1]
        )
        hint += "?"
    return f"no bank with id {names}{hint} (available: {', '.join(ids) or 'none'})"
