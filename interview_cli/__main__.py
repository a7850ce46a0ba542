"""The `interview` command's entry point (also `python -m interview_cli`).

Python's cyclic garbage collector runs many times while a program imports its modules and
builds its first screen, and finds almost nothing to free then: `interview practice` draws its
first question about 13 ms sooner without it. So it is off from here until the start-up is
over: `cli.root` turns it back on before any command but practice and review, and those turn
it on once the app's first frame is drawn (`startup_done`).
"""

from __future__ import annotations

import gc


def startup_done() -> None:
    """The start-up is over: keep what it built out of future collections, and collect again."""
    if not gc.isenabled():
        gc.freeze()  # modules, classes and the first screen live as long as the process
        gc.enable()


def main() -> None:
    gc.disable()
    try:
        from interview_cli.cli import main as run

        run()
    finally:
        startup_done()


if __name__ == "__main__":
    main()
