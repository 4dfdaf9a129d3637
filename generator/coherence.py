"""One model that does not contradict itself: flags from modalities, no 0 that means "none".

Applied by `generator.merge` to every model of every release, after the sources
are merged (the rules are documented in `generator.merge`'s docstring):

- **Flags follow modalities.** `vision` holds exactly when the input modalities
  include `image`, `pdf_input` when they include `pdf`, `audio_input` when they
  include `audio`, `audio_output` when the output modalities include `audio`.
  The modalities are the one truth; a flag that said otherwise is dropped (or
  added) here and the source that said so shows in the disagreement report.
- **A 0 that means "no surcharge" is not a price.** A supplementary price
  (cache read or write, reasoning, audio) of 0 beside a base price above 0 is
  how sources say "nothing extra" or "not offered" (`cache_write = 0`: cache
  writes bill as ordinary input); it becomes unknown (`None`), never "free".
  On a free model (base price 0) a 0 is a price and stays.
- **Prompt caching** holds when the model has a cache price (read or write) or
  a source said so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import schema

SUPPLEMENTARY: dict[str, str] = {
    "cache_read": "input",
    "cache_write": "input",
    "input_audio": "input",
    "reasoning": "output",
    "output_audio": "output",
}
"""Supplementary price -> the base price it is a variant of."""

FLAG_MODALITY: dict[str, tuple[str, str]] = {
    "vision": ("input", "image"),
    "pdf_input": ("input", "pdf"),
    "audio_input": ("input", "audio"),
    "audio_output": ("output", "audio"),
}
"""Capability -> (modality side, modality) it is the same fact as."""


def flags_from_modalities(modalities: schema.Modalities) -> dict[str, bool]:
    """The four modality capabilities as `modalities` state them."""
    return {
        flag: value in getattr(modalities, side) for flag, (side, value) in FLAG_MODALITY.items()
    }


def _no_surcharge(prices: schema.Cost | schema.CostTier, base: Any) -> Iterator[str]:
    """Supplementary fields of `prices` that hold 0 beside a base price above 0."""
    for name, base_name in SUPPLEMENTARY.items():
        value = getattr(prices, name)
        reference = getattr(prices, base_name)
        if reference is None:
            reference = getattr(base, base_name, None)
        if value == 0 and reference is not None and reference > 0:
            yield name


def cohere(model: schema.Model) -> tuple[schema.Model, list[tuple[str, str]]]:
    """`model` made coherent, and what was changed as (field path, message)."""
    notes: list[tuple[str, str]] = []
    cost = model.cost
    zeros = list(_no_surcharge(cost, cost))
    if zeros:
        cost = cost.model_copy(update=dict.fromkeys(zeros, None))
        notes.extend(
            (
                f"cost.{name}",
                f"0 beside a {SUPPLEMENTARY[name]} price above 0 means "
                "no surcharge, not a price: left unknown",
            )
            for name in zeros
        )
    tiers = []
    for tier in cost.tiers:
        tier_zeros = list(_no_surcharge(tier, cost))
        notes.extend(
            (f"cost.tiers[above {tier.above}].{name}", "0 means no surcharge: left unknown")
            for name in tier_zeros
        )
        tiers.append(
            tier.model_copy(update=dict.fromkeys(tier_zeros, None)) if tier_zeros else tier
        )
    if tiers != list(cost.tiers):
        cost = cost.model_copy(update={"tiers": tuple(tiers)})
    caps = set(model.capabilities)
    for flag, wanted in flags_from_modalities(model.modalities).items():
        # A source that stated otherwise shows in the disagreement report.
        (caps.add if wanted else caps.discard)(flag)
    if has_cache_price(cost) and "prompt_caching" not in caps:
        caps.add("prompt_caching")
    if cost == model.cost and caps == set(model.capabilities):
        return model, notes
    return model.model_copy(update={"cost": cost, "capabilities": tuple(sorted(caps))}), notes


def has_cache_price(cost: schema.Cost) -> bool:
    """Whether the model states a cache read or cache write price."""
    return cost.cache_read is not None or cost.cache_write is not None
