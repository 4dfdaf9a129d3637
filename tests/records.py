"""The catalog's record classes (its data model, and what pricing a call makes) and
real instances of each, for the tests that hold them against what `dataclasses`
makes (tests/test_runtime.py, tests/test_record.py)."""

from __future__ import annotations

from typing import Any

import llm_catalog

RECORD_CLASSES = [
    llm_catalog.Limits,
    llm_catalog.CostTier,
    llm_catalog.Cost,
    llm_catalog.ExtraPrices,
    llm_catalog.Modalities,
    llm_catalog.ProviderInfo,
    llm_catalog.Model,
    # What pricing a call makes (`llm_catalog/_costing.py`).
    llm_catalog.Workload,
    llm_catalog.CostBreakdown,
    llm_catalog.CostComponent,
]


def _workload(model: llm_catalog.Model) -> llm_catalog.Workload:
    """A call sized from the model's own limits: every count differs across models."""
    prompt = (model.limits.context or 8_000) // 3
    return llm_catalog.Workload(
        input_tokens=prompt,
        output_tokens=(model.limits.output or 1_000) // 2 + len(model.id),
        cache_read_tokens=prompt // 4,
        reasoning_tokens=len(model.id),
    )


def _breakdown(model: llm_catalog.Model) -> llm_catalog.CostBreakdown | None:
    """A priced call with the stand-ins, tiers and warnings the model's data gives."""
    if model.cost.input is None or model.cost.output is None:
        return None
    work = _workload(model)
    return model.cost_of(
        # a third, two thirds or all of the context window, and more: some warnings
        input_tokens=work.input_tokens * (1 + len(model.id) % 4),
        output_tokens=work.output_tokens,
        cache_read_tokens=work.cache_read_tokens,
        reasoning_tokens=work.reasoning_tokens,
    )


def _component(model: llm_catalog.Model) -> llm_catalog.CostComponent | None:
    """The last part of that call: a stand-in (`billed_as`, `note`) where the model
    has no reasoning price."""
    bill = _breakdown(model)
    return None if bill is None else bill.components[-1]


def real_instances(cls: type, at_most: int) -> list[Any]:
    """Up to about `at_most` instances of `cls` from the packaged catalog, spread
    over all of it."""
    of_model = {
        llm_catalog.Model: lambda m: m,
        llm_catalog.Limits: lambda m: m.limits,
        llm_catalog.Cost: lambda m: m.cost,
        llm_catalog.CostTier: lambda m: m.cost.tiers[0] if m.cost.tiers else None,
        llm_catalog.ExtraPrices: lambda m: m.cost.extra,
        llm_catalog.Modalities: lambda m: m.modalities,
        llm_catalog.ProviderInfo: lambda m: llm_catalog.provider_info(m.provider),
        llm_catalog.Workload: _workload,
        llm_catalog.CostBreakdown: _breakdown,
        llm_catalog.CostComponent: _component,
    }[cls]
    found = [v for v in map(of_model, llm_catalog.all_models()) if v is not None]
    assert len(found) > 10, cls
    return found[:: max(1, len(found) // at_most)]
