"""Quarantine: one bad entry never blocks the night.

models.dev changes its shape in almost every release. A feed is refused as a whole
only when it is not a feed (not JSON, not an object of providers, over the limits:
`upstream.parse_json`), when it lost most of its models (the shrink and size
guards, `generator/history.py`), or when more than `DEFAULT_MAX_SHARE` of its model
entries fail validation (then the shape changed, and code must follow).

Below that share, an entry that fails validation is quarantined: when the previous
release had it (same provider, same model id), it is kept at its values of that
release; otherwise it is left out. Either way each of its findings is named with
provider, model and field on stderr and in the snapshot's `report.json`, and the
snapshot's `quarantine.json` lists them with what was done and the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import changelog, schema, snapshot
from generator.report import FeedError, Finding, GeneratorError, Report
from generator.upstream import Quarantined, Screened

DEFAULT_MAX_SHARE = 0.05
"""Refuse the feed when more than this share of its model entries fail validation
(5%: about 260 of the 5,276 models of 2026-07-02). Set with `--max-quarantine`."""
FILE = "quarantine.json"


class QuarantineError(FeedError):
    """Too many entries failed validation: the feed is refused as a whole."""

    def __init__(self, findings: list[Finding], summary: str) -> None:
        self.findings = findings
        shown = [f.line() for f in findings[:50]]
        if len(findings) > 50:
            shown.append(f"... and {len(findings) - 50} more")
        GeneratorError.__init__(self, "\n".join([*shown, f"error: {summary}"]))


@dataclass(frozen=True)
class Outcome:
    catalog: schema.Catalog
    files: dict[str, str] = field(default_factory=dict)
    """`quarantine.json` when anything was quarantined, by name in the snapshot."""
    notes: list[str] = field(default_factory=list)
    """A summary for the run's output."""


def _storable(text: str) -> str:
    """`text`, or its escaped form when it is not valid Unicode (a lone surrogate in
    a quarantined id): report.json and quarantine.json must be writable as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return ascii(text)[1:-1]
    return text


def _stored(finding: Finding) -> Finding:
    return Finding(
        _storable(finding.provider),
        _storable(finding.model),
        _storable(finding.field),
        _storable(finding.message),
        finding.severity,
    )


def _with_models(provider: schema.Provider, models: dict[str, schema.Model]) -> schema.Provider:
    # Provider's validator sorts models; model_copy skips validators, so sort here.
    return provider.model_copy(update={"models": dict(sorted(models.items()))})


def withheld(screened: Screened) -> frozenset[tuple[str, str]]:
    """(provider, model) of every entry models.dev lists that failed validation:
    still models.dev's models, whatever a secondary source lists
    (`generator.additions.choose`)."""
    return frozenset(
        (q.provider, mid)
        for q in screened.quarantined
        for mid in (q.models if q.whole_provider else (q.model,))
    )


def apply(
    catalog: schema.Catalog,
    screened: Screened,
    previous: schema.Catalog | None,
    report: Report,
    *,
    max_share: float = DEFAULT_MAX_SHARE,
) -> Outcome:
    """`catalog` with the quarantined entries of `screened` kept from `previous`
    where it had them; raises `QuarantineError` above `max_share`."""
    for finding in map(_stored, screened.skipped):
        report.add(finding.provider, finding.model, finding.field, finding.message)
    entries = sorted(screened.quarantined, key=lambda q: (q.provider, q.model, q.whole_provider))
    if not entries:
        return Outcome(catalog)
    count = sum(q.count for q in entries)
    share = count / screened.entries if screened.entries else 1.0
    if share > max_share:
        raise QuarantineError(
            [f for q in entries for f in q.findings],
            f"quarantine: {count} of {screened.entries} model entries ({share:.0%}) failed "
            f"validation, more than the allowed {max_share:.0%} (--max-quarantine): the "
            "feed's shape changed; refusing it as a whole",
        )
    providers = dict(catalog.providers)
    provenance = dict(catalog.provenance)
    since = previous.manifest.date if previous is not None else None
    records: list[dict[str, Any]] = []
    kept = 0
    for entry in entries:
        kept_models = _keep(entry, previous, providers)
        for mid in kept_models:
            key = f"{entry.provider}:{mid}"
            if previous is not None and key in previous.provenance:
                provenance[key] = previous.provenance[key]
        kept += len(kept_models)
        done = (
            f"kept at its values of {since}"
            if kept_models and since
            else "left out of this release"
        )
        for finding in map(_stored, entry.findings):
            report.add(
                finding.provider,
                finding.model,
                finding.field,
                f"quarantined ({done}): {finding.message}",
            )
            records.append(
                {
                    **finding.as_json(),
                    "kept_from": since if kept_models else None,
                    "models": [
                        _storable(m)
                        for m in (entry.models if entry.whole_provider else (entry.model,))
                    ],
                }
            )
    for pid in {q.provider for q in entries}:
        # A provider that is new and whose every model was quarantined and left
        # out is left out too: no empty module, no name given for nothing.
        current = providers.get(pid)
        new = previous is None or pid not in previous.providers
        if current is not None and not current.models and new:
            del providers[pid]
    left_out = count - kept
    kept_text = f"{kept} kept at their values of {since}, " if since else ""
    summary = (
        f"quarantined {count} of {screened.entries} model entries ({share:.1%}, allowed "
        f"{max_share:.0%}): {kept_text}{left_out} left out; listed in report.json and {FILE}"
    )
    manifest = catalog.manifest.model_copy(
        update={
            "providers": len(providers),
            "models": sum(len(p.models) for p in providers.values()),
        }
    )
    fixed = catalog.model_copy(
        update={
            "providers": dict(sorted(providers.items())),
            "provenance": dict(sorted(provenance.items())),
            "manifest": manifest,
        }
    )
    data = {
        "entries": screened.entries,
        "quarantined": count,
        "kept": kept,
        "left_out": left_out,
        "max_share": str(max_share),
        "findings": records,
    }
    return Outcome(fixed, {FILE: snapshot.dumps(data)}, [summary])


def _keep(
    entry: Quarantined,
    previous: schema.Catalog | None,
    providers: dict[str, schema.Provider],
) -> list[str]:
    """Put back what the previous release had of `entry`; the model ids kept."""
    if previous is None or entry.provider not in previous.providers:
        return []
    old = previous.providers[entry.provider]
    if entry.whole_provider:
        if entry.provider in providers:  # a valid entry of the same id: never replaced
            return []
        providers[entry.provider] = old
        return sorted(old.models)
    current = providers.get(entry.provider)
    if current is None or entry.model not in old.models or entry.model in current.models:
        return []
    providers[entry.provider] = _with_models(
        current, {**current.models, entry.model: old.models[entry.model]}
    )
    return [entry.model]


def markdown(data: dict[str, Any], heading: str = "###", limit: int = 100) -> str:
    """A release's `quarantine.json` as a Markdown section for the pull request body:
    each finding with provider, model and field (as inert code spans) and what was
    done; at most `limit` lines, then a count."""
    findings = data.get("findings", [])
    lines = [
        f"{heading} Quarantined entries ({data['quarantined']})",
        "",
        f"{data['quarantined']} of {data['entries']} model entries failed validation: "
        f"{data['kept']} kept at their previous values, {data['left_out']} left out "
        f"(the run fails above {float(data['max_share']):.0%}).",
        "",
    ]
    for f in findings[:limit]:
        done = f"kept at {f['kept_from']}" if f["kept_from"] else "left out"
        where = changelog.code(f["provider"])
        if f["model"]:
            where += f" model {changelog.code(f['model'])}"
        if f["field"]:
            where += f" field {changelog.code(f['field'])}"
        lines.append(f"- {where}: {changelog.code(f['message'])} ({done})")
    if len(findings) > limit:
        lines.append(f"- ... and {len(findings) - limit} more in `{FILE}`")
    return "\n".join(lines) + "\n"
