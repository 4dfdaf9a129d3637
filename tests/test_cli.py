"""The llm-catalog command, run as a new user would: a real subprocess each time."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, current_manifest, current_snapshot

COMMANDS = ["list", "show", "find", "select", "compare", "cost", "providers", "stats"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_catalog", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def assert_fits(text: str) -> None:
    widest = max(len(line) for line in text.splitlines())
    assert widest <= 100, f"{widest} columns"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_everywhere(command: str | None) -> None:
    out = ok(*([command] if command else []), "--help")
    assert "usage: llm-catalog" in out
    if command is None:
        for c in COMMANDS:
            assert c in out
    else:
        assert "--json" in out


TABLES = [
    ["list", "--provider", "openai"],
    ["list", "--limit", "40"],
    ["show", "anthropic:claude-sonnet-4-5"],
    ["find", "--require", "tool_call", "--input", "image", "--min-context", "128000"],
    ["find", "--provider", "openrouter", "--sort", "input_cost", "--reverse", "--limit", "30"],
    ["select", "--require", "tool_call,reasoning", "--min-context", "200000"],
    ["compare", "openai:gpt-4o", "anthropic:claude-sonnet-4-5", "google:gemini-2.5-pro"],
    ["compare", *(f"openai:{m}" for m in ("gpt-4o", "gpt-4.1", "gpt-5", "o3", "gpt-5.4"))],
    ["cost", "openai:gpt-5.4", "--input-tokens", "300000", "--output-tokens", "1000"],
    ["providers"],
    ["stats"],
]


@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a)[:40])
def test_tables_fit_100_columns_and_json_parses(args: list[str]) -> None:
    text = ok(*args)
    assert text.strip()
    assert_fits(text)
    data = json.loads(ok(*args, "--json"))
    assert data


def test_find_json_is_what_find_returns() -> None:
    from llm_catalog import find

    args = ["--require", "reasoning", "--provider", "openai,anthropic", "--max-input-cost", "3"]
    data = json.loads(ok("find", *args, "--json"))
    expected = find(require=["reasoning"], providers=["openai", "anthropic"], max_input_cost=3)
    assert [m["key"] for m in data] == [m.key for m in expected]
    assert data[0]["cost"]["input"] == format(expected[0].cost.input, "f")
    table = ok("find", *args)
    assert f"{len(expected)} models" in table


def test_select_and_cost_json() -> None:
    data = json.loads(
        ok(
            "select",
            "--provider",
            "openai",
            "--require",
            "tool_call",
            "--input-tokens",
            "10000",
            "--output-tokens",
            "500",
            "--json",
        )
    )
    assert data["model"]["provider"] == "openai"
    assert data["cost"]["complete"] is True
    cost = json.loads(
        ok(
            "cost",
            "openai:gpt-5.4",
            "--input-tokens",
            "300000",
            "--cache-read-tokens",
            "100000",
            "--output-tokens",
            "10000",
            "--reasoning-tokens",
            "4000",
            "--json",
        )
    )
    assert Decimal(cost["total_usd"]) == Decimal("1.275")
    assert cost["tier_above"] == 272000
    exclusive = json.loads(
        ok(
            "cost",
            "openai:gpt-4o",
            "--input-tokens",
            "10",
            "--cache-read-tokens",
            "20",
            "--exclusive",
            "--json",
        )
    )
    assert exclusive["prompt_tokens"] == 30
    unpriced = ok("cost", "openai:gpt-4o", "--output-tokens", "100", "--output-audio-tokens", "50")
    assert "NOT PRICED" in unpriced and "output_audio" in unpriced
    stand_in = ok("cost", "openai:gpt-4o", "--input-tokens", "100", "--cache-write-tokens", "50")
    assert "cache_write: no cache-write price: billed at the input price" in stand_in


def test_show_resolves_aliases_and_providers_lists_defaults() -> None:
    assert (
        json.loads(ok("show", "claude-3-7-sonnet", "--provider", "anthropic", "--json"))["key"]
        == "anthropic:claude-3-7-sonnet-20250219"
    )
    providers = json.loads(ok("providers", "--json"))
    manifest = current_manifest()
    assert len(providers) == manifest["providers"]
    assert all(p["default_model"] for p in providers if p["models"])
    stats = json.loads(ok("stats", "--json"))
    assert stats["models"] == manifest["models"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "claude-3-5-haiku-20241022"], 1, "served by"),
        (["show", "openai:gpt-4oo"], 1, "did you mean 'openai:gpt-4o'"),
        (["show", "gpt-4o", "--provider", "opneai"], 1, "no provider 'opneai'"),
        (["compare", "openai:gpt-4o", "nope:nothing"], 1, "no model"),
        (
            ["cost", "openai:gpt-4o", "--input-tokens", "1", "--cache-read-tokens", "5"],
            2,
            "--exclusive",
        ),
        (["select", "--provider", "openai", "--min-context", "999999999"], 1, "no model meets"),
        (["find", "--provider", "opneai"], 1, "no provider 'opneai'"),
        (["find", "--require", "flying"], 2, "invalid choice 'flying'"),
        (["find", "--max-input-cost", "cheap"], 2, "not a price"),
        (["find", "--min-context", "-5"], 2, "must not be negative"),
        (["find", "--released-after", "2025-13-01"], 2, "not a YYYY-MM-DD date"),
        (["find", "--open-weights", "--closed-weights"], 2, "not allowed with"),
        (["frobnicate"], 2, "invalid choice"),
        ([], 2, "required"),
    ],
)
def test_errors_have_messages_and_exit_codes(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == "" or args[0] == "select"


def test_console_script_is_declared() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["llm-catalog"] == "llm_catalog._cli:main"
    from llm_catalog._cli import main

    assert main(["stats", "--json"]) == 0


def _packaged_input_price(provider: str, model: str) -> Decimal:
    """The model's input price in the snapshot the package was rendered from."""
    providers = json.loads((current_snapshot() / "catalog.json").read_text("utf-8"))
    return Decimal(providers[provider]["models"][model]["cost"]["input"])


def _in_maintenance(providers: dict[str, Any]) -> str:
    """The OpenAI model `_newer_snapshot` puts in maintenance: gpt-4o-mini while the
    feed has it, else another active tool-calling one."""
    models = providers["openai"]["models"]
    candidates = [
        mid
        for mid, model in models.items()
        if mid not in ("gpt-4o", "gpt-4.1")
        and model.get("status", "active") == "active"
        and "tool_call" in model.get("capabilities", ())
    ]
    return "gpt-4o-mini" if "gpt-4o-mini" in candidates else sorted(candidates)[0]


def _newer_snapshot(root: Path) -> Path:
    """A snapshot written after this release: a price cut, a model in maintenance,
    a new provider with a new model, and quality scores on two models."""
    import llm_catalog

    source = REPO / "snapshots" / llm_catalog.DATA_DATE
    target = root / "2026-07-09"
    target.mkdir(parents=True)
    manifest = json.loads((source / "manifest.json").read_text())
    manifest["date"] = "2026-07-09"
    providers = json.loads((source / "catalog.json").read_text())
    openai = providers["openai"]["models"]
    openai["gpt-4o"]["cost"].update({"input": "0.01", "output": "0.02"})
    openai["gpt-4o"]["quality"] = {"coding": 88}
    openai["gpt-4.1"]["quality"] = {"coding": 91}
    openai["gpt-4.1"]["latency"] = {"p99_ms": 1200}
    openai[_in_maintenance(providers)]["status"] = "maintenance"
    providers["newlab"] = {
        "id": "newlab",
        "name": "New Lab",
        "models": {
            "nl-1-2026-07-01": {
                "id": "nl-1-2026-07-01",
                "name": "NL 1",
                "limits": {"context": 200000, "output": 16000},
                "cost": {"input": "3", "output": "9"},
                "modalities": {"input": ["text"], "output": ["text"]},
                "capabilities": ["tool_call"],
            }
        },
    }
    (target / "manifest.json").write_text(json.dumps(manifest))
    (target / "catalog.json").write_text(json.dumps(providers))
    return root


def test_catalog_option_asks_a_newer_snapshot(tmp_path: Path) -> None:
    root = str(_newer_snapshot(tmp_path / "snapshots"))
    packaged_data = json.loads((current_snapshot() / "catalog.json").read_text("utf-8"))
    resting = "openai:" + _in_maintenance(packaged_data)
    # select: the price cut makes gpt-4o OpenAI's cheapest tool-calling model there
    packaged = json.loads(ok("select", "--provider", "openai", "--require", "tool_call", "--json"))
    newer = json.loads(
        ok("select", "--provider", "openai", "--require", "tool_call", "--catalog", root, "--json")
    )
    assert packaged["model"]["key"] != "openai:gpt-4o"
    assert newer["model"]["key"] == "openai:gpt-4o"
    # one typical call (select's default): 4,000 x $0.01 + 1,000 x $0.02 per 1M
    assert newer["cost"]["total_usd"] == "0.00006"
    best = ["select", "--provider", "openai", "--min-quality", "coding=90", "--catalog", root]
    assert json.loads(ok(*best, "--json"))["model"]["key"] == "openai:gpt-4.1"
    slow = [*best, "--max-latency-p99-ms", "1000"]
    assert run(*slow).returncode == 1
    # find: the new provider is there, the model in maintenance is not (unless asked)
    found = json.loads(ok("find", "--provider", "newlab,openai", "--catalog", root, "--json"))
    keys = {m["key"] for m in found}
    assert "newlab:nl-1-2026-07-01" in keys and resting not in keys
    asked = ["find", "--provider", "openai", "--include-unavailable", "--catalog", root]
    assert resting in {m["key"] for m in json.loads(ok(*asked, "--json"))}
    maintenance = ["find", "--status", "maintenance", "--catalog", root, "--json"]
    assert [m["key"] for m in json.loads(ok(*maintenance))] == [resting]
    # show and cost: aliases of new models resolve, prices are the snapshot's
    shown = json.loads(ok("show", "nl-1", "--catalog", root, "--json"))
    assert shown["key"] == "newlab:nl-1-2026-07-01" and shown["quality"] == "balanced"
    cost = ["cost", "openai:gpt-4o", "--input-tokens", "1000000", "--catalog", root, "--json"]
    assert json.loads(ok(*cost))["total_usd"] == "0.01"
    packaged_cost = json.loads(ok(*cost[:4], "--json"))["total_usd"]
    assert Decimal(packaged_cost) == _packaged_input_price("openai", "gpt-4o")
    counts = json.loads(ok("stats", "--catalog", root, "--json"))
    assert counts["by_provider"]["newlab"] == 1
    assert counts["models"] == json.loads(ok("stats", "--json"))["models"] + 1
    assert run("show", "nl-1").returncode == 1  # not in the packaged catalog
    listed = json.loads(ok("providers", "--catalog", root, "--json"))
    newlab = next(p for p in listed if p["id"] == "newlab")
    assert newlab["models"] == 1 and newlab["default_model"] == "nl-1-2026-07-01"


def test_catalog_option_errors(tmp_path: Path) -> None:
    missing = run("find", "--catalog", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "--catalog" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"manifest": {"schema_version": 999}, "providers": {}}))
    result = run("show", "gpt-4o", "--catalog", str(bad))
    assert result.returncode == 2 and "schema version 999" in result.stderr
    assert "Traceback" not in result.stderr


def test_require_accepts_every_capability() -> None:
    from llm_catalog import Capability

    for capability in Capability:
        found = json.loads(ok("find", "--require", capability.value, "--limit", "1", "--json"))
        for model in found:
            assert capability.value in model["capabilities"]
    assert all(c.value in ok("find", "--help") for c in Capability)


def test_show_has_the_lifecycle_fields() -> None:
    # a deprecation date LiteLLM states for Bedrock's Claude Opus 4.1 (recorded release)
    key = "amazon-bedrock:anthropic.claude-opus-4-1-20250805-v1:0"
    data = json.loads(ok("show", key, "--json"))
    assert data["deprecation_date"] == "2027-01-08"
    assert data["aliases"] == [] and data["replacement"] is None and data["removed_on"] is None
    assert data["knowledge_precision"] in ("day", "month", "year")
    text = ok("show", key)
    for field in ("deprecation_date", "replacement", "aliases", "release_date_precision"):
        assert field in text
    assert "2027-01-08" in text


def test_removed_models_resolve_in_the_cli_with_a_warning() -> None:
    for name in ("openai:o1-preview", "o1-preview"):
        result = run("show", name, "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["status"] == "removed" and data["removed_on"] == "2026-07-02"
        assert "warning: model 'openai:o1-preview' is no longer listed upstream" in result.stderr


def test_stats_counts_removed_models() -> None:
    from llm_catalog import removed_models
    from tests.conftest import recorded_history

    data = json.loads(ok("stats", "--json"))
    removed = sum(1 for _ in removed_models())
    # the models the committed history no longer lists, whatever its newest release
    dropped = sum(len(models) for models in recorded_history().tombstones.values())
    assert data["removed"] == data["by_status"]["removed"] == removed == dropped > 0
    assert f"{removed:,} removed" in ok("stats")


def test_list_prints_whole_keys() -> None:
    from llm_catalog import all_models

    text = ok("list", "--include-deprecated", "--include-retired")
    assert "..." not in text
    assert_fits(text)
    keys = {line.split()[0] for line in text.splitlines()[2:] if line and not line[0].isspace()}
    assert keys == {m.key for m in all_models()}
