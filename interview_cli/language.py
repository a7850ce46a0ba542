"""Which language a text is written in, and the one definition of Hangul the package uses.

Three questions are asked of a text, each with its own rule (``detect_language(rule=...)``):

- ``"ko-en"``: Korean or English? An answer and its rubric, for the feedback's language.
  Korean when Hangul syllables are more than a fifth of the letters.
- ``"script"``: which writing system? The questions of an imported bank. Korean, Japanese or
  Chinese when that script holds more than a tenth (Han: a fifth) of the letters, else English.
- ``"document"``: a job posting or a résumé, where a Korean text names its tools in English.
  ``ko``, ``en``, ``mixed`` (both at length) or ``unknown`` (under 20 letters, another
  script); jamo written on their own (ㅋㅋ) count as Hangul.
"""

from __future__ import annotations

import re
from typing import Literal, overload

HANGUL_SYLLABLES = "\uac00-\ud7a3"  # 가 .. 힣: every precomposed syllable, for character classes
HANGUL_JAMO = "\u3131-\u318e"  # ㄱ .. ㆎ: letters written on their own (ㅋㅋ, ㅠㅠ)

HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")  # one syllable
HANGUL_RUN = re.compile(f"[{HANGUL_SYLLABLES}]+")  # a run of syllables
HANGUL_WORD = re.compile(f"^[{HANGUL_SYLLABLES}]+$")  # a token of syllables only
HANGUL_LETTER = re.compile(f"[{HANGUL_SYLLABLES}{HANGUL_JAMO}]")  # a syllable or a lone jamo

_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")

Rule = Literal["ko-en", "script", "document"]
DocumentLanguage = Literal["en", "ko", "mixed", "unknown"]


def hangul_share(text: str, among: Literal["letters", "non-ascii"] = "letters") -> float:
    """Share of the letters (or of the non-ASCII characters) that are Hangul, lone jamo
    included; 0 when there are none."""
    if among == "letters":
        total = len(_LETTER.findall(text))
    else:
        total = sum(1 for c in text if ord(c) > 127)
    return len(HANGUL_LETTER.findall(text)) / total if total else 0.0


@overload
def detect_language(*texts: str, rule: Literal["document"]) -> DocumentLanguage: ...


@overload
def detect_language(*texts: str, rule: Literal["ko-en", "script"] = "ko-en") -> str: ...


def detect_language(*texts: str, rule: Rule = "ko-en") -> str:
    """A language code for the texts read as one (joined by spaces), by the given rule."""
    text = " ".join(texts)
    if rule == "document":
        return _document_language(text)
    letters = sum(1 for c in text if c.isalpha())
    hangul = len(HANGUL.findall(text))
    if rule == "ko-en":
        return "ko" if letters and hangul / letters > 0.2 else "en"
    letters = letters or 1
    if hangul / letters > 0.1:
        return "ko"
    if len(_KANA.findall(text)) / letters > 0.1:
        return "ja"
    if len(_HAN.findall(text)) / letters > 0.2:
        return "zh"
    return "en"


def _document_language(text: str) -> DocumentLanguage:
    letters = len(_LETTER.findall(text))
    if letters < 20:
        return "unknown"
    hangul = len(HANGUL_LETTER.findall(text))
    latin = len(_LATIN.findall(text))
    # a Korean posting names its tools in English: Hangul at a third of the letters is Korean
    if hangul >= 0.3 * letters:
        return "mixed" if latin >= 0.45 * letters else "ko"
    if latin >= 0.6 * letters:
        return "mixed" if hangul >= 0.1 * letters else "en"
    return "unknown"
