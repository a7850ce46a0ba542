"""Names made from text: ASCII slugs for ids, topic ids for section names (English or Korean)."""

from __future__ import annotations

import re
import unicodedata

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by '-', at most ``limit`` characters, cut at a word."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _SLUG_DROP.sub("-", flat).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


# Korean section names mapped to the topic ids our banks use; longest first
_KOREAN_TOPICS: tuple[tuple[str, str], ...] = (
    ("데이터베이스", "db"),
    ("데이터 시각화", "visualization"),
    ("시각화", "visualization"),
    ("운영체제", "os"),
    ("네트워크", "network"),
    ("자료구조", "data-structures"),
    ("알고리즘", "algorithms"),
    ("머신러닝", "ml"),
    ("기계학습", "ml"),
    ("딥러닝", "dl"),
    ("컴퓨터 비전", "cv"),
    ("컴퓨터비전", "cv"),
    ("자연어", "nlp"),
    ("강화학습", "rl"),
    ("추천", "recsys"),
    ("통계", "stats"),
    ("확률", "stats"),
    ("선형대수", "linear-algebra"),
    ("수학", "math"),
    ("분산", "distributed"),
    ("아키텍처", "architecture"),
    ("아키텍쳐", "architecture"),
    ("보안", "security"),
    ("개인정보", "privacy"),
    ("프로젝트", "projects"),
    ("인성", "behavioral"),
    ("공통", "general"),
    ("자바", "java"),
    ("스프링", "spring"),
    ("언어", "languages"),
    ("시스템", "systems"),
    ("클라우드", "cloud"),
    ("서비스", "service"),
    ("고객", "customer"),
    ("분석", "analysis"),
    ("웹", "web"),
    ("컴퓨터 구조", "computer-architecture"),
    ("소프트웨어 공학", "software-engineering"),
    ("디자인 패턴", "design-patterns"),
    ("데이터", "data"),
)

_TOPIC_NOISE = {"interview", "interviews", "question", "questions", "qna", "faq"}


def topic_id(text: str | None) -> str | None:
    """A topic id for a section name: ASCII words, a known Korean term, or None."""
    if not text:
        return None
    words = [w for w in slugify(text, 200).split("-") if w and w not in _TOPIC_NOISE]
    ascii_slug = "-".join(words)[:40].strip("-")
    for term, topic in sorted(_KOREAN_TOPICS, key=lambda t: -len(t[0])):
        if term in text:
            return topic
    if len(ascii_slug) >= 2:
        return ascii_slug
    return None


def has_non_ascii_letters(text: str) -> bool:
    return any(ord(c) > 127 and c.isalpha() for c in text)
