"""Derived key points: answers split into short claims, in English and Korean, within 200 chars."""

from __future__ import annotations

from pathlib import Path

from interview_cli.banks.importers.assemble import ImportOptions, import_file
from interview_cli.banks.importers.claims import derive_key_points, fit_key_point, split_sentences
from interview_cli.banks.loader import load_bank_file
from interview_cli.banks.schema import MAX_KEY_POINT_CHARS


def test_english_sentences_and_abbreviations() -> None:
    text = "A process has its own address space, e.g. heap and stack. Threads share it. See Fig. 2."
    assert split_sentences(text) == [
        "A process has its own address space, e.g. heap and stack.",
        "Threads share it. See Fig. 2.",  # "See Fig. 2." alone is a fragment: glued on
    ]


def test_korean_sentences() -> None:
    text = (
        "과적합은 학습 데이터에는 잘 맞지만 검증 데이터 성능이 떨어지는 상태입니다. "
        "정규화와 드롭아웃으로 줄일 수 있습니다.\n"
        "조기 종료도 쓸 수 있다."
    )
    assert split_sentences(text) == [
        "과적합은 학습 데이터에는 잘 맞지만 검증 데이터 성능이 떨어지는 상태입니다.",
        "정규화와 드롭아웃으로 줄일 수 있습니다. 조기 종료도 쓸 수 있다.",
    ]


def test_wrapped_lines_are_one_sentence_and_list_items_are_claims() -> None:
    text = (
        "Linear regression assumes a linear relationship between the features\n"
        "and the target variable.\n\n"
        "- Errors are independent of each other.\n"
        "- Errors have constant variance across all predictions.\n"
    )
    assert derive_key_points(text) == [
        "Linear regression assumes a linear relationship between the features and the target "
        "variable.",
        "Errors are independent of each other.",
        "Errors have constant variance across all predictions.",
    ]


def test_long_sentences_are_cut_within_the_limit() -> None:
    korean = (
        ", ".join(["정밀도는 긍정으로 예측한 데이터 중 실제로 긍정인 비율을 말하며"] * 8) + "다."
    )
    english = "word " * 120
    for text in (korean, english):
        points = derive_key_points(text)
        assert points
        assert all(len(p) <= MAX_KEY_POINT_CHARS for p in points)
    assert all(len(p) <= MAX_KEY_POINT_CHARS for p in fit_key_point("x" * 450))


def test_code_and_formulas_give_no_claims() -> None:
    code = "void reverse(node_t **head) {\n  node_t *prev = NULL;\n  *head = prev;\n}"
    assert derive_key_points(code) == []
    assert derive_key_points("$$\nF1 = \\frac{2}{\\frac{1}{r} + \\frac{1}{p}}\n$$") == []


def test_short_answers_are_their_own_claim() -> None:
    assert derive_key_points("16") == ["16"]
    assert derive_key_points("O(log n)") == ["O(log n)"]


def test_import_marks_derived_and_keeps_authored(tmp_path: Path, interview_home: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text(
        "question,answer,key points\n"
        "What is a race condition?,"
        "Two threads touch shared data without order. The result depends on timing.,\n"
        "What is a deadlock?,Tasks wait on each other forever.,circular wait; hold and wait\n",
        encoding="utf-8",
    )
    report = import_file(source, ImportOptions(), interview_home / "banks")
    assert report.path is not None
    bank, _ = load_bank_file(report.path)
    assert bank is not None
    race, dead = bank.questions
    assert race.key_points_source == "derived"
    assert race.key_points == (
        "Two threads touch shared data without order.",
        "The result depends on timing.",
    )
    assert dead.key_points_source == "authored"
    assert dead.key_points == ("circular wait", "hold and wait")
    assert report.derived_key_points == 1


def test_a_label_line_is_spaced_like_the_claim_it_heads() -> None:
    # found by the round-trip property test: "0  0" heading a paragraph kept its double space,
    # so the derived key point changed when the exported bank was read back
    points = derive_key_points("Recall  rate\n\nThe share of real positives that were found.")
    assert points == ["Recall rate: The share of real positives that were found."]
    assert derive_key_points(points[0]) == points
