"""Prices few models have: their vocabularies, and `Cost.extra` to and from JSON.

Hand-written. The class, `ExtraPrices`, is declared in `_record` (generated provider
modules construct it, and a single provider's import loads only `_data.enums`,
`_model`, `_record`, `_data.shared` and `_data.version`); it is one optional value of `Cost`,
so the models without such prices (most) carry one empty slot and nothing else.
This module, imported only where the prices are read, holds the rest.
"""

from __future__ import annotations

from llm_catalog._record import ExtraPrices

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal
    from typing import Any

    from llm_catalog._record import Cost

__all__ = [
    "IMAGE_QUALITIES",
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
IMAGE_QUALITIES = ("standard", "hd", "low", "medium", "high")
"""The `quality` values of OpenAI's Images API an image price may depend on, in table
order (mirrors generator/schema.py); `cost_of(image_quality=...)` takes them."""


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
    if extra.image_prices:
        data["image_prices"] = [image_price_data(row) for row in extra.image_prices]
    return data


def image_price_data(row: tuple[str | None, str, Decimal]) -> dict[str, str]:
    """One row of `ExtraPrices.image_prices` in the snapshot's JSON shape:
    `{"quality": "hd", "size": "1024x1792", "price": "0.12"}` (no `quality` when
    the source prices the size alone)."""
    quality, size, price = row
    data = {} if quality is None else {"quality": quality}
    return {**data, "size": size, "price": format(price, "f")}


def image_price_name(quality: str | None, size: str) -> str:
    """`image.QUALITY.SIZE` (`image.SIZE` without a quality): an image price's name in
    the exports and the changelog."""
    return ".".join(["image", *([quality] if quality else []), size])


def _sheet_data(cost: Cost) -> dict[str, Any]:
    from llm_catalog._record import PRICE_FIELDS

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

    from llm_catalog._record import PRICE_FIELDS, Cost, CostTier

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
        image_prices=tuple(
            (row.get("quality"), row["size"], Decimal(row["price"]))
            for row in data.get("image_prices", ())
        ),
    )
