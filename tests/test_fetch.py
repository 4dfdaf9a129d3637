"""The HTTP path against a real local server that misbehaves on purpose."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from generator.fetch import FetchError, RetryPolicy, fetch
from tests.conftest import FEED, run_generator, tree_digest
from tests.upstream_server import serve

FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=0.05, timeout=0.5)
FILES = {"api.json": FEED}


def test_ok_and_sha256() -> None:
    with serve(FILES) as (base, _):
        got = fetch(f"{base}/ok/api.json", FAST)
    assert got.data == FEED.read_bytes()
    assert got.size == FEED.stat().st_size
    assert len(got.sha256) == 64


def test_retries_5xx_then_succeeds() -> None:
    with serve(FILES) as (base, server):
        got = fetch(f"{base}/flaky/api.json", FAST)
        assert server.hits["/flaky/api.json"] == 3
    assert got.data == FEED.read_bytes()


def test_honours_429_retry_after() -> None:
    with serve(FILES) as (base, server):
        assert fetch(f"{base}/ratelimited/api.json", FAST).data == FEED.read_bytes()
        assert server.hits["/ratelimited/api.json"] == 2


def test_follows_redirects() -> None:
    with serve(FILES) as (base, _):
        assert fetch(f"{base}/redirect/api.json", FAST).data == FEED.read_bytes()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/down/api.json", "gave up after 3 attempts: HTTP 500"),
        ("/slow/api.json?2", "timed out"),
        ("/truncated/api.json", "gave up after 3 attempts"),
        ("/html/api.json", "not JSON"),
        ("/missing/api.json", "HTTP 404"),
        ("/loop/api.json", "too many redirects"),
    ],
)
def test_failures_are_clear(path: str, message: str) -> None:
    with serve(FILES) as (base, server), pytest.raises(FetchError) as info:
        fetch(f"{base}{path}", FAST)
    assert message in str(info.value)
    assert base in str(info.value)
    if "gave up" in message:
        assert server.hits[path.partition("?")[0]] == FAST.attempts


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/api.json", FAST)


def test_missing_local_file(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot read"):
        fetch(str(tmp_path / "nope.json"))


def test_update_over_http_and_outage_leaves_repo_untouched(repo_copy: Path) -> None:
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    with serve(FILES) as (base, _):
        ok = run_generator(
            repo_copy, "update", "--source", f"{base}/ok/api.json", "--date", "2026-07-02"
        )
        assert ok.returncode == 0, ok.stderr
        # The same bytes make the same package; only the recorded URL differs.
        manifest = (repo_copy / "snapshots" / "2026-07-02" / "manifest.json").read_text("utf-8")
        assert f"{base}/ok/api.json" in manifest
        before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
        bad = run_generator(
            repo_copy, "update", "--source", f"{base}/truncated/api.json", "--date", "2026-07-03"
        )
    assert bad.returncode == 2
    assert "truncated" in bad.stderr or "connection broken" in bad.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before
