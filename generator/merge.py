"""Merge the sources into one catalog, value by value, remembering where each came from.

The rule is one order for every field, lowest precedence first (last stated wins):

    LiteLLM  <  models.dev  <  OpenRouter (for OpenRouter's own models)  <  overrides

- **models.dev** is the primary feed and decides which providers exist and most
  models (the others are models only LiteLLM or OpenRouter lists,
  `generator.additions`: models.dev states nothing about those); it is curated
  per provider and dated with the snapshot.
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

Two rules keep the merged catalog from contradicting itself:

- **One price sheet per model.** A source's supplementary prices (cache read and
  write, reasoning, audio, long-context tiers, and `cost.extra`: service tiers,
  the 1-hour cache write, prices per second, character, image, query or web
  search) ship only beside its own base prices: when the shipped `cost.input` and `cost.output` (before overrides:
  a negotiated rate does not disown every sheet) are the ones that source
  states (it states at least one of them, and every one it states is the
  shipped value). Otherwise the highest-precedence source whose sheet does
  agree gives the value, or it stays unknown; the rejected value is a
  `report.json` finding naming the source, the model and the field
  (`google:gemini-flash-lite-latest` would otherwise reason at LiteLLM's $2.50
  beside models.dev's $0.40 output). Overrides are our own and always apply.
  `cost.extra` from a source that states no price per token ships too when no
  source prices the model per token (a transcription model's price per second
  is its whole sheet: nothing to disagree with).
- **Capabilities agree with modalities** (`generator.coherence`, applied to
  every model after the merge). `vision`, `pdf_input`, `audio_input` and
  `audio_output` are the modalities under another name: models.dev states them
  through its modalities, so they win over LiteLLM's `supports_*` flags, and a
  LiteLLM flag that says otherwise is a disagreement in the report, never a
  shipped contradiction. We drop the flag rather than add a modality: models.dev's
  modalities are curated per provider, LiteLLM's flags per route entry.
  `prompt_caching` holds when the model has a cache price or a source says so.
  A supplementary price of 0 beside a base price above 0 ("no surcharge") is
  not a price: it stays unknown.

Between the two, the catalog-wide invariants (`generator.invariants`) repair or
report what no source should have given: a cache read dearer than input, a
long-context tier below its base, absurd values, an output limit above the
context window.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import coherence, invariants, schema
from generator.history import PRICE_KINDS, price_json
from generator.report import Finding
from generator.sources import Matching, Value, litellm, models_dev

ORDER = ("litellm", "models.dev", "openrouter", "override")
"""Sources, lowest precedence first."""
UNIONED = frozenset({"aliases"})
COMPARED_ONLY = frozenset({"modalities.input", "modalities.output"})
"""Statements the disagreement report compares but that never ship: models.dev's
modalities are the catalog's (OpenRouter states its own, for comparison)."""
BASE_PRICES = ("cost.input", "cost.output")
SHEET_PRICES = (*(f"cost.{name}" for name in coherence.SUPPLEMENTARY), "cost.tiers", "cost.extra")
"""Prices that belong to the price sheet of the base prices beside them."""


@dataclass(slots=True)
class Merged:
    providers: dict[str, schema.Provider]
    provenance: dict[str, dict[str, str]]
    """`provider:model` -> field path -> source, for values not from models.dev."""
    stated: dict[tuple[str, str], dict[str, dict[str, Value]]] = field(default_factory=dict)
    """(provider, model) -> source -> statements, for every model more than one
    source spoke about: what the disagreement report compares."""
    findings: list[Finding] = field(default_factory=list)
    """Values not shipped (another price sheet, a 0 that is no price), for `report.json`."""
    primary: dict[str, dict[str, Any]] = field(default_factory=dict)
    """models.dev's own prices where the catalog ships others (`schema.Catalog.primary`)."""


def _apply(model: schema.Model, shipped: Mapping[str, Value | None]) -> schema.Model:
    data: dict[str, Any] = model.model_dump()
    caps = set(model.capabilities)
    for path, value in shipped.items():
        group, _, name = path.partition(".")
        if group == "limits":
            data["limits"][name] = value
        elif path == "cost.tiers":
            data["cost"]["tiers"] = [t.model_dump() for t in value or ()]  # type: ignore[union-attr]
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


def _same_sheet(
    statements: Mapping[str, Value], shipped: Mapping[str, Value], path: str = ""
) -> bool:
    """Whether the base prices a source states are the shipped ones (and it states one).

    `cost.extra` (service tiers, prices per second, character, image or query) may
    also stand where no source prices the model per token at all: a transcription
    or speech model's price per second or character is its whole price sheet."""
    stated = [p for p in BASE_PRICES if p in statements]
    if not stated and path == "cost.extra":
        return not any(p in shipped for p in BASE_PRICES)
    return bool(stated) and all(statements[p] == shipped.get(p) for p in stated)


def _one_sheet(
    key: tuple[str, str],
    sources: Mapping[str, Mapping[str, Value]],
    shipped: dict[str, Value],
    origin: dict[str, str],
    findings: list[Finding],
) -> set[str]:
    """Keep only supplementary prices from a sheet that agrees with the shipped base
    prices (see the module docstring); returns the paths left unknown."""
    dropped: set[str] = set()
    # Judged against the sources' base prices: an override of a base price (a
    # negotiated rate) does not make every source's sheet another one.
    reference: dict[str, Value] = {}
    for name in ORDER:
        if name != "override":
            reference.update({p: v for p, v in sources.get(name, {}).items() if p in BASE_PRICES})
    for path in SHEET_PRICES:
        source = origin.get(path)
        if source is None or source == "override" or _same_sheet(sources[source], reference, path):
            continue
        value = shipped[path]
        own = ", ".join(
            f"{p.removeprefix('cost.')} {_shown(sources[source].get(p))}" for p in BASE_PRICES
        )
        ships = ", ".join(
            f"{p.removeprefix('cost.')} {_shown(reference.get(p))}" for p in BASE_PRICES
        )
        findings.append(
            Finding(
                key[0],
                key[1],
                path,
                f"{source}'s {_shown(value)} not shipped: another price sheet "
                f"({source} states {own}; the catalog ships {ships})",
                "info",
            )
        )
        fallback = next(
            (
                name
                for name in reversed(ORDER)
                if name != source
                and path in sources.get(name, {})
                and (name == "override" or _same_sheet(sources[name], reference, path))
            ),
            None,
        )
        if fallback is None:
            del shipped[path]
            origin[path] = "models.dev"
            dropped.add(path)
        else:
            shipped[path] = sources[fallback][path]
            origin[path] = fallback
    return dropped


def _shown(value: Value | None) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        return "tiers above " + ", ".join(str(t.above) for t in value)
    if isinstance(value, schema.ExtraPrices):
        return "prices of " + ", ".join(value.model_dump(exclude_defaults=True))
    return f"${value}"


def merge(
    base: Mapping[str, schema.Provider],
    matchings: list[Matching],
    added: Collection[tuple[str, str]] = frozenset(),
) -> Merged:
    """`base` (normalized models.dev) with every matched entry applied by precedence.

    `added`: the models of `base` that a secondary source added (`generator.additions`):
    models.dev states nothing about them (their skeleton's defaults -- every flag
    off -- are no statements), so their values are the secondary sources' alone."""
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
    findings: list[Finding] = []
    for (pid, mid), secondary in sorted(by_model.items()):
        model = base[pid].models[mid]
        primary = {} if (pid, mid) in added else models_dev.statements(model)
        sources: dict[str, Mapping[str, Value]] = {**secondary}
        if (pid, mid) not in added:
            sources = {"models.dev": primary, **secondary}
        if "litellm" in sources:
            sources["litellm"] = litellm.interpret(sources["litellm"], primary)
        if len(sources) > 1:  # a model only one source speaks about has nothing to compare
            stated[(pid, mid)] = {name: dict(values) for name, values in sources.items()}
        shipped: dict[str, Value] = {}
        origin: dict[str, str] = {}
        for name in ORDER:
            for path, value in sources.get(name, {}).items():
                if path in COMPARED_ONLY:
                    continue
                if path in UNIONED and path in shipped:
                    shipped[path] = tuple(sorted({*shipped[path], *value}))  # type: ignore[misc]
                else:
                    shipped[path] = value
                origin[path] = name
        dropped = _one_sheet((pid, mid), sources, shipped, origin, findings)
        winners = {p: s for p, s in origin.items() if s != "models.dev"}
        if not winners and not dropped:
            continue
        if winners:
            provenance[f"{pid}:{mid}"] = dict(sorted(winners.items()))
        changed.setdefault(pid, {})[mid] = _apply(
            model, {**{p: shipped[p] for p in winners}, **dict.fromkeys(dropped)}
        )
    for pid, models in changed.items():
        provider = providers[pid]
        providers[pid] = provider.model_copy(update={"models": {**provider.models, **models}})
    providers, broken = invariants.enforce(providers, provenance)
    findings.extend(broken)
    for pid, provider in list(providers.items()):
        cohered: dict[str, schema.Model] = {}
        for mid, model in provider.models.items():
            fixed, notes = coherence.cohere(model)
            findings.extend(Finding(pid, mid, path, note, "info") for path, note in notes)
            if fixed is not model:
                cohered[mid] = fixed
                _trace(provenance, f"{pid}:{mid}", model, fixed)
        if cohered:
            providers[pid] = provider.model_copy(update={"models": {**provider.models, **cohered}})
    own_prices: dict[str, dict[str, Any]] = {}
    for pid, provider in providers.items():
        for mid, model in provider.models.items():
            own = base[pid].models[mid].cost
            if own == model.cost:
                continue
            differ = {
                kind: price_json(own, kind)
                for kind in PRICE_KINDS
                if price_json(own, kind) != price_json(model.cost, kind)
            }
            if differ:
                own_prices[f"{pid}:{mid}"] = differ
    return Merged(
        primary=own_prices,
        providers=providers,
        provenance={k: dict(sorted(v.items())) for k, v in sorted(provenance.items()) if v},
        stated=stated,
        findings=findings,
    )


def _trace(
    provenance: dict[str, dict[str, str]], key: str, before: schema.Model, after: schema.Model
) -> None:
    """Provenance after `coherence.cohere`: prices it left unknown have none; a
    prompt-caching flag it derived from a cache price has that price's source."""
    fields = provenance.get(key)
    for name in coherence.SUPPLEMENTARY:
        if fields and getattr(after.cost, name) is None:
            fields.pop(f"cost.{name}", None)
    gained = set(after.capabilities) - set(before.capabilities)
    if "prompt_caching" in gained and fields:
        source = fields.get("cost.cache_read") or fields.get("cost.cache_write")
        if source is not None:
            fields["capabilities.prompt_caching"] = source
    lost = set(before.capabilities) - set(after.capabilities)
    for flag in lost:
        if fields:
            fields.pop(f"capabilities.{flag}", None)
    if fields is not None and not fields:
        del provenance[key]
