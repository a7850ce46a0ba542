"""The practice app's start-up runs without Python's cyclic garbage collector.

While a program imports its modules and builds its first screen the collector runs many
times and finds almost nothing to free. `interview practice` and `interview review` draw their
first question sooner without it (bench/startup.py: 1.46-1.48x a bare Textual app with the
collector off, 1.59-1.84x with it on, against a target of 1.5x), so for those two commands it
is off from the entry point until the app's first frame is drawn, or until the command does
slow work of its own. Every other command runs with the collector on from the start.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

# the commands that open the practice app, which ends the start-up once its first frame is drawn
APP_COMMANDS = ("practice", "review")


def begin(argv: Sequence[str]) -> None:
    """Turn the collector off if the command line (its first word is the command, as in
    `cli.main`) opens the practice app."""
    if argv and argv[0] in APP_COMMANDS:
        gc.disable()


def done() -> None:
    """The start-up is over: keep what it built out of future collections, and collect again."""
    if not gc.isenabled():
        gc.freeze()  # modules, classes and the first screen live as long as the process
        gc.enable()
