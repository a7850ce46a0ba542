"""Cost of `interview report` on 10,000 attempts, as a ratio to loading the same history file.

Loading the store (lock, read, parse, build Attempt objects) is the baseline measured in the
same run; building the report (statistics plus the FSRS replay of every question) and each
renderer are timed against it. The whole command is also timed end to end in a subprocess.
Target: load + build + render under 1 s in total on this machine.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_cli.reports import quick_installed  # noqa: E402
from interview_cli.reports.render_html import to_html  # noqa: E402
from interview_cli.reports.render_rich import print_report  # noqa: E402
from interview_cli.reports.render_text import to_json, to_markdown  # noqa: E402
from interview_cli.reports.stats import build_report  # noqa: E402
from interview_cli.store import HistoryStore  # noqa: E402
from tests.support.report_history import generate, write_store  # noqa: E402


def _median(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    now = datetime.now(UTC)
    sessions, attempts = generate(
        sessions=max(1, args.attempts // 5), days=365, start=now - timedelta(days=366), seed=1
    )
    if len(attempts) < args.attempts:  # about 6 per session: never happens with N // 5
        raise SystemExit(f"generated only {len(attempts)} attempts")
    attempts = attempts[: args.attempts]

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        path = home / "history.json"
        write_store(HistoryStore(path), sessions, attempts)
        size_mb = path.stat().st_size / 1e6
        HistoryStore(path).attempts.list()  # warm the page cache and the daily backup

        load_s, loaded = _median(args.runs, lambda: HistoryStore(path).attempts.list())
        assert isinstance(loaded, list) and len(loaded) == args.attempts
        installed = quick_installed(home / "banks")
        build_s, report = _median(
            args.runs, lambda: build_report(loaded, now=now, installed=installed)
        )

        def rich_text() -> str:
            from rich.console import Console

            buffer = io.StringIO()
            print_report(report, Console(file=buffer, width=120, color_system=None))  # type: ignore[arg-type]
            return buffer.getvalue()

        renders = {
            "rich": rich_text,
            "json": lambda: to_json(report),  # type: ignore[arg-type]
            "markdown": lambda: to_markdown(report),  # type: ignore[arg-type]
            "html": lambda: to_html(report),  # type: ignore[arg-type]
        }
        render_s = {name: _median(args.runs, fn)[0] for name, fn in renders.items()}

        env = {**os.environ, "INTERVIEW_HOME": str(home)}
        command = [str(Path(sys.executable).parent / "interview"), "report", "--format", "json"]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        cli_s, _ = _median(
            args.runs,
            lambda: subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL),
        )

    print(f"history: {args.attempts} attempts, {len(sessions)} sessions, {size_mb:.1f} MB file")
    print(f"load store (baseline)   median {load_s * 1000:8.1f} ms  1.00x")
    print(f"build report            median {build_s * 1000:8.1f} ms  {build_s / load_s:5.2f}x")
    for name, seconds in render_s.items():
        print(f"render {name:<16} median {seconds * 1000:8.1f} ms  {seconds / load_s:5.2f}x")
    total = load_s + build_s + max(render_s.values())
    print(f"load + build + slowest render  {total * 1000:8.1f} ms  {total / load_s:5.2f}x")
    print(f"`interview report --format json` end to end (with Python start-up) {cli_s:.2f} s")
    print("PASS (target < 1 s)" if total < 1.0 else "OVER TARGET (1 s)")


if __name__ == "__main__":
    main()
