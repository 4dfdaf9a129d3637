"""llm-catalog: a typed, pinned, offline catalog of LLM providers and models.

    >>> from llm_catalog.openai import GPT_4O
    >>> GPT_4O.limits.context
    128000
    >>> from llm_catalog import get_model
    >>> get_model("openai:gpt-4o") is GPT_4O
    True
    >>> from llm_catalog import Capability, find
    >>> len(find(require={Capability.TOOL_CALL}, min_context=1_000_000)) > 0
    True

Importing the package loads nothing but its version: every name below, and every
provider module (`llm_catalog.openai`, ...), is loaded on first use.
"""

# No `from __future__ import annotations` here: a future statement also imports the
# `__future__` module, a fifth of this import's own time, and nothing here needs it.
from llm_catalog._data.version import (
    DATA_DATE,
    SCHEMA_VERSION,
    SOURCE_SHA256,
    SOURCE_URL,
    __version__,
)

# Every module of the package spells the typing-only block this way. Not `from typing
# import TYPE_CHECKING`: `typing` costs 6 ms, more than a provider's data. And not
# `TYPE_CHECKING = False`: mypy and pyright read any `TYPE_CHECKING` as true, but jedi
# (IPython, many editors) reads that constant as false, skips the block, and completes
# nothing of the lazy API below; `bool` tells it the value is not known statically.
TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from llm_catalog._catalog import (
        Catalog,
        CatalogDataError,
        CatalogFetchError,
        CustomProvider,
        IncompatibleSnapshotError,
    )
    from llm_catalog._compare import Comparison, compare
    from llm_catalog._costing import CostBreakdown, CostComponent, Workload
    from llm_catalog._data.enums import Capability, DatePrecision, Kind, Modality, Provider, Status
    from llm_catalog._history import (
        CapabilityPoint,
        PricePoint,
        Release,
        capability_history,
        price_history,
        releases,
    )
    from llm_catalog._hosts import hosts
    from llm_catalog._lookup import (
        UnknownModelError,
        UnknownProviderError,
        all_models,
        get_model,
        provider_info,
        providers,
        removed_models,
    )
    from llm_catalog._model import (
        Cost,
        CostTier,
        ExtraPrices,
        Limits,
        Modalities,
        Model,
        ProviderInfo,
    )
    from llm_catalog._operational import Latency, Quality, RateLimits
    from llm_catalog._query import TYPICAL_CALL, default_model, find, quality_tier, select
    from llm_catalog._resolve import AmbiguousModelError, resolve
    from llm_catalog._response import ResponseError, cost_of_response
    from llm_catalog._stats import CatalogStats, stats

__all__ = [
    "DATA_DATE",
    "SCHEMA_VERSION",
    "SOURCE_SHA256",
    "SOURCE_URL",
    "TYPICAL_CALL",
    "AmbiguousModelError",
    "Capability",
    "CapabilityPoint",
    "Catalog",
    "CatalogDataError",
    "CatalogFetchError",
    "CatalogStats",
    "Comparison",
    "Cost",
    "CostBreakdown",
    "CostComponent",
    "CostTier",
    "CustomProvider",
    "DatePrecision",
    "ExtraPrices",
    "IncompatibleSnapshotError",
    "Kind",
    "Latency",
    "Limits",
    "Modalities",
    "Modality",
    "Model",
    "PricePoint",
    "Provider",
    "ProviderInfo",
    "Quality",
    "RateLimits",
    "Release",
    "ResponseError",
    "Status",
    "UnknownModelError",
    "UnknownProviderError",
    "Workload",
    "__version__",
    "all_models",
    "capability_history",
    "compare",
    "cost_of_response",
    "default_model",
    "find",
    "get_model",
    "hosts",
    "price_history",
    "provider_info",
    "providers",
    "quality_tier",
    "releases",
    "removed_models",
    "resolve",
    "select",
    "stats",
]

# Where each lazily loaded public name lives.
_LAZY = {
    "Capability": "_data.enums",
    "DatePrecision": "_data.enums",
    "Modality": "_data.enums",
    "Kind": "_data.enums",
    "Provider": "_data.enums",
    "Status": "_data.enums",
    "Cost": "_model",
    "CostTier": "_model",
    "ExtraPrices": "_model",
    "Limits": "_model",
    "Modalities": "_model",
    "Model": "_model",
    "ProviderInfo": "_model",
    "Latency": "_operational",
    "Quality": "_operational",
    "RateLimits": "_operational",
    "Catalog": "_catalog",
    "CatalogDataError": "_catalog",
    "CatalogFetchError": "_catalog",
    "CustomProvider": "_catalog",
    "IncompatibleSnapshotError": "_catalog",
    "UnknownModelError": "_errors",
    "UnknownProviderError": "_errors",
    "all_models": "_lookup",
    "get_model": "_lookup",
    "provider_info": "_lookup",
    "providers": "_lookup",
    "AmbiguousModelError": "_resolve",
    "resolve": "_resolve",
    "default_model": "_query",
    "find": "_query",
    "quality_tier": "_query",
    "select": "_query",
    "TYPICAL_CALL": "_query",
    "CostBreakdown": "_costing",
    "CostComponent": "_costing",
    "Workload": "_costing",
    "ResponseError": "_response",
    "cost_of_response": "_response",
    "Comparison": "_compare",
    "compare": "_compare",
    "CatalogStats": "_stats",
    "stats": "_stats",
    "hosts": "_hosts",
    "CapabilityPoint": "_history",
    "PricePoint": "_history",
    "Release": "_history",
    "capability_history": "_history",
    "price_history": "_history",
    "releases": "_history",
    "removed_models": "_lookup",
}


# Hidden from type checkers and editors' checkers: to them the package has exactly the
# names imported above, so a misspelt `llm_catalog.get_modle` is an error, not an
# `object`. (A provider module, to them, is imported as usual: `import llm_catalog.openai`.)
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        home = _LAZY.get(name)
        if home is not None:
            # `importlib` (and the `warnings` it pulls in) is only needed here, so it is
            # not imported with the package: `import llm_catalog` stays near bare python.
            from importlib import import_module

            value = getattr(import_module(f"llm_catalog.{home}"), name)
            globals()[name] = value  # later accesses skip this hook
            return value
        # Provider modules: `llm_catalog.openai` works without an explicit import.
        if not name.startswith("_"):
            from llm_catalog._data.providers import PROVIDER_MODULES, REMOVED_PROVIDER_MODULES

            if name in PROVIDER_MODULES.values() or name in REMOVED_PROVIDER_MODULES.values():
                from importlib import import_module

                return import_module(f"llm_catalog.{name}")
        raise AttributeError(f"module 'llm_catalog' has no attribute {name!r}")


def __dir__() -> list[str]:
    from llm_catalog._data.providers import PROVIDER_MODULES

    return sorted({*__all__, *PROVIDER_MODULES.values()})
