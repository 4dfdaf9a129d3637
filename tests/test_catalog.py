"""Catalog values: packaged, extended, overridden, loaded from snapshots; bad user data."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from dataclasses import FrozenInstanceError, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from llm_catalog import Capability, DatePrecision, Modality, Status, all_models, get_model
from llm_catalog._catalog import (
    Catalog,
    CatalogDataError,
    CustomProvider,
    IncompatibleSnapshotError,
    model_data,
)
from llm_catalog._operational import Latency, Quality, RateLimits
from tests.conftest import REPO

SNAPSHOT = REPO / "snapshots" / llm_catalog.DATA_DATE


@pytest.fixture(scope="module")
def packaged() -> Catalog:
    return Catalog.packaged()


def test_packaged_is_all_models_in_order(packaged: Catalog) -> None:
    models = list(all_models())
    assert packaged.models == tuple(models)
    assert all(a is b for a, b in zip(packaged.models, models, strict=True))
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text("utf-8"))
    assert len(packaged) == manifest["models"] and len(packaged.providers) == manifest["providers"]
    assert packaged.get("openai:gpt-4o") is get_model("openai:gpt-4o")
    assert packaged.get("openai/gpt-4o") is get_model("openai:gpt-4o")
    assert "openai:gpt-4o" in packaged and "openai:nope" not in packaged
    assert list(packaged) == models
    assert Catalog.packaged() is packaged
    assert packaged.by_key["anthropic:claude-sonnet-4-5"].provider is llm_catalog.Provider.ANTHROPIC
    with pytest.raises(KeyError, match="did you mean 'openai:gpt-4o'"):
        packaged.get("openai:gpt-4oo")


def test_catalog_is_immutable(packaged: Catalog) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        packaged.models = ()
    with pytest.raises(TypeError):
        packaged.by_key["x"] = packaged.models[0]  # type: ignore[index]


def test_loading_the_committed_snapshot_equals_the_package(packaged: Catalog) -> None:
    loaded = Catalog.load(SNAPSHOT)
    assert loaded.models == packaged.models  # field for field, every model
    assert all(
        a.provider is b.provider for a, b in zip(loaded.models, packaged.models, strict=True)
    )
    assert dict(loaded.providers) == dict(packaged.providers)
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text("utf-8"))
    assert (loaded.data_date, loaded.version) == (manifest["date"], manifest["version"])
    assert (loaded.data_date, loaded.version) == (llm_catalog.DATA_DATE, llm_catalog.__version__)
    # a directory of dated snapshots: the newest is read
    assert Catalog.load(REPO / "snapshots").origin == str(SNAPSHOT)


def test_model_data_is_the_snapshot_shape(packaged: Catalog) -> None:
    raw = json.loads((SNAPSHOT / "catalog.json").read_text("utf-8"))
    data = packaged.to_data()["providers"]
    assert data == raw


def test_override_returns_a_new_catalog(packaged: Catalog) -> None:
    original = get_model("openai:gpt-4o")
    before = model_data(original)
    changed = packaged.override(
        "openai:gpt-4o",
        status="maintenance",
        cost={"input": "2.0"},  # merged: other prices kept
        rate_limits={"rpm": 500, "tpm": 30_000_000},
        latency=Latency(p50_ms=420, p99_ms=2100.5),
        quality={"coding": 88, "reasoning": 90.5},
        release_date="2024-05",
    )
    model = changed.get("openai:gpt-4o")
    assert model.status is Status.MAINTENANCE
    assert model.cost.input == Decimal("2.0")
    assert model.cost.output == original.cost.output is not None
    assert model.cost.cache_read == original.cost.cache_read
    assert model.rate_limits == RateLimits(rpm=500, tpm=30_000_000)
    assert model.latency == Latency(p50_ms=420, p99_ms=2100.5)
    assert model.quality == Quality(coding=88.0, reasoning=90.5)
    assert (model.release_date, model.release_date_precision) == (
        date(2024, 5, 1),
        DatePrecision.MONTH,
    )
    # everything else is the same object as before
    for field in ("limits", "modalities", "capabilities", "name", "knowledge"):
        assert getattr(model, field) is getattr(original, field)
    # the packaged constant and catalog are untouched
    assert get_model("openai:gpt-4o") is original and model_data(original) == before
    assert packaged.get("openai:gpt-4o") is original
    assert len(changed) == len(packaged)
    assert changed.models.index(model) == packaged.models.index(original)
    again = changed.override("openai:gpt-4o", status=Status.DISABLED, capabilities=set())
    assert again.get("openai:gpt-4o").status is Status.DISABLED
    assert again.get("openai:gpt-4o").capabilities == frozenset()
    assert changed.get("openai:gpt-4o").status is Status.MAINTENANCE


def test_override_reports_every_bad_field(packaged: Catalog) -> None:
    with pytest.raises(CatalogDataError) as info:
        packaged.override(
            "openai:gpt-4o",
            status="sunset",
            cost={"input": "cheap", "output": -1},
            rate_limits={"rpm": 0, "rpd": 5},
            quality={"coding": 101},
            latency={"p50_ms": "fast"},
            capabilities=["tool_call", "telepathy"],
            release_date="2024-13-01",
            contxt=5,
            id="other",
        )
    assert {p.field for p in info.value.problems} == {
        "contxt",
        "id",
        "status",
        "cost.input",
        "cost.output",
        "rate_limits.rpm",
        "rate_limits.rpd",
        "quality.coding",
        "latency.p50_ms",
        "capabilities",
        "release_date",
    }
    assert all((p.provider, p.model) == ("openai", "gpt-4o") for p in info.value.problems)
    message = str(info.value)
    assert "11 problems" in message
    assert "provider 'openai', model 'gpt-4o', field 'status': unknown status 'sunset'" in message
    assert "field 'contxt': unknown field" in message
    assert "'telepathy'" in message and "from 0 to 100" in message


def _own_model(**extra: Any) -> dict[str, Any]:
    return {
        "provider": "acme-vllm",
        "id": "llama-3.1-8b-ft",
        "name": "Llama 3.1 8B (our fine-tune)",
        "limits": {"context": 131072, "output": 8192},
        "cost": {"input": "0.05", "output": "0.10"},
        "modalities": {"input": ["text"], "output": ["text"]},
        "capabilities": ["tool_call"],
        "open_weights": True,
        "release_date": "2025-02",
        **extra,
    }


def test_extend_with_own_models(packaged: Catalog) -> None:
    extended = packaged.extend(
        [_own_model()],
        providers=[{"id": "acme-vllm", "name": "ACME vLLM", "env": ["ACME_KEY"]}],
    )
    model = extended.get("acme-vllm:llama-3.1-8b-ft")
    assert isinstance(model.provider, CustomProvider)
    assert model.provider == "acme-vllm" and model.provider.value == "acme-vllm"
    assert model.key == "acme-vllm:llama-3.1-8b-ft"
    assert model.cost.input == Decimal("0.05") and model.limits.context == 131072
    assert model.capabilities == {Capability.TOOL_CALL}
    assert model.modalities.input == {Modality.TEXT}
    assert extended.providers["acme-vllm"].env == ("ACME_KEY",)
    assert extended.providers["acme-vllm"].module == ""
    assert len(extended) == len(packaged) + 1 and "acme-vllm:llama-3.1-8b-ft" not in packaged
    # catalog order is kept: provider id, then model id
    keys = [(m.provider.value, m.id) for m in extended]
    assert keys == sorted(keys)
    # a Model object works too, and overriding an added model
    own = extended.override("acme-vllm:llama-3.1-8b-ft", status="disabled")
    assert own.get("acme-vllm:llama-3.1-8b-ft").status is Status.DISABLED
    twice = extended.extend(
        [
            own.get("acme-vllm:llama-3.1-8b-ft").__class__(
                id="small", provider=model.provider, name="Small"
            )
        ]
    )
    assert twice.get("acme-vllm:small").name == "Small"
    # round trip through JSON: the loaded catalog equals the extended one
    assert Catalog.from_data(json.loads(json.dumps(extended.to_data()))).models == extended.models


def test_extend_reports_every_bad_field(packaged: Catalog) -> None:
    with pytest.raises(CatalogDataError) as info:
        packaged.extend(
            [
                _own_model(limits={"context": 8192.5}, modalities={"input": ["smell"]}),
                _own_model(id="b", cost={"input": float("nan")}, knowledge="yesterday"),
                {"id": "no-provider", "name": "x"},
                _own_model(provider="openai", id="gpt-4o"),
                "not a model",  # type: ignore[list-item]
            ]
        )
    found = [(p.provider, p.model, p.field) for p in info.value.problems]
    assert found == [
        ("acme-vllm", "llama-3.1-8b-ft", "limits.context"),
        ("acme-vllm", "llama-3.1-8b-ft", "modalities.input"),
        ("acme-vllm", "b", "cost.input"),
        ("acme-vllm", "b", "knowledge"),
        (None, "no-provider", "provider"),
        (None, None, None),
        ("openai", "gpt-4o", None),
    ]
    assert "already in the catalog; use override()" in str(info.value)


def _snapshot_copy(tmp_path: Path) -> Path:
    target = tmp_path / "2026-07-03"
    target.mkdir()
    for name in ("manifest.json", "catalog.json"):
        (target / name).write_bytes((SNAPSHOT / name).read_bytes())
    return target


def test_load_refuses_another_schema_version(tmp_path: Path) -> None:
    target = _snapshot_copy(tmp_path)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["schema_version"] = 2
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        IncompatibleSnapshotError, match=r"schema version 2.*reads version 1 only.*Upgrade"
    ):
        Catalog.load(target)
    for stale in (0, True, "1", None):
        manifest["schema_version"] = stale
        (target / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(IncompatibleSnapshotError, match="Regenerate"):
            Catalog.load(target)


def test_load_reports_every_bad_field_of_a_snapshot(tmp_path: Path) -> None:
    target = _snapshot_copy(tmp_path)
    providers = json.loads((target / "catalog.json").read_text())
    broken = copy.deepcopy(providers)
    broken["openai"]["models"]["gpt-4o"]["limits"]["context"] = "128k"
    broken["openai"]["models"]["gpt-4o"]["status"] = "gone"
    broken["anthropic"]["models"]["claude-sonnet-4-5"]["cost"]["tiers"] = [{"input": "1"}]
    broken["anthropic"]["env"] = "ANTHROPIC_API_KEY"
    broken["groq"]["models"]["llama-3.1-8b-instant"]["id"] = "other"
    (target / "catalog.json").write_text(json.dumps(broken))
    with pytest.raises(CatalogDataError) as info:
        Catalog.load(target)
    assert [(p.provider, p.model, p.field) for p in info.value.problems] == [
        ("anthropic", None, "env"),
        ("anthropic", "claude-sonnet-4-5", "cost.tiers[0].above"),
        ("groq", "llama-3.1-8b-instant", "id"),
        ("openai", "gpt-4o", "limits.context"),
        ("openai", "gpt-4o", "status"),
    ]
    (target / "catalog.json").write_text("{not json")
    with pytest.raises(CatalogDataError, match="not JSON"):
        Catalog.load(target)


def test_a_newer_snapshot_refreshes_a_running_service(tmp_path: Path) -> None:
    """What a service does: load the newest snapshot again when a new one lands."""
    root = tmp_path / "snapshots"
    root.mkdir()
    first = _snapshot_copy(root)
    price = get_model("openai:gpt-4o").cost.input
    assert price is not None
    assert Catalog.load(root).get("openai:gpt-4o").cost.input == price
    newer = root / "2026-07-09"
    newer.mkdir()
    manifest = json.loads((first / "manifest.json").read_text())
    manifest["date"] = "2026-07-09"
    providers = json.loads((first / "catalog.json").read_text())
    providers["openai"]["models"]["gpt-4o"]["cost"]["input"] = str(price + Decimal("0.25"))
    providers["newlab"] = {
        "id": "newlab",
        "name": "New Lab",
        "models": {"m1": {"id": "m1", "name": "M1"}},
    }
    (newer / "manifest.json").write_text(json.dumps(manifest))
    (newer / "catalog.json").write_text(json.dumps(providers))
    refreshed = Catalog.load(root)
    assert refreshed.data_date == "2026-07-09"
    assert refreshed.get("openai:gpt-4o").cost.input == price + Decimal("0.25")
    assert refreshed.get("newlab:m1").provider.value == "newlab"
    assert get_model("openai:gpt-4o").cost.input == price


def test_operational_fields_mirror_the_generator_schema() -> None:
    from generator import schema
    from llm_catalog._model import Model

    runtime = [f.name for f in fields(Model) if not f.name.endswith("_precision")]
    assert [n for n in runtime if n != "provider"] == list(schema.Model.model_fields)
    for cls, mirror in (
        (RateLimits, schema.RateLimits),
        (Latency, schema.Latency),
        (Quality, schema.Quality),
    ):
        assert [f.name for f in fields(cls)] == list(mirror.model_fields)
    assert {"maintenance", "disabled"} <= {v for _, v, _ in schema.STATUSES}
    from llm_catalog._model import PRICE_FIELDS

    assert PRICE_FIELDS == schema.PRICE_FIELDS  # the runtime's and the generator's lists
    assert [f.name for f in fields(llm_catalog.Cost)] == [*PRICE_FIELDS, "tiers", "extra"]
    assert list(schema.Cost.model_fields) == [*PRICE_FIELDS, "tiers", "extra"]
    from llm_catalog import _extra

    assert [f.name for f in fields(_extra.ExtraPrices)] == list(schema.ExtraPrices.model_fields)
    assert _extra.SERVICE_TIERS == schema.SERVICE_TIERS
    assert _extra.UNIT_PRICES == schema.UNIT_PRICES
    assert _extra.SEARCH_CONTEXTS == schema.SEARCH_CONTEXTS
    with pytest.raises(FrozenInstanceError):
        RateLimits(rpm=1).rpm = 2  # type: ignore[misc]


def test_operational_fields_render_only_when_set() -> None:
    """The generator writes operational fields into a provider module only when
    an override sets them, and the module evaluates to the same values."""
    from generator import render, schema

    raw = json.loads((SNAPSHOT / "catalog.json").read_text("utf-8"))
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text("utf-8"))
    plain = schema.Catalog.model_validate(
        {"manifest": manifest, "providers": {"groq": raw["groq"]}}
    )
    text = render.render_files(plain)["groq.py"]
    assert "rate_limits" not in text and "RateLimits" not in text
    raw["groq"]["models"]["llama-3.1-8b-instant"].update(
        rate_limits={"rpm": 30, "tpm": 6000},
        latency={"p50_ms": 120.5},
        quality={"summarization": 61},
        status="maintenance",
    )
    rich = schema.Catalog.model_validate({"manifest": manifest, "providers": {"groq": raw["groq"]}})
    text = render.render_files(rich)["groq.py"]
    code = subprocess.run(
        [
            sys.executable,
            "-c",
            f"exec(compile({text!r}, 'groq.py', 'exec')); "
            "m = MODELS['llama-3.1-8b-instant']; print(m.rate_limits, m.latency, m.quality, m.status)",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert code == (
        "RateLimits(rpm=30, tpm=6000) Latency(p50_ms=120.5, p99_ms=None) "
        "Quality(reasoning=None, coding=None, creative=None, summarization=61.0) maintenance"
    )


def test_catalog_module_is_lazy() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, llm_catalog; llm_catalog.Provider;"
            "print(sorted({'llm_catalog._catalog', 'llm_catalog._export', 'llm_catalog.discover', "
            "'socket', 'http.client'} & set(sys.modules)))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"
