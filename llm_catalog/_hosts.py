"""Who serves a model, and at what price: `hosts()`.

The generator links every hosted copy (`poe:xai/grok-4`, `amazon-bedrock:
anthropic.claude-sonnet-4-5-20250929-v1:0`) to the maker's model it serves, its
*origin* (`xai:grok-4`, `anthropic:claude-sonnet-4-5-20250929`), by rules that
read ids only and leave a copy unlinked rather than guess (`generator/hosts.py`;
the match report is the snapshot's `hosts.json`). The links are generated data
(`llm_catalog._data.host_links`), loaded on the first call only.

`Model.origin` and `Model.hosts` call this module, so it imports no module that
imports `_model`: it loads the models it lists as `_lookup` does, from the
generated index (`_index`) and the provider modules it names, not through
`_lookup` (whose removed models' tombstones are built from `_model`).
"""

from __future__ import annotations

from llm_catalog._errors import UnknownModelError

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from llm_catalog._model import Model

__all__ = ["hosts", "origin_of"]

_copies: list[Mapping[str, tuple[str, ...]]] = []
"""Origin key -> its copies' keys, built from the links on first use."""


def origin_of(key: str) -> str | None:
    """The `maker:model` key of the model the copy `key` serves, or `None` when the
    copy is not linked (or `key` is a maker's own model)."""
    from llm_catalog._data.host_links import ORIGINS

    return ORIGINS.get(key)


def _copies_of() -> Mapping[str, tuple[str, ...]]:
    if not _copies:
        from llm_catalog._data.host_links import ORIGINS

        grouped: dict[str, list[str]] = {}
        for copy, origin in ORIGINS.items():
            grouped.setdefault(origin, []).append(copy)
        _copies.append({origin: tuple(keys) for origin, keys in grouped.items()})
    return _copies[0]


def _price(model: Model) -> Decimal | None:
    cost = model.cost
    if cost.input is None or cost.output is None:
        return None
    return cost.input + cost.output


def hosts(model: object, *, include_retired: bool = False) -> list[Model]:
    """Every model of this release that serves the same maker's model as `model`:
    the origin (when it is a model of this release) and its hosted copies,
    cheapest first.

    `model` is a `Model`, its key (`"anthropic:claude-sonnet-4-5"`, or any copy's
    key: `"poe:xai/grok-4"` gives the same list as `"xai:grok-4"`), or an origin
    no provider module lists (`"xai:grok-4"` on 2026-07-02, known from OpenRouter).
    Sorted by input plus output price per million tokens (models without both
    prices last), then by key. Retired models (and copies of a retired origin)
    are left out unless `include_retired`. A model nobody else serves gives just
    itself. Raises `UnknownModelError` for a key that is neither a model nor an
    origin of this release."""
    from importlib import import_module

    from llm_catalog._data.enums import Status
    from llm_catalog._data.host_links import ORIGINS
    from llm_catalog._data.index import MODEL_INDEX

    key = getattr(model, "key", model)
    if not isinstance(key, str):
        raise TypeError(f"expected a Model or a 'provider:model' key, not {type(model).__name__}")
    copies = _copies_of()
    origin = ORIGINS.get(key, key)
    if origin not in MODEL_INDEX and origin not in copies:
        raise UnknownModelError(key, [])
    keys = ([origin] if origin in MODEL_INDEX else []) + list(copies.get(origin, ()))
    # Every key here is a model of this release (origins and copies are listed in
    # the index; the generator links no removed model): `get_model` without its
    # fallback to removed models.
    found: list[Model] = [
        getattr(import_module(f"llm_catalog.{MODEL_INDEX[k][0]}"), MODEL_INDEX[k][1]) for k in keys
    ]
    if not include_retired:
        found = [m for m in found if m.status is not Status.RETIRED]

    def order(m: Model) -> tuple[bool, Decimal | int, str]:
        price = _price(m)
        return (price is None, 0 if price is None else price, m.key)

    return sorted(found, key=order)
