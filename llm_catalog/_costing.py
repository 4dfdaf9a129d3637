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

Parts are billed as providers bill them when the data has no price of their own
(the component says so in `billed_as` and `note`):

- reasoning tokens without `cost.reasoning` are output tokens (providers bill
  them at the output price);
- cached tokens (`cache_read`, `cache_write`) on a model without that cache price
  are input tokens: a model with no cache discount (or no cache-write surcharge)
  bills them at the input price. o3-pro has no cache price, so 300k input tokens
  of which 100k cached and 10k output cost 300k x $20 + 10k x $80 per 1M = $6.80.

Only a part that no price can cover (audio without an audio price, anything on a
model without an input or output price) is listed in `unpriced`, never counted as
free; `total` is then the sum of what could be priced, and `complete` is false.

Service tiers: `service_tier="batch"`, `"flex"` or `"priority"` prices the call
with that tier's own price sheet (`cost.extra.batch`, ...; long-context tiers and
the stand-ins above apply within it). A model without that tier's prices is a
`ValueError` naming the model and the tier: never the standard prices instead.
gpt-4o under batch: 1M input and 1M output tokens cost $1.25 + $5 = $6.25.

Cache lifetimes: `cache_write_ttl="1h"` bills cache writes at the one-hour price
(`cost.extra.cache_write_1h`; a `ValueError` where the data has none, or under a
service tier); `"5m"` (or `None`) at `cost.cache_write`, the default five-minute
write. Where a long-context tier has its own (five-minute) cache-write price, the
one-hour write above it is not known: it is listed in `unpriced`.

Units beyond tokens, each a component priced per unit (`unit` says which; `tokens`
holds the count): `seconds` of audio (transcription: `input_per_second`; a model
priced only per output second, speech or video: `output_per_second`),
`characters` of input text (speech), `images` made (`output_per_image`, or
the row of `image_prices` for `image_size` and `image_quality`: see below),
`input_images` in the prompt (`input_per_image`), `queries` (rerank: `per_query`;
else a web search at `web_search`, for the `search_context` size `"low"`,
`"medium"` or `"high"` when its prices differ by size). A count the model has no
price for is listed in `unpriced`; under a service tier every unit is (the data
gives tiers' token prices only).

Images by size and quality: where the data prices an image made by its size
and quality (`cost.extra.image_prices`, OpenAI's Images API), `images=N,
image_size="1024x1792", image_quality="hd"` (the API's `size` and `quality`, as it
spells them) prices N images at exactly that row; a row priced by size alone is
asked for with `image_quality=None`. `images=N` with neither uses the model's one
price per image (`output_per_image`) and is a `ValueError` listing the rows where
the model has only the table; a size or quality the model has no row for is a
`ValueError` naming the model, what was asked and the rows it has: never another
row, nor the one price per image instead. gpt-image-1, low quality, 1024x1024 at
$0.011: 10 images cost $0.11.

Limits: a call the model cannot take is still priced, but flagged in `warnings`
(`exceeds_context` is true when the prompt is over `limits.input`, or the prompt
plus the output is over `limits.context`, the window both share; an output over
`limits.output` is a warning too). A limit the data does not give is not checked.
"""

from __future__ import annotations

from llm_catalog._record import Record, slot_setters

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from dataclasses import dataclass
    from decimal import Decimal

    from llm_catalog._model import Cost, CostTier, Model
else:
    # Pricing a call loads nothing the single-provider import has not loaded: the
    # records are made by `_record.dataclass` (the real decorator imports `inspect`,
    # `ast`, `dis`, `tokenize` and `re`: more than the provider import itself), and
    # `Decimal` comes from the C module, as in `_model.py` (`decimal` is a wrapper).
    from llm_catalog._record import dataclass

    try:
        from _decimal import Decimal
    except ImportError:  # a Python without the C module (PyPy)
        from decimal import Decimal

__all__ = ["CostBreakdown", "CostComponent", "Workload", "price_workload"]

_MILLION = Decimal(1_000_000)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class CostComponent(Record):
    """One priced part of a call."""

    part: str
    """`input`, `cache_read`, `cache_write`, `input_audio`, `output`, `reasoning` or
    `output_audio` (the text parts exclude the others)."""
    tokens: int
    price: Decimal
    """USD per `unit` (per million tokens for token parts), after the long-context tier."""
    usd: Decimal
    billed_as: str | None = None
    """The price used when the part has none of its own: `input` for cached
    tokens on a model without a cache price, `output` for reasoning tokens."""
    note: str | None = None
    """Why, for people (`"no cache discount: billed at the input price"`)."""

    # Written out, as in `_model.py` (`__eq__`, `__hash__` and `__repr__` are
    # `Record`'s); `price_workload` fills the same slots without the call.
    def __init__(
        self,
        *,
        part: str,
        tokens: int,
        price: Decimal,
        usd: Decimal,
        billed_as: str | None = None,
        note: str | None = None,
    ) -> None:
        _set_part(self, part)
        _set_tokens(self, tokens)
        _set_price(self, price)
        _set_usd(self, usd)
        _set_billed_as(self, billed_as)
        _set_note(self, note)

    @property
    def unit(self) -> str:
        """What `price` is per: `1M tokens`, or for a part counted in other units
        `second`, `character`, `image`, `query` or `search` (`tokens` is then that
        count). Follows from `part` (a property: the common path sets nothing)."""
        return UNIT_OF_PART.get(self.part, "1M tokens")


UNIT_OF_PART = {
    "input_seconds": "second",
    "output_seconds": "second",
    "input_characters": "character",
    "input_images": "image",
    "output_images": "image",
    "queries": "query",
    "web_search": "search",
}
"""The parts priced per unit other than tokens (`llm_catalog._units`), and their unit."""


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class CostBreakdown(Record):
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
    output_tokens: int = 0
    """All output tokens, reasoning and audio ones included."""
    exceeds_context: bool = False
    """Whether the prompt is over the model's input limit, or prompt plus output
    over its context window (see `warnings`)."""
    warnings: tuple[str, ...] = ()
    """Limits the call goes beyond, for people; empty when it fits (or the data
    gives no limit to check)."""
    service_tier: str | None = None
    """The service tier whose prices were used (`batch`, `flex`, `priority`);
    `None`: the standard prices."""

    def __init__(
        self,
        *,
        model: str,
        total: Decimal,
        components: tuple[CostComponent, ...],
        unpriced: tuple[str, ...],
        tier: CostTier | None,
        prompt_tokens: int,
        output_tokens: int = 0,
        exceeds_context: bool = False,
        warnings: tuple[str, ...] = (),
        service_tier: str | None = None,
    ) -> None:
        _set_model(self, model)
        _set_total(self, total)
        _set_components(self, components)
        _set_unpriced(self, unpriced)
        _set_tier(self, tier)
        _set_prompt_tokens(self, prompt_tokens)
        _set_output_tokens(self, output_tokens)
        _set_exceeds_context(self, exceeds_context)
        _set_warnings(self, warnings)
        _set_service_tier(self, service_tier)

    @property
    def complete(self) -> bool:
        """Whether every part with tokens could be priced."""
        return not self.unpriced

    @property
    def fits(self) -> bool:
        """Whether the call is within every limit the data gives."""
        return not self.warnings


_COUNT_NAMES = (
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "input_audio_tokens",
    "output_audio_tokens",
)


@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False, eq=False)
class Workload(Record):
    """Expected token counts of a call or a batch; `inclusive` as in `cost_of`."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    reasoning_tokens: int = 0
    input_audio_tokens: int = 0
    output_audio_tokens: int = 0
    inclusive: bool = True

    def __init__(
        self,
        *,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        reasoning_tokens: int = 0,
        input_audio_tokens: int = 0,
        output_audio_tokens: int = 0,
        inclusive: bool = True,
    ) -> None:
        _workload_input_tokens(self, input_tokens)
        _workload_output_tokens(self, output_tokens)
        _workload_cache_read_tokens(self, cache_read_tokens)
        _workload_cache_write_tokens(self, cache_write_tokens)
        _workload_reasoning_tokens(self, reasoning_tokens)
        _workload_input_audio_tokens(self, input_audio_tokens)
        _workload_output_audio_tokens(self, output_audio_tokens)
        _workload_inclusive(self, inclusive)

    def parts(self) -> tuple[int, dict[str, int]]:
        """The prompt size and the disjoint token count of each part."""
        values = (
            self.input_tokens,
            self.output_tokens,
            self.cache_read_tokens,
            self.cache_write_tokens,
            self.reasoning_tokens,
            self.input_audio_tokens,
            self.output_audio_tokens,
        )
        for value in values:
            if value.__class__ is not int or value < 0:
                # bool and int subclasses are refused too; name the first bad count
                for name, bad in zip(_COUNT_NAMES, values, strict=True):
                    if not isinstance(bad, int) or isinstance(bad, bool) or bad < 0:
                        raise ValueError(f"{name} must be a non-negative int, not {bad!r}")
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


(
    _workload_input_tokens,
    _workload_output_tokens,
    _workload_cache_read_tokens,
    _workload_cache_write_tokens,
    _workload_reasoning_tokens,
    _workload_input_audio_tokens,
    _workload_output_audio_tokens,
    _workload_inclusive,
) = slot_setters(Workload)


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


_STAND_INS = {
    "reasoning": ("output", "billed at the output price (no reasoning price)"),
    "cache_read": ("input", "no cache discount: billed at the input price"),
    "cache_write": ("input", "no cache-write price: billed at the input price"),
}
"""Parts billed at another part's price when the data has none of their own."""


def limit_warnings(model: Model, prompt_tokens: int, output_tokens: int) -> tuple[bool, list[str]]:
    """`(exceeds_context, warnings)` for a call of this size on `model`."""
    limits = model.limits
    warnings: list[str] = []
    exceeds = False
    if limits.input is not None and prompt_tokens > limits.input:
        exceeds = True
        warnings.append(
            f"prompt of {prompt_tokens:,} tokens exceeds the input limit of {limits.input:,}"
        )
    total = prompt_tokens + output_tokens
    if limits.context is not None and total > limits.context:
        exceeds = True
        warnings.append(
            f"prompt plus output ({total:,} tokens) exceed the context window of {limits.context:,}"
        )
    if limits.output is not None and output_tokens > limits.output:
        warnings.append(
            f"output of {output_tokens:,} tokens exceeds the output limit of {limits.output:,}"
        )
    return exceeds, warnings


# Breakdowns are made once per priced call: filled through their slots' own setters
# (what the hand-written `__init__`s do too, without the keyword call), so that notes
# and warnings cost no time on the common path. Named, not in field order: a field
# moved in the class cannot silently get another's value.
_new = object.__new__
_COMPONENT_SLOTS = ("part", "tokens", "price", "usd", "billed_as", "note")
_BREAKDOWN_SLOTS = (
    "model",
    "total",
    "components",
    "unpriced",
    "tier",
    "prompt_tokens",
    "output_tokens",
    "exceeds_context",
    "warnings",
    "service_tier",
)
(
    _set_part,
    _set_tokens,
    _set_price,
    _set_usd,
    _set_billed_as,
    _set_note,
) = (CostComponent.__dict__[name].__set__ for name in _COMPONENT_SLOTS)
(
    _set_model,
    _set_total,
    _set_components,
    _set_unpriced,
    _set_tier,
    _set_prompt_tokens,
    _set_output_tokens,
    _set_exceeds_context,
    _set_warnings,
    _set_service_tier,
) = (CostBreakdown.__dict__[name].__set__ for name in _BREAKDOWN_SLOTS)


def price_workload(
    model: Model, workload: Workload, sheet: Cost | None = None, service_tier: str | None = None
) -> CostBreakdown:
    """The cost of `workload` on `model`, with the price sheet `sheet` (a service
    tier's, named `service_tier`) instead of `model.cost` when given."""
    prompt_tokens, parts = workload.parts()
    output_tokens = parts["output"] + parts["reasoning"] + parts["output_audio"]
    cost = model.cost if sheet is None else sheet
    tier = _tier(cost, prompt_tokens) if cost.tiers else None
    components: list[CostComponent] = []
    unpriced: list[str] = []
    total = _ZERO
    for part, tokens in parts.items():
        if tokens == 0:
            continue
        price = _price(cost, tier, part)
        note = billed_as = None
        if price is None and part in _STAND_INS:
            billed_as, note = _STAND_INS[part]
            price = _price(cost, tier, billed_as)
        if price is None:
            unpriced.append(part)
            continue
        usd = tokens * price / _MILLION
        total += usd
        component: CostComponent = _new(CostComponent)
        _set_part(component, part)
        _set_tokens(component, tokens)
        _set_price(component, price)
        _set_usd(component, usd)
        _set_billed_as(component, billed_as)
        _set_note(component, note)
        components.append(component)
    limits = model.limits
    warnings: tuple[str, ...] = ()
    exceeds = False
    if not (
        (limits.context is None or prompt_tokens + output_tokens <= limits.context)
        and (limits.output is None or output_tokens <= limits.output)
        and (limits.input is None or prompt_tokens <= limits.input)
    ):
        exceeds, found = limit_warnings(model, prompt_tokens, output_tokens)
        warnings = tuple(found)
    breakdown: CostBreakdown = _new(CostBreakdown)
    _set_model(breakdown, model.key)
    _set_total(breakdown, total)
    _set_components(breakdown, tuple(components))
    _set_unpriced(breakdown, tuple(unpriced))
    _set_tier(breakdown, tier)
    _set_prompt_tokens(breakdown, prompt_tokens)
    _set_output_tokens(breakdown, output_tokens)
    _set_exceeds_context(breakdown, exceeds)
    _set_warnings(breakdown, warnings)
    _set_service_tier(breakdown, service_tier)
    return breakdown


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
        if price is None and part in _STAND_INS:
            price = _price(cost, tier, _STAND_INS[part][0])
        if price is None:
            return None
        total += tokens * price
    return total
