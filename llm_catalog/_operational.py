"""Operational metadata: rate limits, latency and quality scores you record.

Never in the packaged data (set it with `Catalog.override` or an overrides file), so
it is kept out of `llm_catalog._model` and imported only where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Latency", "Quality", "RateLimits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimits:
    """Operational: how much traffic your account may send. `None` = not recorded."""

    rpm: int | None = None
    """Requests per minute."""
    tpm: int | None = None
    """Tokens per minute."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Latency:
    """Operational: observed latency of a request, in milliseconds."""

    p50_ms: float | None = None
    """Median."""
    p99_ms: float | None = None
    """99th percentile."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Quality:
    """Operational: your own quality scores, 0 to 100 (higher is better)."""

    reasoning: float | None = None
    coding: float | None = None
    creative: float | None = None
    summarization: float | None = None
