"""Scoring through an OpenAI-compatible server: llama_cpp.server on 127.0.0.1 with the small model.

These are the only tests that open a connection, and only on the loopback interface.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from interview_cli.config import load_settings
from interview_cli.llm.discovery import embedded_model_path
from interview_cli.llm.server import ServerClient, ServerError
from interview_cli.paths import resolve_paths
from interview_cli.scoring.base import FLAG_SERVER_FALLBACK, ScoringRequest
from interview_cli.scoring.factory import build_scorer
from interview_cli.scoring.pipeline import RubricScorer
from interview_cli.scoring.server_scorer import ServerScorer
from tests.support.paths import SUPPORT

REQUEST = ScoringRequest(
    question="Why does TCP use a three-way handshake?",
    answer="Both sides pick initial sequence numbers and confirm them with SYN and ACK segments.",
    key_points=(
        "Both sides agree on initial sequence numbers.",
        "SYN, SYN-ACK and ACK confirm that each direction works.",
        "It prevents old duplicate connection requests from being accepted.",
    ),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model = embedded_model_path(tmp_path_factory.mktemp("server-cache"))
    port = _free_port()
    log = tmp_path_factory.mktemp("server-log") / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                str(SUPPORT / "llama_server.py"),
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
                "--chat_format",
                "gemma",
                "--n_threads",
                "2",
                "--model_alias",
                "small",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                ServerClient(url, timeout_s=2).model_name()
                break
            except ServerError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("llama_cpp.server did not start: " + log.read_text()[-2000:])
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_scores_through_a_real_server(server_url: str) -> None:
    # a 270M model samples ~2 tokens/s under a JSON grammar: ask for the verdicts only
    scorer = ServerScorer(server_url, fallback=RubricScorer(), timeout_s=120, ask_for_text=False)
    result = scorer.score(REQUEST)
    assert FLAG_SERVER_FALLBACK not in result.flags, result.details
    assert result.scorer.method == "rubric+server"
    assert result.scorer.model == f"small@{server_url}"
    assert len(result.details["server"]) == 3  # type: ignore[arg-type]
    assert 0 <= result.score <= 10


def test_factory_uses_the_server_setting(server_url: str, interview_home: Path) -> None:
    paths = resolve_paths()
    built = build_scorer(load_settings(paths, flags={"server": server_url}, env={}), paths)
    assert isinstance(built, ServerScorer)


def test_dead_server_falls_back_locally_and_says_so() -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    result = ServerScorer(url, fallback=RubricScorer(), timeout_s=2).score(REQUEST)
    assert FLAG_SERVER_FALLBACK in result.flags
    assert result.scorer.method == "rubric"
    assert "cannot connect" in str(result.details["server_error"])
    assert "did not answer" in result.feedback


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


def test_timeout_falls_back() -> None:
    httpd = HTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        result = ServerScorer(url, fallback=RubricScorer(), timeout_s=0.5).score(REQUEST)
    finally:
        httpd.shutdown()
    assert FLAG_SERVER_FALLBACK in result.flags
    assert "no answer within 0.5 s" in str(result.details["server_error"])


class _Grader(BaseHTTPRequestHandler):
    """A server that covers every key point and writes the same feedback and follow-up."""

    def _send(self, body: object) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._send({"data": [{"id": "grader"}]})

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        schema = request["response_format"]["json_schema"]["schema"]
        count = schema["properties"]["verdicts"]["minItems"]
        reply = {
            "verdicts": ["covered"] * count,
            "feedback": "Remote feedback.",
            "follow_up": "What does the server ask next?",
        }
        self._send({"choices": [{"message": {"content": json.dumps(reply)}}]})

    def log_message(self, *args: object) -> None:
        return None


def test_server_text_belongs_to_its_own_answer() -> None:
    """What the server wrote about one answer is never shown for the next one."""
    httpd = HTTPServer(("127.0.0.1", 0), _Grader)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        scorer = ServerScorer(url, fallback=RubricScorer(), timeout_s=5)
        graded = scorer.score(REQUEST)
        empty = scorer.score(replace(REQUEST, answer=""))  # not sent: nothing to grade
    finally:
        httpd.shutdown()
    assert graded.scorer.method == "rubric+server" and graded.scorer.model == f"grader@{url}"
    assert graded.feedback.startswith("Remote feedback. ")
    assert FLAG_SERVER_FALLBACK not in graded.flags
    assert "Remote feedback." not in empty.feedback
    assert empty.follow_up != "What does the server ask next?" and not empty.follow_up_generated
