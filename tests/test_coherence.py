"""A catalog that does not contradict itself: flags and modalities, one price sheet per
model, no 0 that means "no surcharge", catalog-wide invariants and a report that
`generator check` keeps honest.

Facts are pinned to the recorded release of 2026-07-02 (its stored snapshot) and
the raw recorded sources; counts are derived here from the raw files, not typed in.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from generator import invariants, schema, snapshot
from generator.coherence import FLAG_MODALITY, SUPPLEMENTARY
from llm_catalog import Capability, Modality
from tests.conftest import FEED, REPO, UPSTREAM, current_snapshot, recorded_release, run_generator

DATE = "2026-07-02"
SNAPSHOT = REPO / "snapshots" / DATE
LITELLM = UPSTREAM / "litellm-model-prices-1.106.2.json"
MILLION = Decimal(1_000_000)
LL_BASE = {"input_cost_per_token": "input", "output_cost_per_token": "output"}
LL_SUPPLEMENTARY = {
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost": "cache_write",
    "output_cost_per_reasoning_token": "reasoning",
    "input_cost_per_audio_token": "input_audio",
    "output_cost_per_audio_token": "output_audio",
}


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh, parse_float=Decimal)


@functools.cache
def _recorded_release() -> schema.Catalog:
    """The recorded release, read through the history (a later release stores its
    `catalog.json` as a delta)."""
    return recorded_release(DATE)


@pytest.fixture(scope="module")
def catalog() -> dict[str, Any]:
    return _recorded_release().dump_providers()


@pytest.fixture(scope="module")
def report() -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads((SNAPSHOT / "report.json").read_text("utf-8"))
    return data


def _models(catalog: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{p}:{m}", model) for p, pv in catalog.items() for m, model in pv["models"].items()]


def _price(model: dict[str, Any], name: str) -> Decimal | None:
    value = model.get("cost", {}).get(name)
    return None if value is None else Decimal(value)


# -- capabilities agree with modalities ----------------------------------------------


def test_modality_flags_are_the_modalities(catalog: dict[str, Any]) -> None:
    for key, model in _models(catalog):
        modalities = model.get("modalities", {})
        caps = set(model.get("capabilities", ()))
        for flag, (side, value) in FLAG_MODALITY.items():
            assert (flag in caps) == (value in modalities.get(side, ())), (key, flag)


def test_find_by_vision_is_find_by_image_input() -> None:
    """The package's property, checked against the snapshot it was rendered from."""
    shipped = json.loads((REPO / "snapshots" / llm_catalog.DATA_DATE / "catalog.json").read_text())
    image_input = {
        key for key, m in _models(shipped) if "image" in m.get("modalities", {}).get("input", ())
    }
    vision = {m.key for m in llm_catalog.find(require={Capability.VISION})}
    by_modality = {m.key for m in llm_catalog.find(input_modalities={Modality.IMAGE})}
    assert vision == by_modality
    assert by_modality <= image_input
    assert len(vision) > 2 * 348  # the 348 LiteLLM-only matches of before


def test_show_never_prints_vision_no_beside_image_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from llm_catalog import _cli

    pairs = {"can_vision": "in_image", "can_pdf_input": "in_pdf", "can_audio_input": "in_audio"}
    for key in ("anthropic:claude-opus-4-1", "openrouter:anthropic/claude-sonnet-4.5"):
        assert _cli.main(["show", key]) == 0
        rows = dict(line.split(maxsplit=1) for line in capsys.readouterr().out.splitlines()[3:])
        assert rows["in_image"].strip() == "yes", key
        for flag, modality in pairs.items():
            assert rows[flag].strip() == rows[modality].strip(), (key, flag)


def test_prompt_caching_holds_exactly_with_a_cache_price_or_a_source_saying_so(
    catalog: dict[str, Any],
) -> None:
    litellm_says = {
        key: entry["values"].get("capabilities.prompt_caching")
        for key, entry in json.loads((SNAPSHOT / "sources" / "litellm.json").read_text())[
            "entries"
        ].items()
    }
    matched = json.loads((SNAPSHOT / "matching.json").read_text())["litellm"]["matched"]
    provenance = json.loads((SNAPSHOT / "provenance.json").read_text())
    with_price = 0
    for key, model in _models(catalog):
        cached = _price(model, "cache_read") is not None or _price(model, "cache_write") is not None
        said = key in matched and litellm_says.get(matched[key]["entry"]) is True
        overridden = provenance.get(key, {}).get("capabilities.prompt_caching") == "override"
        has = "prompt_caching" in model.get("capabilities", ())
        assert has == (cached or said or (overridden and has)), key
        with_price += cached
    assert with_price > 1932  # every model with a cache price, not only LiteLLM's flags


# -- one price sheet per model -------------------------------------------------------


def test_supplementary_prices_from_another_sheet_are_reported_not_shipped(
    catalog: dict[str, Any], report: list[dict[str, str]]
) -> None:
    """Independently: LiteLLM's supplementary prices for models whose models.dev
    entry lacks them, where LiteLLM's own base prices are not the shipped ones."""
    md = _load(FEED)
    raw = _load(LITELLM)
    matched = json.loads((SNAPSHOT / "matching.json").read_text())["litellm"]["matched"]
    expected: set[tuple[str, str]] = set()
    for key, match in matched.items():
        pid, _, mid = key.partition(":")
        if mid not in md[pid]["models"]:
            continue  # added from LiteLLM (generator/additions.py): one sheet, its own
        md_cost = md[pid]["models"][mid].get("cost") or {}
        entry = raw[match["entry"]]
        own = {n: Decimal(entry[f]) * MILLION for f, n in LL_BASE.items() if f in entry}
        base = {n: md_cost.get(n, own.get(n)) for n in ("input", "output")}
        agrees = bool(own) and all(base[n] == v for n, v in own.items())
        for field, name in LL_SUPPLEMENTARY.items():
            if entry.get(field) is not None and name not in md_cost and not agrees:
                expected.add((key, f"cost.{name}"))
    found = {
        (f"{f['provider']}:{f['model']}", f["field"])
        for f in report
        if "another price sheet" in f["message"]
        and f["message"].startswith("litellm")
        and f["field"] not in ("cost.tiers", "cost.extra")  # tests/test_units.py: extra
    }
    assert found == expected
    for key, field in expected:
        pid, _, mid = key.partition(":")
        name = field.removeprefix("cost.")
        assert _price(catalog[pid]["models"][mid], name) != (
            Decimal(raw[matched[key]["entry"]][{v: k for k, v in LL_SUPPLEMENTARY.items()}[name]])
            * MILLION
        ), key
    models = {key for key, _ in expected}
    assert len(models) >= 31  # the count of models on two price sheets


def test_gemini_flash_lite_latest_does_not_reason_at_another_sheets_price() -> None:
    model = _recorded_release().providers["google"].models["gemini-flash-lite-latest"]
    assert model.cost.output == Decimal("0.4")
    assert model.cost.reasoning is None  # LiteLLM's $2.50 belongs to its $1.50 output sheet


def test_a_zero_that_means_no_surcharge_is_not_a_price(
    catalog: dict[str, Any], report: list[dict[str, str]]
) -> None:
    md = _load(FEED)
    zeros_in_feed = {
        f"{pid}:{mid}"
        for pid, provider in md.items()
        for mid, model in provider["models"].items()
        if (model.get("cost") or {}).get("cache_write") == 0
        and (model.get("cost") or {}).get("input", 0) > 0
    }
    reported = {
        f"{f['provider']}:{f['model']}"
        for f in report
        if f["field"] == "cost.cache_write" and "no surcharge" in f["message"]
    }
    assert zeros_in_feed <= reported
    assert len(reported) >= 85
    for key, model in _models(catalog):
        cost = model.get("cost", {})
        for name, base in SUPPLEMENTARY.items():
            if cost.get(name) is not None and Decimal(cost[name]) == 0:
                assert Decimal(cost.get(base, "0")) == 0, (key, name)


# -- invariants ----------------------------------------------------------------------


def test_the_shipped_catalog_keeps_every_repairable_invariant(catalog: dict[str, Any]) -> None:
    for key, model in _models(catalog):
        cost = model.get("cost", {})
        prices = [Decimal(v) for k, v in cost.items() if k not in ("tiers", "extra")]
        assert all(0 <= p <= invariants.MAX_PRICE for p in prices), key
        read, base = _price(model, "cache_read"), _price(model, "input")
        assert read is None or base is None or read <= base, key
        for tier in cost.get("tiers", ()):
            for side in ("input", "output"):
                if side in tier and side in cost:
                    assert Decimal(tier[side]) >= Decimal(cost[side]), key
        assert all(v <= invariants.MAX_LIMIT for v in model.get("limits", {}).values()), key


def test_invariant_repairs_on_real_models(report: list[dict[str, str]]) -> None:
    shipped = _recorded_release().providers
    kling = shipped["qiniu-ai"].models["kling-v2-6"]
    assert kling.limits.context is None  # 99,999,999: a placeholder
    gpt = shipped["cloudflare-ai-gateway"].models["openai/gpt-3.5-turbo"]
    assert gpt.cost.cache_read is None and gpt.cost.input == Decimal("0.5")
    grok = shipped["llmgateway"].models["grok-4-20-beta-0309-reasoning"]
    assert grok.cost.tiers == ()  # its long-context output was below the base output
    fields = {
        (f["provider"], f["model"], f["field"].split("[")[0])
        for f in report
        if f["message"].startswith(invariants.PREFIX)
    }
    assert ("qiniu-ai", "kling-v2-6", "limits.context") in fields
    assert ("cloudflare-ai-gateway", "openai/gpt-3.5-turbo", "cost.cache_read") in fields
    assert ("llmgateway", "grok-4-20-beta-0309-reasoning", "cost.tiers") in fields


def test_reported_invariants_are_exactly_what_the_catalog_shows(
    catalog: dict[str, Any], report: list[dict[str, str]]
) -> None:
    stored = invariants.stored(report)
    assert stored == invariants.remaining(_recorded_release().providers)
    text_over = {
        key
        for key, m in _models(catalog)
        if m.get("modalities", {}).get("output") == ["text"]
        and m.get("limits", {}).get("output", 0) > m.get("limits", {}).get("context", 1 << 62)
    }
    assert {f"{f.provider}:{f.model}" for f in stored if f.field == "limits.output"} == text_over
    assert text_over


def test_check_fails_on_a_stale_report(repo_copy: Path) -> None:
    # `check` holds the snapshot the package is rendered from to its report.
    path = repo_copy / "snapshots" / current_snapshot().name / "report.json"
    findings = json.loads(path.read_text("utf-8"))
    kept = [f for f in findings if not f["message"].endswith(": reported")]
    assert len(kept) < len(findings)
    path.write_text(snapshot.dumps(kept), "utf-8")
    result = run_generator(repo_copy, "check")
    assert result.returncode == 1
    assert "report.json is stale" in result.stderr
    assert "limits.output" in result.stderr


def test_openrouter_modalities_are_read_and_odd_shapes_state_nothing() -> None:
    from generator.report import Report
    from generator.sources import openrouter

    document = json.loads((UPSTREAM / "openrouter-models-2026-07-01.json").read_text("utf-8"))
    entries = {e.key: e for e in openrouter.parse(json.dumps(document).encode(), "or", Report())}
    sonnet = entries["anthropic/claude-sonnet-4.5"].values
    assert sonnet["modalities.input"] == ("image", "pdf", "text")  # OpenRouter's "file"
    document["data"][0]["architecture"] = "text->text"
    document["data"][1]["architecture"] = {"input_modalities": "text", "output_modalities": None}
    odd = openrouter.parse(json.dumps(document).encode(), "or", Report())
    for entry in odd[:2]:
        assert "modalities.input" not in entry.values
        assert "modalities.output" not in entry.values


def test_litellm_context_is_no_input_cap_disagreement() -> None:
    """LiteLLM's max_input_tokens equal to models.dev's context window is that
    window, not a second input cap: no `limits.input` row (19 rows used to be)."""
    md = _load(FEED)
    raw = _load(LITELLM)
    matched = json.loads((SNAPSHOT / "matching.json").read_text())["litellm"]["matched"]
    artefacts = set()
    for key, match in matched.items():
        pid, _, mid = key.partition(":")
        if mid not in md[pid]["models"]:
            continue  # added from LiteLLM: no models.dev limits to read it against
        limit = md[pid]["models"][mid]["limit"]
        given = raw[match["entry"]].get("max_input_tokens")
        if limit.get("input") and given == limit.get("context") and given != limit["input"]:
            artefacts.add(key)
    assert len(artefacts) == 19
    rows = json.loads((SNAPSHOT / "disagreements.json").read_text())["disagreements"]
    assert not {r["model"] for r in rows if r["field"] == "limits.input"} & artefacts
    assert not {r["model"] for r in rows if r["field"] == "limits.context"} & artefacts
