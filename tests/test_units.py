"""Prices beyond tokens (`Cost.extra`): service tiers, the 1-hour cache write, units.

Every expected amount is computed by hand from the recorded LiteLLM document
(`litellm-model-prices-1.106.2.json`, USD per token or per unit), whose figures the
first test checks; prices are those the catalog recorded for release `RECORDED`
(`price_at`), so a nightly data update does not move them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest

from generator import schema
from generator.report import Report
from generator.sources import dump_entries, litellm, load_entries
from llm_catalog import Catalog, CatalogDataError, Model, UnknownModelError, get_model
from llm_catalog._export import CSV_COLUMNS, current_price_rows, json_schema, write_csv
from llm_catalog._history import price_history
from tests.conftest import (
    RECORDED,
    REPO,
    UPSTREAM,
    current_model,
    current_snapshot,
    recorded_litellm,
    recorded_model,
)


def catalog_model(key: str) -> Model:
    """A model the catalog may not list yet (secondary sources add models in a
    parallel change): skip, saying so, only when it is absent."""
    try:
        model = get_model(key)
    except UnknownModelError:
        pytest.skip(f"{key} is not a catalog model in this release (secondary-source models)")
    cost = model.price_at(RECORDED)
    return model if cost is None else replace(model, cost=cost)


def test_the_recorded_litellm_figures_the_hand_computations_use() -> None:
    doc = recorded_litellm()
    gpt_4o = doc["gpt-4o"]
    assert (gpt_4o["input_cost_per_token_batches"], gpt_4o["output_cost_per_token_batches"]) == (
        Decimal("1.25e-06"),
        Decimal("5e-06"),
    )
    assert gpt_4o["input_cost_per_token_priority"] == Decimal("4.25e-06")
    assert gpt_4o["output_cost_per_token_priority"] == Decimal("1.7e-05")
    assert gpt_4o["cache_read_input_token_cost_priority"] == Decimal("2.125e-06")
    assert "input_cost_per_token_flex" not in gpt_4o
    pro = doc["gemini/gemini-2.5-pro"]
    assert (pro["input_cost_per_token_flex"], pro["output_cost_per_token_flex"]) == (
        Decimal("6.25e-07"),
        Decimal("5e-06"),
    )
    assert pro["input_cost_per_token_above_200k_tokens_priority"] == Decimal("4.5e-06")
    assert pro["output_cost_per_token_above_200k_tokens_priority"] == Decimal("2.7e-05")
    sonnet = doc["claude-sonnet-4-5"]
    assert sonnet["cache_creation_input_token_cost"] == Decimal("3.75e-06")
    assert sonnet["cache_creation_input_token_cost_above_1hr"] == Decimal("6e-06")
    assert doc["groq/whisper-large-v3"]["input_cost_per_second"] == Decimal("3.083e-05")
    assert doc["groq/canopylabs/orpheus-v1-english"]["input_cost_per_character"] == Decimal(
        "2.2e-05"
    )
    assert doc["perplexity/sonar"]["search_context_cost_per_query"] == {
        "search_context_size_high": Decimal("0.012"),
        "search_context_size_low": Decimal("0.005"),
        "search_context_size_medium": Decimal("0.008"),
    }
    assert doc["xai/grok-imagine-video"]["output_cost_per_second"] == Decimal("0.05")
    assert doc["xai/grok-imagine-video"]["input_cost_per_image"] == Decimal("0.002")
    assert doc["whisper-1"]["input_cost_per_second"] == Decimal("0.0001")
    assert doc["tts-1"]["input_cost_per_character"] == Decimal("0.000015")
    assert doc["rerank-v3.5"]["input_cost_per_query"] == Decimal("0.002")


# -- service tiers -------------------------------------------------------------------


def test_gpt_4o_under_batch_and_priority() -> None:
    model = recorded_model("openai:gpt-4o")
    batch = model.cost_of(input_tokens=1_000_000, output_tokens=1_000_000, service_tier="batch")
    # 1M x $1.25e-06 + 1M x $5e-06
    assert batch.total == Decimal("6.25")
    assert batch.service_tier == "batch"
    assert [(c.part, c.price) for c in batch.components] == [
        ("input", Decimal("1.25")),
        ("output", Decimal("5")),
    ]
    priority = model.cost_of(
        input_tokens=1_000_000, cache_read_tokens=200_000, output_tokens=100_000,
        service_tier="priority",
    )  # fmt: skip
    # 800k x $4.25e-06 + 200k x $2.125e-06 + 100k x $1.7e-05 = 3.4 + 0.425 + 1.7
    assert priority.total == Decimal("5.525")
    assert priority.complete
    standard = model.cost_of(input_tokens=1_000_000, output_tokens=1_000_000)
    assert standard.total == Decimal("12.5") and standard.service_tier is None


def test_gemini_2_5_pro_under_flex_and_priority_with_its_long_context_tier() -> None:
    model = recorded_model("google:gemini-2.5-pro")
    flex = model.cost_of(input_tokens=100_000, output_tokens=10_000, service_tier="flex")
    # 100k x $6.25e-07 + 10k x $5e-06 = 0.0625 + 0.05
    assert flex.total == Decimal("0.1125")
    long = model.cost_of(input_tokens=300_000, output_tokens=10_000, service_tier="priority")
    # above 200k: 300k x $4.5e-06 + 10k x $2.7e-05 = 1.35 + 0.27
    assert long.total == Decimal("1.62")
    assert long.tier is not None and long.tier.above == 200_000


def test_a_missing_service_tier_is_an_error_never_the_standard_prices() -> None:
    model = recorded_model("openai:gpt-4o")
    with pytest.raises(ValueError, match=r"openai:gpt-4o has no flex prices") as raised:
        model.cost_of(input_tokens=1000, service_tier="flex")
    assert "standard, batch, priority" in str(raised.value)
    with pytest.raises(ValueError, match="unknown service tier 'turbo'"):
        model.cost_of(input_tokens=1000, service_tier="turbo")
    plain = recorded_model("anthropic:claude-sonnet-4-5")
    with pytest.raises(ValueError, match="anthropic:claude-sonnet-4-5 has no priority prices"):
        plain.cost_of(input_tokens=1000, service_tier="priority")
    without = next(m for m in Catalog.packaged() if m.cost.known and m.cost.extra is None)
    with pytest.raises(ValueError, match=f"{without.key} has no batch prices"):
        without.cost_of(input_tokens=1000, service_tier="batch")


# -- cache lifetimes -----------------------------------------------------------------


def test_a_one_hour_cache_write_on_an_anthropic_model() -> None:
    model = recorded_model("anthropic:claude-sonnet-4-5")
    counts = {"input_tokens": 10_000, "cache_write_tokens": 100_000, "inclusive": False}
    hour = model.cost_of(**counts, cache_write_ttl="1h")  # type: ignore[arg-type]
    # 10k x $3e-06 + 100k x $6e-06 = 0.03 + 0.6
    assert hour.total == Decimal("0.63")
    (write,) = (c for c in hour.components if c.part == "cache_write")
    assert write.price == Decimal("6") and "1-hour" in (write.note or "")
    five = model.cost_of(**counts, cache_write_ttl="5m")  # type: ignore[arg-type]
    # 0.03 + 100k x $3.75e-06
    assert five.total == Decimal("0.405") == model.cost_of(**counts).total  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="openai:gpt-4o has no 1-hour cache-write price"):
        recorded_model("openai:gpt-4o").cost_of(input_tokens=10, cache_write_ttl="1h")
    with pytest.raises(ValueError, match="under the batch tier"):
        model.cost_of(**counts, cache_write_ttl="1h", service_tier="batch")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown cache_write_ttl '2h'"):
        model.cost_of(**counts, cache_write_ttl="2h")  # type: ignore[arg-type]


def test_a_one_hour_write_above_a_tier_with_its_own_write_price_is_unpriced() -> None:
    from llm_catalog import Cost, CostTier, ExtraPrices

    base = recorded_model("anthropic:claude-sonnet-4-5")
    cost = Cost(
        input=Decimal(3),
        output=Decimal(15),
        cache_write=Decimal("3.75"),
        tiers=(CostTier(above=200_000, input=Decimal(6), cache_write=Decimal("7.5")),),
        extra=ExtraPrices(cache_write_1h=Decimal(6)),
    )
    model = replace(base, cost=cost)
    below = model.cost_of(input_tokens=1000, cache_write_tokens=1000, inclusive=False,
                          cache_write_ttl="1h")  # fmt: skip
    assert below.complete and below.total == Decimal("0.009")  # 1k x 3 + 1k x 6 per 1M
    above = model.cost_of(input_tokens=300_000, cache_write_tokens=1000, inclusive=False,
                          cache_write_ttl="1h")  # fmt: skip
    assert above.unpriced == ("cache_write",)
    assert above.total == Decimal("1.8")  # 300k x 6 per 1M; the write is not guessed


# -- units beyond tokens ----------------------------------------------------------------


def test_seconds_characters_queries_and_images_on_catalog_models() -> None:
    whisper = recorded_model("groq:whisper-large-v3").cost_of(seconds=60)
    assert whisper.total == Decimal("0.0018498")  # 60 x $3.083e-05
    (part,) = whisper.components
    assert (part.part, part.tokens, part.unit) == ("input_seconds", 60, "second")
    speech = recorded_model("groq:canopylabs/orpheus-v1-english").cost_of(characters=1000)
    assert speech.total == Decimal("0.022")  # 1,000 x $2.2e-05
    assert speech.components[0].unit == "character"
    sonar = recorded_model("perplexity:sonar")
    with pytest.raises(ValueError, match=r"perplexity:sonar prices a web search by its search"):
        sonar.cost_of(queries=1)
    searches = sonar.cost_of(input_tokens=1000, output_tokens=1000, queries=1000,
                             search_context="high")  # fmt: skip
    # 1k x $1e-06 + 1k x $1e-06 + 1,000 x $0.012
    assert searches.total == Decimal("12.002")
    assert searches.components[-1].part == "web_search"
    assert sonar.cost_of(queries=10, search_context="low").total == Decimal("0.05")
    # One price for every size: no size needed (gemini-2.5-pro: $0.035 per search).
    assert recorded_model("google:gemini-2.5-pro").cost_of(queries=2).total == Decimal("0.07")
    video = recorded_model("xai:grok-imagine-video").cost_of(seconds=10, input_images=1)
    # 10 x $0.05 per output second + 1 x $0.002 per input image
    assert video.total == Decimal("0.502")
    assert [c.part for c in video.components] == ["output_seconds", "input_images"]


def test_openrouter_prices_a_web_search_on_its_own_models() -> None:
    raw = json.loads((UPSTREAM / "openrouter-models-2026-07-01.json").read_text("utf-8"))
    (entry,) = (m for m in raw["data"] if m["id"] == "anthropic/claude-opus-4.7-fast")
    assert entry["pricing"]["web_search"] == "0.01"
    assert (entry["pricing"]["prompt"], entry["pricing"]["completion"]) == ("0.00003", "0.00015")
    model = recorded_model("openrouter:anthropic/claude-opus-4.7-fast")
    assert model.sources["cost.extra"] == "openrouter"
    call = model.cost_of(input_tokens=1000, output_tokens=100, queries=3)
    # 1,000 x $0.00003 + 100 x $0.00015 + 3 searches x $0.01
    assert call.total == Decimal("0.075")


def test_a_unit_without_a_price_is_unpriced_never_free() -> None:
    gpt_4o = recorded_model("openai:gpt-4o")
    call = gpt_4o.cost_of(input_tokens=1_000_000, seconds=60, characters=5, images=1, queries=1)
    assert call.unpriced == ("input_seconds", "input_characters", "output_images", "queries")
    assert call.total == Decimal("2.5") and not call.complete
    # LiteLLM prices grok-imagine-image per input image only: made images are unpriced.
    assert recorded_model("xai:grok-imagine-image").cost_of(images=2).unpriced == ("output_images",)
    # Under a service tier the data gives token prices only.
    assert gpt_4o.cost_of(queries=1, service_tier="batch").unpriced == ("queries",)
    for bad in (-1, True, 1.5):
        with pytest.raises(ValueError, match="seconds must be a non-negative int"):
            gpt_4o.cost_of(seconds=bad)  # type: ignore[arg-type]


def test_whisper_1_for_60_seconds() -> None:
    model = catalog_model("openai:whisper-1")
    assert model.cost_of(seconds=60).total == Decimal("0.006")  # 60 x $0.0001


def test_tts_1_for_1000_characters() -> None:
    model = catalog_model("openai:tts-1")
    assert model.cost_of(characters=1000).total == Decimal("0.015")  # 1,000 x $0.000015


def test_a_rerank_model_for_1000_queries() -> None:
    model = catalog_model("cohere:rerank-v3.5")
    assert model.cost_of(queries=1000).total == Decimal("2")  # 1,000 x $0.002


# -- the data: parsing, merging, provenance, history, exports -------------------------


def test_litellm_entries_state_the_rarer_prices_and_store_them() -> None:
    doc = recorded_litellm()
    entries = []
    for key in ("gpt-4o", "whisper-1", "perplexity/sonar", "claude-sonnet-4-5"):
        entry = litellm._entry(key, doc[key], Report(), Counter())
        assert entry is not None
        entries.append(entry)
    extra: dict[str, schema.ExtraPrices] = {}
    for entry in entries:
        stated = entry.values["cost.extra"]
        assert isinstance(stated, schema.ExtraPrices)
        extra[entry.key] = stated
    assert extra["gpt-4o"].batch == schema.Cost(input=Decimal("1.25"), output=Decimal(5))
    assert extra["gpt-4o"].flex is None
    # whisper-1: seconds of input audio; its output price per second is no second charge
    assert extra["whisper-1"].input_per_second == Decimal("0.0001")
    assert extra["perplexity/sonar"].web_search == {
        "low": Decimal("0.005"),
        "medium": Decimal("0.008"),
        "high": Decimal("0.012"),
    }
    assert extra["claude-sonnet-4-5"].cache_write_1h == Decimal(6)
    stored = load_entries(json.loads(json.dumps(dump_entries(entries))), "test")
    assert {e.key: e.values for e in stored} == {e.key: e.values for e in entries}


def test_another_price_sheet_keeps_its_rarer_prices_out() -> None:
    """google:gemini-2.5-flash-image: LiteLLM's output $2.5e-06 per token is not
    models.dev's $30 per 1M, so LiteLLM's flex prices and price per image do not ship."""
    assert recorded_model("google:gemini-2.5-flash-image").cost.extra is None
    report = json.loads((REPO / "snapshots" / RECORDED / "report.json").read_text("utf-8"))
    findings = [
        f
        for f in report
        if f["provider"] == "google"
        and f["model"] == "gemini-2.5-flash-image"
        and f["field"] == "cost.extra"
    ]
    assert findings and "another price sheet" in findings[0]["message"]


_TOKEN_PRICES = (
    "input_cost_per_token",
    "output_cost_per_token",
    "cache_read_input_token_cost",
    "cache_creation_input_token_cost",
    "output_cost_per_reasoning_token",
    "input_cost_per_audio_token",
    "output_cost_per_audio_token",
)
_UNITS = (
    "input_cost_per_second",
    "input_cost_per_audio_per_second",
    "output_cost_per_second",
    "input_cost_per_character",
    "input_cost_per_image",
    "output_cost_per_image",
    "input_cost_per_query",
    "cache_creation_input_token_cost_above_1hr",
    "search_context_cost_per_query",
)


def _carried(field: str) -> bool:
    """Whether a LiteLLM field is one of the rarer prices the catalog carries."""
    if field in _UNITS:
        return True
    for suffix in ("_batches", "_flex", "_priority"):
        if field.endswith(suffix):
            name = re.sub(r"_above_\d+k_tokens$", "", field.removesuffix(suffix))
            return name in _TOKEN_PRICES
    return False


def test_rarer_prices_ship_exactly_beside_the_shipped_base_prices() -> None:
    """Independently of `generator.merge`: for every catalog model LiteLLM matched,
    LiteLLM's rarer prices ship when its own base prices are the shipped ones (or
    when neither it nor models.dev prices the model per token), and not otherwise."""
    snapshot = REPO / "snapshots" / RECORDED
    matched = json.loads((snapshot / "matching.json").read_text("utf-8"))["litellm"]["matched"]
    feed = json.loads((UPSTREAM / f"models-dev-{RECORDED}.json").read_text("utf-8"))
    doc = recorded_litellm()
    million = Decimal(1_000_000)
    shipped = refused = 0
    for key, match in sorted(matched.items()):
        entry = doc[match["entry"]]
        if not any(_carried(f) for f in entry):
            continue
        pid, _, mid = key.partition(":")
        own = {
            side: entry[f"{side}_cost_per_token"] * million
            for side in ("input", "output")
            if f"{side}_cost_per_token" in entry
        }
        # A model models.dev does not list (added from LiteLLM) has no price of its own.
        primary = feed[pid]["models"].get(mid, {}).get("cost") or {}
        base = {s: Decimal(str(primary[s])) if s in primary else own.get(s) for s in own}
        agrees = bool(own) and all(base[s] == v for s, v in own.items())
        alone = not own and "input" not in primary and "output" not in primary
        has = recorded_model(key).cost.extra is not None
        assert has == (agrees or alone), key
        shipped += has
        refused += not has
    assert shipped > 150 and refused > 30, (shipped, refused)


def test_provenance_history_and_loading() -> None:
    model = get_model("openai:gpt-4o")
    # The package says which source gave its rarer prices as its snapshot records.
    provenance = json.loads((current_snapshot() / "provenance.json").read_text("utf-8"))
    assert model.sources.get("cost.extra") == provenance.get(model.key, {}).get("cost.extra")
    recorded_cost = model.price_at(RECORDED)
    assert recorded_cost is not None and recorded_cost.extra is not None
    assert recorded_cost.extra.priority is not None
    assert recorded_cost.extra.priority.input == Decimal("4.25")
    earlier = model.price_at("2026-03-01")  # a release made from models.dev alone
    assert earlier is not None and earlier.extra is None
    points = price_history("openai:gpt-4o")
    arrival = next(p for p in points if p.cost is not None and p.cost.extra is not None)
    # The tier prices came with another source, models.dev's own unchanged: a correction.
    assert "extra" in arrival.corrected
    snapshot = Catalog.load(current_snapshot())
    assert snapshot.get("openai:gpt-4o").cost == model.cost
    assert Catalog.from_data(snapshot.to_data()).get("perplexity:sonar").cost.extra == (
        get_model("perplexity:sonar").cost.extra
    )


def test_an_override_sets_a_service_tier() -> None:
    """A negotiated flex rate, in the snapshot's shape, through `Catalog.override`."""
    extra = {"flex": {"input": "1", "output": "4"}}
    catalog = Catalog.packaged().override(
        "openai:gpt-4o", cost={"input": "2.5", "output": "10", "extra": extra}
    )
    model = catalog.get("openai:gpt-4o")
    call = model.cost_of(input_tokens=1_000_000, output_tokens=500_000, service_tier="flex")
    assert call.total == Decimal(3)  # 1M x $1 + 0.5M x $4 per 1M
    assert model.cost.extra is not None and model.cost.extra.batch is None  # replaced whole


def test_bad_rarer_prices_name_the_model_and_field() -> None:
    data = Catalog.packaged().to_data()
    data["providers"]["openai"]["models"]["gpt-4o"]["cost"]["extra"] = {
        "batch": {"input": "-1"},
        "web_search": {"huge": "1"},
        "per_hour": "2",
    }
    with pytest.raises(CatalogDataError) as raised:
        Catalog.from_data(data)
    text = str(raised.value)
    for field in ("cost.extra.batch.input", "cost.extra.web_search.huge", "cost.extra.per_hour"):
        assert field in text
    assert "gpt-4o" in text
    with pytest.raises(ValueError, match="a service tier's prices hold no extra prices"):
        schema.ExtraPrices(batch=schema.Cost(extra=schema.ExtraPrices()))


def test_exports_carry_the_rarer_prices() -> None:
    """The package's exports carry the rarer prices of the snapshot it was rendered from."""
    catalog = Catalog.packaged()
    gemini = current_model("google:gemini-2.5-pro")["cost"]["extra"]
    rows = {
        (r.kind, r.above_tokens): r.usd_per_mtok
        for r in current_price_rows(catalog)
        if r.model_key == "google:gemini-2.5-pro"
    }
    assert rows[("flex.input", 0)] == Decimal(gemini["flex"]["input"])
    [above] = gemini["priority"]["tiers"]
    assert rows[("priority.input", above["above"])] == Decimal(above["input"])
    assert rows[("web_search.high", 0)] == Decimal(gemini["web_search"]["high"])
    out = io.StringIO()
    write_csv(catalog, out)
    assert CSV_COLUMNS[-1] == "price_extra"
    by_key = {r["key"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    for key in ("openai:gpt-4o", "google:gemini-2.5-pro", "groq:whisper-large-v3"):
        extra = current_model(key).get("cost", {}).get("extra")
        written = by_key[key]["price_extra"]
        assert (json.loads(written) if written else None) == extra, key
    assert by_key["groq:whisper-large-v3"]["price_extra"].startswith('{"input_per_second": "')
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    providers = json.loads((current_snapshot() / "catalog.json").read_text("utf-8"))
    manifest = {"schema_version": 1, "date": current_snapshot().name}
    validator.validate({"manifest": manifest, "providers": providers})
    bad = json.loads(json.dumps(providers))
    bad["openai"]["models"]["gpt-4o"].setdefault("cost", {}).setdefault("extra", {})["per_hour"] = (
        "1"
    )
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"manifest": manifest, "providers": bad})


def test_the_cli_prices_tiers_and_units(capsys: pytest.CaptureFixture[str]) -> None:
    from llm_catalog._cli import main

    # A model of the package with batch prices and none for flex (its prices change
    # from release to release: chosen by what it has, not by name).
    model = min(
        (m for m in Catalog.packaged() if m.cost.extra is not None),
        key=lambda m: (m.provider.value != "openai", m.cost.extra.flex is not None,  # type: ignore[union-attr]
                       m.cost.extra.batch is None, m.key),  # type: ignore[union-attr]
    )  # fmt: skip
    assert model.cost.extra is not None and model.cost.extra.batch is not None
    assert model.cost.extra.flex is None
    args = ["cost", model.key, "--input-tokens", "1000000", "--service-tier", "batch"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["service_tier"] == "batch"
    assert data["total_usd"] == format(model.cost_of(
        input_tokens=1_000_000, service_tier="batch").total, "f")  # fmt: skip
    assert main(["cost", "groq:whisper-large-v3", "--seconds", "60"]) == 0
    assert "per second, not per 1M tokens" in capsys.readouterr().out
    assert main(["cost", model.key, "--input-tokens", "1", "--service-tier", "flex"]) == 2
    assert f"{model.key} has no flex prices" in capsys.readouterr().err


def test_unusable_rarer_prices_are_reported_by_entry_and_field() -> None:
    report = Report()
    entry = litellm._entry(
        "acme/speech-1",
        {
            "litellm_provider": "openai",
            "input_cost_per_character": "cheap",
            "output_cost_per_second": -1,
            "search_context_cost_per_query": {"search_context_size_huge": Decimal("0.01")},
            "input_cost_per_token_batches": Decimal("1e-06"),  # read as the feed parses it
        },
        report,
        Counter(),
    )
    assert entry is not None
    found = {(f.model, f.field): f.message for f in report.findings}
    assert "expected a number" in found[("acme/speech-1", "input_cost_per_character")]
    assert "not a usable price" in found[("acme/speech-1", "output_cost_per_second")]
    assert "unknown search context sizes ['huge']" in found[("acme/speech-1", "cost.extra")]
    assert "cost.extra" not in entry.values  # nothing half-read ships
