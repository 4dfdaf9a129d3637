"""cost_of_response(): real response bodies (tests/fixtures/responses/, written from
the providers' API references) priced against hand computations at the prices
of the recorded release 2026-07-02."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from llm_catalog import (
    Catalog,
    ResponseError,
    UnknownModelError,
    cost_of_response,
)
from llm_catalog._response import read_response
from tests.conftest import REPO, recorded_catalog

FIXTURES = REPO / "tests" / "fixtures" / "responses"


@pytest.fixture(scope="module")
def recorded() -> Catalog:
    """The recorded 2026-07-02 release, whose prices the totals were worked out from."""
    catalog: Catalog = recorded_catalog()
    return catalog


def _body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("fixture", "model", "parts", "total"),
    [
        # gpt-4o-mini-2024-07-18 (a model of its own, LiteLLM lists it): 0.15 in,
        # 0.075 cached, 0.6 out. 176 text x 0.15 + 1024 cached x 0.075 + 300 out x 0.6 (per 1M)
        (
            "openai-chat.json",
            "openai:gpt-4o-mini-2024-07-18",
            {"input": 176, "cache_read": 1024, "output": 300},
            Decimal("0.0002832"),
        ),
        # o3-mini-2025-01-31 (OpenAI makes o3-mini, so its snapshots): 1.1 in, 0.55
        # cached, 4.4 out (reasoning billed as output). 1500 x 1.1 + 500 x 0.55 + 360 x 4.4 + 640 x 4.4
        (
            "openai-chat-stream.sse",
            "openai:o3-mini-2025-01-31",
            {"input": 1500, "cache_read": 500, "output": 360, "reasoning": 640},
            Decimal("0.006325"),
        ),
        # gpt-4o-2024-08-06: 36 x 2.5 + 87 x 10
        (
            "openai-responses.json",
            "openai:gpt-4o-2024-08-06",
            {"input": 36, "output": 87},
            Decimal("0.00096"),
        ),
        # 6000 x 1.1 + 4000 x 0.55 + 500 x 4.4 + 2000 x 4.4
        (
            "openai-responses-stream.sse",
            "openai:o3-mini-2025-01-31",
            {"input": 6000, "cache_read": 4000, "output": 500, "reasoning": 2000},
            Decimal("0.0198"),
        ),
        # Anthropic counts are separate: 2095 x 3 + 1000 x 3.75 + 4000 x 0.3 + 503 x 15
        (
            "anthropic-message.json",
            "anthropic:claude-sonnet-4-5-20250929",
            {"input": 2095, "cache_write": 1000, "cache_read": 4000, "output": 503},
            Decimal("0.01878"),
        ),
        # every write went to the one-hour cache, billed at cache_write_1h (6, twice the
        # input price, LiteLLM's cache_creation_input_token_cost_above_1hr):
        # 20 x 3 + 3000 x 6 + 10 x 15
        (
            "anthropic-message-1h-cache.json",
            "anthropic:claude-sonnet-4-5-20250929",
            {"input": 20, "cache_write": 3000, "output": 10},
            Decimal("0.01821"),
        ),
        # message_start usage, message_delta's cumulative output: 472 x 1 + 12000 x 0.1 + 845 x 5
        (
            "anthropic-stream.sse",
            "anthropic:claude-haiku-4-5-20251001",
            {"input": 472, "cache_read": 12000, "output": 845},
            Decimal("0.005897"),
        ),
        # gemini-2.5-flash: 0.3 in, 0.03 cached, 1 audio in, 2.5 out and reasoning.
        # 2000 x 0.3 + 6000 x 0.03 + 2000 x 1 + 800 x 2.5 + 1200 x 2.5
        (
            "gemini.json",
            "google:gemini-2.5-flash",
            {
                "input": 2000,
                "cache_read": 6000,
                "input_audio": 2000,
                "output": 800,
                "reasoning": 1200,
            },
            Decimal("0.00778"),
        ),
        # the last chunk's usage: 12 x 0.3 + 40 x 2.5 + 400 x 2.5
        (
            "gemini-stream.sse",
            "google:gemini-2.5-flash",
            {"input": 12, "output": 40, "reasoning": 400},
            Decimal("0.0011036"),
        ),
        # DeepSeek's own cache field: 20000 x 0.14 + 80000 x 0.0028 + 20000 x 0.28
        (
            "deepseek.json",
            "deepseek:deepseek-chat",
            {"input": 20000, "cache_read": 80000, "output": 20000},
            Decimal("0.008624"),
        ),
        # OpenTelemetry, served by Azure: 2000 x 2.5 + 1000 x 1.25 + 400 x 10
        (
            "otel-span.json",
            "azure:gpt-4o-2024-11-20",
            {"input": 2000, "cache_read": 1000, "output": 400},
            Decimal("0.01025"),
        ),
    ],
)
def test_real_responses_priced_by_hand(
    recorded: Catalog, fixture: str, model: str, parts: dict[str, int], total: Decimal
) -> None:
    cost = cost_of_response(_body(fixture), catalog=recorded)
    assert cost.model == model
    assert {c.part: c.tokens for c in cost.components if c.tokens} == parts
    assert cost.total == total
    assert cost.complete


def test_dict_str_bytes_and_events_agree(recorded: Catalog) -> None:
    raw = _body("openai-chat.json")
    as_dict = json.loads(raw)
    costs = {
        cost_of_response(b, catalog=recorded).total
        for b in (raw, raw.decode(), as_dict, bytearray(raw))
    }
    assert costs == {Decimal("0.0002832")}
    events = [
        json.loads(line[5:])
        for line in _body("anthropic-stream.sse").decode().splitlines()
        if line.startswith("data:")
    ]
    assert cost_of_response(events, catalog=recorded).total == Decimal("0.005897")


def test_packaged_catalog_and_provider_argument() -> None:
    # The packaged catalog reads the same; provider= picks the host.
    body = _body("openai-responses.json")
    assert cost_of_response(body).model == "openai:gpt-4o-2024-08-06"
    chat = json.loads(_body("openai-chat.json"))
    chat["model"] = "gpt-4o"
    assert cost_of_response(chat, provider="azure").model == "azure:gpt-4o"
    assert cost_of_response(chat).model == "openai:gpt-4o"


def test_otel_flat_attributes_and_request_model(recorded: Catalog) -> None:
    attributes = {
        "gen_ai.provider.name": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4-5",
        "gen_ai.usage.input_tokens": 1000,
        "gen_ai.usage.output_tokens": 100,
    }
    cost = cost_of_response(attributes, catalog=recorded)
    assert cost.model == "anthropic:claude-sonnet-4-5"
    assert cost.total == Decimal("0.0045")  # 1000 x 3 + 100 x 15


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("openai-chat-stream-no-usage.sse", r"'gpt-4o-mini' carries no usage.*include_usage"),
        ("truncated.json", r"not valid JSON"),
        ("negative-count.json", r"usage\.prompt_tokens must be a non-negative integer"),
    ],
)
def test_bodies_that_cannot_be_priced_say_why(fixture: str, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        cost_of_response(_body(fixture))


def _one_hour_body(model: str, five_minutes: int) -> dict[str, object]:
    body: dict[str, object] = json.loads(_body("anthropic-message-1h-cache.json"))
    body["model"] = model
    usage = body["usage"]
    assert isinstance(usage, dict)
    usage["cache_creation"]["ephemeral_5m_input_tokens"] = five_minutes
    usage["cache_creation_input_tokens"] += five_minutes
    return body


def test_one_hour_writes_are_never_priced_at_the_five_minute_price(recorded: Catalog) -> None:
    # claude-3-haiku has no one-hour price in the recorded data: refused, not underpriced
    extra = recorded.get("anthropic:claude-3-haiku-20240307").cost.extra
    assert extra is None or extra.cache_write_1h is None
    with pytest.raises(ResponseError, match=r"one-hour cache.*no 1-hour cache-write price"):
        cost_of_response(_one_hour_body("claude-3-haiku-20240307", 0), catalog=recorded)
    # five-minute and one-hour writes in one response: one lifetime per call, refused
    with pytest.raises(ResponseError, match=r"mixes five-minute \(5\) and one-hour \(3000\)"):
        cost_of_response(_one_hour_body("claude-sonnet-4-5-20250929", 5), catalog=recorded)


def test_unknown_model_is_named(recorded: Catalog) -> None:
    with pytest.raises(UnknownModelError, match="gpt-9-ultra-2031-01-01"):
        cost_of_response(_body("unknown-model.json"), catalog=recorded)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "empty"),
        ("hello", "neither JSON nor"),
        (b"\xff\xfe", "not UTF-8"),
        ({"id": "x", "choices": []}, "not a response of a known API"),
        ({"object": "chat.completion", "usage": {"prompt_tokens": 1}}, "names no model"),
        (
            {"object": "chat.completion", "model": "gpt-4o", "usage": {"prompt_tokens": True}},
            "non-negative",
        ),
        ({"object": "chat.completion", "model": "gpt-4o", "usage": "12"}, "must be an object"),
        (
            {
                "object": "chat.completion",
                "model": "gpt-4o",
                "usage": {
                    "prompt_tokens": 10,
                    "completion_tokens": 1,
                    "prompt_tokens_details": {"cached_tokens": 50},
                },
            },
            "inconsistent",
        ),
        ([1, 2], "only JSON objects"),
        (42, "not int"),
    ],
)
def test_malformed_bodies(body: object, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        cost_of_response(body)


def test_read_response_reports_the_api_and_counts() -> None:
    usage = read_response(_body("gemini.json"))
    assert usage.api == "Gemini generateContent"
    assert usage.model == "gemini-2.5-flash"
    assert usage.inclusive
    assert usage.counts["output_tokens"] == 2000  # candidates + thoughts (total shows them apart)


def test_cli_cost_response_from_stdin() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "llm_catalog", "cost", "--response", "-", "--json"],
        input=_body("anthropic-message.json"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["model"] == "anthropic:claude-sonnet-4-5-20250929"
    assert Decimal(data["total_usd"]) == Decimal("0.01878")
    bad = subprocess.run(
        [sys.executable, "-m", "llm_catalog", "cost", "--response", "-"],
        input=b"{not json",
        capture_output=True,
        check=False,
    )
    assert bad.returncode == 1
    assert b"not valid JSON" in bad.stderr
