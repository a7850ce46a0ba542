"""Choosing questions for a job posting and a résumé, with the reason for each one.

Skills are found with a curated alias table (skills.yaml: English, Korean and abbreviated
spellings of technical terms) and with the banks' own multi-word tags. A question matches a
skill through its tags or its text; the topics a skill implies (PyTorch -> deep learning)
give the fundamentals; a share of general CS questions rounds the plan off.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from interview_cli.language import HANGUL
from interview_cli.planning.documents import Document
from interview_cli.planning.questions import PlannedQuestion, QuestionStats

Tier = Literal["skill", "fundamental", "general"]
TIERS: tuple[Tier, ...] = ("skill", "fundamental", "general")

GENERAL_TOPICS = ("ds", "algo", "os", "net", "db", "swe")  # what any CS interview may ask
ML_TOPICS = frozenset({"stats", "ml", "dl", "nlp", "mlops"})
MIN_FIELD_SHARE = 0.2  # a two-field skill (Kubernetes: MLOps and SWE) needs its field present
SHARES = {"skill": 0.5, "fundamental": 0.3, "general": 0.2}
RESUME_WEIGHT = 0.6  # a skill the résumé names counts a bit less than one the posting asks for
TITLE_WEIGHT = 1.5  # "Backend Engineer", "머신러닝 엔지니어 (추천·검색)": the heart of the job
TAG_MATCH = 1.0
TEXT_MATCH = 0.8
TOPIC_MATCH = 0.3
PLAN_FORMAT = 1  # version of the JSON that `interview plan --json` prints

_LATIN_EDGE = "A-Za-z0-9_+#"


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    aliases: tuple[str, ...]
    tags: frozenset[str]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class SkillHit:
    """A skill found in a document: which spellings, how often, on which lines."""

    skill: Skill
    source: Literal["posting", "resume"]
    phrases: tuple[str, ...]
    count: int
    lines: tuple[int, ...]
    in_title: bool = False  # named on the document's first line (the job title)

    @property
    def weight(self) -> float:
        """How much it counts: on how many lines it is named (three tools in one bullet are
        one mention), more when the title names it, less when only the résumé does."""
        base = 1.0 if self.source == "posting" else RESUME_WEIGHT
        title = TITLE_WEIGHT if self.in_title else 1.0
        return base * title * (1.0 + math.log(len(self.lines)))

    def describe(self) -> str:
        spelled = ", ".join(dict.fromkeys(self.phrases))
        where = f"line {self.lines[0]}" if len(self.lines) == 1 else f"lines {_lines(self.lines)}"
        return f"{self.skill.name} ({spelled}; {self.source} {where})"


@dataclass(frozen=True)
class PlanItem:
    planned: PlannedQuestion
    tier: Tier
    reasons: tuple[str, ...]
    skills: tuple[str, ...]  # ids of the skills behind it
    score: float


@dataclass
class Plan:
    items: list[PlanItem]
    hits: list[SkillHit]
    language: str
    documents: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def questions(self) -> list[PlannedQuestion]:
        return [item.planned for item in self.items]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/plan-json.md)."""
        return {
            "format": PLAN_FORMAT,
            "language": self.language,
            "documents": [
                {
                    "kind": d.kind,
                    "path": str(d.path),
                    "language": d.language,
                    "characters": d.chars,
                    "truncated": d.truncated,
                }
                for d in self.documents
            ],
            "skills": [
                {
                    "id": h.skill.id,
                    "name": h.skill.name,
                    "source": h.source,
                    "phrases": list(dict.fromkeys(h.phrases)),
                    "count": h.count,
                    "lines": list(h.lines),
                    "weight": round(h.weight, 3),
                }
                for h in self.hits
            ],
            "questions": [
                {
                    "position": position,
                    "bank_id": item.planned.bank_id,
                    "question_id": item.planned.question.id,
                    "question": item.planned.question.question,
                    "topic": item.planned.question.topic,
                    "difficulty": item.planned.question.difficulty,
                    "tier": item.tier,
                    "skills": list(item.skills),
                    "reasons": list(item.reasons),
                    "score": round(item.score, 3),
                }
                for position, item in enumerate(self.items, 1)
            ],
            "notes": list(self.notes),
        }


def _lines(lines: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:4])
    return shown + (", …" if len(lines) > 4 else "")


# -- the alias table ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_skills() -> tuple[Skill, ...]:
    """The shipped alias table."""
    from importlib import resources

    import yaml

    text = resources.files("interview_cli.planning").joinpath("skills.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(
        Skill(
            id=str(item["id"]),
            name=str(item["name"]),
            aliases=tuple(str(a).lower() for a in item["aliases"]),
            tags=frozenset(str(t) for t in item.get("tags") or ()),
            topics=tuple(str(t) for t in item.get("topics") or ()),
        )
        for item in data["skills"]
    )


def tag_skills(tags: Iterable[str], known: Sequence[Skill]) -> list[Skill]:
    """Skills for the banks' multi-word tags ("consistent-hashing", "bloom-filter") that the
    table does not spell out: such a tag is specific enough to match a posting directly."""
    covered = {alias.replace(" ", "-") for s in known for alias in s.aliases}
    out = []
    for tag in sorted(set(tags)):
        if "-" not in tag or tag in covered or len(tag) < 5:
            continue
        out.append(
            Skill(
                id=f"tag:{tag}",
                name=tag.replace("-", " "),
                aliases=(tag.replace("-", " "),),
                tags=frozenset({tag}),
                topics=(),
            )
        )
    return out


@lru_cache(maxsize=2048)
def _pattern(alias: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", alias.strip()) if p]
    body = r"[\s\-]*".join(parts)
    if HANGUL.search(alias):
        return re.compile(body)  # Korean particles attach to the word: match inside it
    return re.compile(rf"(?<![{_LATIN_EDGE}]){body}(?![{_LATIN_EDGE}])")


def find_skills(document: Document, skills: Sequence[Skill]) -> list[SkillHit]:
    """The skills a document names, most named first.

    Longer spellings are matched first and own their text: "A/B 테스트" is A/B testing, not
    also testing; "GitHub Actions" is CI/CD, not also version control.
    """
    text = document.text.lower()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    source: Literal["posting", "resume"] = document.kind
    spellings = sorted(
        ((alias, skill) for skill in skills for alias in skill.aliases),
        key=lambda pair: (-len(pair[0]), pair[1].id),
    )
    taken: list[tuple[int, int]] = []
    found: dict[str, tuple[Skill, list[str], list[int]]] = {}
    title = next((n for n, line in enumerate(text.split("\n"), 1) if line.strip()), 0)
    for alias, skill in spellings:
        for match in _pattern(alias).finditer(text):
            begin, end = match.span()
            if any(a < end and begin < b for a, b in taken):
                continue
            taken.append((begin, end))
            entry = found.setdefault(skill.id, (skill, [], []))
            entry[1].append(document.text[begin:end])
            entry[2].append(begin)
    hits = []
    for skill, phrases, positions in found.values():
        order = sorted(range(len(positions)), key=lambda i: positions[i])
        lines = tuple(sorted({_line_of(line_starts, positions[i]) for i in order}))
        phrased = tuple(phrases[i] for i in order)
        hits.append(SkillHit(skill, source, phrased, len(positions), lines, title in lines))
    hits.sort(key=lambda h: (-h.weight, h.lines[0], h.skill.id))
    return hits


def _line_of(starts: Sequence[int], position: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if starts[mid] <= position:
            low = mid
        else:
            high = mid - 1
    return low + 1


# -- ranking -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    planned: PlannedQuestion
    skill_score: float = 0.0
    topic_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    gains: dict[str, float] = field(default_factory=dict)  # per skill id


def _question_text(planned: PlannedQuestion) -> str:
    q = planned.question
    return " ".join([q.question, *q.key_points]).lower()


def _field(topic: str) -> str:
    return "ml" if topic in ML_TOPICS else "cs"


def field_shares(hits: Sequence[SkillHit]) -> dict[str, float]:
    """How much of what the documents ask for is ML and how much general CS, from the skills
    that belong to one field only. Even when nothing tells."""
    weight = {"ml": 0.0, "cs": 0.0}
    for hit in hits:
        fields = {_field(t) for t in hit.skill.topics}
        if len(fields) == 1:
            weight[fields.pop()] += hit.weight
    total = sum(weight.values())
    if total == 0:
        return {"ml": 0.5, "cs": 0.5}
    return {k: v / total for k, v in weight.items()}


def _score_candidates(
    candidates: Sequence[PlannedQuestion], hits: Sequence[SkillHit]
) -> list[_Candidate]:
    """How well each question fits the skills found.

    A skill counts for a question in its own field: its topics, or any topic for a skill
    taken from a bank tag. A tag shared across fields ("reliability", "inference") must not
    put an LLM question into a backend interview.
    """
    shares = field_shares(hits)
    scored = []
    for planned in candidates:
        q = planned.question
        tags = set(q.tags)
        text = _question_text(planned)
        cand = _Candidate(planned)
        builds_on: list[str] = []
        ranked_reasons: list[tuple[float, str]] = []
        for hit in hits:
            skill = hit.skill
            two_fields = len({_field(t) for t in skill.topics}) > 1
            in_field = not skill.topics or (
                q.topic in skill.topics
                and (not two_fields or shares[_field(q.topic)] >= MIN_FIELD_SHARE)
            )
            strength = 0.0
            reason = ""
            common = sorted(tags & skill.tags)
            if common and in_field:
                strength = TAG_MATCH
                reason = f"{_asks(hit)} {skill.name} ({_quote(hit)}); tagged {', '.join(common)}"
            elif in_field:
                said = next((a for a in skill.aliases if _pattern(a).search(text)), None)
                if said is not None:
                    strength = TEXT_MATCH
                    reason = f"{_asks(hit)} {skill.name} ({_quote(hit)}); it asks about {said}"
            if strength:
                gain = strength * hit.weight
                cand.gains[skill.id] = cand.gains.get(skill.id, 0.0) + gain
                cand.skill_score += gain
                ranked_reasons.append((gain, reason))
                cand.skills.append(skill.id)
            elif in_field and skill.topics:
                cand.topic_score += TOPIC_MATCH * hit.weight
                cand.skills.append(skill.id)
                builds_on.append(skill.name)
        # the skill that matters most for this question first (a stable sort keeps the
        # documents' order among equals)
        cand.reasons = [r for _, r in sorted(ranked_reasons, key=lambda p: -p[0])]
        if builds_on:
            names = ", ".join(dict.fromkeys(builds_on[:4]))
            more = f" and {len(builds_on) - 4} more" if len(builds_on) > 4 else ""
            cand.reasons.append(f"fundamentals of {_topic_name(q.topic)}, for {names}{more}")
        scored.append(cand)
    return scored


def _asks(hit: SkillHit) -> str:
    return "the posting asks for" if hit.source == "posting" else "your résumé mentions"


def _quote(hit: SkillHit) -> str:
    return f'"{hit.phrases[0]}", line {hit.lines[0]}'


TOPIC_NAMES = {
    "ds": "data structures",
    "algo": "algorithms",
    "os": "operating systems",
    "net": "networks",
    "db": "databases",
    "py": "Python",
    "swe": "software engineering",
    "stats": "statistics",
    "ml": "machine learning",
    "dl": "deep learning",
    "nlp": "NLP and LLMs",
    "mlops": "MLOps",
}


def _topic_name(topic: str) -> str:
    return TOPIC_NAMES.get(topic, topic)


def _round_robin(groups: Mapping[str, list[_Candidate]], order: Sequence[str]) -> list[_Candidate]:
    """One from each group in turn, so no single skill or topic fills the plan."""
    queues = {k: list(groups[k]) for k in order if groups.get(k)}
    out: list[_Candidate] = []
    while queues:
        for key in list(queues):
            out.append(queues[key].pop(0))
            if not queues[key]:
                del queues[key]
    return out


def _skill_turns(
    candidates: Sequence[_Candidate],
    hits: Sequence[SkillHit],
    order_key: Mapping[str, tuple[Any, ...]],
) -> list[_Candidate]:
    """The skill questions in the order to ask them: each skill of the documents in turn,
    the most named first, with the question most squarely about it; a topic already asked
    about waits while another is free, so the plan covers the posting's areas."""
    strongest: dict[str, SkillHit] = {}
    for hit in sorted(hits, key=lambda h: -h.weight):
        strongest.setdefault(hit.skill.id, hit)  # named in both: the larger weight counts
    skills = sorted(strongest.values(), key=lambda h: (-h.weight, h.lines[0], h.skill.id))
    queues: dict[str, list[_Candidate]] = {}
    for hit in skills:
        sid = hit.skill.id
        mine = [c for c in candidates if sid in c.gains]
        # squarely about this skill first (its gain), then the one that covers most besides
        mine.sort(key=lambda c: (-round(c.gains[sid], 2), -c.skill_score, order_key[c.planned.key]))
        if mine:
            queues[sid] = mine
    out: list[_Candidate] = []
    chosen: set[str] = set()
    topics: Counter[str] = Counter()
    while queues:
        for sid in list(queues):
            queue = [c for c in queues[sid] if c.planned.key not in chosen]
            if not queue:
                del queues[sid]
                continue
            # among the questions about as much about this skill as its best one, the one
            # from the topic asked least so far
            best = queue[0].gains[sid]
            close = [c for c in queue if c.gains[sid] >= 0.8 * best]
            pick = min(close, key=lambda c: topics[c.planned.question.topic])
            chosen.add(pick.planned.key)
            topics[pick.planned.question.topic] += 1
            out.append(pick)
            queues[sid] = [c for c in queue if c is not pick]
    return out


def _history_key(stats: Mapping[str, QuestionStats], planned: PlannedQuestion) -> tuple[int, float]:
    """Unseen first, then the worst scored: what practice needs most."""
    st = stats.get(planned.key)
    if st is None or st.seen == 0:
        return (0, 0.0)
    return (1, 5.0 if st.last_score is None else st.last_score)


def _spread(items: list[_Candidate]) -> list[_Candidate]:
    """Within a group, alternate difficulties a little: 2, 1, 3, 2, ... rather than all 3s."""
    by_level: dict[int, list[_Candidate]] = defaultdict(list)
    for item in items:
        by_level[item.planned.question.difficulty].append(item)
    order = [2, 1, 3]
    out: list[_Candidate] = []
    while any(by_level.values()):
        for level in order:
            if by_level.get(level):
                out.append(by_level[level].pop(0))
    return out


def build_plan(
    candidates: Sequence[PlannedQuestion],
    documents: Sequence[Document],
    count: int,
    language: str,
    stats: Mapping[str, QuestionStats] | None = None,
    skills: Sequence[Skill] | None = None,
) -> Plan:
    """The questions to ask for these documents, with reasons; ``candidates`` are already
    filtered (language, banks, topic, difficulty)."""
    stats = stats or {}
    table = list(skills if skills is not None else load_skills())
    table += tag_skills((t for p in candidates for t in p.question.tags), table)
    hits: list[SkillHit] = []
    notes: list[str] = []
    for document in documents:
        if document.truncated:
            notes.append(
                f"{document.label} is long: only its first {len(document.text):,} of "
                f"{document.chars:,} characters were read"
            )
        if document.language == "unknown":
            notes.append(
                f"could not tell the language of {document.label}; "
                "English and Korean terms were looked for"
            )
        found = find_skills(document, table)
        if not found:
            notes.append(f"no skills recognised in {document.label}")
        hits.extend(found)
    posting_skills = [h for h in hits if h.source == "posting"]
    if documents and not hits:
        notes.append("the plan is fundamentals and general CS")

    scored = _score_candidates(candidates, hits)
    order_key: dict[str, tuple[Any, ...]] = {
        c.planned.key: (*_history_key(stats, c.planned), -c.skill_score, c.planned.key)
        for c in scored
    }

    def ranked(items: Iterable[_Candidate]) -> list[_Candidate]:
        return sorted(items, key=lambda c: order_key[c.planned.key])

    # skill questions are grouped by topic and taken in turn, the topic with the most weight
    # behind it first: an interviewer covers the posting's areas, not one keyword five times
    skilled: list[_Candidate] = []
    by_topic: dict[str, list[_Candidate]] = defaultdict(list)
    topic_weight: dict[str, float] = defaultdict(float)
    general: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in scored:
        topic = cand.planned.question.topic
        if cand.skill_score > 0:
            skilled.append(cand)
        elif cand.topic_score > 0:
            by_topic[topic].append(cand)
            topic_weight[topic] = max(topic_weight[topic], cand.topic_score)
        elif topic in GENERAL_TOPICS:
            general[topic].append(cand)
    pools: dict[Tier, list[_Candidate]] = {
        "skill": _skill_turns(skilled, hits, order_key),
        "fundamental": _round_robin(
            {k: _spread(ranked(v)) for k, v in by_topic.items()},
            sorted(topic_weight, key=lambda t: -topic_weight[t]),
        ),
        "general": _round_robin(
            {k: _spread(ranked(v)) for k, v in general.items()},
            [t for t in GENERAL_TOPICS if t in general],
        ),
    }
    if not hits:
        # nothing to tailor to: general CS first, then whatever else the filters allow
        rest = _group_by_topic(c for c in scored if c.planned.question.topic not in GENERAL_TOPICS)
        pools["fundamental"] = pools["general"] + _round_robin(
            {t: _spread(ranked(v)) for t, v in rest.items()}, sorted(rest)
        )
        pools["general"] = []

    wanted = _quotas(max(1, count), {tier: len(pools[tier]) for tier in TIERS})
    chosen: list[PlanItem] = []
    for tier in TIERS:
        for cand in pools[tier][: wanted[tier]]:
            reasons = tuple(cand.reasons) or (_general_reason(cand, tier, bool(hits)),)
            score = cand.skill_score if tier == "skill" else cand.topic_score
            chosen.append(PlanItem(cand.planned, tier, reasons, tuple(cand.skills), score))
    if posting_skills and not any(i.tier == "skill" for i in chosen):
        notes.append("no question in the chosen banks matches the posting's skills")
    return Plan(chosen, hits, language, list(documents), notes)


def _group_by_topic(items: Iterable[_Candidate]) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = defaultdict(list)
    for item in items:
        out[item.planned.question.topic].append(item)
    return out


def _general_reason(cand: _Candidate, tier: Tier, tailored: bool) -> str:
    topic = _topic_name(cand.planned.question.topic)
    if tier == "general" or not tailored:
        return f"general CS: {topic}"
    return f"fundamentals: {topic}"


def _quotas(count: int, available: Mapping[Tier, int]) -> dict[Tier, int]:
    """How many from each tier: the shares of ``count``, with what a tier lacks moved on."""
    # half up, not Python's half to even: one question is a skill question, not a general one
    want = {tier: math.floor(count * SHARES[tier] + 0.5) for tier in TIERS}
    want["general"] = count - want["skill"] - want["fundamental"]
    out = {tier: min(want[tier], available[tier]) for tier in TIERS}
    short = count - sum(out.values())
    # a tier that runs short hands its places on: skill -> fundamental -> general -> back again
    for tier in (*TIERS, *TIERS):
        if short <= 0:
            break
        extra = min(short, available[tier] - out[tier])
        out[tier] += extra
        short -= extra
    return out
