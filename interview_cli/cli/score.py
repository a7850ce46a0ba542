"""`interview score` and `interview calibrate`: score answers from the command line or in bulk."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from interview_cli.cli import _common
from interview_cli.wording import counted

if TYPE_CHECKING:
    from interview_cli.scoring.base import Scorer, ScoringRequest


def _scorer(model: Path | None, server: str | None, no_model: bool, threads: int | None) -> Scorer:
    from interview_cli.scoring.factory import build_scorer, rubric_scorer

    if no_model:
        return rubric_scorer()
    settings = _common.settings(
        {"model": str(model) if model else None, "server": server, "threads": threads}
    )

    def status(message: str) -> None:
        if message.startswith("fallback"):
            _common.warn(message)

    return build_scorer(settings, _common.paths(), on_status=status)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, object or None, error) for every non-blank line."""
    try:
        handle = path.open("r", encoding="utf-8-sig")
    except OSError as exc:
        _common.fail(f"{path}: cannot read ({exc.strerror or exc})")
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, None, f"not valid JSON ({exc.msg})"
                    continue
                if not isinstance(item, dict):
                    yield number, None, "not a JSON object"
                    continue
                yield number, item, None
        except UnicodeDecodeError:
            _common.fail(f"{path}: not valid UTF-8")


def _request(item: dict[str, Any]) -> ScoringRequest:
    from interview_cli.scoring.base import ScoringRequest

    question = item.get("question")
    answer = item.get("answer")
    reference = item.get("reference_answer", item.get("reference"))
    key_points = item.get("key_points") or []
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing 'question'")
    if not isinstance(answer, str):
        raise ValueError("missing 'answer'")
    if not isinstance(key_points, list) or not all(isinstance(k, str) for k in key_points):
        raise ValueError("'key_points' must be a list of strings")
    if not key_points and not (isinstance(reference, str) and reference.strip()):
        raise ValueError("needs 'reference_answer' or 'key_points'")
    return ScoringRequest(
        question=question,
        answer=answer,
        key_points=tuple(k for k in key_points if k.strip()),
        reference=reference if isinstance(reference, str) else None,
        language=item.get("language") if isinstance(item.get("language"), str) else None,
    )


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
        transient=True,
    )


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0


def score(
    question: str | None = typer.Option(None, "--question", "-q", help="The question asked."),
    answer: str | None = typer.Option(None, "--answer", "-a", help="The answer to score."),
    reference: str | None = typer.Option(None, "--reference", "-r", help="A reference answer."),
    key_point: list[str] = typer.Option(
        [], "--key-point", "-k", help="A key point of the rubric (repeat for more)."
    ),
    bank_question: str | None = typer.Option(
        None,
        "--bank-question",
        help="BANK/QID: take question, key points and reference from a bank.",
    ),
    batch: Path | None = typer.Option(None, "--batch", help="Score every line of a JSONL file."),
    pending: bool = typer.Option(
        False, "--pending", help="Score every answer in the history still waiting for a score."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where --batch writes (default: stdout)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    model: Path | None = typer.Option(None, "--model", help="A GGUF model to score with."),
    server: str | None = typer.Option(None, "--server", help="An OpenAI-compatible server URL."),
    no_model: bool = typer.Option(False, "--no-model", help="Rubric matcher only, no model."),
    threads: Annotated[
        int | None,
        _common.whole_number_option("--threads", low=1, help="CPU threads for the model."),
    ] = None,
) -> None:
    """Score an answer against key points or a reference answer (or a JSONL file of them)."""
    from interview_cli.scoring.pipeline import NoRubricError

    if pending:
        _score_pending(lambda: _scorer(model, server, no_model, threads))
        return
    if batch is not None:
        _score_batch(batch, out, _scorer(model, server, no_model, threads))
        return
    item: dict[str, Any] = {"question": question, "answer": answer}
    if bank_question:
        bank_id, _, question_id = bank_question.partition("/")
        bank = _common.load_banks().get(bank_id)
        found = bank.question(question_id) if bank else None
        if found is None:
            _common.fail(
                f"no question {bank_question!r} (use BANK/QID as in `interview banks show`)", 2
            )
        item["question"] = found.question
        item["key_points"] = list(found.key_points)
        item["reference_answer"] = found.model_answer
        item["language"] = bank.language if bank else None
    if reference:
        item["reference_answer"] = reference
    if key_point:
        item["key_points"] = key_point
    if answer is None:
        _common.fail("--answer is required (or use --batch FILE)", 2)
    try:
        request = _request(item)
    except ValueError as exc:
        _common.fail(f"{exc} (give --question, and --key-point or --reference)", 2)
    try:
        result = _scorer(model, server, no_model, threads).score(request)
    except NoRubricError as exc:
        _common.fail(str(exc), 2)
    if as_json:
        _common.print_json(result.to_dict())
        return
    from interview_cli.scoring.render import render_score

    _common.console().print(render_score(request, result))


def _score_batch(path: Path, out: Path | None, scorer: Scorer) -> None:
    from interview_cli.scoring.pipeline import NoRubricError

    total = _count_lines(path)
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    skipped = 0
    done = 0
    try:
        with _progress(total) as progress:
            task = progress.add_task("scoring", total=total)
            for number, item, error in _read_jsonl(path):
                progress.advance(task)
                if item is not None:
                    try:
                        result = scorer.score(_request(item))
                    except (ValueError, NoRubricError) as exc:
                        error = str(exc)
                    else:
                        details = result.to_dict()
                        details.pop("score")
                        row = {**item, "score": result.score, "details": details}
                        sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                        done += 1
                if error is not None:
                    skipped += 1
                    _common.warn(f"{path}:{number}: {error}; skipped")
    finally:
        if out:
            sink.close()
    typer.echo(f"scored {counted(done, 'answer')}, skipped {skipped}", err=True)
    if done == 0:
        raise typer.Exit(_common.EXIT_ERROR)


def _short(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _score_pending(make_scorer: Callable[[], Scorer]) -> None:
    """Score every pending answer of the history (and retry failed ones), writing each at once."""
    from interview_cli.session.recording import StoreRecorder
    from interview_cli.session.rescore import PendingAnswer, find_pending, score_pending
    from interview_cli.store import StoreError
    from interview_cli.store.pending import waiting_text

    store = _common.history_store()
    try:
        attempts = store.attempts.list()
    except StoreError as exc:
        _common.fail(str(exc))
    items = find_pending(attempts, _common.load_banks().banks)
    if not items:
        typer.echo("no answers are waiting for a score")
        return
    retried = sum(1 for i in items if i.failed_before)
    waiting = len(items) - retried
    parts = [waiting_text(waiting)] if waiting else []
    if retried:
        parts.append(f"{retried} whose scoring failed before, tried again")
    typer.echo("; ".join(parts))

    def started(number: int, total: int, item: PendingAnswer) -> None:
        typer.echo(f"scoring {number} of {total}: {_short(item.attempt.question_text)}")

    def skipped(item: PendingAnswer, why: str) -> None:
        _common.warn(f"skipped {_short(item.attempt.question_text)}: {why}")

    def done(item: PendingAnswer, changes: dict[str, Any]) -> None:
        score = changes.get("score")
        if isinstance(score, float):
            from interview_cli.scoring.display import score_text

            typer.echo(f"  {score_text(score)}/10")
        else:
            details = changes.get("score_details")
            error = details.get("error") if isinstance(details, dict) else None
            typer.echo(f"  failed: {error}")

    try:
        count = score_pending(items, make_scorer, StoreRecorder(store), started, skipped, done)
    except StoreError as exc:
        _common.fail(str(exc))
    summary = f"{counted(count.scored, 'answer')} scored, {count.failed} failed"
    if count.skipped:
        summary += f", {count.skipped} skipped (still waiting)"
    if count.unscorable:
        summary += f", {count.unscorable} kept without a score"
    typer.echo(summary)
    if count.failed:
        raise typer.Exit(_common.EXIT_ERROR)


def calibrate(
    labelled: Path = typer.Option(
        ...,
        "--labelled",
        help="JSONL with question, answer, reference/key points and a gold score.",
    ),
    gold_field: str = typer.Option("score", "--gold-field", help="Field holding the human grade."),
    gold_max: float | None = typer.Option(
        None,
        "--gold-max",
        parser=_common.Number("--gold-max"),
        metavar="<float>",
        help="Top of the gold scale (default: the largest gold value).",
    ),
    limit: Annotated[
        int | None,
        _common.whole_number_option("--limit", low=2, help="Only the first N usable lines."),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    model: Path | None = typer.Option(None, "--model", help="A GGUF model to score with."),
    server: str | None = typer.Option(None, "--server", help="An OpenAI-compatible server URL."),
    no_model: bool = typer.Option(False, "--no-model", help="Rubric matcher only, no model."),
    threads: Annotated[
        int | None,
        _common.whole_number_option("--threads", low=1, help="CPU threads for the model."),
    ] = None,
) -> None:
    """Agreement of this scorer with human grades, next to the word-overlap baseline."""
    from interview_cli.scoring.calibration import agreement, kind_report
    from interview_cli.scoring.rubric import overlap

    scorer = _scorer(model, server, no_model, threads)
    rows: list[tuple[dict[str, Any], float]] = []
    for number, item, error in _read_jsonl(labelled):
        if item is None:
            _common.warn(f"{labelled}:{number}: {error}; skipped")
            continue
        gold = item.get(gold_field)
        if isinstance(gold, bool) or not isinstance(gold, int | float):
            _common.warn(f"{labelled}:{number}: no numeric {gold_field!r}; skipped")
            continue
        rows.append((item, float(gold)))
        if limit and len(rows) >= limit:
            break
    if len(rows) < 2:
        _common.fail(f"{labelled}: fewer than 2 usable labelled lines")
    top = gold_max if gold_max else max(g for _, g in rows)
    if top <= 0:
        _common.fail("--gold-max must be positive")
    predicted: list[float] = []
    baseline: list[float] = []
    golds: list[float] = []
    kinds: list[tuple[str, str, int]] = []  # (question, kind, index into predicted)
    with _progress(len(rows)) as progress:
        task = progress.add_task("scoring", total=len(rows))
        for item, gold in rows:
            progress.advance(task)
            try:
                request = _request(item)
                result = scorer.score(request)
            except ValueError as exc:
                _common.warn(f"{labelled}: {item.get('id', '?')}: {exc}; skipped")
                continue
            kind = item.get("kind")
            if isinstance(kind, str) and kind:
                kinds.append((request.question, kind, len(predicted)))
            predicted.append(result.score)
            rubric_text = request.reference or " ".join(request.key_points)
            baseline.append(10 * overlap(request.answer, rubric_text))
            golds.append(gold)
    if len(predicted) < 2:
        _common.fail(f"{labelled}: fewer than 2 answers could be scored")
    ours = agreement(predicted, golds, top)
    base = agreement(baseline, golds, top)
    ours_kinds = kind_report([(q, k, predicted[i]) for q, k, i in kinds]) if kinds else None
    base_kinds = kind_report([(q, k, baseline[i]) for q, k, i in kinds]) if kinds else None
    info = scorer.info
    if as_json:
        _common.print_json(
            {
                "file": str(labelled),
                "n": ours.n,
                "gold_max": top,
                "scorer": {"key": info.key, "method": info.method, "model": info.model},
                "scorer_metrics": ours.__dict__,
                "baseline_metrics": base.__dict__,
                **(
                    {"scorer_kinds": ours_kinds.__dict__, "baseline_kinds": base_kinds.__dict__}
                    if ours_kinds and base_kinds
                    else {}
                ),
            }
        )
        return
    typer.echo(f"{labelled}: {counted(ours.n, 'answer')}, gold scale 0..{top:g}, scorer {info.key}")
    typer.echo(f"{'':18}{'scorer':>10}{'overlap':>10}")
    for name in ("pearson", "spearman", "qwk", "rmse"):
        typer.echo(f"{name:18}{getattr(ours, name):>10.3f}{getattr(base, name):>10.3f}")
    typer.echo(f"{'MAE (0-10)':18}{ours.mae_10:>10.2f}{base.mae_10:>10.2f}")
    typer.echo(f"{'mean (0-10)':18}{ours.mean_10:>10.2f}{base.mean_10:>10.2f}")
    typer.echo(f"{'human mean (0-10)':18}{ours.gold_mean_10:>10.2f}")
    if ours_kinds and base_kinds:
        typer.echo("mean score per kind (0-10):")
        for kind in sorted(ours_kinds.means):
            typer.echo(
                f"  {kind:16}{ours_kinds.means[kind]:>10.2f}{base_kinds.means[kind]:>10.2f}"
                f"   ({counted(ours_kinds.counts[kind], 'answer')})"
            )
        if ours_kinds.swap_margin_share is not None and base_kinds.swap_margin_share is not None:
            questions = counted(ours_kinds.swap_questions, "question")
            typer.echo(
                f"{'correct >= swapped + 3':18}{ours_kinds.swap_margin_share:>10.0%}"
                f"{base_kinds.swap_margin_share:>10.0%}   ({questions})"
            )
