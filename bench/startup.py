"""Start-up time, each as a ratio to a baseline measured alternately in the same run.

1. `interview --help` against `python -c pass`: what the CLI adds to every command.
   Target: under 0.25 s added.
2. `interview practice` from launch until its first question is on screen, against a minimal
   Textual app showing one line, both in a pseudo-terminal of the same size. Target: <= 1.5x,
   and the question is on screen while the model still loads. The time until the whole first
   screen (the key bar, drawn a frame later) is printed too.

Machine noise hits both sides of each pair alike. This prints numbers; it is not a test and
never fails on a timing.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
SIZE = (100, 30)
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=$!]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, colour queries
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78MDEc]"
)
BASELINE = """\
from textual.app import App
from textual.widgets import Static

class Minimal(App[None]):
    def compose(self):
        yield Static("baseline app is on screen")

Minimal().run()
"""
BASELINE_MARK = "baseline app is on screen"
LOADING_MARK = "model loading"
LOADED_MARKS = ("ready", "rubric only")
KEY_BAR_MARK = "^q Quit"


@dataclass
class Run:
    seconds: float  # until the marker text was on screen
    while_loading: bool | None = None  # was the model still loading at that moment?
    model_seconds: float | None = None  # until the model status left "loading"
    complete_seconds: float | None = None  # until the key bar (drawn a frame later) was there


def _plain(raw: bytes) -> str:
    return " ".join(ANSI.sub(b"", raw).decode("utf-8", "replace").split())


def _launch(
    argv: list[str], env: dict[str, str], mark: str, timeout: float, watch_model: bool
) -> Run:
    master, slave = os.openpty()
    width, height = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    raw = b""
    run: Run | None = None
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                raw += chunk
            text = _plain(raw)
            now = time.perf_counter() - started
            if run is None and mark in text:
                run = Run(now)
                if not watch_model:
                    break
            if run is not None and run.complete_seconds is None and KEY_BAR_MARK in text:
                run.complete_seconds = now
            settled = [text.find(m) for m in LOADED_MARKS if m in text]
            if run is not None and watch_model and settled:
                # a frame reaches the terminal in pieces: judge by what the screen said first
                loading_at = text.find(LOADING_MARK)
                run.while_loading = 0 <= loading_at < min(settled) and run.seconds < now
                run.model_seconds = now
                break
        if run is None:
            tail = _plain(raw)[-400:]
            raise RuntimeError(f"{argv[0]}: {mark!r} never appeared in {timeout}s; saw: {tail}")
        return run
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def _median_process(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _question(bank_id: str, seed: int) -> str:
    """The first question `--seed` will ask, worked out the same way the command does."""
    from interview_cli.banks.cache import load_banks_for
    from interview_cli.paths import resolve_paths
    from interview_cli.planning.picking import Filters, plan_session

    banks = load_banks_for(resolve_paths({}), [bank_id]).banks
    plan = plan_session(banks, Filters(bank_ids=(bank_id,)), 1, seed=seed)
    words = plan[0].question.question.split()
    return " ".join(words[:5])  # the start of the question fits on its first line


def _volatile(folder: str, names: list[str]) -> list[str]:
    """What a killed run leaves that the next one must not see: its session and lock."""
    return [n for n in names if n.endswith(".lock")]


def _reset_template(home: str) -> None:
    """Keep the warm-up's history file, but without the session it left open."""
    from interview_cli.store import HistoryStore

    store = HistoryStore(Path(home) / "history.json")
    for session in store.sessions.list():
        store.sessions.update(session.id, status="abandoned")


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def help_bench(runs: int) -> None:
    """`interview --help` against `python -c pass`: what the CLI itself adds to every command."""
    interview = str(BIN / "interview")
    bare = [sys.executable, "-c", "pass"]
    helps = [interview, "--help"]
    _time(bare), _time(helps)  # warm the page cache
    bare_times: list[float] = []
    help_times: list[float] = []
    for _ in range(runs):
        bare_times.append(_time(bare))
        help_times.append(_time(helps))
    bare_median = statistics.median(bare_times)
    help_median = statistics.median(help_times)
    added = help_median - bare_median
    print(f"python -c pass    median {bare_median * 1000:7.1f} ms  ({runs} runs)")
    print(f"interview --help  median {help_median * 1000:7.1f} ms  ({runs} runs)")
    print(f"ratio {help_median / bare_median:.2f}x, added {added * 1000:.1f} ms (target < 250 ms)")
    print("PASS" if added < 0.25 else "OVER TARGET")


def practice_bench(args: argparse.Namespace) -> None:
    """`interview practice` until its first question, against a one-line Textual app."""
    question = _question(args.bank, args.seed)
    interview = str(BIN / "interview")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEW_")}
    base_env.update({"TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])})
    practice = [
        interview,
        "practice",
        "--bank",
        args.bank,
        "--count",
        "1",
        "--seed",
        str(args.seed),
    ]
    if args.model:
        practice += ["--model", args.model]
    baseline = [sys.executable, "-c", BASELINE]

    homes: list[str] = []
    # a returning user: a history file and the bank cache exist (made by the warm-up run);
    # each run gets its own copy, since a killed run leaves a session to resume behind it
    template = tempfile.mkdtemp(prefix="interview-bench-")
    homes.append(template)

    def practice_once(home: str | None = None) -> Run:
        if home is None:
            home = tempfile.mkdtemp(prefix="interview-bench-")
            homes.append(home)
            shutil.copytree(template, home, dirs_exist_ok=True, ignore=_volatile)
        env = {**base_env, "INTERVIEW_HOME": home}
        return _launch(practice, env, question, args.timeout, watch_model=True)

    def baseline_once() -> Run:
        return _launch(baseline, base_env, BASELINE_MARK, args.timeout, watch_model=False)

    try:
        practice_once(template), baseline_once()  # warm the page cache, fill the template
        _reset_template(template)
        bases: list[Run] = []
        runs: list[Run] = []
        for _ in range(args.runs):
            bases.append(baseline_once())
            runs.append(practice_once())
    finally:
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)

    base_median = statistics.median(r.seconds for r in bases)
    practice_median = statistics.median(r.seconds for r in runs)
    ratio = practice_median / base_median
    loading = sum(1 for r in runs if r.while_loading)
    model_times = [r.model_seconds for r in runs if r.model_seconds is not None]
    print(
        f"minimal Textual app   median {base_median * 1000:7.1f} ms to its text  ({args.runs} runs)"
    )
    print(f"interview practice    median {practice_median * 1000:7.1f} ms to the first question")
    print(f"ratio {ratio:.2f}x (target <= 1.5x)  {'PASS' if ratio <= 1.5 else 'OVER TARGET'}")
    complete = [r.complete_seconds for r in runs if r.complete_seconds is not None]
    if complete:
        print(f"whole screen (key bar) median {statistics.median(complete) * 1000:7.1f} ms")
    if model_times:
        print(f"model status settled  median {statistics.median(model_times) * 1000:7.1f} ms")
    print(
        f"question on screen while the model was still loading: {loading} of {len(runs)} runs"
        f"  {'PASS' if loading == len(runs) else 'CHECK'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", choices=("help", "practice"), help="run one of the two measurements"
    )
    parser.add_argument("--runs", type=int, default=11, help="runs of each practice program")
    parser.add_argument("--help-runs", type=int, default=21, help="runs of --help and of pass")
    parser.add_argument("--bank", default="os-en")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", default=None, help="GGUF to load (default: the setting's)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    if args.only != "practice":
        help_bench(args.help_runs)
    if args.only is None:
        print()
    if args.only != "help":
        practice_bench(args)


if __name__ == "__main__":
    main()
