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

import re
from collections import defaultdict
from datetime import date
from typing import Any

from generator import schema
from generator.render import Code, literal
from generator.report import GeneratorError

_DATED = re.compile(r"^(?P<base>.+?)(?:-(?P<iso>\d{4}-\d{2}-\d{2})|[-@](?P<compact>20\d{6}))$")


def _snapshot_date(model_id: str) -> tuple[str, date] | None:
    match = _DATED.match(model_id)
    if match is None:
        return None
    text = match["iso"] or match["compact"]
    digits = text.replace("-", "")
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return match["base"], day


def provider_aliases(provider: schema.Provider) -> dict[str, str]:
    """Alias -> model id for one provider, by the rules in the module doc."""
    ids = set(provider.models)
    aliases: dict[str, str] = {}
    for mid, model in provider.models.items():
        for alias in model.aliases:
            if alias in ids:
                continue
            if aliases.setdefault(alias, mid) != mid:
                raise GeneratorError(
                    f"provider {provider.id}: alias {alias!r} (field aliases) is claimed "
                    f"by models {aliases[alias]!r} and {mid!r}"
                )
    for mid in provider.models:
        if mid.endswith("-latest"):
            base = mid.removesuffix("-latest")
            if base and base not in ids:
                aliases.setdefault(base, mid)
    newest: dict[str, tuple[date, str]] = {}
    for mid in provider.models:
        found = _snapshot_date(mid)
        if found is None:
            continue
        base, day = found
        if base in ids or base in aliases:
            continue
        if base not in newest or (day, mid) > newest[base]:
            newest[base] = (day, mid)
    for base, (_, mid) in newest.items():
        aliases[base] = mid
    folded: dict[str, list[str]] = defaultdict(list)
    for mid in provider.models:
        folded[mid.lower()].append(mid)
    for lower, owners in folded.items():
        if len(owners) == 1 and lower not in ids and lower not in aliases:
            aliases[lower] = owners[0]
    return dict(sorted(aliases.items()))


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
