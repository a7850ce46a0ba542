"""Contrasting claims: what a key point would say with its roles swapped, its direction reversed
or its sense negated, and which sentence of an answer states one of those instead.

The alternatives come from the question and the rubric (the things a question compares, the
direction words and complexity classes a key point uses); only closed word classes (antonyms of
direction words, negators) are listed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from interview_cli.language import HANGUL as _HANGUL_CHAR
from interview_cli.scoring.text import content_stems, is_stopword, normalize, sentences, stem

VariantKind = Literal["swapped", "reversed", "negated"]


@dataclass(frozen=True)
class Item:
    """One of the things a question compares, with the spellings it may take in the rubric."""

    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Variant:
    kind: VariantKind
    text: str


# -- the things a question compares --------------------------------------------------------------

_EN_TRIGGER = re.compile(
    r"\b(?:differ\w*|compar\w*|vs\.?|versus|between|over|choose|prefer|instead of|or)\b", re.I
)
_KO_TRIGGER = re.compile(r"차이|비교|다른|다르|vs|장단점|어떻게 달라|대신|보다")
_EN_SPLIT = re.compile(
    r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus|with|over|from|than|instead of)\s+", re.I
)
_KO_SPLIT = re.compile(
    r"(?<=[\uac00-\ud7a3\)a-zA-Z0-9])(?:와|과|랑|하고)\s+|,\s*|\s+vs\.?\s+|/|\s+및\s+|"
    r"(?<=[\uac00-\ud7a3\)a-zA-Z0-9])(?:을|를|이|가|은|는)?\s*(?:대신|보다)\s+"
)
# words that name a kind, not the thing ("크루스칼 알고리즘", "블로킹 방식의 뮤텍스")
_KO_GENERIC = re.compile(r"\s*(?:알고리즘|방식|방법|기법|구조|모델|함수|것|경우)$")
_WORD_BEFORE_PAREN = re.compile(r"([\w\-]+)\s*\(")
_TECH_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z0-9+#\-]*[A-Z0-9][A-Za-z0-9+#\-]*\b")
_EN_LEAD = re.compile(
    r"^(?:.*\b(?:between|compare|comparing|contrast)\s+|how\s+(?:do|does|is|are)\s+|"
    r"what\s+is\s+|when\s+would\s+you\s+(?:choose|use|prefer)\s+|explain\s+)",
    re.I,
)
_EN_TAIL = re.compile(
    r"\s+(?:differ|different|compare|and\s+when|when|for|in|to|is|are|do|does)\b.*$", re.I
)
_ARTICLE = re.compile(r"^(?:a|an|the|using|use)\s+", re.I)
_KO_TAIL = re.compile(
    r"(?:의|을|를|은|는|이|가|에|에서|으로|로)?\s*(?:차이|비교|장단점|각각|어떻게|무엇|언제).*$"
)
_PAREN = re.compile(r"\(([^()]*)\)")
_CLAUSE_END = re.compile(r"[.?!:;。？]")


def _acronym(phrase: str) -> str | None:
    words = [w for w in re.split(r"[\s\-]+", phrase) if w]
    if len(words) < 2 or not all(w[:1].isascii() and w[:1].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def _aliases(raw: str) -> tuple[str, ...]:
    # the last gloss is the thing's own: "최소 신장 트리(MST)를 구하는 크루스칼(Kruskal)"
    inside = [m.strip() for m in _PAREN.findall(raw) if m.strip()][-1:]
    before = _WORD_BEFORE_PAREN.findall(raw)[-1:]  # 크루스칼(Kruskal): the word glossed
    outside = _PAREN.sub(" ", raw)
    outside = re.sub(r"\s+", " ", outside).strip(" ,.?!\"'")
    found: list[str] = []
    phrases = [outside, *before, *inside]
    if _HANGUL_CHAR.search(outside):
        plain = _KO_GENERIC.sub("", outside)
        phrases.append(plain)
        words = plain.split()
        if len(words) >= 2:
            phrases.append(" ".join(words[-2:]))
            phrases.append(words[-1])  # "블로킹 방식의 뮤텍스" -> "뮤텍스"
            # "해시 기반 맵" is said "해시 맵": a modifier and the head
            phrases.extend(f"{w} {words[-1]}" for w in words[:-1] if _HANGUL_CHAR.search(w))
        phrases.extend(_TECH_TOKEN.findall(outside))  # "HashMap 같은 해시 기반 맵" -> HashMap
    for phrase in phrases:
        phrase = _ARTICLE.sub("", phrase).strip(" ,.?!\"'")
        if not phrase or len(phrase) > 40:
            continue
        found.append(phrase)
        acronym = _acronym(phrase)
        if acronym and len(acronym) >= 2:
            found.append(acronym)
        if phrase.isascii() and phrase[-1:].isalpha() and not phrase.isupper():
            # singular and plural: "a thread" is said "threads", "processes" "a process"
            if phrase.lower().endswith(("ss", "x", "ch", "sh")):
                found.append(phrase + "es")
            elif phrase.lower().endswith("es") and len(phrase) > 5:
                found.extend([phrase[:-1], phrase[:-2]])
            elif phrase.lower().endswith("s") and len(phrase) > 4:
                found.append(phrase[:-1])
            else:
                found.append(phrase + "s")
        head, _, last = phrase.rpartition(" ")
        if head and " " not in head and re.search(r"[A-Z0-9]", head):
            found.append(head)  # "L2 regularization" -> "L2", as "L1 and L2 regularization"
        if head and last.isascii() and len(last) > 5:
            # "batch normalization" is said "batch norm": the last word cut short
            found.extend(f"{head} {last[:n]}" for n in range(4, len(last)))
    return tuple(dict.fromkeys(found))


# comparisons a question makes without a comparison word: "is the median a better summary than
# the mean", "the bias-variance tradeoff", "vanishing and exploding gradients", "KMP 알고리즘이
# 단순 비교 방식보다 빠른"
_NOT_ARTICLE = r"(?!(?:a|an|the)\b)"
_EN_THAN = re.compile(
    r"\b(?:is|are)\s+(?:the\s+|an?\s+)?(?P<a>[\w\-]+(?:\s+" + _NOT_ARTICLE + r"[\w\-]+)?)\s+"
    r"(?:an?\s+)?(?:better|worse|\w+er|more\s+\w+|less\s+\w+)(?:\s+\w+)?\s+than\s+"
    r"(?:the\s+|an?\s+)?(?P<b>[\w\-]+)",
    re.I,
)
_EN_TRADEOFF = re.compile(
    r"\b(?P<a>[A-Za-z]{3,})-(?P<b>[A-Za-z]{3,})\s+(?:trade-?off|dilemma|balance)", re.I
)
_EN_PAIRED = re.compile(
    r"\b(?P<a>[a-z]{4,}ing|[a-z]{4,}ed)\s+and\s+(?P<b>[a-z]{4,}ing|[a-z]{4,}ed)\s+[a-z]{4,}"
)
_KO_THAN = re.compile(
    r"(?P<a>[\w\-()]+(?:\s[\w\-()]+)?)(?:\s*(?:알고리즘|방식))?(?:이|가|은|는)\s+"
    r"(?P<b>[\w\-]+(?:\s[\w\-]+){0,2}?)(?:\s*(?:알고리즘|방식))?(?<!것)보다"
)


def _paired_candidates(clause: str) -> list[str]:
    patterns = (_KO_THAN,) if _HANGUL_CHAR.search(clause) else (_EN_THAN, _EN_TRADEOFF, _EN_PAIRED)
    for pattern in patterns:
        match = pattern.search(clause)
        if match:
            return [match.group("a"), match.group("b")]
    return []


def _candidates(question: str) -> list[str]:
    out: list[str] = []
    for clause in re.split(r"(?<=[.?!？])\s+", question.strip()):
        clause = clause.strip()
        paired = _paired_candidates(clause)
        if paired:  # the clause names its two things: the split below would cut them apart
            out.extend(paired)
            continue
        if _HANGUL_CHAR.search(clause):
            if not _KO_TRIGGER.search(clause):
                continue
            body = _KO_TAIL.sub("", clause)
            parts = _KO_SPLIT.split(body)
        else:
            if not _EN_TRIGGER.search(clause):
                continue
            body = _CLAUSE_END.split(clause)[0]
            body = _EN_LEAD.sub("", body)
            parts = _EN_SPLIT.split(body)
            parts = [_EN_TAIL.sub("", p) for p in parts]
        out.extend(p.strip() for p in parts if p and p.strip())
    return out


def _mentions(text: str, alias: str) -> list[tuple[int, int]]:
    if _HANGUL_CHAR.search(alias) or not alias.isascii():
        pattern = re.escape(alias)
    else:
        pattern = r"(?<![A-Za-z0-9])" + re.escape(alias) + r"(?![A-Za-z0-9])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.I)]


def compared_items(question: str, rubric: Sequence[str]) -> list[Item]:
    """The things the question sets against each other, as far as the rubric names them."""
    spelled = list({a[0].lower(): a for a in map(_aliases, _candidates(question)) if a}.values())
    # a word two candidates share ("락" of 낙관적 락 and 비관적 락) names neither of them
    counts: dict[str, int] = {}
    for aliases in spelled:
        for alias in {a.lower() for a in aliases}:
            counts[alias] = counts.get(alias, 0) + 1
    items: list[Item] = []
    seen: set[str] = set()
    for aliases in spelled:
        present = tuple(
            a
            for a in aliases
            if counts[a.lower()] == 1
            and not is_stopword(a.lower())  # "when would you choose each"
            and any(_mentions(point, a) for point in rubric)
        )
        if not present:
            continue
        name = max(present, key=len)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        items.append(Item(name=name, aliases=present))
    # an item whose every spelling is a whole word of another item's is not a thing of its
    # own ("inference" of "online inference"); SQL is not a word of NoSQL, nor 동기 of 비동기
    return [
        item
        for item in items
        if not any(
            other is not item
            and all(any(_whole_word_in(a, b) for b in other.aliases) for a in item.aliases)
            and len(other.name) > len(item.name)
            for other in items
        )
    ]


_PAIR_WORD = re.compile(r"[A-Za-z0-9\uac00-\ud7a3][\w\-]*")


# words that qualify a noun without naming a kind of it ("every problem", "another task")
_NOT_KINDS = frozenset(
    "every another new already other same each current single equal old both all any "
    "some given extra".split()
)
# the last syllable of a Korean word that ends a clause or qualifies by a verb (없으면, 있는,
# 걸린, 쓰면, 아니어서, 모두): not a kind of the noun that follows
_KO_VERBAL_END = "면는은린한된여서고게두어아지든운던라"


def _modifier_like(word: str) -> bool:
    if _HANGUL_CHAR.search(word[-1]):
        if _direction_words(word):  # 큰, 작은, 빠른: a direction word qualifies its noun
            return True
        return word[-1] not in _KO_VERBAL_END and word not in ("모두", "아직", "바로", "먼저")
    lowered = word.lower()
    if lowered in _NOT_KINDS:
        return False
    # "gives", "keeps", "handles": a verb before its object, not a kind of it
    return not (word.islower() and lowered.endswith("s") and not lowered.endswith("ss"))


_KO_TOPIC_END = re.compile(r"[\uac00-\ud7a3](?:은|는|이|가|의)$")


def _head_pairs(text: str, openings_only: bool = False) -> list[list[Item]]:
    """Pairs of phrases that share their head word and differ in one modifier word (with
    ``openings_only``, phrases that open a line)."""
    words = list(_PAIR_WORD.finditer(text))
    modifiers: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    for index, (first, second) in enumerate(pairwise(words)):
        following = words[index + 2] if index + 2 < len(words) else None
        if following is not None and not _HANGUL_CHAR.search(second.group(0)):
            after = following.group(0).lower()
            glued = not text[second.end() : following.start()].strip()
            if glued and not is_stopword(after):
                continue  # "false positives", "sort applies": the phrase goes on past this word
            if after in ("a", "an", "the"):
                continue  # "Big-O gives an upper bound": a verb and its object, not a noun
        between = text[first.end() : second.start()]
        if between.strip() or "\n" in between:  # a comma, a bracket, another point
            continue
        modifier = first.group(0)
        if openings_only and first.start() > 0 and text[first.start() - 1] != "\n":
            continue
        if openings_only and _HANGUL_CHAR.search(second.group(0)):
            # the point is about it: 행 방향 순회는, 큰 배치는, 작은 배치의; not 보조 인덱스로
            word = second.group(0)
            if stem(word) == word and following is not None:  # 방향 순회는: the compound goes on
                word = following.group(0)
            if not _KO_TOPIC_END.search(word):
                continue
        if first.start() > 0 and not text[first.start() - 1].isspace():
            continue  # "(mixed precision)로": a particle glued to what came before
        if _HANGUL_CHAR.search(modifier) and stem(modifier) != modifier:
            continue  # 실패 함수를, 값으로: a particle ends the phrase
        short = len(modifier) < 2 and not _HANGUL_CHAR.search(modifier)  # 행, 열, 큰 are words
        if is_stopword(modifier.lower()) or modifier.isdigit() or short:
            continue
        if not _modifier_like(modifier):
            continue
        head = stem(second.group(0)) if _HANGUL_CHAR.search(second.group(0)) else second.group(0)
        if len(head) < 2 or is_stopword(head.lower()):
            continue
        key = head.lower()
        heads.setdefault(key, head)
        if modifier.lower() not in (m.lower() for m in modifiers.get(key, [])):
            modifiers.setdefault(key, []).append(modifier)
    return [
        [Item(name=f"{m} {heads[key]}", aliases=(f"{m} {heads[key]}",)) for m in found]
        for key, found in modifiers.items()
        if len(found) == 2
    ]


def point_items(point: str) -> list[Item]:
    """Two things a key point sets against each other by one shared head word: "the text
    pointer stays, only the pattern pointer moves" (텍스트 포인터 / 패턴 포인터), "clean pages
    ... dirty pages". A point that says which of two like things does what can be said the
    wrong way round as surely as a point about the things a question compares."""
    pairs = _head_pairs(point)
    return pairs[0] if pairs else []


def rubric_pairs(rubric: Sequence[str]) -> list[list[Item]]:
    """Like things the rubric sets side by side across its points, each opening a point of
    its own: one point about row-wise traversal (행 방향 순회는 ...), another about
    column-wise (열 방향 순회는 ...); 큰 배치는 ... and 작은 배치의 .... A pair named in
    passing ("값 갱신을" in one point, "구간 갱신은" in another) is no such pair: both hold."""
    return _head_pairs("\n".join(point.strip() for point in rubric), openings_only=True)


def items_per_point(compared: Sequence[Item], rubric: Sequence[str]) -> list[list[Item]]:
    """Per key point, the things it may be said the wrong way round about: those the question
    compares where the point names one, else the two the point itself sets side by side, else
    a pair another point sets side by side or two points open with, of which it names one."""
    own = [point_items(point) for point in rubric]
    # a pair another point sets side by side ("텍스트 포인터는 그대로 두고 패턴 포인터만") goes on
    # in a point that names one of them ("텍스트 포인터가 뒤로 가지 않으므로")
    shared = [*(pair for pair in own if pair), *rubric_pairs(rubric)]
    out: list[list[Item]] = []
    for point, pair in zip(rubric, own, strict=True):
        if len(compared) >= 2 and _item_spans(point, compared):
            out.append(list(compared))
        elif pair:
            out.append(pair)
        else:
            out.append(next((p for p in shared if _item_spans(point, p)), list(compared)))
    return out


def _whole_word_in(part: str, whole: str) -> bool:
    return bool(re.search(r"(?<!\w)" + re.escape(part.lower()) + r"(?!\w)", whole.lower()))


def _item_spans(text: str, items: Sequence[Item]) -> list[tuple[int, int, int]]:
    """(start, end, item index), longest spelling first, no overlaps, in text order."""
    taken: list[tuple[int, int, int]] = []
    spellings = sorted(
        ((alias, index) for index, item in enumerate(items) for alias in item.aliases),
        key=lambda pair: -len(pair[0]),
    )
    for alias, index in spellings:
        for start, end in _mentions(text, alias):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, index))
    return sorted(taken)


def _same_kind(alias: str, item: Item) -> str:
    """The spelling of ``item`` most like ``alias`` (an acronym for an acronym, same script)."""

    def likeness(candidate: str) -> tuple[int, int, int, int]:
        return (
            candidate.isupper() == alias.isupper(),
            bool(_HANGUL_CHAR.search(candidate)) == bool(_HANGUL_CHAR.search(alias)),
            candidate.lower().endswith("s") == alias.lower().endswith("s"),  # Lists -> Tuples
            -abs(len(candidate) - len(alias)),
        )

    chosen = max(item.aliases, key=likeness)
    if alias[:1].isupper() and chosen[:1].islower():  # at the start of a sentence
        chosen = chosen[0].upper() + chosen[1:]
    return chosen


def swap_items(text: str, items: Sequence[Item]) -> str | None:
    """The claim with two compared things' roles exchanged (or given to the other thing)."""
    spans = _item_spans(text, items)
    if not spans or len(items) < 2:
        return None
    mentioned = list(dict.fromkeys(index for _, _, index in spans))
    if len(mentioned) >= 2:
        a, b = mentioned[0], mentioned[1]
    else:
        a = mentioned[0]
        b = next(i for i in range(len(items)) if i != a)
    out = []
    last = 0
    for start, end, index in spans:
        out.append(text[last:start])
        word = text[start:end]
        if index == a:
            new = _same_kind(word, items[b])
        elif index == b:
            new = _same_kind(word, items[a])
        else:
            new = word
        out.append(new)
        last = end
        if new != word:  # 스핀락은 -> 뮤텍스는: the particle follows the new word's last sound
            particle = _KO_PARTICLE.match(text, end)
            if particle:
                out.append(_particle_for(new, particle.group(1)))
                last = particle.end(1)
    out.append(text[last:])
    swapped = "".join(out)
    return swapped if swapped != text else None


# Korean particles whose form depends on whether the word before ends in a consonant: (after a
# consonant, after a vowel); 로 also follows a final ㄹ
_PARTICLES = [
    ("이나", "나"),
    ("으로", "로"),
    ("은", "는"),
    ("을", "를"),
    ("과", "와"),
    ("이", "가"),
]
_KO_PARTICLE = re.compile(
    "(" + "|".join(form for pair in _PARTICLES for form in pair) + r")(?![\uac00-\ud7a3])"
)


def _particle_for(word: str, particle: str) -> str:
    last = word[-1:]
    if not _HANGUL_CHAR.match(last):
        return particle  # "BFS는": how it is read aloud decides, keep what was written
    final = (ord(last) - 0xAC00) % 28
    for consonant, vowel in _PARTICLES:
        if particle in (consonant, vowel):
            if consonant == "으로" and final == 8:  # a final ㄹ takes 로
                return vowel
            return consonant if final else vowel
    return particle


# -- direction words and complexity classes ------------------------------------------------------

_EN_ANTONYMS = [
    ("increases", "decreases"),
    ("increase", "decrease"),
    ("increasing", "decreasing"),
    ("higher", "lower"),
    ("high", "low"),
    ("more", "less"),
    ("faster", "slower"),
    ("fast", "slow"),
    ("larger", "smaller"),
    ("bigger", "smaller"),
    ("large", "small"),
    ("always", "never"),
    ("before", "after"),
    ("upper", "lower"),
    ("cheaper", "more expensive"),
    ("cheap", "expensive"),
    ("better", "worse"),
    ("maximum", "minimum"),
    ("maximizes", "minimizes"),
    ("shorter", "longer"),
    ("grows", "shrinks"),
    ("stable", "unstable"),
    ("reliable", "unreliable"),
    ("shared", "separate"),
    ("share", "do not share"),
    ("same", "different"),
    ("first", "last"),
    ("fewer", "more"),
    ("reduces", "increases"),
    ("reduce", "increase"),
    ("lowers", "raises"),
    ("sequential", "random"),
    ("synchronous", "asynchronous"),
    ("blocking", "non-blocking"),
    ("mutable", "immutable"),
    ("worst", "best"),
    ("top", "bottom"),
    ("above", "below"),
    ("greater", "less"),
    ("greater", "smaller"),
    ("greater", "lower"),
    ("positive", "negative"),
    ("left", "right"),
    ("overestimates", "underestimates"),
    ("wider", "narrower"),
    ("deeper", "shallower"),
    ("earlier", "later"),
    ("front", "back"),
    ("ascending", "descending"),
    ("rises", "falls"),
    ("stronger", "weaker"),
    ("dense", "sparse"),
    ("easier", "harder"),
    ("simple", "complex"),
    ("local", "global"),
    ("parallel", "sequential"),
    ("static", "dynamic"),
    ("explicit", "implicit"),
    ("eager", "lazy"),
    ("shrink", "grow"),
    ("shrinks", "grows"),
    ("vanish", "explode"),
    ("vanishing", "exploding"),
    ("minimum", "maximum"),
    ("min", "max"),
    ("strict", "loose"),
    ("safe", "unsafe"),
]
_KO_ANTONYMS = [
    ("증가", "감소"),
    ("높", "낮"),
    ("크", "작"),
    ("큰", "작은"),
    ("빠르", "느리"),
    ("빠른", "느린"),
    ("빠릅", "느립"),
    ("많", "적"),
    ("늘어", "줄어"),
    ("늘", "줄"),
    ("항상", "절대"),
    ("이전", "이후"),
    ("먼저", "나중"),
    ("상한", "하한"),
    ("최대", "최소"),
    ("동기", "비동기"),
    ("안정", "불안정"),
    ("가능", "불가능"),
    ("공유", "분리"),
    ("유리", "불리"),
    ("쉽", "어렵"),
    ("길", "짧"),
    ("최악", "최선"),
    ("순차", "랜덤"),
    ("양수", "음수"),
    ("앞", "뒤"),
    ("넓", "좁"),
    ("깊", "얕"),
    ("무겁", "가볍"),
    ("강하", "약하"),
    ("밀집", "희소"),
    ("단순", "복잡"),
    ("전역", "지역"),
    ("정적", "동적"),
    ("명시적", "암시적"),
    ("병렬", "직렬"),
    ("상승", "하락"),
    ("확대", "축소"),
    ("소실", "폭주"),
    # further forms of the pairs above (빠르다 / 빠른 / 빠릅니다 / 빨라서), and pairs that are only
    # ever seen inflected: a point that says 빠르지만 is turned around by an answer's 느린 편
    ("빨라", "느려"),
    ("긴", "짧은"),
    ("쉬운", "어려운"),
    ("같은", "서로 다른"),
    ("같다", "다르다"),
    ("같습", "다릅"),
    ("싼", "비싼"),
    ("싸다", "비싸다"),
    ("쌉", "비쌉"),
    ("좋", "나쁘"),
    ("좋은", "나쁜"),
    ("오름차순", "내림차순"),
]
# forms of one Korean word: a direction is turned around when a point's word meets the
# opposite of any of its forms (빠르지만 against 느린)
_KO_FORMS = [
    ("빠르", "빠른", "빠릅", "빨라"),
    ("느리", "느린", "느립", "느려"),
    ("크", "큰"),
    ("작", "작은"),
    ("쉽", "쉬운"),
    ("어렵", "어려운"),
    ("길", "긴"),
    ("짧", "짧은"),
    ("같", "같은", "같다", "같습"),
    ("서로 다른", "다르다", "다릅"),
    ("싼", "싸다", "쌉"),
    ("비싼", "비싸다", "비쌉"),
    ("좋", "좋은"),
    ("나쁘", "나쁜"),
]
_LEMMA = {form: forms[0] for forms in _KO_FORMS for form in forms}
_COMPLEXITY = re.compile(r"O\(\s*([^()]*(?:\([^()]*\)[^()]*)?)\)")
_COMPLEXITY_SWAP = {
    "1": "n",
    "log n": "n",
    "logn": "n",
    "n": "n^2",
    "n log n": "n^2",
    "nlogn": "n^2",
    "n^2": "n log n",
    "n²": "n log n",
    "v + e": "v^2",
    "v+e": "v^2",
}


# what may follow a Korean predicate stem (높다, 높은, 높아, 높고): 높이 (height) and 크기 (size)
# are nouns, not directions
_KO_PREDICATE_NEXT = "다은는아어고게습을지으며면여해했할함"
_KO_NOUN_STEMS = (
    "증가",
    "감소",
    "항상",
    "절대",
    "이전",
    "이후",
    "먼저",
    "나중",
    "상한",
    "하한",
    "최대",
    "최소",
    "동기",
    "비동기",
    "안정",
    "불안정",
    "가능",
    "불가능",
    "공유",
    "분리",
    "유리",
    "불리",
    "최악",
    "최선",
    "순차",
    "랜덤",
    "양수",
    "음수",
    "밀집",
    "희소",
    "단순",
    "복잡",
    "전역",
    "지역",
    "정적",
    "동적",
    "명시적",
    "암시적",
    "병렬",
    "직렬",
    "상승",
    "하락",
    "확대",
    "축소",
    "소실",
    "폭주",
    "오름차순",
    "내림차순",
)


def _ko_word_pattern(word: str) -> str:
    # a stem matches at the start of a word (높다, 높은); 비동기 is not 동기
    pattern = r"(?<![\uac00-\ud7a3])" + re.escape(word)
    if word not in _KO_NOUN_STEMS and len(word) == 1:
        if (ord(word) - 0xAC00) % 28 == 4:  # 큰, 긴, 싼: a whole word that qualifies a noun
            pattern += r"(?=\s)"
        else:
            pattern += f"(?=[{_KO_PREDICATE_NEXT}])"
    return pattern


def _word_pattern(word: str) -> str:
    if _HANGUL_CHAR.search(word):
        return _ko_word_pattern(word)
    return r"(?<![A-Za-z\-])" + re.escape(word) + r"(?![A-Za-z\-])"


def reverse_direction(text: str) -> str | None:
    """The claim with its first direction word turned around, or a complexity class changed."""
    best: tuple[int, int, str] | None = None
    korean = bool(_HANGUL_CHAR.search(text))
    pairs: list[tuple[str, str]] = []
    for a, b in _KO_ANTONYMS if korean else []:
        pairs.extend([(a, b), (b, a)])
    for a, b in _EN_ANTONYMS:
        pairs.extend([(a, b), (b, a)])
    opposites: dict[str, set[str]] = {}
    for word, opposite in pairs:
        opposites.setdefault(word, set()).add(opposite)
    for word, opposite in pairs:
        if any(re.search(_word_pattern(o), text, re.I) for o in opposites[word]):
            continue  # both sides named ("higher or lower", 최소-최대): nothing to turn around
        match = re.search(_word_pattern(word), text, re.I)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end(), opposite)
    complexity = _COMPLEXITY.search(text)
    if complexity:
        inner = complexity.group(1).strip().lower()
        other = _COMPLEXITY_SWAP.get(inner) or _COMPLEXITY_SWAP.get(inner.replace(" ", ""))
        if other and (best is None or complexity.start() < best[0]):
            best = (complexity.start(), complexity.end(), f"O({other})")
    if best is None:
        return None
    start, end, opposite = best
    original = text[start:end]
    if original[:1].isupper() and opposite[:1].islower():
        opposite = opposite[0].upper() + opposite[1:]
    return text[:start] + opposite + text[end:]


# -- negation ------------------------------------------------------------------------------------

_EN_NEGATORS = re.compile(r"\b(?:not|no|never|cannot|\w+n['’]t|without|neither|nor)\b", re.I)
_EN_AUX = re.compile(
    r"\b(is|are|was|were|can|will|should|must|may|might|could|would|has|have|does|do)\b", re.I
)
_KO_NEGATORS = re.compile(
    r"않(?:[다는고아았으지을습네]|$)|없(?:[다는고어었으이지을습네]|$)|아니(?:[다며고라에었]|$)|"
    r"못[하한해할]|(?<![\uac00-\ud7a3])[안못]\s"  # 않습니다, 없습니다; 안 생기면, 못 쓴다
)
_EN_UNNEGATE = [
    (re.compile(r"\bcannot\b", re.I), "can"),
    (re.compile(r"\bcan't\b", re.I), "can"),
    (re.compile(r"\bwon't\b", re.I), "will"),
    (re.compile(r"\bdoesn't\b", re.I), "does"),
    (re.compile(r"\bdon't\b", re.I), "do"),
    (re.compile(r"\bisn't\b", re.I), "is"),
    (re.compile(r"\baren't\b", re.I), "are"),
    (re.compile(r"\bnever\b", re.I), "always"),
    (re.compile(r"\bwithout\b", re.I), "with"),
    (re.compile(r"\bnot\s+", re.I), ""),
    (re.compile(r"\bno\b", re.I), "some"),
]

# Korean predicates at the end of a claim, most specific first: (ending, negated ending)
_KO_NEGATE_ENDINGS = [
    ("있습니다", "없습니다"),
    ("없습니다", "있습니다"),
    ("있다", "없다"),
    ("없다", "있다"),
    ("입니다", "이 아닙니다"),
    ("이다", "이 아니다"),
    ("합니다", "하지 않습니다"),
    ("됩니다", "되지 않습니다"),
    ("한다", "하지 않는다"),
    ("된다", "되지 않는다"),
    ("는다", "지 않는다"),
    ("습니다", "지 않습니다"),
    ("다", "지 않다"),
]
_KO_UNNEGATE_ENDINGS = [
    ("하지 않는다", "한다"),
    ("되지 않는다", "된다"),
    ("하지 않습니다", "합니다"),
    ("되지 않습니다", "됩니다"),
    ("이 아니다", "이다"),
    ("가 아니다", "이다"),
    ("지 않는다", "는다"),
    ("지 않다", "다"),
]


def _drop_final_n(stem: str) -> str:
    """간 -> 가: take the ㄴ coda off the last syllable (the present-tense 'ㄴ다' form)."""
    if not stem:
        return stem
    code = ord(stem[-1]) - 0xAC00
    if 0 <= code < 11172 and code % 28 == 4:  # coda ㄴ
        return stem[:-1] + chr(0xAC00 + code - 4)
    return stem


def _negate_korean(text: str) -> str | None:
    body = text.rstrip(" .。")
    tail = text[len(body) :]
    for ending, replacement in _KO_UNNEGATE_ENDINGS:
        if body.endswith(ending):
            return body[: -len(ending)] + replacement + tail
    for ending, replacement in _KO_NEGATE_ENDINGS:
        if body.endswith(ending):
            stem = body[: -len(ending)]
            if ending == "다" and stem and _HANGUL_CHAR.match(stem[-1]):
                code = ord(stem[-1]) - 0xAC00
                if code % 28 == 4:  # 간다, 쓴다: a verb in the present tense
                    return _drop_final_n(stem) + "지 않는다" + tail
            return stem + replacement + tail
    return None


def negate(text: str) -> str | None:
    """The claim with its sense negated (or its negation taken away)."""
    if _HANGUL_CHAR.search(text) and not re.search(r"[A-Za-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", text):
        return _negate_korean(text)
    if _EN_NEGATORS.search(text):
        for pattern, replacement in _EN_UNNEGATE:
            if pattern.search(text):
                out = pattern.sub(replacement, text, count=1)
                return re.sub(r"\s{2,}", " ", out)
    aux = _EN_AUX.search(text)
    if aux and aux.start() < 60:
        return text[: aux.end()] + " not" + text[aux.end() :]
    # no auxiliary to negate: a verb cannot be told from a plural noun without a tagger
    return "It is not true that " + _lower_first(text)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _reverse_toward(point: str, said: str) -> str | None:
    """The point with each direction word that the answer's clause turns around turned the
    same way, and its complexity class replaced by the one the clause gives: the reversal the
    answer actually makes (a point with two direction words is often turned at the second)."""
    point_dirs = _direction_words(point)
    said_dirs = _direction_words(said)
    out = point
    lowered_said = normalize(said)
    for a, b in [*_KO_ANTONYMS, *_EN_ANTONYMS]:
        for word, opposite in ((a, b), (b, a)):
            if word not in point_dirs or opposite not in said_dirs:
                continue
            if re.search(_word_pattern(word), lowered_said):
                continue  # the clause says the point's word too: not turned
            match = re.search(_word_pattern(word), out, re.I)
            if match:
                out = out[: match.start()] + opposite + out[match.end() :]
    theirs = list(_COMPLEXITY.finditer(said))
    ours = _COMPLEXITY.search(out)

    def key(match: re.Match[str]) -> str:
        return match.group(1).replace(" ", "").lower()

    if ours and theirs and all(key(m) != key(ours) for m in theirs):
        out = out[: ours.start()] + theirs[0].group(0) + out[ours.end() :]
    return out if out != point else None


_EN_CONTRACTED = [
    (
        re.compile(r"\b(is|are|was|were|does|do|did|has|have|should|could|would)\s+not\b", re.I),
        r"\1n't",
    ),
    (re.compile(r"\bcan\s*not\b", re.I), "can't"),
    (re.compile(r"\bwill\s+not\b", re.I), "won't"),
]
_EN_HAS = re.compile(r"\b(has|have)\s+not\s+(?!been\b|\w+ed\b)", re.I)
# "L1 drives ...", "The mean shifts ...": a one-word subject (or an article and a noun) and a
# verb in -s; "Queues decouple producers" has no such verb, and its "producers" is no verb
_EN_PLAIN_VERB = re.compile(
    r"^(?:(?:the|a|an|each|every)\s+[\w-]+|[\w()/-]+)\s+([a-z]{2,}?)(es|s)\b", re.I
)


def _negate_like(point: str, said: str) -> str | None:
    """The point negated the way the answer's clause negates: a small model reads "isn't"
    after "is not" as a change of words, so the twin speaks as the answer does."""
    if _HANGUL_CHAR.search(point) or not _EN_NEGATORS.search(said) or _EN_NEGATORS.search(point):
        return None
    base = negate(point)
    if base is None:
        return None
    if base.startswith("It is not true that ") and re.search(r"\b(?:doesn't|does not)\b", said):
        verb = _EN_PLAIN_VERB.match(point)
        word = verb.group(1) + verb.group(2) if verb else ""
        if verb and word.islower() and not is_stopword(word) and not word.endswith("ss"):
            plain = verb.group(1)  # the verb without its -s: "drives" -> "drive"
            if verb.group(2) == "es" and not re.search(r"(?:sh|ch|x|ss|z|o)$", plain):
                plain += "e"
            if word == "has":
                plain = "have"
            neg = "doesn't" if "doesn't" in said else "does not"
            base = point[: verb.start(1)] + neg + " " + plain + point[verb.end(2) :]
    if re.search(r"\b(?:has|have)\s+no\b", said, re.I):
        base = _EN_HAS.sub(lambda m: m.group(1) + " no ", base, count=1)
    if re.search(r"n't\b", said):
        for pattern, replacement in _EN_CONTRACTED:
            base = pattern.sub(replacement, base, count=1)
    return base


def variants(point: str, items: Sequence[Item], said: str | None = None) -> list[Variant]:
    """The contrasting claims of a key point: swapped roles, reversed direction, negation.

    Given the clause of the answer that says the point (``said``), the reversal and the
    negation follow the clause: the direction words it turns, the complexity class it gives and
    the form of its negation, so that the model compares the point with what the answer would
    be saying if it said the opposite, not with some other opposite."""
    out: list[Variant] = []
    made: list[tuple[VariantKind, str | None]] = [
        ("swapped", swap_items(point, items)),
        ("reversed", (said and _reverse_toward(point, said)) or reverse_direction(point)),
        ("negated", (said and _negate_like(point, said)) or negate(point)),
    ]
    for kind, text in made:
        if not text or not text.strip():
            continue
        if all(normalize(text) != normalize(other) for other in [point, *(v.text for v in out)]):
            out.append(Variant(kind=kind, text=text))
    return out


# -- which sentence of an answer states a contrasting claim ---------------------------------------

_CLAUSE_SPLIT = re.compile(
    r"[.!?。]\s+|\n+|;|,\s*(?:while|whereas|but|and)\s+|\s+(?:while|whereas|but|unlike)\s+|"
    r"(?<=[\uac00-\ud7a3])(?:지만|는데|반면|반면에|고|며|면서)\s+|,\s*",
    re.I,
)
# "unlike DFS, BFS ..." / "DFS와 달리 BFS는 ...": the thing named first is not the subject
_CONTRASTED = re.compile(r"^\s*unlike\s+|(?:와|과)\s*(?:달리|다르게)\s*", re.I)
# a Korean subject or topic: the thing followed by 은/는/이/가
_KO_SUBJECT = re.compile(r"^(?:은|는|이|가)(?![\uac00-\ud7a3])")


def _bindings(text: str, items: Sequence[Item]) -> dict[str, set[int]]:
    """Content word -> the compared things its clauses are about (the first one each names)."""
    out: dict[str, set[int]] = {}
    for sentence in _SENTENCE_SPLIT.split(text):
        # a clause that names no compared thing goes on about the last one named in its
        # sentence ("Kruskal sorts the edges, and adds ..."; "크루스칼은 ... 정렬하고, ...")
        subject: int | None = None
        for clause in _CLAUSE_SPLIT.split(sentence):
            spans = _item_spans(clause, items)
            if spans:
                subject = spans[0][2]
                marked = [i for s, e, i in spans if _KO_SUBJECT.match(clause[e:])]
                if marked:
                    subject = marked[0]
                elif len(spans) > 1 and _CONTRASTED.search(clause[: spans[1][0]]):
                    subject = spans[1][2]
            if subject is None:
                continue
            names = {normalize(clause[s:e]) for s, e, _ in spans}
            name_stems = {st for name in names for st in content_stems(name)}
            for word in content_stems(clause):
                if word not in name_stems:
                    out.setdefault(word, set()).add(subject)
    return out


_SENTENCE_SPLIT = re.compile(r"[.!?。]\s+|\n+")


def role_conflict(point: str, answer: str, items: Sequence[Item]) -> float:
    """0..1: share of the words the point ties to one compared thing that the answer ties only
    to another one ("BFS ... queue" said as "DFS ... queue")."""
    if len(items) < 2:
        return 0.0
    mine = _bindings(point, items)
    theirs = _bindings(answer, items)
    shared = [w for w in mine if w in theirs]
    if not shared:
        return 0.0
    wrong = sum(1 for w in shared if not (mine[w] & theirs[w]))
    # one shared word is thin ground ("log" in O(E log E) and O(E log V); "threads" said of
    # the other thing in passing): the conflict counts in full from ROLE_FULL_WORDS words on
    return wrong / len(shared) * min(1.0, len(shared) / ROLE_FULL_WORDS)


ROLE_FULL_WORDS = 3


@dataclass(frozen=True)
class Alignment:
    """How one key point fares against the answer's sentences, by words and their roles."""

    sentence: tuple[int, int] | None  # the sentence that speaks to the point most
    role_conflict: float  # 0..1: words the point ties to one thing, the answer to another
    direction_flip: float  # 0..1: a direction word or complexity class turned around
    negation_flip: float  # 0..1: negated where the point is not, or the other way round


def _coverage(point_words: set[str], sentence_words: set[str]) -> float:
    if not point_words:
        return 0.0
    return len(point_words & sentence_words) / len(point_words)


def _negated(text: str) -> bool:
    if _HANGUL_CHAR.search(text):
        return bool(_KO_NEGATORS.search(text)) or bool(_EN_NEGATORS.search(text))
    return bool(_EN_NEGATORS.search(text))


def _direction_words(text: str) -> set[str]:
    found: set[str] = set()
    lowered = normalize(text)
    for a, b in [*_EN_ANTONYMS, *_KO_ANTONYMS]:
        for word in (a, b):
            if re.search(_word_pattern(word), lowered):
                found.add(word)
    for match in _COMPLEXITY.finditer(text):
        found.add("O(" + match.group(1).replace(" ", "").lower() + ")")
    return found


def _opposites() -> dict[str, set[str]]:
    """Direction word (a Korean one by its first form) -> the words that turn it around."""
    out: dict[str, set[str]] = {}
    for a, b in [*_EN_ANTONYMS, *_KO_ANTONYMS]:
        a, b = _LEMMA.get(a, a), _LEMMA.get(b, b)
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


_OPPOSITES = _opposites()


def _flipped(point_dirs: set[str], sentence_dirs: set[str]) -> bool:
    opposite = _OPPOSITES
    point_dirs = {_LEMMA.get(w, w) for w in point_dirs}
    sentence_dirs = {_LEMMA.get(w, w) for w in sentence_dirs}
    for word in point_dirs - sentence_dirs:
        if word.startswith("O("):
            if any(w.startswith("O(") for w in sentence_dirs - point_dirs):
                return True
            continue
        if opposite.get(word, set()) & (sentence_dirs - point_dirs):
            return True
    return False


def align(point: str, answer: str, items: Sequence[Item], min_coverage: float = 0.4) -> Alignment:
    """Find the answer's sentence about the key point and whether it turns the claim around."""
    point_words = set(content_stems(point))
    best: tuple[float, tuple[int, int]] | None = None
    for span in sentences(answer):
        cov = _coverage(point_words, set(content_stems(answer[span[0] : span[1]])))
        if best is None or cov > best[0]:
            best = (cov, span)
    if best is None or best[0] < min_coverage:
        return Alignment(None, 0.0, 0.0, 0.0)
    cov, span = best
    sentence = answer[span[0] : span[1]]
    # roles are read over the whole answer: a point about two things is often said in two
    # sentences, one for each
    whole = _coverage(point_words, set(content_stems(answer)))
    conflict = role_conflict(point, answer, items) * whole
    flip = 1.0 if _flipped(_direction_words(point), _direction_words(sentence)) else 0.0
    # a negation elsewhere in the sentence ("..., so one bad message does not block the rest")
    # says nothing about the point: read it in the clause that says most of the point
    said = _claim_clause(point_words, sentence)
    claimed = _claim_clause(set(content_stems(said)), point)  # and the point's own clause
    negation = 1.0 if _negated(claimed) != _negated(said) else 0.0
    return Alignment(span, conflict, flip * cov, negation * cov)


# clauses within a sentence for reading a negation: the contrast splits, and the subordinate
# clauses that give a reason or a consequence
_SUBCLAUSE_SPLIT = re.compile(
    r"\s+(?:so|because|since|which|so that|unless|if|when|otherwise)\s+|"
    r"(?<=[\uac00-\ud7a3])(?:기 때문에|므로|니까|어서|아서|해서|면)\s+",
    re.I,
)


def _most_covering(words: set[str], parts: Sequence[str]) -> int | None:
    """Index of the part that shares most of the words (the first of equals), None where no
    part shares any."""
    scores = [_coverage(words, set(content_stems(part))) for part in parts]
    if not scores or max(scores) == 0:
        return None
    return scores.index(max(scores))


def _claim_clause(point_words: set[str], sentence: str) -> str:
    """The clause of the sentence that shares most of the given words (the sentence where
    none does)."""
    clauses = [
        part
        for clause in _CLAUSE_SPLIT.split(sentence)
        if clause
        for part in _SUBCLAUSE_SPLIT.split(clause)
        if part and part.strip()
    ]
    best = _most_covering(point_words, clauses)
    return sentence if best is None else clauses[best]


# coarser than _CLAUSE_SPLIT: the model needs a whole claim to read, so only commas,
# semicolons and words that set one statement against another cut a sentence here
_READING_SPLIT = re.compile(
    r"[;；]|,\s*(?:(?:while|whereas|but|and)\s+)?|\s+(?:while|whereas|but)\s+|"
    r"(?<=[\uac00-\ud7a3])(?:지만|반면에|반면|는데)\s+",
    re.I,
)


def claim_clause(point: str, sentence: str, items: Sequence[Item] = ()) -> str:
    """The part of an answer's sentence that says the key point: what the model reads after
    the point and its twins (a sentence that says one thing of BFS and another of DFS follows
    both claims equally well; its part about the point does not). A part that names none of
    the compared things reaches back to the last one that does ("Because DFS ..., it finds
    ..."; "BFS is for cycle detection, topological sort and backtracking")."""
    named = {index for _, _, index in _item_spans(point, items)} if items else set()
    if len(named) >= 2:  # a point that pairs two things is read with both halves
        return sentence.strip()
    words = set(content_stems(point))
    cuts = [0]
    for match in _READING_SPLIT.finditer(sentence):
        cuts.append(match.start())
        cuts.append(match.end())
    cuts.append(len(sentence))
    parts = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    parts = [(a, b) for a, b in parts if sentence[a:b].strip()]
    best = _most_covering(words, [sentence[a:b] for a, b in parts])
    if best is None:
        return sentence.strip()
    start, end = parts[best]
    if items and _item_spans(point, items) and not _item_spans(sentence[start:end], items):
        for a, b in reversed(parts[:best]):
            if _item_spans(sentence[a:b], items):
                start = a
                break
    return sentence[start:end].strip()
