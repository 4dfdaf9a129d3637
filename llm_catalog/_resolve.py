"""Resolving the names people use for models: `resolve()`.

Accepted forms: `provider:model`, `provider/model`, a model id or alias with
`provider=`, or a bare model id or alias on its own. Aliases come from the data
and from the generator's rules (`generator/aliases.py`): dated snapshots
(`gpt-4o-2024-08-06`'s base), `-latest` pointers, lower-case spellings. A real id
always wins over an alias, and a `provider:`/`provider/` prefix over a bare id
that happens to contain one (`openai/gpt-4o` is OpenAI's, not a gateway's
`openai/gpt-4o`; pass `provider=` for that).
"""

from __future__ import annotations

import importlib

from llm_catalog._lookup import UnknownModelError, UnknownProviderError
from llm_catalog._providers import PROVIDER_MODULES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from llm_catalog._model import Model

__all__ = ["AmbiguousModelError", "resolve"]

_cache: dict[tuple[str, str | None], Model] = {}
"""Names already resolved: the warm path is one dict lookup."""


class AmbiguousModelError(LookupError):
    """A bare name that several providers serve; `candidates` lists their keys."""

    def __init__(self, name: str, candidates: tuple[str, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = candidates

    def __str__(self) -> str:
        shown = ", ".join(repr(c) for c in self.candidates[:12])
        more = f" and {len(self.candidates) - 12} more" if len(self.candidates) > 12 else ""
        return (
            f"{self.name!r} is served by {len(self.candidates)} providers: {shown}{more}; "
            "say which one, as 'provider:model' or with provider="
        )


def _model(key: str) -> Model:
    from llm_catalog._index import MODEL_INDEX

    module_name, constant = MODEL_INDEX[key]
    model: Model = getattr(importlib.import_module(f"llm_catalog.{module_name}"), constant)
    return model


def _in_provider(provider: str, name: str) -> str | None:
    from llm_catalog._aliases import ALIASES
    from llm_catalog._index import MODEL_INDEX

    key = f"{provider}:{name}"
    if key in MODEL_INDEX:
        return key
    return ALIASES.get(key)


def _find_key(name: str, provider: str | None) -> str:
    from llm_catalog._aliases import BARE

    if provider is not None:
        if provider not in PROVIDER_MODULES:
            raise UnknownProviderError(provider)
        key = _in_provider(provider, name)
        if key is not None:
            return key
        raise _unknown(name, provider)
    for sep in (":", "/"):
        prefix, found, rest = name.partition(sep)
        if found and prefix in PROVIDER_MODULES:
            key = _in_provider(prefix, rest)
            if key is not None:
                return key
    keys = BARE.get(name)
    if keys is None:
        raise _unknown(name, None)
    if len(keys) > 1:
        raise AmbiguousModelError(name, keys)
    return keys[0]


def _unknown(name: str, provider: str | None) -> UnknownModelError:
    import difflib

    from llm_catalog._aliases import ALIASES, BARE
    from llm_catalog._index import MODEL_INDEX

    if provider is not None:
        prefix = f"{provider}:"
        names = [k for k in (*MODEL_INDEX, *ALIASES) if k.startswith(prefix)]
        close = difflib.get_close_matches(prefix + name, names, n=3, cutoff=0.6)
        return UnknownModelError(prefix + name, close)
    if ":" in name or "/" in name:
        close = difflib.get_close_matches(name, [*MODEL_INDEX, *ALIASES], n=3)
        if close:
            return UnknownModelError(name, close)
    return UnknownModelError(name, difflib.get_close_matches(name, BARE, n=3))


def resolve(name: str, provider: str | None = None) -> Model:
    """The model `name` stands for.

    `name` is `provider:model`, `provider/model`, or a model id or alias; with
    `provider` (a `Provider` or its id) the name is looked up at that provider
    only. Raises `AmbiguousModelError` when a bare name is served by several
    providers (it lists them), `UnknownModelError` (a `KeyError`, with close
    matches) for unknown names and `UnknownProviderError` for unknown providers.
    """
    cache_key = (name, None if provider is None else str(provider))
    try:
        return _cache[cache_key]
    except KeyError:
        pass
    if not isinstance(name, str):
        raise TypeError(f"model name must be a str, not {type(name).__name__}")
    model = _model(_find_key(name, cache_key[1]))
    _cache[cache_key] = model
    return model
