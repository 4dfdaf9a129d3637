"""Finding models by key: `get_model`, `all_models`, `providers`."""

from __future__ import annotations

import importlib

from llm_catalog._data.providers import PROVIDER_MODULES

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from llm_catalog._model import Model, ProviderInfo

__all__ = ["UnknownModelError", "all_models", "get_model", "provider_info", "providers"]

_resolved: dict[str, Model] = {}
"""Keys already looked up, in either spelling: the warm path is one dict lookup."""


class UnknownModelError(KeyError):
    """No model has this key. The message suggests close matches."""

    def __init__(self, key: str, suggestions: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.suggestions = suggestions

    def __str__(self) -> str:
        message = f"no model {self.key!r} in llm-catalog"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        elif ":" not in self.key and "/" not in self.key:
            message += "; keys look like 'provider:model_id'"
        return message


class UnknownProviderError(KeyError):
    """No provider has this id."""

    def __init__(self, provider: str) -> None:
        super().__init__(provider)
        self.provider = provider

    def __str__(self) -> str:
        import difflib

        close = difflib.get_close_matches(self.provider, PROVIDER_MODULES, n=3)
        hint = "; did you mean " + ", ".join(map(repr, close)) + "?" if close else ""
        return f"no provider {self.provider!r} in llm-catalog{hint}"


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
    from llm_catalog._history import tombstone

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
