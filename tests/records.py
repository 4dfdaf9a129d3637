"""The catalog's record classes and real instances of each, for the tests that hold
them against what `dataclasses` makes (tests/test_runtime.py, tests/test_record.py)."""

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
]


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
    }[cls]
    found = [v for v in map(of_model, llm_catalog.all_models()) if v is not None]
    assert len(found) > 10, cls
    return found[:: max(1, len(found) // at_most)]
