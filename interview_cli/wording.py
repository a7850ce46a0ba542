"""Counts in English sentences: "1 question", "2 questions"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """The count and the noun that agrees with it; the plural is the singular + "s" unless given."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
