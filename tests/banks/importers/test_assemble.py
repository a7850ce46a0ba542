"""Importing the real question files in tests/fixtures/banks: counts, shapes, answers, topics."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interview_cli.banks.importers.assemble import ImportOptions, ImportReport, import_file
from interview_cli.banks.loader import load_bank_file
from interview_cli.banks.schema import MAX_KEY_POINT_CHARS, Bank
from tests.support.paths import FIXTURES

BANKS = FIXTURES / "banks"


@pytest.fixture(autouse=True)
def no_shipped_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts must not depend on what the shipped banks hold (other people edit them)."""
    empty = tmp_path / "no-shipped"
    empty.mkdir()
    monkeypatch.setattr("interview_cli.paths.shipped_banks_dir", lambda: empty)


def _import(name: str, home: Path, **options: object) -> tuple[ImportReport, Bank]:
    report = import_file(BANKS / name, ImportOptions(**options), home / "banks")  # type: ignore[arg-type]
    assert report.written and report.path is not None
    bank, problems = load_bank_file(report.path)
    assert problems == [] and bank is not None
    return report, bank


def _question(bank: Bank, text: str) -> object:
    matches = [q for q in bank.questions if q.question == text]
    assert len(matches) == 1, f"{text!r}: {len(matches)} matches"
    return matches[0]


def _assert_rubric_fits(bank: Bank) -> None:
    for q in bank.questions:
        assert all(len(p) <= MAX_KEY_POINT_CHARS for p in q.key_points)
        if q.key_points_source == "derived":
            assert q.model_answer, "derived key points come from an answer"
        if q.model_answer is None:
            assert not q.key_points and q.source


def test_every_fixture_is_tested() -> None:
    files = sorted(p.name for p in BANKS.iterdir() if p.is_file() and p.name != "SOURCES.md")
    tested = sorted(
        [
            "alexeygrigorev__data-science-interviews__theory.md",
            "boost-devs__ai-tech-interview__2-machine-learning.md",
            "gyoogle__tech-interview-for-developer__Interview_List.md",
            "jwasham__computer-science-flash-cards__cards-jwasham.db",
            "yangshun__tech-interview-handbook__behavioral-interview-questions.md",
            "zzsza__Datascience-Interview-Questions__README.md",
        ]
    )
    assert files == tested
    for name in files:
        owner = name.split("__")[0]
        assert any(p.name.startswith(owner) for p in (BANKS / "licenses").iterdir()), name


def test_alexeygrigorev_bold_line_questions(interview_home: Path) -> None:
    # 166 = `grep -c '^\*\*.*\*\*\s*$'` (every whole-line bold paragraph carries a difficulty
    # emoji, so all are questions); 14 = `grep -c '^Answer here'` (placeholder answers)
    report, bank = _import("alexeygrigorev__data-science-interviews__theory.md", interview_home)
    assert report.format == "markdown" and "bold" in report.shape
    assert (report.found, report.imported) == (166, 166)
    assert (report.with_answer, report.without_answer) == (152, 14)
    assert report.skipped == []
    assert sum("placeholder" in n.message for n in report.notes) == 14
    assert bank.language == "en" and bank.title == "Theoretical interview questions"
    q = _question(bank, "What is supervised machine learning?")
    assert q.difficulty == 1  # 👶
    assert q.topic == "supervised-machine-learning"  # the `## Supervised machine learning` section
    assert q.model_answer and q.model_answer.startswith("Supervised learning is a type")
    assert q.key_points_source == "derived" and q.source and q.source.endswith(":45")
    rocket = _question(
        bank,
        "What if instead of finding the best split, we randomly select a few splits and just "
        "select the best from them. Will it work?",
    )
    assert rocket.difficulty == 3 and rocket.model_answer is None  # 🚀, "Answer here"
    medium = _question(bank, "Precision-recall trade-off")  # no '?': the ⭐️ marks it
    assert medium.difficulty == 2 and medium.model_answer
    # section headings and the table of contents are not questions
    texts = {q.question for q in bank.questions}
    assert not texts & {"Linear regression", "Table of contents", "Validation", "Time series"}
    _assert_rubric_fits(bank)


def test_boost_devs_heading_questions_with_references(interview_home: Path) -> None:
    # `grep -c '^#### '` = 58, of which `grep -c '^#### References'` = 29: 29 questions, each
    # with an answer; the TOC lists the same 29 questions as links and must not add any
    report, bank = _import("boost-devs__ai-tech-interview__2-machine-learning.md", interview_home)
    assert "heading" in report.shape
    assert (report.found, report.imported, report.with_answer) == (29, 29, 29)
    assert bank.language == "ko"
    first = bank.questions[0]
    assert (
        first.question
        == "알고 있는 metric에 대해 설명해주세요. (ex. RMSE, MAE, recall, precision ...)"
    )
    assert first.model_answer is not None
    assert first.model_answer.startswith("평가지표(metric)을 크게 분류를 위한 평가지표와")
    # answers stop before "#### References" and drop images, HTML and Markdown markup
    for q in bank.questions:
        assert q.model_answer is not None
        assert "References" not in q.model_answer and "](" not in q.model_answer
        assert "<strong>" not in q.model_answer and "**" not in q.model_answer
    second = bank.questions[1]
    assert second.question == "정규화를 왜 해야할까요? 정규화의 방법은 무엇이 있나요?"
    assert "최소-최대 정규화(min-max normalization)" in (second.model_answer or "")
    _assert_rubric_fits(bank)


def test_gyoogle_bom_blockquote_answers_and_topics(interview_home: Path) -> None:
    # `grep -c '^#### '` = 58 questions (the file starts with a UTF-8 BOM); every one has a
    # `>` blockquote answer; `###`/`##` headings are the topics 언어/운영체제/데이터베이스/...
    report, bank = _import(
        "gyoogle__tech-interview-for-developer__Interview_List.md", interview_home
    )
    assert (report.found, report.imported, report.with_answer) == (58, 58, 58)
    assert report.skipped == []
    vector = _question(bank, "Vector와 ArrayList의 차이는?")
    assert vector.model_answer == (
        "Vector : 동기식. 한 스레드가 벡터 작업 중이면 다른 스레드가 벡터 보유 불가능\n\n"
        "ArrayList : 비동기식. 여러 스레드가 arraylist에서 동시 작업이 가능"
    )
    assert vector.topic == "languages" and "언어(C++ 등)" in vector.tags
    assert _question(bank, "프로세스와 스레드 차이").topic == "os"
    assert _question(bank, "TCP란?").topic == "network"
    assert _question(bank, "MyBatis").topic == "spring"  # term-style question at the question level
    texts = {q.question for q in bank.questions}
    assert not texts & {"운영체제", "데이터베이스", "네트워크", "스프링", "Interview List"}
    # 가상 메모리란? (line 226) and 가상메모리란? (line 293) ask the same thing
    near = [d for d in report.duplicates if d.kind == "near" and not d.other_bank]
    assert [(d.at.number, d.other_id) for d in near] == [(293, "line 226")]
    _assert_rubric_fits(bank)


def test_zzsza_crlf_bullets_with_tab_follow_ups(interview_home: Path) -> None:
    # from `## 공통 질문` on: `grep -c '^- '` = 248 bullets, minus the 7 links of `## Reference`
    # = 241 questions; `grep -cP '^\t- '` = 47 follow-ups; the file has no answers (CRLF)
    report, bank = _import("zzsza__Datascience-Interview-Questions__README.md", interview_home)
    assert "list" in report.shape
    assert (report.found, report.imported) == (241, 241)
    assert (report.with_answer, report.without_answer) == (0, 241)
    assert report.follow_ups == 47
    relu = _question(bank, "요즘 Sigmoid 보다 ReLU를 많이 쓰는데 그 이유는?")
    assert relu.follow_ups == (
        "Non-Linearity라는 말의 의미와 그 필요성은?",
        "ReLU로 어떻게 곡선 함수를 근사하나?",
        "ReLU의 문제점은?",
        "Bias는 왜 있는걸까?",
    )
    assert relu.topic == "dl"
    # a list item wrapped onto a second line stays one question
    top = _question(
        bank,
        "프로세스의 CPU 상태를 보기 위해 top을 했습니다. user,system,iowait중에 뭐를 제일 "
        "신경쓰시나요? 이상적인 프로그램이라면 어떻게 저 값들이 나오고 있어야 할까요?",
    )
    assert top.topic == "systems"
    texts = {q.question for q in bank.questions}
    # intro bullets, the contents list and the references are not questions
    assert not any("모아봤습니다" in t or "Made by" in t or "남세동" in t for t in texts)
    assert _question(bank, "왜 해당 직군으로 지원했나요?").topic == "general"


def test_yangshun_mdx_numbered_and_bulleted(interview_home: Path) -> None:
    # `grep -c '^1\. '` = 29 numbered + `grep -c '^- '` = 87 bullets = 116 questions;
    # `grep -c '^  - '` = 1 nested follow-up; front matter, <head>, import and <InDocAd /> are noise
    report, bank = _import(
        "yangshun__tech-interview-handbook__behavioral-interview-questions.md", interview_home
    )
    assert (report.found, report.imported, report.with_answer) == (116, 116, 0)
    assert report.follow_ups == 1
    assert bank.title == "The 30 most common Software Engineer behavioral interview questions"
    hardest = _question(bank, "What is the hardest technical problem you have run into?")
    assert hardest.follow_ups == ("How did you solve it?",)
    assert hardest.topic.startswith("stack-overflow")
    texts = {q.question for q in bank.questions}
    assert "Share one of your trips with us." in texts  # imperative items of a question list
    assert "What do you know about <role> and why?" in texts  # &lt;role&gt; decoded
    noise = ("import InDocAd", "<InDocAd", "<head", "og:image", "Glassdoor", "sidebar_label")
    assert not any(n in t for t in texts for n in noise)


def test_jwasham_sqlite_front_back(interview_home: Path) -> None:
    path = BANKS / "jwasham__computer-science-flash-cards__cards-jwasham.db"
    # counted with SQL, not with the importer: 1228 rows; rows whose lower(trim(front)) repeats
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*), count(DISTINCT lower(trim(front))) FROM cards").fetchone()
    conn.close()
    assert rows == (1228, 1213)
    report, bank = _import(path.name, interview_home)
    assert "cards" in report.shape
    assert report.found == 1228
    assert report.imported == 1213  # the 15 repeats merged into their first occurrence
    same_file = [d for d in report.duplicates if d.kind == "exact" and not d.other_bank]
    assert len(same_file) == 15
    assert report.with_answer == 1213
    hamming = _question(bank, "What is Hamming Code?")
    assert hamming.source == f"{path.name}:row 1 [id 1]"
    assert _question(bank, "2^16").model_answer == "65,536"
    pointer = _question(bank, "What is a pointer?")  # rows 256 and 266, different answers
    assert pointer.model_answer and "\n\n" in pointer.model_answer
    _assert_rubric_fits(bank)


def test_reimporting_a_fixture_keeps_every_id(interview_home: Path) -> None:
    first, bank = _import(
        "gyoogle__tech-interview-for-developer__Interview_List.md", interview_home
    )
    again, bank2 = _import(
        "gyoogle__tech-interview-for-developer__Interview_List.md", interview_home
    )
    assert again.updated and again.kept_ids == 58 and again.new_ids == 0
    assert [q.id for q in bank.questions] == [q.id for q in bank2.questions]
    assert first.path == again.path
