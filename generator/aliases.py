"""Alias tables for `llm_catalog._data.aliases`: other names by which a model is known.

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

`BARE` maps every id and alias to the keys of the providers that serve it; a
name several providers serve resolves to its maker (`llm_catalog._resolve`).

`litellm_names` asks the runtime's own resolver (`_resolve._find_key`, over the
tables `lookup_tables` builds from the release) how every key of LiteLLM's map
resolves: the snapshot's `litellm-names.json`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from generator import schema
from generator.code import Code, literal
from generator.report import GeneratorError
from generator.sources import Entry, Matching
from llm_catalog import _rules as rules

if TYPE_CHECKING:
    # Imported when used: `_resolve` reads generated modules, which an empty
    # repository does not have yet.
    from llm_catalog._resolve import _Names


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


def lookup_tables(catalog: schema.Catalog) -> _Names:
    """`llm_catalog._resolve`'s lookup tables for `catalog` (live models only), so
    that the generator can ask the runtime's own rules how names resolve."""
    from llm_catalog._resolve import _Names

    keys = {f"{pid}:{mid}" for pid, p in catalog.providers.items() for mid in p.models}
    table: dict[str, str] = {}
    bare: dict[str, list[str]] = defaultdict(list)
    for pid, provider in catalog.providers.items():
        for mid in provider.models:
            bare[mid].append(f"{pid}:{mid}")
        for alias, mid in provider_aliases(provider).items():
            table[f"{pid}:{alias}"] = f"{pid}:{mid}"
            bare[alias].append(f"{pid}:{mid}")
    # Retired copies step aside among several hosts, as in the runtime's tables.
    retired = frozenset(
        f"{pid}:{mid}"
        for pid, p in catalog.providers.items()
        for mid, model in p.models.items()
        if model.status == "retired"
    )
    return _Names(
        keys,
        table,
        {n: tuple(k) for n, k in sorted(bare.items())},
        set(catalog.providers),
        retired_keys=lambda: retired,
    )


def litellm_names(
    catalog: schema.Catalog, entries: list[Entry], matching: Matching
) -> dict[str, Any]:
    """How `resolve()` reads every key of LiteLLM's map (`litellm-names.json` of a snapshot).

    Each key either resolves to a model of this release -- at a provider LiteLLM
    routes that key to (`routed`), or at another host of the same model (`other
    host`, e.g. a bare `gemini-2.5-pro` LiteLLM files under Vertex AI, which
    resolves to its maker Google) -- or does not, for a reason: LiteLLM's route
    has no provider in the catalog, a regional or commitment deployment, an image
    size or quality variant, an ambiguous name, or no such model at the provider.
    `disagrees_with_matching` lists keys the price matching (`matching.json`)
    put on other models than the one `resolve()` gives (a bare Gemini key LiteLLM
    files under Vertex AI: matching takes LiteLLM's route, `resolve` the maker)."""
    from generator.sources import litellm
    from llm_catalog._lookup import UnknownModelError
    from llm_catalog._names import REGION_SEGMENT
    from llm_catalog._resolve import AmbiguousModelError, _find_key

    names = lookup_tables(catalog)
    matched: dict[str, set[str]] = defaultdict(set)
    for (pid, mid), e in matching.matched.items():
        matched[e.key].add(f"{pid}:{mid}")
    resolved: dict[str, dict[str, str]] = {}
    unresolved: dict[str, str] = {}
    disagree: dict[str, dict[str, object]] = {}
    for entry in sorted(entries, key=lambda e: e.key):
        routed = litellm.PROVIDERS.get(entry.route, ())
        try:
            key = _find_key(names, entry.key, None, suggest=False)
        except AmbiguousModelError as error:
            unresolved[entry.key] = "ambiguous: " + ", ".join(error.candidates[:5])
            continue
        except UnknownModelError:
            unresolved[entry.key] = _why_not(entry, routed, REGION_SEGMENT)
            continue
        how = "routed" if key.partition(":")[0] in routed else "other host"
        resolved[entry.key] = {"model": key, "how": how}
        if entry.key in matched and key not in matched[entry.key]:
            disagree[entry.key] = {"matching": sorted(matched[entry.key]), "resolve": key}
    reasons: dict[str, int] = defaultdict(int)
    for reason in unresolved.values():
        reasons[reason.split(":")[0]] += 1
    hows: dict[str, int] = defaultdict(int)
    for found in resolved.values():
        hows[found["how"]] += 1
    total = len(resolved) + len(unresolved)
    matched_resolving = sum(1 for k, v in matched.items() if resolved.get(k, {}).get("model") in v)
    return {
        "source": litellm.NAME,
        "keys": total,
        "resolved": len(resolved),
        "resolved_share": round(len(resolved) / total, 4) if total else 0,
        "resolved_by_how": dict(sorted(hows.items())),
        "unresolved_by_reason": dict(sorted(reasons.items())),
        "matched_keys": len(matched),
        "matched_keys_resolving_to_their_model": matched_resolving,
        "disagrees_with_matching": disagree,
        "resolved_keys": resolved,
        "unresolved": unresolved,
    }


def _why_not(entry: Entry, routed: tuple[str, ...], region: Any) -> str:
    segments = entry.key.split("/")
    if not routed:
        return f"provider not in the catalog: LiteLLM route {entry.route!r}"
    if any(region.match(s) for s in segments[1:-1]):
        return "regional or commitment deployment: priced apart, no model of its own"
    if any("-x-" in s or s in ("low", "medium", "high", "hd", "standard") for s in segments[:-1]):
        return "image size or quality variant"
    return f"no such model: not at {', '.join(routed)}"
