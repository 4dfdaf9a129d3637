"""Alias tables for `llm_catalog._aliases`: other names by which a model is known.

Rules, applied within one provider (an alias never crosses providers):

1. A real model id always wins: no alias may equal an id of the same provider.
2. Aliases given by the data (`schema.Model.aliases`, for example from overrides)
   come first; two models claiming the same alias is an error.
3. `-latest` pointers: `X-latest` makes `X` an alias of it, when `X` is not a model.
4. Dated snapshots: an id ending in `-YYYY-MM-DD`, `-YYYYMMDD` or `@YYYYMMDD` (a
   real calendar date) makes its base an alias of the newest such snapshot, when
   the base is neither a model nor already taken by rules 2-3
   (`gpt-4o-2024-08-06` -> `gpt-4o`, `claude-3-5-haiku-20241022` ->
   `claude-3-5-haiku`).
5. Case: an id with capitals is also known in lower case, when that is unique
   (`NousResearch/Hermes-4-405B` -> `nousresearch/hermes-4-405b`).

`BARE` maps every id and alias to the keys of the providers that serve it, so a
name without a provider resolves when exactly one provider has it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator import schema
from generator.render import Code, literal
from generator.report import GeneratorError
from llm_catalog import _rules as rules


def provider_aliases(provider: schema.Provider) -> dict[str, str]:
    """Alias -> model id for one provider, by the rules in the module doc
    (`llm_catalog._rules.provider_aliases`, shared with the runtime)."""
    try:
        return rules.provider_aliases((mid, m.aliases) for mid, m in provider.models.items())
    except rules.AliasConflictError as error:
        raise GeneratorError(f"provider {provider.id}: {error}") from None


def aliases_context(catalog: schema.Catalog) -> dict[str, Any]:
    """Template values for `aliases.py.j2`."""
    aliases: list[Code] = []
    bare: dict[str, list[str]] = defaultdict(list)
    for pid, provider in catalog.providers.items():
        for mid in provider.models:
            bare[mid].append(f"{pid}:{mid}")
        for alias, mid in provider_aliases(provider).items():
            aliases.append(Code(f"{literal(f'{pid}:{alias}')}: {literal(f'{pid}:{mid}')}"))
            bare[alias].append(f"{pid}:{mid}")
    return {
        "aliases": aliases,
        "bare": [
            Code(f"{literal(name)}: {literal(tuple(keys))}") for name, keys in sorted(bare.items())
        ],
    }
