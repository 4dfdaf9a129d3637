"""Downloading a published catalog document, for `Catalog.fetch` (opt-in).

Nothing calls this module but `Catalog.fetch`; importing `llm_catalog` never
imports it, nor `urllib`. It uses the standard library only:

- The URL must be `https://`, or `http://` on a loopback host (`localhost`,
  `127.0.0.0/8`, `::1`: a local mirror or a test server). Plain `http://` to any
  other host is refused unless `allow_http=True`, and then only with a `sha256`,
  since nothing else would tell a tampered document from the real one.
- Redirects are followed (at most `MAX_REDIRECTS`) when their target passes the
  same rules, whatever its host: GitHub serves release assets by redirecting to
  its download host. A redirect from a remote host to a loopback one, or to any
  other scheme, is refused.
- One hard deadline covers the whole download (name lookup, connection, TLS,
  redirects, every byte of the body): the download runs in a daemon thread and
  the caller stops waiting when the deadline passes; that thread stops reading at
  its next chunk, or when its socket times out.
- The body is read in chunks and reading stops once it passes `max_bytes`; an
  announced `Content-Length` above it is refused before the body is read. A body
  shorter than its `Content-Length` (a dropped connection) is refused.
- Compressed answers are refused (none is asked for): a small compressed body could
  unpack to far more than the size cap.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

from llm_catalog._errors import CatalogFetchError, check_schema_version

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from http.client import HTTPMessage
    from typing import IO, Any

FORMAT = "llm-catalog-bundle"
"""The `format` of the document `python -m generator bundle` writes."""

MAX_REDIRECTS = 5
_CHUNK = 65536
_USER_AGENT = "llm-catalog-fetch"


def shown(url: str) -> str:
    """The URL as errors and `Catalog.origin` show it: without a password in it, and
    without its query (a signed download URL carries its credentials there)."""
    try:
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "".join(c if c.isprintable() else "?" for c in url[:200])


def _loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refusal(url: str, *, allow_http: bool, pinned: bool, came_from: str | None) -> str | None:
    """Why `url` (the first, or a redirect's target) is not read; `None` if it is."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme not in ("https", "http") or not host:
        return "only https:// URLs are read (http:// on loopback)"
    if (
        came_from is not None
        and _loopback(host)
        and not _loopback(urllib.parse.urlsplit(came_from).hostname)
    ):
        return "a remote server may not redirect to a loopback host"
    if parts.scheme == "http" and not _loopback(host):
        if not allow_http:
            return (
                "plain http:// is read from loopback hosts only; use https://, or pass "
                "allow_http=True with a sha256"
            )
        if not pinned:
            return "plain http:// needs a sha256 to check the document"
    return None


def check_url(
    url: str,
    *,
    allow_http: bool,
    pinned: bool,
    came_from: str | None = None,
    requested: str | None = None,
) -> None:
    """Refuse a URL that `Catalog.fetch` does not read: the one `requested`, or the
    target of a redirect from `came_from` while fetching it."""
    reason = _refusal(url, allow_http=allow_http, pinned=pinned, came_from=came_from)
    if reason is None:
        return
    if came_from is None:
        raise CatalogFetchError(shown(url), reason)
    raise CatalogFetchError(
        shown(requested or came_from),
        f"redirect from {shown(came_from)} to {shown(url)} refused: {reason}",
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a URL `check_url` accepts."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, requested: str, *, allow_http: bool, pinned: bool) -> None:
        self.requested = requested
        self.allow_http = allow_http
        self.pinned = pinned

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
    ) -> http.client.HTTPResponse | None:
        location = headers.get("location") or headers.get("uri")
        if location:  # before urllib's own checks, so that the error is ours
            target = urllib.parse.urljoin(req.full_url, location)
            check_url(
                target,
                allow_http=self.allow_http,
                pinned=self.pinned,
                came_from=req.full_url,
                requested=self.requested,
            )
        response: http.client.HTTPResponse | None = super().http_error_302(
            req, fp, code, msg, headers
        )
        return response

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _printable(text: object) -> str:
    return "".join(c if c.isprintable() else "?" for c in str(text))[:120]


def _read(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_http: bool,
    pinned: bool,
    expired: threading.Event,
) -> tuple[bytes, str]:
    """The body and content type of a 200 answer (runs in the download thread)."""
    host = urllib.parse.urlsplit(url).hostname
    opener = urllib.request.build_opener(
        # Environment proxies apply to remote hosts, never to loopback ones.
        urllib.request.ProxyHandler({} if _loopback(host) else None),
        _Redirects(url, allow_http=allow_http, pinned=pinned),
    )
    request = urllib.request.Request(
        url,
        headers={
            "accept": "application/json",
            "accept-encoding": "identity",
            "user-agent": _USER_AGENT,
        },
    )
    where = shown(url)
    try:
        with opener.open(request, timeout=timeout) as response:
            final = shown(response.geturl())
            at = f" (at {final}, redirected)" if final != where else ""
            encoding = response.headers.get("content-encoding", "identity").strip().lower()
            if encoding != "identity":
                raise CatalogFetchError(
                    where, f"compressed answer (Content-Encoding: {_printable(encoding)}){at}"
                )
            announced_text = response.headers.get("content-length")
            announced = int(announced_text) if (announced_text or "").isdigit() else None
            if announced is not None and announced > max_bytes:
                raise CatalogFetchError(
                    where, f"announces {announced} bytes, more than max_bytes={max_bytes}{at}"
                )
            chunks: list[bytes] = []
            size = 0
            while not expired.is_set():
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise CatalogFetchError(where, f"larger than max_bytes={max_bytes}{at}")
                chunks.append(chunk)
            if expired.is_set():  # the caller has given up: never hand back part of a body
                raise CatalogFetchError(where, f"no complete answer within {timeout:g} s")
            if announced is not None and size < announced:
                raise CatalogFetchError(
                    where, f"answer cut short: {size} of {announced} announced bytes{at}"
                )
            content_type = response.headers.get("content-type", "")
            return b"".join(chunks), content_type
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:  # urllib gave up following them
            reason = f"redirected more than {MAX_REDIRECTS} times, or in a loop"
        else:
            reason = _printable(exc.reason)
        at = f" (at {shown(exc.url)}, redirected)" if exc.url and shown(exc.url) != where else ""
        raise CatalogFetchError(
            where, f"HTTP {exc.code}" + (f" {reason}" if reason else "") + at
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise CatalogFetchError(where, f"no complete answer within {timeout:g} s") from None
        raise CatalogFetchError(where, f"cannot connect ({_printable(exc.reason)})") from None
    except TimeoutError:
        raise CatalogFetchError(where, f"no complete answer within {timeout:g} s") from None
    except http.client.HTTPException as exc:
        raise CatalogFetchError(
            where, f"broken HTTP answer ({type(exc).__name__}: {_printable(exc)})"
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise CatalogFetchError(where, f"connection failed ({_printable(reason)})") from None


def download(
    url: str, *, sha256: str | None, timeout: float, max_bytes: int, allow_http: bool
) -> tuple[bytes, str]:
    """The verified bytes at `url` and their content type, within `timeout` seconds
    overall; raises `CatalogFetchError` naming the URL and what was wrong."""
    check_url(url, allow_http=allow_http, pinned=sha256 is not None)
    expired = threading.Event()
    outcome: list[tuple[bytes, str] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(
                _read(
                    url,
                    timeout=timeout,
                    max_bytes=max_bytes,
                    allow_http=allow_http,
                    pinned=sha256 is not None,
                    expired=expired,
                )
            )
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=run, name="llm-catalog-fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    expired.set()  # the worker stops reading at its next chunk
    if not outcome:
        raise CatalogFetchError(shown(url), f"no complete answer within {timeout:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    body, content_type = result
    if sha256 is not None:
        found = hashlib.sha256(body).hexdigest()
        if found != sha256:
            raise CatalogFetchError(
                shown(url),
                f"sha256 mismatch: expected {sha256}, got {found} ({len(body)} bytes)",
            )
    return body, content_type


def _looks_like_html(body: bytes, content_type: str) -> bool:
    start = body[:512].lstrip().lower()
    return "html" in content_type.lower() or start.startswith((b"<!doctype", b"<html", b"<"))


def decode(url: str, body: bytes, content_type: str) -> dict[str, Any]:
    """The catalog document in `body`: JSON, the bundle's format and this release's
    schema version, its envelope agreeing with its manifest. The catalog itself is
    validated by `Catalog.from_data`."""
    where = shown(url)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if _looks_like_html(body, content_type):
            kind = _printable(content_type) or "no Content-Type"
            raise CatalogFetchError(
                where, f"an HTML page ({kind}), not a catalog document"
            ) from None
        raise CatalogFetchError(where, f"not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise CatalogFetchError(
            where,
            f'not an llm-catalog bundle (its "format" is {_printable(repr(found))}, not '
            f"{FORMAT!r}: publish it with `python -m generator bundle`)",
        )
    check_schema_version(data.get("schema_version"), where)
    manifest = data.get("manifest")
    if isinstance(manifest, dict):
        for key in ("schema_version", "date", "version"):
            if manifest.get(key) != data.get(key):
                raise CatalogFetchError(
                    where,
                    f"its {key} {_printable(repr(data.get(key)))} is not its manifest's "
                    f"{_printable(repr(manifest.get(key)))}",
                )
    return data
