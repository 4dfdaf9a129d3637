"""LiteLLM's `model_prices_and_context_window.json`: the widest flat price map.

What an entry states (prices are USD per token, read as Decimal and multiplied by
1,000,000 exactly; more than 10 decimal places are rounded half-even to 10):

- `input_cost_per_token` -> `cost.input`, `output_cost_per_token` -> `cost.output`,
  `cache_read_input_token_cost` -> `cost.cache_read`,
  `cache_creation_input_token_cost` -> `cost.cache_write`,
  `output_cost_per_reasoning_token` -> `cost.reasoning`,
  `input_cost_per_audio_token` / `output_cost_per_audio_token` -> `cost.input_audio`
  / `cost.output_audio`;
- `*_above_Nk_tokens` variants of those -> `cost.tiers` (a tier above N x 1,000);
- `max_input_tokens` -> `limits.context` (LiteLLM's input cap is usually the
  context window: `gpt-4o` 128,000), or `limits.input` for a model whose
  models.dev entry has a separate input cap (`gpt-5`: context 400,000, input
  272,000) and whose context is not that same number (see `interpret`); `max_output_tokens` -> `limits.output`;
- `supports_*` flags, true or false as given: `function_calling` -> `tool_call`,
  `reasoning`, `prompt_caching`, `vision`, `pdf_input`, `audio_input`,
  `audio_output`, `web_search`, `parallel_function_calling` ->
  `parallel_tool_calls`, `response_schema`, `system_messages`;
- `deprecation_date` (YYYY-MM-DD);
- `mode` -> `kind` when it names a kind other than chat (`MODES`; see
  `generator/kinds.py` for why `chat` is not a statement).

- prices few models have -> `cost.extra` (one statement, `schema.ExtraPrices`):
  the batch, flex and priority variants of the token prices above (`*_batches`,
  `*_flex`, `*_priority`, long-context tiers included) -> `batch`, `flex`,
  `priority`; `cache_creation_input_token_cost_above_1hr` -> `cache_write_1h`;
  `input_cost_per_second` (else `input_cost_per_audio_per_second`) ->
  `input_per_second`, `output_cost_per_second` -> `output_per_second` (a 0
  beside an input price per second is "nothing extra", not a price),
  `input_cost_per_character` -> `input_per_character`, `input_cost_per_image` /
  `output_cost_per_image` -> `input_per_image` / `output_per_image`,
  `input_cost_per_query` -> `per_query`, `search_context_cost_per_query`
  (`search_context_size_low` / `_medium` / `_high`) -> `web_search`. Unit prices
  are USD per unit, taken as given (not per million).

Image prices by size and quality (`image_key`): LiteLLM prices an image made by
OpenAI's Images API under keys of their own, `QUALITY/WIDTH-x-HEIGHT/MODEL` or
`WIDTH-x-HEIGHT/MODEL` after an optional route prefix (`hd/1024-x-1792/dall-e-3`,
`azure/low/1024-x-1024/gpt-image-1`, `1024-x-1024/gpt-image-1.5`). Such a key is
no model: `match` attaches its price to `cost.extra.image_prices` of the catalog
model MODEL of the key's provider, as the row (QUALITY or none, `WIDTHxHEIGHT`),
beside the prices of that model's own entry. The price of one image is the key's
`output_cost_per_image`, else its `input_cost_per_image`, else its
`input_cost_per_pixel` x WIDTH x HEIGHT (the exact Decimal product, trailing
zeros dropped, never rounded: what the source's own calculation bills):
LiteLLM's own image cost calculator (`default_image_cost_calculator` in
BerriAI/litellm `litellm/cost_calculator.py`) bills `n` images made at
`input_cost_per_image` x n, else `input_cost_per_pixel` x height x width x n,
so on these keys the "input" prices are what an image made costs. Where a key
gives both, the price per image wins (it is OpenAI's published figure; the
price per pixel is that figure divided by the pixels and rounded: gpt-image-1
low 1024x1024 is $0.011, or 1.0490417e-08 x 1,048,576 = $0.010999999496192).
A key that does not read so (a quality the Images API does not have, a step
count in the key, no catalog model to attach to) stays in the match report with
the reason.

Other prices (per pixel, per page, per video second at a resolution, other
service tiers, the 1-hour cache write above a context size, ...) have no place
in the catalog's schema; how many entries have them is reported.

Matching: `litellm_provider` maps to models.dev provider ids (`PROVIDERS`); the
entry's key, or the key without its route prefix (`gemini/`, `azure/`,
`bedrock/`, `vertex_ai/`, ...), must then be a model id of that provider. A
dated snapshot (`-20250514`, `@20241022`, `-2024-08-06`) matches the undated
catalog model only when no entry matches that model more directly. Each catalog
model takes the best match (exact key, then route prefix, then dated snapshot;
ties by key); every other entry is reported with the reason it did not match.

Models models.dev does not list (`additions`, then `generator/additions.py`): an
entry of a mapped provider whose id (without its route prefix) is no catalog id
and that is no variant (regional, image size, fine-tuning, size-class price)
names a model of its own, dated snapshots included; it is then matched like any
entry. `PROVIDERS` maps every `litellm_provider` whose API a models.dev provider
serves; docs/sources.md lists why the others are not mapped
(models.dev has no such provider; local models; a subscription).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from generator import schema
from generator.report import FeedError, Finding, Report
from generator.sources import Entry, Matching, Unmatched, Value, index, per_million
from generator.upstream import parse_json

NAME = "litellm"
URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"

PROVIDERS: dict[str, tuple[str, ...]] = {
    "aihubmix": ("aihubmix",),
    "anthropic": ("anthropic",),
    "azure": ("azure",),
    "azure_ai": ("azure",),
    "baseten": ("baseten",),
    "bedrock": ("amazon-bedrock",),
    "bedrock_converse": ("amazon-bedrock",),
    "cerebras": ("cerebras",),
    "cloudflare": ("cloudflare-workers-ai",),
    "cohere": ("cohere",),
    "cohere_chat": ("cohere",),
    "dashscope": ("alibaba",),
    "databricks": ("databricks",),
    "deepinfra": ("deepinfra",),
    "deepseek": ("deepseek",),
    "fireworks_ai": ("fireworks-ai",),
    "fireworks_ai-embedding-models": ("fireworks-ai",),
    "friendliai": ("friendli",),
    "gemini": ("google",),
    "github_copilot": ("github-copilot",),
    "gmi": ("gmicloud",),
    "groq": ("groq",),
    "inception": ("inception",),
    "meta_llama": ("llama",),
    "minimax": ("minimax",),
    "mistral": ("mistral",),
    "moonshot": ("moonshotai",),
    "morph": ("morph",),
    "nebius": ("nebius",),
    "novita": ("novita-ai",),
    "nvidia_nim": ("nvidia",),
    "openai": ("openai",),
    "ovhcloud": ("ovhcloud",),
    "perplexity": ("perplexity",),
    "sarvam": ("sarvam",),
    "scaleway": ("scaleway",),
    "snowflake": ("snowflake-cortex",),
    "text-completion-openai": ("openai",),
    "azure_text": ("azure",),
    "together_ai": ("togetherai",),
    "v0": ("v0",),
    "vercel_ai_gateway": ("vercel",),
    "vertex_ai": ("google-vertex",),
    "vertex_ai-ai21_models": ("google-vertex",),
    "vertex_ai-anthropic_models": ("google-vertex-anthropic", "google-vertex"),
    "vertex_ai-embedding-models": ("google-vertex",),
    "vertex_ai-minimax_models": ("google-vertex",),
    "vertex_ai-moonshot_models": ("google-vertex",),
    "vertex_ai-text-models": ("google-vertex",),
    "vertex_ai-video-models": ("google-vertex",),
    "vertex_ai-language-models": ("google-vertex",),
    "vertex_ai-deepseek_models": ("google-vertex",),
    "vertex_ai-llama_models": ("google-vertex",),
    "vertex_ai-mistral_models": ("google-vertex",),
    "vertex_ai-openai_models": ("google-vertex",),
    "vertex_ai-qwen_models": ("google-vertex",),
    "vertex_ai-zai_models": ("google-vertex",),
    "wandb": ("wandb",),
    "xai": ("xai",),
    "xiaomi_mimo": ("xiaomi",),
    "zai": ("zai",),
}
"""LiteLLM provider -> the models.dev providers that serve the same API."""

ROUTE_PREFIXES = frozenset(
    {*PROVIDERS, "bedrock", "vertex_ai", "azure", "azure_ai", "gemini", "openrouter"}
)
"""First path segments of LiteLLM keys that name a route, not part of the model id."""

_PRICES = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost": "cache_write",
    "output_cost_per_reasoning_token": "reasoning",
    "input_cost_per_audio_token": "input_audio",
    "output_cost_per_audio_token": "output_audio",
}
_TIERED = re.compile(r"^(?P<base>[a-z_]+)_above_(?P<k>\d+)k_tokens$")
_FLAGS = {
    "supports_function_calling": "tool_call",
    "supports_reasoning": "reasoning",
    "supports_prompt_caching": "prompt_caching",
    "supports_vision": "vision",
    "supports_pdf_input": "pdf_input",
    "supports_audio_input": "audio_input",
    "supports_audio_output": "audio_output",
    "supports_web_search": "web_search",
    "supports_parallel_function_calling": "parallel_tool_calls",
    "supports_response_schema": "response_schema",
    "supports_system_messages": "system_messages",
}
MODES = {
    "embedding": "embedding",
    "rerank": "rerank",
    "moderation": "moderation",
    "image_generation": "image_generation",
    "image_edit": "image_generation",
    "video_generation": "video_generation",
    "audio_transcription": "transcription",
    "audio_speech": "speech",
}
"""LiteLLM `mode` -> `kind`, for the modes that say a model is not a chat model."""
_VARIANT = re.compile(r"_(batches|flex|priority)$")
_SERVICE_TIERS = {"batches": "batch", "flex": "flex", "priority": "priority"}
"""LiteLLM's suffix -> our service tier (`schema.SERVICE_TIERS`)."""
_UNIT_PRICES = {
    "input_cost_per_second": "input_per_second",
    "input_cost_per_audio_per_second": "input_per_second",
    "output_cost_per_second": "output_per_second",
    "input_cost_per_character": "input_per_character",
    "input_cost_per_image": "input_per_image",
    "output_cost_per_image": "output_per_image",
    "input_cost_per_query": "per_query",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
}
"""LiteLLM field -> `schema.ExtraPrices` field; `cache_write_1h` is per token (x 1M)."""
_SEARCH = "search_context_cost_per_query"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATED = re.compile(r"(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})$")
DOCUMENTATION_KEY = "sample_spec"
"""LiteLLM's first entry documents the format; it is not a model."""


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise ValueError(f"expected a number, got {type(raw).__name__} {raw!r:.40}")
    value = Decimal(raw)
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a usable price: {raw}")
    return value


def _entry(key: str, raw: dict[str, Any], report: Report, skipped: Counter[str]) -> Entry | None:
    route = raw.get("litellm_provider")
    if not isinstance(route, str) or not route:
        report.add(NAME, key, "litellm_provider", "missing; entry skipped")
        return None
    image = image_key(key)
    if isinstance(image, ImageKey):
        return _image_entry(key, route, image, raw, report)
    values: dict[str, Value] = {}
    tiers: dict[int, dict[str, Decimal]] = {}

    def warn(field: str, message: str) -> None:
        report.add(NAME, key, field, message)

    # Per service tier (`None`: standard): flat prices and long-context tiers.
    flat: dict[str, Decimal] = {}
    sheets: dict[str | None, tuple[dict[str, Decimal], dict[int, dict[str, Decimal]]]] = {
        None: (flat, tiers)
    }
    extra: dict[str, Any] = {}
    for field, value in raw.items():
        variant = _VARIANT.search(field)
        service = _SERVICE_TIERS[variant[1]] if variant else None
        name = field[: variant.start()] if variant else field
        tiered = _TIERED.match(name)
        if name in _PRICES or (tiered and tiered["base"] in _PRICES):
            try:
                price = per_million(_number(value))
            except ValueError as exc:
                warn(field, f"{exc}; ignored")
                continue
            sheet_flat, sheet_tiers = sheets.setdefault(service, ({}, {}))
            if tiered:
                above = int(tiered["k"]) * 1000
                sheet_tiers.setdefault(above, {})[_PRICES[tiered["base"]]] = price
            else:
                sheet_flat[_PRICES[name]] = price
        elif field in _UNIT_PRICES:
            target = _UNIT_PRICES[field]
            if target in extra and field == "input_cost_per_audio_per_second":
                continue  # `input_cost_per_second` states it
            try:
                number = _number(value)
                extra[target] = per_million(number) if target == "cache_write_1h" else number
            except ValueError as exc:
                warn(field, f"{exc}; ignored")
        elif field == _SEARCH:
            if isinstance(value, dict) and value:
                try:
                    extra["web_search"] = {
                        size.removeprefix("search_context_size_"): _number(price)
                        for size, price in value.items()
                    }
                except ValueError as exc:
                    warn(field, f"{exc}; ignored")
            else:
                warn(field, f"expected an object of prices by size, got {value!r:.40}; ignored")
        elif field in _FLAGS:
            if isinstance(value, bool):
                values[f"capabilities.{_FLAGS[field]}"] = value
            else:
                warn(field, f"expected true or false, got {value!r:.40}; ignored")
        elif field in ("max_input_tokens", "max_output_tokens"):
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                values["limits.context" if field == "max_input_tokens" else "limits.output"] = value
            elif value == 0 and not isinstance(value, bool):
                skipped[f"{field} of 0 (not given)"] += 1
            elif value is not None:
                warn(field, f"expected a positive integer, got {value!r:.40}; ignored")
        elif field == "deprecation_date":
            if isinstance(value, str) and _DAY.fullmatch(value):
                values["deprecation_date"] = value
            elif value is not None:
                warn(field, f"not a YYYY-MM-DD date: {value!r:.40}; ignored")
        elif field == "mode" and isinstance(value, str) and value in MODES:
            values["kind"] = MODES[value]
        elif _VARIANT.search(field):
            skipped[f"{_VARIANT.search(field)[1]} prices"] += 1  # type: ignore[index]
        elif "_cost_per_" in field:
            skipped["prices not per token"] += 1
    values.update({f"cost.{name}": price for name, price in flat.items()})
    if tiers:
        values["cost.tiers"] = _tiers(tiers)
    for service, (sheet_flat, sheet_tiers) in sheets.items():
        if service is not None:
            prices: dict[str, Any] = sheet_flat
            extra[service] = schema.Cost(**prices, tiers=_tiers(sheet_tiers))
    if extra.get("output_per_second") == 0 and extra.get("input_per_second"):
        del extra["output_per_second"]  # no charge for the text out of a transcription
    if extra:
        try:
            values["cost.extra"] = schema.ExtraPrices(**extra)
        except ValidationError as exc:
            problems = "; ".join(str(e["msg"]) for e in exc.errors())
            warn("cost.extra", f"{problems:.200}; ignored")
    return Entry(key=key, route=route, values=values)


@dataclass(frozen=True, slots=True)
class ImageKey:
    """What a LiteLLM key of an image price says (see the module docstring)."""

    model: str
    """The model id the price belongs to (the key's last segment)."""
    quality: str | None
    size: str
    """`WIDTHxHEIGHT`, as OpenAI's Images API spells a size."""
    pixels: int


_IMAGE_SIZE = re.compile(r"^(?P<width>[1-9]\d{0,5})-x-(?P<height>[1-9]\d{0,5})$")


def image_key(key: str) -> ImageKey | str | None:
    """The image price a key states (`ImageKey`), why a key that looks like one
    cannot be read as one (str), or `None` for any other key.

    A key looks like an image price when, after an optional route prefix, its
    first segment is a size (`1024-x-1024`) or a quality word (`_SIZE`), or its
    second is a size; it reads as one when it is exactly
    `QUALITY/WIDTH-x-HEIGHT/MODEL` or `WIDTH-x-HEIGHT/MODEL`, QUALITY one of
    `schema.IMAGE_QUALITIES`."""
    parts = key.split("/")
    if len(parts) > 1 and parts[0] in ROUTE_PREFIXES:
        parts = parts[1:]
    if len(parts) < 2 or not (
        _SIZE.match(parts[0]) or (len(parts) > 2 and _IMAGE_SIZE.match(parts[1]))
    ):
        return None
    quality = None
    if not _IMAGE_SIZE.match(parts[0]):
        quality, parts = parts[0], parts[1:]
        if quality not in schema.IMAGE_QUALITIES:
            return f"quality {quality!r} is none of the Images API's ({', '.join(schema.IMAGE_QUALITIES)})"
    size = _IMAGE_SIZE.match(parts[0]) if parts else None
    if size is None:
        return "no WIDTH-x-HEIGHT size after the quality"
    if len(parts) != 2 or not parts[1]:
        return (
            f"{'/'.join(parts[1:])!r} is not one model id (a step count or a route inside the key)"
        )
    width, height = int(size["width"]), int(size["height"])
    return ImageKey(parts[1], quality, f"{width}x{height}", width * height)


_IMAGE_PRICES = ("output_cost_per_image", "input_cost_per_image")
"""The fields that give the price of one image made, first found wins."""


def _exact(value: Decimal) -> Decimal:
    """`value` without trailing zeros or exponent notation, not rounded."""
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _image_entry(
    key: str, route: str, image: ImageKey, raw: Mapping[str, Any], report: Report
) -> Entry:
    """The entry of an image price key: one row of `cost.extra.image_prices` (for
    `match` to attach to the model), nothing else (its other fields repeat the
    model's own entry)."""
    price: Decimal | None = None
    try:
        for field in _IMAGE_PRICES:
            if raw.get(field) is not None:
                price = _number(raw[field])
                break
        else:
            if raw.get("input_cost_per_pixel") is not None:
                price = _exact(_number(raw["input_cost_per_pixel"]) * image.pixels)
    except ValueError as exc:
        report.add(NAME, key, "image price", f"{exc}; ignored")
        return Entry(key=key, route=route, values={})
    if price is None:
        report.add(NAME, key, "image price", "no price per image or per pixel; ignored")
        return Entry(key=key, route=route, values={})
    row = schema.ImagePrice(quality=image.quality, size=image.size, price=price)
    return Entry(
        key=key, route=route, values={"cost.extra": schema.ExtraPrices(image_prices=(row,))}
    )


def _tiers(tiers: Mapping[int, Mapping[str, Decimal]]) -> tuple[schema.CostTier, ...]:
    return tuple(schema.CostTier(above=above, **prices) for above, prices in sorted(tiers.items()))


def parse(data: bytes, url: str, report: Report) -> list[Entry]:
    """LiteLLM's price map as entries (raises `FeedError` if it is not one)."""
    document = parse_json(data, url)
    if not isinstance(document, dict):
        raise FeedError(
            [Finding(NAME, "", "", f"{url}: expected an object of model entries", "error")]
        )
    entries = []
    skipped: Counter[str] = Counter()
    for key, raw in document.items():
        if key == DOCUMENTATION_KEY:
            continue
        if not isinstance(raw, dict):
            report.add(NAME, key, "", "expected an object; entry skipped")
            continue
        entry = _entry(key, raw, report, skipped)
        if entry is not None:
            entries.append(entry)
    for what, count in sorted(skipped.items()):
        report.add(NAME, "", what, f"not carried into the catalog ({count} values)", "info")
    return entries


def interpret(values: Mapping[str, Value], primary: Mapping[str, Value]) -> dict[str, Value]:
    """LiteLLM's statements about one model, read against models.dev's.

    `max_input_tokens` is the largest prompt. For most models that is the context
    window, but where models.dev gives a separate input cap (`limits.input`,
    below the context window), LiteLLM's number is that cap -- unless it is
    models.dev's context window itself: then LiteLLM states the context (its
    usual meaning), not a second input cap."""
    out = dict(values)
    if (
        "limits.context" in out
        and "limits.input" in primary
        and out["limits.context"] != primary.get("limits.context")
    ):
        out["limits.input"] = out.pop("limits.context")
    return out


def _candidates(key: str) -> list[tuple[int, str, str]]:
    """(rank, model id, rule) for the ids `key` may stand for, best first."""
    found = [(0, key, "exact id")]
    head, sep, rest = key.partition("/")
    if sep and head in ROUTE_PREFIXES and rest:
        found.append((1, rest, f"route prefix {head}/"))
    for rank, mid, _ in list(found):
        undated = _DATED.sub("", mid)
        if undated != mid:
            found.append((rank + 2, undated, "dated snapshot"))
    return found


_REGION = re.compile(r"^(?:us|eu|apac|au|jp|global|[a-z]{2}(?:-[a-z]+)+-\d)$")
_SIZE = re.compile(r"^(?:\d+-x-\d+|low|medium|high|hd|standard)$")
_PRICE_BUCKET = re.compile(r"^(?:fireworks-ai|together-ai)-")
"""Keys that price a size class of models (`fireworks-ai-up-to-4b`), not a model."""


def _why_not(key: str, targets: tuple[str, ...]) -> str:
    parts = key.split("/")
    if parts[0] in ROUTE_PREFIXES:
        parts = parts[1:]
    if len(parts) > 1 and _REGION.match(parts[0]):
        return f"regional variant: {parts[0]} has no model of its own in models.dev"
    image = image_key(key)
    if image is not None:
        why = image if isinstance(image, str) else "no catalog model of that id to price"
        return f"image size or quality variant: {why}"
    if key.startswith("ft:"):
        return "fine-tuning price: not a model of its own in models.dev"
    if _PRICE_BUCKET.match(key):
        return "size-class price: prices every model of a size, not a model"
    return f"no such model id: not under {' or '.join(targets)}"


def _own_id(key: str) -> str:
    """The model id a key names at its provider: the key without its route prefix."""
    head, sep, rest = key.partition("/")
    return rest if sep and head in ROUTE_PREFIXES and rest else key


def additions(entries: list[Entry], providers: dict[str, schema.Provider]) -> dict[str, set[str]]:
    """Model ids LiteLLM lists for a mapped provider that models.dev does not:
    provider id -> ids (see `generator/additions.py` for what becomes a model).

    An entry names a model of its own when no id it stands for without its date
    (`exact id`, `route prefix`) is a catalog id of the provider and no other rule
    says it is a variant (`_why_not`: regional, image size, fine-tuning, size
    class). The model goes to the first provider `PROVIDERS` maps the route to.
    A dated key (`gpt-4o-mini-2024-07-18`) is a model of its own too: the provider
    serves it under that id. Two keys naming one id (`gpt-4o-mini-2024-07-18`,
    `openai/gpt-4o-mini-2024-07-18`) are one model, and an id that differs from a
    catalog id in case only is that catalog model, not a new one."""
    ids = index(providers)
    lowered = {pid: {mid.lower() for mid in models} for pid, models in ids.items()}
    found: dict[str, set[str]] = {}
    for entry in entries:
        targets = PROVIDERS.get(entry.route)
        if targets is None or not _why_not(entry.key, targets).startswith("no such model id"):
            continue
        mid = _own_id(entry.key)
        if any(mid.lower() in lowered.get(pid, ()) for pid in targets):
            continue
        found.setdefault(targets[0], set()).add(mid)
    return found


def match(
    entries: list[Entry],
    providers: dict[str, schema.Provider],
    added: frozenset[tuple[str, str]] = frozenset(),
) -> Matching:
    """Each catalog model onto its best-matching entry; see the module docstring.

    `added` are the models the secondary sources added (`generator/additions.py`):
    a dated key that names one of them also still fills the gaps of the undated
    models.dev model, exactly as before it was added."""
    ids = index(providers)
    result = Matching(NAME, added=added)
    best: dict[tuple[str, str], tuple[int, str, Entry, str]] = {}
    found_any: set[str] = set()
    images: list[tuple[Entry, ImageKey, tuple[str, ...]]] = []
    for entry in sorted(entries, key=lambda e: e.key):
        targets = PROVIDERS.get(entry.route)
        if targets is None:
            result.unmatched.append(
                Unmatched(
                    entry.key, f"provider not mapped: no models.dev provider for {entry.route!r}"
                )
            )
            continue
        image = image_key(entry.key)
        if isinstance(image, ImageKey):
            images.append((entry, image, targets))
            continue
        for pid in targets:
            for rank, mid, rule in _candidates(entry.key):
                if mid in ids.get(pid, ()):
                    found_any.add(entry.key)
                    current = best.get((pid, mid))
                    if current is None or (rank, entry.key) < current[:2]:
                        best[(pid, mid)] = (rank, entry.key, entry, rule)
                    if (pid, mid) not in added or rule == "dated snapshot":
                        break
        if entry.key not in found_any:
            reason = _why_not(entry.key, targets)
            spelled = sorted(
                f"{pid}:{mid}"
                for pid in targets
                for mid in ids.get(pid, ())
                if mid.lower() == _own_id(entry.key).lower()
            )
            if reason.startswith("no such model id") and spelled:
                reason = "differs in case only: models.dev spells it " + ", ".join(spelled)
            result.unmatched.append(Unmatched(entry.key, reason))
    winners = set()
    for target, (_, _, entry, rule) in sorted(best.items()):
        result.matched[target] = entry
        result.how[target] = rule
        winners.add(entry.key)
    for key in sorted(found_any - winners):
        result.unmatched.append(
            Unmatched(key, "matched better by another entry: the model took a closer id")
        )
    _attach_images(result, images, ids)
    return result


def _attach_images(
    result: Matching,
    images: list[tuple[Entry, ImageKey, tuple[str, ...]]],
    ids: Mapping[str, set[str]],
) -> None:
    """Add each image price key's row to `cost.extra.image_prices` of the entry
    matched to its model (the model id exactly, at the first provider the route
    maps to that has it); a key with no such model, entry or price stays
    unmatched with the reason."""
    rows: dict[tuple[str, str], list[schema.ImagePrice]] = {}
    for entry, image, targets in images:  # sorted by key: the first of two same rows wins
        pid = next((p for p in targets if image.model in ids.get(p, ())), None)
        extra = entry.values.get("cost.extra")
        why = None
        if pid is None:
            why = f"no model {image.model!r} under {' or '.join(targets)} to price"
        elif (pid, image.model) not in result.matched:
            why = f"{pid}:{image.model} has no entry of its own to add the price to"
        elif not isinstance(extra, schema.ExtraPrices) or not extra.image_prices:
            why = "no usable price per image (see report.json)"
        else:
            row = extra.image_prices[0]
            found = rows.setdefault((pid, image.model), [])
            if any((r.quality, r.size) == (row.quality, row.size) for r in found):
                why = f"another key already prices {row.name} of {pid}:{image.model}"
            else:
                found.append(row)
                result.image_prices[entry.key] = (pid, image.model)
        if why is not None:
            result.unmatched.append(Unmatched(entry.key, f"image size or quality variant: {why}"))
    for target, found in rows.items():
        base = result.matched[target]
        extra = base.values.get("cost.extra")
        fields = dict(extra) if isinstance(extra, schema.ExtraPrices) else {}
        merged = schema.ExtraPrices.model_validate({**fields, "image_prices": tuple(found)})
        result.matched[target] = replace(base, values={**base.values, "cost.extra": merged})
