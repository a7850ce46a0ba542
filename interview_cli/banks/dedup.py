"""Find exact and near-duplicate questions within and across banks, in English and Korean."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from interview_cli.language import HANGUL_RUN

if TYPE_CHECKING:
    from interview_cli.banks.schema import Bank

NEAR_THRESHOLD = 0.7

DuplicateKind = Literal["exact", "near"]

# words that frame a question rather than say what it is about
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "what",
        "what's",
        "whats",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "you",
        "your",
        "yours",
        "we",
        "our",
        "i",
        "me",
        "my",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "with",
        "about",
        "from",
        "by",
        "as",
        "at",
        "into",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
        "yes",
        "any",
        "some",
        "all",
        "each",
        "between",
        "explain",
        "describe",
        "define",
        "tell",
        "give",
        "name",
        "list",
        "please",
        "briefly",
        "difference",
        "differences",
        "mean",
        "means",
        "meaning",
        "versus",
        "vs",
        "us",
        "have",
        "has",
        "had",
        "s",
    ]
)
# Korean endings and framing phrases, longest first so that parts do not shadow wholes
_KO_FRAMING = sorted(
    [
        "설명해주세요",
        "설명해",
        "주세요",
        "설명해주실",
        "설명하시오",
        "설명해보세요",
        "설명해",
        "보세요",
        "설명할",
        "설명해",
        "무엇인가요",
        "무엇일까요",
        "무엇입니까",
        "무엇인지",
        "무엇이고",
        "무엇이며",
        "무엇",
        "뭔가요",
        "뭘까요",
        "뭐예요",
        "어떻게",
        "어떤",
        "왜",
        "말해주세요",
        "말해",
        "주세요",
        "알려주세요",
        "얘기해주세요",
        "얘기하라",
        "이야기해",
        "있나요",
        "있을까요",
        "할까요",
        "될까요",
        "인가요",
        "일까요",
        "입니까",
        "합니까",
        "하나요",
        "하시나요",
        "나요",
        "까요",
        "에",
        "대해서",
        "에",
        "대해",
        "에대해",
        "대해서",
        "대해",
        "이란",
        "란",
        "이며",
        "하고",
        "그리고",
        "또는",
        "혹은",
        "차이점은",
        "차이점",
        "차이는",
        "차이",
        "아는대로",
        "아는",
        "대로",
        "간단히",
        "쉽게",
    ],
    key=len,
    reverse=True,
)
_KO_FRAMING_RE = re.compile("|".join(re.escape(p) for p in _KO_FRAMING))
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True)
class QuestionRef:
    """A question to compare: where it lives and its text."""

    bank_id: str
    question_id: str
    text: str
    language: str = ""  # when both sides have one and they differ, the pair is a translation


@dataclass(frozen=True)
class DuplicatePair:
    """Two questions that ask the same thing; ``first`` comes earlier in the input order."""

    first: QuestionRef
    second: QuestionRef
    kind: DuplicateKind
    similarity: float


def normalize(text: str) -> str:
    """Text compared for exact duplicates: NFKC, case-folded, punctuation and spacing ignored."""
    flat = unicodedata.normalize("NFKC", text).casefold()
    flat = "".join(c if c.isalnum() else " " for c in flat)
    return " ".join(flat.split())


def _stem(word: str) -> str:
    """A light English stemmer: enough for plurals and -ing/-ed forms to meet."""
    if word.endswith(("ss", "us", "is")):
        return word  # process, status, analysis: not plurals
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    # "cache"/"caches" and "state"/"stated" meet once a final e is dropped too
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def features(text: str) -> frozenset[str]:
    """Comparable pieces of a question.

    English: stemmed content words ("what is", "explain" left out) and word bigrams, so that
    "Class A network" and "Class B network" differ in more than one piece. Korean spacing is
    loose ("가상 메모리" / "가상메모리") and particles stick to words, so Hangul is compared
    as character bigrams with the spaces and the question framing ("에 대해 설명해주세요") taken
    out.
    """
    flat = unicodedata.normalize("NFKC", text).casefold()
    out: set[str] = set()
    words = [_stem(w.replace("'", "")) for w in _WORD.findall(flat)]
    for word in words:
        if word not in _EN_STOP:
            out.add("w:" + word)
    for first, second in itertools.pairwise(words):
        if first not in _EN_STOP or second not in _EN_STOP:
            out.add(f"b:{first}_{second}")
    # Korean spacing varies between writers: glue Hangul words together before the bigrams
    glued = re.sub(r"(?<=[\uac00-\ud7a3])\s+(?=[\uac00-\ud7a3])", "", flat)
    hangul_text = _KO_FRAMING_RE.sub(" ", glued)
    runs = HANGUL_RUN.findall(hangul_text)
    for run in runs:
        if len(run) == 1:
            out.add("h:" + run)
        for index in range(len(run) - 1):
            out.add("h:" + run[index : index + 2])
    # Chinese and Japanese characters carry meaning one by one
    out.update("c:" + c for c in _CJK.findall(flat))
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two questions' features, 0..1 (1.0 for equal normal forms)."""
    if normalize(a) == normalize(b):
        return 1.0
    fa, fb = features(a), features(b)
    if not fa or not fb:
        return 0.0
    return len(fa & fb) / len(fa | fb)


def find_duplicates(
    questions: Sequence[QuestionRef],
    against: Sequence[QuestionRef] = (),
    threshold: float = NEAR_THRESHOLD,
    within: bool = True,
    across_languages: bool = False,
) -> list[DuplicatePair]:
    """Exact and near-duplicate pairs.

    Pairs are looked for among ``questions`` (unless ``within`` is False) and between each of
    ``questions`` and each of ``against`` (the ``against`` question is then ``first``). A pair is
    exact when the normalised texts are equal, near when feature similarity >= ``threshold``.
    Questions in different languages (an English bank and its Korean translation) are not
    paired unless ``across_languages``.
    Candidates come from an inverted index over features, so large banks stay fast.
    """
    pool: list[QuestionRef] = list(against) + list(questions)
    split = len(against)
    norms = [normalize(q.text) for q in pool]
    feats = [features(q.text) for q in pool]
    index: dict[str, list[int]] = defaultdict(list)
    for position, fs in enumerate(feats):
        for feature in fs:
            index[feature].append(position)
    exact_groups: dict[str, list[int]] = defaultdict(list)
    for position, norm in enumerate(norms):
        if norm:
            exact_groups[norm].append(position)

    def wanted(i: int, j: int) -> bool:
        if j < split:  # both in ``against``
            return False
        if not across_languages:
            first, second = pool[i].language, pool[j].language
            if first and second and first.split("-")[0] != second.split("-")[0]:
                return False
        return i < split or within

    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for group in exact_groups.values():
        for a_pos, i in enumerate(group):
            for j in group[a_pos + 1 :]:
                if wanted(i, j):
                    pairs[(i, j)] = DuplicatePair(pool[i], pool[j], "exact", 1.0)
    for j in range(split, len(pool)):
        shared: dict[int, int] = defaultdict(int)
        for feature in feats[j]:
            for i in index[feature]:
                if i < j:
                    shared[i] += 1
        for i, common in shared.items():
            if (i, j) in pairs or not wanted(i, j):
                continue
            union = len(feats[i]) + len(feats[j]) - common
            score = common / union if union else 0.0
            if score >= threshold:
                pairs[(i, j)] = DuplicatePair(pool[i], pool[j], "near", round(score, 3))
    return [pairs[key] for key in sorted(pairs)]


def refs_of(banks: Iterable[Bank]) -> list[QuestionRef]:
    return [QuestionRef(b.id, q.id, q.question, b.language) for b in banks for q in b.questions]
