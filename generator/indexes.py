"""Query indexes for `llm_catalog._data.search`: what `find`, `select`, `default_model`
and `stats` read instead of scanning every model.

Every model gets an *ordinal*: its position in key order (providers by id, then
model ids), the order of `_data.index.MODEL_INDEX` and `all_models()`. A set of models
is a Python int used as a bitset over ordinals: intersection is `&`, counting is
`int.bit_count()`. The generator precomputes

- bitsets per capability, input and output modality, status, open weights,
  quality tier, and models whose long-context tier lowers an input or output
  price (so `select` cannot bound their cost by the base price) (hex literals: they compile to ints with no per-item work);
- ordinal ranges per provider (each provider's models are contiguous);
- ordinals per family;
- for each ordered field (context, output limit, input, output and cache-read
  price, release date) the distinct values in increasing order, each with the
  ordinals that have it; the runtime folds them into cumulative bitsets ("at
  least v", "at most v") the first time a query uses that field;
- the default model of each provider.

Quality tiers (documented in docs/querying.md, "Asking questions"): within one provider,
among the models with a known output price and text output, a model's percentile
is the share of the others that are strictly cheaper per output token. At or above
2/3 it is `best`, below 1/3 `cheap`, otherwise `balanced` (a provider with one
priced model has it `balanced`). Price is the one quality signal every provider
publishes, and comparing within a provider keeps gateways' markups out of it.

Default model of a provider: the provider's own choice when the data gives one
(`schema.Provider.default_model`, for overrides); otherwise the newest (by release
date) of its active models that read and write text and call tools, preferring
the `balanced` tier, then shorter ids, then id order; requirements are dropped
one at a time (tools, then text in and out, then active status) when nothing meets them;
a retired model is never the default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from generator import schema
from generator.code import Code, literal, parse_partial_date
from generator.report import GeneratorError
from llm_catalog import _rules as rules

QUALITY_TIERS = rules.QUALITY_TIERS
_T = TypeVar("_T", int, Decimal)


def _bits(ordinals: Iterable[int]) -> int:
    value = 0
    for o in ordinals:
        value |= 1 << o
    return value


def _hex(value: int) -> Code:
    return Code(hex(value))


def _groups(values: dict[int, _T], as_code: Callable[[_T], Code]) -> Code:
    """`((value, (ordinal, ...)), ...)` in increasing value order."""
    by_value: dict[_T, list[int]] = defaultdict(list)
    for ordinal, value in values.items():
        by_value[value].append(ordinal)
    parts = [f"({as_code(v)}, {literal(tuple(sorted(by_value[v])))})" for v in sorted(by_value)]
    return Code("(" + "".join(p + ", " for p in parts) + ")")


def _tier_discount(cost: schema.Cost) -> bool:
    """Whether a long-context tier makes input or output cheaper than (or priced
    where) the base price is not (`llm_catalog._rules.tier_discount`)."""
    return rules.tier_discount(cost.input, cost.output, ((t.input, t.output) for t in cost.tiers))


def quality_tiers(provider: schema.Provider) -> dict[str, str]:
    """Model id -> quality tier for the provider's priced text models (see module
    doc; the rule is `llm_catalog._rules.quality_tiers`, shared with the runtime)."""
    return rules.quality_tiers(
        {
            mid: m.cost.output
            for mid, m in provider.models.items()
            if m.cost.output is not None and "text" in m.modalities.output
        }
    )


def default_candidate(model: schema.Model) -> rules.DefaultCandidate:
    """What the default-model rule looks at in one model."""
    released = parse_partial_date(model.release_date)[0].toordinal() if model.release_date else 0
    return (
        model.id,
        model.status == "active",
        "text" in model.modalities.input and "text" in model.modalities.output,
        "tool_call" in model.capabilities,
        released,
    )


def default_model(provider: schema.Provider, tiers: dict[str, str]) -> str | None:
    """The provider's default model id by the documented rule (see module doc;
    `llm_catalog._rules.choose_default`, shared with the runtime)."""
    if provider.default_model is not None:
        if provider.default_model not in provider.models:
            raise GeneratorError(
                f"provider {provider.id}: default_model {provider.default_model!r} "
                "is not one of its models"
            )
        return provider.default_model
    # A retired model is never a default, whatever else the provider has.
    return rules.choose_default(
        [default_candidate(m) for m in provider.models.values() if m.status != "retired"], tiers
    )


def search_context(catalog: schema.Catalog) -> dict[str, Any]:
    """Template values for `search.py.j2`."""
    capabilities: dict[str, list[int]] = {v: [] for _, v, _ in schema.CAPABILITIES}
    inputs: dict[str, list[int]] = {v: [] for _, v, _ in schema.MODALITIES}
    outputs: dict[str, list[int]] = {v: [] for _, v, _ in schema.MODALITIES}
    statuses: dict[str, list[int]] = {v: [] for _, v, _ in schema.STATUSES}
    kinds: dict[str, list[int]] = {v: [] for _, v, _ in schema.KINDS}
    weights: dict[bool, list[int]] = {True: [], False: []}
    tiered: list[int] = []
    quality: dict[str, list[int]] = {t: [] for t in QUALITY_TIERS}
    families: dict[str, list[int]] = defaultdict(list)
    context: dict[int, int] = {}
    output_limit: dict[int, int] = {}
    input_price: dict[int, Decimal] = {}
    output_price: dict[int, Decimal] = {}
    cache_read_price: dict[int, Decimal] = {}
    released: dict[int, int] = {}
    ranges: list[Code] = []
    defaults: list[Code] = []
    ordinal = 0
    for pid, provider in catalog.providers.items():
        start = ordinal
        tiers = quality_tiers(provider)
        for mid, model in provider.models.items():
            for cap in model.capabilities:
                capabilities[cap].append(ordinal)
            for mod in model.modalities.input:
                inputs[mod].append(ordinal)
            for mod in model.modalities.output:
                outputs[mod].append(ordinal)
            statuses[model.status].append(ordinal)
            kinds[model.kind].append(ordinal)
            if model.open_weights is not None:
                weights[model.open_weights].append(ordinal)
            if mid in tiers:
                quality[tiers[mid]].append(ordinal)
            if _tier_discount(model.cost):
                tiered.append(ordinal)
            if model.family is not None:
                families[model.family].append(ordinal)
            if model.limits.context is not None:
                context[ordinal] = model.limits.context
            if model.limits.output is not None:
                output_limit[ordinal] = model.limits.output
            for table, price in (
                (input_price, model.cost.input),
                (output_price, model.cost.output),
                (cache_read_price, model.cost.cache_read),
            ):
                if price is not None:
                    table[ordinal] = price
            if model.release_date is not None:
                released[ordinal] = parse_partial_date(model.release_date)[0].toordinal()
            ordinal += 1
        ranges.append(Code(f"{literal(pid)}: ({start}, {ordinal})"))
        chosen = default_model(provider, tiers)
        if chosen is not None:
            defaults.append(Code(f"{literal(pid)}: {literal(chosen)}"))

    def bitsets(table: dict[str, list[int]]) -> list[Code]:
        return [Code(f"{literal(k)}: {_hex(_bits(v))}") for k, v in table.items()]

    def price_code(value: Decimal) -> Code:
        return literal(format(value, "f"))

    return {
        "count": literal(ordinal),
        "provider_ranges": ranges,
        "capabilities": bitsets(capabilities),
        "input_modalities": bitsets(inputs),
        "output_modalities": bitsets(outputs),
        "statuses": bitsets(statuses),
        "kinds": bitsets(kinds),
        "open_weights": _hex(_bits(weights[True])),
        "closed_weights": _hex(_bits(weights[False])),
        "quality": bitsets(quality),
        "tier_discounts": _hex(_bits(tiered)),
        "families": [
            Code(f"{literal(k)}: {literal(tuple(v))}") for k, v in sorted(families.items())
        ],
        "context": _groups(context, literal),
        "output_limit": _groups(output_limit, literal),
        "input_price": _groups(input_price, price_code),
        "output_price": _groups(output_price, price_code),
        "cache_read_price": _groups(cache_read_price, price_code),
        "release_date": _groups(released, literal),
        "defaults": defaults,
    }
