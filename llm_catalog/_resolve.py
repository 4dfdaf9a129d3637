"""Resolving the names people use for models: `resolve()`.

Accepted forms: `provider:model`, `provider/model`, a model id or alias with
`provider=`, a bare model id or alias on its own, and the spellings of
`llm_catalog._names`: other case and punctuation (`GPT-4o`, `claude-3.5-sonnet`),
LiteLLM keys (`gemini/...`, `vertex_ai/...`, `bedrock/converse/...`,
`azure_ai/...`, `openrouter/...`), the names providers return in responses
(`gpt-4o-mini-2024-07-18`, `models/gemini-2.5-flash`, Bedrock's
`us.anthropic...` profiles). Aliases come from the data and from the
generator's rules (`generator/aliases.py`): dated snapshots, `-latest` pointers,
lower-case spellings.

The rules, first match wins:

1. With `provider=`, only that provider is searched (steps a-c below).
2. `provider:model` or `provider/model` with a known provider id searches that
   provider first: `anthropic/claude-3.5-sonnet` is Anthropic's model, not a
   gateway's model whose id happens to be `anthropic/claude-3.5-sonnet` (reach
   that one with `provider=`).
3. A LiteLLM route (`gemini/`, `bedrock/converse/`, ...; `_names.LITELLM_ROUTES`)
   searches the providers it sends to, in order; a Gemini resource name
   (`models/...`) is read as the bare id.
4. A bare name: every provider that has it as id or alias, exactly or loosely
   spelled. One host: that one. Several: the *maker*'s, when exactly one of them
   is a maker; otherwise `AmbiguousModelError`, listing the hosts (among equals,
   exact spellings only). A provider is the maker of a model when other providers
   file that model under the provider's id (`openrouter:openai/gpt-4o` makes
   OpenAI the maker of `gpt-4o`; `google/gemini-2.5-flash` makes Google, not
   Vertex AI, the maker of `gemini-2.5-flash`) or when the id starts with the
   provider's id and a dash (`deepseek-chat` at `deepseek`). Both are read from
   the catalog's own ids, so no list of answers is kept.

Within a provider (a-c), and for each bare host: (a) exact id or alias, (b) the
loose spelling when it names one model of that provider, each for the name and
then its response forms (an unlisted dated snapshot -> its undated model; a
Bedrock cross-region profile -> the in-region id); (c) a removed model of that
id, returned with the same `DeprecationWarning` as `get_model` (live models
always come first; a bare removed id is looked up after every live one).

`resolve(..., catalog=c)` looks the name up in another `Catalog` with the same
rules: its alias tables are built from its models (`llm_catalog._catalog_index`).
"""

from __future__ import annotations

import importlib

from llm_catalog._data.providers import PROVIDER_MODULES
from llm_catalog._lookup import UnknownModelError, UnknownProviderError

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping

    from llm_catalog._catalog import Catalog
    from llm_catalog._model import Model

__all__ = ["AmbiguousModelError", "resolve"]

_cache: dict[tuple[str, str | None], Model] = {}
"""Names already resolved: the warm path is one dict lookup."""


class AmbiguousModelError(LookupError):
    """A bare name that several providers serve; `candidates` lists their keys, and
    `retired` the hosts where the model is past its retirement date (left out of
    `candidates` unless every host has retired it)."""

    def __init__(
        self, name: str, candidates: tuple[str, ...], retired: tuple[str, ...] = ()
    ) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = candidates
        self.retired = retired

    def __str__(self) -> str:
        shown = ", ".join(repr(c) for c in self.candidates[:12])
        more = f" and {len(self.candidates) - 12} more" if len(self.candidates) > 12 else ""
        count = len(self.candidates)
        left_out = (
            f" (left out, retired there: {', '.join(repr(k) for k in self.retired[:6])}"
            f"{' and more' if len(self.retired) > 6 else ''})"
            if self.retired
            else ""
        )
        return (
            f"{self.name!r} is served by {count} provider{'s' if count != 1 else ''}: "
            f"{shown}{more}{left_out}; say which one, as 'provider:model' or with provider="
        )


def _model(key: str) -> Model:
    from llm_catalog._data.index import MODEL_INDEX

    module_name, constant = MODEL_INDEX[key]
    model: Model = getattr(importlib.import_module(f"llm_catalog.{module_name}"), constant)
    return model


class _Names:
    """The tables a lookup reads: model keys, aliases, bare names, provider ids,
    removed keys; the looser tables (`loose`, `namespaced`) are built on the
    first lookup that needs them."""

    __slots__ = (
        "_loose",
        "_namespaced",
        "_removed_loose",
        "_retired",
        "aliases",
        "bare",
        "keys",
        "providers",
        "removed",
        "retired_keys",
    )

    def __init__(
        self,
        keys: Container[str],
        aliases: Mapping[str, str],
        bare: Mapping[str, tuple[str, ...]],
        providers: Container[str],
        removed: Collection[str] = (),
        *,
        retired_keys: Callable[[], Container[str]] = frozenset,
    ) -> None:
        self.keys = keys
        self.aliases = aliases
        self.bare = bare
        self.providers = providers
        self.removed = removed
        self.retired_keys = retired_keys
        """The keys of retired models, computed on the first ambiguous name."""
        self._retired: Container[str] | None = None
        self._loose: dict[str, tuple[str, ...]] | None = None
        self._removed_loose: dict[str, tuple[str, ...]] | None = None
        self._namespaced: set[tuple[str, str]] | None = None

    def retired(self) -> Container[str]:
        if self._retired is None:
            self._retired = self.retired_keys()
        return self._retired

    def loose(self) -> dict[str, tuple[str, ...]]:
        """Loose form of every live id and alias -> the keys it names."""
        if self._loose is None:
            from llm_catalog._names import loose

            table: dict[str, dict[str, None]] = {}
            for name, keys in self.bare.items():
                table.setdefault(loose(name), {}).update(dict.fromkeys(keys))
            self._loose = {name: tuple(keys) for name, keys in table.items()}
        return self._loose

    def removed_loose(self) -> dict[str, tuple[str, ...]]:
        """Loose form of every removed id -> its keys (read only when no live
        model has the name, so the tombstones load only then)."""
        if self._removed_loose is None:
            from llm_catalog._names import loose

            table: dict[str, list[str]] = {}
            for key in self.removed:
                table.setdefault(loose(key.partition(":")[2]), []).append(key)
            self._removed_loose = {name: tuple(keys) for name, keys in table.items()}
        return self._removed_loose

    def namespaced(self) -> set[tuple[str, str]]:
        """`(provider, loose id)` for every id some provider files under another
        provider's name (`openrouter:openai/gpt-4o` gives `("openai", "gpt-4o")`)."""
        if self._namespaced is None:
            from llm_catalog._names import loose

            found: set[tuple[str, str]] = set()
            for name in self.bare:
                owner, sep, rest = name.partition("/")
                if sep and owner in self.providers:
                    found.add((owner, loose(rest)))
            self._namespaced = found
        return self._namespaced


def _packaged_retired() -> frozenset[str]:
    from llm_catalog._data.index import MODEL_INDEX
    from llm_catalog._data.search import STATUSES

    flags = bin(STATUSES["retired"])[:1:-1]  # bit i is character i
    return frozenset(key for key, flag in zip(MODEL_INDEX, flags, strict=False) if flag == "1")


_packaged: list[_Names] = []


def _packaged_names() -> _Names:
    if not _packaged:
        from llm_catalog._data.aliases import ALIASES, BARE
        from llm_catalog._data.index import MODEL_INDEX

        _packaged.append(
            _Names(
                MODEL_INDEX,
                ALIASES,
                BARE,
                PROVIDER_MODULES,
                _RemovedKeys(),
                retired_keys=_packaged_retired,
            )
        )
    return _packaged[0]


class _RemovedKeys:
    """The keys of the packaged tombstones, read from `_data.tombstones` on first use
    (only lookups that miss every live model get here)."""

    def _keys(self) -> Collection[str]:
        from llm_catalog._data.tombstones import REMOVED

        return REMOVED.keys()

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())


def _exact(names: _Names, provider: str, name: str) -> str | None:
    key = f"{provider}:{name}"
    if key in names.keys:
        return key
    return names.aliases.get(key)


def _loosely(names: _Names, provider: str, name: str) -> str | None:
    """The one live key of `provider` whose id or alias folds like `name`."""
    from llm_catalog._names import loose

    prefix = f"{provider}:"
    found = {
        k for k in names.loose().get(loose(name), ()) if k.startswith(prefix) and k in names.keys
    }
    return found.pop() if len(found) == 1 else None


def _forms(name: str) -> list[str]:
    """`name`, then the forms providers' responses use for it (see `_names`)."""
    from llm_catalog._names import undated, unprefixed_region

    forms = [name]
    for form in (undated(name), unprefixed_region(name)):
        if form is not None:
            forms.append(form)
            base = undated(form)
            if base is not None:
                forms.append(base)
    return forms


def _at(names: _Names, providers: tuple[str, ...], name: str) -> str | None:
    """The key `name` stands for at one of `providers` (the first that has it, in
    the order given): exact id or alias, then loose spelling, each for the name and
    then its response forms; then a removed model of that id."""
    live = [p for p in providers if p in names.providers]
    for form in _forms(name):
        for rule in (_exact, _loosely):
            for p in live:
                key = rule(names, p, form)
                if key is not None:
                    return key
    for p in live:
        if f"{p}:{name}" in names.removed:
            return f"{p}:{name}"
    return None


def _find_key(names: _Names, name: str, provider: str | None, *, suggest: bool = True) -> str:
    """The key `name` stands for (live, or removed: see `resolve`), by the rules
    in the module doc, in that order. `suggest=False` leaves the close matches
    out of `UnknownModelError` (they cost a scan of every key; the generator's
    report of thousands of names does without)."""
    if provider is not None:
        if provider not in names.providers:
            raise UnknownProviderError(provider)
        key = _at(names, (provider,), name)
        if key is not None:
            return key
        raise _unknown(names, name, provider) if suggest else UnknownModelError(name, [])
    for sep in (":", "/"):
        prefix, found, rest = name.partition(sep)
        if found and prefix in names.providers:
            key = _at(names, (prefix,), rest)
            if key is not None:
                return key
    from llm_catalog._names import routes

    routed = routes(name, names.providers)
    if routed is not None:
        targets, rest = routed
        if targets:
            key = _at(names, targets, rest)
            if key is not None:
                return key
        elif rest != name:
            return _find_key(names, rest, None, suggest=suggest)
    return _bare(names, name, suggest)


def _bare(names: _Names, name: str, suggest: bool) -> str:
    """A name without a provider: for the name and then its response forms, the
    hosts that have it as id or alias, exactly or loosely spelled (the maker wins
    among them; else exact spellings are preferred); then removed models."""
    from llm_catalog._names import loose

    for form in _forms(name):
        exact = names.bare.get(form, ())
        folded = _one_per_provider(k for k in names.loose().get(loose(form), ()) if k in names.keys)
        if exact or folded:
            hosts = {k.partition(":")[0] for k in exact}
            either = (*exact, *(k for k in folded if k.partition(":")[0] not in hosts))
            live, _ = _live(names, either)
            makers = [k for k in live if _is_maker(names, k, form)]
            if len(makers) == 1:
                return makers[0]
            return _choose(names, form, exact or folded)
    for form in _forms(name):
        found = _one_per_provider(names.removed_loose().get(loose(form), ()))
        if found:
            return _choose(names, form, found)
    raise _unknown(names, name, None) if suggest else UnknownModelError(name, [])


def _one_per_provider(keys: Iterable[str]) -> tuple[str, ...]:
    """`keys` without the providers that have more than one of them (a loose form
    that two of a provider's models share names neither)."""
    by_provider: dict[str, set[str]] = {}
    for key in keys:
        by_provider.setdefault(key.partition(":")[0], set()).add(key)
    return tuple(sorted(next(iter(v)) for v in by_provider.values() if len(v) == 1))


def _live(names: _Names, keys: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`keys` split into those not retired and those retired; all of them count as
    live when every one is retired (asked by name, a retired model still answers)."""
    if len(keys) < 2:
        return keys, ()
    retired = names.retired()
    live = tuple(k for k in keys if k not in retired)
    if not live:
        return keys, ()
    return live, tuple(k for k in keys if k in retired)


def _choose(names: _Names, name: str, keys: tuple[str, ...]) -> str:
    """One of several hosts' keys for the same name: the maker's (module doc), if
    exactly one of them is the maker and has not retired it; otherwise the name is
    ambiguous among the hosts that still serve it.

    A lone live host among retired ones is not chosen for the caller: it may be a
    copy of the retired model that no rule linked (`llmgateway:claude-3-opus`)."""
    if len(keys) == 1:
        return keys[0]
    live, retired = _live(names, keys)
    makers = [k for k in live if _is_maker(names, k, name)]
    if len(makers) == 1:
        return makers[0]
    raise AmbiguousModelError(name, tuple(makers) if makers else live, retired)


def _is_maker(names: _Names, key: str, name: str) -> bool:
    """Whether the provider of `key` (found for `name`) made the model: other
    providers file the model, by its id or by `name`, under the provider's id
    (`openrouter:openai/gpt-4o`), or the id starts with the provider's id
    (`deepseek-chat` at `deepseek`, `mistral-large-latest` at `mistral`). The maker
    of a model makes its dated snapshots (`openrouter:openai/o3-mini` makes OpenAI
    the maker of `o3-mini-2025-01-31`)."""
    from llm_catalog._names import loose, undated

    provider, _, model_id = key.partition(":")
    namespaced = names.namespaced()
    forms = (model_id, name, undated(model_id), undated(name))
    return any(
        (provider, folded) in namespaced or folded.startswith(f"{provider}-")
        for folded in {loose(form) for form in forms if form}
    )


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
    names = _packaged_names()
    key = _find_key(names, name, cache_key[1])
    if key not in names.keys:
        from llm_catalog._lookup import tombstone

        provider_id, _, model_id = key.partition(":")
        # stacklevel: warnings.warn <- tombstone <- resolve <- the caller
        return tombstone(provider_id, model_id, stacklevel=3)
    model = _model(key)
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
            retired_keys=lambda: frozenset(
                k for k, m in catalog.by_key.items() if m.status.value == "retired"
            ),
        )
    assert isinstance(names, _Names)
    return catalog.by_key[_find_key(names, name, provider)]
