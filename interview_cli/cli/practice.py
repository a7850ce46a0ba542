"""`interview practice`: a timed mock interview in the terminal (the Textual app)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from interview_cli import startup
from interview_cli.cli import _common

if TYPE_CHECKING:
    from interview_cli.banks.files import LoadResult, Problem
    from interview_cli.banks.schema import Bank
    from interview_cli.paths import Paths
    from interview_cli.scoring.base import Scorer
    from interview_cli.session.picking import SessionMode


@functools.lru_cache(maxsize=1)
def _loader_stamp() -> str:
    """Changes whenever the bank format code changes, so a stale cache is never read.

    Worked out once per process: every bank's cache key needs it."""
    from importlib.util import find_spec

    from interview_cli import __version__

    # found, not imported: importing the loader would bring in the YAML parser
    names = ("interview_cli.banks.loader", "interview_cli.banks.schema")
    origins = [getattr(find_spec(name), "origin", None) or "" for name in names]
    stamps = [str(Path(origin).stat().st_mtime_ns) for origin in origins]
    return "|".join([__version__, *stamps])


Loaded = tuple["Bank | None", "list[Problem]"]


def load_bank_cached(path: Path, origin: str, cache_dir: Path | None) -> Loaded:
    """Like load_bank_file, from a JSON copy of the validated bank when the file is unchanged.

    Parsing YAML and checking it against the schema takes longer than drawing the whole first
    screen; the copy is keyed on the file's path, size and mtime and on the loader's code.
    """
    import json
    import zlib

    from interview_cli.banks.schema import bank_from_dict
    from interview_cli.paths import ensure_private_dir

    kind: Literal["shipped", "user", "file"] = origin  # type: ignore[assignment]

    def load_bank_file(path: Path, origin: Literal["shipped", "user", "file"]) -> Loaded:
        # the YAML parser and the validator are imported only when a file must be read
        from interview_cli.banks.loader import load_bank_file as load

        return load(path, origin=origin)

    if cache_dir is None:
        return load_bank_file(path, origin=kind)
    try:
        info = path.stat()
    except OSError:
        return load_bank_file(path, origin=kind)
    key = f"{path.resolve()}|{info.st_mtime_ns}|{info.st_size}|{_loader_stamp()}"
    # the copy holds its whole key, so a clash of these short checksums is only a cache miss
    # (and zlib is already loaded, hashlib is not: this runs before the first screen)
    raw = key.encode()
    cached = cache_dir / f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.json"
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data["key"] == key:
            return bank_from_dict(data["bank"], path=path, origin=kind), []
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no copy yet, or an unreadable one: read the file itself
    bank, problems = load_bank_file(path, origin=kind)
    if bank is not None and not problems:
        try:
            ensure_private_dir(cache_dir)
            temp = cached.with_suffix(f".{os.getpid()}.tmp")
            copy = {"key": key, "bank": bank.to_dict()}
            temp.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
            temp.replace(cached)
        except OSError:
            pass  # a read-only cache only costs speed
    return bank, problems


def load_banks_for(paths: Paths, wanted: Sequence[str], use_cache: bool = True) -> LoadResult:
    """The named banks when each is found under its own file name; every bank otherwise.

    A session that names its banks reads just those files. Shipped banks come first and win
    a clash of ids, as in ``load_all_banks``.
    """
    from interview_cli.banks.files import BANK_SUFFIXES, LoadResult, Problem, bank_files
    from interview_cli.paths import shipped_banks_dir

    cache_dir = paths.cache_dir / "banks" if use_cache else None
    folders = ((shipped_banks_dir(), "shipped"), (paths.user_banks_dir, "user"))
    result = LoadResult()
    if wanted:
        for bank_id in dict.fromkeys(wanted):
            for folder, origin in folders:
                found = [folder / f"{bank_id}{suffix}" for suffix in BANK_SUFFIXES]
                path = next((p for p in found if p.is_file()), None)
                if path is None:
                    continue
                bank, problems = load_bank_cached(path, origin, cache_dir)
                if bank is not None and bank.id == bank_id:
                    result.problems.extend(problems)
                    result.banks.append(bank)
                    break
            else:
                return load_banks_for(paths, [], use_cache)  # named differently, or broken
        return result
    seen: dict[str, Bank] = {}
    for folder, origin in folders:
        for path in bank_files(folder):
            bank, problems = load_bank_cached(path, origin, cache_dir)
            result.problems.extend(problems)
            if bank is None:
                continue
            if bank.id in seen:
                message = f"bank id {bank.id!r} is already used by {seen[bank.id].path}; skipped"
                result.problems.append(Problem(str(path), 1, message))
                continue
            seen[bank.id] = bank
            result.banks.append(bank)
    return result


def practice(
    bank: list[str] = typer.Option(
        None, "--bank", "-b", metavar="ID", help="Bank to draw from (repeatable)."
    ),
    topic: list[str] = typer.Option(
        None, "--topic", "-t", metavar="TOPIC", help="Only this topic or tag (repeatable)."
    ),
    difficulty: int | None = typer.Option(
        None, "--difficulty", "-d", min=1, max=3, help="Only questions of this difficulty (1-3)."
    ),
    count: int | None = typer.Option(
        None, "--count", "-n", min=1, max=500, help="How many questions (default: setting)."
    ),
    time_limit: str | None = typer.Option(
        None,
        "--time-limit",
        metavar="SECONDS|none",
        help="Time per question for every question, or 'none' for an untimed session.",
    ),
    language: str | None = typer.Option(
        None, "--language", "-l", metavar="en|ko", help="Only banks in this language."
    ),
    model: str | None = typer.Option(None, "--model", metavar="PATH", help="GGUF model to use."),
    server: str | None = typer.Option(
        None, "--server", metavar="URL", help="OpenAI-compatible server to score with."
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="A fixed shuffled order instead of weakest-first."
    ),
    posting: Path | None = typer.Option(
        None,
        "--posting",
        metavar="FILE",
        help="Job posting (text or Markdown): questions chosen for it (see `interview plan`).",
    ),
    resume: Path | None = typer.Option(
        None, "--resume", metavar="FILE", help="Your résumé: its skills are asked about too."
    ),
    mode: str = typer.Option(
        "practice",
        "--mode",
        metavar="practice|mock",
        help="practice: feedback after each answer. mock: a real interview, no hints, "
        "follow-ups when key points are missed, all feedback at the end.",
    ),
) -> None:
    """Practise: timed questions, answers scored against the rubric, a summary at the end.

    With --bank, --topic or --difficulty it starts straight away; otherwise a setup screen
    lets you choose. An interrupted session is offered for resuming first.
    """
    try:
        code = _practice(
            bank or [],
            topic or [],
            difficulty,
            count,
            time_limit,
            language,
            model,
            server,
            seed,
            posting,
            resume,
            mode,
        )
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if code:
        raise typer.Exit(code)


def _practice(
    bank: list[str],
    topic: list[str],
    difficulty: int | None,
    count: int | None,
    time_limit: str | None,
    language: str | None,
    model: str | None,
    server: str | None,
    seed: int | None,
    posting: Path | None = None,
    resume: Path | None = None,
    mode: str = "practice",
) -> int:
    from interview_cli.session.picking import (
        MODES,
        Filters,
        NoQuestionsError,
        SessionOptions,
        UnknownBankError,
        plan_session,
    )
    from interview_cli.session.resume import load_history
    from interview_cli.store import StoreError

    paths = _common.paths()
    settings = _common.settings(
        {
            "time_limit_s": time_limit,
            "question_count": count,
            "language": language,
            "model": model,
            "server": server,
        }
    )
    store = _common.history_store()
    try:
        history, interrupted = load_history(store)
    except StoreError as exc:
        _common.fail(str(exc))

    wanted = list(bank)
    if wanted and interrupted is not None:
        wanted += list(interrupted.session.bank_ids)
    loaded = load_banks_for(paths, wanted)
    warnings = [str(p) for p in loaded.problems]
    for path in sorted({p.path for p in loaded.problems}):
        warnings.append(f"{path} was skipped; `interview banks validate {path}` lists its problems")
    for line in warnings:
        _common.warn(line)
    if not loaded.banks:
        _common.fail("no question bank could be loaded", _common.EXIT_USAGE)

    # a --bank named on the command line wins over a language from the config file
    use_language = settings.language if (language is not None or not bank) else None
    filters = Filters(
        bank_ids=tuple(dict.fromkeys(bank)),
        topics=tuple(dict.fromkeys(topic)),
        difficulty=difficulty,
        language=use_language,
    )
    if mode not in MODES:
        _common.fail(f"--mode must be practice or mock, not {mode!r}", _common.EXIT_USAGE)
    session_mode: SessionMode = "mock" if mode == "mock" else "practice"
    options = SessionOptions.from_settings(settings, session_mode)
    preloaded: Scorer | None = None
    if posting is not None or resume is not None:
        from interview_cli.cli.plan import make_plan

        startup.done()  # reading documents (and maybe a model) takes seconds: no fast start

        tailored = make_plan(
            loaded.banks,
            filters,
            settings.question_count,
            posting,
            resume,
            language,
            settings.language,
            history,
            options,
        )
        plan = tailored.questions
        resumes = [d for d in tailored.documents if d.kind == "resume"]
        if resumes:
            from interview_cli.cli.plan import resume_questions

            extra, preloaded, note = resume_questions(
                settings, paths, resumes[0], tailored.language, options
            )
            if note:
                tailored.notes.append(note)
            if extra:  # after the first question on the posting's skills, in place of the last
                merged = {p.key: p for p in [*plan[:1], *extra, *plan[1:]]}
                plan = list(merged.values())[: settings.question_count]
        for note in tailored.notes:
            warnings.append(note)
            _common.warn(note)
        straight = True
    else:
        try:
            plan = plan_session(
                loaded.banks, filters, settings.question_count, history, seed=seed, options=options
            )
        except (NoQuestionsError, UnknownBankError) as exc:
            _common.fail(str(exc), _common.EXIT_USAGE)
        straight = bool(bank or topic or difficulty is not None)

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _common.fail("interview practice needs an interactive terminal", _common.EXIT_USAGE)

    from interview_cli.cli._run import leave_without_waiting, run_app

    run = run_app(
        settings,
        store,
        paths,
        loaded.banks,
        history=history,
        filters=filters,
        plan=plan if straight else None,
        interrupted=interrupted,
        seed=seed,
        warnings=warnings,
        mode=session_mode,
        scorer=preloaded,
    )
    code = run.code
    session = run.session
    if not run.saved:
        _common.warn(f"some of the session could not be saved to {store.path}: {run.problems}")
        code = code or 1
    elif session is not None and run.outcome == "suspended":
        summary = session.summary()
        typer.echo(
            f"Saved: {summary.answered + summary.skipped} of {session.total} questions done. "
            "Run `interview practice` to carry on where you stopped."
        )
    elif session is not None and run.outcome == "finished":
        summary = session.summary()
        average = f", average {summary.average:.1f}/10" if summary.average is not None else ""
        typer.echo(
            f"Session saved: {summary.answered} answered, {summary.skipped} skipped{average}. "
            f"History: {store.path}"
        )
    leave_without_waiting(code)
    return code
