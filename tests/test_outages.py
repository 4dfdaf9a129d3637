"""Outages and hostile servers, against a real HTTP server on 127.0.0.1.

`test_fetch.py` covers the basic cases (5xx, 429, timeouts, truncation, HTML,
redirects, refused connections); these add what an unattended nightly run meets
on a bad night: bodies dripped slowly enough to dodge every read timeout, servers
that rate-limit forever, JSON served as text, login pages that claim to be JSON,
gzip bombs, reason phrases that are terminal escapes, and the end-to-end promise:
`update` exits non-zero with one clear message and changes nothing.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from generator.fetch import FetchError, RetryPolicy, fetch
from tests.conftest import FEED, run_generator, tree_digest
from tests.upstream_server import serve

FILES = {"api.json": FEED}


def test_a_dripped_body_is_cut_off_at_the_overall_deadline() -> None:
    """Every 16-byte piece arrives well within the read timeout; the whole would
    take hours. The overall deadline ends it, and says so."""
    policy = RetryPolicy(attempts=3, backoff=0.01, max_wait=0.05, timeout=0.5, deadline=1.0)
    start = time.monotonic()
    with serve(FILES) as (base, server), pytest.raises(FetchError) as info:
        fetch(f"{base}/drip/api.json?0.02", policy)
    elapsed = time.monotonic() - start
    assert "deadline" in str(info.value)
    assert base in str(info.value)
    assert elapsed < 3.0
    assert server.hits["/drip/api.json"] == 1  # a missed deadline is not retried


def test_endless_rate_limiting_gives_up_within_bounds() -> None:
    """`Retry-After: 3600` is capped at `max_wait`; the attempts are counted."""
    policy = RetryPolicy(attempts=4, backoff=0.01, max_wait=0.1, timeout=1.0)
    start = time.monotonic()
    with serve(FILES) as (base, server), pytest.raises(FetchError) as info:
        fetch(f"{base}/overloaded/api.json", policy)
    assert time.monotonic() - start < 2.0
    assert "gave up after 4 attempts: HTTP 429" in str(info.value)
    assert server.hits["/overloaded/api.json"] == 4


def test_retries_stop_when_the_next_wait_would_pass_the_deadline() -> None:
    policy = RetryPolicy(attempts=10, backoff=0.2, max_wait=5.0, timeout=1.0, deadline=0.5)
    start = time.monotonic()
    with serve(FILES) as (base, server), pytest.raises(FetchError) as info:
        fetch(f"{base}/down/api.json", policy)
    assert time.monotonic() - start < 1.5
    assert "deadline reached" in str(info.value)
    assert "HTTP 500" in str(info.value)
    assert 1 <= server.hits["/down/api.json"] < 10


def test_json_served_as_text_plain_is_accepted() -> None:
    """raw.githubusercontent.com serves JSON as text/plain; the body decides."""
    with serve(FILES) as (base, _):
        assert fetch(f"{base}/textplain/api.json").data == FEED.read_bytes()


def test_a_gzip_bomb_is_refused_at_the_size_cap() -> None:
    """The cap counts decoded bytes: 80 KB on the wire that inflate past 64 MB."""
    with serve(FILES) as (base, _), pytest.raises(FetchError, match="larger than"):
        fetch(f"{base}/gzipbomb/api.json")


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/down/api.json", "gave up after 4 attempts: HTTP 500"),
        ("/html/api.json", "not JSON"),
        ("/jsonhtml/api.json", "got HTML or XML, not JSON"),
        ("/missing/api.json", "HTTP 404"),
        ("/loop/api.json", "too many redirects"),
        ("/gzipbomb/api.json", "larger than"),
        ("/badreason/api.json", "403"),
        ("refused", "cannot connect"),
    ],
)
def test_update_fails_clearly_and_changes_nothing(repo_copy: Path, path: str, message: str) -> None:
    """The nightly job's contract: non-zero exit, one clear message, nothing written."""
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    with serve(FILES) as (base, _):
        url = f"http://127.0.0.1:{_refused_port()}/api.json" if path == "refused" else base + path
        result = run_generator(repo_copy, "update", "--source", url, "--date", "2026-07-03")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    # No raw control character from the server reaches the terminal or CI log.
    assert all(ch.isprintable() or ch == "\n" for ch in result.stderr)
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before
    assert not (repo_copy / "snapshots" / "2026-07-03").exists()
    assert not (repo_copy / ".generator-tmp").exists()


def test_an_endless_local_file_is_refused_at_the_cap() -> None:
    """`--source /dev/zero` reads 64 MB and a byte, not forever."""
    with pytest.raises(FetchError, match="more than the 67,108,864 bytes allowed"):
        fetch("/dev/zero")
