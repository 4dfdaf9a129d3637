"""The catalog's data model: what one model and one provider look like at runtime.

Hand-written. The generator's snapshot schema (`generator/schema.py`) mirrors these
classes field for field, and a test keeps the two in step.

Every class is a frozen, slotted, keyword-only dataclass: constants cannot be
mutated by accident, take little memory, and read well in an IDE. Fields that most
models leave at their default are last, so generated modules only spell out what
differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from llm_catalog._enums import Capability, DatePrecision, Modality, Provider, Status

__all__ = [
    "Cost",
    "CostTier",
    "Limits",
    "Modalities",
    "Model",
    "ProviderInfo",
]

_NO_MODALITIES: frozenset[Modality] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Token limits. `None` means the source does not say (never "unlimited")."""

    context: int | None = None
    """Context window: input and output tokens together."""
    input: int | None = None
    """Largest prompt, where the provider caps it below the context window."""
    output: int | None = None
    """Largest completion."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CostTier:
    """Prices that replace the base prices once a prompt is longer than `above` tokens."""

    above: int
    """The tier applies to prompts of more than this many input tokens."""
    input: Decimal | None = None
    output: Decimal | None = None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    input_audio: Decimal | None = None
    output_audio: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cost:
    """Prices in US dollars per million tokens.

    `None` means "not known", never "free": a free model has `Decimal(0)`.
    """

    input: Decimal | None = None
    output: Decimal | None = None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    reasoning: Decimal | None = None
    input_audio: Decimal | None = None
    output_audio: Decimal | None = None
    tiers: tuple[CostTier, ...] = ()
    """Long-context tiers, in increasing order of `above`."""

    @property
    def known(self) -> bool:
        """Whether the source gives any price at all."""
        return self.input is not None or self.output is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Modalities:
    """What a model reads and what it writes."""

    input: frozenset[Modality] = _NO_MODALITIES
    output: frozenset[Modality] = _NO_MODALITIES


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderInfo:
    """A provider: who serves the models, and how a client reaches them."""

    id: Provider
    """The provider id, as in models.dev (`"openai"`, `"302ai"`)."""
    name: str
    """Display name."""
    module: str
    """The module of `llm_catalog` that holds this provider's models."""
    env: tuple[str, ...] = ()
    """Environment variables that hold the API key, in the order clients try them."""
    doc: str | None = None
    """Documentation URL."""
    api: str | None = None
    """API base URL (may hold `${VAR}` placeholders, kept verbatim)."""
    npm: str | None = None
    """The AI SDK package that speaks this provider's API."""


_UNKNOWN_COST = Cost()
_NO_LIMITS = Limits()
_NO_CAPABILITIES: frozenset[Capability] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """One model as one provider serves it."""

    id: str
    """The provider's own model id, exactly as upstream spells it."""
    provider: Provider
    name: str
    """Display name."""
    limits: Limits = _NO_LIMITS
    cost: Cost = _UNKNOWN_COST
    modalities: Modalities = Modalities()
    capabilities: frozenset[Capability] = _NO_CAPABILITIES
    family: str | None = None
    """Model family (`"gpt"`, `"claude-sonnet"`), when the source names one."""
    status: Status = Status.ACTIVE
    open_weights: bool | None = None
    knowledge: date | None = None
    """Training-data cutoff; see `knowledge_precision`."""
    release_date: date | None = None
    last_updated: date | None = None
    knowledge_precision: DatePrecision = DatePrecision.DAY
    """How much of `knowledge` the source gave: a month-only date is stored as its 1st."""
    release_date_precision: DatePrecision = DatePrecision.DAY
    last_updated_precision: DatePrecision = DatePrecision.DAY

    @property
    def key(self) -> str:
        """The catalog-wide key, `provider:model_id`."""
        return f"{self.provider.value}:{self.id}"

    def supports(self, capability: Capability) -> bool:
        """Whether the model has `capability`."""
        return capability in self.capabilities
