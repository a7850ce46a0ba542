"""The package's modules with their line counts at an earlier commit and now, side by side.

    python bench/module_lines.py REV    # b1bf9c8: the commit before the house-in-order work

Modules only one side has are listed with a dash on the other. Prints numbers; never fails.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "interview_cli"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def lines_at(rev: str) -> dict[str, int]:
    names = [
        n for n in _git("ls-tree", "-r", "--name-only", rev, PACKAGE).split() if n.endswith(".py")
    ]
    return {name: len(_git("show", f"{rev}:{name}").splitlines()) for name in names}


def lines_now() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted((ROOT / PACKAGE).rglob("*.py"))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the earlier commit")
    args = parser.parse_args()
    before, now = lines_at(args.rev), lines_now()
    width = max(map(len, before | now))
    print(f"{'module':<{width}}  {args.rev[:10]:>10}  {'now':>6}")
    for name in sorted(before | now):
        old = str(before[name]) if name in before else "-"
        new = str(now[name]) if name in now else "-"
        print(f"{name:<{width}}  {old:>10}  {new:>6}")
    print(
        f"{'total (' + str(len(before)) + ' -> ' + str(len(now)) + ' modules)':<{width}}  "
        f"{sum(before.values()):>10}  {sum(now.values()):>6}"
    )
    largest = max(now, key=lambda n: now[n])
    print(f"largest module now: {largest} ({now[largest]} lines)")


if __name__ == "__main__":
    main()
