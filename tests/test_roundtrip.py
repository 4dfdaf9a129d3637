"""Every model of the recorded feed is reachable by its exact id, with the feed's values.

The expectations are computed here straight from the raw JSON, independently of
the generator; where the generator repaired a value, the repair must be in the
snapshot's report with the same provider, model and field. Values another source
gave (the snapshot's `provenance.json`) are checked against that source's raw
file in tests/test_sources.py instead.
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import llm_catalog
from llm_catalog import Capability, DatePrecision, Modality, Status, get_model
from tests.conftest import (
    DOCUMENTS_VARIABLE,
    RECORDED,
    REPO,
    current_feed,
    current_manifest,
    current_model,
    current_snapshot,
)

SNAPSHOT = REPO / "snapshots" / llm_catalog.DATA_DATE
MODALITY_FLAGS = {
    Capability.VISION: ("input", "image"),
    Capability.PDF_INPUT: ("input", "pdf"),
    Capability.AUDIO_INPUT: ("input", "audio"),
    Capability.AUDIO_OUTPUT: ("output", "audio"),
}


@pytest.fixture(scope="module")
def feed() -> dict[str, Any]:
    """The raw models.dev document the package was rendered from (found by the
    sha256 its snapshot records). `test_catalog.py` checks the package against the
    snapshot itself; this checks it against upstream's own text."""
    path = current_feed()
    if path is None:
        pytest.skip(
            f"the models.dev document of snapshots/{llm_catalog.DATA_DATE} is not at hand: "
            f"download the nightly's upstream-documents artifact and set {DOCUMENTS_VARIABLE}"
        )
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh, parse_float=Decimal)
    return data


@pytest.fixture(scope="module")
def repaired() -> set[tuple[str, str, str]]:
    report = json.loads((SNAPSHOT / "report.json").read_text("utf-8"))
    return {(f["provider"], f["model"], f["field"]) for f in report}


@pytest.fixture(scope="module")
def elsewhere() -> dict[str, dict[str, str]]:
    """`provider:model` -> field path -> source, for values not from models.dev."""
    data: dict[str, dict[str, str]] = json.loads((SNAPSHOT / "provenance.json").read_text("utf-8"))
    return data


def _expected_date(raw: str | None) -> tuple[date | None, DatePrecision]:
    if raw is None:
        return None, DatePrecision.DAY
    parts = [int(p) for p in raw.split("-")]
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), DatePrecision.MONTH
    if len(parts) == 1:
        return date(parts[0], 1, 1), DatePrecision.YEAR
    year, month, day = parts
    if not 1 <= month <= 12 or year < 2000:
        return None, DatePrecision.DAY
    if day > calendar.monthrange(year, month)[1]:
        return date(year, month, 1), DatePrecision.MONTH
    return date(year, month, day), DatePrecision.DAY


def _price(raw: Decimal | int | None) -> Decimal | None:
    if raw is None:
        return None
    return Decimal(raw).quantize(Decimal("1e-10"))


def _added() -> set[str]:
    """Keys of the models a secondary source added (generator/additions.py)."""
    provenance = json.loads((current_snapshot() / "provenance.json").read_text("utf-8"))
    return {key for key, fields in provenance.items() if "model" in fields}


def test_counts_match_the_feed(feed: dict[str, Any]) -> None:
    models = list(llm_catalog.all_models())
    manifest = current_manifest()
    assert len(feed) == manifest["providers"]
    # models.dev's models and the models only a secondary source lists (added).
    added = _added()
    assert len(models) == sum(len(p["models"]) for p in feed.values()) + len(added)
    assert len(models) == manifest["models"]
    assert {p.id.value for p in llm_catalog.providers()} == set(feed)


def test_every_model_round_trips(
    feed: dict[str, Any],
    repaired: set[tuple[str, str, str]],
    elsewhere: dict[str, dict[str, str]],
) -> None:
    checked = 0
    for pid, provider in feed.items():
        for mid, raw in provider["models"].items():
            model = get_model(f"{pid}:{mid}")
            other = elsewhere.get(f"{pid}:{mid}", {})
            assert model is get_model(f"{pid}/{mid}")
            assert (model.provider.value, model.id) == (pid, mid)
            assert model.name == (raw["name"].strip() or mid)
            assert model.family == raw.get("family")

            limit = raw["limit"]
            for name in ("context", "input", "output"):
                want = limit.get(name) or None  # 0 means "not given"
                if f"limits.{name}" in other:
                    continue
                if getattr(model.limits, name) is None and want is not None:
                    # dropped by an invariant (an absurd value): reported
                    assert (pid, mid, f"limits.{name}") in repaired, (pid, mid, name)
                    continue
                assert getattr(model.limits, name) == want, (pid, mid, name)
                if limit.get(name) == 0:
                    assert (pid, mid, f"limit.{name}") in repaired

            cost = raw.get("cost") or {}
            for name in (
                "input",
                "output",
                "cache_read",
                "cache_write",
                "reasoning",
                "input_audio",
                "output_audio",
            ):
                got = getattr(model.cost, name)
                if f"cost.{name}" in other:
                    continue
                if got is None and cost.get(name) is not None:
                    # not a price ("no surcharge" 0), another price sheet, or an
                    # invariant: left unknown, and reported
                    assert (pid, mid, f"cost.{name}") in repaired, (pid, mid, name)
                    continue
                assert _price(got) == _price(cost.get(name)), (pid, mid, name)
            tiers = cost.get("tiers")
            if tiers is None and "context_over_200k" in cost:
                tiers = [{**cost["context_over_200k"], "tier": {"size": 200_000}}]
            if "cost.tiers" in other:
                tiers = []
            if tiers and not model.cost.tiers:  # dropped by an invariant, reported
                assert any(
                    p == pid and m == mid and f.startswith("cost.tiers") for p, m, f in repaired
                ), (pid, mid)
                tiers = []
            assert [t.above for t in model.cost.tiers if "cost.tiers" not in other] == [
                t["tier"]["size"] for t in tiers or []
            ]
            mine = () if "cost.tiers" in other else model.cost.tiers
            for tier, raw_tier in zip(mine, tiers or [], strict=True):
                assert _price(tier.input) == _price(raw_tier.get("input"))
                assert _price(tier.output) == _price(raw_tier.get("output"))
                if tier.cache_read is not None or raw_tier.get("cache_read") != 0:
                    assert _price(tier.cache_read) == _price(raw_tier.get("cache_read"))

            assert model.modalities.input == {Modality(m) for m in raw["modalities"]["input"]}
            assert model.modalities.output == {Modality(m) for m in raw["modalities"]["output"]}
            flags = {
                Capability.ATTACHMENT: raw.get("attachment"),
                Capability.REASONING: raw.get("reasoning"),
                Capability.TOOL_CALL: raw.get("tool_call"),
                Capability.STRUCTURED_OUTPUT: raw.get("structured_output"),
                Capability.TEMPERATURE: raw.get("temperature"),
                Capability.INTERLEAVED_REASONING: bool(raw.get("interleaved")),
            }
            for cap, on in flags.items():
                if f"capabilities.{cap.value}" not in other:
                    assert (cap in model.capabilities) == bool(on), (pid, mid, cap)
            # The modality capabilities are the modalities under another name.
            for cap, (side, modality) in MODALITY_FLAGS.items():
                assert (cap in model.capabilities) == (modality in raw["modalities"][side])
            cached = model.cost.cache_read is not None or model.cost.cache_write is not None
            derived = set(MODALITY_FLAGS) | ({Capability.PROMPT_CACHING} if cached else set())
            for cap in set(model.capabilities) - set(flags) - derived:  # other sources
                assert other[f"capabilities.{cap.value}"] in ("litellm", "openrouter", "override")
            # models.dev's status, moved along by the retirement date at the data date
            # (generator/lifecycle.py): retired on or after it, deprecated before.
            stated = raw.get("status") or "active"
            retires = model.deprecation_date
            if retires is not None:
                stated = "retired" if retires <= date.fromisoformat(SNAPSHOT.name) else "deprecated"
            assert model.status == Status(stated), (pid, mid)
            assert model.open_weights == raw.get("open_weights")

            for name in ("knowledge", "release_date", "last_updated"):
                want_date, want_precision = _expected_date(raw.get(name))
                assert getattr(model, name) == want_date, (pid, mid, name)
                assert getattr(model, f"{name}_precision") == want_precision, (pid, mid, name)
                partial = want_date is None or want_precision is DatePrecision.MONTH
                if raw.get(name) and partial and raw[name].count("-") == 2:
                    assert (pid, mid, name) in repaired
            checked += 1
    assert checked == current_manifest()["models"] - len(_added())


def test_gpt_4o_facts() -> None:
    from llm_catalog.openai import GPT_4O

    # as recorded on 2026-07-02
    recorded = GPT_4O.price_at(RECORDED)
    assert recorded is not None
    assert (recorded.input, recorded.output) == (Decimal("2.5"), Decimal("10"))
    assert recorded.cache_read == Decimal("1.25")
    # as the snapshot the package was rendered from says
    data = current_model("openai:gpt-4o")
    assert GPT_4O.limits.context == data["limits"]["context"]
    assert GPT_4O.limits.output == data["limits"]["output"]
    assert GPT_4O.cost.input == Decimal(data["cost"]["input"])
    assert GPT_4O.cost.output == Decimal(data["cost"]["output"])
    assert isinstance(GPT_4O.cost.cache_read, Decimal)
    assert Capability.TOOL_CALL in GPT_4O.capabilities
    assert Modality.IMAGE in GPT_4O.modalities.input
    assert get_model("openai:gpt-4o") is GPT_4O


def test_long_context_tiers_use_the_real_threshold(feed: dict[str, Any]) -> None:
    # `context_over_200k` misprices tiers whose threshold is not 200k: tiers win.
    seen = 0
    for pid, provider in feed.items():
        for mid, raw in provider["models"].items():
            tiers = (raw.get("cost") or {}).get("tiers")
            if tiers and tiers[0]["tier"]["size"] != 200_000:
                assert get_model(f"{pid}:{mid}").cost.tiers[0].above == tiers[0]["tier"]["size"]
                seen += 1
    assert seen > 0


def test_colliding_ids_get_distinct_stable_names() -> None:
    from llm_catalog import cloudflare_ai_gateway as gw

    dashed = gw.MODELS["anthropic/claude-3-5-haiku"]
    dotted = gw.MODELS["anthropic/claude-3.5-haiku"]
    assert dashed is not dotted
    assert gw.ANTHROPIC_CLAUDE_3_5_HAIKU is dashed  # "-" sorts before "."
    assert gw.ANTHROPIC_CLAUDE_3_5_HAIKU_2 is dotted


def test_providers_that_are_not_module_names() -> None:
    assert llm_catalog.provider_info("302ai").module == "provider_302ai"
    assert llm_catalog.provider_info("wafer.ai").module == "wafer_ai"
    from llm_catalog.provider_302ai import PROVIDER

    assert PROVIDER.env == ("302AI_API_KEY",)
