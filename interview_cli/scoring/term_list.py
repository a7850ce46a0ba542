"""Is an answer an explanation, or a list of terms? Terms without predicates explain nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview_cli.language import HANGUL_WORD as _HANGUL
from interview_cli.scoring.text import ENGLISH_STOPWORDS, normalize

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[\uac00-\ud7a3]+")
# where one listed term ends and the next begins
_SEGMENT = re.compile(r"[,;/·|\n]+|\s+[-–—]\s+|^\s*(?:[-*•]|\d+[.)])\s+", re.M)

# English words that tie terms into a claim: verbs of being and having, relations, connectives
_EN_GLUE = ENGLISH_STOPWORDS | frozenset(
    """
    share shares means mean uses use used needs need gives give keeps keep takes take
    makes make runs run works work stores store holds hold returns return
    allows allow lets let prevents prevent
    causes cause reduces reduce increases increase avoids avoid requires require depends
    therefore since whereas unlike instead rather otherwise hence
    """.split()
)
# Korean endings that make a word a predicate or tie it to another (sentence and clause endings)
_KO_PREDICATE_END = re.compile(
    r"(?:다|요|죠|니다|음|함|됨|임|고|며|면|서|지만|는데|므로|니까|도록|려고|게|면서|해|돼|야)$"
)
_KO_PARTICLES = tuple(
    "은 는 을 를 가 의 에 로 와 과 도 에서 으로 보다 처럼 에게 까지 부터 이나 이고 이며".split()
)


@dataclass(frozen=True)
class TermListCheck:
    is_term_list: bool
    glue_share: float  # share of words that relate terms (function words, predicates, particles)
    segments: int  # pieces between commas, slashes, bullets and line breaks
    words_per_segment: float


def _is_glue(word: str) -> bool:
    if _HANGUL.match(word):
        if _KO_PREDICATE_END.search(word) and len(word) >= 2:
            return True
        # a particle after a stem of two syllables or more (스레드가, 메모리에); 평가, 경로,
        # 결과 and 빈도 are nouns that only end like one
        return any(word.endswith(p) and len(word) - len(p) >= 2 for p in _KO_PARTICLES)
    return word in _EN_GLUE


def check_term_list(answer: str) -> TermListCheck:
    """An answer made mostly of short pieces with almost no words that relate them."""
    text = normalize(answer)
    segments = [s for s in _SEGMENT.split(text) if s and _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return TermListCheck(False, 0.0, 0, 0.0)
    glue = sum(1 for w in words if _is_glue(w)) / len(words)
    per_segment = len(words) / max(1, len(segments))
    # words in pieces that read as claims: three words or more, one of them relating the others
    claimed = 0
    for segment in segments:
        seg_words = _WORD.findall(segment)
        if len(seg_words) >= 3 and any(_is_glue(w) for w in seg_words):
            claimed += len(seg_words)
    listed = len(segments) >= 3 and per_segment <= 4.0 and claimed / len(words) < 0.5
    is_list = (listed and glue < 0.35) or (len(words) >= 4 and glue < 0.06)
    return TermListCheck(is_list, round(glue, 3), len(segments), round(per_segment, 2))
