"""Finding models by key: `get_model`, `all_models`, `providers`; removed models'
tombstones (`tombstone`, `removed_models`).

Above the provider modules it loads by name and `_tombstones`; below `_hosts`,
`_resolve` and `_query`. Its errors are `_errors`'s (re-exported here)."""

from __future__ import annotations

import importlib

from llm_catalog._data.providers import PROVIDER_MODULES
from llm_catalog._errors import UnknownModelError, UnknownProviderError

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from llm_catalog._data.enums import Provider
    from llm_catalog._model import Model, ProviderInfo

__all__ = [
    "UnknownModelError",
    "UnknownProviderError",
    "all_models",
    "get_model",
    "provider_info",
    "providers",
    "removed_models",
    "tombstone",
]

_resolved: dict[str, Model] = {}
"""Keys already looked up, in either spelling: the warm path is one dict lookup."""


def _module(provider: str) -> ModuleType:
    return importlib.import_module(f"llm_catalog.{PROVIDER_MODULES[provider]}")


def _canonical(key: str) -> str | None:
    from llm_catalog._data.index import MODEL_INDEX

    if key in MODEL_INDEX:
        return key
    # `provider/model`: provider ids never hold `/`, model ids often do, so the
    # first `/` is the separator.
    provider, sep, model_id = key.partition("/")
    if sep and provider in PROVIDER_MODULES:
        candidate = f"{provider}:{model_id}"
        if candidate in MODEL_INDEX:
            return candidate
    return None


def get_model(key: str) -> Model:
    """The model with key `provider:model_id` (or `provider/model_id`).

    Returns the very constant of the provider module, so
    `get_model("openai:gpt-4o") is llm_catalog.openai.GPT_4O`. A model no longer
    listed upstream is still returned, with status `REMOVED` and its last known
    data, after a `DeprecationWarning` (old code keeps working). Raises
    `UnknownModelError` (a `KeyError`) with close matches for unknown keys.
    """
    try:
        return _resolved[key]
    except KeyError:
        pass
    from llm_catalog._data.index import MODEL_INDEX

    canonical = _canonical(key) if isinstance(key, str) else None
    if canonical is None:
        removed = _removed(key) if isinstance(key, str) else None
        if removed is not None:
            return removed
        import difflib

        raise UnknownModelError(key, difflib.get_close_matches(str(key), MODEL_INDEX, n=3))
    module_name, constant = MODEL_INDEX[canonical]
    model: Model = getattr(importlib.import_module(f"llm_catalog.{module_name}"), constant)
    _resolved[key] = model
    return model


def _removed(key: str) -> Model | None:
    """The tombstone of a removed model (warning as its constant does), if `key` names one."""
    from llm_catalog._data.tombstones import REMOVED

    provider, sep, model_id = key.partition(":")
    if not sep or key not in REMOVED:
        provider, sep, model_id = key.partition("/")
    if not sep or f"{provider}:{model_id}" not in REMOVED:
        return None
    # stacklevel: warnings.warn <- tombstone <- _removed <- get_model <- the caller
    return tombstone(provider, model_id, stacklevel=4)


def all_models() -> Iterator[Model]:
    """Every model, provider by provider in id order, then by model id."""
    for provider in PROVIDER_MODULES:
        yield from _module(provider).MODELS.values()


def provider_info(provider: str) -> ProviderInfo:
    """Metadata of one provider by id (`"openai"`); raises `UnknownProviderError`."""
    if provider not in PROVIDER_MODULES:
        raise UnknownProviderError(provider)
    info: ProviderInfo = _module(provider).PROVIDER
    return info


def providers() -> list[ProviderInfo]:
    """Metadata of every provider, in id order."""
    return [provider_info(p) for p in PROVIDER_MODULES]


def removed_models() -> list[Model]:
    """Every model no longer listed upstream (status `REMOVED`), by key, without warnings."""
    from llm_catalog._data.tombstones import REMOVED

    return list(REMOVED.values())


def tombstone(provider: Provider | str, model_id: str, stacklevel: int = 3) -> Model:
    """A removed model, for a provider module's `__getattr__` and `get_model`: warns,
    then returns it."""
    import warnings

    from llm_catalog._data.tombstones import REMOVED

    model: Model = REMOVED[f"{provider}:{model_id}"]
    advice = f"; use {model.replacement!r} instead" if model.replacement else ""
    warnings.warn(
        f"llm-catalog: model {model.key!r} is no longer listed upstream "
        f"(removed in the release of {model.removed_on}); this is its last known data{advice}",
        DeprecationWarning,
        stacklevel=stacklevel,  # default: tombstone <- module __getattr__ <- the user
    )
    return model
