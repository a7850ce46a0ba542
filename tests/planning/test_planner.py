"""Tailored plans: reading postings and résumés, finding skills, choosing and explaining questions.

The postings and résumés in tests/fixtures/postings/ were written for these tests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_cli.banks.loader import load_banks
from interview_cli.cli import app
from interview_cli.language import detect_language
from interview_cli.paths import shipped_banks_dir
from interview_cli.planning.documents import (
    MAX_CHARS,
    Document,
    DocumentError,
    read_document,
)
from interview_cli.planning.picking import Filters, matching_questions
from interview_cli.planning.planner import Plan, build_plan, find_skills, load_skills
from tests.support.paths import FIXTURES

POSTINGS = FIXTURES / "postings"
BANKS = load_banks([(shipped_banks_dir(), "shipped")]).banks
ML = {"stats", "ml", "dl", "nlp", "mlops"}
runner = CliRunner()


def plan_for(*names: str, count: int = 10, language: str | None = None) -> Plan:
    documents = [
        read_document(POSTINGS / name, "resume" if name.startswith("resume") else "posting")
        for name in names
    ]
    if language is None:
        from interview_cli.planning.tailored import _language_of

        language = _language_of(documents, BANKS, "en")
    candidates = matching_questions(BANKS, Filters(language=language))
    return build_plan(candidates, documents, count, language)


def topics(plan: Plan) -> Counter[str]:
    return Counter(item.planned.question.topic for item in plan.items)


def skill_ids(document: Document) -> set[str]:
    return {hit.skill.id for hit in find_skills(document, load_skills())}


def doc(text: str, kind: str = "posting") -> Document:
    language = detect_language(text, rule="document")
    return Document(Path("p.md"), kind, text, language, False, len(text))  # type: ignore[arg-type]


# -- finding skills ----------------------------------------------------------------------------


def test_aliases_in_english_korean_and_short_forms() -> None:
    found = skill_ids(
        doc(
            "쿠버네티스를 운영해 본 경험, 파이토치로 모델 학습, RDBMS 튜닝, "
            "관계형 데이터베이스 설계, k8s, LoRA 파인튜닝"
        )
    )
    assert {"kubernetes", "pytorch", "sql", "fine-tuning"} <= found


def test_latin_aliases_match_whole_words_only() -> None:
    found = skill_ids(
        doc("We ship fast. Our mission is to scale. Gopher mascots and a sparkling cafe.")
    )
    assert "go" not in found and "rest" not in found and "cloud" not in found
    assert "python" in skill_ids(doc("파이썬과 Python을 씁니다"))  # a particle right after


def test_a_longer_spelling_owns_its_words() -> None:
    hits = {
        h.skill.id: h
        for h in find_skills(doc("We run A/B 테스트 and GitHub Actions."), load_skills())
    }
    assert "ab-testing" in hits and "ci-cd" in hits
    assert "testing" not in hits and "git" not in hits


def test_hits_say_where_they_were_found() -> None:
    document = read_document(POSTINGS / "backend-en.md", "posting")
    (redis,) = [h for h in find_skills(document, load_skills()) if h.skill.id == "redis"]
    line = document.text.splitlines()[redis.lines[0] - 1]
    assert "Redis" in line and redis.phrases == ("Redis",)


# -- plans for our postings --------------------------------------------------------------------


def test_backend_posting_plan() -> None:
    plan = plan_for("backend-en.md")
    seen = topics(plan)
    assert len(plan.items) == 10 and plan.language == "en"
    assert not ML & set(seen), seen  # a backend interview is not about models
    assert seen["db"] >= 1 and seen["net"] + seen["swe"] >= 2 and seen["os"] >= 1
    assert [i.tier for i in plan.items][:5] == ["skill"] * 5  # the posting's skills come first
    assert any(i.tier == "general" for i in plan.items)
    for item in plan.items:
        assert item.reasons, item


def test_ml_engineer_posting_in_korean() -> None:
    plan = plan_for("ml-engineer-ko.md")
    seen = topics(plan)
    assert plan.language == "ko"
    assert all(i.planned.language == "ko" for i in plan.items)
    assert sum(seen[t] for t in ML) >= 6, seen
    assert seen["dl"] >= 1 and seen["nlp"] + seen["mlops"] >= 2
    assert max(seen.values()) <= 4, seen  # no single topic dominates


def test_data_scientist_posting_in_two_languages() -> None:
    plan = plan_for("data-scientist-mixed.md")
    assert plan.language == "en"  # mostly English, with Korean lines: English banks
    korean = plan_for("data-scientist-mixed.md", language="ko")
    assert {i.planned.language for i in korean.items} == {"ko"}
    seen = topics(plan)
    assert seen["stats"] >= 2 and seen["stats"] + seen["ml"] >= 4, seen
    assert not {"nlp", "dl"} & set(seen), seen
    reasons = " ".join(r for i in plan.items for r in i.reasons)
    assert "A/B" in reasons or "statistic" in reasons.lower()


def test_frontend_posting_gets_web_fundamentals_not_ml() -> None:
    plan = plan_for("frontend-en.md")
    seen = topics(plan)
    assert not ML & set(seen), seen
    assert seen["net"] >= 2, seen


def test_resume_adds_its_own_skills() -> None:
    alone = plan_for("backend-en.md")
    both = plan_for("backend-en.md", "resume-backend-en.md")
    sources = {h.source for h in both.hits}
    assert sources == {"posting", "resume"}
    assert any("résumé mentions" in r for i in both.items for r in i.reasons) or (
        [i.planned.key for i in alone.items] != [i.planned.key for i in both.items]
    )


def test_korean_resume_with_korean_posting() -> None:
    plan = plan_for("ml-engineer-ko.md", "resume-ml-ko.md")
    resume_hits = {h.skill.id for h in plan.hits if h.source == "resume"}
    assert {"pytorch", "kubernetes", "rag"} <= resume_hits


def test_posting_without_skills_falls_back_to_fundamentals(tmp_path: Path) -> None:
    path = tmp_path / "vague.txt"
    path.write_text("We are a friendly team looking for a motivated person to join us.\n")
    candidates = matching_questions(BANKS, Filters(language="en"))
    plan = build_plan(candidates, [read_document(path, "posting")], 6, "en")
    assert len(plan.items) == 6
    assert any("no skills recognised in vague.txt" in n for n in plan.notes)
    general = {"ds", "algo", "os", "net", "db", "swe"}
    assert set(topics(plan)) <= general, topics(plan)


def test_plan_never_repeats_a_question_and_fills_the_count() -> None:
    for count in (1, 3, 7, 25):
        plan = plan_for("ml-engineer-ko.md", count=count)
        keys = [i.planned.key for i in plan.items]
        assert len(keys) == count == len(set(keys))


def test_plan_is_deterministic() -> None:
    first = plan_for("backend-en.md", "resume-backend-en.md").to_dict()
    again = plan_for("backend-en.md", "resume-backend-en.md").to_dict()
    assert first == again


# -- reading documents -------------------------------------------------------------------------


def test_bad_documents_get_one_line_errors(tmp_path: Path) -> None:
    cases = {
        "empty.md": (b"  \n\n", "is empty"),
        "scan.pdf": (b"%PDF-1.7\n...", "is a PDF"),
        "cv.docx": (b"PK\x03\x04rest", "zip archive"),
        "blob.bin": (b"\x00\x01\x02binary", "not a text file"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(DocumentError) as caught:
            read_document(path, "posting")
        text = str(caught.value)
        assert text.startswith(str(path)) and message in text and "\n" not in text
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "missing.md", "posting")
    with pytest.raises(DocumentError, match="is a folder"):
        read_document(tmp_path, "posting")


def test_korean_in_a_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_bytes(
        "백엔드 개발자를 찾습니다. 쿠버네티스와 레디스 운영 경험을 우대합니다.".encode("cp949")
    )
    document = read_document(path, "posting")
    assert document.language == "ko"
    assert {"kubernetes", "redis", "backend"} <= skill_ids(document)


def test_long_posting_is_read_in_part_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("Kubernetes and PostgreSQL.\n" + "filler words here. " * 5000)
    document = read_document(path, "posting")
    assert document.truncated and len(document.text) == MAX_CHARS
    plan = build_plan(matching_questions(BANKS, Filters(language="en")), [document], 5, "en")
    assert any("only its first" in n for n in plan.notes)
    assert {"kubernetes", "postgresql"} <= {h.skill.id for h in plan.hits}


def test_language_detection() -> None:
    english = "We build data pipelines with Airflow and Spark every day."
    assert detect_language(english, rule="document") == "en"
    assert (
        detect_language(
            "데이터 파이프라인을 설계하고 운영할 엔지니어를 찾습니다. Airflow 경험 우대",
            rule="document",
        )
        == "ko"
    )
    assert detect_language("12345 !!! ???", rule="document") == "unknown"
    assert (
        detect_language(
            "私たちはバックエンドエンジニアを募集しています。よろしくお願いします。",
            rule="document",
        )
        == "unknown"
    )


def test_unknown_language_is_said_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "ja.txt"
    path.write_text("バックエンドエンジニアを募集しています。Kubernetes と PostgreSQL の経験。")
    document = read_document(path, "posting")
    plan = build_plan(matching_questions(BANKS, Filters(language="en")), [document], 5, "en")
    assert any("could not tell the language" in n for n in plan.notes)
    assert {"kubernetes", "postgresql"} <= {h.skill.id for h in plan.hits}


# -- the command -------------------------------------------------------------------------------


def test_plan_command_json_is_stable(interview_home: Path) -> None:
    result = runner.invoke(
        app, ["plan", "--posting", str(POSTINGS / "backend-en.md"), "-n", "6", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == 1 and data["language"] == "en"
    assert set(data) == {"format", "language", "documents", "skills", "questions", "notes"}
    assert len(data["questions"]) == 6
    first = data["questions"][0]
    assert set(first) == {
        "position",
        "bank_id",
        "question_id",
        "question",
        "topic",
        "difficulty",
        "tier",
        "skills",
        "reasons",
        "score",
    }
    assert first["position"] == 1 and first["tier"] in ("skill", "fundamental", "general")
    assert data["documents"][0]["kind"] == "posting"
    assert {"id", "name", "source", "phrases", "count", "lines", "weight"} == set(data["skills"][0])


def test_plan_command_table(interview_home: Path) -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--posting",
            str(POSTINGS / "ml-engineer-ko.md"),
            "--resume",
            str(POSTINGS / "resume-ml-ko.md"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ml-engineer-ko.md (posting)" in result.output
    assert "resume-ml-ko.md (resume)" in result.output
    assert "PyTorch" in result.output


def test_plan_command_bad_file(interview_home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "posting.md"
    empty.write_text("")
    result = runner.invoke(app, ["plan", "--posting", str(empty)])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {empty}: is empty"


def test_practice_with_a_posting_checks_it_first(interview_home: Path, tmp_path: Path) -> None:
    binary = tmp_path / "posting.pdf"
    binary.write_bytes(b"%PDF-1.4 ...")
    result = runner.invoke(app, ["practice", "--posting", str(binary)])
    assert result.exit_code == 2
    assert "is a PDF" in result.output
    # a good posting is planned, and then the app needs a terminal (CliRunner is none)
    ok = runner.invoke(app, ["practice", "--posting", str(POSTINGS / "frontend-en.md")])
    assert ok.exit_code == 2 and "interactive terminal" in ok.output


def test_the_first_skill_questions_cover_different_topics() -> None:
    """Four skill questions for a backend posting: not four on one topic."""
    plan = plan_for("backend-en.md", count=8)
    skill_topics = [i.planned.question.topic for i in plan.items if i.tier == "skill"]
    assert len(skill_topics) == 4 and len(set(skill_topics)) >= 3, skill_topics


def test_the_job_title_weighs_most() -> None:
    hits = find_skills(read_document(POSTINGS / "backend-en.md", "posting"), load_skills())
    assert hits[0].skill.id == "backend" and hits[0].in_title
    # three tools named in one bullet are one mention of monitoring, not three
    (monitoring,) = [h for h in hits if h.skill.id == "monitoring"]
    assert monitoring.count == 3 and len(monitoring.lines) == 1
    assert monitoring.weight == pytest.approx(1.0)


def test_words_that_only_look_like_skills() -> None:
    found = skill_ids(
        doc(
            "이런 분을 추천해요. 사내 추천 제도가 있습니다. 캐시백과 데이터 저장고. "
            "Join the rest of the team in Spring 2025. Customer segmentation and a letter "
            "of recommendation."
        )
    )
    assert found == set(), found
    assert {"javascript", "recsys", "spring", "rest", "caching"} <= skill_ids(
        doc("추천 시스템, 자바 스크립트, Spring Boot, REST API, 캐시 서버를 다룹니다.")
    )


def test_one_question_plan_asks_about_a_skill() -> None:
    (item,) = plan_for("backend-en.md", count=1).items
    assert item.tier == "skill"


def test_a_skill_in_both_documents_counts_with_its_larger_weight() -> None:
    posting = doc(
        "Platform engineer\nRun Kubernetes\nUpgrade k8s clusters\nKubernetes on-call\nSome SQL"
    )
    resume = doc("I used Kubernetes once.", kind="resume")
    candidates = matching_questions(BANKS, Filters(language="en"))
    plan = build_plan(candidates, [posting, resume], 2, "en")
    first = plan.items[0]
    assert first.tier == "skill" and first.skills[0] == "kubernetes", first


def test_utf8_with_a_stray_byte_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "posting.md"
    path.write_bytes("백엔드 개발자, 쿠버네티스 경험 우대 ".encode() + b"\x93" + "레디스".encode())
    document = read_document(path, "posting")
    assert {"kubernetes", "redis", "backend"} <= skill_ids(document)
