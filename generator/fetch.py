"""Pull an upstream document: httpx for URLs, plain reads for local paths.

URLs get bounded timeouts, a bounded number of retries with exponential backoff
on connection errors, timeouts, 429 and 5xx (honouring a short `Retry-After`), a
size cap, and a check that the body is as long as `Content-Length` said. Every
failure is one clear line naming the URL and what went wrong.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from generator.report import GeneratorError

DEFAULT_URL = "https://models.dev/api.json"
MAX_BYTES = 64 * 1024 * 1024
"""The real feed is 2.4 MB; anything past 64 MB is not a catalog."""
USER_AGENT = "llm-catalog-generator (+https://pypi.org/project/llm-catalog/)"


class FetchError(GeneratorError):
    """The source could not be read."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A pulled document and what identifies it."""

    url: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    backoff: float = 0.5
    """Seconds before the first retry; doubled each time."""
    max_wait: float = 8.0
    """Upper bound on any single wait, `Retry-After` included."""
    timeout: float = 30.0
    """Seconds for connecting and for each read."""
    deadline: float = 300.0
    """Seconds for the whole pull, retries and waits included: a server that drips
    its body a byte at a time never trips the per-read timeout, this bounds it."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(source: str, policy: RetryPolicy = RetryPolicy()) -> Fetched:
    """Read `source` (a URL or a local path) whole."""
    if not is_url(source):
        path = Path(source)
        try:
            # Read at most one byte past the cap: a huge file (or /dev/zero) is
            # refused without being loaded.
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise FetchError(f"cannot read {source}: {exc.strerror or exc}") from None
        if len(data) > MAX_BYTES:
            raise FetchError(f"{source}: more than the {MAX_BYTES:,} bytes allowed")
        return Fetched(url=path.resolve().as_uri(), data=data)
    return _fetch_url(source, policy)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return float(value)
    except ValueError:
        return None


def _fetch_url(url: str, policy: RetryPolicy) -> Fetched:
    timeout = httpx.Timeout(policy.timeout)
    last = "no attempt made"
    with httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"user-agent": USER_AGENT, "accept": "application/json"},
    ) as client:
        until = time.monotonic() + policy.deadline
        for attempt in range(1, policy.attempts + 1):
            wait = min(policy.backoff * 2 ** (attempt - 1), policy.max_wait)
            try:
                data = _get(client, url, until, policy.deadline)
            except _RetryableError as exc:
                last = str(exc)
                if exc.retry_after is not None:
                    wait = min(exc.retry_after, policy.max_wait)
            else:
                return Fetched(url=url, data=data)
            if attempt < policy.attempts:
                if time.monotonic() + wait >= until:
                    raise FetchError(
                        f"{url}: gave up after {attempt} attempts, "
                        f"{policy.deadline:g} s deadline reached: {last}"
                    )
                time.sleep(wait)
    raise FetchError(f"{url}: gave up after {policy.attempts} attempts: {last}")


class _RetryableError(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _get(client: httpx.Client, url: str, until: float, deadline: float) -> bytes:
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                raise _RetryableError(f"HTTP {status}", _retry_after(response))
            if status != 200:
                raise FetchError(f"{url}: HTTP {status} {response.reason_phrase!r}")
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
                raise FetchError(
                    f"{url}: {int(declared):,} bytes is more than the {MAX_BYTES:,} allowed"
                )
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                if time.monotonic() > until:
                    raise FetchError(
                        f"{url}: body not complete within the {deadline:g} s deadline "
                        f"({total:,} bytes so far)"
                    )
                total += len(chunk)
                if total > MAX_BYTES:
                    raise FetchError(f"{url}: body larger than the {MAX_BYTES:,} bytes allowed")
                chunks.append(chunk)
            data = b"".join(chunks)
            # httpx decodes content-encoding; only a plain body can be compared.
            plain = not response.headers.get("content-encoding")
            if plain and declared is not None and declared.isdigit() and int(declared) != len(data):
                raise _RetryableError(f"truncated body: {len(data):,} of {int(declared):,} bytes")
            content_type = response.headers.get("content-type", "")
            if "html" in content_type.lower():
                raise FetchError(f"{url}: got {content_type!r}, not JSON (an error page?)")
            return data
    except httpx.TimeoutException as exc:
        raise _RetryableError(f"timed out ({type(exc).__name__})") from None
    except httpx.RemoteProtocolError as exc:
        raise _RetryableError(f"connection broken: {exc}") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: too many redirects") from None
    except httpx.TransportError as exc:
        raise _RetryableError(f"cannot connect: {exc}") from None
