"""`Catalog.fetch` against real HTTP servers on 127.0.0.1, serving the document
`python -m generator bundle` writes from the current snapshot (and broken copies of
it): the catalog it loads is `Catalog.load(snapshots/<current>)`, and every way a
download can go wrong is refused with an error naming the URL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator import bundle
from llm_catalog import (
    Catalog,
    CatalogDataError,
    CatalogFetchError,
    IncompatibleSnapshotError,
    _fetch,
)
from tests.conftest import REPO, current_manifest, current_snapshot
from tests.upstream_server import UpstreamServer
from tests.upstream_server import _Handler as UpstreamHandler


class _Server(UpstreamServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stopped reading (at its deadline or size cap) is the point


class _Handler(UpstreamHandler):
    """The upstream test server's behaviours, plus two of its own."""

    def do_GET(self) -> None:  # noqa: N802  (the name http.server calls)
        path, _, query = self.path.partition("?")
        kind, _, name = path.strip("/").partition("/")
        if kind == "goto":  # a redirect to the URL in the query, wherever it points
            self.server.hits[path] += 1
            self.send_response(302)
            self.send_header("location", urllib.parse.unquote(query))
            self.send_header("content-length", "0")
            self.end_headers()
        elif kind == "nolength":  # the body until the connection closes, size unannounced
            self.server.hits[path] += 1
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(self.server.files[name].read_bytes())
            self.close_connection = True
        else:
            super().do_GET()


@contextmanager
def serve(files: dict[str, Path], host: str = "127.0.0.1") -> Iterator[tuple[str, UpstreamServer]]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.files = files
    server.hits = Counter()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundle of the current snapshot, written by the generator's command line;
    its path and the digest from its `.sha256` file."""
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(REPO), "bundle", "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    version = current_manifest()["version"]
    document = out / f"llm-catalog-{version}.json"
    digest, name = (out / f"{document.name}.sha256").read_text("utf-8").split()
    assert name == document.name
    return document, digest


@pytest.fixture(scope="module")
def expected() -> Catalog:
    return Catalog.load(current_snapshot())


@pytest.fixture(scope="module")
def served(made: tuple[Path, str]) -> Iterator[tuple[str, UpstreamServer]]:
    with serve({"bundle": made[0]}) as found:
        yield found


def variant(tmp_path: Path, made: tuple[Path, str], change: Any) -> Path:
    """A copy of the bundle with `change(data)` applied."""
    data = json.loads(made[0].read_bytes())
    change(data)
    path = tmp_path / "variant.json"
    path.write_bytes(bundle.encode(data))
    return path


# -- the document ------------------------------------------------------------------


def test_bundle_is_the_current_snapshot_with_a_digest(made: tuple[Path, str]) -> None:
    document, digest = made
    raw = document.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == digest
    data = json.loads(raw)
    manifest = current_manifest()
    assert data["format"] == bundle.FORMAT == _fetch.FORMAT
    assert data["manifest"] == manifest
    assert (data["schema_version"], data["date"], data["version"]) == (
        manifest["schema_version"],
        manifest["date"],
        manifest["version"],
    )
    assert data["providers"] == json.loads((current_snapshot() / "catalog.json").read_text())
    # deterministic: the same snapshot gives the same bytes, compact and sorted
    assert raw == bundle.encode(data) == bundle.build(REPO / "snapshots").data
    assert raw.endswith(b"}\n") and b"\n" not in raw[:-1]


def test_bundle_refuses_an_unwritable_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(REPO), "bundle", "--out", str(blocker)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert f"cannot write the bundle into {blocker}" in result.stderr
    assert list(tmp_path.iterdir()) == [blocker]


# -- what is loaded ------------------------------------------------------------------


def test_fetch_loads_what_load_reads_from_the_snapshot(
    served: tuple[str, UpstreamServer], made: tuple[Path, str], expected: Catalog
) -> None:
    base, _ = served
    url = f"{base}/ok/bundle"
    fetched = Catalog.fetch(url, sha256=made[1].upper())  # the digest's case is free
    assert fetched.models == expected.models
    assert fetched.providers == expected.providers
    assert (fetched.data_date, fetched.version) == (expected.data_date, expected.version)
    assert fetched.data_date == current_manifest()["date"]
    assert fetched.origin == url
    assert len(fetched) == current_manifest()["models"]
    # no digest given: read all the same
    assert Catalog.fetch(url).models == expected.models


def test_a_redirect_on_the_same_host_is_followed(
    served: tuple[str, UpstreamServer], made: tuple[Path, str], expected: Catalog
) -> None:
    base, _ = served
    assert Catalog.fetch(f"{base}/redirect/bundle", sha256=made[1]).models == expected.models


def test_a_redirect_to_another_host_is_followed_when_its_url_is_allowed(
    made: tuple[Path, str], expected: Catalog
) -> None:
    """GitHub answers a release asset's URL with a redirect to its download host: a
    redirect may change host; the target must pass the same rules as the URL."""
    with (
        serve({"bundle": made[0]}, host="localhost") as (other, other_server),
        serve({}) as (base, _),
    ):
        target = urllib.parse.quote(f"{other}/ok/bundle", safe="")
        fetched = Catalog.fetch(f"{base}/goto/?{target}", sha256=made[1])
    assert fetched.models == expected.models
    assert other_server.hits["/ok/bundle"] == 1


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://example.com/llm-catalog.json", "plain http:// is read from loopback hosts only"),
        ("file:///etc/passwd", "only https:// URLs are read"),
        ("ftp://example.com/llm-catalog.json", "only https:// URLs are read"),
    ],
)
def test_a_redirect_elsewhere_is_refused(
    served: tuple[str, UpstreamServer], target: str, reason: str
) -> None:
    base, _ = served
    url = f"{base}/goto/?{urllib.parse.quote(target, safe='')}"
    with pytest.raises(CatalogFetchError) as caught:
        Catalog.fetch(url, timeout=5)
    assert caught.value.url == f"{base}/goto/"
    assert caught.value.reason.startswith(f"redirect from {base}/goto/ to {target} refused: ")
    assert reason in caught.value.reason


def test_remote_to_loopback_redirect_rule() -> None:
    with pytest.raises(CatalogFetchError, match="may not redirect to a loopback host"):
        _fetch.check_url(
            "http://127.0.0.1:8080/x.json",
            allow_http=False,
            pinned=False,
            came_from="https://example.com/llm-catalog.json",
        )


def test_a_redirect_loop_ends(served: tuple[str, UpstreamServer]) -> None:
    base, server = served
    with pytest.raises(CatalogFetchError, match="HTTP 302 redirected more than 5 times") as caught:
        Catalog.fetch(f"{base}/loop/bundle", timeout=5)
    assert caught.value.url == f"{base}/loop/bundle"
    assert server.hits["/loop/bundle"] <= _fetch.MAX_REDIRECTS + 1


# -- what is refused -----------------------------------------------------------------


def test_a_server_slow_to_answer_meets_the_deadline(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    started = time.monotonic()
    with pytest.raises(CatalogFetchError, match=r"no complete answer within 0\.5 s") as caught:
        Catalog.fetch(f"{base}/slow/bundle?3", timeout=0.5)
    assert time.monotonic() - started < 2  # not the server's 3 s
    assert caught.value.url == f"{base}/slow/bundle"


def test_a_body_dripped_past_the_deadline_is_refused(
    served: tuple[str, UpstreamServer],
) -> None:
    """16 bytes every 50 ms: every read succeeds, the whole never comes in time."""
    base, _ = served
    started = time.monotonic()
    with pytest.raises(CatalogFetchError, match=r"no complete answer within 1 s"):
        Catalog.fetch(f"{base}/drip/bundle", timeout=1)
    assert time.monotonic() - started < 2.5  # the whole drip would take minutes


def test_a_truncated_body_is_refused(
    served: tuple[str, UpstreamServer], made: tuple[Path, str]
) -> None:
    base, _ = served
    size = made[0].stat().st_size
    with pytest.raises(CatalogFetchError, match="cut short") as caught:
        Catalog.fetch(f"{base}/truncated/bundle")
    assert f"{size // 2} of {size} announced bytes" in caught.value.reason


def test_a_wrong_hash_is_refused(
    served: tuple[str, UpstreamServer], made: tuple[Path, str]
) -> None:
    base, _ = served
    wrong = hashlib.sha256(b"another document").hexdigest()
    with pytest.raises(CatalogFetchError, match="sha256 mismatch") as caught:
        Catalog.fetch(f"{base}/ok/bundle", sha256=wrong)
    assert f"expected {wrong}, got {made[1]}" in caught.value.reason
    assert caught.value.url == f"{base}/ok/bundle"


@pytest.mark.parametrize("kind", ["html", "jsonhtml"])
def test_an_html_page_is_refused(served: tuple[str, UpstreamServer], kind: str) -> None:
    base, _ = served
    with pytest.raises(CatalogFetchError, match="an HTML page") as caught:
        Catalog.fetch(f"{base}/{kind}/bundle")
    assert f"{base}/{kind}/bundle" in str(caught.value)


def test_a_document_larger_than_announced_cap_is_refused_before_reading(
    served: tuple[str, UpstreamServer], made: tuple[Path, str]
) -> None:
    base, _ = served
    size = made[0].stat().st_size
    with pytest.raises(CatalogFetchError, match=f"announces {size} bytes, more than max_bytes="):
        Catalog.fetch(f"{base}/ok/bundle", max_bytes=size - 1)


def test_an_unannounced_body_stops_at_the_cap(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    with pytest.raises(CatalogFetchError, match="larger than max_bytes=100000"):
        Catalog.fetch(f"{base}/nolength/bundle", max_bytes=100_000)


def test_an_unannounced_body_within_the_cap_is_read(
    served: tuple[str, UpstreamServer], expected: Catalog
) -> None:
    base, _ = served
    assert Catalog.fetch(f"{base}/nolength/bundle").models == expected.models


def test_a_compressed_answer_is_refused(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    with pytest.raises(CatalogFetchError, match=r"compressed answer \(Content-Encoding: gzip\)"):
        Catalog.fetch(f"{base}/gzipbomb/bundle")


def test_a_server_error_is_refused(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    with pytest.raises(CatalogFetchError, match="HTTP 500") as caught:
        Catalog.fetch(f"{base}/down/bundle")
    assert str(caught.value).startswith(f"cannot fetch a catalog from {base}/down/bundle: ")


def test_a_missing_document_is_refused(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    with pytest.raises(CatalogFetchError, match="HTTP 404"):
        Catalog.fetch(f"{base}/missing/bundle")


def test_a_refused_connection_is_said() -> None:
    with serve({}) as (base, _):
        pass  # the port is closed again
    with pytest.raises(CatalogFetchError, match="cannot connect"):
        Catalog.fetch(f"{base}/ok/bundle", timeout=5)


def test_another_schema_version_is_refused(tmp_path: Path, made: tuple[Path, str]) -> None:
    def newer(data: dict[str, Any]) -> None:
        data["schema_version"] = data["manifest"]["schema_version"] = 99

    with (
        serve({"bundle": variant(tmp_path, made, newer)}) as (base, _),
        pytest.raises(IncompatibleSnapshotError, match="version 99") as caught,
    ):
        Catalog.fetch(f"{base}/ok/bundle")
    assert f"{base}/ok/bundle" in str(caught.value)
    assert "Upgrade llm-catalog" in str(caught.value)


def test_an_envelope_that_disagrees_with_its_manifest_is_refused(
    tmp_path: Path, made: tuple[Path, str]
) -> None:
    def other_date(data: dict[str, Any]) -> None:
        data["date"] = "2099-01-01"

    with (
        serve({"bundle": variant(tmp_path, made, other_date)}) as (base, _),
        pytest.raises(CatalogFetchError, match="its date '2099-01-01' is not its manifest"),
    ):
        Catalog.fetch(f"{base}/ok/bundle")


def test_a_snapshot_export_is_not_a_bundle(tmp_path: Path, made: tuple[Path, str]) -> None:
    def unwrap(data: dict[str, Any]) -> None:
        for key in ("format", "schema_version", "date", "version"):
            del data[key]

    with (
        serve({"bundle": variant(tmp_path, made, unwrap)}) as (base, _),
        pytest.raises(CatalogFetchError, match="not an llm-catalog bundle"),
    ):
        Catalog.fetch(f"{base}/ok/bundle")


def test_invalid_catalog_data_is_refused_naming_the_field(
    tmp_path: Path, made: tuple[Path, str]
) -> None:
    data = json.loads(made[0].read_bytes())
    pid, provider = next((p, v) for p, v in data["providers"].items() if v["models"])
    mid = next(iter(provider["models"]))

    def break_price(data: dict[str, Any]) -> None:
        data["providers"][pid]["models"][mid]["cost"] = {"input": "cheap"}

    with (
        serve({"bundle": variant(tmp_path, made, break_price)}) as (base, _),
        pytest.raises(CatalogDataError) as caught,
    ):
        Catalog.fetch(f"{base}/ok/bundle")
    assert caught.value.source == f"{base}/ok/bundle"
    (problem,) = caught.value.problems
    assert (problem.provider, problem.model, problem.field) == (pid, mid, "cost.input")


def test_not_json_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "llm-catalog-bundle", ')
    with serve({"bundle": broken}) as (base, _), pytest.raises(CatalogFetchError, match="not JSON"):
        Catalog.fetch(f"{base}/ok/bundle")


# -- URLs and arguments, refused before any connection ---------------------------


@pytest.mark.parametrize(
    ("url", "options", "reason"),
    [
        ("http://example.com/c.json", {}, "plain http:// is read from loopback hosts only"),
        ("http://example.com/c.json", {"allow_http": True}, "needs a sha256"),
        ("ftp://example.com/c.json", {}, "only https:// URLs are read"),
        ("file:///etc/passwd", {}, "only https:// URLs are read"),
        ("snapshots/catalog.json", {}, "only https:// URLs are read"),
        ("https://example.com:port/c.json", {}, "not a valid URL"),
    ],
)
def test_urls_that_are_refused(url: str, options: dict[str, Any], reason: str) -> None:
    with pytest.raises(CatalogFetchError, match=reason):
        Catalog.fetch(url, **options)


def test_urls_that_are_read() -> None:
    for url in ("https://example.com/c.json", "http://localhost:8000/c.json", "http://[::1]/c"):
        _fetch.check_url(url, allow_http=False, pinned=False)
    _fetch.check_url("http://mirror.internal/c.json", allow_http=True, pinned=True)
    _fetch.check_url(
        "https://release-assets.githubusercontent.com/x",
        allow_http=False,
        pinned=False,
        came_from="https://github.com/o/r/releases/download/v/c.json",
    )


def test_credentials_in_a_url_are_not_repeated(served: tuple[str, UpstreamServer]) -> None:
    base, _ = served
    secret = base.replace("http://", "http://user:hunter2@") + "/down/bundle?token=s3cr3t"
    with pytest.raises(CatalogFetchError) as caught:
        Catalog.fetch(secret)
    assert "hunter2" not in str(caught.value) and "s3cr3t" not in str(caught.value)
    assert caught.value.url == f"{base}/down/bundle"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"sha256": "abc"}, "sha256 must be 64 hexadecimal digits"),
        ({"sha256": "g" * 64}, "sha256 must be 64 hexadecimal digits"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"timeout": float("nan")}, "timeout must be a positive number"),
        ({"max_bytes": 0}, "max_bytes must be a whole number"),
    ],
)
def test_bad_arguments_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Catalog.fetch("https://example.com/c.json", **options)


def test_load_points_urls_to_fetch() -> None:
    with pytest.raises(ValueError, match=r"use Catalog\.fetch"):
        Catalog.load("https://example.com/llm-catalog.json")


# -- nothing fetches by itself ---------------------------------------------------------


def test_no_network_module_is_imported_unless_fetch_is_called() -> None:
    code = (
        "import sys\n"
        "import llm_catalog\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'urllib', 'http', 'socket', 'ssl'}))\n"
        "llm_catalog.Catalog.load('snapshots'); llm_catalog.Catalog.packaged()\n"
        "llm_catalog.CatalogFetchError\n"
        "print(sorted({'urllib.request', 'http.client', 'socket', 'ssl', 'llm_catalog._fetch'}"
        " & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == ["[]", "[]"]
