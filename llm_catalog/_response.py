"""Pricing a real response: `cost_of_response(body)`.

Reads the model and the token usage from the JSON a provider returned, resolves
the model (`resolve()`, with every name form it reads) and prices the usage with
`cost_of`. Loaded lazily: only callers of `cost_of_response` import it.

What is read, per API (each as its API reference documents it):

- **OpenAI Chat Completions** and OpenAI-compatible replies (`object:
  "chat.completion"` or `"chat.completion.chunk"`, or a `usage` with
  `prompt_tokens`): `usage.prompt_tokens` (includes
  `prompt_tokens_details.cached_tokens` and `.audio_tokens`),
  `usage.completion_tokens` (includes `completion_tokens_details.reasoning_tokens`
  and `.audio_tokens`). Counts are inclusive. DeepSeek's `prompt_cache_hit_tokens`
  (part of `prompt_tokens`) is read as cached when `cached_tokens` is absent.
- **OpenAI Responses** (`object: "response"`, or a `response.completed` stream
  event): `usage.input_tokens` (includes `input_tokens_details.cached_tokens`),
  `usage.output_tokens` (includes `output_tokens_details.reasoning_tokens`).
- **Anthropic Messages** (`type: "message"`, or the `message_start` /
  `message_delta` stream events): `usage.input_tokens`,
  `cache_read_input_tokens`, `cache_creation_input_tokens`, `output_tokens`, each
  a separate part (exclusive counts). Writes to the one-hour cache
  (`cache_creation.ephemeral_1h_input_tokens`) are billed at the model's
  `cache_write_1h` price (`cost_of(cache_write_ttl="1h")`); a response that
  mixes five-minute and one-hour writes, or writes an hour to a model without
  that price, is refused rather than underpriced.
- **Gemini `generateContent`** (`usageMetadata`, model in `modelVersion`):
  `promptTokenCount` (includes `cachedContentTokenCount`) plus
  `toolUsePromptTokenCount` is the prompt; `candidatesTokenCount` plus
  `thoughtsTokenCount` the output, thoughts priced as reasoning (billed as
  output). When `totalTokenCount` shows the thoughts already inside the
  candidates, they are not added twice. Audio from `promptTokensDetails`
  (`modality: "AUDIO"`) is input audio.
- **OpenTelemetry GenAI** span attributes (a flat mapping, or a span with
  `attributes`): `gen_ai.response.model` (else `gen_ai.request.model`),
  `gen_ai.usage.input_tokens` and `gen_ai.usage.output_tokens`, which include
  `gen_ai.usage.cache_read.input_tokens`, `gen_ai.usage.cache_creation.input_tokens`
  and `gen_ai.usage.reasoning.output_tokens`; the provider from
  `gen_ai.provider.name` (or the older `gen_ai.system`).

A body is a dict, a list of stream events, or `bytes`/`str` holding JSON or a
server-sent-event stream (`data: {...}` lines). In a stream the usage is the last
one reported (providers report cumulative usage). A body with no usage, an
unknown shape or a count that is not a non-negative integer raises
`ResponseError` naming the field; an unknown model raises `UnknownModelError`
naming it. A price is never guessed.
"""

from __future__ import annotations

import json

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from llm_catalog._catalog import Catalog
    from llm_catalog._costing import CostBreakdown
    from llm_catalog._model import Model

__all__ = ["ResponseError", "ResponseUsage", "cost_of_response", "read_response"]

OTEL_PROVIDERS = {
    "openai": "openai",
    "anthropic": "anthropic",
    "gcp.gemini": "google",
    "gemini": "google",
    "gcp.vertex_ai": "google-vertex",
    "vertex_ai": "google-vertex",
    "aws.bedrock": "amazon-bedrock",
    "azure.ai.openai": "azure",
    "az.ai.openai": "azure",
    "azure.ai.inference": "azure",
    "az.ai.inference": "azure",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "groq": "groq",
    "mistral_ai": "mistral",
    "perplexity": "perplexity",
    "x_ai": "xai",
    "xai": "xai",
}
"""OpenTelemetry `gen_ai.provider.name` values (semantic conventions' well-known
list) -> catalog provider ids. Values not listed resolve the model by name alone."""


class ResponseError(ValueError):
    """A response body that cannot be priced; the message says which field and why."""


class ResponseUsage:
    """What a response says about itself: the model name, the API it came from,
    the provider it implies (if any) and the token counts as `cost_of` takes them."""

    __slots__ = ("api", "cache_write_ttl", "counts", "inclusive", "model", "provider", "stated")

    def __init__(
        self,
        api: str,
        model: str,
        counts: dict[str, int],
        *,
        inclusive: bool,
        provider: str | None = None,
        stated: bool = False,
        cache_write_ttl: str | None = None,
    ) -> None:
        self.api = api
        self.cache_write_ttl = cache_write_ttl
        """`"1h"` when every cache write went to Anthropic's one-hour cache."""
        self.stated = stated
        """Whether the body itself says who served it (OpenTelemetry's provider
        attribute), rather than the API's shape suggesting its owner."""
        self.model = model
        self.counts = counts
        self.inclusive = inclusive
        self.provider = provider

    def __repr__(self) -> str:
        return (
            f"ResponseUsage(api={self.api!r}, model={self.model!r}, counts={self.counts!r}, "
            f"inclusive={self.inclusive!r}, provider={self.provider!r})"
        )


def _decode(body: object) -> object:
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ResponseError(f"response body is not UTF-8 text: {error}") from None
    if not isinstance(body, str):
        return body
    text = body.strip()
    if not text:
        raise ResponseError("response body is empty")
    if text[0] in "{[":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ResponseError(f"response body is not valid JSON: {error}") from None
    events: list[object] = []
    for line in text.splitlines():
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if not data or data == "[DONE]":
            continue
        try:
            events.append(json.loads(data))
        except json.JSONDecodeError as error:
            raise ResponseError(f"stream event is not valid JSON: {error}: {data[:80]!r}") from None
    if not events:
        raise ResponseError("response body is neither JSON nor a server-sent-event stream")
    return events


def _count(where: Mapping[str, object], field: str, label: str) -> int:
    value = where.get(field)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ResponseError(f"{label}.{field} must be a non-negative integer, not {value!r:.40}")
    return value


def _object(where: Mapping[str, object], field: str, label: str) -> Mapping[str, object]:
    value = where.get(field)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ResponseError(f"{label}.{field} must be an object, not {type(value).__name__}")
    return value


def _model_name(where: Mapping[str, object], field: str, label: str) -> str:
    value = where.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ResponseError(f"{label} names no model ({field} is {value!r:.40})")
    return value.strip()


def _no_usage(api: str, model: str) -> ResponseError:
    return ResponseError(
        f"{api} response of model {model!r} carries no usage, so it cannot be priced"
        + (
            " (when streaming, ask for it: stream_options={'include_usage': true})"
            if api == "OpenAI Chat Completions"
            else ""
        )
    )


def _chat(body: Mapping[str, object]) -> ResponseUsage:
    api = "OpenAI Chat Completions"
    model = _model_name(body, "model", api)
    usage = body.get("usage")
    if usage is None:
        raise _no_usage(api, model)
    if not isinstance(usage, dict):
        raise ResponseError(f"{api} usage must be an object, not {type(usage).__name__}")
    prompt = _object(usage, "prompt_tokens_details", "usage")
    completion = _object(usage, "completion_tokens_details", "usage")
    return ResponseUsage(
        api,
        model,
        {
            "input_tokens": _count(usage, "prompt_tokens", "usage"),
            # DeepSeek reports cache hits in its own field (also part of prompt_tokens)
            "cache_read_tokens": _count(prompt, "cached_tokens", "usage.prompt_tokens_details")
            or _count(usage, "prompt_cache_hit_tokens", "usage"),
            "input_audio_tokens": _count(prompt, "audio_tokens", "usage.prompt_tokens_details"),
            "output_tokens": _count(usage, "completion_tokens", "usage"),
            "reasoning_tokens": _count(
                completion, "reasoning_tokens", "usage.completion_tokens_details"
            ),
            "output_audio_tokens": _count(
                completion, "audio_tokens", "usage.completion_tokens_details"
            ),
        },
        inclusive=True,
    )


def _responses(body: Mapping[str, object]) -> ResponseUsage:
    api = "OpenAI Responses"
    model = _model_name(body, "model", api)
    usage = body.get("usage")
    if usage is None:
        raise _no_usage(api, model)
    if not isinstance(usage, dict):
        raise ResponseError(f"{api} usage must be an object, not {type(usage).__name__}")
    given = _object(usage, "input_tokens_details", "usage")
    made = _object(usage, "output_tokens_details", "usage")
    return ResponseUsage(
        api,
        model,
        {
            "input_tokens": _count(usage, "input_tokens", "usage"),
            "cache_read_tokens": _count(given, "cached_tokens", "usage.input_tokens_details"),
            "output_tokens": _count(usage, "output_tokens", "usage"),
            "reasoning_tokens": _count(made, "reasoning_tokens", "usage.output_tokens_details"),
        },
        inclusive=True,
        provider="openai",
    )


def _anthropic(body: Mapping[str, object], final: Mapping[str, object] | None) -> ResponseUsage:
    api = "Anthropic Messages"
    model = _model_name(body, "model", api)
    usage = body.get("usage")
    if usage is None:
        raise _no_usage(api, model)
    if not isinstance(usage, dict):
        raise ResponseError(f"{api} usage must be an object, not {type(usage).__name__}")
    creation = _object(usage, "cache_creation", "usage")
    one_hour = _count(creation, "ephemeral_1h_input_tokens", "usage.cache_creation")
    five_minutes = _count(creation, "ephemeral_5m_input_tokens", "usage.cache_creation")
    if one_hour and five_minutes:
        # cost_of takes one cache lifetime per call; splitting the writes between
        # two lifetimes would need two sheets in one breakdown, so refuse instead.
        raise ResponseError(
            f"{api} response of model {model!r} mixes five-minute ({five_minutes}) and "
            f"one-hour ({one_hour}) cache writes (usage.cache_creation); price them as "
            'two cost_of calls, one with cache_write_ttl="1h"'
        )
    output = _count(usage, "output_tokens", "usage")
    if final is not None:  # a stream: message_delta carries the cumulative output count
        output = _count(final, "output_tokens", "message_delta.usage")
    return ResponseUsage(
        api,
        model,
        {
            "input_tokens": _count(usage, "input_tokens", "usage"),
            "cache_read_tokens": _count(usage, "cache_read_input_tokens", "usage"),
            "cache_write_tokens": _count(usage, "cache_creation_input_tokens", "usage"),
            "output_tokens": output,
        },
        inclusive=False,
        provider="anthropic",
        cache_write_ttl="1h" if one_hour else None,
    )


def _gemini(body: Mapping[str, object]) -> ResponseUsage:
    api = "Gemini generateContent"
    model = _model_name(body, "modelVersion", api)
    meta = body.get("usageMetadata")
    if meta is None:
        raise _no_usage(api, model)
    if not isinstance(meta, dict):
        raise ResponseError(f"{api} usageMetadata must be an object, not {type(meta).__name__}")
    label = "usageMetadata"
    prompt = _count(meta, "promptTokenCount", label)
    tools = _count(meta, "toolUsePromptTokenCount", label)
    candidates = _count(meta, "candidatesTokenCount", label)
    thoughts = _count(meta, "thoughtsTokenCount", label)
    total = meta.get("totalTokenCount")
    output = candidates + thoughts
    if total == prompt + tools + candidates and thoughts:
        output = candidates  # thoughts already counted in the candidates
    audio = 0
    details = meta.get("promptTokensDetails") or []
    if not isinstance(details, list):
        raise ResponseError(f"{label}.promptTokensDetails must be a list")
    for item in details:
        if not isinstance(item, dict):
            raise ResponseError(f"{label}.promptTokensDetails holds a non-object")
        if item.get("modality") == "AUDIO":
            audio += _count(item, "tokenCount", f"{label}.promptTokensDetails[AUDIO]")
    return ResponseUsage(
        api,
        model,
        {
            "input_tokens": prompt + tools,
            "cache_read_tokens": _count(meta, "cachedContentTokenCount", label),
            "input_audio_tokens": audio,
            "output_tokens": output,
            "reasoning_tokens": thoughts,
        },
        inclusive=True,
        provider="google",
    )


def _otel(attributes: Mapping[str, object]) -> ResponseUsage:
    api = "OpenTelemetry GenAI"
    field = "gen_ai.response.model" if attributes.get("gen_ai.response.model") else None
    model = _model_name(attributes, field or "gen_ai.request.model", api)
    if "gen_ai.usage.input_tokens" not in attributes and (
        "gen_ai.usage.output_tokens" not in attributes
    ):
        raise _no_usage(api, model)
    system = attributes.get("gen_ai.provider.name", attributes.get("gen_ai.system"))
    label = "attributes"
    return ResponseUsage(
        api,
        model,
        {
            "input_tokens": _count(attributes, "gen_ai.usage.input_tokens", label),
            "cache_read_tokens": _count(attributes, "gen_ai.usage.cache_read.input_tokens", label),
            "cache_write_tokens": _count(
                attributes, "gen_ai.usage.cache_creation.input_tokens", label
            ),
            "output_tokens": _count(attributes, "gen_ai.usage.output_tokens", label),
            "reasoning_tokens": _count(attributes, "gen_ai.usage.reasoning.output_tokens", label),
        },
        inclusive=True,
        provider=OTEL_PROVIDERS.get(system) if isinstance(system, str) else None,
        stated=True,
    )


def _one(body: Mapping[str, object]) -> ResponseUsage:
    attributes = body.get("attributes")
    if isinstance(attributes, dict) and any(str(k).startswith("gen_ai.") for k in attributes):
        return _otel(attributes)
    if any(str(k).startswith("gen_ai.") for k in body):
        return _otel(body)
    kind = body.get("type")
    if kind == "response.completed" and isinstance(body.get("response"), dict):
        return _responses(body["response"])  # type: ignore[arg-type]
    if kind == "message_start" and isinstance(body.get("message"), dict):
        return _anthropic(body["message"], None)  # type: ignore[arg-type]
    if "usageMetadata" in body or "modelVersion" in body or "candidates" in body:
        return _gemini(body)
    if kind == "message":
        return _anthropic(body, None)
    if body.get("object") == "response":
        return _responses(body)
    usage = body.get("usage")
    if body.get("object") in ("chat.completion", "chat.completion.chunk") or (
        isinstance(usage, dict) and "prompt_tokens" in usage
    ):
        return _chat(body)
    keys = ", ".join(sorted(map(str, body))[:8])
    raise ResponseError(
        "not a response of a known API (OpenAI Chat Completions or Responses, Anthropic "
        f"Messages, Gemini generateContent, OpenTelemetry GenAI attributes); its keys: {keys}"
    )


def _stream(events: list[object]) -> ResponseUsage:
    objects = [e for e in events if isinstance(e, dict)]
    if len(objects) != len(events):
        raise ResponseError("a stream of responses must hold only JSON objects")
    if not objects:
        raise ResponseError("response stream is empty")
    start = next((e for e in objects if e.get("type") == "message_start"), None)
    if start is not None:  # Anthropic: usage of message_start, output of the last delta
        deltas = [e for e in objects if e.get("type") == "message_delta"]
        final = deltas[-1].get("usage") if deltas else None
        message = start.get("message")
        if not isinstance(message, dict):
            raise ResponseError("Anthropic message_start event holds no message object")
        if final is not None and not isinstance(final, dict):
            raise ResponseError("Anthropic message_delta.usage must be an object")
        return _anthropic(message, final)
    for event in reversed(objects):
        if event.get("type") == "response.completed":
            return _one(event)
        if event.get("usage") or event.get("usageMetadata"):
            return _one(event)
    return _one(objects[-1])  # raises: no usage in any event


def read_response(body: object) -> ResponseUsage:
    """The model and token counts a response body states (see the module doc)."""
    decoded = _decode(body)
    if isinstance(decoded, list):
        return _stream(decoded)
    if isinstance(decoded, dict):
        return _one(decoded)
    raise ResponseError(
        f"a response body is a JSON object, a list of stream events, bytes or str, "
        f"not {type(decoded).__name__}"
    )


def _model_of(usage: ResponseUsage, provider: str | None, catalog: Catalog | None) -> Model:
    from llm_catalog._resolve import AmbiguousModelError, resolve

    if provider is not None:
        return resolve(usage.model, str(provider), catalog=catalog)
    if usage.stated and usage.provider is not None:
        try:
            return resolve(usage.model, usage.provider, catalog=catalog)
        except KeyError:
            pass  # not a model of that provider in the catalog: read the name alone
    try:
        return resolve(usage.model, catalog=catalog)
    except (AmbiguousModelError, KeyError):
        # The API the body came from names its provider (an Anthropic Messages
        # reply is Anthropic's unless said otherwise): try there before failing.
        if usage.provider is None:
            raise
        try:
            return resolve(usage.model, usage.provider, catalog=catalog)
        except KeyError:
            pass
        raise


def cost_of_response(
    body: object, provider: str | None = None, *, catalog: Catalog | None = None
) -> CostBreakdown:
    """The cost of one real response, from its JSON body (see the module doc).

    `body`: the reply of OpenAI Chat Completions or Responses, Anthropic Messages,
    Gemini `generateContent`, an OpenAI-compatible API, or OpenTelemetry GenAI
    span attributes; a dict, a list of stream events, or raw `bytes`/`str`
    (JSON or a server-sent-event stream). `provider` (a `Provider` or its id)
    says who served it when the name alone does not (`azure` for `gpt-4o`).
    Raises `ResponseError` for bodies that cannot be priced and
    `UnknownModelError`/`AmbiguousModelError` for the model name.
    """
    usage = read_response(body)
    model = _model_of(usage, provider, catalog)
    if usage.cache_write_ttl == "1h" and (
        model.cost.extra is None or model.cost.extra.cache_write_1h is None
    ):
        raise ResponseError(
            f"{usage.api} response of {usage.model!r} wrote to the one-hour cache "
            f"(usage.cache_creation.ephemeral_1h_input_tokens): {model.key} has no "
            "1-hour cache-write price in the data, and the five-minute one would "
            "underprice it"
        )
    try:
        counts = usage.counts
        return model.cost_of(
            inclusive=usage.inclusive,
            input_tokens=counts.get("input_tokens", 0),
            output_tokens=counts.get("output_tokens", 0),
            cache_read_tokens=counts.get("cache_read_tokens", 0),
            cache_write_tokens=counts.get("cache_write_tokens", 0),
            reasoning_tokens=counts.get("reasoning_tokens", 0),
            input_audio_tokens=counts.get("input_audio_tokens", 0),
            output_audio_tokens=counts.get("output_audio_tokens", 0),
            cache_write_ttl=usage.cache_write_ttl,
        )
    except ValueError as error:
        raise ResponseError(
            f"{usage.api} usage of {usage.model!r} is inconsistent: {error}"
        ) from None
