"""resolve() with aliases, and cost_of() against hand computations."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

import llm_catalog
from generator import aliases, schema
from generator.report import GeneratorError
from llm_catalog import AmbiguousModelError, UnknownModelError, get_model, resolve
from llm_catalog._names import loose
from tests.conftest import RECORDED


@pytest.mark.parametrize(
    ("name", "provider", "key"),
    [
        ("openai:gpt-4o", None, "openai:gpt-4o"),
        ("openai/gpt-4o", None, "openai:gpt-4o"),
        ("gpt-4o", "openai", "openai:gpt-4o"),
        # (bare, it is ambiguous: Azure's deployment of it is a model too, from LiteLLM)
        ("gpt-4o-2024-08-06", "openai", "openai:gpt-4o-2024-08-06"),
        # dated snapshots: the base names the newest snapshot when it is no model
        ("anthropic:claude-3-5-sonnet", None, "anthropic:claude-3-5-sonnet-20241022"),
        ("claude-3-7-sonnet", "anthropic", "anthropic:claude-3-7-sonnet-20250219"),
        ("google-vertex:claude-sonnet-4-5", None, "google-vertex:claude-sonnet-4-5@20250929"),
        # a real id wins over a rule: both spellings exist at Anthropic
        ("anthropic:claude-sonnet-4-5", None, "anthropic:claude-sonnet-4-5"),
        ("anthropic:claude-sonnet-4-5-20250929", None, "anthropic:claude-sonnet-4-5-20250929"),
        # -latest pointers
        ("openai:gpt-5.1-chat", None, "openai:gpt-5.1-chat-latest"),
        ("302ai:claude-3-5-haiku", None, "302ai:claude-3-5-haiku-latest"),
        # ids with ":" and "/" of their own
        ("cloudflare-ai-gateway/anthropic/claude-3.5-haiku", None, None),
    ],
)
def test_resolve(name: str, provider: str | None, key: str | None) -> None:
    model = resolve(name, provider=provider)
    if key is None:
        key = name.replace("/", ":", 1)
    assert model is get_model(key)
    assert resolve(name, provider=provider) is model  # cached path


def test_lower_case_alias_of_an_id_with_capitals() -> None:
    from llm_catalog._data.aliases import ALIASES

    cased = [(a, k) for a, k in ALIASES.items() if a.lower() == a and k.lower() == a]
    assert cased
    alias, key = cased[0]
    assert resolve(alias) is get_model(key)


def test_bare_name_served_by_several_providers_is_its_makers() -> None:
    # eight providers serve gpt-4o; OpenAI made it (the others file it as openai/gpt-4o)
    assert resolve("gpt-4o").key == "openai:gpt-4o"
    assert resolve("gpt-4o", provider="azure").key == "azure:gpt-4o"


def test_bare_name_among_equals_is_ambiguous_and_lists_the_hosts() -> None:
    with pytest.raises(AmbiguousModelError) as info:
        resolve("claude-3-5-haiku-20241022")
    assert "302ai:claude-3-5-haiku-20241022" in info.value.candidates
    assert "302ai:claude-3-5-haiku-20241022" in str(info.value) and "provider" in str(info.value)
    assert len(info.value.candidates) == len(set(info.value.candidates)) >= 2


def test_provider_prefix_wins_over_a_bare_id_that_contains_it() -> None:
    # "mistral/devstral-medium-2507" is Mistral's model, and also a gateway's id.
    assert resolve("mistral/devstral-medium-2507").key == "mistral:devstral-medium-2507"
    gateway = resolve("mistral/devstral-medium-2507", provider="merge-gateway")
    assert gateway.key == "merge-gateway:mistral/devstral-medium-2507"


def test_bare_name_served_by_one_provider_resolves() -> None:
    from llm_catalog._data.aliases import BARE

    single = [n for n, keys in BARE.items() if len(keys) == 1 and not {":", "/"} & set(n)]
    assert len(single) > 500
    for name in single[:: len(single) // 50]:
        # the one host, unless the maker has the same name spelled otherwise
        # (wafer.ai's Kimi-K2.6 is Moonshot AI's kimi-k2.6)
        model = resolve(name)
        assert model.key == BARE[name][0] or loose(model.id) == loose(name)


@pytest.mark.parametrize(
    ("name", "provider", "suggestion"),
    [
        ("gpt-4oo", None, "gpt-4o"),
        ("openai:gpt-4oo", None, "openai:gpt-4o"),
        ("gpt-4oo", "openai", "openai:gpt-4o"),
        ("claude-sonet-4-5", "anthropic", "anthropic:claude-sonnet-4-5"),
    ],
)
def test_unknown_names_suggest_close_matches(
    name: str, provider: str | None, suggestion: str
) -> None:
    with pytest.raises(UnknownModelError) as info:
        resolve(name, provider=provider)
    assert suggestion in info.value.suggestions


def test_unknown_provider() -> None:
    with pytest.raises(llm_catalog.UnknownProviderError):
        resolve("gpt-4o", provider="opneai")


def _provider(*ids: str, given: dict[str, tuple[str, ...]] | None = None) -> schema.Provider:
    given = given or {}
    return schema.Provider(
        id="p",
        name="P",
        models={i: schema.Model(id=i, name=i, aliases=given.get(i, ())) for i in ids},
    )


def test_alias_rules() -> None:
    rules = aliases.provider_aliases(
        _provider(
            "m-2024-01-01",
            "m-2024-06-01",
            "x-20250101",
            "x-latest",
            "y@20250101",
            "Big-Model",
            "n-2024-13-45",
            "o",
            "o-2024-01-01",
        )
    )
    assert rules == {
        "big-model": "Big-Model",
        "m": "m-2024-06-01",  # the newest snapshot
        "x": "x-latest",  # the provider's own pointer wins over a dated snapshot
        "y": "y@20250101",
    }  # "n-2024-13-45" is no date; "o" is a real model
    given = aliases.provider_aliases(_provider("a", "b", given={"a": ("first", "b")}))
    assert given == {"first": "a"}  # an alias never hides a real id
    with pytest.raises(GeneratorError, match=r"alias 'same'.*'a'.*'b'"):
        aliases.provider_aliases(_provider("a", "b", given={"a": ("same",), "b": ("same",)}))


def _m(key: str) -> llm_catalog.Model:
    """The model with its prices of the recorded release (`RECORDED`): the sums
    below are worked out by hand from those, and stay right after a price change."""
    model = get_model(key)
    cost = model.price_at(RECORDED)
    assert cost is not None, key
    return dataclasses.replace(model, cost=cost)


def test_cost_with_cache_and_reasoning_included_in_the_totals() -> None:
    # gpt-4o on 2026-07-02: 2.5 in, 10 out, 1.25 cache read; no tiers. Usage as OpenAI reports
    # it: 10,000 prompt tokens of which 4,000 cached; 2,000 completion tokens.
    b = _m("openai:gpt-4o").cost_of(
        input_tokens=10_000, output_tokens=2_000, cache_read_tokens=4_000
    )
    by_part = {c.part: (c.tokens, c.price, c.usd) for c in b.components}
    assert by_part == {
        "input": (6_000, Decimal("2.5"), Decimal("0.015")),
        "cache_read": (4_000, Decimal("1.25"), Decimal("0.005")),
        "output": (2_000, Decimal("10"), Decimal("0.02")),
    }
    assert b.total == Decimal("0.04") and b.complete and b.tier is None
    assert b.prompt_tokens == 10_000 and b.model == "openai:gpt-4o"


def test_cost_with_disjoint_counts() -> None:
    # claude-sonnet-4-5: 3 in, 15 out, 0.3 cache read, 3.75 cache write. Usage as
    # Anthropic reports it: input_tokens excludes cache reads and writes.
    b = _m("anthropic:claude-sonnet-4-5").cost_of(
        input_tokens=1_000,
        cache_read_tokens=2_000,
        cache_write_tokens=500,
        output_tokens=300,
        inclusive=False,
    )
    # 1000*3 + 2000*0.3 + 500*3.75 + 300*15 = 3000 + 600 + 1875 + 4500 = 9975 per 1M
    assert b.total == Decimal("0.009975")
    assert b.prompt_tokens == 3_500
    same = _m("anthropic:claude-sonnet-4-5").cost_of(
        input_tokens=3_500, cache_read_tokens=2_000, cache_write_tokens=500, output_tokens=300
    )
    assert same.total == b.total  # the two conventions agree when counts are converted


def test_long_context_tier_applies_above_its_threshold() -> None:
    # gpt-5.4: base 2.5 / 15 / 0.25 cache; above 272,000 prompt tokens 5 / 22.5 / 0.5.
    model = _m("openai:gpt-5.4")
    at = model.cost_of(input_tokens=272_000, output_tokens=1_000)
    assert at.tier is None
    assert at.total == (272_000 * Decimal("2.5") + 1_000 * 15) / 1_000_000  # 0.695
    above = model.cost_of(
        input_tokens=300_000,
        output_tokens=10_000,
        cache_read_tokens=100_000,
        reasoning_tokens=4_000,
    )
    assert above.tier is not None and above.tier.above == 272_000
    # 200,000*5 + 100,000*0.5 + 6,000*22.5 + 4,000*22.5 (reasoning at the output price)
    assert above.total == Decimal("1.275")
    assert [c.part for c in above.components] == ["input", "cache_read", "output", "reasoning"]
    # gemini-2.5-pro: 1.25 / 10, above 200,000: 2.5 / 15
    g = _m("google:gemini-2.5-pro").cost_of(input_tokens=200_001, output_tokens=1_000)
    assert g.total == (200_001 * Decimal("2.5") + 1_000 * 15) / 1_000_000


def test_unpriced_parts_are_listed_never_free() -> None:
    b = _m("openai:gpt-4o").cost_of(
        input_tokens=1_000, cache_write_tokens=100, output_tokens=10, output_audio_tokens=5
    )
    # gpt-4o has no cache-write price: cache writes are input tokens, billed as such;
    # output audio has no price any part could lend, so it stays unpriced.
    assert b.unpriced == ("output_audio",)
    assert not b.complete
    assert b.total == (1_000 * Decimal("2.5") + 5 * 10) / 1_000_000  # only what has a price
    (write,) = [c for c in b.components if c.part == "cache_write"]
    assert write.billed_as == "input" and write.price == Decimal("2.5")
    unknown = next(m for m in llm_catalog.all_models() if not m.cost.known)
    u = unknown.cost_of(input_tokens=10, output_tokens=10)
    assert u.unpriced == ("input", "output") and u.total == 0 and not u.complete
    assert unknown.cost_of().complete  # nothing to price


def test_cost_rejects_counts_that_do_not_add_up() -> None:
    model = _m("openai:gpt-4o")
    with pytest.raises(ValueError, match="exceed input_tokens"):
        model.cost_of(input_tokens=10, cache_read_tokens=20)
    with pytest.raises(ValueError, match="exceed output_tokens"):
        model.cost_of(output_tokens=10, reasoning_tokens=20)
    with pytest.raises(ValueError, match="non-negative"):
        model.cost_of(input_tokens=-1)
    assert model.cost_of(input_tokens=10, cache_read_tokens=20, inclusive=False).complete


def test_default_model_given_by_the_data_wins_and_is_checked() -> None:
    from generator import indexes

    models = {
        i: schema.Model(id=i, name=i, release_date=d, capabilities=("tool_call",))
        for i, d in (("old", "2024-01-01"), ("new", "2025-01-01"))
    }
    rule = schema.Provider(id="p", name="P", models=models)
    assert indexes.default_model(rule, {}) == "new"
    chosen = schema.Provider(id="p", name="P", models=models, default_model="old")
    assert indexes.default_model(chosen, {}) == "old"
    wrong = schema.Provider(id="p", name="P", models=models, default_model="gone")
    with pytest.raises(GeneratorError, match="provider p: default_model 'gone'"):
        indexes.default_model(wrong, {})
