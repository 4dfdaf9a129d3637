"""Errors several modules raise: `UnknownModelError`, `UnknownProviderError`
(looking a model or a provider up), `IncompatibleSnapshotError` and
`CatalogFetchError` (reading a catalog), and the schema-version check.

Hand-written. A module of their own, below every module that raises them
(`_lookup`, `_history`, `_hosts`, `_resolve`, `_catalog`, `_fetch`, ...), so that
those depend on it and not on one another; it imports nothing of the package but
its version and, to suggest one, the provider ids.
"""

from __future__ import annotations

from llm_catalog._data.version import SCHEMA_VERSION, __version__

__all__ = [
    "CatalogFetchError",
    "IncompatibleSnapshotError",
    "UnknownModelError",
    "UnknownProviderError",
    "check_schema_version",
]


class UnknownModelError(KeyError):
    """No model has this key. The message suggests close matches."""

    def __init__(self, key: str, suggestions: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.suggestions = suggestions

    def __str__(self) -> str:
        message = f"no model {self.key!r} in llm-catalog"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        elif ":" not in self.key and "/" not in self.key:
            message += "; keys look like 'provider:model_id'"
        return message


class UnknownProviderError(KeyError):
    """No provider has this id."""

    def __init__(self, provider: str) -> None:
        super().__init__(provider)
        self.provider = provider

    def __str__(self) -> str:
        import difflib

        from llm_catalog._data.providers import PROVIDER_MODULES

        close = difflib.get_close_matches(self.provider, PROVIDER_MODULES, n=3)
        hint = "; did you mean " + ", ".join(map(repr, close)) + "?" if close else ""
        return f"no provider {self.provider!r} in llm-catalog{hint}"


class IncompatibleSnapshotError(ValueError):
    """A snapshot written with a schema version this release cannot read."""


class CatalogFetchError(Exception):
    """`Catalog.fetch` could not get a catalog document from `url`: refused URL or
    redirect, timeout, HTTP error, size cap, cut-short body, sha256 mismatch, not
    JSON, not a bundle. `reason` says which."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot fetch a catalog from {url}: {reason}")


def check_schema_version(found: object, origin: str) -> None:
    """Raise `IncompatibleSnapshotError` unless `found` is this release's schema version."""
    if type(found) is not int or found != SCHEMA_VERSION:  # `true == 1` is no version
        raise IncompatibleSnapshotError(
            f"{origin} has snapshot schema version {found!r}; llm-catalog {__version__} "
            f"reads version {SCHEMA_VERSION} only. "
            + (
                "Upgrade llm-catalog to read it."
                if isinstance(found, int) and found > SCHEMA_VERSION
                else "Regenerate the snapshot with a current generator."
            )
        )
