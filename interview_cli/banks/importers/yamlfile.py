"""YAML: our own bank files (validated strictly) and loose lists of question mappings."""

from __future__ import annotations

from typing import Any

import yaml

from interview_cli.banks.importers.decoding import Source
from interview_cli.banks.importers.jsonfile import BANK_KEYS, LIST_KEYS, records_to_parsed
from interview_cli.banks.importers.model import ImportFailure, Parsed, Position, RawQuestion

MAX_NODES = 2_000_000


def _check_events(text: str, name: str) -> None:
    """Refuse aliases (a tiny file can expand to gigabytes) and tags that name Python objects."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            count += 1
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise ImportFailure(name, "YAML aliases (*name) are not accepted in imports", line)
            if count > MAX_NODES:
                raise ImportFailure(name, "YAML document is too large")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ImportFailure(name, f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ImportFailure(name, f"invalid YAML: {exc}") from None


def _own_bank(text: str, source: Source, parsed: Parsed) -> None:
    from interview_cli.banks.loader import parse_bank_text

    bank, problems = parse_bank_text(text, source.name)
    if bank is None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ImportFailure(source.name, first.message + more, first.line).with_details(
            [str(p) for p in problems]
        )
    parsed.bank_meta = {
        k: str(v)
        for k, v in (
            ("bank", bank.id),
            ("title", bank.title),
            ("language", bank.language),
            ("license", bank.license),
            ("description", bank.description),
            ("version", bank.version),
        )
        if v is not None
    }
    parsed.title, parsed.language = bank.title, bank.language
    for question in bank.questions:
        parsed.questions.append(
            RawQuestion(
                question=question.question,
                at=Position(1),
                answer=question.model_answer,
                key_points=list(question.key_points),
                key_points_source=question.key_points_source,
                tags=list(question.tags),
                topic=question.topic,
                difficulty=question.difficulty,
                follow_ups=list(question.follow_ups),
                time_limit_s=question.time_limit_s,
                qid=question.id,
                source=question.source,
            )
        )


def read_yaml(source: Source) -> Parsed:
    parsed = Parsed(shape="YAML")
    text = source.text(parsed.notes)
    _check_events(text, source.name)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.load(text, Loader=yaml.SafeLoader)  # the safe loader: no objects
    except yaml.MarkedYAMLError as exc:
        # e.g. !!python/object tags: the safe loader refuses to build Python objects
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ImportFailure(source.name, f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ImportFailure(source.name, f"invalid YAML: {exc}") from None
    if root is None:
        raise ImportFailure(source.name, "file is empty", 1)
    if isinstance(data, dict) and "bank" in data:
        parsed.shape = "interview-cli bank (YAML)"
        _own_bank(text, source, parsed)
        return parsed
    node: yaml.Node = root
    key: str | None = None
    if isinstance(data, dict):
        key = next((k for k in LIST_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            raise ImportFailure(
                source.name, "no list of questions: expected a list or a 'questions:' list", 1
            )
        parsed.bank_meta = {
            k: str(data[k]) for k in BANK_KEYS if isinstance(data.get(k), str | int | float)
        }
        node = next(v for k, v in root.value if getattr(k, "value", None) == key)
        records = data[key]
    elif isinstance(data, list):
        records = data
    else:
        raise ImportFailure(source.name, "expected a list of questions", 1)
    parsed.shape = "YAML list of question mappings"
    lines = (
        [item.start_mark.line + 1 for item in node.value]
        if isinstance(node, yaml.SequenceNode)
        else []
    )
    records_to_parsed(records, lines, parsed, own_bank=False)
    parsed.title = parsed.bank_meta.get("title")
    parsed.language = parsed.bank_meta.get("language")
    return parsed
