# pyright: strict
"""A user's script, as someone new to the package would write it in an editor.

`tests/test_editors.py` checks it with pyright in strict mode (what VS Code's Pylance
runs) and with mypy in strict mode, expecting no error, and runs it. It touches every
name of `llm_catalog.__all__`, enum members, a provider module's constants, the fields
of a model and of its prices, and the query functions; `assert_type` pins what both
type checkers infer, so a type that widens (to `StrEnum`, to `Any`) is an error.
"""

from __future__ import annotations

import datetime
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, assert_type

import llm_catalog
from llm_catalog import (
    DATA_DATE,
    SCHEMA_VERSION,
    SOURCE_SHA256,
    SOURCE_URL,
    AmbiguousModelError,
    Capability,
    CapabilityPoint,
    Catalog,
    CatalogDataError,
    CatalogStats,
    Comparison,
    Cost,
    CostBreakdown,
    CostComponent,
    CostTier,
    CustomProvider,
    DatePrecision,
    IncompatibleSnapshotError,
    Latency,
    Limits,
    Modalities,
    Modality,
    Model,
    PricePoint,
    Provider,
    ProviderInfo,
    Quality,
    RateLimits,
    Release,
    Status,
    UnknownModelError,
    UnknownProviderError,
    Workload,
    __version__,
    all_models,
    capability_history,
    compare,
    default_model,
    find,
    get_model,
    openai,
    price_history,
    provider_info,
    providers,
    quality_tier,
    releases,
    removed_models,
    resolve,
    select,
    stats,
)
from llm_catalog.openai import GPT_4O, GPT_4O_MINI, MODELS, PROVIDER

if TYPE_CHECKING:
    from llm_catalog.openai import ModelId


def describe(model: Model) -> str:
    """One line about a model, from its fields."""
    limits: Limits = model.limits
    cost: Cost = model.cost
    modalities: Modalities = model.modalities
    assert_type(model.id, str)
    assert_type(model.provider, Provider)
    assert_type(model.name, str)
    assert_type(model.key, str)
    assert_type(model.family, str | None)
    assert_type(model.status, Status)
    assert_type(model.open_weights, bool | None)
    assert_type(model.knowledge, datetime.date | None)
    assert_type(model.release_date, datetime.date | None)
    assert_type(model.last_updated, datetime.date | None)
    assert_type(model.knowledge_precision, DatePrecision)
    assert_type(model.release_date_precision, DatePrecision)
    assert_type(model.last_updated_precision, DatePrecision)
    assert_type(model.aliases, tuple[str, ...])
    assert_type(model.deprecation_date, datetime.date | None)
    assert_type(model.replacement, str | None)
    assert_type(model.removed_on, datetime.date | None)
    assert_type(model.capabilities, frozenset[Capability])
    assert_type(modalities.input, frozenset[Modality])
    assert_type(modalities.output, frozenset[Modality])
    assert_type(limits.context, int | None)
    assert_type(limits.input, int | None)
    assert_type(limits.output, int | None)
    assert_type(cost.input, Decimal | None)
    assert_type(cost.output, Decimal | None)
    assert_type(cost.cache_read, Decimal | None)
    assert_type(cost.cache_write, Decimal | None)
    assert_type(cost.reasoning, Decimal | None)
    assert_type(cost.input_audio, Decimal | None)
    assert_type(cost.output_audio, Decimal | None)
    assert_type(cost.tiers, tuple[CostTier, ...])
    assert_type(cost.known, bool)
    rate_limits: RateLimits | None = model.rate_limits
    latency: Latency | None = model.latency
    quality: Quality | None = model.quality
    operational = [rate_limits, latency, quality]
    reads = sorted(m.value for m in modalities.input)
    return (
        f"{model.key} ({model.name}): {limits.context} context, ${cost.input} in,"
        f" reads {', '.join(reads)}; operational data: {operational.count(None) < 3}"
    )


def main() -> None:
    print(llm_catalog.__version__, __version__, DATA_DATE, SCHEMA_VERSION, SOURCE_URL)
    print(SOURCE_SHA256[:12])

    # Enum members: what Pylance reported as errors and jedi did not complete.
    wanted = {Capability.TOOL_CALL, Capability.VISION}
    assert_type(Capability.TOOL_CALL, Literal[Capability.TOOL_CALL])
    assert_type(Provider.OPENAI, Literal[Provider.OPENAI])
    assert_type(Modality.IMAGE, Literal[Modality.IMAGE])
    assert_type(Status.ACTIVE, Literal[Status.ACTIVE])
    assert_type(DatePrecision.MONTH, Literal[DatePrecision.MONTH])
    assert_type(Capability.TOOL_CALL.value, Literal["tool_call"])
    assert GPT_4O.supports(Capability.TOOL_CALL)
    assert Modality.IMAGE in GPT_4O.modalities.input
    assert PROVIDER.id is Provider.OPENAI

    # A provider module: constants, its id `Literal`, its mapping.
    info: ProviderInfo = PROVIDER
    model_id: ModelId = "gpt-4o"
    assert MODELS[model_id] is GPT_4O
    print(describe(GPT_4O), info.name, info.env)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        removed = openai.O1_PREVIEW  # no longer listed upstream: built on access, with a warning
    assert_type(removed, Model)
    assert removed.status is Status.REMOVED and caught

    # Looking models up.
    assert get_model("openai:gpt-4o") is GPT_4O
    assert resolve("gpt-4o-mini", "openai") is GPT_4O_MINI
    try:
        resolve("no-such-model-anywhere")
    except (AmbiguousModelError, UnknownModelError) as error:
        print(type(error).__name__)
    try:
        provider_info("no-such-provider")
    except UnknownProviderError as error:
        print(type(error).__name__)
    assert any(p.id is Provider.ANTHROPIC for p in providers())
    summary: CatalogStats = stats()
    assert sum(1 for _ in all_models()) == summary.models

    # Queries.
    long_context = find(require=wanted, min_context=1_000_000)
    assert_type(long_context, list[Model])
    workload = Workload(input_tokens=1_000_000, output_tokens=100_000)
    cheapest = select(workload=workload, require={Capability.TOOL_CALL})
    assert cheapest is not None
    print(describe(cheapest), quality_tier(cheapest))
    print(default_model(Provider.ANTHROPIC).key)
    comparison: Comparison = compare([GPT_4O, "anthropic:claude-sonnet-4-5"])
    print(comparison.keys)
    print(summary.models, summary.providers)

    # Costs.
    breakdown: CostBreakdown = GPT_4O.cost_of(input_tokens=10_000, output_tokens=500)
    parts: tuple[CostComponent, ...] = breakdown.components
    assert_type(breakdown.total, Decimal)
    print(breakdown.total, [part.part for part in parts])

    # History.
    first: Release = releases()[0]
    prices: list[PricePoint] = price_history("openai:gpt-4o")
    flags: list[CapabilityPoint] = capability_history("openai:gpt-4o")
    print(first.date, len(prices), len(flags), len(removed_models()))
    assert_type(GPT_4O.price_at("2026-07-02"), Cost | None)

    # Catalogs of your own.
    catalog = Catalog.packaged().extend(
        [{"provider": "my-lab", "id": "llama-ft", "name": "Llama", "limits": {"context": 8192}}]
    )
    mine = catalog.get("my-lab:llama-ft")
    assert isinstance(mine.provider, CustomProvider)
    print(describe(mine), mine.provider.value)
    assert catalog.get(GPT_4O.key) is GPT_4O
    try:
        Catalog.load("/nonexistent/catalog.json")
    except (CatalogDataError, IncompatibleSnapshotError, OSError) as error:
        print(type(error).__name__)


if __name__ == "__main__":
    main()
