"""Markdown shapes seen in real repositories: each is detected and read into the right questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.markdown import looks_like_question, read_markdown
from interview_cli.banks.importers.model import RawQuestion


def _read(tmp_path: Path, text: str | bytes, name: str = "q.md") -> list[RawQuestion]:
    path = tmp_path / name
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data)
    return read_markdown(Source(path, str(path), data)).questions


def _pairs(questions: list[RawQuestion]) -> list[tuple[str, str | None]]:
    return [(q.question, q.answer) for q in questions]


def test_heading_per_question_with_topic_headings(tmp_path: Path) -> None:
    text = """# Interview notes

## Operating systems

### What is a process?

A running program with its own address space.

### What is a thread?

A unit of execution inside a process.

## Networks

### What does TCP guarantee?

Ordered, reliable delivery.
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("What is a process?", "A running program with its own address space."),
        ("What is a thread?", "A unit of execution inside a process."),
        ("What does TCP guarantee?", "Ordered, reliable delivery."),
    ]
    assert [q.topic for q in questions] == ["Operating systems", "Operating systems", "Networks"]
    assert [q.at.number for q in questions] == [5, 9, 15]


def test_term_headings_at_the_question_level_are_questions(tmp_path: Path) -> None:
    # most #### headings ask; the ones that name a term are questions too, ### is the topic
    text = """### Spring

#### DI란?

> 의존성 주입

#### AOP

> 관점 지향 프로그래밍

#### Bean의 생명주기는?

> 생성, 초기화, 소멸
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("DI란?", "의존성 주입"),
        ("AOP", "관점 지향 프로그래밍"),
        ("Bean의 생명주기는?", "생성, 초기화, 소멸"),
    ]
    assert {q.topic for q in questions} == {"Spring"}


def test_mixed_heading_levels(tmp_path: Path) -> None:
    text = """## Databases

### What is an index?

A lookup structure.

## What is a deadlock?

Two transactions wait on each other.

#### Example

T1 holds A and wants B.
"""
    questions = _read(tmp_path, text)
    assert [q.question for q in questions] == ["What is an index?", "What is a deadlock?"]
    assert (
        questions[1].answer
        == "Two transactions wait on each other.\n\nExample\n\nT1 holds A and wants B."
    )


def test_bold_line_questions_with_difficulty(tmp_path: Path) -> None:
    text = """## Basics

**What is overfitting? 👶**

The model memorises noise.

- more data
- regularisation

<br/>

**Explain the bias-variance trade-off ‍⭐️**

Answer here

**Model serving at scale 🚀**

Use batching.
"""
    questions = _read(tmp_path, text)
    assert [(q.question, q.difficulty) for q in questions] == [
        ("What is overfitting?", 1),
        ("Explain the bias-variance trade-off", 2),
        ("Model serving at scale", 3),
    ]
    assert questions[0].answer == "The model memorises noise.\n\n- more data\n- regularisation"
    assert questions[1].answer is None  # placeholder
    assert questions[2].answer == "Use batching."


def test_bullets_with_nested_follow_ups_and_answers(tmp_path: Path) -> None:
    text = """## ML

- What is a decision tree?
  - How do you prune it?
  - What is Gini impurity?
- Why ensemble models?
  - They reduce variance.
"""
    questions = _read(tmp_path, text)
    assert questions[0].question == "What is a decision tree?"
    assert questions[0].follow_ups == ["How do you prune it?", "What is Gini impurity?"]
    assert questions[0].answer is None
    # nested items that are statements are the answer, not follow-ups
    assert questions[1].follow_ups == []
    assert questions[1].answer == "- They reduce variance."


def test_numbered_list_and_toc_links_are_not_questions(tmp_path: Path) -> None:
    text = """# Questions

## Table of contents

- [What is a heap?](#heap)
- [What is a trie?](#trie)

## Practice

1. What is a heap?
2. Describe a trie.
3. Tell me about a time you failed.
"""
    questions = _read(tmp_path, text)
    assert [q.question for q in questions] == [
        "What is a heap?",
        "Describe a trie.",
        "Tell me about a time you failed.",
    ]


def test_details_summary_answers(tmp_path: Path) -> None:
    text = """## Python

### What is a generator?

<details><summary>Answer</summary>

A function that **yields** values lazily.

</details>

### What does GIL stand for?
<details>
<summary>Show answer</summary>
Global Interpreter Lock
</details>
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("What is a generator?", "A function that yields values lazily."),
        ("What does GIL stand for?", "Global Interpreter Lock"),
    ]


def test_details_with_the_question_as_summary(tmp_path: Path) -> None:
    text = """<details><summary>What is a mutex?</summary>

A lock that one thread holds at a time.

</details>

<details><summary>What is a semaphore?</summary>
A counter of available permits.
</details>
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("What is a mutex?", "A lock that one thread holds at a time."),
        ("What is a semaphore?", "A counter of available permits."),
    ]


def test_front_matter_mdx_noise_bom_and_crlf(tmp_path: Path) -> None:
    text = """---
title: Behavioral questions
tags: [a, b]
---

import Ad from './_components/Ad';

<head>
  <meta property="og:image" content="x.png" />
</head>

## Common

- Why do you want to work here?
- Tell me about a conflict.

<Ad />
"""
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    path = tmp_path / "b.mdx"
    path.write_bytes(data)
    parsed = read_markdown(Source(path, str(path), data))
    assert parsed.title == "Behavioral questions"
    assert [(q.question, q.at.number) for q in parsed.questions] == [
        ("Why do you want to work here?", 14),
        ("Tell me about a conflict.", 15),
    ]


def test_q_and_a_paragraphs(tmp_path: Path) -> None:
    text = """Q: What is a hash map?
A: A table from keys to values.

Q2. 해시 충돌은 어떻게 해결하나요?

A. 체이닝이나 개방 주소법을 씁니다.
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("What is a hash map?", "A table from keys to values."),
        ("해시 충돌은 어떻게 해결하나요?", "체이닝이나 개방 주소법을 씁니다."),
    ]


def test_references_and_answer_labels(tmp_path: Path) -> None:
    text = """#### What is a CNN?

**Answer**

A network of convolutions.

#### References

- [A paper](https://example.com)

#### What is pooling?

Down-sampling.
"""
    questions = _read(tmp_path, text)
    assert _pairs(questions) == [
        ("What is a CNN?", "A network of convolutions."),
        ("What is pooling?", "Down-sampling."),
    ]


def test_a_file_without_questions(tmp_path: Path) -> None:
    parsed_questions = _read(tmp_path, "# Notes\n\nJust some prose.\n\n- a list\n- of facts\n")
    assert parsed_questions == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is a process?", True),
        ("Explain the CAP theorem.", True),
        ("Process vs thread", True),
        ("Tell me about a time you failed.", True),
        ("차원의 저주에 대해 설명해주세요", True),
        ("프로세스와 스레드 차이", True),
        ("OSI 7계층을 설명하시오", True),
        ("Hash란?", True),
        ("CNN에 대해서 아는대로 얘기하라", True),
        ("Linear regression", False),
        ("운영체제", False),
        ("Table of contents", False),
        ("References", False),
        ("참고 자료", False),
        ("데이터 사이언스 분야의 인터뷰 질문을 모아봤습니다.", False),
    ],
)
def test_looks_like_question(text: str, expected: bool) -> None:
    assert looks_like_question(text) is expected
