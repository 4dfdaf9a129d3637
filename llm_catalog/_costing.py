"""What a call costs: `Model.cost_of(...)` and the `CostBreakdown` it returns.

Prices are USD per million tokens; amounts are exact `Decimal` USD.

Two conventions for token counts, chosen with `inclusive` (nothing is counted twice):

- `inclusive=True` (the default; how OpenAI, Google and most APIs report usage):
  `input_tokens` is the whole prompt and *includes* `cache_read_tokens`,
  `cache_write_tokens` and `input_audio_tokens`; `output_tokens` is the whole
  completion and *includes* `reasoning_tokens` and `output_audio_tokens`. The plain
  text parts are what remains; a part larger than its total is a `ValueError`.
- `inclusive=False` (how Anthropic reports usage): every count is a separate,
  disjoint part; the prompt is `input + cache_read + cache_write + input_audio`.

Long-context tiers: when the prompt (all input tokens, cached ones included) is
longer than `tier.above`, the highest such tier's prices replace the base prices;
a price the tier does not give stays at the base price.

Reasoning tokens are priced at `cost.reasoning` when the data gives it, otherwise
at the output price (providers bill them as output tokens). Every other part with
tokens but no price is listed in `unpriced`, never counted as free; `total` is then
the sum of what could be priced, and `complete` is false.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from llm_catalog._model import Cost, CostTier, Model

__all__ = ["CostBreakdown", "CostComponent", "Workload", "cost_of"]

_MILLION = Decimal(1_000_000)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class CostComponent:
    """One priced part of a call."""

    part: str
    """`input`, `cache_read`, `cache_write`, `input_audio`, `output`, `reasoning` or
    `output_audio` (the text parts exclude the others)."""
    tokens: int
    price: Decimal
    """USD per million tokens, after the long-context tier."""
    usd: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class CostBreakdown:
    """The cost of one call (or workload) on one model, in USD."""

    model: str
    """The model's key, `provider:model_id`."""
    total: Decimal
    """Sum of the priced components (see `complete`)."""
    components: tuple[CostComponent, ...]
    unpriced: tuple[str, ...]
    """Parts that had tokens but no price in the data: never counted as free."""
    tier: CostTier | None
    """The long-context tier applied, if the prompt was long enough for one."""
    prompt_tokens: int
    """All input tokens, cached and audio ones included (what tiers look at)."""

    @property
    def complete(self) -> bool:
        """Whether every part with tokens could be priced."""
        return not self.unpriced


@dataclass(frozen=True, slots=True, kw_only=True)
class Workload:
    """Expected token counts of a call or a batch; `inclusive` as in `cost_of`."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    reasoning_tokens: int = 0
    input_audio_tokens: int = 0
    output_audio_tokens: int = 0
    inclusive: bool = True

    def parts(self) -> tuple[int, dict[str, int]]:
        """The prompt size and the disjoint token count of each part."""
        counts = {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_read_tokens": self.cache_read_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "reasoning_tokens": self.reasoning_tokens,
            "input_audio_tokens": self.input_audio_tokens,
            "output_audio_tokens": self.output_audio_tokens,
        }
        for name, value in counts.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, not {value!r}")
        in_parts = self.cache_read_tokens + self.cache_write_tokens + self.input_audio_tokens
        out_parts = self.reasoning_tokens + self.output_audio_tokens
        if self.inclusive:
            if in_parts > self.input_tokens:
                raise ValueError(
                    f"cache_read + cache_write + input_audio tokens ({in_parts}) exceed "
                    f"input_tokens ({self.input_tokens}); pass inclusive=False (--exclusive) if "
                    "input_tokens does not include them"
                )
            if out_parts > self.output_tokens:
                raise ValueError(
                    f"reasoning + output_audio tokens ({out_parts}) exceed output_tokens "
                    f"({self.output_tokens}); pass inclusive=False (--exclusive) if output_tokens "
                    "does not include them"
                )
            text_in = self.input_tokens - in_parts
            text_out = self.output_tokens - out_parts
        else:
            text_in = self.input_tokens
            text_out = self.output_tokens
        return text_in + in_parts, {
            "input": text_in,
            "cache_read": self.cache_read_tokens,
            "cache_write": self.cache_write_tokens,
            "input_audio": self.input_audio_tokens,
            "output": text_out,
            "reasoning": self.reasoning_tokens,
            "output_audio": self.output_audio_tokens,
        }


def _tier(cost: Cost, prompt_tokens: int) -> CostTier | None:
    applied = None
    for tier in cost.tiers:  # increasing `above`
        if prompt_tokens > tier.above:
            applied = tier
    return applied


def _price(cost: Cost, tier: CostTier | None, part: str) -> Decimal | None:
    if tier is not None:
        tiered: Decimal | None = getattr(tier, part)
        if tiered is not None:
            return tiered
    base: Decimal | None = getattr(cost, part)
    return base


def price_workload(model: Model, workload: Workload) -> CostBreakdown:
    """The cost of `workload` on `model`."""
    prompt_tokens, parts = workload.parts()
    tier = _tier(model.cost, prompt_tokens)
    components: list[CostComponent] = []
    unpriced: list[str] = []
    total = _ZERO
    for part, tokens in parts.items():
        if tokens == 0:
            continue
        price = _price(model.cost, tier, part)
        if price is None and part == "reasoning":
            price = _price(model.cost, tier, "output")
        if price is None:
            unpriced.append(part)
            continue
        usd = tokens * price / _MILLION
        total += usd
        components.append(CostComponent(part=part, tokens=tokens, price=price, usd=usd))
    return CostBreakdown(
        model=model.key,
        total=total,
        components=tuple(components),
        unpriced=tuple(unpriced),
        tier=tier,
        prompt_tokens=prompt_tokens,
    )


def workload_total(
    model: Model, prompt_tokens: int, parts: tuple[tuple[str, int], ...]
) -> Decimal | None:
    """Total USD x 1M of the non-empty `parts`, or `None` if any cannot be priced:
    the fast path of `select`, with no breakdown objects."""
    cost = model.cost
    tier = _tier(cost, prompt_tokens) if cost.tiers else None
    total = _ZERO
    for part, tokens in parts:
        price = _price(cost, tier, part)
        if price is None and part == "reasoning":
            price = _price(cost, tier, "output")
        if price is None:
            return None
        total += tokens * price
    return total


def cost_of(
    model: Model,
    *,
    input_tokens: int = 0,
    output_tokens: int = 0,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    reasoning_tokens: int = 0,
    input_audio_tokens: int = 0,
    output_audio_tokens: int = 0,
    inclusive: bool = True,
) -> CostBreakdown:
    """The cost of one call on `model` (see the module doc for the conventions)."""
    return price_workload(
        model,
        Workload(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cache_read_tokens=cache_read_tokens,
            cache_write_tokens=cache_write_tokens,
            reasoning_tokens=reasoning_tokens,
            input_audio_tokens=input_audio_tokens,
            output_audio_tokens=output_audio_tokens,
            inclusive=inclusive,
        ),
    )
