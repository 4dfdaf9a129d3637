"""Findings: everything the generator repaired, skipped or refused, with where it was.

Nothing is dropped silently: every repair names the provider, the model and the
field, and ends up both on stderr and in the snapshot's `report.json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


def printable(text: str, limit: int = 120) -> str:
    """Render upstream text (ids, field names) for logs as ASCII.

    `ascii` escapes every character that is not printable ASCII (C0/C1 controls,
    U+2028, bidi overrides, zero-width spaces, and homoglyphs such as a Cyrillic
    `\\u043e` standing for `o`), so terminal escape sequences, line tricks and look-alike ids
    cannot reach a terminal or a PR body raw or pass for something they are not.
    """
    shown = ascii(text)[1:-1]
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def escape_unprintable(text: str) -> str:
    """Escape only what a terminal could act on (controls, escape sequences, bidi,
    zero-width and line-separator characters), line by line; printable text,
    already-quoted values included, is left as it is."""
    return "\n".join(
        "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)
        for line in text.split("\n")
    )


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One thing the generator noticed about one value."""

    provider: str
    model: str
    field: str
    message: str
    severity: Severity = "warning"

    def line(self) -> str:
        parts = []
        if self.provider or self.model or self.field:
            parts.append(f"provider {printable(self.provider) or repr('')}")
        if self.model:
            parts.append(f"model {printable(self.model)}")
        if self.field:
            parts.append(f"field {printable(self.field)}")
        where = f"{', '.join(parts)}: " if parts else ""
        return f"{self.severity}: {where}{escape_unprintable(self.message)}"

    def as_json(self) -> dict[str, str]:
        return {
            "provider": self.provider,
            "model": self.model,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(slots=True)
class Report:
    """The findings of one run, kept in a deterministic order."""

    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        provider: str,
        model: str,
        field_: str,
        message: str,
        severity: Severity = "warning",
    ) -> None:
        self.findings.append(Finding(provider, model, field_, message, severity))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings))


class GeneratorError(Exception):
    """A run that cannot go on; the message is one line per problem, for people."""


class FeedError(GeneratorError):
    """The upstream document is unusable; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = findings[:50]
        lines = [f.line() for f in shown]
        if len(findings) > len(shown):
            lines.append(f"... and {len(findings) - len(shown)} more")
        super().__init__("\n".join(lines))
