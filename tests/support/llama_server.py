"""Run llama_cpp.server for the server-backend tests, with the same AMX workaround as our engine.

llama.cpp's AMX kernels crash on this CI's virtual CPUs (see interview_cli.llm.engine), and the
stock server offers no switch for it, so the tests start the server through this file.
"""

from __future__ import annotations

import sys

from interview_cli.llm.engine import amx_guard


def main() -> None:
    from llama_cpp.server.__main__ import main as serve

    sys.argv[0] = "llama_cpp.server"
    with amx_guard():
        serve()


if __name__ == "__main__":
    main()
