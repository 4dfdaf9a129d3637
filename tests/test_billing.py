"""Bills as providers bill: cached tokens without a cache price, limit warnings,
and `select` returning a usable chat model that fits the workload.

The o3-pro bill is pinned to the prices and limits recorded on 2026-07-02; the
`select` checks are properties of the current package."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from llm_catalog import Kind, Limits, Model, Workload, find, get_model, select
from llm_catalog._query import TYPICAL_CALL
from tests.conftest import recorded_release

RECORDED = "2026-07-02"


@pytest.fixture(scope="module")
def o3_pro_at_release() -> Model:
    """openai:o3-pro with the prices and limits of the 2026-07-02 release."""
    model = get_model("openai:o3-pro")
    cost = model.price_at(RECORDED)
    assert cost is not None
    # Its limits as the release had them (read through the history: a later release
    # stores that catalog as a delta).
    release = recorded_release()
    limits = release.providers["openai"].models["o3-pro"].limits.model_dump(exclude_none=True)
    return dataclasses.replace(model, cost=cost, limits=Limits(**limits))


def test_o3_pro_bills_cached_tokens_at_the_input_price(o3_pro_at_release: Model) -> None:
    model = o3_pro_at_release
    # Recorded on 2026-07-02: $20 in, $80 out, no cache price (as OpenAI's page and
    # https://openrouter.ai/openai/o3-pro list it: no cached-input discount).
    cost = model.cost
    assert cost.input == Decimal(20) and cost.output == Decimal(80)
    assert cost.cache_read is None and cost.tiers == ()
    bill = model.cost_of(input_tokens=300_000, cache_read_tokens=100_000, output_tokens=10_000)
    # By hand: 200k uncached + 100k cached, all at the input price, plus 10k output.
    by_hand = (200_000 * cost.input + 100_000 * cost.input + 10_000 * cost.output) / 1_000_000
    assert bill.total == by_hand == Decimal("6.80")
    assert bill.complete and bill.unpriced == ()
    parts = {c.part: c for c in bill.components}
    assert parts["cache_read"].price == cost.input and parts["cache_read"].usd == 2
    assert parts["cache_read"].billed_as == "input"
    assert parts["cache_read"].note == "no cache discount: billed at the input price"
    assert parts["input"].billed_as is None and parts["output"].billed_as is None
    # 300k prompt + 10k output do not fit o3-pro's 200k window: priced, but flagged.
    assert model.limits.context == 200_000
    assert bill.exceeds_context and not bill.fits
    assert bill.warnings == (
        "prompt plus output (310,000 tokens) exceed the context window of 200,000",
    )


def test_a_cache_price_is_used_when_there_is_one() -> None:
    model = get_model("openai:gpt-4o")
    assert model.cost.cache_read is not None
    bill = model.cost_of(input_tokens=10_000, cache_read_tokens=4_000, output_tokens=100)
    (cached,) = [c for c in bill.components if c.part == "cache_read"]
    assert cached.price == model.cost.cache_read and cached.billed_as is None
    assert cached.note is None and bill.fits and not bill.exceeds_context


def test_only_parts_no_price_can_cover_stay_unpriced() -> None:
    # Every model with an input price but no cache price bills cached tokens.
    no_cache = [
        m for m in find(kind=None) if m.cost.input is not None and m.cost.cache_read is None
    ]
    assert len(no_cache) > 1_000
    for model in no_cache[:200]:
        bill = model.cost_of(input_tokens=1_000, cache_read_tokens=600, cache_write_tokens=100)
        assert "cache_read" not in bill.unpriced and "cache_write" not in bill.unpriced
    # audio has no stand-in: a model without an audio price cannot bill it
    gpt_4o = get_model("openai:gpt-4o")
    assert gpt_4o.cost.input_audio is None
    assert gpt_4o.cost_of(input_tokens=100, input_audio_tokens=50).unpriced == ("input_audio",)


def test_limits_are_checked_one_by_one() -> None:
    model = next(
        m
        for m in find(providers=["openai"])
        if m.limits.input is not None and m.limits.context is not None and m.limits.output
    )
    limits = model.limits
    assert limits.input is not None and limits.context is not None and limits.output is not None
    assert limits.input < limits.context
    over_input = model.cost_of(input_tokens=limits.input + 1, output_tokens=1)
    assert over_input.exceeds_context
    assert over_input.warnings[0].startswith(f"prompt of {limits.input + 1:,} tokens exceeds")
    long_answer = model.cost_of(input_tokens=10, output_tokens=limits.output + 1)
    assert not long_answer.exceeds_context and not long_answer.fits
    assert "exceeds the output limit" in long_answer.warnings[0]
    assert model.cost_of(input_tokens=limits.input, output_tokens=1).fits


def test_select_returns_chat_models_by_default() -> None:
    chosen = select(providers={"openai", "anthropic"})
    assert chosen is not None and chosen.kind is Kind.CHAT
    assert chosen.key != "openai:text-embedding-3-small"
    # asked for, the embedding model is there to be chosen
    embedding = select(providers={"openai"}, kind=Kind.EMBEDDING)
    assert embedding is not None and embedding.kind is Kind.EMBEDDING


@pytest.mark.parametrize("prompt", [262_144, 300_000, 1_000_000])
def test_select_returns_a_model_that_fits_the_workload(prompt: int) -> None:
    workload = Workload(input_tokens=prompt, output_tokens=2_000)
    for providers in (None, {"openai", "anthropic", "google"}):
        chosen = select(workload=workload, providers=providers)
        assert chosen is not None
        assert chosen.limits.context is not None
        assert chosen.limits.context >= prompt + 2_000
        bill = chosen.cost_of(input_tokens=prompt, output_tokens=2_000)
        assert bill.fits and bill.complete


def test_select_prices_one_typical_call_by_default() -> None:
    assert (TYPICAL_CALL.input_tokens, TYPICAL_CALL.output_tokens) == (4_000, 1_000)
    chosen = select(providers={"google"})
    assert chosen is not None and chosen == select(providers={"google"}, workload=TYPICAL_CALL)
    # a typical call never reaches a long-context tier
    bill = chosen.cost_of(input_tokens=4_000, output_tokens=1_000)
    assert bill.tier is None and bill.fits


def test_breakdowns_fill_every_field() -> None:
    """`price_workload` fills breakdowns slot by slot (fast path): its slot lists
    must be the classes' fields, in order, or a field would be left unset."""
    from llm_catalog import CostBreakdown, CostComponent
    from llm_catalog._costing import _BREAKDOWN_SLOTS, _COMPONENT_SLOTS

    assert tuple(f.name for f in dataclasses.fields(CostComponent)) == _COMPONENT_SLOTS
    assert tuple(f.name for f in dataclasses.fields(CostBreakdown)) == _BREAKDOWN_SLOTS
    bill = get_model("openai:o3-pro").cost_of(input_tokens=10, cache_read_tokens=5)
    made = CostBreakdown(
        **{f.name: getattr(bill, f.name) for f in dataclasses.fields(CostBreakdown)}
    )
    assert made == bill and repr(made) == repr(bill) and hash(made) == hash(bill)
