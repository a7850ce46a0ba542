"""Write a bank as Anki text, CSV, Markdown, YAML or JSON; importing the output gives it back."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

import yaml

from interview_cli.banks.schema import Bank, Question

EXPORT_FORMATS = ("anki", "csv", "markdown", "yaml", "json")
SUFFIXES = {"anki": ".txt", "csv": ".csv", "markdown": ".md", "yaml": ".yaml", "json": ".json"}
CSV_COLUMNS = (
    "id",
    "topic",
    "tags",
    "difficulty",
    "time_limit_s",
    "question",
    "model_answer",
    "key_points",
    "key_points_source",
    "follow_ups",
    "source",
)
ANKI_COLUMNS = ("ID", "Question", "Answer", "Key points", "Follow-ups", "Meta", "Tags")


# ------------------------------------------------------------------ YAML


class _Dumper(yaml.SafeDumper):
    """Safe dumping, block style, with multi-line text written as literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def bank_yaml(data: dict[str, Any], comment: str | None = None) -> str:
    """A bank mapping as YAML text in our file layout, with an optional comment on top."""
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    if comment:
        head = "".join(f"# {line}\n" if line else "#\n" for line in comment.split("\n"))
        text = head + text
    return text


def to_yaml(bank: Bank) -> str:
    return bank_yaml(bank.to_dict())


def to_json(bank: Bank) -> str:
    return json.dumps(bank.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ CSV


def to_csv(bank: Bank) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for q in bank.questions:
        writer.writerow(
            [
                q.id,
                q.topic,
                ", ".join(q.tags),
                q.difficulty,
                "" if q.time_limit_s is None else q.time_limit_s,
                q.question,
                q.model_answer or "",
                "\n".join(q.key_points),
                q.key_points_source,
                "\n".join(q.follow_ups),
                q.source or "",
            ]
        )
    return out.getvalue()


# ------------------------------------------------------------------ Anki


def anki_escape(text: str) -> str:
    """HTML-escaped for an Anki field; a literal "[sound:" is written so that Anki (and our
    importer) do not take it for a media reference and drop it."""
    return html.escape(text, quote=False).replace("[sound:", "&#91;sound:")


def html_field(text: str) -> str:
    """Plain text as an Anki HTML field that turns back into exactly the same text."""
    lines = []
    for line in anki_escape(text).split("\n"):
        stripped = line.lstrip(" ")
        lead = "&#32;" * (len(line) - len(stripped))
        # HTML collapses runs of spaces: keep the first, write the others as references
        body = re.sub(r" {2,}", lambda m: " " + "&#32;" * (len(m.group(0)) - 1), stripped)
        lines.append(lead + body.replace("\t", "&#9;"))
    return "<br>".join(lines)


def _meta(q: Question) -> dict[str, Any]:
    meta: dict[str, Any] = {"id": q.id, "topic": q.topic, "difficulty": q.difficulty}
    if q.tags:
        meta["tags"] = list(q.tags)
    if q.time_limit_s is not None:
        meta["time_limit_s"] = q.time_limit_s
    if q.key_points_source != "authored":
        meta["key_points_source"] = q.key_points_source
    if q.source:
        meta["source"] = q.source
    return meta


def _anki_tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def to_anki(bank: Bank) -> str:
    """Anki 'Notes in Plain Text' with headers; the Meta field keeps what Anki has no place for."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n#guid column:1\n")
    out.write(f"#tags column:{len(ANKI_COLUMNS)}\n")
    out.write("#deck:" + re.sub(r"[\r\n\t]+", " ", bank.title) + "\n")
    out.write("#columns:" + "\t".join(ANKI_COLUMNS) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for q in bank.questions:
        tags = [f"topic::{q.topic}", f"difficulty::{q.difficulty}"] + [_anki_tag(t) for t in q.tags]
        writer.writerow(
            [
                q.id,
                html_field(q.question),
                html_field(q.model_answer or ""),
                "<br>".join(anki_escape(p) for p in q.key_points),
                "<br>".join(anki_escape(f) for f in q.follow_ups),
                anki_escape(json.dumps(_meta(q), ensure_ascii=False)),
                " ".join(tags),
            ]
        )
    return out.getvalue()


# ------------------------------------------------------------------ Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: every construct escaped, edge spaces as references."""
    lines = []
    for line in text.split("\n"):
        escaped = _MD_INLINE.sub(r"\\\1", line)
        if escaped[:1] in ("+", "-", "="):
            escaped = "\\" + escaped
        escaped = _MD_ORDERED.sub(r"\1\\\2", escaped)
        if escaped[:1] in (" ", "\t"):
            escaped = ("&#32;" if escaped[0] == " " else "&#9;") + escaped[1:]
        if escaped[-1:] in (" ", "\t"):
            escaped = escaped[:-1] + ("&#32;" if escaped[-1] == " " else "&#9;")
        lines.append(escaped)
    return "\n".join(lines)


def _md_block(text: str) -> str:
    """A model answer: fenced when its layout matters (indented code), escaped prose otherwise."""
    if re.search(r"^[ \t]", text, re.MULTILINE) or "\t" in text:
        longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}\n{text}\n{fence}"
    paragraphs = re.split(r"\n{2,}", text)
    return "\n\n".join(md_escape(p) for p in paragraphs)


def to_markdown(bank: Bank) -> str:
    from interview_cli.banks.importers.markdown import question_text

    front = {"bank": bank.id, "title": bank.title, "language": bank.language}
    for key in ("license", "version", "description"):
        value = getattr(bank, key)
        if value is not None:
            front[key] = value
    parts = ["---\n" + bank_yaml(front) + "---", "# " + md_escape(" ".join(bank.title.split()))]
    topic = None
    for q in bank.questions:
        if q.topic != topic:
            topic = q.topic
            parts.append("## " + md_escape(topic))
        first_line = q.question.split("\n", 1)[0].strip()
        meta = _meta(q)
        if "\n" in q.question or question_text(first_line)[0] != q.question:
            meta["question"] = q.question
            heading = first_line + (" …" if "\n" in q.question else "")
        else:
            heading = q.question
        comment = json.dumps(meta, ensure_ascii=False).replace("--", "\\u002d\\u002d")
        parts.append(f"### {md_escape(heading)}\n<!-- interview: {comment} -->")
        if q.key_points:
            parts.append("**Key points**")
            parts.append("\n".join("- " + md_escape(p) for p in q.key_points))
        if q.model_answer:
            parts.append("**Model answer**")
            parts.append(_md_block(q.model_answer))
        if q.follow_ups:
            parts.append("**Follow-ups**")
            parts.append("\n".join("- " + md_escape(f) for f in q.follow_ups))
    return "\n\n".join(parts) + "\n"


def export_bank(bank: Bank, fmt: str) -> str:
    """The bank as text in one of EXPORT_FORMATS."""
    writers = {
        "anki": to_anki,
        "csv": to_csv,
        "markdown": to_markdown,
        "yaml": to_yaml,
        "json": to_json,
    }
    if fmt not in writers:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    return writers[fmt](bank)
