"""The server client's address parsing (scoring through a server: scoring/test_server_scorer.py)."""

from __future__ import annotations

import pytest

from interview_cli.llm.server import Endpoint, ServerError


def test_endpoint_parsing() -> None:
    assert Endpoint.parse("http://box:8080/v1") == Endpoint("http", "box", 8080, "")
    assert Endpoint.parse("localhost:11434") == Endpoint("http", "localhost", 11434, "")
    assert Endpoint.parse("https://h/api/v1/").base_path == "/api"
    with pytest.raises(ServerError):
        Endpoint.parse("ftp://x")
