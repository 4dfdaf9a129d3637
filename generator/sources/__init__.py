"""Upstream sources beyond models.dev, and the one contract they share.

Every source turns its document into *entries*: one per record of the source,
keyed by the source's own id, holding *statements* -- values in our schema,
addressed by field path (`cost.input`, `limits.context`,
`capabilities.vision`, `deprecation_date`). A source states only what its
record says; a missing value is "no statement", never "false" or "free".
Matching (`match`) then maps entries onto catalog models and says, for every
entry that found no model, why.

Modules, one per source:

- `models_dev`: the primary feed: its providers, and its models plus the models a
  secondary source lists for a mapped provider that it does not
  (`generator/additions.py`, each source's `additions`);
- `openrouter`: OpenRouter's `/api/v1/models` (prices are USD per token, strings);
- `litellm`: LiteLLM's `model_prices_and_context_window.json`;
- `overrides`: our own TOML files in `overrides/` (see `overrides/README.md`).

Entries are stored, normalized, in each snapshot (`sources/NAME.json`), so that a
later offline run can reuse them and match them again against a newer feed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator import schema
from generator.report import GeneratorError

Value = Decimal | int | bool | str | tuple[Any, ...] | schema.ExtraPrices
"""A stated value: a price (Decimal), a limit (int), a flag (bool), a date or id
(str), a tuple (`cost.tiers` as `schema.CostTier`s, `aliases` as strings), or
`cost.extra`'s rarer prices (one statement, like a tier schedule)."""

PRICE_FIELDS = schema.PRICE_FIELDS
LIMIT_FIELDS = ("context", "input", "output")
PER_MILLION = Decimal(1_000_000)

SOURCE_NAMES = ("models.dev", "litellm", "openrouter", "override", "origin")
"""Every name provenance can give, lowest precedence first (see `generator.merge`;
`origin` is a retirement date carried from the model a copy serves, see
`generator.hosts`)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of a secondary source, normalized to statements in our schema."""

    key: str
    """The source's own id (`anthropic/claude-sonnet-4.5`, `vertex_ai/claude-3-5-haiku`)."""
    route: str
    """The source's provider for this record (LiteLLM's `litellm_provider`)."""
    values: Mapping[str, Value]
    """Statements by field path."""
    ids: Mapping[str, str] = field(default_factory=dict)
    """Other names the source gives the record (OpenRouter's `canonical_slug` and
    `hugging_face_id`): not statements about a catalog model, but what
    `generator.hosts` links hosted copies by."""


@dataclass(frozen=True, slots=True)
class Unmatched:
    key: str
    reason: str


@dataclass(slots=True)
class Matching:
    """Which entries of one source landed on which catalog models, and which did not."""

    source: str
    matched: dict[tuple[str, str], Entry] = field(default_factory=dict)
    """(provider id, model id) -> the entry whose statements apply to it."""
    how: dict[tuple[str, str], str] = field(default_factory=dict)
    """(provider id, model id) -> the rule that matched (`exact id`, `route prefix`, ...)."""
    unmatched: list[Unmatched] = field(default_factory=list)
    added: frozenset[tuple[str, str]] = frozenset()
    """The catalog models the secondary sources added (`generator/additions.py`),
    not models.dev's: the match report counts the entries that denote them apart."""
    image_prices: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Entry key -> the catalog model whose `cost.extra.image_prices` the entry's
    price per image (at a size and quality) joined: entries that are no model."""

    def as_json(self) -> dict[str, Any]:
        reasons: dict[str, int] = {}
        for miss in self.unmatched:
            reasons[miss.reason.split(":")[0]] = reasons.get(miss.reason.split(":")[0], 0) + 1
        matched_keys = {e.key for e in self.matched.values()}
        # Why each entry denotes a catalog model (an entry matching two models counts
        # once, for the models.dev one): what the share below is made of.
        denoting: dict[str, str] = {}
        for target, entry in sorted(self.matched.items(), key=lambda t: t[0] in self.added):
            whose = "a model this source added" if target in self.added else "a models.dev model"
            rule = re.sub(
                r" \S+/$", "", self.how[target]
            )  # `route prefix azure/` -> `route prefix`
            denoting.setdefault(entry.key, f"{whose}, by {rule}")
        for miss in self.unmatched:
            if miss.reason.startswith("matched better by another entry"):
                denoting[miss.key] = "a model another entry of this source matched closer"
        for key in self.image_prices:
            denoting[key] = "an image price of a catalog model, by size and quality"
        by_reason: dict[str, int] = {}
        for reason in denoting.values():
            by_reason[reason] = by_reason.get(reason, 0) + 1
        total = len(matched_keys) + len(self.image_prices) + len(self.unmatched)
        return {
            "source": self.source,
            "models_matched": len(self.matched),
            "models_added": len(self.added & self.matched.keys()),
            "entries_matched": len(matched_keys),
            "entries_unmatched": len(self.unmatched),
            "entries_merged_as_image_prices": len(self.image_prices),
            "entries_denoting_a_catalog_model": {
                "count": len(denoting),
                "of": total,
                "share": f"{len(denoting) / total:.1%}" if total else "n/a",
                "by_reason": dict(sorted(by_reason.items())),
            },
            "unmatched_by_reason": dict(sorted(reasons.items())),
            "matched": {
                f"{pid}:{mid}": {"entry": entry.key, "rule": self.how[(pid, mid)]}
                for (pid, mid), entry in sorted(self.matched.items())
            },
            "image_prices": {
                key: f"{pid}:{mid}" for key, (pid, mid) in sorted(self.image_prices.items())
            },
            "unmatched": {m.key: m.reason for m in sorted(self.unmatched, key=lambda m: m.key)},
        }


def per_million(per_token: Decimal) -> Decimal:
    """USD per token -> USD per million tokens: exact Decimal arithmetic, then the
    catalog's canonical form (`normalize.canonical_price`: at most 10 decimal places)."""
    from generator.normalize import canonical_price

    return canonical_price(per_token * PER_MILLION)


def index(providers: Mapping[str, schema.Provider]) -> dict[str, set[str]]:
    """Model ids by provider id, for matching."""
    return {pid: set(p.models) for pid, p in providers.items()}


# -- storing entries in a snapshot ------------------------------------------------


def _dump_value(path: str, value: Value) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if path == "cost.tiers":
        return [t.model_dump(mode="json", exclude_defaults=True) for t in value]  # type: ignore[union-attr]
    if isinstance(value, schema.ExtraPrices):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, tuple):
        return list(value)
    return value


def _load_value(path: str, raw: Any) -> Value:
    if path == "cost.tiers":
        return tuple(schema.CostTier.model_validate(t) for t in raw)
    if path == "cost.extra":
        return schema.ExtraPrices.model_validate(raw)
    if path.startswith("cost.") and isinstance(raw, str):
        return Decimal(raw)
    if isinstance(raw, list):
        return tuple(raw)
    if isinstance(raw, bool | int | str):
        return raw
    raise GeneratorError(f"stored statement {path} has an unreadable value {raw!r:.60}")


def dump_entries(entries: list[Entry]) -> dict[str, Any]:
    """Entries as JSON-ready data, keyed by the source's id."""
    dumped: dict[str, Any] = {}
    for e in sorted(entries, key=lambda e: e.key):
        item: dict[str, Any] = {
            "route": e.route,
            "values": {p: _dump_value(p, v) for p, v in sorted(e.values.items())},
        }
        if e.ids:
            item["ids"] = dict(sorted(e.ids.items()))
        dumped[e.key] = item
    return dumped


def load_entries(data: Any, where: str) -> list[Entry]:
    """The inverse of `dump_entries` (raises `GeneratorError` naming `where`)."""
    if not isinstance(data, dict):
        raise GeneratorError(f"{where}: expected an object of entries")
    entries = []
    for key, raw in data.items():
        try:
            values = {p: _load_value(p, v) for p, v in raw["values"].items()}
            ids = raw.get("ids", {})
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in ids.items()):
                raise ValueError("ids must map names to strings")
            entries.append(Entry(key=key, route=raw["route"], values=values, ids=dict(ids)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # ValidationError too
            raise GeneratorError(f"{where}: entry {key!r} is unreadable: {exc}") from None
    return entries
