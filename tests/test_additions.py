"""Models only the secondary sources know (generator/additions.py), on the recorded data.

Facts are pinned to the recorded release (`RECORDED`, built from the documents in
`../shared/upstream/`); properties of the installed package are checked against the
snapshot it was rendered from (`current_snapshot()`)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

import llm_catalog
from generator import additions, changelog, history, invariants, schema
from generator.sources import litellm, load_entries, openrouter
from llm_catalog import Kind, get_model, resolve
from tests.conftest import (
    RECORDED,
    REPO,
    UPSTREAM,
    current_model,
    current_snapshot,
    recorded_release,
)

RECORDED_DIR = REPO / "snapshots" / RECORDED
LITELLM_DOCUMENT = UPSTREAM / "litellm-model-prices-1.106.2.json"
MODELS_DEV_DOCUMENT = UPSTREAM / "models-dev-2026-07-02.json"

ONLY_LITELLM = {
    "openai:whisper-1": ("whisper-1", "transcription"),
    "openai:tts-1": ("tts-1", "speech"),
    "openai:omni-moderation-latest": ("omni-moderation-latest", "moderation"),
    "cohere:rerank-v3.5": ("rerank-v3.5", "rerank"),
    "openai:gpt-4o-mini-2024-07-18": ("gpt-4o-mini-2024-07-18", "chat"),
}
"""Catalog key -> (the LiteLLM key that lists it, the kind LiteLLM's `mode` gives)."""


def _json(name: str) -> Any:
    return json.loads((RECORDED_DIR / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def recorded() -> schema.Catalog:
    """The recorded release, read through the history (a later release stores its
    `catalog.json` as a delta)."""
    return recorded_release()


@pytest.fixture(scope="module")
def added(recorded: schema.Catalog) -> dict[str, str]:
    """Added model key -> the source that added it, in the recorded release."""
    return {
        key: fields[additions.ADDED_BY]
        for key, fields in recorded.provenance.items()
        if additions.ADDED_BY in fields
    }


@pytest.fixture(scope="module")
def models_dev_only(recorded: schema.Catalog, added: dict[str, str]) -> dict[str, schema.Provider]:
    """The recorded release's providers without the added models: models.dev's model set."""
    out = {}
    for pid, provider in recorded.providers.items():
        models = {m: v for m, v in provider.models.items() if f"{pid}:{m}" not in added}
        out[pid] = provider.model_copy(update={"models": models})
    return out


def test_models_only_litellm_lists_are_in_the_recorded_release(
    recorded: schema.Catalog, added: dict[str, str]
) -> None:
    feed = json.loads(MODELS_DEV_DOCUMENT.read_bytes())
    document = json.loads(LITELLM_DOCUMENT.read_bytes())
    for key, (litellm_key, kind) in ONLY_LITELLM.items():
        pid, _, mid = key.partition(":")
        assert mid not in feed[pid]["models"], f"{key} is a models.dev model"
        assert litellm_key in document, litellm_key
        model = recorded.providers[pid].models[mid]
        assert model.kind == kind, key
        assert added[key] == "litellm"
        fields = recorded.provenance[key]
        assert model.name == mid  # derived from the id: LiteLLM names no model
        if kind != "chat":
            assert fields["kind"] == "litellm"
        # Every value it has is LiteLLM's: nothing defaults to models.dev.
        limits = model.limits.model_dump(exclude_none=True)
        assert all(fields[f"limits.{name}"] == "litellm" for name in limits), key
        prices = model.cost.model_dump(exclude_none=True, exclude={"tiers"})
        assert all(fields[f"cost.{name}"] == "litellm" for name in prices), key


def test_litellm_prices_reach_the_added_models(recorded: schema.Catalog) -> None:
    """gpt-4o-mini-2024-07-18 at LiteLLM's own prices (USD per token x 1,000,000)."""
    document = json.loads(LITELLM_DOCUMENT.read_bytes())
    entry = document["gpt-4o-mini-2024-07-18"]
    model = recorded.providers["openai"].models["gpt-4o-mini-2024-07-18"]
    million = Decimal(1_000_000)
    assert model.cost.input == Decimal(str(entry["input_cost_per_token"])) * million
    assert model.cost.output == Decimal(str(entry["output_cost_per_token"])) * million
    assert model.limits.context == entry["max_input_tokens"]


def test_get_model_and_resolve_on_added_models() -> None:
    """The installed package against the snapshot it was rendered from."""
    provenance = json.loads((current_snapshot() / "provenance.json").read_text("utf-8"))
    present = [k for k in ONLY_LITELLM if k in provenance]
    if llm_catalog.DATA_DATE == RECORDED:
        assert present == list(ONLY_LITELLM)
    for key in present:
        model = get_model(key)
        data = current_model(key)
        assert resolve(key) is model
        assert model.kind == Kind(data.get("kind", "chat"))
        assert model.name == data["name"]
        sources = model.sources
        adder = provenance[key][additions.ADDED_BY]
        assert sources[additions.ADDED_BY] == adder
        assert "models.dev" not in sources.values(), (key, dict(sources))
        for path, source in provenance[key].items():
            assert sources[path] == source
    # A models.dev model keeps models.dev as its default source.
    assert get_model("openai:gpt-4o").sources["cost.input"] in ("models.dev", "override")
    assert additions.ADDED_BY not in get_model("openai:gpt-4o").sources


def test_a_dated_snapshot_is_a_model_beside_its_undated_model(recorded: schema.Catalog) -> None:
    matching = _json("matching.json")["litellm"]["matched"]
    openai = recorded.providers["openai"].models
    assert {"gpt-4o-mini", "gpt-4o-mini-2024-07-18"} <= set(openai)
    assert matching["openai:gpt-4o-mini"]["entry"] == "gpt-4o-mini"
    assert matching["openai:gpt-4o-mini-2024-07-18"] == {
        "entry": "gpt-4o-mini-2024-07-18",
        "rule": "exact id",
    }
    # Two LiteLLM keys naming one id are one model: `azure/...` and `azure_ai/...`
    # are not both added, and `openai/gpt-4o-mini-2024-07-18` is no second model.
    assert "openai/gpt-4o-mini-2024-07-18" not in openai


def test_added_models_duplicate_no_models_dev_model(
    recorded: schema.Catalog, added: dict[str, str], models_dev_only: dict[str, schema.Provider]
) -> None:
    for key in added:
        pid, _, mid = key.partition(":")
        assert mid.lower() not in {m.lower() for m in models_dev_only[pid].models}, key
    # Re-run on the stored entries: the same ids, each once, none models.dev's.
    for name, source in (("litellm", litellm), ("openrouter", openrouter)):
        stored = _json(f"sources/{name}.json")["entries"]
        proposed = source.additions(load_entries(stored, name), models_dev_only)
        from_source = {k for k, s in added.items() if s == name}
        assert {f"{p}:{m}" for p, ids in proposed.items() for m in ids} >= from_source
        for pid, ids in proposed.items():
            assert not ids & set(models_dev_only[pid].models), pid


def test_added_models_pass_the_invariants_and_lifecycle(
    recorded: schema.Catalog, added: dict[str, str]
) -> None:
    only_added = {}
    for pid, provider in recorded.providers.items():
        models = {m: v for m, v in provider.models.items() if f"{pid}:{m}" in added}
        if models:
            only_added[pid] = provider.model_copy(update={"models": models})
    # Already repaired: enforcing again changes nothing (what is left is reported
    # only, as for models.dev's models).
    assert invariants.enforce(only_added)[0] == only_added
    assert all(f.severity == "info" for f in invariants.remaining(only_added))
    retired = 0
    for key in added:
        pid, _, mid = key.partition(":")
        model = recorded.providers[pid].models[mid]
        if model.deprecation_date is not None:
            expected = "retired" if model.deprecation_date <= RECORDED else "deprecated"
            assert model.status == expected, key
            retired += model.status == "retired"
    assert retired > 0  # LiteLLM's deprecation dates in the past retire models


def test_match_report_gives_the_share_of_entries_denoting_a_model(added: dict[str, str]) -> None:
    report = _json("matching.json")["litellm"]
    share = report["entries_denoting_a_catalog_model"]
    entries = load_entries(_json("sources/litellm.json")["entries"], "litellm")
    assert share["of"] == len(entries) == 4240
    assert share["count"] == sum(share["by_reason"].values())
    assert share["share"] == f"{share['count'] / share['of']:.1%}"
    assert report["models_added"] == Counter(added.values())["litellm"]
    assert share["by_reason"]["a model this source added, by exact id"] > 0
    # Before secondary sources added models, 724 entries matched (issue 15).
    assert share["count"] > 2 * 724
    assert report["unmatched_by_reason"].get("no such model id", 0) == 0


def test_changelog_counts_models_added_by_each_source(added: dict[str, str]) -> None:
    catalogs = {c.manifest.date: c for c in history.load(REPO / "snapshots").catalogs}
    dates = sorted(catalogs)
    before = catalogs[dates[dates.index(RECORDED) - 1]]
    log = changelog.diff(before, catalogs[RECORDED])
    assert sum(log.added_by.values()) == len(log.added)
    new_keys = set(log.added)
    for source in ("litellm", "openrouter"):
        assert log.added_by[source] == sum(
            1 for k, s in added.items() if s == source and k in new_keys
        )
    assert f"{log.added_by['litellm']} listed by `litellm`" in changelog.markdown(log)


def test_a_dated_entry_fills_its_undated_model_and_is_a_model_of_its_own(
    models_dev_only: dict[str, schema.Provider],
) -> None:
    """The recorded LiteLLM entries without `gpt-4o-mini` itself: its dated entry
    becomes the model `gpt-4o-mini-2024-07-18` and still fills `gpt-4o-mini`."""
    stored = _json("sources/litellm.json")["entries"]
    entries = [
        e
        for e in load_entries(stored, "litellm")
        if e.key not in ("gpt-4o-mini", "openai/gpt-4o-mini")
    ]
    proposed = litellm.additions(entries, models_dev_only)
    assert "gpt-4o-mini-2024-07-18" in proposed["openai"]
    added = frozenset(("openai", mid) for mid in proposed["openai"])
    grown = additions.extend(models_dev_only, dict.fromkeys(added, "litellm"))
    matching = litellm.match(entries, grown, added)
    dated = ("openai", "gpt-4o-mini-2024-07-18")
    assert matching.matched[dated].key == "gpt-4o-mini-2024-07-18"
    assert matching.how[dated] == "exact id"
    assert matching.matched[("openai", "gpt-4o-mini")].key == "gpt-4o-mini-2024-07-18"
    assert matching.how[("openai", "gpt-4o-mini")] == "dated snapshot"
    # Without the added models, the same entry fills the undated model only.
    before = litellm.match(entries, models_dev_only)
    assert before.matched[("openai", "gpt-4o-mini")].key == "gpt-4o-mini-2024-07-18"
    assert dated not in before.matched


def test_skeletons_take_their_modalities_from_the_kind_and_flags() -> None:
    """What coherence then keeps: a transcription model reads audio; LiteLLM's
    `supports_vision` is image input (generator/additions.py)."""
    assert additions.modalities({"kind": "transcription"}) == schema.Modalities(
        input=("audio",), output=("text",)
    )
    assert additions.modalities({"capabilities.vision": True}) == schema.Modalities(
        input=("image", "text"), output=("text",)
    )
    assert additions.display_name("meta-llama/Llama-3-8b") == "Llama-3-8b"
    assert additions.display_name("x-ai/grok-4", "xAI: Grok 4") == "Grok 4"


def test_models_only_openrouter_lists_take_its_name(
    recorded: schema.Catalog, added: dict[str, str]
) -> None:
    listed = json.loads((UPSTREAM / "openrouter-models-2026-07-01.json").read_bytes())["data"]
    names = {m["id"]: m["name"] for m in listed}
    models = recorded.providers["openrouter"].models
    from_openrouter = [k for k, s in added.items() if s == "openrouter"]
    assert len(from_openrouter) == 52
    for key in from_openrouter:
        mid = key.partition(":")[2]
        author, sep, rest = names[mid].strip().partition(": ")
        assert models[mid].name == (rest if sep else author), key
