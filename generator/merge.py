"""Merge the sources into one catalog, value by value, remembering where each came from.

The rule is one order for every field, lowest precedence first (last stated wins):

    LiteLLM  <  models.dev  <  OpenRouter (for OpenRouter's own models)  <  overrides

- **models.dev** is the primary feed and decides which models exist; it is
  curated per provider and dated with the snapshot.
- **LiteLLM** is the widest source but the least reliable on prices (one audit
  found 41 of 85 of its OpenRouter prices wrong), so it *fills gaps*: prices and
  limits models.dev leaves unknown, the capabilities models.dev has no field for
  (prompt caching, vision, PDF input, audio, web search, parallel tool calls,
  response schema, system messages) and deprecation dates. Where it disagrees
  with models.dev, models.dev ships and the disagreement report shows both.
- **OpenRouter** is the authority for its own models (the models.dev `openrouter`
  provider): its API is what a request through OpenRouter costs.
- **Overrides** are our own corrections, on top of everything.

A source states a value or says nothing; "nothing" never beats a value. Flags are
per capability (models.dev states its six flags for every model, true or false),
so a capability can come from one source and another from a second. `cost.tiers`
is one value (a schedule is not mixed from two sources); `aliases` are unioned.
Provenance is recorded for every value that did not come from models.dev.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import schema
from generator.sources import Matching, Value, litellm, models_dev

ORDER = ("litellm", "models.dev", "openrouter", "override")
"""Sources, lowest precedence first."""
UNIONED = frozenset({"aliases"})


@dataclass(slots=True)
class Merged:
    providers: dict[str, schema.Provider]
    provenance: dict[str, dict[str, str]]
    """`provider:model` -> field path -> source, for values not from models.dev."""
    stated: dict[tuple[str, str], dict[str, dict[str, Value]]] = field(default_factory=dict)
    """(provider, model) -> source -> statements, for every model more than one
    source spoke about: what the disagreement report compares."""


def _apply(model: schema.Model, shipped: Mapping[str, Value]) -> schema.Model:
    data: dict[str, Any] = model.model_dump()
    caps = set(model.capabilities)
    for path, value in shipped.items():
        group, _, name = path.partition(".")
        if group == "limits":
            data["limits"][name] = value
        elif path == "cost.tiers":
            data["cost"]["tiers"] = [t.model_dump() for t in value]  # type: ignore[union-attr]
        elif group == "cost":
            data["cost"][name] = value
        elif group == "capabilities":
            (caps.add if value else caps.discard)(name)
        elif path == "aliases":
            data["aliases"] = tuple(sorted({*model.aliases, *value}))  # type: ignore[misc]
        else:
            data[path] = value
    data["capabilities"] = tuple(caps)
    return schema.Model.model_validate(data)


def merge(base: Mapping[str, schema.Provider], matchings: list[Matching]) -> Merged:
    """`base` (normalized models.dev) with every matched entry applied by precedence."""
    by_model: dict[tuple[str, str], dict[str, Mapping[str, Value]]] = {}
    for matching in matchings:
        if matching.source not in ORDER:
            raise ValueError(f"unknown source {matching.source!r}")
        for target, entry in matching.matched.items():
            by_model.setdefault(target, {})[matching.source] = entry.values
    providers = dict(base)
    provenance: dict[str, dict[str, str]] = {}
    stated: dict[tuple[str, str], dict[str, dict[str, Value]]] = {}
    changed: dict[str, dict[str, schema.Model]] = {}
    for (pid, mid), secondary in sorted(by_model.items()):
        model = base[pid].models[mid]
        primary = models_dev.statements(model)
        sources: dict[str, Mapping[str, Value]] = {"models.dev": primary, **secondary}
        if "litellm" in sources:
            sources["litellm"] = litellm.interpret(sources["litellm"], primary)
        stated[(pid, mid)] = {name: dict(values) for name, values in sources.items()}
        shipped: dict[str, Value] = {}
        origin: dict[str, str] = {}
        for name in ORDER:
            for path, value in sources.get(name, {}).items():
                if path in UNIONED and path in shipped:
                    shipped[path] = tuple(sorted({*shipped[path], *value}))  # type: ignore[misc]
                else:
                    shipped[path] = value
                origin[path] = name
        winners = {p: s for p, s in origin.items() if s != "models.dev"}
        if not winners:
            continue
        provenance[f"{pid}:{mid}"] = dict(sorted(winners.items()))
        changed.setdefault(pid, {})[mid] = _apply(model, {p: shipped[p] for p in winners})
    for pid, models in changed.items():
        provider = providers[pid]
        providers[pid] = provider.model_copy(update={"models": {**provider.models, **models}})
    return Merged(providers=providers, provenance=dict(sorted(provenance.items())), stated=stated)
