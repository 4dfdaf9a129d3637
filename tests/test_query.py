"""find / select / stats / default_model on the real catalog, checked against an
independent plain scan of the committed snapshot (`catalog.json`).

The snapshot is what the generator made of the recorded feeds (models.dev merged
with OpenRouter, LiteLLM and overrides); whether its values equal the raw feeds
is checked by tests/test_roundtrip.py and tests/test_sources.py. Here the question
is only whether the indexed queries agree with a scan of the same data.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fnmatch import fnmatchcase
from fractions import Fraction
from functools import cache
from typing import Any

import pytest

import llm_catalog
from llm_catalog import Capability, Modality, Provider, Workload, find, select
from tests.conftest import RECORDED, REPO, current_manifest, current_model


@dataclass(frozen=True)
class Raw:
    """One model as read straight from the feed, with the repairs of docs/generator.md."""

    ordinal: int
    key: str
    provider: str
    caps: frozenset[str]
    inputs: frozenset[str]
    outputs: frozenset[str]
    context: int | None
    input_limit: int | None
    output: int | None
    prices: dict[str, Decimal]
    tiers: tuple[tuple[int, dict[str, Decimal]], ...]
    family: str | None
    status: str
    open_weights: bool | None
    released: date | None
    kind: str


def _date(text: str | None) -> date | None:
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if m is None or int(m[1]) < 2000:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if not 1 <= month <= 12:
        return None
    if day > calendar.monthrange(year, month)[1]:
        day = 1
    return date(year, month, day)


@cache
def raw_models() -> tuple[Raw, ...]:
    snapshot = REPO / "snapshots" / llm_catalog.DATA_DATE / "catalog.json"
    catalog = json.loads(snapshot.read_text(encoding="utf-8"))
    out: list[Raw] = []
    for pid in sorted(catalog):
        models = catalog[pid]["models"]
        for mid in sorted(models):
            m = models[mid]
            limit = m.get("limits") or {}
            cost = m.get("cost") or {}
            tiers = tuple(
                (t["above"], {k: Decimal(v) for k, v in t.items() if k != "above"})
                for t in cost.get("tiers") or ()
            )
            mods = m.get("modalities") or {}
            out.append(
                Raw(
                    ordinal=len(out),
                    key=f"{pid}:{mid}",
                    provider=pid,
                    caps=frozenset(m.get("capabilities", ())),
                    inputs=frozenset(mods.get("input", ())),
                    outputs=frozenset(mods.get("output", ())),
                    context=limit.get("context"),
                    input_limit=limit.get("input"),
                    output=limit.get("output"),
                    prices={k: Decimal(v) for k, v in cost.items() if k not in ("tiers", "extra")},
                    tiers=tiers,
                    family=m.get("family"),
                    status=m.get("status") or "active",
                    open_weights=m.get("open_weights"),
                    released=_date(m.get("release_date")),
                    kind=m.get("kind") or "chat",
                )
            )
    return tuple(out)


def raw_find(**c: Any) -> list[Raw]:
    """The same criteria as `find`, as a plain scan of the feed."""
    out = []
    for r in raw_models():
        if not set(c.get("require", ())) <= r.caps or set(c.get("forbid", ())) & r.caps:
            continue
        if not set(c.get("input_modalities", ())) <= r.inputs:
            continue
        if not set(c.get("output_modalities", ())) <= r.outputs:
            continue
        if "min_context" in c and (r.context is None or r.context < c["min_context"]):
            continue
        if "min_output" in c and (r.output is None or r.output < c["min_output"]):
            continue
        for field, name in (
            ("input", "max_input_cost"),
            ("output", "max_output_cost"),
            ("cache_read", "max_cache_read_cost"),
        ):
            if name in c and (field not in r.prices or r.prices[field] > Decimal(c[name])):
                break
        else:
            if "providers" in c and r.provider not in c["providers"]:
                continue
            if r.provider in c.get("exclude_providers", ()):
                continue
            if "families" in c and r.family not in c["families"]:
                continue
            if "statuses" in c:
                if r.status not in c["statuses"]:
                    continue
            elif r.status in ("deprecated", "retired") and not c.get(f"include_{r.status}"):
                continue
            if "open_weights" in c and r.open_weights is not c["open_weights"]:
                continue
            kind = c.get("kind", "chat")
            if kind is not None and r.kind not in ({kind} if isinstance(kind, str) else kind):
                continue
            if "released_after" in c and (r.released is None or r.released < c["released_after"]):
                continue
            if "released_before" in c and (r.released is None or r.released > c["released_before"]):
                continue
            if c.get("allow") and not any(fnmatchcase(r.key, p) for p in c["allow"]):
                continue
            if any(fnmatchcase(r.key, p) for p in c.get("deny", ())):
                continue
            out.append(r)
    return out


CRITERIA: list[dict[str, Any]] = [
    {},
    {"include_deprecated": True},
    {"include_retired": True},
    {"include_deprecated": True, "include_retired": True},
    {"statuses": ["retired"]},
    {"statuses": ["beta", "alpha"]},
    {"require": ["tool_call"]},
    {"require": ["tool_call", "reasoning"], "forbid": ["temperature"]},
    {"forbid": ["tool_call", "structured_output"]},
    {"input_modalities": ["image", "pdf"]},
    {"input_modalities": ["audio"], "output_modalities": ["text"]},
    {"output_modalities": ["image"]},
    {"min_context": 1_000_000},
    {"min_context": 128_000, "min_output": 64_000},
    {"min_context": 128_001},
    {"max_input_cost": "0"},
    {"max_input_cost": "0.15", "max_output_cost": "0.6"},
    {"max_cache_read_cost": "0.1"},
    {"max_input_cost": 3, "require": ["tool_call"], "input_modalities": ["image"]},
    {
        "require": ["tool_call"],
        "input_modalities": ["image"],
        "min_context": 128_000,
        "max_input_cost": "3",
    },
    {"providers": ["openai", "anthropic"], "require": ["reasoning"]},
    {"exclude_providers": ["openrouter", "kilo", "nano-gpt"], "min_context": 200_000},
    {"families": ["claude-sonnet", "gpt"], "include_deprecated": True},
    {"open_weights": True, "max_output_cost": "1"},
    {"open_weights": False, "providers": ["google"]},
    {"released_after": date(2026, 1, 1)},
    {"released_after": date(2025, 6, 1), "released_before": date(2025, 6, 30)},
    {"released_before": date(2023, 12, 31), "include_deprecated": True},
    {"allow": ["openai:*", "*:claude-*"], "deny": ["*-latest", "*2024*"]},
    {"kind": None},
    {"kind": "embedding"},
    {"kind": {"transcription", "speech"}, "providers": ["groq", "vercel", "google"]},
    {"deny": ["openrouter:*", "*:*free*"], "require": ["structured_output"]},
    {"allow": ["*gemini*"], "min_context": 1_000_000, "require": ["tool_call"]},
]


@pytest.mark.parametrize("criteria", CRITERIA, ids=lambda c: ",".join(c) or "none")
def test_find_matches_an_independent_scan_of_the_feed(criteria: dict[str, Any]) -> None:
    got = [m.key for m in find(**criteria)]
    expected = [r.key for r in raw_find(**criteria)]
    assert got == expected
    assert expected or criteria.get("statuses")  # the combinations select something


def test_find_accepts_enums_and_the_documented_keywords() -> None:
    got = find(
        require={Capability.TOOL_CALL},
        forbid={Capability.INTERLEAVED_REASONING},
        input_modalities={Modality.IMAGE},
        output_modalities={Modality.TEXT},
        min_context=100_000,
        max_input_cost=Decimal("2"),
        max_output_cost=Decimal("8"),
        providers={Provider.OPENAI, Provider.GOOGLE},
        include_deprecated=False,
    )
    expected = raw_find(
        require=["tool_call"],
        forbid=["interleaved_reasoning"],
        input_modalities=["image"],
        output_modalities=["text"],
        min_context=100_000,
        max_input_cost="2",
        max_output_cost="8",
        providers=["openai", "google"],
    )
    assert [m.key for m in got] == [r.key for r in expected]
    assert got and all(isinstance(m, llm_catalog.Model) for m in got)


@pytest.mark.parametrize(
    ("sort_by", "value"),
    [
        ("input_cost", lambda r: r.prices.get("input")),
        ("output_cost", lambda r: r.prices.get("output")),
        ("context", lambda r: r.context),
        ("release_date", lambda r: r.released),
    ],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_find_sorts_with_missing_values_last(sort_by: str, value: Any, reverse: bool) -> None:
    criteria: dict[str, Any] = {
        "require": ["reasoning"],
        "providers": ["openai", "anthropic", "google"],
    }
    raw = raw_find(**criteria)
    known = sorted((r for r in raw if value(r) is not None), key=value, reverse=reverse)
    # Stable sort: equal values keep key order in both directions.
    known = sorted(known, key=lambda r: (value(r), -r.ordinal if reverse else r.ordinal))
    if reverse:
        known.reverse()
    expected = [r.key for r in known] + [r.key for r in raw if value(r) is None]
    assert [m.key for m in find(**criteria, sort_by=sort_by, reverse=reverse)] == expected
    assert len(find(**criteria, sort_by=sort_by, limit=3)) == 3


def test_find_rejects_unknown_vocabulary() -> None:
    with pytest.raises(ValueError, match="unknown capability 'flying'"):
        find(require=["flying"])
    with pytest.raises(ValueError, match="unknown modality"):
        find(input_modalities=["smell"])
    with pytest.raises(KeyError, match="opneai"):
        find(providers=["opneai"])
    with pytest.raises(ValueError, match="sort key"):
        find(sort_by="vibes")
    with pytest.raises(ValueError, match="max_input_cost"):
        find(max_input_cost="cheap")


def raw_fits(r: Raw, w: Workload) -> bool:
    """Hand-rolled: the context window is known and holds prompt plus output, and
    the prompt and output are within the input and output limits where given."""
    prompt = w.input_tokens + (0 if w.inclusive else w.cache_read_tokens)
    if r.context is None or prompt + w.output_tokens > r.context:
        return False
    if r.input_limit is not None and prompt > r.input_limit:
        return False
    return r.output is None or w.output_tokens <= r.output


def raw_cost(r: Raw, w: Workload) -> Decimal | None:
    """Hand-rolled: text-only workloads, tiers by prompt size, unknown -> None;
    cached tokens without a cache price are billed at the input price."""
    prompt = w.input_tokens + (0 if w.inclusive else w.cache_read_tokens)
    prices = dict(r.prices)
    for above, tier_prices in r.tiers:
        if prompt > above:
            prices = {**r.prices, **tier_prices}
    uncached = w.input_tokens - (w.cache_read_tokens if w.inclusive else 0)
    parts = {"input": uncached, "cache_read": w.cache_read_tokens, "output": w.output_tokens}
    total = Decimal(0)
    for part, tokens in parts.items():
        if tokens:
            price = prices.get(part, prices.get("input") if part == "cache_read" else None)
            if price is None:
                return None
            total += tokens * price
    return total / 1_000_000


SELECTIONS: list[tuple[dict[str, Any], Workload, list[str]]] = [
    ({}, Workload(input_tokens=1_000_000, output_tokens=1_000_000), []),
    ({"require": ["tool_call"], "min_context": 100_000}, Workload(input_tokens=10_000), []),
    (
        {"providers": ["openai", "anthropic", "google"], "require": ["reasoning"]},
        Workload(input_tokens=50_000, output_tokens=5_000, cache_read_tokens=20_000),
        [],
    ),
    (
        {"providers": ["google", "openai"], "min_context": 1_000_000},
        Workload(input_tokens=500_000, output_tokens=2_000),
        [],
    ),
    (
        {"min_context": 300_000, "max_input_cost": "10", "exclude_providers": ["kilo"]},
        Workload(input_tokens=400_000, output_tokens=1_000),
        [],
    ),
    ({"output_modalities": ["image"], "kind": None}, Workload(output_tokens=1_000), []),
    ({"kind": "embedding"}, Workload(input_tokens=1_000), []),
    ({"providers": ["openai", "anthropic"]}, Workload(input_tokens=300_000, output_tokens=1), []),
    ({}, Workload(input_tokens=250_000, output_tokens=20_000, cache_read_tokens=200_000), []),
    ({"require": ["tool_call"]}, Workload(input_tokens=1, output_tokens=1), ["openrouter"]),
    ({"require": ["tool_call"]}, Workload(input_tokens=1, output_tokens=1), ["zenmux", "kilo"]),
    (
        {"deny": ["*free*"], "min_context": 200_000},
        Workload(input_tokens=8_000, output_tokens=800),
        [],
    ),
    (
        {"families": ["claude-sonnet"]},
        Workload(input_tokens=300_000, output_tokens=1_000, cache_read_tokens=100_000),
        ["anthropic"],
    ),
]


@pytest.mark.parametrize(("criteria", "workload", "prefer"), SELECTIONS)
def test_select_matches_an_independent_cheapest(
    criteria: dict[str, Any], workload: Workload, prefer: list[str]
) -> None:
    best: tuple[Decimal, int, int] | None = None
    expected = None
    for r in raw_find(**criteria):
        if not raw_fits(r, workload):
            continue
        total = raw_cost(r, workload)
        if total is None:
            continue
        rank = prefer.index(r.provider) if r.provider in prefer else len(prefer)
        if best is None or (total, rank, r.ordinal) < best:
            best, expected = (total, rank, r.ordinal), r.key
    chosen = select(**criteria, workload=workload, prefer=prefer)
    assert expected is not None and best is not None
    assert chosen is not None and chosen.key == expected
    assert (
        chosen.cost_of(
            input_tokens=workload.input_tokens,
            output_tokens=workload.output_tokens,
            cache_read_tokens=workload.cache_read_tokens,
        ).total
        == best[0]
    )


def test_select_returns_none_when_nothing_fits() -> None:
    assert select(providers=["openai"], min_context=100_000_000) is None
    # A workload no model can take: the largest context window is the limit.
    priced = [m for m in find() if m.cost.input is not None and m.limits.input is None]
    largest = max(m.limits.context or 0 for m in priced)
    chosen = select(workload=Workload(input_tokens=largest))
    assert chosen is not None and chosen.limits.context == largest
    assert select(workload=Workload(input_tokens=largest + 1)) is None


@cache
def raw_quality() -> dict[str, str]:
    tiers: dict[str, str] = {}
    by_provider: dict[str, list[Raw]] = {}
    for r in raw_models():
        if "output" in r.prices and "text" in r.outputs:
            by_provider.setdefault(r.provider, []).append(r)
    for rows in by_provider.values():
        for r in rows:
            if len(rows) == 1:
                tiers[r.key] = "balanced"
                continue
            share = Fraction(
                sum(1 for o in rows if o.prices["output"] < r.prices["output"]), len(rows) - 1
            )
            if share >= Fraction(2, 3):
                tiers[r.key] = "best"
            elif share < Fraction(1, 3):
                tiers[r.key] = "cheap"
            else:
                tiers[r.key] = "balanced"
    return tiers


@pytest.mark.parametrize("tier", ["best", "balanced", "cheap"])
def test_quality_tiers_follow_the_documented_rule(tier: str) -> None:
    expected = [
        r.key for r in raw_find(include_deprecated=True) if raw_quality().get(r.key) == tier
    ]
    assert [m.key for m in find(quality=tier, include_deprecated=True)] == expected
    assert expected


def test_quality_tier_of_one_model() -> None:
    keys = [r.key for r in raw_models() if r.provider in ("openai", "anthropic", "cohere")]
    for key in keys:
        assert llm_catalog.quality_tier(llm_catalog.get_model(key)) == raw_quality().get(key)
    assert {raw_quality().get(k) for k in keys} == {"best", "balanced", "cheap", None}


def test_default_models_follow_the_documented_rule() -> None:
    by_provider: dict[str, list[Raw]] = {}
    for r in raw_models():
        by_provider.setdefault(r.provider, []).append(r)
    for pid, rows in by_provider.items():
        rules: list[Callable[[Raw], bool]] = [
            lambda r: (
                r.status == "active"
                and {"text"} <= r.inputs
                and {"text"} <= r.outputs
                and "tool_call" in r.caps
            ),
            lambda r: r.status == "active" and {"text"} <= r.inputs and {"text"} <= r.outputs,
            lambda r: r.status == "active",
            lambda r: True,
        ]
        pool: list[Raw] = []
        for rule in rules:
            pool = [r for r in rows if rule(r)]
            if pool:
                break
        pool = [r for r in pool if raw_quality().get(r.key) == "balanced"] or pool
        newest = min(
            pool,
            key=lambda r: (
                -(r.released.toordinal() if r.released else 0),
                len(r.key),
                r.key,
            ),
        )
        assert llm_catalog.default_model(pid).key == newest.key, pid
    with pytest.raises(KeyError):
        llm_catalog.default_model("opneai")


def test_stats_count_the_feed() -> None:
    raw = raw_models()
    s = llm_catalog.stats()
    manifest = current_manifest()
    assert s.models == len(raw) == manifest["models"]
    assert s.providers == len({r.provider for r in raw}) == manifest["providers"]
    assert s.by_provider["openai"] == sum(1 for r in raw if r.provider == "openai")
    for cap in Capability:
        assert s.by_capability[cap.value] == sum(1 for r in raw if cap.value in r.caps)
    for mod in Modality:
        assert s.by_input_modality[mod.value] == sum(1 for r in raw if mod.value in r.inputs)
        assert s.by_output_modality[mod.value] == sum(1 for r in raw if mod.value in r.outputs)
    for status in ("active", "beta", "alpha", "deprecated"):
        assert s.by_status[status] == sum(1 for r in raw if r.status == status)
    for kind in llm_catalog.Kind:
        assert s.by_kind[kind.value] == sum(1 for r in raw if r.kind == kind.value)
    assert s.open_weights == sum(1 for r in raw if r.open_weights is True)
    assert s.by_quality["best"] == sum(1 for t in raw_quality().values() if t == "best")
    json.dumps(s.as_dict())


def test_compare_lays_models_side_by_side() -> None:
    table = llm_catalog.compare(
        ["openai:gpt-4o", "anthropic/claude-sonnet-4-5", "google:gemini-2.5-pro"]
    )
    assert table.keys == ("openai:gpt-4o", "anthropic:claude-sonnet-4-5", "google:gemini-2.5-pro")
    snapshot = [current_model(key) for key in table.keys]
    assert table.row("context") == tuple(m["limits"]["context"] for m in snapshot)
    assert table.row("price_input") == tuple(Decimal(m["cost"]["input"]) for m in snapshot)
    assert table.row("can_reasoning") == tuple(
        "reasoning" in m.get("capabilities", ()) for m in snapshot
    )
    assert table.row("in_audio") == tuple(
        "audio" in m.get("modalities", {}).get("input", ()) for m in snapshot
    )
    assert table.row("release_date")[0] == date.fromisoformat(snapshot[0]["release_date"])
    assert table.row("status") == tuple(m.get("status", "active") for m in snapshot)
    for shown, m in zip(table.row("price_tiers"), snapshot, strict=True):
        tiers = m.get("cost", {}).get("tiers")
        assert (shown is None) == (not tiers)
        if tiers:
            assert f"above {tiers[0]['above']:,}" in str(shown)
    # gemini-2.5-pro, as recorded on 2026-07-02: a tier above 200,000 tokens
    recorded = llm_catalog.get_model("google:gemini-2.5-pro").price_at(RECORDED)
    assert recorded is not None and [t.above for t in recorded.tiers] == [200_000]
    data = json.loads(json.dumps(table.as_dict()))
    assert data["rows"]["price_input"] == [m["cost"]["input"] for m in snapshot]
    with pytest.raises(ValueError):
        llm_catalog.compare([])
    with pytest.raises(KeyError):
        table.row("vibes")


def test_query_modules_load_lazily() -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    code = (
        "import sys, llm_catalog; from llm_catalog.openai import GPT_4O;"
        "before = sorted(m for m in sys.modules if m.startswith('llm_catalog._'));"
        "from llm_catalog import find; find(providers=['openai'], require=['reasoning']);"
        "after = sorted(m for m in sys.modules if m.startswith('llm_catalog.'));"
        "print(before); print(after)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == str(
        [
            "llm_catalog._data",
            "llm_catalog._data.enums",
            "llm_catalog._data.shared",
            "llm_catalog._data.version",
            "llm_catalog._model",
            "llm_catalog._record",
        ]
    )
    # the indexes, and only the provider the query is about (all its models: those
    # only secondary sources list too, which its module builds on first access)
    assert out[1] == str(
        [
            "llm_catalog._costing",
            "llm_catalog._data",
            "llm_catalog._data.added_openai",
            "llm_catalog._data.enums",
            "llm_catalog._data.providers",
            "llm_catalog._data.search",
            "llm_catalog._data.shared",
            "llm_catalog._data.version",
            "llm_catalog._model",
            "llm_catalog._query",
            "llm_catalog._record",
            "llm_catalog.openai",
        ]
    )
