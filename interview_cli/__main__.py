"""The `interview` command's entry point (also `python -m interview_cli`)."""

from __future__ import annotations

import sys

from interview_cli import startup


def main() -> None:
    startup.begin(sys.argv[1:])
    try:
        from interview_cli.cli import main as run

        run()
    finally:
        startup.done()  # every way of leaving without a first frame (nothing to practise, an error)


if __name__ == "__main__":
    main()
