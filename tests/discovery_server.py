"""Real HTTP servers on 127.0.0.1 that answer like Ollama and an OpenAI-compatible
server, from the recorded response shapes in `tests/fixtures/discovery/`, and
misbehave on request: slow, trickling, broken, malformed."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "discovery"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


class DiscoveryServer(ThreadingHTTPServer):
    daemon_threads = True
    mode: str
    """`ok`, `slow`, `trickle`, `truncated`, `hangup`, `error`, `html`, `not-json`, `wrong-shape`."""
    delay: float
    requests: list[tuple[str, str, Any]]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up mid-answer is what some tests are about


class _Handler(BaseHTTPRequestHandler):
    server: DiscoveryServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        server = self.server
        if server.mode == "slow":
            time.sleep(server.delay)
        if server.mode == "hangup":  # accept, read, close without a word
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(status)
        self.send_header("content-type", content_type)
        if server.mode == "truncated":
            self.send_header("content-length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if server.mode == "trickle":  # one byte every `delay` seconds, forever in effect
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(server.delay)
            return
        self.wfile.write(body)

    def _answer(self, payload: Any) -> None:
        mode = self.server.mode
        if mode == "error":
            self._send(500, b'{"error":"model runner has unexpectedly stopped"}')
        elif mode == "html":
            self._send(200, b"<html><body>Sign in</body></html>", "text/html")
        elif mode == "not-json":
            self._send(200, b'{"models": [{"name": "llama3.1:8b",')
        elif mode == "wrong-shape":
            self._send(200, json.dumps({"models": "llama3.1:8b", "data": {"id": "x"}}).encode())
        else:
            self._send(200, json.dumps(payload).encode())

    def do_GET(self) -> None:
        self.server.requests.append(("GET", self.path, dict(self.headers)))
        if self.path == "/api/tags":
            self._answer(fixture("ollama-tags.json"))
        elif self.path in ("/v1/models", "/openai/v1/models"):
            self._answer(fixture("openai-models.json"))
        else:
            self._send(404, b'{"error":"not found"}')

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        self.server.requests.append(("POST", self.path, body))
        shows = fixture("ollama-show.json")
        name = body.get("model") if isinstance(body, dict) else None
        if self.path == "/api/show" and name in shows:
            self._answer(shows[name])
        elif self.path == "/api/show":
            self._send(404, json.dumps({"error": f"model '{name}' not found"}).encode())
        else:
            self._send(404, b'{"error":"not found"}')


@contextmanager
def serve(mode: str = "ok", delay: float = 0.0) -> Iterator[tuple[str, DiscoveryServer]]:
    """A server on a free port of 127.0.0.1: (base URL, server)."""
    server = DiscoveryServer(("127.0.0.1", 0), _Handler)
    server.mode, server.delay, server.requests = mode, delay, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """A URL on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
