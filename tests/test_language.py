"""interview_cli.language answers exactly as the detectors and Hangul patterns it replaced did.

The old implementations are copied here, and only here, as the reference: planning/documents.py's
detect_language and hangul_share, banks/importers/assemble.py's detect_language,
scoring/feedback.py's detect_language, importers/common.py's _hangul_share (the cp949 check)
and the per-module Hangul regexes.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_cli.language import (
    HANGUL,
    HANGUL_LETTER,
    HANGUL_RUN,
    HANGUL_WORD,
    detect_language,
    hangul_share,
)

# ------------------------------------------------------------------ the old implementations

_OLD_DOC_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_OLD_DOC_LATIN = re.compile(r"[A-Za-z]")
_OLD_DOC_LETTER = re.compile(r"[^\W\d_]")


def old_document_hangul_share(text: str) -> float:
    letters = len(_OLD_DOC_LETTER.findall(text))
    return len(_OLD_DOC_HANGUL.findall(text)) / letters if letters else 0.0


def old_document_language(text: str) -> str:
    letters = len(_OLD_DOC_LETTER.findall(text))
    if letters < 20:
        return "unknown"
    hangul = len(_OLD_DOC_HANGUL.findall(text))
    latin = len(_OLD_DOC_LATIN.findall(text))
    if hangul >= 0.3 * letters:
        return "mixed" if latin >= 0.45 * letters else "ko"
    if latin >= 0.6 * letters:
        return "mixed" if hangul >= 0.1 * letters else "en"
    return "unknown"


def old_bank_language(texts: list[str]) -> str:
    sample = " ".join(texts[:400])
    hangul = sum(1 for c in sample if "\uac00" <= c <= "\ud7a3")
    kana = sum(1 for c in sample if "\u3040" <= c <= "\u30ff")
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    letters = sum(1 for c in sample if c.isalpha()) or 1
    if hangul / letters > 0.1:
        return "ko"
    if kana / letters > 0.1:
        return "ja"
    if han / letters > 0.2:
        return "zh"
    return "en"


_OLD_FEEDBACK_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def old_feedback_language(*texts: str) -> str:
    joined = " ".join(texts)
    letters = sum(ch.isalpha() for ch in joined)
    hangul = len(_OLD_FEEDBACK_HANGUL.findall(joined))
    return "ko" if letters and hangul / letters > 0.2 else "en"


def old_decoding_hangul_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return 0.0
    return sum(1 for c in wide if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e") / len(
        wide
    )


_OLD_CHAR = re.compile(r"[\uac00-\ud7a3]")  # planner, contrast, feedback
_OLD_RUN = re.compile(r"[\uac00-\ud7a3]+")  # dedup
_OLD_WORD = re.compile(r"^[\uac00-\ud7a3]+$")  # scoring/text, term_list (rubric via text)

# ------------------------------------------------------------------ texts to try

# every script the detectors tell apart, the edges of each range, and the characters where
# "a letter" differs between str.isalpha and [^\W\d_] (superscripts, fractions, Roman numerals)
_EDGES = (
    "\uabff\uac00\uac01\ud7a3\ud7a4\u3130\u3131\u318e\u318f\u3040\u30ff\u3100"
    "\u4dff\u4e00\u9fff\ua000\u30fb\u30fc\u3099²½Ⅻ٣_\u0301ßé"
)
_ALPHABET = (
    "abcXYZ019 \n\t.,!?-가나다한국어스레드프로세스ㄱㅋㅎㅏㅠひらがなカタカナ漢字中文进程" + _EDGES
)
texts = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=120),
    st.text(max_size=80),
    # long enough for the document rule's 20 letters, mostly of one script
    st.builds(
        lambda a, b: a * 3 + b,
        st.text(alphabet=_ALPHABET, min_size=5, max_size=40),
        st.text(alphabet=_ALPHABET, max_size=40),
    ),
)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_document_rule_is_the_old_posting_detector(text: str) -> None:
    assert detect_language(text, rule="document") == old_document_language(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(texts, max_size=6))
def test_script_rule_is_the_old_bank_detector(questions: list[str]) -> None:
    assert detect_language(*questions[:400], rule="script") == old_bank_language(questions)


def test_script_rule_reads_only_the_first_400_questions_as_before() -> None:
    questions = ["What is a process?"] * 400 + ["프로세스와 스레드의 차이는?"] * 2000
    assert old_bank_language(questions) == "en"
    assert detect_language(*questions[:400], rule="script") == "en"


@settings(max_examples=1500, deadline=None)
@given(st.lists(texts, max_size=6))
def test_default_rule_is_the_old_feedback_detector(parts: list[str]) -> None:
    assert detect_language(*parts) == old_feedback_language(*parts)
    assert detect_language(*parts, rule="ko-en") == old_feedback_language(*parts)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_hangul_shares_are_the_old_ones(text: str) -> None:
    assert hangul_share(text) == old_document_hangul_share(text)
    assert hangul_share(text, among="non-ascii") == old_decoding_hangul_share(text)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_hangul_patterns_match_what_the_old_ones_matched(text: str) -> None:
    assert HANGUL.findall(text) == _OLD_CHAR.findall(text)
    assert bool(HANGUL.search(text)) == bool(_OLD_CHAR.search(text))
    assert bool(HANGUL.match(text)) == bool(_OLD_CHAR.match(text))
    assert HANGUL_RUN.findall(text) == _OLD_RUN.findall(text)
    assert bool(HANGUL_WORD.match(text)) == bool(_OLD_WORD.match(text))
    assert HANGUL_LETTER.findall(text) == _OLD_DOC_HANGUL.findall(text)


def test_the_known_answers() -> None:
    assert detect_language("프로세스와 스레드의 차이는?") == "ko"
    assert detect_language("What is a process?") == "en"
    assert detect_language("プロセスとスレッドの違いは何ですか？", rule="script") == "ja"
    assert detect_language("进程和线程有什么区别？", rule="script") == "zh"
    assert detect_language("・", rule="script") == "ja"  # no letters, as before: kana punctuation
    assert detect_language("", rule="script") == "en"
    assert detect_language("ㅋㅋ " * 12, rule="document") == "ko"  # lone jamo are Hangul here
    assert detect_language("ㅋㅋ " * 12) == "en"  # and not here
