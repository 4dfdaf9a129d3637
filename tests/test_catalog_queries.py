"""Queries on any `Catalog`: the runtime-built indexes equal the generated ones,
`catalog=Catalog.packaged()` answers like the default, and extended, overridden
and loaded catalogs are reflected; operational metadata in `select` and `find`."""

from __future__ import annotations

import itertools
import warnings
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from llm_catalog import (
    Catalog,
    Status,
    compare,
    default_model,
    find,
    quality_tier,
    resolve,
    select,
    stats,
)
from llm_catalog._catalog_index import CatalogIndex, index_of
from llm_catalog._costing import Workload
from llm_catalog._lookup import UnknownModelError, UnknownProviderError
from llm_catalog._query import QUALITY_TIERS
from llm_catalog._resolve import AmbiguousModelError


@pytest.fixture(scope="module")
def packaged() -> Catalog:
    return Catalog.packaged()


def test_runtime_indexes_equal_the_generated_ones(packaged: Catalog) -> None:
    """The same rules (`llm_catalog._rules`) give the same tables, field by field."""
    from llm_catalog import _rules
    from llm_catalog._data import aliases as _aliases
    from llm_catalog._data import search as _search

    index = index_of(packaged)
    assert index is index_of(packaged)  # built once, kept on the catalog
    for name in (
        "PROVIDER_RANGES",
        "CAPABILITIES",
        "INPUT_MODALITIES",
        "OUTPUT_MODALITIES",
        "STATUSES",
        "KINDS",
        "QUALITY",
        "FAMILIES",
        "DEFAULTS",
    ):
        assert dict(getattr(index, name)) == dict(getattr(_search, name)), name
    for name in ("COUNT", "OPEN_WEIGHTS", "CLOSED_WEIGHTS", "TIER_DISCOUNTS"):
        assert getattr(index, name) == getattr(_search, name), name
    for name in ("CONTEXT", "OUTPUT_LIMIT", "INPUT_PRICE", "OUTPUT_PRICE", "RELEASE_DATE"):
        generated = [(Decimal(v), o) for v, o in getattr(_search, name)]
        assert [(Decimal(v), o) for v, o in getattr(index, name)] == generated, name
    assert dict(index.ALIASES) == dict(_aliases.ALIASES)
    assert dict(index.BARE) == dict(_aliases.BARE)
    assert QUALITY_TIERS == _rules.QUALITY_TIERS


_CRITERIA: list[dict[str, Any]] = [
    {},
    {"require": ["tool_call"]},
    {"require": ["tool_call", "reasoning"], "min_context": 128_000},
    {"forbid": ["reasoning"], "max_output_cost": "1"},
    {"input_modalities": ["image"], "min_context": 100_000, "include_deprecated": True},
    {"output_modalities": ["image"]},
    {"providers": ["openai", "anthropic"], "sort_by": "output_cost"},
    {"exclude_providers": ["openrouter", "kilo"], "max_input_cost": "0.5", "limit": 20},
    {"families": ["gpt", "claude-sonnet"], "sort_by": "release_date", "reverse": True},
    {"statuses": ["beta", "alpha"]},
    {"statuses": ["deprecated"], "require": ["tool_call"]},
    {"open_weights": True, "min_output": 32_000},
    {"open_weights": False, "max_cache_read_cost": "0.1"},
    {"released_after": date(2025, 6, 1), "released_before": date(2025, 12, 31)},
    {"quality": "best", "require": ["structured_output"]},
    {"quality": "cheap", "providers": ["groq"]},
    {"allow": ["openai:*"], "deny": ["*mini*"]},
    {"require": ["reasoning"], "sort_by": "context", "reverse": True, "limit": 10},
    {"min_context": 1_000_000, "sort_by": "input_cost"},
    {"input_modalities": ["pdf"], "quality": "balanced", "include_deprecated": True},
]


@pytest.mark.parametrize("criteria", _CRITERIA, ids=lambda c: ",".join(c) or "none")
def test_find_on_the_packaged_catalog_equals_the_default(
    packaged: Catalog, criteria: dict[str, Any]
) -> None:
    expected = find(**criteria)
    assert find(**criteria, catalog=packaged) == expected


_WORKLOADS = [
    None,
    Workload(input_tokens=50_000, output_tokens=500),
    Workload(input_tokens=300_000, cache_read_tokens=200_000, output_tokens=2_000),
    Workload(output_tokens=10_000),
]


@pytest.mark.parametrize(
    ("criteria", "workload"),
    list(itertools.product(_CRITERIA[:16], _WORKLOADS)),
    ids=lambda x: ",".join(x) if isinstance(x, dict) else repr(x)[:40],
)
def test_select_on_the_packaged_catalog_equals_the_default(
    packaged: Catalog, criteria: dict[str, Any], workload: Workload | None
) -> None:
    criteria = {k: v for k, v in criteria.items() if k not in ("sort_by", "reverse", "limit")}
    expected = select(**criteria, workload=workload, prefer=["openai"])
    assert select(**criteria, workload=workload, prefer=["openai"], catalog=packaged) == expected


def test_resolve_quality_defaults_stats_compare_equal_the_default(packaged: Catalog) -> None:
    from llm_catalog._data import aliases as _aliases

    names = [
        "gpt-4o",
        "openai/gpt-4o",
        "anthropic:claude-3-5-haiku",
        "claude-3-7-sonnet",
        "OPENAI:GPT-4O",
        *list(_aliases.ALIASES)[::97],
        *list(_aliases.BARE)[::53],
    ]
    for name in names:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                expected = resolve(name)
        except (AmbiguousModelError, UnknownModelError) as error:
            with pytest.raises(type(error)) as info:
                resolve(name, catalog=packaged)
            assert str(info.value) == str(error)
            continue
        if expected.status is Status.REMOVED:
            # a tombstone: the package's own lookup falls back to removed models,
            # a Catalog (the packaged one too) holds only listed ones
            with pytest.raises((AmbiguousModelError, UnknownModelError)):
                resolve(name, catalog=packaged)
            continue
        assert resolve(name, catalog=packaged) is expected
    assert resolve("gpt-4o", provider="azure", catalog=packaged) is resolve("gpt-4o", "azure")
    with pytest.raises(UnknownProviderError):
        resolve("gpt-4o", provider="nope", catalog=packaged)
    for pid in packaged.providers:
        assert default_model(pid, catalog=packaged) is default_model(pid)
    for model in packaged.models[::41]:
        assert quality_tier(model, catalog=packaged) == quality_tier(model)
    assert stats(catalog=packaged) == stats()
    keys = ["openai:gpt-4o", "anthropic:claude-3-7-sonnet", "google:gemini-2.5-flash"]
    assert compare(keys, catalog=packaged) == compare(keys)


def test_an_overridden_price_changes_selects_choice(packaged: Catalog) -> None:
    criteria: dict[str, Any] = {"require": ["tool_call"], "min_context": 100_000}
    criteria["providers"] = ["openai"]
    before = select(**criteria)
    assert before is not None
    other = next(m for m in find(**criteria) if m.key != before.key)
    cheaper = packaged.override(other.key, cost={"input": "0.001", "output": "0.002"})
    after = select(**criteria, catalog=cheaper)
    assert after is not None and after.key == other.key
    assert after.cost.input == Decimal("0.001")
    assert select(**criteria) is before  # the packaged catalog is untouched
    # ... and a price that rises past the runner-up's drops the model
    dearer = packaged.override(before.key, cost={"input": "999", "output": "999"})
    changed = select(**criteria, catalog=dearer)
    assert changed is not None and changed.key != before.key
    assert find(**criteria, max_input_cost="100", catalog=dearer) == [
        m for m in find(**criteria, max_input_cost="100") if m.key != before.key
    ]


def test_cost_of_uses_overridden_prices(packaged: Catalog) -> None:
    key = "anthropic:claude-haiku-4-5-20251001"
    base = packaged.get(key).cost_of(input_tokens=1_000_000, output_tokens=1_000_000)
    changed = packaged.override(key, cost={"input": "1.5", "output": "2"})
    breakdown = changed.get(key).cost_of(input_tokens=1_000_000, output_tokens=1_000_000)
    assert breakdown.total == Decimal("3.5") != base.total
    assert resolve(key, catalog=changed).cost_of(input_tokens=2_000_000).total == Decimal("3")


def test_an_extended_model_is_found_resolved_and_chosen(packaged: Catalog) -> None:
    extended = packaged.extend(
        [
            {
                "provider": "acme-vllm",
                "id": "acme-coder-2025-01-15",
                "name": "ACME Coder",
                "limits": {"context": 131072, "output": 8192},
                "cost": {"input": "0.0001", "output": "0.0001"},
                "modalities": {"input": ["text"], "output": ["text"]},
                "capabilities": ["tool_call"],
                "family": "acme-coder",
                "release_date": "2025-01-15",
                "aliases": ["coder"],
            },
            {
                "provider": "acme-vllm",
                "id": "ACME-Small",
                "name": "ACME Small",
                "modalities": {"input": ["text"], "output": ["text"]},
            },
        ]
    )
    own = extended.get("acme-vllm:acme-coder-2025-01-15")
    assert find(providers=["acme-vllm"], catalog=extended) == [
        extended.get("acme-vllm:ACME-Small"),
        own,
    ]
    assert find(families=["acme-coder"], require=["tool_call"], catalog=extended) == [own]
    with pytest.raises(UnknownProviderError):
        find(providers=["acme-vllm"])  # not in the packaged catalog
    # the generator's alias rules: data aliases, dated snapshots, lower case
    for name in (
        "acme-vllm:acme-coder-2025-01-15",
        "acme-vllm/acme-coder",
        "acme-coder",
        "coder",
        "acme-coder-2025-01-15",
    ):
        assert resolve(name, catalog=extended) is own, name
    assert resolve("acme-small", catalog=extended).id == "ACME-Small"
    with pytest.raises(UnknownModelError):
        resolve("acme-coder")
    # among OpenAI's and ours, the cheapest tool-calling long-context model is ours
    criteria: dict[str, Any] = {"require": ["tool_call"], "min_context": 100_000}
    assert select(**criteria, providers=["openai", "acme-vllm"], catalog=extended) is own
    assert select(**criteria, providers=["openai"], catalog=extended) is select(
        **criteria, providers=["openai"]
    )
    assert default_model("acme-vllm", catalog=extended) is own
    assert quality_tier(own, catalog=extended) == "balanced"  # its provider's only priced model
    assert stats(catalog=extended).by_provider["acme-vllm"] == 2
    assert stats(catalog=extended).models == stats().models + 2
    table = compare(["coder", "openai:gpt-4o"], catalog=extended)
    assert table.keys == (own.key, "openai:gpt-4o")
    # a loaded catalog (a newer snapshot) answers the same way
    reloaded = Catalog.from_data(extended.to_data())
    assert resolve("coder", catalog=reloaded).key == own.key


def test_disabled_and_maintenance_models_are_skipped_unless_asked(packaged: Catalog) -> None:
    criteria: dict[str, Any] = {"require": ["tool_call"], "min_context": 100_000}
    first = select(**criteria)
    assert first is not None
    disabled = packaged.override(first.key, status="disabled")
    second = select(**criteria, catalog=disabled)
    assert second is not None and second.key != first.key
    chosen = select(**criteria, catalog=disabled, include_unavailable=True)
    assert chosen is not None and chosen.key == first.key
    assert chosen.status is Status.DISABLED
    both = disabled.override(second.key, status="maintenance")
    third = select(**criteria, catalog=both)
    assert third is not None and third.key not in (first.key, second.key)
    found = find(**criteria, catalog=both)
    assert first.key not in {m.key for m in found} and second.key not in {m.key for m in found}
    assert len(find(**criteria, catalog=both, include_unavailable=True)) == len(found) + 2
    assert [m.key for m in find(statuses=["maintenance"], catalog=both)] == [second.key]
    assert stats(catalog=both).by_status["disabled"] == 1


def test_select_by_quality_scores_and_latency(packaged: Catalog) -> None:
    criteria: dict[str, Any] = {"providers": ["anthropic"], "require": ["tool_call"]}
    ranked = find(**criteria, sort_by="output_cost")
    cheap, mid, dear = ranked[0], ranked[len(ranked) // 2], ranked[-1]
    catalog = (
        packaged.override(cheap.key, quality={"coding": 55}, latency={"p50_ms": 300, "p99_ms": 900})
        .override(mid.key, quality={"coding": 72, "reasoning": 80}, latency={"p99_ms": 2500})
        .override(dear.key, quality={"coding": 90, "reasoning": 95}, latency={"p99_ms": 1500})
        .override(mid.key, rate_limits={"rpm": 50, "tpm": 40_000})
    )
    assert select(**criteria, catalog=catalog) == catalog.get(cheap.key)
    assert select(**criteria, min_quality={"coding": 70}, catalog=catalog) == catalog.get(mid.key)
    chosen = select(
        **criteria, min_quality={"coding": 70}, max_latency_p99_ms=2000, catalog=catalog
    )
    assert chosen == catalog.get(dear.key)
    assert select(**criteria, max_latency_p50_ms=500, catalog=catalog) == catalog.get(cheap.key)
    assert select(**criteria, min_quality={"creative": 1}, catalog=catalog) is None  # no data
    assert select(**criteria, min_rpm=10, catalog=catalog) == catalog.get(mid.key)
    assert select(**criteria, min_tpm=50_000, catalog=catalog) is None
    found = find(**criteria, min_quality={"coding": 70, "reasoning": 90}, catalog=catalog)
    assert found == [catalog.get(dear.key)]
    # the packaged catalog has no operational data: such criteria match nothing
    assert find(**criteria, max_latency_p99_ms=10_000) == []
    with pytest.raises(ValueError, match="unknown quality score 'speed'"):
        select(min_quality={"speed": 1}, catalog=catalog)


def test_index_is_per_catalog_and_not_shared(packaged: Catalog) -> None:
    changed = packaged.override("openai:gpt-4o", status="deprecated")
    assert isinstance(index_of(changed), CatalogIndex)
    assert index_of(changed) is not index_of(packaged)
    assert "openai:gpt-4o" not in {m.key for m in find(providers=["openai"], catalog=changed)}
    assert "openai:gpt-4o" in {m.key for m in find(providers=["openai"])}
    empty = Catalog([], [], origin="empty")
    assert find(catalog=empty) == [] and select(catalog=empty) is None
    assert stats(catalog=empty).models == 0
