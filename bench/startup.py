"""Start-up cost of `interview --help`, as a ratio to a bare `python -c pass`.

Both commands run alternately in the same run, so machine noise hits both alike.
Target: `interview --help` adds under 0.25 s to a bare interpreter start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    interview = str(BIN / "interview")
    bare = [sys.executable, "-c", "pass"]
    helps = [interview, "--help"]
    _time(bare), _time(helps)  # warm the page cache
    bare_times: list[float] = []
    help_times: list[float] = []
    for _ in range(args.runs):
        bare_times.append(_time(bare))
        help_times.append(_time(helps))
    bare_median = statistics.median(bare_times)
    help_median = statistics.median(help_times)
    added = help_median - bare_median
    print(f"python -c pass    median {bare_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"interview --help  median {help_median * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"ratio {help_median / bare_median:.2f}x, added {added * 1000:.1f} ms (target < 250 ms)")
    print("PASS" if added < 0.25 else "OVER TARGET")


if __name__ == "__main__":
    main()
