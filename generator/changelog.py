"""What changed between two releases: Markdown for people, JSON for machines.

Material changes come first: models added, removed and renamed (a removed id and
an added id of the same provider that differ only in case), prices (with the
percent change), status, capabilities, limits and modalities. A price that
differs only because another source gives it (a source was added, or a
precedence rule changed; see `generator.history.corrections`) is a
*correction*, listed in its own section and not counted as a price change. Everything else a
model carries (names, dates such as `last_updated`, family, and any field the
schema gains later) is metadata: counted per field, not listed.

Upstream text reaches the Markdown only inside code spans, with backticks and
control characters replaced, so an id cannot open a link, a mention or HTML.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from generator import additions, history, schema

PRICE_FIELDS = schema.PRICE_FIELDS
LIMIT_FIELDS = ("context", "input", "output")
MATERIAL_FIELDS = frozenset({"id", "cost", "limits", "capabilities", "modalities", "status"})
GITHUB_BODY_LIMIT = 65_536
"""GitHub refuses pull-request bodies longer than this many characters."""


@dataclass(frozen=True)
class PriceChange:
    key: str
    field: str
    old: str | None
    new: str | None
    percent: str | None
    """`(new - old) / old` in percent, one decimal; `None` when a side is unknown or 0."""
    correction: bool = False
    """The value differs only because another source gives it (not a price change)."""


@dataclass(frozen=True)
class FieldChange:
    key: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SetChange:
    key: str
    field: str
    gained: list[str]
    lost: list[str]


@dataclass(frozen=True)
class KeptSource:
    """A source the new release could not pull: it kept an earlier release's entries."""

    name: str
    kept_from: str
    """The date of the release whose stored entries were kept."""
    failure: str


@dataclass
class Changelog:
    old_date: str
    old_version: str
    new_date: str
    new_version: str
    models_before: int
    models_after: int
    providers_added: list[str] = field(default_factory=list)
    providers_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    prices: list[PriceChange] = field(default_factory=list)
    """Price changes and corrections (`PriceChange.correction`)."""
    status: list[FieldChange] = field(default_factory=list)
    capabilities: list[SetChange] = field(default_factory=list)
    limits: list[FieldChange] = field(default_factory=list)
    modalities: list[SetChange] = field(default_factory=list)
    metadata: dict[str, int] = field(default_factory=dict)
    """Models whose field changed, per metadata field."""
    metadata_only: int = 0
    """Models that changed, but only in metadata."""
    sources_kept: list[KeptSource] = field(default_factory=list)
    """Secondary sources the new release could not pull (its manifest says so)."""
    added_by: dict[str, int] = field(default_factory=dict)
    """Added models per source that lists them: `models.dev`, or the secondary
    source that added a model models.dev does not list (`generator.additions`)."""

    def counts(self) -> dict[str, int]:
        """Exact counts; changes are counted per model (a model whose input and
        output prices both changed is one price change)."""
        return {
            "providers_added": len(self.providers_added),
            "providers_removed": len(self.providers_removed),
            "added": len(self.added),
            "removed": len(self.removed),
            "renamed": len(self.renamed),
            "price_changes": len({c.key for c in self.prices if not c.correction}),
            "corrections": len({c.key for c in self.prices if c.correction}),
            "status_changes": len({c.key for c in self.status}),
            "capability_changes": len({c.key for c in self.capabilities}),
            "limit_changes": len({c.key for c in self.limits}),
            "modality_changes": len({c.key for c in self.modalities}),
            "metadata_only": self.metadata_only,
        }

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["renamed"] = [{"old": a, "new": b} for a, b in self.renamed]
        data["counts"] = self.counts()
        return data


def _percent(old: Decimal | None, new: Decimal | None) -> str | None:
    if old is None or new is None or old == 0:
        return None
    return format(((new - old) / old * 100).quantize(Decimal("0.1")), "f")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _tiers(cost: schema.Cost) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json", exclude_defaults=True) for t in cost.tiers]


def _compare(
    key: str,
    old: schema.Model,
    new: schema.Model,
    log: Changelog,
    corrected: frozenset[str] = frozenset(),
) -> bool:
    """Record the differences of one model; whether any of them is material.
    `corrected`: the price kinds whose difference is a correction."""
    before = len(log.prices) + len(log.status) + len(log.capabilities)
    before += len(log.limits) + len(log.modalities)
    for name in PRICE_FIELDS:
        a, b = getattr(old.cost, name), getattr(new.cost, name)
        if a != b:
            log.prices.append(
                PriceChange(key, name, _text(a), _text(b), _percent(a, b), name in corrected)
            )
    if old.cost.tiers != new.cost.tiers:
        log.prices.append(
            PriceChange(
                key,
                "tiers",
                json.dumps(_tiers(old.cost)),
                json.dumps(_tiers(new.cost)),
                None,
                "tiers" in corrected,
            )
        )
    if old.cost.extra != new.cost.extra:
        a_extra = old.cost.extra.flat() if old.cost.extra else {}
        b_extra = new.cost.extra.flat() if new.cost.extra else {}
        for name in sorted(set(a_extra) | set(b_extra)):
            x, y = a_extra.get(name), b_extra.get(name)
            if x == y:
                continue
            tiers = name.endswith(".tiers")
            log.prices.append(
                PriceChange(
                    key,
                    name,
                    x if x is not None or not tiers else "[]",
                    y if y is not None or not tiers else "[]",
                    None if tiers or x is None or y is None else _percent(Decimal(x), Decimal(y)),
                    "extra" in corrected,
                )
            )
    if old.status != new.status:
        log.status.append(FieldChange(key, "status", old.status, new.status))
    if old.capabilities != new.capabilities:
        gained = sorted(set(new.capabilities) - set(old.capabilities))
        lost = sorted(set(old.capabilities) - set(new.capabilities))
        log.capabilities.append(SetChange(key, "capabilities", gained, lost))
    for name in LIMIT_FIELDS:
        a, b = getattr(old.limits, name), getattr(new.limits, name)
        if a != b:
            log.limits.append(FieldChange(key, name, a, b))
    for side in ("input", "output"):
        a_set, b_set = set(getattr(old.modalities, side)), set(getattr(new.modalities, side))
        if a_set != b_set:
            log.modalities.append(
                SetChange(key, side, sorted(b_set - a_set), sorted(a_set - b_set))
            )
    after = len(log.prices) + len(log.status) + len(log.capabilities)
    after += len(log.limits) + len(log.modalities)
    old_json = old.model_dump(mode="json")
    new_json = new.model_dump(mode="json")
    meta = sorted(
        name
        for name in set(old_json) | set(new_json)
        if name not in MATERIAL_FIELDS and old_json.get(name) != new_json.get(name)
    )
    for name in meta:
        log.metadata[name] = log.metadata.get(name, 0) + 1
    if after == before and meta:
        log.metadata_only += 1
    return after != before


def diff(old: schema.Catalog, new: schema.Catalog) -> Changelog:
    """Every change from `old` to `new`."""
    log = Changelog(
        old_date=old.manifest.date,
        old_version=old.manifest.version,
        new_date=new.manifest.date,
        new_version=new.manifest.version,
        models_before=sum(len(p.models) for p in old.providers.values()),
        models_after=sum(len(p.models) for p in new.providers.values()),
        providers_added=sorted(set(new.providers) - set(old.providers)),
        providers_removed=sorted(set(old.providers) - set(new.providers)),
        sources_kept=[
            KeptSource(s.name, s.kept_from, s.failure or "")
            for s in new.manifest.sources
            if s.kept_from is not None
        ],
    )
    old_models = {(p, m): v for p, pv in old.providers.items() for m, v in pv.models.items()}
    new_models = {(p, m): v for p, pv in new.providers.items() for m, v in pv.models.items()}
    gone = sorted(set(old_models) - set(new_models))
    came = sorted(set(new_models) - set(old_models))
    # Case-only renames: exactly one id on each side with the same folded spelling.
    gone_by_fold: dict[tuple[str, str], list[str]] = {}
    came_by_fold: dict[tuple[str, str], list[str]] = {}
    for pid, mid in gone:
        gone_by_fold.setdefault((pid, mid.lower()), []).append(mid)
    for pid, mid in came:
        came_by_fold.setdefault((pid, mid.lower()), []).append(mid)
    pairs = {
        (pid, olds[0]): (pid, came_by_fold[(pid, low)][0])
        for (pid, low), olds in gone_by_fold.items()
        if len(olds) == 1 and len(came_by_fold.get((pid, low), [])) == 1
    }
    renamed_to = set(pairs.values())
    log.removed = [f"{p}:{m}" for p, m in gone if (p, m) not in pairs]
    log.added = [f"{p}:{m}" for p, m in came if (p, m) not in renamed_to]
    for added_key in log.added:
        source = new.provenance.get(added_key, {}).get(additions.ADDED_BY, "models.dev")
        log.added_by[source] = log.added_by.get(source, 0) + 1
    log.added_by = dict(sorted(log.added_by.items()))
    for (pid, old_id), (_, new_id) in sorted(pairs.items()):
        log.renamed.append((f"{pid}:{old_id}", f"{pid}:{new_id}"))
        _compare(
            f"{pid}:{new_id}",
            old_models[(pid, old_id)],
            new_models[(pid, new_id)],
            log,
            history.corrections(old, f"{pid}:{old_id}", new, f"{pid}:{new_id}"),
        )
    for key in sorted(set(old_models) & set(new_models)):
        if old_models[key] != new_models[key]:
            text = f"{key[0]}:{key[1]}"
            _compare(
                text, old_models[key], new_models[key], log, history.corrections(old, text, new)
            )
    # Renamed models were compared first; list every kind of change by key.
    for changes in (log.prices, log.status, log.capabilities, log.limits, log.modalities):
        changes.sort(key=lambda change: change.key)
    return log


# --- Markdown -------------------------------------------------------------------


def code(text: object) -> str:
    """A Markdown code span for untrusted text."""
    cleaned = "".join(
        ch if ch.isprintable() and ch != "`" else ("'" if ch == "`" else "?") for ch in str(text)
    )
    return f"`{cleaned}`" if cleaned else "` `"


def cell(text: object) -> str:
    """A code span for a Markdown table cell: `|` would end the cell."""
    return code(text).replace("|", "\\|")


def _grouped(keys: list[str]) -> list[str]:
    """`- `provider` (n): `a`, `b`` lines, one per provider."""
    by_provider: dict[str, list[str]] = {}
    for key in keys:
        pid, _, mid = key.partition(":")
        by_provider.setdefault(pid, []).append(mid)
    return [
        f"- {code(pid)} ({len(mids)}): " + ", ".join(code(m) for m in mids)
        for pid, mids in by_provider.items()
    ]


def _value(value: object) -> str:
    return "unknown" if value is None else code(value)


def _money(value: str | None) -> str:
    return "unknown" if value is None else f"${value}"


def _price_table(prices: list[PriceChange]) -> list[str]:
    return [
        "| model | price | old | new | change |",
        "| --- | --- | ---: | ---: | ---: |",
        *(
            f"| {cell(p.key)} | {p.field} | "
            + (
                f"{cell(p.old)} | {cell(p.new)} | |"
                if p.field == "tiers" or p.field.endswith(".tiers")
                else f"{_money(p.old)} | {_money(p.new)} | "
                + ("" if p.percent is None else f"{'+' if p.percent[0] != '-' else ''}{p.percent}%")
                + " |"
            )
            for p in prices
        ),
    ]


def markdown(log: Changelog, heading: str = "##") -> str:
    """The changelog as Markdown, material changes first."""
    c = log.counts()
    sub = heading + "#"
    lines = [
        f"{heading} {log.new_version} ({log.new_date})",
        "",
        f"Compared with {log.old_version} ({log.old_date}): {log.models_after} models "
        f"(+{c['added']} added, -{c['removed']} removed, {c['renamed']} renamed), "
        f"{c['price_changes']} price changes, {c['corrections']} price corrections, "
        f"{c['status_changes']} status changes, "
        f"{c['capability_changes']} capability changes, {c['limit_changes']} limit changes, "
        f"{c['modality_changes']} modality changes; providers +{c['providers_added']} "
        f"-{c['providers_removed']}.",
    ]

    def section(title: str, count: int, body: list[str]) -> None:
        if count:
            lines.extend(["", f"{sub} {title} ({count})", "", *body])

    # First: a reviewer must know which data is not this night's.
    section(
        "Sources that could not be pulled",
        len(log.sources_kept),
        [
            f"- {code(k.name)}: {code(k.failure)}. This release keeps its entries from the "
            f"release of {k.kept_from}."
            for k in log.sources_kept
        ],
    )
    section(
        "Providers removed",
        c["providers_removed"],
        [f"- {code(p)}" for p in log.providers_removed],
    )
    section(
        "Removed models",
        c["removed"],
        [
            "Still importable, with status `removed` and a `DeprecationWarning`.",
            "",
            *_grouped(log.removed),
        ],
    )
    section(
        "Renamed models (id changed case)",
        c["renamed"],
        [f"- {code(a)} -> {code(b)}" for a, b in log.renamed],
    )
    section(
        "Price changes",
        c["price_changes"],
        _price_table([p for p in log.prices if not p.correction]),
    )
    section(
        "Corrections",
        c["corrections"],
        [
            "Prices that differ only because another source gives them (a source was "
            "added, or a precedence rule changed): the price sheet we read changed, "
            "not the provider's price.",
            "",
            *_price_table([p for p in log.prices if p.correction]),
        ],
    )
    section(
        "Status changes",
        c["status_changes"],
        [f"- {code(s.key)}: {s.old} -> {s.new}" for s in log.status],
    )
    section(
        "Capability changes",
        c["capability_changes"],
        [
            f"- {code(s.key)}: "
            + ", ".join([*(f"+{g}" for g in s.gained), *(f"-{g}" for g in s.lost)])
            for s in log.capabilities
        ],
    )
    section(
        "Limit changes",
        c["limit_changes"],
        [f"- {code(s.key)}: {s.field} {_value(s.old)} -> {_value(s.new)}" for s in log.limits],
    )
    section(
        "Modality changes",
        c["modality_changes"],
        [
            f"- {code(s.key)}: {s.field} "
            + ", ".join([*(f"+{g}" for g in s.gained), *(f"-{g}" for g in s.lost)])
            for s in log.modalities
        ],
    )
    section("Providers added", c["providers_added"], [f"- {code(p)}" for p in log.providers_added])
    by_source = ", ".join(f"{n} listed by {code(s)}" for s, n in log.added_by.items())
    section(
        "Added models",
        c["added"],
        [*([f"By source: {by_source}.", ""] if by_source else []), *_grouped(log.added)],
    )
    if log.metadata:
        fields = ", ".join(f"{name} ({n})" for name, n in sorted(log.metadata.items()))
        lines.extend(
            [
                "",
                f"{sub} Metadata",
                "",
                f"{log.metadata_only} models changed only metadata. "
                f"Models per changed field: {fields}.",
            ]
        )
    return "\n".join(lines) + "\n"


def truncate(text: str, limit: int = GITHUB_BODY_LIMIT, note: str = "") -> str:
    """`text` cut at a line boundary to at most `limit` characters, saying so."""
    if len(text) <= limit:
        return text
    tail = f"\n\n**Truncated** to fit GitHub's limit. {note}".rstrip() + "\n"
    cut = text[: limit - len(tail)]
    cut = cut[: cut.rfind("\n") + 1] if "\n" in cut else cut
    return cut + tail


def changelog_file(catalogs: tuple[schema.Catalog, ...]) -> str:
    """`CHANGELOG.md`: every release, newest first, against the one before it."""
    parts = [
        "# Changelog\n",
        "Generated by `python -m generator` from `snapshots/`; do not edit. "
        "Each release is compared with the one before it; prices are USD per 1M tokens.\n",
    ]
    for old, new in reversed(list(itertools.pairwise(catalogs))):
        parts.append(markdown(diff(old, new)))
    first = catalogs[0].manifest
    parts.append(
        f"## {first.version} ({first.date})\n\nFirst release: {first.models} models "
        f"from {first.providers} providers.\n"
    )
    return "\n".join(parts)
