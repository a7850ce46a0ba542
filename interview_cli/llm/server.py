"""A client for an OpenAI-compatible server (llama.cpp server, Ollama, vLLM) on another machine."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class ServerError(Exception):
    """The server could not be used; the message says why in one line."""


class _RejectedRequest(ServerError):
    """The server understood the request but refused its form (HTTP 400/422)."""


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    base_path: str

    @classmethod
    def parse(cls, url: str) -> Endpoint:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServerError(f"{url}: not an http(s) server URL")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        path = parts.path.rstrip("/")
        if path.endswith("/v1"):
            path = path[: -len("/v1")]
        return cls(parts.scheme, parts.hostname, port, path)


class ServerClient:
    """A tiny client for /v1/chat/completions and /v1/models (stdlib only, with timeouts)."""

    def __init__(self, url: str, timeout_s: float = 30.0, model: str | None = None) -> None:
        self.url = url
        self.endpoint = Endpoint.parse(url)
        self.timeout_s = timeout_s
        self.model = model
        self._format_index = 0

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        e = self.endpoint
        connection_type = (
            http.client.HTTPSConnection if e.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_type(e.host, e.port, timeout=self.timeout_s)
        try:
            payload = json.dumps(body).encode("utf-8") if body is not None else None
            headers = {"Content-Type": "application/json"} if payload else {}
            connection.request(method, e.base_path + path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except TimeoutError:
            raise ServerError(f"{self.url}: no answer within {self.timeout_s:g} s") from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            raise ServerError(f"{self.url}: cannot connect ({exc})") from None
        finally:
            connection.close()
        if response.status in (400, 422, 500):  # llama-cpp-python answers 500 to a bad field
            raise _RejectedRequest(f"{self.url}: HTTP {response.status} from {path}")
        if response.status != 200:
            raise ServerError(f"{self.url}: HTTP {response.status} from {path}")
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise ServerError(f"{self.url}: {path} did not return JSON") from None

    def model_name(self) -> str:
        if self.model is None:
            listing = self._request("GET", "/v1/models")
            try:
                self.model = str(listing["data"][0]["id"])
            except (KeyError, IndexError, TypeError):
                raise ServerError(f"{self.url}: /v1/models lists no model") from None
        return self.model

    def chat_json(
        self, system: str, user: str, schema: dict[str, Any], max_tokens: int = 400
    ) -> dict[str, Any]:
        """One chat turn whose reply is constrained to ``schema`` by the server's grammar."""
        body: dict[str, Any] = {
            "model": self.model_name(),
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "temperature": 0,
            "max_tokens": max_tokens,
        }
        # OpenAI, vLLM and Ollama take "json_schema"; llama-cpp-python's server takes a schema
        # inside "json_object". Try the standard form first and remember what worked.
        formats = [
            {"type": "json_schema", "json_schema": {"name": "grade", "schema": schema}},
            {"type": "json_object", "schema": schema},
        ]
        if self._format_index:
            formats = formats[self._format_index :]
        reply: Any = None
        for index, response_format in enumerate(formats):
            try:
                reply = self._request(
                    "POST", "/v1/chat/completions", {**body, "response_format": response_format}
                )
                self._format_index = index + self._format_index
                break
            except _RejectedRequest:
                if index == len(formats) - 1:
                    raise ServerError(
                        f"{self.url}: the server refused JSON-constrained replies"
                    ) from None
        try:
            content = reply["choices"][0]["message"]["content"]
            data = json.loads(content)
        except (KeyError, IndexError, TypeError, json.JSONDecodeError):
            raise ServerError(f"{self.url}: the reply was not the JSON asked for") from None
        if not isinstance(data, dict):
            raise ServerError(f"{self.url}: the reply was not a JSON object")
        return data
