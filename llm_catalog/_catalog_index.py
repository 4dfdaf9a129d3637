"""Query indexes for any `Catalog`, built at runtime.

The packaged catalog's indexes are precomputed by the generator (`_data/search.py`,
`_data/aliases.py`, `_data/index.py`). A catalog you extend, override or load gets the very
same structures (same attribute names, same shapes, same rules from
`llm_catalog._rules`) built from `catalog.models` on its first query, and kept on
the catalog (catalogs are immutable, so the index never goes stale).

Loaded lazily: only queries that pass `catalog=` import this module.
"""

from __future__ import annotations

from types import MappingProxyType

from llm_catalog._data.enums import Capability, Kind, Modality, Status
from llm_catalog._rules import QUALITY_TIERS, choose_default, provider_aliases, quality_tiers
from llm_catalog._rules import tier_discount as _tier_discount

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from llm_catalog._catalog import Catalog
    from llm_catalog._model import Model

__all__ = ["CatalogIndex", "index_of"]

_Groups = tuple[tuple[object, tuple[int, ...]], ...]


def _groups(values: dict[int, object]) -> _Groups:
    """`((value, (ordinal, ...)), ...)` in increasing value order, like `_data.search`."""
    by_value: dict[object, list[int]] = {}
    for ordinal, value in values.items():
        by_value.setdefault(value, []).append(ordinal)
    return tuple((v, tuple(by_value[v])) for v in sorted(by_value))  # type: ignore[type-var]


class CatalogIndex:
    """The indexes of one catalog, under the names `llm_catalog._data.search` and
    `llm_catalog._data.aliases` use (so that the query code reads either)."""

    def __init__(self, catalog: Catalog) -> None:
        models: tuple[Model, ...] = catalog.models
        self.models = models
        self.by_key: Mapping[str, Model] = catalog.by_key
        self.known_providers: Mapping[str, object] = catalog.providers
        capabilities = {c.value: 0 for c in Capability}
        inputs = {m.value: 0 for m in Modality}
        outputs = {m.value: 0 for m in Modality}
        statuses = {s.value: 0 for s in Status}
        kinds = {k.value: 0 for k in Kind}
        open_weights = closed_weights = tier_discounts = 0
        quality = dict.fromkeys(QUALITY_TIERS, 0)
        families: dict[str, list[int]] = {}
        context: dict[int, object] = {}
        output_limit: dict[int, object] = {}
        input_price: dict[int, object] = {}
        output_price: dict[int, object] = {}
        cache_read_price: dict[int, object] = {}
        released: dict[int, object] = {}
        ranges: dict[str, tuple[int, int]] = {}
        defaults: dict[str, str] = {}
        tier_of: dict[str, str] = {}
        aliases: dict[str, str] = {}
        bare: dict[str, list[str]] = {}
        start = 0
        for ordinal, model in enumerate(models):
            bit = 1 << ordinal
            for cap in model.capabilities:
                capabilities[cap.value] |= bit
            for mod in model.modalities.input:
                inputs[mod.value] |= bit
            for mod in model.modalities.output:
                outputs[mod.value] |= bit
            statuses[model.status.value] |= bit
            kinds[model.kind.value] |= bit
            if model.open_weights is True:
                open_weights |= bit
            elif model.open_weights is False:
                closed_weights |= bit
            cost = model.cost
            if cost.tiers and _tier_discount(
                cost.input, cost.output, ((t.input, t.output) for t in cost.tiers)
            ):
                tier_discounts |= bit
            if model.family is not None:
                families.setdefault(model.family, []).append(ordinal)
            if model.limits.context is not None:
                context[ordinal] = model.limits.context
            if model.limits.output is not None:
                output_limit[ordinal] = model.limits.output
            for table, price in (
                (input_price, cost.input),
                (output_price, cost.output),
                (cache_read_price, cost.cache_read),
            ):
                if price is not None:
                    table[ordinal] = price
            if model.release_date is not None:
                released[ordinal] = model.release_date.toordinal()
            bare.setdefault(model.id, []).append(model.key)
            last = ordinal + 1 == len(models)
            if last or models[ordinal + 1].provider.value != model.provider.value:
                pid = model.provider.value
                ranges[pid] = (start, ordinal + 1)
                tiers = _per_provider(pid, models[start : ordinal + 1], defaults)
                for offset, member in enumerate(models[start : ordinal + 1]):
                    tier = tiers.get(member.id)
                    if tier is not None:
                        quality[tier] |= 1 << (start + offset)
                        tier_of[member.key] = tier
                for alias, mid in provider_aliases(
                    (m.id, m.aliases) for m in models[start : ordinal + 1]
                ).items():
                    aliases[f"{pid}:{alias}"] = f"{pid}:{mid}"
                    bare.setdefault(alias, []).append(f"{pid}:{mid}")
                start = ordinal + 1
        self.COUNT = len(models)
        self.PROVIDER_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType(ranges)
        self.CAPABILITIES: Mapping[str, int] = MappingProxyType(capabilities)
        self.INPUT_MODALITIES: Mapping[str, int] = MappingProxyType(inputs)
        self.OUTPUT_MODALITIES: Mapping[str, int] = MappingProxyType(outputs)
        self.STATUSES: Mapping[str, int] = MappingProxyType(statuses)
        self.KINDS: Mapping[str, int] = MappingProxyType(kinds)
        self.OPEN_WEIGHTS = open_weights
        self.CLOSED_WEIGHTS = closed_weights
        self.TIER_DISCOUNTS = tier_discounts
        self.QUALITY: Mapping[str, int] = MappingProxyType(quality)
        self.FAMILIES: Mapping[str, tuple[int, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in sorted(families.items())}
        )
        self.CONTEXT = _groups(context)
        self.OUTPUT_LIMIT = _groups(output_limit)
        self.INPUT_PRICE = _groups(input_price)
        self.OUTPUT_PRICE = _groups(output_price)
        self.CACHE_READ_PRICE = _groups(cache_read_price)
        self.RELEASE_DATE = _groups(released)
        self.DEFAULTS: Mapping[str, str] = MappingProxyType(defaults)
        self.ALIASES: Mapping[str, str] = MappingProxyType(dict(sorted(aliases.items())))
        self.BARE: Mapping[str, tuple[str, ...]] = MappingProxyType(
            {name: tuple(keys) for name, keys in sorted(bare.items())}
        )
        self.tier_of: Mapping[str, str] = tier_of
        """Model key -> quality tier."""
        self.query_state: object = None
        """The query module's per-catalog state (cumulative bitsets and the like)."""
        self.names: object = None
        """`resolve`'s lookup tables for this catalog."""


def _per_provider(pid: str, models: tuple[Model, ...], defaults: dict[str, str]) -> dict[str, str]:
    """Quality tiers (model id -> tier) of one provider's models; records its default."""
    priced: dict[str, Decimal] = {
        m.id: m.cost.output
        for m in models
        if m.cost.output is not None and Modality.TEXT in m.modalities.output
    }
    tiers = quality_tiers(priced)
    chosen = choose_default(
        [
            (
                m.id,
                m.status is Status.ACTIVE,
                Modality.TEXT in m.modalities.input and Modality.TEXT in m.modalities.output,
                Capability.TOOL_CALL in m.capabilities,
                m.release_date.toordinal() if m.release_date is not None else 0,
            )
            for m in models
            if m.status is not Status.RETIRED  # never the default
        ],
        tiers,
    )
    if chosen is not None:
        defaults[pid] = chosen
    return tiers


def index_of(catalog: Catalog) -> CatalogIndex:
    """The catalog's indexes, built on first use and kept on the catalog."""
    found: CatalogIndex | None = getattr(catalog, "_index", None)
    if found is None:
        found = CatalogIndex(catalog)
        object.__setattr__(catalog, "_index", found)
    return found
