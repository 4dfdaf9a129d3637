"""OpenRouter, LiteLLM and overrides: matching, merge, provenance, disagreements.

The expectations are computed here from the raw recorded files
(`../shared/upstream/`), independently of the generator's source modules: prices
are converted with plain Decimal arithmetic, the precedence rule is restated, and
disagreements are counted from scratch.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from generator import schema
from generator.report import Report
from generator.sources import litellm, openrouter
from llm_catalog import Capability, get_model
from tests.conftest import (
    DOCUMENTS_VARIABLE,
    RECORDED,
    REPO,
    UPSTREAM,
    current_document,
    run_generator,
    tree_digest,
)
from tests.upstream_server import serve

SNAPSHOT = REPO / "snapshots" / llm_catalog.DATA_DATE
LATER = (date.fromisoformat(llm_catalog.DATA_DATE) + timedelta(days=30)).isoformat()
"""A date after the current release."""
OPENROUTER = UPSTREAM / "openrouter-models-2026-07-01.json"
LITELLM = UPSTREAM / "litellm-model-prices-1.106.2.json"
MILLION = Decimal(1_000_000)
PLACES = Decimal("1e-10")
OR_PRICES = {
    "prompt": "input",
    "completion": "output",
    "input_cache_read": "cache_read",
    "input_cache_write": "cache_write",
    "internal_reasoning": "reasoning",
}
LL_PRICES = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost": "cache_write",
    "output_cost_per_reasoning_token": "reasoning",
    "input_cost_per_audio_token": "input_audio",
    "output_cost_per_audio_token": "output_audio",
}
LL_FLAGS = {
    "supports_function_calling": "tool_call",
    "supports_reasoning": "reasoning",
    "supports_prompt_caching": "prompt_caching",
    "supports_vision": "vision",
    "supports_pdf_input": "pdf_input",
    "supports_audio_input": "audio_input",
    "supports_audio_output": "audio_output",
    "supports_web_search": "web_search",
    "supports_parallel_function_calling": "parallel_tool_calls",
    "supports_response_schema": "response_schema",
    "supports_system_messages": "system_messages",
}
MD_FLAGS = {
    "tool_call": "tool_call",
    "reasoning": "reasoning",
    "structured_output": "structured_output",
    "attachment": "attachment",
    "temperature": "temperature",
}
OR_FLAGS = {
    "tools": "tool_call",
    "reasoning": "reasoning",
    "structured_outputs": "structured_output",
    "temperature": "temperature",
}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh, parse_float=Decimal)


def _document(source: str) -> Path:
    """The document of `source` the current snapshot was made from (by the sha256
    its manifest records): the recorded ones, or a nightly's kept documents."""
    path = current_document(source)
    if path is None:
        pytest.skip(
            f"the {source} document of snapshots/{llm_catalog.DATA_DATE} is not at hand: "
            f"download the nightly's upstream-documents artifact and set {DOCUMENTS_VARIABLE}"
        )
    return path


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The raw documents and the snapshot's reports; `matching` lists models.dev's
    models only (the models a secondary source added are tested in test_additions.py)."""
    provenance = json.loads((SNAPSHOT / "provenance.json").read_text("utf-8"))
    matching = json.loads((SNAPSHOT / "matching.json").read_text("utf-8"))
    added = {key for key, fields in provenance.items() if "model" in fields}
    for report in matching.values():
        report["matched"] = {k: v for k, v in report["matched"].items() if k not in added}
    return {
        "models.dev": _load(_document("models.dev")),
        "openrouter": {m["id"]: m for m in _load(_document("openrouter"))["data"]},
        "litellm": _load(_document("litellm")),
        "matching": matching,
        "provenance": provenance,
        "added": added,
        "disagreements": json.loads((SNAPSHOT / "disagreements.json").read_text("utf-8")),
    }


def _q(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(PLACES)


def _or_price(text: str) -> Decimal | None:
    value = Decimal(text)
    return None if value < 0 else _q(value * MILLION)


BASE = ("input", "output")
PRICE_NAMES = frozenset(LL_PRICES.values())
KNOWN_MODALITIES = frozenset({"text", "image", "audio", "video", "pdf"})
MODALITY_FLAGS = {
    "vision": ("input", "image"),
    "pdf_input": ("input", "pdf"),
    "audio_input": ("input", "audio"),
    "audio_output": ("output", "audio"),
}


def _md_flags(model: dict[str, Any]) -> dict[str, bool]:
    return {cap: bool(model.get(field)) for field, cap in MD_FLAGS.items()}


# -- the committed snapshot against the raw files -----------------------------------


def test_openrouter_models_ship_openrouter_values(raw: dict[str, Any]) -> None:
    """Every model in models.dev and OpenRouter: OpenRouter's price, limit and flags."""
    md = raw["models.dev"]["openrouter"]["models"]
    both = sorted(set(md) & set(raw["openrouter"]))
    # The models only OpenRouter lists (added, generator/additions.py) match too.
    matched = raw["matching"]["openrouter"]
    assert len(both) == matched["models_matched"] - matched["models_added"] > 300
    for mid in both:
        entry, model = raw["openrouter"][mid], get_model(f"openrouter:{mid}")
        sources = model.sources
        for field, name in OR_PRICES.items():
            md_value = (md[mid].get("cost") or {}).get(name)
            got = getattr(model.cost, name)
            if field in entry["pricing"] and _or_price(entry["pricing"][field]) is not None:
                assert _q(got) == _or_price(entry["pricing"][field]), (mid, name)
                assert sources[f"cost.{name}"] == "openrouter"
            else:
                # models.dev's supplementary price ships only beside its own base
                # prices (one price sheet, see generator/merge.py).
                md_base = {k: _q(v) for k, v in (md[mid].get("cost") or {}).items() if k in BASE}
                same_sheet = bool(md_base) and all(
                    _q(getattr(model.cost, k)) == v for k, v in md_base.items()
                )
                if name in BASE or same_sheet:
                    assert _q(got) == _q(md_value), (mid, name)
                else:
                    assert got is None, (mid, name)
                assert got is None or sources[f"cost.{name}"] == "models.dev"
        assert model.limits.context == entry["context_length"]
        assert sources["limits.context"] == "openrouter"
        params = set(entry["supported_parameters"])
        for param, cap in OR_FLAGS.items():
            assert (Capability(cap) in model.capabilities) == (param in params), (mid, cap)
            assert sources[f"capabilities.{cap}"] == "openrouter"


def test_sample_of_litellm_matches_follows_precedence(raw: dict[str, Any]) -> None:
    """models.dev wins where it states a value; LiteLLM fills the gaps and adds flags;
    supplementary prices come from one price sheet; a 0 beside a price above 0 is
    no price; the modality flags are the modalities (see generator/merge.py)."""
    matched = raw["matching"]["litellm"]["matched"]
    overridden = raw["provenance"]
    sample = sorted(matched)[::7]  # about a hundred models across every mapped provider
    assert len(sample) > 100
    filled = flags_added = other_sheet = 0
    for key in sample:
        pid, _, mid = key.partition(":")
        md = raw["models.dev"][pid]["models"][mid]
        entry = raw["litellm"][matched[key]["entry"]]
        model = get_model(key)
        sources = model.sources
        md_cost = md.get("cost") or {}
        ll_cost = {
            name: _q(Decimal(entry[field]) * MILLION)
            for field, name in LL_PRICES.items()
            if entry.get(field) is not None
        }
        base = {n: _q(md_cost[n]) if n in md_cost else ll_cost.get(n) for n in BASE}

        def same_sheet(stated: dict[str, Any], base: dict[str, Any] = base) -> bool:
            given = {n: _q(stated[n]) for n in BASE if n in stated}
            return bool(given) and all(base[n] == v for n, v in given.items())

        for name in LL_PRICES.values():
            got = getattr(model.cost, name)
            if sources.get(f"cost.{name}") == "override":
                continue
            if name in BASE:
                expected, source = base[name], "models.dev" if name in md_cost else "litellm"
            elif name in md_cost and same_sheet(md_cost):
                expected, source = _q(md_cost[name]), "models.dev"
            elif name in ll_cost and same_sheet(ll_cost):
                expected, source = ll_cost[name], "litellm"
            else:
                other_sheet += name in ll_cost or name in md_cost
                expected = None
            reference = base["output" if name in ("reasoning", "output_audio") else "input"]
            if expected == 0 and name not in BASE and reference:
                expected = None  # "no surcharge"
            if name == "cache_read" and expected is not None and base["input"] is not None:
                expected = None if expected > base["input"] else expected  # invariant
            assert _q(got) == expected, (key, name)
            if got is not None:
                assert sources[f"cost.{name}"] == source, (key, name)
                filled += source == "litellm"
        has_cache_price = model.cost.cache_read is not None or model.cost.cache_write is not None
        for field, cap in LL_FLAGS.items():
            where = f"capabilities.{cap}"
            if cap in MD_FLAGS.values() or overridden.get(key, {}).get(where) == "override":
                continue
            shipped = Capability(cap) in model.capabilities
            if cap in MODALITY_FLAGS:
                side, modality = MODALITY_FLAGS[cap]
                assert shipped == (modality in md["modalities"][side]), (key, cap)
                assert not shipped or sources[where] == "models.dev"
            elif cap == "prompt_caching":
                assert shipped == (bool(entry.get(field)) or has_cache_price), key
            elif field in entry:
                assert shipped == entry[field], (key, cap)
                assert sources[where] == "litellm"
                flags_added += entry[field]
            else:
                assert not shipped
        for cap, on in _md_flags(md).items():
            assert (Capability(cap) in model.capabilities) == on, (key, cap)
            assert not on or sources[f"capabilities.{cap}"] == "models.dev"
        if entry.get("deprecation_date"):
            assert model.deprecation_date is not None
            assert model.deprecation_date.isoformat() == entry["deprecation_date"]
    assert filled > 0
    assert flags_added > 100
    assert other_sheet > 0


def test_known_matches(raw: dict[str, Any]) -> None:
    matched = raw["matching"]["litellm"]["matched"]
    assert matched["openai:gpt-4o"] == {"entry": "gpt-4o", "rule": "exact id"}
    assert matched["google:gemini-2.5-pro"]["entry"] == "gemini/gemini-2.5-pro"
    assert (
        matched["google-vertex-anthropic:claude-3-5-haiku@20241022"]["entry"]
        == "vertex_ai/claude-3-5-haiku@20241022"
    )
    unmatched = raw["matching"]["litellm"]["unmatched"]
    assert unmatched["azure/eu/gpt-4o"].startswith("regional variant")
    assert unmatched["deepgram/nova-3"].startswith("provider not mapped")
    md_openrouter = set(raw["models.dev"]["openrouter"]["models"])
    # OpenRouter's models that models.dev does not list are added, not unmatched.
    assert raw["matching"]["openrouter"]["entries_unmatched"] == 0
    assert raw["matching"]["openrouter"]["models_added"] == len(
        set(raw["openrouter"]) - md_openrouter
    )
    gpt_4o = get_model("openai:gpt-4o")
    assert gpt_4o.supports(Capability.VISION)
    # vision is the image input modality, which models.dev states
    assert gpt_4o.sources["capabilities.vision"] == "models.dev"
    assert gpt_4o.sources["capabilities.response_schema"] == "litellm"
    assert gpt_4o.sources["cost.input"] == "models.dev"


def test_dated_snapshot_matches_the_undated_model_only_as_a_last_resort() -> None:
    """A feed that lacks the dated id: the dated LiteLLM entry lands on the undated model."""
    entries = litellm.parse(LITELLM.read_bytes(), "litellm.json", Report())
    catalog = schema.Catalog.model_validate(
        {
            "manifest": json.loads((SNAPSHOT / "manifest.json").read_text("utf-8")),
            "providers": json.loads((SNAPSHOT / "catalog.json").read_text("utf-8")),
        }
    )
    anthropic = catalog.providers["anthropic"]
    full = litellm.match(entries, {"anthropic": anthropic})
    assert full.matched[("anthropic", "claude-sonnet-4-5")].key == "claude-sonnet-4-5"
    older = {mid: m for mid, m in anthropic.models.items() if mid != "claude-opus-4-5-20251101"}
    lacking = {"anthropic": anthropic.model_copy(update={"models": older})}
    result = litellm.match([e for e in entries if e.key != "claude-opus-4-5"], lacking)
    assert result.matched[("anthropic", "claude-opus-4-5")].key == "claude-opus-4-5-20251101"
    assert result.how[("anthropic", "claude-opus-4-5")] == "dated snapshot"


def test_openrouter_prices_are_exact_decimals() -> None:
    entries = {e.key: e for e in openrouter.parse(OPENROUTER.read_bytes(), "or.json", Report())}
    lite = entries["google/gemini-3.1-flash-lite"].values
    assert lite["cost.input"] == Decimal("0.25")
    assert lite["cost.cache_write"] == Decimal("0.0833333333")  # 0.0000000833...34 per token
    assert "cost.input" not in entries["openrouter/auto"].values  # "-1": price varies


_LL_TIER = re.compile(r"^(?P<base>[a-z_]+)_above_(?P<k>\d+)k_tokens$")


def _litellm_tiers(entry: dict[str, Any]) -> dict[int, dict[str, str]]:
    tiers: dict[int, dict[str, str]] = {}
    for field, value in entry.items():
        found = _LL_TIER.match(field)
        if found and found["base"] in LL_PRICES:
            price = _q(Decimal(value) * MILLION)
            name = LL_PRICES[found["base"]]
            tiers.setdefault(int(found["k"]) * 1000, {})[name] = str(price)
    return dict(sorted(tiers.items()))


def _md_tiers(cost: dict[str, Any]) -> dict[int, dict[str, str]]:
    given = [(t["tier"]["size"], t) for t in cost.get("tiers") or ()]
    if not given and cost.get("context_over_200k"):
        given = [(200_000, cost["context_over_200k"])]
    return {
        above: {n: str(_q(v)) for n, v in t.items() if n in PRICE_NAMES and v is not None}
        for above, t in sorted(given)
    }


def test_disagreement_counts_match_an_independent_count(raw: dict[str, Any]) -> None:
    counts: dict[str, int] = {}
    models: set[str] = set()

    def note(key: str, field: str, values: list[Any]) -> None:
        if len(values) >= 2 and len(set(values)) > 1:
            counts[field] = counts.get(field, 0) + 1
            models.add(key)

    md_all = raw["models.dev"]
    for mid, entry in raw["openrouter"].items():
        md = md_all["openrouter"]["models"].get(mid)
        if md is None:
            continue
        key = f"openrouter:{mid}"
        for field, name in OR_PRICES.items():
            ours = _q((md.get("cost") or {}).get(name))
            theirs = _or_price(entry["pricing"][field]) if field in entry["pricing"] else None
            note(key, f"cost.{name}", [v for v in (ours, theirs) if v is not None])
        for name, theirs in (
            ("context", entry["context_length"]),
            ("output", entry["top_provider"]["max_completion_tokens"]),
        ):
            ours = md["limit"].get(name) or None
            note(key, f"limits.{name}", [v for v in (ours, theirs or None) if v is not None])
        params = set(entry["supported_parameters"])
        flags = _md_flags(md)
        for param, cap in OR_FLAGS.items():
            note(key, f"capabilities.{cap}", [flags[cap], param in params])
        for side in ("input", "output"):  # compared, never shipped
            listed = entry["architecture"][f"{side}_modalities"]
            or_side = frozenset("pdf" if m == "file" else m for m in listed) & KNOWN_MODALITIES
            md_side = frozenset(md["modalities"][side]) & KNOWN_MODALITIES
            note(key, f"modalities.{side}", [md_side, or_side])
    for key, match in raw["matching"]["litellm"]["matched"].items():
        pid, _, mid = key.partition(":")
        md = md_all[pid]["models"][mid]
        entry = raw["litellm"][match["entry"]]
        for field, name in LL_PRICES.items():
            ours = _q((md.get("cost") or {}).get(name))
            theirs = _q(Decimal(entry[field]) * MILLION) if entry.get(field) is not None else None
            note(key, f"cost.{name}", [v for v in (ours, theirs) if v is not None])
        # LiteLLM's max_input_tokens is the context window, or the input cap where
        # models.dev has one -- unless it is models.dev's context window itself.
        separate_cap = md["limit"].get("input") and entry.get("max_input_tokens") != md[
            "limit"
        ].get("context")
        input_cap = "input" if separate_cap else "context"
        for field, name in (("max_input_tokens", input_cap), ("max_output_tokens", "output")):
            ours, theirs = md["limit"].get(name) or None, entry.get(field) or None
            note(key, f"limits.{name}", [v for v in (ours, theirs) if v is not None])
        flags = _md_flags(md)
        for cap, (side, modality) in MODALITY_FLAGS.items():
            flags[cap] = modality in md["modalities"][side]
        for field, cap in LL_FLAGS.items():
            if cap in flags and field in entry:
                note(key, f"capabilities.{cap}", [flags[cap], entry[field]])
        ll_tiers = _litellm_tiers(entry)
        md_tiers = _md_tiers(md.get("cost") or {})
        if ll_tiers and md_tiers:
            note(
                key,
                "cost.tiers",
                [json.dumps(ll_tiers, sort_keys=True), json.dumps(md_tiers, sort_keys=True)],
            )
    summary = raw["disagreements"]["summary"]
    # Regression: the tier and modality disagreements the report used to miss, and
    # no limits.input row where LiteLLM gives models.dev's context window.
    assert counts["cost.tiers"] == 4
    assert summary["by_kind"]["modality"] == sum(
        counts.get(f"capabilities.{cap}", 0) for cap in MODALITY_FLAGS
    ) + sum(counts.get(f"modalities.{side}", 0) for side in ("input", "output"))
    assert summary["by_kind"]["modality"] > 0
    assert summary["by_field"] == dict(sorted(counts.items()))
    assert (
        summary["disagreements"]
        == sum(counts.values())
        == len(raw["disagreements"]["disagreements"])
    )
    assert summary["models_with_disagreements"] == len(models)
    markdown = (SNAPSHOT / "disagreements.md").read_text("utf-8")
    assert f"- disagreements: {sum(counts.values())}\n" in markdown
    assert markdown.count("\n| `") == sum(counts.values()) + len(counts)  # rows + field table


def test_disagreements_view() -> None:
    result = run_generator(REPO, "disagreements", "--field", "cost.input", "--limit", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads((SNAPSHOT / "disagreements.json").read_text("utf-8"))
    rows = [r for r in data["disagreements"] if r["field"] == "cost.input"]
    assert f"{len(rows)} match the filter" in result.stdout
    assert f"... {len(rows) - 2} more" in result.stdout
    assert rows[0]["model"] in result.stdout


def test_provenance_costs_nothing_until_asked() -> None:
    code = (
        "import sys; from llm_catalog.openai import GPT_4O;"
        "print('llm_catalog._data.provenance' in sys.modules);"
        "s = GPT_4O.sources; print('llm_catalog._data.provenance' in sys.modules, s['cost.input'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True", "models.dev"]


def test_overrides_in_the_committed_snapshot() -> None:
    model = get_model("anthropic:claude-3-5-sonnet-20241022")
    shipped = json.loads((SNAPSHOT / "catalog.json").read_text("utf-8"))["anthropic"]["models"][
        "claude-3-5-sonnet-20241022"
    ]
    assert model.deprecation_date is not None
    assert model.deprecation_date.isoformat() == shipped["deprecation_date"]
    assert model.replacement == shipped["replacement"]
    assert {model.sources[f] for f in ("deprecation_date", "replacement")} == {"override"}
    assert model.evidence["deprecation_date"][0].startswith("https://")


# -- update runs in copies of the repository --------------------------------------


def _update(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The current release made again, offline, from its own models.dev document."""
    return run_generator(
        root,
        "update",
        "--source",
        str(_document("models.dev")),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        llm_catalog.DATA_DATE,
        *extra,
    )


def _catalog(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (root / "snapshots" / llm_catalog.DATA_DATE / "catalog.json").read_text("utf-8")
    )
    return data


def _stored_entries(source: str) -> int:
    stored = json.loads((SNAPSHOT / "sources" / f"{source}.json").read_text("utf-8"))
    return len(stored["entries"])


def test_offline_update_reuses_the_stored_sources(repo_copy: Path) -> None:
    result = _update(repo_copy)
    assert result.returncode == 0, result.stderr
    for source in ("litellm", "openrouter"):
        assert (
            f"{source}: {_stored_entries(source)} entries reused from "
            f"snapshots/{llm_catalog.DATA_DATE}"
        ) in result.stderr
    # the recorded release stored what the recorded documents hold
    recorded = REPO / "snapshots" / RECORDED / "sources" / "openrouter.json"
    stored = json.loads(recorded.read_text("utf-8"))
    assert len(stored["entries"]) == len(_load(OPENROUTER)["data"]) == 364


def test_primary_only_drops_the_secondary_sources(repo_copy: Path) -> None:
    result = _update(repo_copy, "--primary-only")
    assert result.returncode == 0, result.stderr
    provenance = json.loads(
        (repo_copy / "snapshots" / llm_catalog.DATA_DATE / "provenance.json").read_text("utf-8")
    )
    # What is left is ours: override values, and retirement dates copies carry from
    # an overridden origin (generator/hosts.py).
    assert {s for fields in provenance.values() for s in fields.values()} == {"override", "origin"}
    gpt = _catalog(repo_copy)["openai"]["models"]["gpt-4o"]
    assert "parallel_tool_calls" not in gpt["capabilities"]  # LiteLLM's flag
    assert "vision" in gpt["capabilities"]  # models.dev's image input modality


def test_an_override_changes_exactly_its_field(repo_copy: Path) -> None:
    before = _catalog(repo_copy)
    (repo_copy / "overrides" / "zz-test.toml").write_text(
        '["openai:gpt-4o"]\nsource = "https://example.com/contract"\nchecked = 2026-12-01\n'
        'note = "negotiated rate"\ncost.input = "2.125"\n',
        "utf-8",
    )
    result = _update(repo_copy)
    assert result.returncode == 0, result.stderr
    after = _catalog(repo_copy)
    changed = {
        (pid, mid)
        for pid in before
        for mid in before[pid]["models"]
        if before[pid]["models"][mid] != after[pid]["models"][mid]
    }
    assert changed == {("openai", "gpt-4o")}
    old, new = before["openai"]["models"]["gpt-4o"], after["openai"]["models"]["gpt-4o"]
    assert new["cost"] == {**old["cost"], "input": "2.125"}
    assert {k: v for k, v in new.items() if k != "cost"} == {
        k: v for k, v in old.items() if k != "cost"
    }
    provenance = json.loads(
        (repo_copy / "snapshots" / llm_catalog.DATA_DATE / "provenance.json").read_text("utf-8")
    )
    assert provenance["openai:gpt-4o"]["cost.input"] == "override"
    runtime = subprocess.run(
        [
            sys.executable,
            "-c",
            "from llm_catalog.openai import GPT_4O as m;"
            "print(m.cost.input, m.sources['cost.input'], m.sources['cost.output'])",
        ],
        cwd=repo_copy,
        capture_output=True,
        text=True,
        check=True,
    )
    assert runtime.stdout.split() == ["2.125", "override", "models.dev"]
    disagreements = json.loads(
        (repo_copy / "snapshots" / llm_catalog.DATA_DATE / "disagreements.json").read_text("utf-8")
    )
    row = next(
        r
        for r in disagreements["disagreements"]
        if r["model"] == "openai:gpt-4o" and r["field"] == "cost.input"
    )
    assert row["values"]["override"] == "2.125"
    assert row["values"]["models.dev"] == old["cost"]["input"]
    assert (row["shipped"], row["shipped_from"]) == ("2.125", "override")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '["openai:gpt-4o"]\nnote = "x"\ncost.inptu = "2.0"\n',
            "overrides/bad.toml:3: model openai:gpt-4o, field cost.inptu: unknown field",
        ),
        (
            '["openai:gpt-4o"]\n\nlimits.context = "big"\n',
            "overrides/bad.toml:3: model openai:gpt-4o, field limits.context: expected a positive integer",
        ),
        (
            '["openai:gpt-4o"]\ncapabilities.vision = "yes"\n',
            "overrides/bad.toml:2: model openai:gpt-4o, field capabilities.vision: expected true or false",
        ),
        (
            '["openai:gpt-4o"]\ncost.input = 2.0\ncost.output = \n',
            "overrides/bad.toml:3: not valid TOML",
        ),
    ],
)
def test_a_bad_override_file_is_refused(repo_copy: Path, text: str, message: str) -> None:
    (repo_copy / "overrides" / "bad.toml").write_text(text, "utf-8")
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    result = _update(repo_copy)
    assert result.returncode == 2
    assert message in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before


def test_an_override_for_a_missing_model_is_a_warning(repo_copy: Path) -> None:
    (repo_copy / "overrides" / "gone.toml").write_text(
        '["openai:gpt-0"]\nsource = "https://example.com/a"\nchecked = 2026-12-01\ncost.input = 1\n\n'
        '["openai:gpt-4"]\nsource = "https://example.com/b"\nchecked = 2026-12-01\n'
        'replacement = "openai:gpt-9"\n',
        "utf-8",
    )
    result = _update(repo_copy)
    assert result.returncode == 0, result.stderr
    assert (
        "provider openai, model gpt-4, field replacement: names 'openai:gpt-9', "
        "not a model of this release" in result.stderr
    )
    assert "openai:gpt-0" in result.stderr and "names a model it lacks" in result.stderr


def test_sources_over_http(repo_copy: Path) -> None:
    """Pulled over HTTP from a real local server (one source flaky): the committed bytes."""
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    files = {"openrouter.json": OPENROUTER, "litellm.json": LITELLM}
    with serve(files) as (base, server):
        result = _update(
            repo_copy,
            "--openrouter",
            f"{base}/flaky/openrouter.json",
            "--openrouter-url",
            openrouter.URL,
            "--litellm",
            f"{base}/ok/litellm.json",
            "--litellm-url",
            litellm.URL,
        )
        assert server.hits["/flaky/openrouter.json"] == 3
    assert result.returncode == 0, result.stderr
    assert f"openrouter: 364 entries pulled from {base}/flaky/openrouter.json" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before


def test_a_broken_source_over_http_keeps_the_stored_entries(repo_copy: Path) -> None:
    """A secondary source that serves a login page does not stop the release: its
    stored entries are kept, the data is unchanged, the manifest says why."""
    snapshot = repo_copy / "snapshots" / llm_catalog.DATA_DATE
    before = tree_digest(repo_copy / "llm_catalog", snapshot / "sources")
    data = (snapshot / "catalog.json").read_bytes()
    with serve({"litellm.json": LITELLM}) as (base, _):
        result = _update(repo_copy, "--litellm", f"{base}/html/litellm.json")
    assert result.returncode == 0, result.stderr
    assert "warning: litellm: the pull failed (" in result.stderr
    assert "not JSON" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", snapshot / "sources") == before
    assert (snapshot / "catalog.json").read_bytes() == data
    manifest = json.loads((snapshot / "manifest.json").read_text("utf-8"))
    kept = next(s for s in manifest["sources"] if s["name"] == "litellm")
    assert kept["kept_from"] == llm_catalog.DATA_DATE and "not JSON" in kept["failure"]


def test_a_different_feed_rematches_the_stored_sources(repo_copy: Path) -> None:
    """Offline, a later run on a different feed is matched afresh against the
    stored entries (here the 2026-03-01 feed, dated after the newest release;
    `--force` because it holds far fewer models than 2026-07-02)."""
    result = run_generator(
        repo_copy,
        "update",
        "--source",
        str(UPSTREAM / "models-dev-2026-03-01.json"),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        LATER,
        "--force",
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"litellm: {_stored_entries('litellm')} entries reused from "
        f"snapshots/{llm_catalog.DATA_DATE}"
    ) in result.stderr
    later = repo_copy / "snapshots" / LATER
    matching = json.loads((later / "matching.json").read_text("utf-8"))
    feed = _load(UPSTREAM / "models-dev-2026-03-01.json")
    provenance = json.loads((later / "provenance.json").read_text("utf-8"))
    for key in matching["litellm"]["matched"]:
        pid, _, mid = key.partition(":")
        # A model of the feed, or one LiteLLM lists and the feed does not (added).
        assert mid in feed[pid]["models"] or provenance[key]["model"] == "litellm"
    assert matching["openrouter"]["models_matched"] - matching["openrouter"]["models_added"] == len(
        set(feed["openrouter"]["models"]) & {m["id"] for m in _load(OPENROUTER)["data"]}
    )
    assert (later / "sources" / "litellm.json").read_bytes() == (
        SNAPSHOT / "sources" / "litellm.json"
    ).read_bytes()


def test_an_older_feed_does_not_take_newer_recordings(repo_copy: Path) -> None:
    """A feed slotted in before the newest release is not merged with recordings
    made after its date: its values stay models.dev's (and the overrides')."""
    result = run_generator(
        repo_copy,
        "update",
        "--source",
        str(UPSTREAM / "models-dev-2026-03-01.json"),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        "2026-03-02",
        "--force",
    )
    assert result.returncode == 0, result.stderr
    assert "litellm: not used" in result.stderr
    assert "openrouter: not used" in result.stderr
    assert not (repo_copy / "snapshots" / "2026-03-02" / "sources").exists()


def test_unreadable_values_of_a_secondary_source_are_reported_and_skipped() -> None:
    document = _load(OPENROUTER)
    first = document["data"][0]
    first["pricing"]["prompt"] = 0.00003  # a number, not the string OpenRouter sends
    first["pricing"]["completion"] = "NaN"
    first["context_length"] = "1M"
    data = json.dumps(document, default=str).encode()
    report = Report()
    entry = next(e for e in openrouter.parse(data, "or.json", report) if e.key == first["id"])
    assert "cost.input" not in entry.values
    assert "cost.output" not in entry.values
    assert "limits.context" not in entry.values
    assert (
        entry.values["cost.cache_read"] == Decimal(first["pricing"]["input_cache_read"]) * MILLION
    )
    lines = {f.line() for f in report.findings}
    assert (
        f"warning: provider openrouter, model {first['id']}, field pricing.prompt: "
        "expected a decimal string, got Decimal; ignored" in lines
    )
    assert any("field context_length: expected an integer" in line for line in lines)


def test_long_context_tiers_from_litellm(raw: dict[str, Any]) -> None:
    """`*_above_Nk_tokens` prices become tiers above N x 1,000 where models.dev has none."""
    from_litellm = [
        key
        for key, fields in raw["provenance"].items()
        if fields.get("cost.tiers") == "litellm" and key not in raw["added"]
    ]
    assert from_litellm
    for key in from_litellm:
        entry = raw["litellm"][raw["matching"]["litellm"]["matched"][key]["entry"]]
        pid, _, mid = key.partition(":")
        assert not (raw["models.dev"][pid]["models"][mid].get("cost") or {}).get("tiers")
        expected: dict[int, dict[str, Decimal | None]] = {}
        for field, value in entry.items():
            for base, name in LL_PRICES.items():
                prefix = f"{base}_above_"
                middle = field[len(prefix) : -len("k_tokens")]
                if field.startswith(prefix) and field.endswith("k_tokens") and middle.isdigit():
                    above = int(middle) * 1000
                    expected.setdefault(above, {})[name] = _q(Decimal(value) * MILLION)
        tiers = get_model(key).cost.tiers
        assert [t.above for t in tiers] == sorted(expected)
        for tier in tiers:
            for name, want in expected[tier.above].items():
                assert _q(getattr(tier, name)) == want, (key, tier.above, name)
