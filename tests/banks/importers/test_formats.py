"""Each non-Markdown reader: Anki text and .apkg, CSV/TSV, JSON/JSONL, YAML, SQLite, GIFT."""

from __future__ import annotations

import importlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from interview_cli.banks.importers.assemble import ImportOptions, parse_file
from interview_cli.banks.importers.model import ImportFailure, Parsed


def _parse(tmp_path: Path, name: str, content: str | bytes, fmt: str = "auto") -> Parsed:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    parsed, _ = parse_file(path, ImportOptions(fmt=fmt))
    return parsed


def _failure(tmp_path: Path, name: str, content: str | bytes, fmt: str = "auto") -> ImportFailure:
    with pytest.raises(ImportFailure) as info:
        _parse(tmp_path, name, content, fmt)
    assert info.value.path.endswith(name)
    return info.value


# ------------------------------------------------------------------ Anki text


def test_anki_text_with_headers_html_and_quoted_fields(tmp_path: Path) -> None:
    text = (
        "#separator:tab\n#html:true\n#tags column:3\n#deck:CS basics\n"
        "What is a <b>stack</b>?\tLIFO&nbsp;structure<br>push and pop\tds::stack hard\n"
        '"Multi\nline front"\t"answer with ""quotes"""\t\n'
        "\tno front\t\n"
    )
    parsed = _parse(tmp_path, "deck.txt", text)
    assert parsed.title == "CS basics"
    first, second = parsed.questions
    assert first.question == "What is a stack?"
    assert first.answer == "LIFO structure\npush and pop"
    assert first.tags == ["ds::stack", "hard"]
    assert (first.at.number, second.at.number) == (5, 6)
    assert second.question == "Multi\nline front"
    assert second.answer == 'answer with "quotes"'
    assert [(s.at.number, s.reason) for s in parsed.skipped] == [(8, "empty front field")]


@pytest.mark.parametrize(("name", "sep"), [("semicolon", ";"), ("comma", ","), ("pipe", "|")])
def test_anki_text_separators(tmp_path: Path, name: str, sep: str) -> None:
    text = f"#separator:{name}\n#html:false\nWhat is 2<3?{sep}true, <b>not html</b>\n"
    parsed = _parse(tmp_path, "deck.txt", text, fmt="anki")
    assert [(q.question, q.answer) for q in parsed.questions] == [
        ("What is 2<3?", "true, <b>not html</b>" if sep != "," else "true")
    ]


def test_anki_text_columns_guid_and_cloze(tmp_path: Path) -> None:
    text = (
        "#separator:tab\n#html:true\n#guid column:1\n#columns:GUID\tText\tExtra\n"
        "abc123\tThe {{c1::kernel}} schedules {{c2::threads::what?}}\tSee OS books\n"
    )
    (q,) = _parse(tmp_path, "cloze.txt", text).questions
    assert q.native_id == "abc123"
    assert q.question == "The [...] schedules [what?]"
    assert q.answer == "kernel; threads\n\nSee OS books"


# ------------------------------------------------------------------ Anki .apkg


def _collection(path: Path, notes: list[tuple[str, str, list[str]]], fields: list[str]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE col (id integer primary key, models text)")
    model = {"1": {"name": "Basic", "flds": [{"name": f, "ord": i} for i, f in enumerate(fields)]}}
    conn.execute("INSERT INTO col VALUES (1, ?)", (json.dumps(model),))
    conn.execute(
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, "
        "usn integer, tags text, flds text, sfld text, csum integer, flags integer, data text)"
    )
    for index, (guid, joined, tags) in enumerate(notes, 1):
        conn.execute(
            "INSERT INTO notes VALUES (?, ?, 1, 0, 0, ?, ?, '', 0, 0, '')",
            (index, guid, " " + " ".join(tags) + " ", joined),
        )
    conn.commit()
    conn.close()


def _apkg(tmp_path: Path, member: str = "collection.anki2", **collection: object) -> bytes:
    db = tmp_path / "col.sqlite"
    _collection(db, **collection)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(db, member)
        archive.writestr("media", "{}")
    return buffer.getvalue()


def test_apkg_notes(tmp_path: Path) -> None:
    data = _apkg(
        tmp_path,
        notes=[
            ("g1", "What is RAID 1?\x1fMirroring<br>two disks", ["storage"]),
            ("g2", "<img src='x.png'>\x1fonly an image front", []),
            ("g3", "스택이란?\x1f후입선출 구조 [sound:a.mp3]", ["자료구조"]),
        ],
        fields=["Front", "Back"],
    )
    parsed = _parse(tmp_path, "deck.apkg", data)
    assert [(q.question, q.answer, q.native_id) for q in parsed.questions] == [
        ("What is RAID 1?", "Mirroring\ntwo disks", "g1"),
        ("스택이란?", "후입선출 구조", "g3"),
    ]
    assert parsed.questions[1].tags == ["자료구조"]
    assert [(s.at.unit, s.at.number) for s in parsed.skipped] == [("note", 2)]


def test_apkg_field_names_pick_question_and_answer(tmp_path: Path) -> None:
    data = _apkg(
        tmp_path,
        notes=[("g", "lecture 3\x1fWhat is paging?\x1fFixed-size pages", [])],
        fields=["Source", "Question", "Answer"],
    )
    (q,) = _parse(tmp_path, "deck.apkg", data).questions
    assert (q.question, q.answer) == ("What is paging?", "Fixed-size pages")


def test_apkg_truncated_zip(tmp_path: Path) -> None:
    data = _apkg(tmp_path, notes=[("g", "Q?\x1fA", [])], fields=["Front", "Back"])
    error = _failure(tmp_path, "cut.apkg", data[: len(data) // 2])
    assert "truncated or damaged" in error.message


def test_apkg_zip_bomb_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    # 300 MB of zeros compresses to about 300 KB
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("collection.anki2", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(300):
            member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    error = _failure(tmp_path, "bomb.apkg", data)
    assert "limit" in error.message or "zip bomb" in error.message


def test_apkg_header_lying_about_size_is_still_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interview_cli.banks.importers.apkg.MAX_COLLECTION_BYTES", 64 * 1024)
    data = _apkg(tmp_path, notes=[("g", "Q?\x1fA" * 20000, [])], fields=["Front", "Back"])
    error = _failure(tmp_path, "big.apkg", data)
    assert "limit" in error.message


def test_apkg_new_compressed_format_says_what_to_do(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd")
        archive.writestr("collection.anki2", b"stub")
    error = _failure(tmp_path, "new.apkg", buffer.getvalue())
    assert "Support older Anki versions" in error.message


def test_zip_without_a_collection(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not an .apkg" in _failure(tmp_path, "x.apkg", buffer.getvalue()).message


# ------------------------------------------------------------------ CSV / TSV


def test_csv_loose_headers_and_row_problems(tmp_path: Path) -> None:
    text = (
        "Question,Model Answer,Tags,Category,Level,Key-Points\n"
        'What is a mutex?,"A lock, held by one thread","os, sync",OS,easy,'
        '"one owner;blocks others"\n'
        ",no question here,,,,\n"
        "What is a monitor?,,,,9,\n"
    )
    parsed = _parse(tmp_path, "qs.csv", text)
    first, second = parsed.questions
    assert (first.question, first.answer, first.tags) == (
        "What is a mutex?",
        "A lock, held by one thread",
        ["os", "sync"],
    )
    assert (first.topic, first.difficulty, first.key_points) == (
        "OS",
        1,
        ["one owner", "blocks others"],
    )
    assert second.answer is None and second.difficulty is None
    assert [(s.at.number, s.reason) for s in parsed.skipped] == [(3, "no question text")]
    assert any(n.at.number == 4 and "difficulty '9'" in n.message for n in parsed.notes)


def test_csv_korean_headers_in_cp949(tmp_path: Path) -> None:
    text = "질문,답변,난이도,주제\n프로세스란?,실행 중인 프로그램,쉬움,운영체제\n"
    parsed = _parse(tmp_path, "excel.csv", text.encode("cp949"))
    (q,) = parsed.questions
    assert (q.question, q.answer, q.difficulty, q.topic) == (
        "프로세스란?",
        "실행 중인 프로그램",
        1,
        "운영체제",
    )
    assert any("cp949" in n.message for n in parsed.notes)


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    tsv = _parse(tmp_path, "q.tsv", "front\tback\nWhat is DNS?\tName resolution\n")
    assert [(q.question, q.answer) for q in tsv.questions] == [("What is DNS?", "Name resolution")]
    semi = _parse(tmp_path, "q.csv", "question;answer\nWhat is ARP?;IP to MAC\n")
    assert [(q.question, q.answer) for q in semi.questions] == [("What is ARP?", "IP to MAC")]


def test_csv_without_a_question_column(tmp_path: Path) -> None:
    error = _failure(tmp_path, "bad.csv", "name,score,grade,extra\nkim,3,A,x\n")
    assert error.line == 1 and "no question column" in error.message


def test_csv_unclosed_quote_is_reported_with_its_line(tmp_path: Path) -> None:
    parsed = _parse(tmp_path, "q.csv", 'question,answer\nWhat is X?,fine\n"broken,row\n')
    assert [q.question for q in parsed.questions] == ["What is X?"]
    assert [s.at.number for s in parsed.skipped] == [3]


# ------------------------------------------------------------------ JSON / JSONL


def test_json_list_with_lines(tmp_path: Path) -> None:
    text = """[
  {"question": "What is REST?", "answer": "An architectural style", "tags": ["web"]},
  {"prompt": "What is gRPC?", "solution": "An RPC framework", "difficulty": "hard"},
  "just a string",
  {"answer": "no question"}
]"""
    parsed = _parse(tmp_path, "qs.json", text)
    assert [(q.question, q.at.number) for q in parsed.questions] == [
        ("What is REST?", 2),
        ("What is gRPC?", 3),
    ]
    assert parsed.questions[1].difficulty == 3
    assert [(s.at.number, s.reason) for s in parsed.skipped] == [
        (4, "not an object with a question"),
        (5, "no question text"),
    ]


def test_json_object_with_questions_key(tmp_path: Path) -> None:
    text = '{"title": "Web", "questions": [\n{"q": "What is CORS?", "a": "Cross-origin rules"}\n]}'
    parsed = _parse(tmp_path, "web.json", text)
    assert parsed.title == "Web"
    assert [(q.question, q.at.number) for q in parsed.questions] == [("What is CORS?", 2)]


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    error = _failure(tmp_path, "bad.json", '[\n{"question": "x"},\n{"question": }\n]')
    assert error.line == 3 and "invalid JSON" in error.message


def test_jsonl_skips_bad_lines(tmp_path: Path) -> None:
    text = (
        '{"question": "What is a CPU cache?"}\n{broken\n\n'
        '{"front": "What is TLB?", "back": "a cache"}\n'
    )
    parsed = _parse(tmp_path, "q.jsonl", text)
    assert [q.question for q in parsed.questions] == ["What is a CPU cache?", "What is TLB?"]
    assert [s.at.number for s in parsed.skipped] == [2]


# ------------------------------------------------------------------ YAML


def test_loose_yaml_list(tmp_path: Path) -> None:
    text = "- question: What is CI?\n  answer: Continuous integration\n- q: What is CD?\n"
    parsed = _parse(tmp_path, "q.yaml", text)
    assert [(q.question, q.at.number) for q in parsed.questions] == [
        ("What is CI?", 1),
        ("What is CD?", 3),
    ]


def test_own_yaml_bank_keeps_ids(tmp_path: Path, good_bank_text: str) -> None:
    parsed = _parse(tmp_path, "tiny.yaml", good_bank_text)
    assert [q.qid for q in parsed.questions] == ["tiny-one", "tiny-two"]
    assert parsed.bank_meta["bank"] == "tiny-en"


def test_invalid_own_yaml_reports_every_problem(tmp_path: Path, good_bank_text: str) -> None:
    text = good_bank_text.replace("difficulty: 1", "difficulty: 9").replace(
        "id: tiny-two", "id: Bad Id"
    )
    error = _failure(tmp_path, "tiny.yaml", text)
    assert len(error.details) == 2 and "more problem" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "- question: !!python/object/apply:os.system ['echo hacked']\n",
        "a: &a [x, x]\nb: &b [*a, *a]\nquestions: [*b]\n",
    ],
)
def test_yaml_cannot_run_code_or_expand(tmp_path: Path, text: str) -> None:
    error = _failure(tmp_path, "evil.yaml", text)
    assert "alias" in error.message or "invalid YAML" in error.message


# ------------------------------------------------------------------ SQLite


def test_sqlite_flashcards_with_loose_columns(tmp_path: Path) -> None:
    db = tmp_path / "cards.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key text, value text)")
    conn.execute(
        "CREATE TABLE flashcards "
        "(card_id integer primary key, Question text, Answer text, Deck text)"
    )
    conn.executemany(
        "INSERT INTO flashcards VALUES (?, ?, ?, ?)",
        [(10, "What is a B-tree?", "A balanced search tree", "db"), (11, "", "orphan", "db")],
    )
    conn.commit()
    conn.close()
    parsed, fmt = parse_file(db, ImportOptions())
    assert fmt == "sqlite"
    assert [(q.question, q.topic, q.native_id) for q in parsed.questions] == [
        ("What is a B-tree?", "db", "10")
    ]
    assert [(s.at.unit, s.at.number) for s in parsed.skipped] == [("row", 11)]


def test_sqlite_without_a_card_table(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (name text)")
    conn.commit()
    conn.close()
    with pytest.raises(ImportFailure, match="no table with question/answer"):
        parse_file(db, ImportOptions())


def test_not_a_database(tmp_path: Path) -> None:
    error = _failure(tmp_path, "fake.db", b"SQLite format 3\x00" + b"\x07" * 200)
    assert "SQLite" in error.message


# ------------------------------------------------------------------ GIFT


GIFT = r"""// a comment
$CATEGORY: $course$/top/Networking

::tcp-vs-udp::Compare TCP and UDP.{
####TCP is reliable and ordered; UDP is neither but is faster.
}

::dns::What does DNS translate? {=domain names to IP addresses =names to addresses#right}

::mc::Which layer is IP? {~transport =network ~link}

::tf::HTTP is stateless.{T}

Port of HTTPS is {#443}

The {=kernel} schedules threads.

Just a description with no answer block.

::escaped::What does \{\} mean in GIFT\? {=escaped braces}
"""


def test_gift_essay_and_short_answer(tmp_path: Path) -> None:
    parsed = _parse(tmp_path, "quiz.gift", GIFT)
    assert [(q.question, q.answer, q.native_id, q.topic) for q in parsed.questions] == [
        (
            "Compare TCP and UDP.",
            "TCP is reliable and ordered; UDP is neither but is faster.",
            "tcp-vs-udp",
            "Networking",
        ),
        (
            "What does DNS translate?",
            "domain names to IP addresses\n\nAlso accepted: names to addresses",
            "dns",
            "Networking",
        ),
        ("The _____ schedules threads.", "kernel", None, "Networking"),
        ("What does {} mean in GIFT?", "escaped braces", "escaped", "Networking"),
    ]
    reasons = {s.at.number: s.reason for s in parsed.skipped}
    assert reasons[10].startswith("multiple-choice")
    assert reasons[12].startswith("true/false")
    assert reasons[14].startswith("numerical")
    assert "description" in reasons[18]


def test_every_format_is_one_entry_with_a_reader_that_loads() -> None:
    from interview_cli.banks.importers.formats import BY_SUFFIX, FORMATS, TABLE

    assert len(set(FORMATS)) == len(FORMATS)
    suffixes = [s for f in TABLE for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes)) == len(BY_SUFFIX)
    for fmt in TABLE:
        module, _, function = fmt.reader.partition(":")
        loaded = importlib.import_module(f"interview_cli.banks.importers.{module}")
        assert callable(getattr(loaded, function)), fmt.name
