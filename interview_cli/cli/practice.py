"""`interview practice`: a timed mock interview in the terminal (the Textual app)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interview_cli import startup
from interview_cli.cli import _common
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.planning.picking import SessionMode
    from interview_cli.scoring.base import Scorer
    from interview_cli.session.practice import PracticeSession


def practice(
    bank: list[str] = typer.Option(
        None,
        "--bank",
        "-b",
        metavar="ID",
        callback=_common.bank_ids,
        help="Bank to draw from (repeatable).",
    ),
    topic: list[str] = typer.Option(
        None, "--topic", "-t", metavar="TOPIC", help="Only this topic or tag (repeatable)."
    ),
    difficulty: Annotated[
        int | None,
        _common.whole_number_option(
            "--difficulty", "-d", low=1, high=3, help="Only questions of this difficulty (1-3)."
        ),
    ] = None,
    count: Annotated[
        int | None,
        _common.whole_number_option(
            "--count", "-n", low=1, high=500, help="How many questions (default: setting)."
        ),
    ] = None,
    time_limit: int | None = typer.Option(
        None,
        "--time-limit",
        parser=_common.TimeLimit("--time-limit"),
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
    seed: Annotated[
        int | None,
        _common.whole_number_option(
            "--seed", help="A fixed shuffled order instead of weakest-first."
        ),
    ] = None,
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


def _say_waiting(session: PracticeSession) -> None:
    """Answers the app left before scoring: they are kept, and scored later."""
    from interview_cli.store.pending import score_pending_hint, waiting_text

    waiting = len(session.unscored())
    if waiting:
        typer.echo(
            f"{waiting_text(waiting)}: {score_pending_hint(waiting)} "
            "(the next `interview practice` too)."
        )


def _practice(
    bank: list[str],
    topic: list[str],
    difficulty: int | None,
    count: int | None,
    time_limit: int | None,
    language: str | None,
    model: str | None,
    server: str | None,
    seed: int | None,
    posting: Path | None = None,
    resume: Path | None = None,
    mode: str = "practice",
) -> int:
    from interview_cli.banks.cache import load_banks_for
    from interview_cli.planning.picking import (
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
        from interview_cli.planning.tailored import PlanError, make_plan

        startup.done()  # reading documents (and maybe a model) takes seconds: no fast start

        try:
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
        except PlanError as exc:
            _common.fail(str(exc), _common.EXIT_USAGE)
        plan = tailored.questions
        resumes = [d for d in tailored.documents if d.kind == "resume"]
        if resumes:
            from interview_cli.planning.resume_questions import resume_questions

            extra, preloaded, note = resume_questions(
                settings, paths, resumes[0], tailored.language, options, on_status=_common.warn
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
    from interview_cli.scoring.display import score_text

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
            f"Saved: {summary.answered + summary.skipped} of {counted(session.total, 'question')} "
            "done. "
            "Run `interview practice` to carry on where you stopped."
        )
        _say_waiting(session)
    elif session is not None and run.outcome == "finished":
        summary = session.summary()
        average = (
            f", average {score_text(summary.average)}/10" if summary.average is not None else ""
        )
        typer.echo(
            f"Session saved: {summary.answered} answered, {summary.skipped} skipped{average}. "
            f"History: {store.path}"
        )
        _say_waiting(session)
    leave_without_waiting(code)
    return code
