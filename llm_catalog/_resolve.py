"""Resolving the names people use for models: `resolve()`.

Accepted forms: `provider:model`, `provider/model`, a model id or alias with
`provider=`, or a bare model id or alias on its own. Aliases come from the data
and from the generator's rules (`generator/aliases.py`): dated snapshots
(`gpt-4o-2024-08-06`'s base), `-latest` pointers, lower-case spellings. A real id
always wins over an alias, and a `provider:`/`provider/` prefix over a bare id
that happens to contain one (`openai/gpt-4o` is OpenAI's, not a gateway's
`openai/gpt-4o`; pass `provider=` for that).

`resolve(..., catalog=c)` looks the name up in another `Catalog` with the same
rules: its alias tables are built from its models (`llm_catalog._catalog_index`).
"""

from __future__ import annotations

import importlib

from llm_catalog._lookup import UnknownModelError, UnknownProviderError
from llm_catalog._providers import PROVIDER_MODULES

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Callable, Container, Mapping

    from llm_catalog._catalog import Catalog
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


class _Names:
    """The tables a lookup reads: model keys, aliases, bare names, provider ids."""

    __slots__ = ("_retired", "aliases", "bare", "keys", "providers", "retired_keys")

    def __init__(
        self,
        keys: Container[str],
        aliases: Mapping[str, str],
        bare: Mapping[str, tuple[str, ...]],
        providers: Container[str],
        retired_keys: Callable[[], Container[str]],
    ) -> None:
        self.keys = keys
        self.aliases = aliases
        self.bare = bare
        self.providers = providers
        self.retired_keys = retired_keys
        """The keys of retired models, computed on the first ambiguous name."""
        self._retired: Container[str] | None = None

    def retired(self) -> Container[str]:
        if self._retired is None:
            self._retired = self.retired_keys()
        return self._retired


def _packaged_retired() -> frozenset[str]:
    from llm_catalog._index import MODEL_INDEX
    from llm_catalog._search import STATUSES

    flags = bin(STATUSES["retired"])[:1:-1]  # bit i is character i
    return frozenset(key for key, flag in zip(MODEL_INDEX, flags, strict=False) if flag == "1")


_packaged: list[_Names] = []


def _packaged_names() -> _Names:
    if not _packaged:
        from llm_catalog._aliases import ALIASES, BARE
        from llm_catalog._index import MODEL_INDEX

        _packaged.append(_Names(MODEL_INDEX, ALIASES, BARE, PROVIDER_MODULES, _packaged_retired))
    return _packaged[0]


def _in_provider(names: _Names, provider: str, name: str) -> str | None:
    key = f"{provider}:{name}"
    if key in names.keys:
        return key
    return names.aliases.get(key)


def _find_key(names: _Names, name: str, provider: str | None) -> str:
    if provider is not None:
        if provider not in names.providers:
            raise UnknownProviderError(provider)
        key = _in_provider(names, provider, name)
        if key is not None:
            return key
        raise _unknown(names, name, provider)
    for sep in (":", "/"):
        prefix, found, rest = name.partition(sep)
        if found and prefix in names.providers:
            key = _in_provider(names, prefix, rest)
            if key is not None:
                return key
    keys = names.bare.get(name)
    if keys is None:
        raise _unknown(names, name, None)
    if len(keys) > 1:
        # Retired models are not offered as candidates (unless all are). A lone
        # live candidate is still not chosen for the caller: it may be a copy of
        # the retired model that no rule linked (`llmgateway:claude-3-opus`).
        retired = names.retired()
        live = tuple(k for k in keys if k not in retired)
        raise AmbiguousModelError(name, live or keys)
    return keys[0]


def _unknown(names: _Names, name: str, provider: str | None) -> UnknownModelError:
    import difflib

    every = [*names.keys, *names.aliases]  # type: ignore[misc]
    if provider is not None:
        prefix = f"{provider}:"
        close = difflib.get_close_matches(
            prefix + name, [k for k in every if k.startswith(prefix)], n=3, cutoff=0.6
        )
        return UnknownModelError(prefix + name, close)
    if ":" in name or "/" in name:
        close = difflib.get_close_matches(name, every, n=3)
        if close:
            return UnknownModelError(name, close)
    return UnknownModelError(name, difflib.get_close_matches(name, names.bare, n=3))


def resolve(name: str, provider: str | None = None, *, catalog: Catalog | None = None) -> Model:
    """The model `name` stands for.

    `name` is `provider:model`, `provider/model`, or a model id or alias; with
    `provider` (a `Provider` or its id) the name is looked up at that provider
    only. Raises `AmbiguousModelError` when a bare name is served by several
    providers (it lists them, leaving out retired models unless all are), `UnknownModelError` (a `KeyError`, with close
    matches) for unknown names and `UnknownProviderError` for unknown providers.
    `catalog`: the `Catalog` to look in (default: the packaged one).
    """
    cache_key = (name, None if provider is None else str(provider))
    if catalog is not None:
        return _resolve_in(catalog, name, cache_key[1])
    try:
        return _cache[cache_key]
    except KeyError:
        pass
    if not isinstance(name, str):
        raise TypeError(f"model name must be a str, not {type(name).__name__}")
    model = _model(_find_key(_packaged_names(), name, cache_key[1]))
    _cache[cache_key] = model
    return model


def _resolve_in(catalog: Catalog, name: str, provider: str | None) -> Model:
    if not isinstance(name, str):
        raise TypeError(f"model name must be a str, not {type(name).__name__}")
    from llm_catalog._catalog_index import index_of

    index = index_of(catalog)
    names = index.names
    if names is None:
        names = index.names = _Names(
            catalog.by_key,
            index.ALIASES,
            index.BARE,
            catalog.providers,
            lambda: frozenset(k for k, m in catalog.by_key.items() if m.status.value == "retired"),
        )
    assert isinstance(names, _Names)
    return catalog.by_key[_find_key(names, name, provider)]
