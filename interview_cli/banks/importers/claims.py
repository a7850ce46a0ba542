"""Split a reference answer into short claims (English and Korean): derived key points."""

from __future__ import annotations

import re

from interview_cli.banks.schema import MAX_KEY_POINT_CHARS

MAX_DERIVED_POINTS = 8
MIN_CLAIM_CHARS = 6
SHORT_FRAGMENT = 25  # a sentence shorter than this is joined to its neighbour

_LIST_MARKER = re.compile(r"^\s*(?:[-*+•▪◦·]|\d{1,3}[.)]|[a-z][.)]|[①-⑳])\s+")
_QUOTE_MARKER = re.compile(r"^\s*>\s?")
# a sentence ends at . ! ? (and their full-width forms) followed by a space
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"'”’)\]]*\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|mr|mrs|ms|dr|prof|fig|eq|approx|al|inc|no|resp|st)\.|"
    r"\b[A-Za-z]\.)$",
    re.IGNORECASE,
)
# Korean clause endings where a long sentence can be cut into two claims
_KOREAN_JOINS = re.compile(r"(?<=[며고만나데서면])\s+|(?<=으며)\s+|(?<=지만)\s+")
_CODE_LINE = re.compile(
    r"^(?:def |class |return\b|import |from \S+ import|#include|void |int |bool |for ?\(|"
    r"if ?\(|while ?\(|public |private |static |[{}]|//|/\*|\$\$|\\[a-z]+\{)"
)


def _items(text: str) -> list[tuple[str, bool]]:
    """Paragraph lines joined back together, each with whether it was a list item."""
    units: list[tuple[str, bool]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        current, item = "", False
        for raw in paragraph.split("\n"):
            line = _QUOTE_MARKER.sub("", raw)
            starts_item = bool(_LIST_MARKER.match(line))
            line = _LIST_MARKER.sub("", line).strip()
            if not line:
                continue
            if starts_item or not current or _looks_like_code(current) or _looks_like_code(line):
                if current:
                    units.append((current, item))
                current, item = line, starts_item
            else:
                current = f"{current} {line}"
        if current:
            units.append((current, item))
    return units


def _units(text: str) -> list[str]:
    """Paragraph lines joined back together; list items and quote lines stay separate."""
    return [unit for unit, _ in _items(text)]


def _looks_like_code(line: str) -> bool:
    if _CODE_LINE.match(line):
        return True
    if line.rstrip().endswith((";", "{", "}")):
        return True
    symbols = sum(1 for c in line if c in "{}();=<>[]*&|\\$^_")
    # a few brackets make no code ("O(log n)"); many, densely, do
    return symbols >= 4 and symbols / len(line) > 0.12


def _unit_sentences(unit: str) -> list[str]:
    merged: list[str] = []
    for piece in _SENTENCE_END.split(unit):
        piece = piece.strip()
        if not piece:
            continue
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return _join_fragments(merged)


def split_sentences(text: str) -> list[str]:
    """Sentences: line structure first, then sentence punctuation, minding abbreviations."""
    return [s for unit in _units(text) for s in _unit_sentences(unit)]


def _join_fragments(pieces: list[str]) -> list[str]:
    """Glue fragments such as "Vector : 동기식." to a neighbour: alone they are no claim."""
    out: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry} {piece}".strip() if carry else piece
        carry = ""
        if len(piece) < SHORT_FRAGMENT and len(piece) + 1 < MAX_KEY_POINT_CHARS:
            carry = piece
            continue
        out.append(piece)
    if carry:
        if out and len(out[-1]) + len(carry) + 1 <= MAX_KEY_POINT_CHARS:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def _cut(sentence: str, limit: int) -> list[str]:
    """Pieces of an over-long sentence, each within ``limit`` characters."""
    if len(sentence) <= limit:
        return [sentence]
    for pattern in (r"(?<=;)\s+", r"(?<=:)\s+", r"(?<=,)\s+", _KOREAN_JOINS.pattern):
        parts = [p.strip() for p in re.split(pattern, sentence) if p.strip()]
        if len(parts) < 2:
            continue
        # greedily pack the parts back into pieces that fit
        pieces: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current} {part}".strip() if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    pieces.append(current)
                current = part
        if current:
            pieces.append(current)
        if all(len(p) <= limit for p in pieces) and len(pieces) > 1:
            return pieces
    head = sentence[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return [head.rstrip(" ,;:") + "…"]


def fit_key_point(point: str, limit: int = MAX_KEY_POINT_CHARS) -> list[str]:
    """A key point as one or more pieces within the schema's length limit."""
    flat = re.sub(r"\s+", " ", point).strip()
    return [p for p in _cut(flat, limit) if p] if flat else []


_DISCOURSE = re.compile(
    r"(?:살펴보자|알아보자|알아보겠습니다|살펴보겠습니다|다음과 같다|아래와 같다|다음과 같습니다|"
    r"아래와 같습니다|정리하면 다음과)[.!]?$|^(?:here (?:are|is)|let'?s|let us|as follows|"
    r"the following|for example:|see (?:below|above))\b",
    re.IGNORECASE,
)
_LABEL_MAX = 40


def _is_label(unit: str) -> bool:
    """A short heading-like line ("정확도(accuracy)", "Bias:") that names what follows."""
    return len(unit) <= _LABEL_MAX and not re.search(r"[.!?。다요음함]$", unit)


def derive_key_points(answer: str, limit: int = MAX_DERIVED_POINTS) -> list[str]:
    """Short claims from a reference answer; none when the answer is mostly code or formulas.

    Long answers give more claims than a rubric holds, so the first claim of every paragraph
    is taken before the second of any: the rubric then covers the whole answer, not its
    opening. A label line ("정확도(accuracy)") is put in front of the claim that follows it.
    """
    items = _items(answer)
    if len(items) > 1 and sum(_looks_like_code(u) for u, _ in items) * 2 >= len(items):
        return []  # mostly code: its lines are no claims, the model answer shows it whole
    groups: list[list[str]] = []
    label = ""
    for index, (unit, is_item) in enumerate(items):
        if _looks_like_code(unit):
            continue
        if not is_item and index + 1 < len(items) and _is_label(unit):
            label = re.sub(r"\s+", " ", unit).strip().rstrip(" :")  # spaced like the claims
            continue
        claims: list[str] = []
        for sentence in _unit_sentences(unit):
            sentence = re.sub(r"\s+", " ", sentence).strip()
            if _looks_like_code(sentence) or _DISCOURSE.search(sentence):
                continue
            if re.fullmatch(r"(?:https?://\S+|!\[.*\]\(.*\)|\[.*\]\(.*\))", sentence):
                continue
            if sentence.endswith(":") and len(items) > 1:
                continue  # introduces a list; the items are the claims
            if len(sentence) < MIN_CLAIM_CHARS and len(items) > 1:
                continue
            if label and not claims:
                sentence = f"{label}: {sentence}"
            for piece in _cut(sentence, MAX_KEY_POINT_CHARS):
                claims.append(piece)
        label = ""
        if claims:
            groups.append(claims)
    chosen: list[tuple[int, int]] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(g) for g in groups):
        for number, claims in enumerate(groups):
            if depth < len(claims) and len(chosen) < limit:
                chosen.append((number, depth))
        depth += 1
    out: list[str] = []
    for number, depth in sorted(chosen):
        claim = groups[number][depth]
        if claim not in out:
            out.append(claim)
    return out
