"""A real HTTP server on 127.0.0.1 that serves recorded upstream files and misbehaves
on request: slow answers, 5xx and 429, truncated bodies, HTML error pages, redirects,
bodies dripped byte by byte, wrong content types, gzip bombs."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class UpstreamServer(ThreadingHTTPServer):
    daemon_threads = True
    files: dict[str, Path]
    hits: Counter[str]


class _Handler(BaseHTTPRequestHandler):
    server: UpstreamServer

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        server = self.server
        path, _, query = self.path.partition("?")
        server.hits[path] += 1
        hits = server.hits[path]
        kind, _, name = path.strip("/").partition("/")
        body = server.files[name].read_bytes() if name in server.files else b""
        if kind == "ok":
            self._send(200, body)
        elif kind == "flaky":  # two 503s, then the file
            if hits <= 2:
                self._send(503, b"unavailable", "text/plain")
            else:
                self._send(200, body)
        elif kind == "ratelimited":  # one 429 with Retry-After, then the file
            if hits == 1:
                self.send_response(429)
                self.send_header("retry-after", "0")
                self.send_header("content-length", "0")
                self.end_headers()
            else:
                self._send(200, body)
        elif kind == "down":
            self._send(500, b"internal error", "text/plain")
        elif kind == "slow":
            time.sleep(float(query or "2"))
            self._send(200, body)
        elif kind == "truncated":  # claims the whole file, sends half, hangs up
            self._send(200, body[: len(body) // 2], length=len(body))
            self.close_connection = True
        elif kind == "html":
            self._send(200, b"<html><body>Please log in</body></html>", "text/html")
        elif kind == "missing":
            self._send(404, b"not found", "text/plain")
        elif kind == "redirect":
            self.send_response(302)
            self.send_header("location", f"/ok/{name}")
            self.send_header("content-length", "0")
            self.end_headers()
        elif kind == "loop":
            self.send_response(302)
            self.send_header("location", self.path)
            self.send_header("content-length", "0")
            self.end_headers()
        elif kind == "drip":  # the whole length promised, one small piece at a time
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            pause = float(query or "0.05")
            with contextlib.suppress(OSError):
                for start in range(0, len(body), 16):
                    self.wfile.write(body[start : start + 16])
                    self.wfile.flush()
                    time.sleep(pause)
        elif kind == "textplain":  # how raw.githubusercontent.com serves JSON
            self._send(200, body, "text/plain; charset=utf-8")
        elif kind == "jsonhtml":  # a login page that claims to be JSON
            self._send(200, b"<!DOCTYPE html><html><body>Sign in</body></html>")
        elif kind == "gzipbomb":  # 80 MB of spaces, about 80 KB on the wire
            packed = gzip.compress(b" " * (80 * 1024 * 1024), compresslevel=9)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-encoding", "gzip")
            self.send_header("content-length", str(len(packed)))
            self.end_headers()
            self.wfile.write(packed)
        elif kind == "overloaded":  # 429 forever, asking for an hour's patience
            self.send_response(429)
            self.send_header("retry-after", "3600")
            self.send_header("content-length", "0")
            self.end_headers()
        elif kind == "badreason":  # an error whose reason phrase is a terminal escape
            self.send_response(403, "Forbidden \x1b[2J\x1b]0;pwned\x07")
            self.send_header("content-length", "0")
            self.end_headers()
        else:
            self._send(404, b"", "text/plain")


@contextmanager
def serve(files: dict[str, Path]) -> Iterator[tuple[str, UpstreamServer]]:
    """Serve `files` at http://127.0.0.1:PORT/<behaviour>/<name>."""
    server = UpstreamServer(("127.0.0.1", 0), _Handler)
    server.files = files
    server.hits = Counter()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()
