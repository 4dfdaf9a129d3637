"""Prices few models have: service tiers, the 1-hour cache write, units beyond tokens.

Hand-written; mirrors `generator/schema.py`'s `ExtraPrices` field for field. One
optional value of `Cost` (`Cost.extra`), and this module is imported only by the
provider modules that hold such prices and by the code that reads them, so the
models without them (most) pay nothing for them: no slot per price, no class built
on their import path. Declared with `_record.dataclass`, like `_model` (a provider
module that imports this must not import `dataclasses`).
"""

from __future__ import annotations

from llm_catalog._record import Record, slot_setters

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from dataclasses import dataclass
    from decimal import Decimal
    from typing import Any

    from llm_catalog._model import Cost
else:
    from llm_catalog._record import dataclass

__all__ = [
    "SEARCH_CONTEXTS",
    "SERVICE_TIERS",
    "UNIT_PRICES",
    "ExtraPrices",
    "extra_data",
    "extra_from_data",
]

SERVICE_TIERS = ("batch", "flex", "priority")
"""Service tiers priced apart from the standard one (`cost_of(service_tier=...)`)."""
UNIT_PRICES = (
    "input_per_second",
    "output_per_second",
    "input_per_character",
    "input_per_image",
    "output_per_image",
    "per_query",
)
"""Prices per unit other than tokens, in field order (mirrors generator/schema.py)."""
SEARCH_CONTEXTS = ("low", "medium", "high")
"""Search context sizes a web-search price may depend on, smallest first."""


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class ExtraPrices(Record):
    """Prices beyond the standard per-token ones. `None` means "not known"."""

    batch: Cost | None = None
    """The batch API's prices: a whole price sheet (long-context tiers included)."""
    flex: Cost | None = None
    """The flex service tier's prices."""
    priority: Cost | None = None
    """The priority service tier's prices."""
    cache_write_1h: Decimal | None = None
    """USD per million tokens written to a cache kept one hour; `Cost.cache_write`
    is the default five-minute write where a source tells the two apart."""
    input_per_second: Decimal | None = None
    """USD per second of input audio (transcription)."""
    output_per_second: Decimal | None = None
    """USD per second of output audio or video (speech, video generation)."""
    input_per_character: Decimal | None = None
    """USD per character of input text (speech)."""
    input_per_image: Decimal | None = None
    """USD per image in the prompt."""
    output_per_image: Decimal | None = None
    """USD per image made (image generation)."""
    per_query: Decimal | None = None
    """USD per query (rerank: one query scored against its documents)."""
    web_search: tuple[tuple[str, Decimal], ...] = ()
    """USD per web search by search context size, `(("low", price), ...)` in the
    order of `SEARCH_CONTEXTS`; empty when not known."""

    def __init__(
        self,
        *,
        batch: Cost | None = None,
        flex: Cost | None = None,
        priority: Cost | None = None,
        cache_write_1h: Decimal | None = None,
        input_per_second: Decimal | None = None,
        output_per_second: Decimal | None = None,
        input_per_character: Decimal | None = None,
        input_per_image: Decimal | None = None,
        output_per_image: Decimal | None = None,
        per_query: Decimal | None = None,
        web_search: tuple[tuple[str, Decimal], ...] = (),
    ) -> None:
        _batch(self, batch)
        _flex(self, flex)
        _priority(self, priority)
        _cache_write_1h(self, cache_write_1h)
        _input_per_second(self, input_per_second)
        _output_per_second(self, output_per_second)
        _input_per_character(self, input_per_character)
        _input_per_image(self, input_per_image)
        _output_per_image(self, output_per_image)
        _per_query(self, per_query)
        _web_search(self, web_search)

    def service_tier(self, name: str) -> Cost | None:
        """The prices of service tier `name` (`batch`, `flex`, `priority`), if known."""
        if name not in SERVICE_TIERS:
            raise ValueError(f"unknown service tier {name!r}; one of {', '.join(SERVICE_TIERS)}")
        tier: Cost | None = getattr(self, name)
        return tier


(
    _batch,
    _flex,
    _priority,
    _cache_write_1h,
    _input_per_second,
    _output_per_second,
    _input_per_character,
    _input_per_image,
    _output_per_image,
    _per_query,
    _web_search,
) = slot_setters(ExtraPrices)


def extra_data(extra: ExtraPrices) -> dict[str, Any]:
    """`extra` in the snapshot's JSON shape (`catalog.json`'s `cost.extra`): prices
    as exact decimal strings, unknown ones left out."""
    data: dict[str, Any] = {}
    for name in SERVICE_TIERS:
        sheet: Cost | None = getattr(extra, name)
        if sheet is not None:
            data[name] = _sheet_data(sheet)
    for name in ("cache_write_1h", *UNIT_PRICES):
        price = getattr(extra, name)
        if price is not None:
            data[name] = format(price, "f")
    if extra.web_search:
        data["web_search"] = {size: format(price, "f") for size, price in extra.web_search}
    return data


def _sheet_data(cost: Cost) -> dict[str, Any]:
    from llm_catalog._model import PRICE_FIELDS

    def prices(obj: object) -> dict[str, str]:
        return {n: format(v, "f") for n in PRICE_FIELDS if (v := getattr(obj, n)) is not None}

    data: dict[str, Any] = prices(cost)
    if cost.tiers:
        data["tiers"] = [{"above": t.above, **prices(t)} for t in cost.tiers]
    return data


def extra_from_data(data: Mapping[str, Any]) -> ExtraPrices:
    """The inverse of `extra_data`, for data this package wrote (the price history);
    `Catalog.load` checks outside data field by field instead."""
    from decimal import Decimal

    from llm_catalog._model import PRICE_FIELDS, Cost, CostTier

    def prices(raw: Mapping[str, Any]) -> dict[str, Any]:
        return {n: Decimal(raw[n]) for n in PRICE_FIELDS if raw.get(n) is not None}

    sheets: dict[str, Any] = {
        name: Cost(
            **prices(data[name]),
            tiers=tuple(
                CostTier(above=t["above"], **prices(t)) for t in data[name].get("tiers", ())
            ),
        )
        for name in SERVICE_TIERS
        if name in data
    }
    units: dict[str, Any] = {
        n: Decimal(data[n]) for n in ("cache_write_1h", *UNIT_PRICES) if n in data
    }
    search = data.get("web_search", {})
    return ExtraPrices(
        **sheets,
        **units,
        web_search=tuple((s, Decimal(search[s])) for s in SEARCH_CONTEXTS if s in search),
    )
