"""Guards: empty, short, copied or off-topic answers, and text that instructs the grader."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from interview_cli.scoring.base import (
    FLAG_COPIES_QUESTION,
    FLAG_EMPTY,
    FLAG_INSTRUCTIONS,
    FLAG_TOO_SHORT,
)
from interview_cli.scoring.text import content_stems, sentences

MIN_CONTENT_WORDS = 3

# Hidden text: HTML comments, zero-width characters, and markdown link titles can carry
# instructions a reader never sees; they are removed before anything else looks at the answer.
_HIDDEN = re.compile(r"<!--.*?(?:-->|$)|[\u200b-\u200f\u2060-\u2064\ufeff]", re.DOTALL)

_GRADER_WORDS = (
    r"(?:instructions?|rubric|prompt|rules?|grading|grader|criteria|guidelines?|scoring|"
    r"evaluat\w*|assessment|previous|above|prior|system)"
)
_INSTRUCTION_PATTERNS = [
    # English
    rf"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{{0,60}}\b{_GRADER_WORDS}",
    r"\b(?:give|assign|award|rate|score|grade|mark|output|return|print|respond)\b[^.!?\n]{0,40}"
    r"(?:\b10\b|\bten\b|\bfull\s+(?:marks?|score|points?|credit)|\bmaximum\b|\bmax\b|"
    r"\bperfect\b|\b100\b|\bhighest\b|\btop\s+(?:score|marks?))",
    r"\b(?:you are|you're|act as|pretend|roleplay|role-play)\b[^.!?\n]{0,40}"
    r"\b(?:grader|evaluator|examiner|assistant|model|ai|judge|teacher)\b",
    r"\b(?:as an? )?(?:ai|language model|grader|evaluator|judge)\b[^.!?\n]{0,30}"
    r"\b(?:must|should|will)\b",
    r"(?:^|\n)\s*(?:system|assistant|grader|evaluator|instruction|note to (?:the )?grader)\s*:",
    r"\b(?:score|grade|rating|verdict|mark)s?\s*(?:[:=]|is|should be|must be)\s*"
    r"(?:\d+(?:\.\d+)?\s*(?:/\s*10|out of 10|points?)?|full|perfect|covered|correct)",
    r"\ball (?:key ?points?|criteria|points) (?:are|were|as) (?:covered|met|satisfied|correct)",
    r"\bmark (?:every|each|all) (?:key ?points?|criteria|points?) as\b",
    r"\b(?:new|updated|real) (?:instructions?|task|rules?)\b",
    r"\b(?:note|message|instructions?|request)s? (?:to|for) (?:the )?"
    r"(?:grader|evaluator|examiner|judge|ai|model|assistant|reviewer)\b",
    r"\bdeserves? (?:a |the )?(?:full|perfect|top|maximum|max|highest|10|ten)\b",
    r"\b(?:rate|mark|grade|score|evaluate|treat|consider|judge)\b[^.!?\n]{0,30}\bas "
    r"(?:perfect|correct|complete|excellent|covered|full|flawless)\b",
    # Korean
    r"(?:채점|평가|루브릭|지시|지침|기준|규칙|프롬프트|이전|위|앞)[^.!?\n]{0,25}(?:무시|잊어|따르지)",
    r"(?:만점|\b10\s*점|\b100\s*점|최고\s*점|높은\s*점수|점수를?\s*(?:최대|최고))"
    r"[^.!?\n]{0,25}(?:주|줘|부여|매겨|매기|달라|줄\s*것|처리|평가|채점|바랍니다|하세요|해라|해\s*주)",
    r"(?:모든|전부|모두)[^.!?\n]{0,15}(?:핵심|키\s*포인트|항목|기준)[^.!?\n]{0,20}"
    r"(?:충족|만족|포함|커버|맞|정답)[^.!?\n]{0,10}(?:처리|으로|로|하세요|해\s*주|해라|간주)",
    r"(?:너는|당신은|넌)[^.!?\n]{0,30}(?:채점자|평가자|심사위원|어시스턴트|AI|모델)",
    r"(?:^|\n)\s*(?:시스템|채점자|평가자|지시|명령)\s*[:：]",
    r"(?:지시|명령|지침)\s*(?:사항)?\s*[:：]",
    r"(?:점수|평점|등급)(?:는|은|가|를)?\s*[:：]?\s*(?:\d+(?:\.\d+)?\s*(?:점|/\s*10)|만점|최고\s*점)",
    r"(?:채점자|평가자|심사위원)(?:님)?(?:께|에게|은|는)?[^.!?\n]{0,40}(?:주세요|바랍니다|해라|하세요|부탁)",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS), re.IGNORECASE)


@dataclass(frozen=True)
class Guarded:
    """The answer as the matcher should see it, with what the guards noticed."""

    text: str  # the answer with hidden text removed and instruction-like sentences blanked out
    flags: tuple[str, ...]
    removed: tuple[str, ...]  # the instruction-like sentences that were taken out
    content_words: int


def _blank(text: str, begin: int, end: int) -> str:
    # keep offsets: evidence spans must still point into the answer the person wrote
    return text[:begin] + " " * (end - begin) + text[end:]


def guard(question: str, answer: str) -> Guarded:
    """Clean the answer for scoring and raise the flags that explain a low or capped score."""
    text = unicodedata.normalize("NFC", answer)
    if len(text) != len(answer):
        text = answer
    flags: list[str] = []
    removed: list[str] = []
    hidden = [m.group() for m in _HIDDEN.finditer(text) if _INSTRUCTION.search(m.group())]
    text = _HIDDEN.sub(lambda m: " " * len(m.group()), text)
    if hidden:
        removed.extend(hidden)
        flags.append(FLAG_INSTRUCTIONS)
    if _INSTRUCTION.search(text):
        # split finely (also on commas and dashes) so that a line mixing an instruction with
        # real content keeps the content
        for begin, end in sentences(text):
            piece = text[begin:end]
            if _INSTRUCTION.search(piece):
                removed.append(piece)
                text = _blank(text, begin, end)
        if _INSTRUCTION.search(text):  # across a sentence boundary: blank each match itself
            for match in list(_INSTRUCTION.finditer(text)):
                removed.append(match.group())
                text = _blank(text, match.start(), match.end())
        if FLAG_INSTRUCTIONS not in flags:
            flags.append(FLAG_INSTRUCTIONS)

    words = content_stems(text)
    asked = set(content_stems(question))
    novel = set(words) - asked
    if not text.strip() or not words:
        flags.append(FLAG_EMPTY)
    elif asked and len(novel) <= 1 and len(set(words) & asked) >= 0.6 * len(asked):
        flags.append(FLAG_COPIES_QUESTION)
    elif len(words) < MIN_CONTENT_WORDS:
        flags.append(FLAG_TOO_SHORT)
    return Guarded(text=text, flags=tuple(flags), removed=tuple(removed), content_words=len(words))
