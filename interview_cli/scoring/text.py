"""Language-aware text handling for matching: tokens and stems (English and Hangul), sentences."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from interview_cli.language import HANGUL_WORD as _HANGUL

_TOKEN = re.compile(
    r"[a-z0-9]+(?:[+#]+|(?:[.\-][a-z0-9]+)+)?|[\uac00-\ud7a3]+|[\u3040-\u30ff\u4e00-\u9fff]"
)
_SENTENCE_END = re.compile(
    r"\n\s*(?:[-*•]|\d+[.)])?\s*|(?<=[.!?。])\s+|(?<=[다요죠음함됨임])\.?\s+(?=\S)|;\s+"
)

ENGLISH_STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either else
etc few for from further had has have having he her here hers him his how i if in into is it
its itself just let like may me might more most much must my no nor not now of off on once
only or other our ours out over own per rather same she should so some such than that the
their theirs them then there these they this those through thus to too under until up upon
us very via was we were what when where whether which while who whom whose why will with
within without would yes yet you your yours one two use used using get gets make makes
""".split()
)

# particles and endings that glue onto Korean nouns and verbs; longest first
KOREAN_SUFFIXES = tuple(
    sorted(
        """
은 는 이 가 을 를 의 에 에서 에게 께 한테 로 으로 와 과 랑 이랑 도 만 까지 부터 보다 처럼
같이 마다 밖에 조차 이나 나 이며 며 이고 고 인 이라는 라는 이란 란 이라고 라고 에는 에서는
으로는 로는 과는 와는 에도 에서도 으로도 로도 이다 입니다 합니다 했습니다 됩니다 된다 한다 하다
하는 하고 해서 하여 하면 하며 하지 했고 했다 되는 되고 되어 되며 된 될 할 함 됨 임 이죠 죠
해요 돼요 이에요 예요 있다 있는 있고 있어 있습니다 없다 없는 없고 적 적인 적으로 들 들이 들을
들은 들의 들도 시 시에 에게서 으로써 로써 으로서 로서
""".split(),
        key=len,
        reverse=True,
    )
)

KOREAN_STOPWORDS = frozenset(
    """
그리고 그러나 하지만 또는 또한 그래서 따라서 즉 이 그 저 것 수 등 및 때 중 더 가장 매우 통해 위해
대한 대해 있다 없다 하다 되다 같은 다른 어떤 모든 각 여러 경우 때문 때문에 있습니다 합니다 입니다
""".split()
)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=1)
def _english_stemmer() -> object:
    import snowballstemmer  # deferred: only matching needs it

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A comparable form of one token: Snowball stem for English, particle-stripped Hangul."""
    if _HANGUL.match(token):
        for suffix in KOREAN_SUFFIXES:
            if len(token) > len(suffix) + 1 and token.endswith(suffix):
                return token[: -len(suffix)]
        return token
    if token.isascii() and token.isalpha() and len(token) > 3:
        stemmer = _english_stemmer()
        return str(stemmer.stemWord(token))  # type: ignore[attr-defined]
    return token


def raw_tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def is_stopword(token: str) -> bool:
    return token in ENGLISH_STOPWORDS or token in KOREAN_STOPWORDS


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning, in order (duplicates kept)."""
    out = []
    for token in raw_tokens(text):
        if is_stopword(token):
            continue
        stemmed = stem(token)
        if is_stopword(stemmed) or (len(stemmed) < 2 and not stemmed.isdigit()):
            continue
        out.append(stemmed)
    return out


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) for each content word, with offsets into the original text."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):  # offsets only hold when normalisation kept the length
        folded = text
    lowered = folded.lower()
    spans = []
    for match in _TOKEN.finditer(lowered):
        token = match.group()
        if is_stopword(token):
            continue
        stemmed = stem(token)
        if is_stopword(stemmed) or (len(stemmed) < 2 and not stemmed.isdigit()):
            continue
        spans.append((stemmed, match.start(), match.end()))
    return spans


def char_ngrams(word: str, n: int = 2) -> set[str]:
    if len(word) <= n:
        return {word}
    return {word[i : i + n] for i in range(len(word) - n + 1)}


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (or list items) of ``text``, whitespace trimmed."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            out.append((begin, end))
    return out


def split_claims(reference: str, max_chars: int = 200) -> list[str]:
    """Split a reference answer into short claims that can each be checked on their own."""
    claims: list[str] = []
    for begin, end in sentences(reference):
        sentence = reference[begin:end].strip(" -*•\t")
        if len(content_stems(sentence)) < 2:
            continue
        while len(sentence) > max_chars:
            cut = max(
                sentence.rfind(sep, 0, max_chars) for sep in (", ", "; ", " and ", " 그리고 ")
            )
            if cut <= max_chars // 3:
                cut = sentence.rfind(" ", 0, max_chars)
            if cut <= 0:
                cut = max_chars
            claims.append(sentence[:cut].strip(" ,;"))
            sentence = sentence[cut:].strip(" ,;")
        if len(content_stems(sentence)) >= 2:
            claims.append(sentence)
    return claims
