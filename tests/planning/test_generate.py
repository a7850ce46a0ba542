"""Questions about a résumé's projects, written by a capable model (faked here: no test may
download one), kept as a bank and marked as generated wherever their key points show."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from interview_cli.config import Settings
from interview_cli.llm.gguf_info import ModelInfo
from interview_cli.paths import resolve_paths
from interview_cli.planning.documents import read_document
from interview_cli.planning.generate import (
    QUESTIONS_GRAMMAR,
    parse_questions,
    resume_bank,
    resume_key,
    save_bank,
)
from interview_cli.planning.picking import SessionOptions
from interview_cli.reports.stats import key_point_verdicts
from interview_cli.scoring.model_reader import ModelReader
from interview_cli.scoring.pipeline import RubricScorer
from tests.support.paths import FIXTURES

POSTINGS = FIXTURES / "postings"
REPLY = {
    "questions": [
        {
            "question": "You moved batch inference to real-time serving on Kubernetes. Why?",
            "key_points": [
                "Names the latency or freshness need that batch could not meet.",
                "Explains how the model server scaled with traffic.",
                "Mentions what was monitored after the switch.",
            ],
        },
        {
            "question": "How did you fine-tune the embedding model for document search?",
            "key_points": ["Describes the training pairs.", "Says how retrieval was evaluated."],
        },
    ]
}


class FakeEngine:
    """Answers every chat with ``reply``; one token per character, a 2048-token context."""

    n_ctx = 2048

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def tokenize(self, text: str) -> list[int]:
        return [ord(c) for c in text]

    def detokenize(self, tokens: list[int]) -> str:
        return "".join(chr(t) for t in tokens)

    def chat(self, system: str, user: str, grammar: str | None, max_tokens: int) -> str:
        self.prompts.append(user)
        assert grammar == QUESTIONS_GRAMMAR
        return self.reply


def info(capable: bool) -> ModelInfo:
    return ModelInfo(
        path=Path("/m/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
        size_bytes=1,
        architecture="qwen2",
        name="Qwen2.5 1.5B Instruct",
        quantization="Q4_K_M",
        context_length=32768,
        chat_template=capable,
        parameters=1_540_000_000 if capable else 135_000_000,
        size_label=None,
        license=None,
        vocab_size=None,
    )


def fake_reader(reply: str, capable: bool = True) -> ModelReader:
    return ModelReader(FakeEngine(reply), info(capable), "0" * 64)  # type: ignore[arg-type]


def fake_scorer(reply: str) -> RubricScorer:
    return RubricScorer(support=fake_reader(reply))


def test_parse_keeps_only_usable_questions() -> None:
    reply = json.dumps(
        {
            "questions": [
                {"question": "Why Redis?", "key_points": ["Latency.", "Eviction policy."]},
                {"question": "why redis?", "key_points": ["Duplicate.", "Again."]},
                {"question": "Too few points?", "key_points": ["Only one."]},
                {"question": "x" * 400, "key_points": ["Long.", "Question."]},
                {"question": "Seven?", "key_points": [f"p{i}" for i in range(7)]},
                {"question": "Fine", "key_points": ["A.", "A.", "B."]},
                "not an object",
            ]
        }
    )
    kept = parse_questions(reply, 5)
    assert [q.question for q in kept] == ["Why Redis?", "Fine"]
    assert kept[1].key_points == ("A.", "B.")
    assert parse_questions("{not json", 2) == []
    assert parse_questions('{"questions": 3}', 2) == []


def test_grammar_compiles_in_llama_cpp() -> None:
    from llama_cpp.llama_grammar import LlamaGrammar

    assert LlamaGrammar.from_string(QUESTIONS_GRAMMAR, verbose=False) is not None


def test_capable_model_writes_questions_in_the_session_language() -> None:
    scorer = fake_reader(json.dumps(REPLY))
    resume = (POSTINGS / "resume-ml-ko.md").read_text(encoding="utf-8")
    written = scorer.write_resume_questions(resume, "ko", 2)
    assert len(written) == 2
    engine: FakeEngine = scorer.engine  # type: ignore[assignment]
    assert "in Korean" in engine.prompts[0] and "파이토치" in engine.prompts[0]


def test_small_model_writes_nothing() -> None:
    scorer = fake_reader(json.dumps(REPLY), capable=False)
    assert scorer.write_resume_questions("PyTorch projects", "en", 2) == []
    engine: FakeEngine = scorer.engine  # type: ignore[assignment]
    assert engine.prompts == []  # not even asked


def test_bank_of_generated_questions_is_marked_and_loads(tmp_path: Path) -> None:
    from interview_cli.banks.loader import load_bank_file

    resume = "Built a RAG system."
    written = parse_questions(json.dumps(REPLY), 2)
    bank = resume_bank(written, Path("cv.md"), resume, "en", "Qwen2.5 1.5B Instruct")
    path = save_bank(bank, tmp_path)
    loaded, problems = load_bank_file(path, origin="user")
    assert not problems and loaded is not None
    assert loaded.id == resume_key(resume, "en")
    assert all(q.key_points_source == "generated" for q in loaded.questions)
    assert "unverified" in (loaded.description or "")
    # a second save keeps the first file as it is
    path.write_text(path.read_text() + "# edited by hand\n")
    assert save_bank(bank, tmp_path) == path
    assert path.read_text().endswith("# edited by hand\n")


def test_reports_mark_generated_key_points() -> None:
    details = {
        "key_points_source": "generated",
        "key_points": [{"key_point": "Describes the training pairs.", "verdict": "missing"}],
    }
    assert key_point_verdicts(details) == [
        ("Describes the training pairs. (generated, unverified)", "missing")
    ]


def test_resume_questions_with_a_small_model_say_why_none(interview_home: Path) -> None:
    from interview_cli.planning.resume_questions import resume_questions

    paths = resolve_paths()
    document = read_document(POSTINGS / "resume-ml-ko.md", "resume")
    settings = Settings(model=str(Path(__file__).parent / "missing.gguf"))
    questions, scorer, note = resume_questions(settings, paths, document, "ko", SessionOptions())
    assert questions == [] and scorer is None and note is None  # no model: nothing to say


def test_resume_questions_from_a_capable_model_are_kept_and_reused(
    interview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import interview_cli.llm.gguf_info as gguf_info
    import interview_cli.scoring.factory as factory
    from interview_cli.planning import resume_questions as plan_cmd

    calls: list[Any] = []

    def load(settings: Settings, paths: Any, on_status: Any = None) -> RubricScorer:
        calls.append(settings)
        return fake_scorer(json.dumps(REPLY))

    interview_home.mkdir(parents=True, exist_ok=True)
    model = interview_home / "qwen.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setattr(gguf_info, "read_model_info", lambda path: replace(info(True), path=path))
    monkeypatch.setattr(factory, "build_scorer", load)
    paths = resolve_paths()
    document = read_document(POSTINGS / "resume-ml-ko.md", "resume")
    settings = Settings(model=str(model))
    questions, scorer, note = plan_cmd.resume_questions(
        settings, paths, document, "ko", SessionOptions()
    )
    assert len(questions) == 2 and isinstance(scorer, RubricScorer)
    assert isinstance(scorer.support, ModelReader)
    assert all(q.question.key_points_source == "generated" for q in questions)
    assert note is not None and "kept in" in note
    # the same résumé again: the kept questions, no second call to the model
    again, scorer2, note2 = plan_cmd.resume_questions(
        settings, paths, document, "ko", SessionOptions()
    )
    assert [q.question.question for q in again] == [q.question.question for q in questions]
    assert scorer2 is None and note2 is not None and "written earlier" in note2
    assert len(calls) == 1


def test_the_embedded_model_is_too_small_and_says_so(
    interview_home: Path, model_path: Path
) -> None:
    from interview_cli.planning.resume_questions import resume_questions

    document = read_document(POSTINGS / "resume-backend-en.md", "resume")
    settings = Settings(model=str(model_path))
    questions, scorer, note = resume_questions(
        settings, resolve_paths(), document, "en", SessionOptions()
    )
    assert questions == [] and scorer is None
    assert note is not None and "too small to write questions about resume-backend-en.md" in note


def test_a_long_resume_is_cut_to_fit_the_context() -> None:
    engine = FakeEngine(json.dumps(REPLY))
    reader = ModelReader(engine, info(True), "0" * 64)  # type: ignore[arg-type]
    reader.write_resume_questions("가" * 5000, "ko", 2)
    shown = engine.prompts[0].count("가")
    assert 0 < shown <= 2048 - (220 * 2 + 60) - 400


def test_generated_questions_stay_out_of_other_sessions() -> None:
    from interview_cli.planning.picking import Filters, matching_questions

    written = parse_questions(json.dumps(REPLY), 2)
    bank = resume_bank(written, Path("cv.md"), "RAG", "en", "m")
    others = matching_questions([bank], Filters())
    assert others == []
    named = matching_questions([bank], Filters(bank_ids=(bank.id,)))
    assert len(named) == 2


def test_a_failing_model_is_a_note_not_a_crash(
    interview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import interview_cli.llm.gguf_info as gguf_info
    import interview_cli.scoring.factory as factory
    from interview_cli.planning import resume_questions as plan_cmd

    class Broken(FakeEngine):
        def chat(self, system: str, user: str, grammar: str | None, max_tokens: int) -> str:
            raise ValueError("Requested tokens exceed context window")

    interview_home.mkdir(parents=True, exist_ok=True)
    model = interview_home / "qwen.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setattr(gguf_info, "read_model_info", lambda path: replace(info(True), path=path))
    monkeypatch.setattr(
        factory,
        "build_scorer",
        lambda *a, **k: RubricScorer(
            support=ModelReader(Broken(""), info(True), "0" * 64)  # type: ignore[arg-type]
        ),
    )
    document = read_document(POSTINGS / "resume-ml-ko.md", "resume")
    questions, _, note = plan_cmd.resume_questions(
        Settings(model=str(model)), resolve_paths(), document, "ko", SessionOptions()
    )
    assert questions == []
    assert note is not None and "ValueError: Requested tokens exceed context window" in note


def test_a_broken_file_in_the_way_is_never_written_over(
    interview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import interview_cli.llm.gguf_info as gguf_info
    import interview_cli.scoring.factory as factory
    from interview_cli.planning import resume_questions as plan_cmd
    from interview_cli.planning.generate import bank_path

    interview_home.mkdir(parents=True, exist_ok=True)
    model = interview_home / "qwen.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setattr(gguf_info, "read_model_info", lambda path: replace(info(True), path=path))
    monkeypatch.setattr(factory, "build_scorer", lambda *a, **k: fake_scorer(json.dumps(REPLY)))
    paths = resolve_paths()
    document = read_document(POSTINGS / "resume-ml-ko.md", "resume")
    in_the_way = bank_path(paths.user_banks_dir, resume_key(document.text, "ko"))
    in_the_way.parent.mkdir(parents=True, exist_ok=True)
    in_the_way.write_text("bank: [not valid\n")
    questions, _, note = plan_cmd.resume_questions(
        Settings(model=str(model)), paths, document, "ko", SessionOptions()
    )
    assert len(questions) == 2  # still asked in this session
    assert note is not None and "not kept" in note
    assert in_the_way.read_text() == "bank: [not valid\n"


def test_a_resume_bank_id_is_valid_for_any_language_tag(tmp_path: Path) -> None:
    from interview_cli.banks.loader import load_bank_file

    written = parse_questions(json.dumps(REPLY), 2)
    bank = resume_bank(written, Path("cv.md"), "Built a RAG system.", "zh-TW", "m")
    loaded, problems = load_bank_file(save_bank(bank, tmp_path), origin="user")
    assert not problems and loaded is not None and loaded.id.endswith("-zh-tw")
