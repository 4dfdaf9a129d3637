"""Prices of images made, by size and quality (`Cost.extra.image_prices`).

LiteLLM prices an image of OpenAI's Images API under keys of their own
(`low/1024-x-1024/gpt-image-1`, `azure/high/1024-x-1536/gpt-image-1`); the
generator attaches them to the model (`generator/sources/litellm.py`, "Image
prices by size and quality"). Every expected amount is computed by hand from the
recorded LiteLLM document, whose figures the first test checks, and priced with
the prices the catalog recorded for release `RECORDED` (`price_at`), so a nightly
data update does not move them.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from generator import changelog, schema
from generator.report import Report
from generator.sources import dump_entries, litellm, load_entries
from llm_catalog import Catalog, CatalogDataError, get_model
from llm_catalog._export import current_price_rows, json_schema, write_csv, write_sqlite
from llm_catalog._history import price_history
from tests.conftest import (
    RECORDED,
    RECORDED_LITELLM,
    REPO,
    current_model,
    current_snapshot,
    recorded_litellm,
    recorded_model,
    recorded_release,
)

SNAPSHOT = REPO / "snapshots" / RECORDED


def test_the_recorded_litellm_image_figures_and_openais_pricing() -> None:
    doc = recorded_litellm()
    # What LiteLLM states: a price per image made (named `input_cost_per_image`, as
    # its image cost calculator reads it), and per pixel for the same rows.
    assert doc["low/1024-x-1024/gpt-image-1"]["input_cost_per_image"] == Decimal("0.011")
    assert doc["low/1024-x-1024/gpt-image-1"]["input_cost_per_pixel"] == Decimal("1.0490417e-08")
    assert doc["high/1024-x-1536/gpt-image-1"]["input_cost_per_image"] == Decimal("0.25")
    assert doc["high/1536-x-1024/gpt-image-1"]["input_cost_per_image"] == Decimal("0.25")
    assert doc["medium/1536-x-1024/gpt-image-1-mini"]["input_cost_per_image"] == Decimal("0.015")
    assert doc["1024-x-1536/gpt-image-1.5"]["input_cost_per_image"] == Decimal("0.013")
    assert doc["standard/1024-x-1024/gpt-image-1.5"]["input_cost_per_image"] == Decimal("0.009")
    azure = doc["azure/high/1024-x-1536/gpt-image-1"]
    assert azure["input_cost_per_pixel"] == Decimal("1.58945719e-07")
    assert "input_cost_per_image" not in azure
    # Cross-checked against OpenAI's model pages ("Image generation, per image"):
    # https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1 gives
    # low 1024x1024 $0.011 and high 1024x1536 / 1536x1024 $0.25;
    # https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini gives
    # low 1024x1024 $0.005 and medium 1024x1536 $0.015.
    openai_pages = {
        "low/1024-x-1024/gpt-image-1": Decimal("0.011"),
        "high/1024-x-1536/gpt-image-1": Decimal("0.25"),
        "low/1024-x-1024/gpt-image-1-mini": Decimal("0.005"),
        "medium/1024-x-1536/gpt-image-1-mini": Decimal("0.015"),
    }
    for key, published in openai_pages.items():
        assert doc[key]["input_cost_per_image"] == published, key
    # The price per pixel is the price per image over its pixels, rounded: so the
    # price per image wins where a key gives both.
    per_pixel = doc["low/1024-x-1024/gpt-image-1"]["input_cost_per_pixel"] * 1024 * 1024
    assert per_pixel == Decimal("0.010999999496192") != Decimal("0.011")


# -- the generator's rule ----------------------------------------------------------


def test_image_keys_read_exactly_or_say_why_not() -> None:
    read = litellm.image_key
    assert read("hd/1024-x-1792/dall-e-3") == litellm.ImageKey(
        "dall-e-3", "hd", "1024x1792", 1024 * 1792
    )
    assert read("azure/low/1024-x-1536/gpt-image-1") == litellm.ImageKey(
        "gpt-image-1", "low", "1024x1536", 1024 * 1536
    )
    assert read("1024-x-1024/gpt-image-1.5") == litellm.ImageKey(
        "gpt-image-1.5", None, "1024x1024", 1024 * 1024
    )
    for other in ("gpt-image-1", "azure/gpt-image-1", "fal_ai/low/1024-x-768/gpt-image-2"):
        assert read(other) is None, other  # no image price key (fal_ai is no route we map)
    assert "is not one model id" in str(read("1024-x-1024/50-steps/stability.sdxl-v1"))
    assert "quality 'xhigh'" in str(read("xhigh/1024-x-1024/gpt-image-2"))
    assert "no WIDTH-x-HEIGHT size" in str(read("low/gpt-image-1"))
    assert "no WIDTH-x-HEIGHT size" in str(read("low/0-x-1024/gpt-image-1"))


def test_an_image_key_becomes_one_row_and_a_bad_one_is_reported() -> None:
    doc = recorded_litellm()
    no_price = {k: v for k, v in doc["medium/1024-x-1024/gpt-image-1"].items() if "cost" not in k}
    document = {
        "azure/hd/1024-x-1792/dall-e-3": doc["azure/hd/1024-x-1792/dall-e-3"],
        "low/1024-x-1024/gpt-image-1": doc["low/1024-x-1024/gpt-image-1"],
        "medium/1024-x-1024/gpt-image-1": no_price,
    }
    report = Report()
    # Decimals written as JSON numbers (the shortest float repr reads back exactly).
    entries = litellm.parse(json.dumps(document, default=float).encode(), "litellm.json", report)
    by_key = {e.key: e.values for e in entries}
    dalle = by_key["azure/hd/1024-x-1792/dall-e-3"]["cost.extra"]
    assert isinstance(dalle, schema.ExtraPrices)
    # per pixel x width x height, exactly: 7.19343e-08 x 1,835,008
    per_pixel = doc["azure/hd/1024-x-1792/dall-e-3"]["input_cost_per_pixel"]
    assert per_pixel == Decimal("7.19343e-08")
    assert dalle.image_prices == (
        schema.ImagePrice(quality="hd", size="1024x1792", price=Decimal("0.1320000159744")),
    )
    [row] = by_key["low/1024-x-1024/gpt-image-1"]["cost.extra"].image_prices  # type: ignore[union-attr]
    assert row.price == Decimal("0.011")  # the price per image, not the rounded per pixel
    assert by_key["medium/1024-x-1024/gpt-image-1"] == {}
    [finding] = [f for f in report.findings if f.model == "medium/1024-x-1024/gpt-image-1"]
    assert "no price per image or per pixel" in finding.message
    # The rows survive the snapshot's stored entries.
    stored = load_entries(json.loads(json.dumps(dump_entries(entries))), "test")
    assert {e.key: e.values for e in stored} == by_key


def test_rows_join_the_model_entry_beside_its_other_rarer_prices() -> None:
    entries = litellm.parse(RECORDED_LITELLM.read_bytes(), "litellm.json", Report())
    catalog = recorded_release()
    result = litellm.match(entries, {"openai": catalog.providers["openai"]})
    entry = result.matched[("openai", "gpt-image-1")]
    assert entry.key == "gpt-image-1"
    extra = entry.values["cost.extra"]
    assert isinstance(extra, schema.ExtraPrices)
    assert extra.batch is not None and extra.batch.input == Decimal("2.5")  # kept
    rows = {(r.quality, r.size): r.price for r in extra.image_prices}
    assert rows == {
        ("low", "1024x1024"): Decimal("0.011"),
        ("low", "1024x1536"): Decimal("0.016"),
        ("low", "1536x1024"): Decimal("0.016"),
        ("medium", "1024x1024"): Decimal("0.042"),
        ("medium", "1024x1536"): Decimal("0.063"),
        ("medium", "1536x1024"): Decimal("0.063"),
        ("high", "1024x1024"): Decimal("0.167"),
        ("high", "1024x1536"): Decimal("0.25"),
        ("high", "1536x1024"): Decimal("0.25"),
    }
    assert result.image_prices["low/1024-x-1024/gpt-image-1"] == ("openai", "gpt-image-1")
    # gpt-image-1.5's rows: by size alone first, then standard, low, medium, high.
    names = [r.name for r in result.matched[("openai", "gpt-image-1.5")].values["cost.extra"].image_prices]  # type: ignore[union-attr]  # fmt: skip
    assert names[:4] == [
        "image.1024x1024",
        "image.1024x1536",
        "image.1536x1024",
        "image.standard.1024x1024",
    ]
    assert names[-1] == "image.high.1536x1024"
    # A row for a model the provider does not have stays reported, with the reason.
    azure = litellm.match(entries, {"azure": catalog.providers["azure"]})
    reasons = {m.key: m.reason for m in azure.unmatched}
    assert reasons["azure/hd/1024-x-1792/dall-e-3"] == (
        "image size or quality variant: no model 'dall-e-3' under azure to price"
    )
    # Two keys for one row of one model: the first (by key) wins, the other is reported.
    twice = [*entries, replace(next(e for e in entries if e.key == "low/1024-x-1024/gpt-image-1"),
                               key="openai/low/1024-x-1024/gpt-image-1")]  # fmt: skip
    again = litellm.match(twice, {"openai": catalog.providers["openai"]})
    assert {m.key: m.reason for m in again.unmatched}["openai/low/1024-x-1024/gpt-image-1"] == (
        "image size or quality variant: another key already prices image.low.1024x1024 "
        "of openai:gpt-image-1"
    )


def test_the_match_report_counts_the_merged_keys_and_why_others_stay() -> None:
    matching = json.loads((SNAPSHOT / "matching.json").read_text("utf-8"))["litellm"]
    merged = matching["image_prices"]
    assert matching["entries_merged_as_image_prices"] == len(merged) == 64
    assert merged["low/1024-x-1024/gpt-image-1"] == ("openai:gpt-image-1")
    assert merged["azure/high/1024-x-1536/gpt-image-1"] == "azure:gpt-image-1"
    assert merged["low/1024-x-1024/grok-imagine-image-2.0"] == "xai:grok-imagine-image-2.0"
    by_reason = matching["entries_denoting_a_catalog_model"]["by_reason"]
    assert by_reason["an image price of a catalog model, by size and quality"] == 64
    left = {
        key: reason
        for key, reason in matching["unmatched"].items()
        if reason.startswith("image size or quality variant")
    }
    assert len(left) == matching["unmatched_by_reason"]["image size or quality variant"] == 12
    for key, reason in left.items():  # each says why, beyond "a variant"
        assert "dall-e" in key or "steps" in key, key
        assert ("no model 'dall-e" in reason) or ("is not one model id" in reason), reason
    doc = recorded_litellm()
    openai_keys = [
        k
        for k, v in doc.items()
        if isinstance(v, dict)
        and v.get("litellm_provider") in ("openai", "azure", "xai")
        and isinstance(litellm.image_key(k), litellm.ImageKey)
    ]
    assert sorted(openai_keys) == sorted([*merged, *(k for k in left if "dall-e" in k)])


# -- cost_of ---------------------------------------------------------------------------


def test_gpt_image_1_low_1024_for_10_images() -> None:
    model = recorded_model("openai:gpt-image-1")
    call = model.cost_of(images=10, image_size="1024x1024", image_quality="low")
    assert call.total == Decimal("0.110")  # 10 x $0.011
    [part] = call.components
    assert (part.part, part.unit, part.tokens, part.price) == (
        "output_images",
        "image",
        10,
        Decimal("0.011"),
    )
    assert part.note == "low quality, 1024x1024"
    assert call.complete


def test_sizes_qualities_and_tokens_together() -> None:
    doc = recorded_litellm()
    image_1 = recorded_model("openai:gpt-image-1")
    high = image_1.cost_of(images=2, image_size="1536x1024", image_quality="high")
    assert high.total == 2 * doc["high/1536-x-1024/gpt-image-1"]["input_cost_per_image"]
    assert high.total == Decimal("0.50")
    # Prompt tokens and images in one call: 1,000 input tokens at $5 per 1M + 2 x $0.042.
    both = image_1.cost_of(
        input_tokens=1000, images=2, image_size="1024x1024", image_quality="medium"
    )
    assert both.total == Decimal("0.005") + Decimal("0.084")
    assert [c.part for c in both.components] == ["input", "output_images"]
    mini = recorded_model("openai:gpt-image-1-mini")
    assert mini.cost_of(images=7, image_size="1536x1024", image_quality="medium").total == (
        Decimal("0.105")  # 7 x $0.015
    )
    # A row priced by size alone is asked for without a quality.
    image_15 = recorded_model("openai:gpt-image-1.5")
    alone = image_15.cost_of(images=3, image_size="1024x1536")
    assert alone.total == Decimal("0.039")  # 3 x $0.013
    assert alone.components[0].note == "1024x1536"
    assert image_15.cost_of(images=4, image_size="1024x1024", image_quality="standard").total == (
        Decimal("0.036")  # 4 x $0.009
    )


def test_a_price_per_pixel_is_priced_exactly_per_image() -> None:
    """Azure's gpt-image-1 rows are given per pixel: x 1024 x 1536, exactly."""
    per_pixel = recorded_litellm()["azure/high/1024-x-1536/gpt-image-1"]["input_cost_per_pixel"]
    model = recorded_model("azure:gpt-image-1")
    call = model.cost_of(images=2, image_size="1024x1536", image_quality="high")
    assert call.components[0].price == per_pixel * 1024 * 1536 == Decimal("0.249999999369216")
    assert call.total == Decimal("0.499999998738432")


def test_images_without_size_use_the_one_price_or_say_which_rows_exist() -> None:
    image_1 = recorded_model("openai:gpt-image-1")
    with pytest.raises(ValueError) as raised:
        image_1.cost_of(images=2)
    text = str(raised.value)
    assert "openai:gpt-image-1 prices an image by its size and quality" in text
    assert "low 1024x1024 $0.011" in text and "high 1536x1024 $0.25" in text
    # A model with one price per image for any size (and no table) uses it.
    flat = next(
        m
        for m in (recorded_model(k) for k in ("google:imagen-3.0-generate-001",))
        if m.cost.extra is not None and m.cost.extra.output_per_image is not None
    )
    assert flat.cost.extra is not None and flat.cost.extra.output_per_image is not None
    assert flat.cost_of(images=3).total == 3 * flat.cost.extra.output_per_image
    assert recorded_litellm()["gemini/imagen-3.0-generate-001"]["output_cost_per_image"] == Decimal(
        "0.04"
    )
    assert flat.cost_of(images=3).total == Decimal("0.12")
    # ... and refuses a size: its one price is for any size, not for that one.
    with pytest.raises(ValueError, match=r"has no image prices by size and quality.*\$0\.04"):
        flat.cost_of(images=3, image_size="1024x1024")
    # A model with no image price at all: unpriced, never free.
    gpt_4o = recorded_model("openai:gpt-4o")
    assert gpt_4o.cost_of(images=1).unpriced == ("output_images",)


def test_a_size_or_quality_the_model_lacks_is_an_error_naming_everything() -> None:
    image_1 = recorded_model("openai:gpt-image-1")
    with pytest.raises(ValueError) as raised:
        image_1.cost_of(images=2, image_size="1024x1792", image_quality="hd")
    text = str(raised.value)
    assert "openai:gpt-image-1" in text and "quality hd, size 1024x1792" in text
    assert "it has: low 1024x1024 $0.011" in text
    with pytest.raises(ValueError) as raised:
        image_1.cost_of(images=1, image_size="1024x1024")  # no quality: no such row
    assert "quality unspecified, size 1024x1024" in str(raised.value)
    assert "image_quality= low, medium, high for 1024x1024" in str(raised.value)
    # gpt-image-1-mini has no high-quality row in the recorded data: an error, not medium.
    mini = recorded_model("openai:gpt-image-1-mini")
    with pytest.raises(ValueError, match="quality high, size 1024x1024"):
        mini.cost_of(images=1, image_size="1024x1024", image_quality="high")
    for size in ("1024-x-1024", "1024*1024", "big", "0x1024"):
        with pytest.raises(ValueError, match="WIDTHxHEIGHT"):
            image_1.cost_of(images=1, image_size=size, image_quality="low")
    with pytest.raises(ValueError, match="unknown image_quality 'ultra'"):
        image_1.cost_of(images=1, image_size="1024x1024", image_quality="ultra")
    with pytest.raises(ValueError, match="pass images="):
        image_1.cost_of(image_size="1024x1024", image_quality="low")
    # Under a service tier (the data gives tiers' token prices only) images are unpriced.
    batch = image_1.cost_of(
        images=1, image_size="1024x1024", image_quality="low", service_tier="batch"
    )
    assert batch.unpriced == ("output_images",)


def test_the_cli_prices_images_by_size_and_quality(capsys: pytest.CaptureFixture[str]) -> None:
    from llm_catalog._cli import main

    # The package's current gpt-image-1 and its first row (read, not assumed).
    model = get_model("openai:gpt-image-1")
    assert model.cost.extra is not None and model.cost.extra.image_prices
    quality, size, price = model.cost.extra.image_prices[0]
    assert quality is not None
    args = ["cost", model.key, "--images", "4", "--image-size", size]
    assert main([*args, "--image-quality", quality, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert Decimal(data["total_usd"]) == 4 * price
    assert main([*args, "--image-quality", "hd"]) == 2
    assert f"{model.key} has no price for an image of quality hd" in capsys.readouterr().err


# -- data model, loading, exports, history ---------------------------------------------


def test_the_package_carries_the_rows_of_its_snapshot() -> None:
    for key in ("openai:gpt-image-1", "azure:gpt-image-1-mini", "xai:grok-imagine-image-2.0"):
        rows = current_model(key)["cost"]["extra"]["image_prices"]
        extra = get_model(key).cost.extra
        assert extra is not None
        assert [
            {**({"quality": q} if q else {}), "size": s, "price": format(p, "f")}
            for q, s, p in extra.image_prices
        ] == rows, key


def test_loading_round_trips_and_refuses_bad_rows() -> None:
    snapshot = Catalog.load(current_snapshot())
    for key in ("openai:gpt-image-1", "openai:gpt-image-1.5", "azure:gpt-image-1"):
        assert snapshot.get(key).cost.extra == get_model(key).cost.extra, key
        again = Catalog.from_data(snapshot.to_data()).get(key)
        assert again.cost.extra == get_model(key).cost.extra, key
    data = Catalog.packaged().to_data()
    extra = data["providers"]["openai"]["models"]["gpt-image-1"]["cost"]["extra"]
    extra["image_prices"] = [
        {"quality": "ultra", "size": "1024x1024", "price": "1"},
        {"quality": "low", "size": "1024-x-1024", "price": "1"},
        {"quality": "low", "size": "1024x1024", "price": "-1"},
        {"size": "1024x1024", "price": "1", "dpi": 300},
        {"quality": "low", "size": "1024x1536", "price": "1"},
        {"quality": "low", "size": "1024x1536", "price": "2"},
    ]
    with pytest.raises(CatalogDataError) as raised:
        Catalog.from_data(data)
    text = str(raised.value)
    assert "gpt-image-1" in text
    for field in (
        "cost.extra.image_prices[0].quality",
        "cost.extra.image_prices[1].size",
        "cost.extra.image_prices[2].price",
        "cost.extra.image_prices[3].dpi",
        "cost.extra.image_prices[5]",
    ):
        assert field in text, field


def test_exports_carry_the_rows(tmp_path: Path) -> None:
    catalog = Catalog.packaged()
    snapshot_rows = current_model("openai:gpt-image-1")["cost"]["extra"]["image_prices"]
    expected = {
        ".".join(["image", *([r["quality"]] if "quality" in r else []), r["size"]]): Decimal(
            r["price"]
        )
        for r in snapshot_rows
    }
    rows = {
        r.kind: r.usd_per_mtok
        for r in current_price_rows(catalog)
        if r.model_key == "openai:gpt-image-1" and r.kind.startswith("image.")
    }
    assert rows == expected and "image.low.1024x1024" in rows
    sized_alone = {
        r.kind for r in current_price_rows(catalog) if r.model_key == "openai:gpt-image-1.5"
    }
    assert {"image.1024x1024", "image.standard.1024x1024"} <= sized_alone
    out = io.StringIO()
    write_csv(catalog, out)
    by_key = {r["key"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    written = json.loads(by_key["openai:gpt-image-1"]["price_extra"])
    assert written == current_model("openai:gpt-image-1")["cost"]["extra"]
    path = tmp_path / "catalog.sqlite"
    write_sqlite(catalog, path)
    with sqlite3.connect(path) as db:
        found = dict(
            db.execute(
                "SELECT kind, usd_per_mtok_text FROM prices "
                "WHERE model_key = 'openai:gpt-image-1' AND kind LIKE 'image.%'"
            ).fetchall()
        )
    assert {k: Decimal(v) for k, v in found.items()} == expected
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    providers = json.loads((current_snapshot() / "catalog.json").read_text("utf-8"))
    manifest = {"schema_version": 1, "date": current_snapshot().name}
    validator.validate({"manifest": manifest, "providers": providers})
    bad = json.loads(json.dumps(providers))
    bad["openai"]["models"]["gpt-image-1"]["cost"]["extra"]["image_prices"][0]["size"] = "big"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"manifest": manifest, "providers": bad})


def test_the_history_keeps_the_rows_and_a_change_is_a_diff_entry() -> None:
    points = price_history("openai:gpt-image-1")
    at_recorded = next(p for p in reversed(points) if str(p.since.date) <= RECORDED)
    assert at_recorded.cost is not None and at_recorded.cost.extra is not None
    rows = {(q, s): p for q, s, p in at_recorded.cost.extra.image_prices}
    assert rows[("low", "1024x1024")] == Decimal("0.011")
    assert rows[("high", "1024x1536")] == Decimal("0.25")
    # A release in which one row changes and one goes: two lines of the changelog.
    old = recorded_release()
    model = old.providers["openai"].models["gpt-image-1"]
    assert model.cost.extra is not None
    changed = tuple(
        r.model_copy(update={"price": Decimal("0.012")}) if r.name == "image.low.1024x1024" else r
        for r in model.cost.extra.image_prices
        if r.name != "image.high.1536x1024"
    )
    extra = model.cost.extra.model_copy(update={"image_prices": changed})
    cost = model.cost.model_copy(update={"extra": extra})
    models = {
        **old.providers["openai"].models,
        "gpt-image-1": model.model_copy(update={"cost": cost}),
    }
    provider = old.providers["openai"].model_copy(update={"models": models})
    new = old.model_copy(update={"providers": {**old.providers, "openai": provider}})
    log = changelog.diff(old, new)
    found = {
        (c.field, c.old, c.new, c.percent) for c in log.prices if c.key == "openai:gpt-image-1"
    }
    assert found == {
        ("image.low.1024x1024", "0.011", "0.012", "9.1"),  # percent
        ("image.high.1536x1024", "0.25", None, None),
    }
