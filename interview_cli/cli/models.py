"""`interview models`: list, inspect and benchmark the GGUF models interview-cli can use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interview_cli.cli import _common

app = typer.Typer(help="List, inspect and benchmark models.", no_args_is_help=True)


def _size(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


@app.command("list")
def list_models(
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Every model found: the embedded default, models/ folders; broken files with the reason."""
    from interview_cli.llm.discovery import list_models as find

    entries = find(_common.paths())
    if as_json:
        _common.print_json(
            [
                {
                    "path": str(e.path),
                    "origin": e.origin,
                    "error": e.error,
                    **({"info": e.info.as_dict()} if e.info else {}),
                }
                for e in entries
            ]
        )
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Models")
    for column in ("name", "size", "quant", "arch", "params", "context", "chat", "from"):
        table.add_column(column, no_wrap=column != "name")
    for entry in entries:
        info = entry.info
        if info is None:
            table.add_row(
                f"[red]{escape(entry.path.name)}[/red]\n[dim]{escape(entry.error or '')}[/dim]",
                "",
                "",
                "",
                "",
                "",
                "",
                entry.origin,
            )
            continue
        table.add_row(
            f"{escape(info.display_name)}\n[dim]{escape(str(info.path))}[/dim]",
            _size(info.size_bytes),
            info.quantization or "?",
            info.architecture,
            info.size_label or (f"{info.parameters / 1e6:.0f}M" if info.parameters else "?"),
            f"{info.context_length:,}" if info.context_length else "?",
            "yes" if info.chat_template else "no",
            entry.origin,
        )
    _common.console().print(table)


@app.command("info")
def info(
    path: Path = typer.Argument(..., help="A GGUF file."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """What a GGUF file is (read from its header, without loading it)."""
    from interview_cli.llm.gguf_info import ModelFileError, read_model_info

    try:
        model = read_model_info(path)
    except ModelFileError as exc:
        _common.fail(str(exc))
    if as_json:
        _common.print_json(model.as_dict())
        return
    rows = {
        "name": model.display_name,
        "file": str(model.path),
        "size": _size(model.size_bytes),
        "architecture": model.architecture,
        "parameters": f"{model.parameters:,}" if model.parameters else "?",
        "quantization": model.quantization or "?",
        "context length": f"{model.context_length:,}" if model.context_length else "?",
        "vocabulary": f"{model.vocab_size:,}" if model.vocab_size else "?",
        "chat template": "yes" if model.chat_template else "no",
        "license": model.license or "?",
    }
    for key, value in rows.items():
        typer.echo(f"{key:>15}: {value}")


@app.command("bench")
def bench(
    path: Path | None = typer.Argument(None, help="A GGUF file (default: the embedded model)."),
    threads: Annotated[
        int | None, _common.whole_number_option("--threads", "-t", low=1, help="CPU threads.")
    ] = None,
    runs: Annotated[
        int, _common.whole_number_option("--runs", low=1, help="Repetitions (the median is shown).")
    ] = 3,
) -> None:
    """Prompt and generation speed of a model on this machine, in tokens per second."""
    import statistics
    import time

    from interview_cli.llm.discovery import EmbeddedModelError, embedded_model_path
    from interview_cli.llm.engine import Engine, ModelLoadError, default_threads
    from interview_cli.llm.gguf_info import ModelFileError, read_model_info

    try:
        model_path = path or embedded_model_path(_common.paths().cache_dir)
        model = read_model_info(model_path)
        started = time.perf_counter()
        engine = Engine(model_path, n_ctx=1024, n_threads=threads)
        load_s = time.perf_counter() - started
    except (ModelFileError, EmbeddedModelError, ModelLoadError) as exc:
        _common.fail(str(exc))
    text = (
        "A process is an instance of a running program with its own address space, while "
        "threads inside one process share that memory but each keep a stack and registers. "
    )
    prompt = engine.bos() + (engine.tokenize(text) * 12)[:256]
    prompt_rates = []
    gen_rates = []
    for _ in range(runs):
        engine.reset()  # start cold every run
        started = time.perf_counter()
        engine.set_prefix(prompt)
        prompt_rates.append(len(prompt) / (time.perf_counter() - started))
        started = time.perf_counter()
        produced: list[str] = []
        engine.generate("Explain what a deadlock is.", max_tokens=64, on_text=produced.append)
        elapsed = time.perf_counter() - started
        gen_rates.append(max(1, len(engine.tokenize("".join(produced)))) / elapsed)
    typer.echo(f"model: {model.display_name} ({model.quantization}, {_size(model.size_bytes)})")
    typer.echo(f"threads: {threads or default_threads()}, load: {load_s:.2f} s")
    typer.echo(f"prompt: {statistics.median(prompt_rates):,.0f} tokens/s (256-token prompt)")
    typer.echo(f"generation: {statistics.median(gen_rates):,.1f} tokens/s (up to 64 tokens)")
