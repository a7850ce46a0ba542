"""Questions about the projects on a résumé, written by a capable local model.

Only a model that can follow instructions (a chat template and at least 1B parameters) is
asked; its output is held to a JSON grammar and then checked here. The questions are kept as
a bank in the user's banks folder, named after the résumé's content, so the same résumé gets
the same questions again (and a session with them can be resumed). Their key points are
marked ``generated``: feedback and reports say they are unverified.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interview_cli.banks.schema import Bank, Question

ChatFn = Callable[[str, str, str, int], str]  # (system, user, grammar, max_tokens) -> reply

MAX_RESUME_CHARS = 3000  # what the model is shown (the context is 2048 tokens)
MAX_QUESTION_CHARS = 300
MAX_POINT_CHARS = 200
TOPIC = "resume"

QUESTIONS_GRAMMAR = r"""root ::= "{" ws "\"questions\"" ws ":" ws "[" ws item ( ws "," ws item )* ws "]" ws "}"
item ::= "{" ws "\"question\"" ws ":" ws string ws "," ws "\"key_points\"" ws ":" ws points ws "}"
points ::= "[" ws string ( ws "," ws string )* ws "]"
string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" ["\\/bfnrt] )* "\""
ws ::= [ \t\n]*
"""  # noqa: E501 - a grammar reads best one rule a line

SYSTEM = (
    "You are a senior technical interviewer. From the candidate's résumé, write interview "
    "questions about the candidate's own projects: what they built, the technical choices "
    "they made and why, trade-offs, failures and what they would change. For each question, "
    "list 3 to 5 key points a strong answer covers, each one short, checkable sentence. "
    "Reply in JSON only."
)


@dataclass(frozen=True)
class WrittenQuestion:
    question: str
    key_points: tuple[str, ...]


def _clean(text: object, limit: int) -> str | None:
    if not isinstance(text, str):
        return None
    value = " ".join(text.split())
    if not value or len(value) > limit:
        return None
    return value


def parse_questions(reply: str, count: int) -> list[WrittenQuestion]:
    """The usable questions in a model's reply: each with a question and 2-6 key points."""
    try:
        data = json.loads(reply)
    except json.JSONDecodeError:
        return []
    items = data.get("questions") if isinstance(data, dict) else None
    out: list[WrittenQuestion] = []
    seen: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        question = _clean(item.get("question"), MAX_QUESTION_CHARS)
        raw = item.get("key_points")
        points = [_clean(p, MAX_POINT_CHARS) for p in raw] if isinstance(raw, list) else []
        kept = tuple(dict.fromkeys(p for p in points if p))
        if question is None or question.lower() in seen or not 2 <= len(kept) <= 6:
            continue
        seen.add(question.lower())
        out.append(WrittenQuestion(question, kept))
        if len(out) >= count:
            break
    return out


def reply_tokens(count: int) -> int:
    """Room the model gets for its answer: about 220 tokens a question."""
    return 220 * count + 60


def write_questions(chat: ChatFn, resume: str, language: str, count: int) -> list[WrittenQuestion]:
    """Ask the model for ``count`` questions about the résumé, in the session's language."""
    tongue = "Korean" if language == "ko" else "English"
    user = (
        f"Résumé:\n{resume[:MAX_RESUME_CHARS]}\n\n"
        f"Write {count} questions, in {tongue}, each about a specific project or claim above."
    )
    return parse_questions(chat(SYSTEM, user, QUESTIONS_GRAMMAR, reply_tokens(count)), count)


def resume_key(resume: str, language: str) -> str:
    digest = hashlib.sha256(" ".join(resume.split()).encode("utf-8")).hexdigest()[:10]
    # bank ids are lowercase (the schema's id pattern); a BCP-47 tag may not be ("zh-TW")
    return f"resume-{digest}-{language.lower()}"


def resume_bank(
    written: list[WrittenQuestion], resume_path: Path, resume: str, language: str, model: str
) -> Bank:
    bank_id = resume_key(resume, language)
    questions = tuple(
        Question(
            id=f"{bank_id}-{number}",
            topic=TOPIC,
            question=item.question,
            key_points=item.key_points,
            tags=("resume", "generated"),
            difficulty=2,
            key_points_source="generated",
            source=f"{resume_path.name}, written by {model}",
        )
        for number, item in enumerate(written, 1)
    )
    return Bank(
        id=bank_id,
        title=f"About your résumé ({resume_path.name})",
        language=language,
        questions=questions,
        license="private: generated for you, not shared",
        version="1",
        description=f"Questions {model} wrote about the projects in {resume_path.name}; "
        "their key points are generated and unverified.",
    )


def bank_path(folder: Path, bank_id: str) -> Path:
    """Where a bank with this id lives in the user's folder, as `banks import` puts it."""
    return folder / f"{bank_id}.yaml"


def save_bank(bank: Bank, folder: Path) -> Path:
    """Write the bank into the user's banks folder (a new file; an existing one is kept)."""
    from interview_cli.banks.exporters import to_yaml
    from interview_cli.paths import ensure_private_dir
    from interview_cli.store.storage import atomic_write_bytes

    ensure_private_dir(folder)
    path = bank_path(folder, bank.id)
    if path.exists():
        return path
    atomic_write_bytes(path, to_yaml(bank).encode("utf-8"))
    return path
