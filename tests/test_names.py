"""resolve() reads the names people and tools use: makers before hosts, case and
punctuation variants, LiteLLM keys, maker prefixes, response names, removed models.

Facts are pinned to the recorded release 2026-07-02 (its catalog rebuilt from the
committed history); the packaged catalog is checked against the snapshot it was
rendered from; removed models are checked on the packaged catalog, whose tombstones
come from the recorded history."""

from __future__ import annotations

import json
import warnings

import pytest

from llm_catalog import AmbiguousModelError, Catalog, UnknownModelError, get_model, resolve
from llm_catalog._names import loose, routes, undated, unprefixed_region
from tests.conftest import RECORDED, REPO, current_snapshot, recorded_catalog

SNAPSHOT = REPO / "snapshots" / RECORDED


@pytest.fixture(scope="module")
def recorded() -> Catalog:
    catalog: Catalog = recorded_catalog()
    return catalog


@pytest.fixture(scope="module")
def current() -> Catalog:
    """The catalog of the snapshot the package was rendered from."""
    return Catalog.load(current_snapshot())


def _outcome(name: str, catalog: Catalog | None = None) -> str:
    """What resolve() makes of `name`: the model's key or the error's kind."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return resolve(name, catalog=catalog).key
    except (AmbiguousModelError, UnknownModelError) as exc:
        return type(exc).__name__


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # bare names several providers serve: the maker's
        ("gpt-4o", "openai:gpt-4o"),
        ("gpt-4o-mini", "openai:gpt-4o-mini"),
        ("gemini-2.5-flash", "google:gemini-2.5-flash"),
        ("claude-sonnet-4-5", "anthropic:claude-sonnet-4-5"),
        ("deepseek-chat", "deepseek:deepseek-chat"),
        # case and punctuation
        ("GPT-4o", "openai:gpt-4o"),
        ("Claude-Sonnet-4.5", "anthropic:claude-sonnet-4-5"),
        ("Claude-Sonnet-4.5", "anthropic:claude-sonnet-4-5"),
        # LiteLLM keys
        ("gemini/gemini-2.5-pro", "google:gemini-2.5-pro"),
        ("vertex_ai/gemini-2.5-pro", "google-vertex:gemini-2.5-pro"),
        ("azure/gpt-4o", "azure:gpt-4o"),
        ("openrouter/openai/gpt-4o", "openrouter:openai/gpt-4o"),
        (
            "bedrock/converse/us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "amazon-bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "amazon-bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        ("github_copilot/gpt-4.1", "github-copilot:gpt-4.1"),
        # maker prefixes mean the maker, not a gateway's id with a slash
        ("anthropic/claude-3.5-sonnet", "anthropic:claude-3-5-sonnet-20241022"),
        ("openai/gpt-4o", "openai:gpt-4o"),
        # names in responses
        ("gpt-4o-mini-2024-07-18", "openai:gpt-4o-mini-2024-07-18"),  # LiteLLM lists it
        ("gpt-4o-2024-08-06", "openai:gpt-4o-2024-08-06"),
        ("claude-sonnet-4-5-20250929", "anthropic:claude-sonnet-4-5-20250929"),
        ("models/gemini-2.5-flash", "google:gemini-2.5-flash"),
    ],
)
def test_names_resolve_in_the_recorded_release(
    recorded: Catalog, current: Catalog, name: str, key: str
) -> None:
    assert resolve(name, catalog=recorded).key == key
    # the packaged catalog: the same rules and tables as its own snapshot, whatever its date
    assert _outcome(name) == _outcome(name, current)


def test_the_gateway_copy_is_still_reachable_by_provider(recorded: Catalog) -> None:
    gateway = resolve("anthropic/claude-3.5-sonnet", "cloudflare-ai-gateway", catalog=recorded)
    assert gateway.key == "cloudflare-ai-gateway:anthropic/claude-3.5-sonnet"


def test_a_bare_name_among_equal_hosts_stays_ambiguous(recorded: Catalog) -> None:
    # Anthropic no longer lists it; two resellers do, neither made it.
    with pytest.raises(AmbiguousModelError) as info:
        resolve("claude-3-5-haiku-20241022", catalog=recorded)
    assert set(info.value.candidates) == {
        "302ai:claude-3-5-haiku-20241022",
        "nano-gpt:claude-3-5-haiku-20241022",
    }
    assert "302ai:claude-3-5-haiku-20241022" in str(info.value)


def test_every_multi_host_name_resolves_to_a_maker_or_lists_the_hosts(recorded: Catalog) -> None:
    from llm_catalog._catalog_index import index_of

    bare = index_of(recorded).BARE
    several = [n for n, keys in bare.items() if len(keys) > 1]
    assert len(several) > 500
    chosen = ambiguous = 0
    for name in several:
        try:
            model = resolve(name, catalog=recorded)
        except AmbiguousModelError as error:
            ambiguous += 1
            # hosts that retired it are named apart (generator/lifecycle.py)
            assert len(error.candidates) + len(error.retired) > 1
            assert set(error.candidates) | set(error.retired) <= set(bare[name])
        else:
            chosen += 1
            # a host of this spelling, or the maker under another spelling (GLM-4.7,
            # or its own prefix: alibaba/qwen3.6-27b is Alibaba's qwen3.6-27b)
            pid = model.provider.value
            own = name.removeprefix(f"{pid}/")
            assert model.key in bare[name] or model is resolve(own, pid, catalog=recorded)
    assert chosen > 100 and ambiguous > 100


def test_loose_spellings_that_one_provider_has_twice_name_neither(recorded: Catalog) -> None:
    # "gpt-4.1" and "gpt-4-1" would fold alike; the rule is checked on the fold itself
    assert loose("GPT-4.1_mini") == "gpt-4-1-mini"
    with pytest.raises(UnknownModelError):
        resolve("no-such-model-anywhere", catalog=recorded)


def test_name_form_rules() -> None:
    assert undated("gpt-4o-mini-2024-07-18") == "gpt-4o-mini"
    assert undated("claude-3-5-haiku-20241022") == "claude-3-5-haiku"
    assert undated("claude-sonnet-4-5@20250929") == "claude-sonnet-4-5"
    assert undated("n-2024-13-45") is None  # not a calendar date
    assert unprefixed_region("eu.anthropic.claude-x-v1:0") == "anthropic.claude-x-v1:0"
    assert unprefixed_region("anthropic.claude-x") is None
    providers = {"groq", "google"}
    assert routes("gemini/gemini-2.5-pro", providers) == (("google",), "gemini-2.5-pro")
    assert routes("groq/llama", providers) == (("groq",), "llama")
    assert routes("bedrock/converse/x", providers) == (("amazon-bedrock",), "x")
    assert routes("bedrock/us-east-1/anthropic.x", providers) is None  # regional deployment
    assert routes("models/gemini-2.5-flash", providers) == ((), "gemini-2.5-flash")
    assert routes("meta-llama/llama", providers) is None


def test_removed_models_resolve_with_the_warning_of_get_model() -> None:
    with pytest.warns(DeprecationWarning, match="openai:o1-preview"):
        bare = resolve("o1-preview")
    with pytest.warns(DeprecationWarning, match="openai:o1-preview"):
        keyed = resolve("openai:o1-preview")
    with pytest.warns(DeprecationWarning):
        expected = get_model("openai:o1-preview")
    assert bare == keyed == expected
    assert bare.status.value == "removed"


def test_a_live_model_wins_over_a_removed_one() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert resolve("gpt-4o").key == "openai:gpt-4o"


def test_litellm_report_share_and_agreement(recorded: Catalog) -> None:
    """The generated `litellm-names.json`: the share of LiteLLM 1.106.2's keys that resolve,
    why the rest do not, and every key it says resolves does so, to that model."""
    report = json.loads((SNAPSHOT / "litellm-names.json").read_text(encoding="utf-8"))
    litellm = json.loads((SNAPSHOT / "sources" / "litellm.json").read_text(encoding="utf-8"))[
        "entries"
    ]
    assert report["keys"] == len(litellm) == report["resolved"] + len(report["unresolved"])
    assert report["resolved"] == len(report["resolved_keys"]) >= 950
    assert report["resolved_share"] == round(report["resolved"] / report["keys"], 4) > 0.22
    # keys the price matching tied to a catalog model resolve to it, bar a few: each
    # of those is a listed disagreement (resolve() takes the maker, matching LiteLLM's
    # route) or ambiguous among equal hosts, its model one of them (a bare id both
    # OpenAI and Azure list, that no gateway files under a maker)
    matching = json.loads((SNAPSHOT / "matching.json").read_text(encoding="utf-8"))
    matched: dict[str, set[str]] = {}
    for model_key, entry in matching["litellm"]["matched"].items():
        matched.setdefault(entry["entry"], set()).add(model_key)
    assert len(matched) == report["matched_keys"]
    astray = {
        key: models
        for key, models in matched.items()
        if report["resolved_keys"].get(key, {}).get("model") not in models
    }
    assert len(astray) == report["matched_keys"] - report["matched_keys_resolving_to_their_model"]
    assert len(astray) <= 0.05 * report["matched_keys"]
    for key, models in astray.items():
        if key in report["disagrees_with_matching"]:
            found = report["disagrees_with_matching"][key]
            assert set(found["matching"]) == models, key
            assert report["resolved_keys"][key]["model"] == found["resolve"], key
        else:
            reason = report["unresolved"][key]
            assert reason.startswith("ambiguous: "), key
            assert models & set(reason.removeprefix("ambiguous: ").split(", ")), key
    assert set(report["unresolved_by_reason"]) == {
        "ambiguous",
        "image size or quality variant",
        "no such model",
        "provider not in the catalog",
        "regional or commitment deployment",
    }
    for key, found in list(report["resolved_keys"].items())[::7]:
        assert resolve(key, catalog=recorded).key == found["model"], key
    for key, reason in list(report["unresolved"].items())[::25]:
        if reason.startswith("ambiguous"):
            with pytest.raises(AmbiguousModelError):
                resolve(key, catalog=recorded)
        else:
            with pytest.raises(UnknownModelError):
                resolve(key, catalog=recorded)


def test_a_maker_that_retired_a_model_does_not_win(recorded: Catalog) -> None:
    """Anthropic retired claude-3-5-sonnet-20241022 before the data date: the bare
    name goes to a host that still lists it, never to the retired model."""
    from llm_catalog import Status

    assert resolve("anthropic:claude-3-5-sonnet-20241022", catalog=recorded).status is (
        Status.RETIRED
    )
    assert resolve("claude-3.5-sonnet", catalog=recorded).status is not Status.RETIRED
