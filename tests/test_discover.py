"""Discovery against real servers on 127.0.0.1 that answer like Ollama and an
OpenAI-compatible server, well-behaved, slow, trickling, broken and malformed."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from llm_catalog import Capability, Catalog, Modality, get_model
from llm_catalog.discover import (
    DEFAULT_CONTEXT,
    DiscoveryError,
    configured_providers,
    match,
    ollama,
    openai_compatible,
)
from tests.discovery_server import refused_url, serve


def test_configured_providers_from_environment() -> None:
    env = {
        "OPENAI_API_KEY": "sk-test",
        "AZURE_API_KEY": "k",  # AZURE_RESOURCE_NAME missing
        "GEMINI_API_KEY": "g",  # one of Google's alternatives
        "AWS_REGION": "eu-west-1",  # a region is not a credential
        "ANTHROPIC_API_KEY": "",  # empty does not count
    }
    found = {p.provider.id.value: p for p in configured_providers(env)}
    assert set(found) >= {"openai", "azure", "google"}
    assert "amazon-bedrock" not in found and "anthropic" not in found
    assert found["openai"].set == ("OPENAI_API_KEY",) and found["openai"].missing == ()
    assert found["azure"].missing == ("AZURE_RESOURCE_NAME",)
    assert found["google"].set == ("GEMINI_API_KEY",)
    # every provider found holds one of the variables we set, and nothing else is found
    expected = {
        p.id.value
        for p in Catalog.packaged().providers.values()
        if any(env.get(v) for v in p.env if v != "AWS_REGION")
    }
    assert set(found) == expected
    assert configured_providers({}) == []


def test_match_resolves_local_names_to_catalog_models() -> None:
    llama = match("llama3.1:8b")
    assert llama is not None and llama.family == "llama" and llama.open_weights
    assert "3.1-8b" in llama.id.lower() or "3.1-8B" in llama.id
    assert match("meta-llama/Llama-3.1-8B-Instruct") is llama
    assert match("llama3.1:8b-instruct-q4_K_M") is llama
    vision = match("llama3.2-vision:11b")
    assert vision is not None and Modality.IMAGE in vision.modalities.input
    assert match("acme-support-bot:latest") is None


def test_ollama_discovery() -> None:
    with serve() as (url, server):
        found = ollama(url, timeout=5)
    by_name = {d.model.id: d for d in found}
    assert list(by_name) == [
        "llama3.1:8b",
        "llama3.2-vision:latest",
        "llava:7b",
        "qwen2.5-coder:32b",
        "acme-support-bot:latest",
        "broken-show:latest",
    ]
    shows = [body["model"] for method, path, body in server.requests if method == "POST"]
    assert shows == list(by_name)

    llama = by_name["llama3.1:8b"]
    assert llama.matched is match("llama3.1:8b")
    assert llama.model.key == "ollama:llama3.1:8b"
    assert llama.model.limits.context == 131072  # the server's model_info wins
    assert llama.model.capabilities == {Capability.TOOL_CALL, Capability.TEMPERATURE}
    assert llama.model.modalities.input == {Modality.TEXT}
    assert llama.model.cost.input == Decimal(0) == llama.model.cost.output
    assert llama.model.family == "llama" and llama.model.open_weights is True
    assert llama.model.release_date == llama.matched.release_date  # type: ignore[union-attr]
    assert llama.inferred == ("cost",)
    assert (llama.tier, llama.parameters_billions) == ("balanced", 8.0)

    vision = by_name["llama3.2-vision:latest"]  # ":latest" matched through its size
    assert vision.matched is not None and "11b" in vision.matched.id.lower()
    assert vision.model.modalities.input == {Modality.TEXT, Modality.IMAGE}

    llava = by_name["llava:7b"]  # no catalog match; vision from the clip family
    assert llava.matched is None
    assert llava.model.modalities.input == {Modality.TEXT, Modality.IMAGE}
    assert llava.model.limits.context == 32768
    assert llava.inferred == ("cost", "capabilities")
    assert llava.model.capabilities == {Capability.TEMPERATURE}

    qwen = by_name["qwen2.5-coder:32b"]
    assert qwen.matched is get_model("abacus:qwen-2.5-coder-32b")
    assert qwen.tier == "best" and Capability.TOOL_CALL in qwen.model.capabilities

    own = by_name["acme-support-bot:latest"]  # unknown: documented defaults, flagged
    assert own.matched is None
    assert own.model.limits.context == DEFAULT_CONTEXT
    assert own.inferred == ("cost", "limits", "capabilities")
    assert own.tier == "cheap" and own.model.family == "llama"

    broken = by_name["broken-show:latest"]  # /api/show failed: a warning, facts from tags
    assert broken.warnings and "HTTP 404" in broken.warnings[0]
    assert broken.parameters_billions == pytest.approx(0.137)
    assert broken.inferred == ("cost", "limits", "capabilities")  # modalities: from families

    # discovered models go straight into a catalog
    catalog = Catalog.packaged().extend(d.model for d in found)
    assert catalog.get("ollama:llava:7b").modalities.input == {Modality.TEXT, Modality.IMAGE}
    assert len(catalog) == len(Catalog.packaged()) + 6


def test_ollama_without_show() -> None:
    with serve() as (url, server):
        found = ollama(url, show=False)
    assert all(method == "GET" for method, _, _ in server.requests)
    assert found[0].model.limits.context == found[0].matched.limits.context  # type: ignore[union-attr]


def test_openai_compatible_discovery() -> None:
    with serve() as (url, server):
        found = openai_compatible(url, api_key="secret-token", provider="vllm-prod")
        same = openai_compatible(url + "/v1/")
    assert [d.model.id for d in found] == [d.model.id for d in same]
    method, path, headers = server.requests[0]
    assert (method, path) == ("GET", "/v1/models")
    assert headers["authorization"] == "Bearer secret-token"
    llama, qwen, ranker = found
    assert llama.model.key == "vllm-prod:meta-llama/Llama-3.1-8B-Instruct"
    assert llama.matched is match("llama3.1:8b")
    assert llama.model.limits.context == 65536  # max_model_len
    assert llama.model.cost.input is None  # what you pay is not the server's to say
    assert llama.inferred == ()
    assert qwen.matched is not None and qwen.model.limits == qwen.matched.limits
    assert ranker.matched is None
    assert ranker.inferred == ("limits", "modalities", "capabilities")
    assert ranker.model.limits.context == DEFAULT_CONTEXT


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", 'HTTP 500: {"error":"model runner has unexpectedly stopped"}'),
        ("html", "answer is not JSON"),
        ("not-json", "answer is not JSON"),
        ("wrong-shape", "answer is not shaped like the API's"),
        ("truncated", "answer cut short"),
        ("hangup", "broken HTTP answer (RemoteDisconnected"),
    ],
)
def test_broken_servers_give_clear_errors(mode: str, reason: str) -> None:
    with serve(mode) as (url, _):
        with pytest.raises(DiscoveryError) as info:
            ollama(url, timeout=3)
        assert info.value.url == f"{url}/api/tags"
        assert reason in str(info.value)
        with pytest.raises(DiscoveryError):
            openai_compatible(url, timeout=3)


@pytest.mark.parametrize("mode", ["slow", "trickle"])
def test_slow_servers_time_out_on_time(mode: str) -> None:
    """A server that answers late, or one byte at a time, cannot hold the caller
    past its timeout (a trickle resets a per-read socket timeout forever)."""
    with serve(mode, delay=0.3 if mode == "trickle" else 5) as (url, _):
        started = time.monotonic()
        with pytest.raises(DiscoveryError, match=r"no complete answer within 1 s"):
            ollama(url, timeout=1)
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 2.5


def test_nothing_listening() -> None:
    url = refused_url()
    with pytest.raises(DiscoveryError, match="cannot connect") as info:
        ollama(url, timeout=2)
    assert info.value.url == f"{url}/api/tags"
    with pytest.raises(DiscoveryError, match="not an http"):
        openai_compatible("ftp://127.0.0.1/v1")
