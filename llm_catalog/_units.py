"""Pricing beyond standard tokens: service tiers, the 1-hour cache write, units
(`price_with_extras`; tokens at the standard prices are `_costing.price_workload`'s).

`Model.cost_of` comes here only when a call names a service tier, a cache
lifetime or a count of seconds, characters, images or queries; the rules are in
`llm_catalog._costing`'s docstring. `_costing` imports nothing of this module: it
is the layer below. Kept apart so that pricing tokens at the
standard prices (the common path) loads none of it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from llm_catalog._costing import CostBreakdown, CostComponent, Workload, price_workload
from llm_catalog._extra import IMAGE_QUALITIES, SEARCH_CONTEXTS, SERVICE_TIERS

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from llm_catalog._extra import ExtraPrices
    from llm_catalog._model import Model
    from llm_catalog._record import Cost, CostTier

__all__ = ["CACHE_WRITE_TTLS", "image_price", "price_with_extras"]

CACHE_WRITE_TTLS = ("5m", "1h")
"""Cache lifetimes `cost_of(cache_write_ttl=...)` takes."""

_ZERO = Decimal(0)
_IMAGE_SIZE = re.compile(r"[1-9][0-9]*x[1-9][0-9]*")


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, not {value!r}")


def _sheet(model: Model, service_tier: str | None) -> Cost:
    """The price sheet of `service_tier` (`None`: standard); a `ValueError` naming
    the model and the tier when the data has none."""
    if service_tier is None:
        return model.cost
    if service_tier not in SERVICE_TIERS:
        raise ValueError(
            f"unknown service tier {service_tier!r}: one of {', '.join(SERVICE_TIERS)} "
            "(or None for the standard prices)"
        )
    extra = model.cost.extra
    sheet = None if extra is None else extra.service_tier(service_tier)
    if sheet is None:
        known = [t for t in SERVICE_TIERS if extra is not None and getattr(extra, t) is not None]
        raise ValueError(
            f"{model.key} has no {service_tier} prices in the data (service tiers it has: "
            f"{', '.join(['standard', *known])}); it is not priced at the standard prices "
            "instead"
        )
    return sheet


def _one_hour(model: Model, sheet: Cost, service_tier: str | None) -> Cost:
    """`sheet` with the 1-hour cache-write price as its cache-write price; long-context
    tiers lose theirs (a five-minute price: the 1-hour one above them is unknown)."""
    extra = model.cost.extra
    price = None if extra is None else extra.cache_write_1h
    if service_tier is not None or price is None:
        where = f" under the {service_tier} tier" if service_tier is not None else ""
        raise ValueError(
            f"{model.key} has no 1-hour cache-write price in the data{where}; "
            'cache_write_ttl="5m" (or None) prices the default five-minute write'
        )
    tiers = tuple(replace(t, cache_write=None) for t in sheet.tiers)
    return replace(sheet, cache_write=price, tiers=tiers)


def _search_price(model: Model, extra: ExtraPrices, size: str | None) -> Decimal | None:
    prices = dict(extra.web_search)
    if not prices:
        return None
    if size is None:
        if len(set(prices.values())) == 1:
            return next(iter(prices.values()))
        shown = ", ".join(f"{s} ${p}" for s, p in extra.web_search)
        raise ValueError(
            f"{model.key} prices a web search by its search context size ({shown}): "
            f"pass search_context= one of {', '.join(SEARCH_CONTEXTS)}"
        )
    if size not in SEARCH_CONTEXTS:
        raise ValueError(f"unknown search_context {size!r}: one of {', '.join(SEARCH_CONTEXTS)}")
    return prices.get(size)


def _image_rows(extra: ExtraPrices | None) -> str:
    rows = () if extra is None else extra.image_prices
    return ", ".join(f"{q or 'no quality'} {s} ${p}" for q, s, p in rows)


def image_price(
    model: Model, size: str | None, quality: str | None
) -> tuple[Decimal | None, str | None]:
    """(USD per image made, note) for `cost_of(images=N, image_size=, image_quality=)`.

    Without a size or quality: the model's one price per image (`output_per_image`),
    an error where the model prices images only by size and quality, `None` (unpriced)
    where it has no image price. With them: the row of `image_prices` of exactly that
    quality (`None`: a row priced by size alone) and size, or a `ValueError` naming
    the model, the size and quality asked and the ones it has -- never another row,
    nor the one price per image instead."""
    extra = model.cost.extra
    if size is None and quality is None:
        if extra is not None and extra.output_per_image is not None:
            return extra.output_per_image, None
        if extra is not None and extra.image_prices:
            raise ValueError(
                f"{model.key} prices an image by its size and quality ({_image_rows(extra)}): "
                'pass image_size= (e.g. "1024x1024") and image_quality= where the row has one '
                "(CLI: --image-size, --image-quality)"
            )
        return None, None
    if quality is not None and quality not in IMAGE_QUALITIES:
        raise ValueError(
            f"unknown image_quality {quality!r}: one of {', '.join(IMAGE_QUALITIES)} "
            "(the Images API's quality values), or None"
        )
    if size is not None and (not isinstance(size, str) or not _IMAGE_SIZE.fullmatch(size)):
        raise ValueError(
            f'image_size must be WIDTHxHEIGHT in pixels as the Images API spells it ("1024x1024"), '
            f"not {size!r}"
        )
    asked = f"quality {quality or 'unspecified'}, size {size or 'unspecified'}"
    if extra is None or not extra.image_prices:
        one = (
            ""
            if extra is None or extra.output_per_image is None
            else (
                f" (its one price per image, ${extra.output_per_image}, is for any size and "
                "quality: pass neither image_size nor image_quality)"
            )
        )
        raise ValueError(f"{model.key} has no image prices by size and quality in the data{one}")
    for row_quality, row_size, price in extra.image_prices:
        if row_quality == quality and row_size == size:
            return price, f"{quality} quality, {size}" if quality else f"{size}"
    near = [q or "None" for q, s, _ in extra.image_prices if s == size]
    hint = f" (image_quality= {', '.join(near)} for {size})" if near else ""
    raise ValueError(
        f"{model.key} has no price for an image of {asked} in the data{hint}; it has: "
        f"{_image_rows(extra)}"
    )


def _unit_prices(
    model: Model,
    units: Mapping[str, int],
    search_context: str | None,
    image_size: str | None = None,
    image_quality: str | None = None,
) -> list[tuple[str, int, Decimal | None, str | None]]:
    """(part, count, price or None, note) of every non-zero unit count (the part
    names its unit: `_costing.UNIT_OF_PART`)."""
    extra = model.cost.extra
    found = []
    if not units.get("images") and (image_size is not None or image_quality is not None):
        raise ValueError(
            "image_size and image_quality price the images made: pass images= (the count)"
        )
    for name, count in units.items():
        if not count:
            continue
        price: Decimal | None = None
        note = None
        if name == "seconds":
            part = "input_seconds"
            if extra is not None and extra.input_per_second is not None:
                price = extra.input_per_second
            elif extra is not None and extra.output_per_second is not None:
                part, price = "output_seconds", extra.output_per_second
        elif name == "characters":
            part = "input_characters"
            price = None if extra is None else extra.input_per_character
        elif name == "images":
            part = "output_images"
            price, note = image_price(model, image_size, image_quality)
        elif name == "input_images":
            part = "input_images"
            price = None if extra is None else extra.input_per_image
        else:  # queries
            part = "queries"
            price = None if extra is None else extra.per_query
            if price is None and extra is not None:
                price = _search_price(model, extra, search_context)
                if price is not None:
                    part = "web_search"
                    note = f"web search, {search_context or 'any'} search context"
        found.append((part, count, price, note))
    return found


def price_with_extras(
    model: Model,
    workload: Workload,
    *,
    units: Mapping[str, int],
    search_context: str | None,
    service_tier: str | None,
    cache_write_ttl: str | None,
    image_size: str | None = None,
    image_quality: str | None = None,
) -> CostBreakdown:
    """`cost_of` with a service tier, a cache lifetime or units beyond tokens
    (images at `image_size` and `image_quality`: see `image_price`)."""
    for name, count in units.items():
        _check_count(name, count)
    if cache_write_ttl not in (None, *CACHE_WRITE_TTLS):
        raise ValueError(
            f"unknown cache_write_ttl {cache_write_ttl!r}: one of {', '.join(CACHE_WRITE_TTLS)}"
        )
    sheet = _sheet(model, service_tier)
    one_hour = cache_write_ttl == "1h" and workload.cache_write_tokens > 0
    if cache_write_ttl == "1h":
        sheet = _one_hour(model, sheet, service_tier)
    breakdown = price_workload(model, workload, sheet, service_tier)
    components = list(breakdown.components)
    unpriced = list(breakdown.unpriced)
    total = breakdown.total
    if one_hour:
        tier = breakdown.tier
        original = _tier_named(model.cost, tier)  # 1 hour: standard prices only
        for i, component in enumerate(components):
            if component.part != "cache_write":
                continue
            if original is not None and original.cache_write is not None:
                total -= component.usd  # a five-minute price above this tier: 1 hour unknown
                del components[i]
                unpriced.append("cache_write")
            else:
                components[i] = replace(
                    component, billed_as=None, note="1-hour cache write (cache_write_ttl='1h')"
                )
            break
    for part, count, price, note in _unit_prices(
        model, units, search_context, image_size, image_quality
    ):
        if price is None or service_tier is not None:
            unpriced.append(part)
            continue
        usd = count * price
        total += usd
        components.append(
            CostComponent(
                part=part,
                tokens=count,
                price=price,
                usd=usd,
                note=note,
            )
        )
    return replace(breakdown, total=total, components=tuple(components), unpriced=tuple(unpriced))


def _tier_named(cost: Cost, applied: CostTier | None) -> CostTier | None:
    """The tier of `cost` with the threshold of `applied` (before the 1-hour price)."""
    if applied is None:
        return None
    return next((t for t in cost.tiers if t.above == applied.above), None)
