"""Our own normalized schema: what a snapshot holds, validated with pydantic.

This mirrors `llm_catalog/_model.py` field for field (a test keeps them in step), so
the generator and the runtime share one data model. Snapshots store it as sorted
JSON: prices as decimal strings (exact), dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
(the precision is the shape), sets as sorted lists, and defaults omitted.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

SCHEMA_VERSION = 1
"""Bumped whenever the snapshot layout changes incompatibly."""

# The fixed vocabularies. Generated enums are rendered from these tuples; their
# order is the enum's order. (member name, value, description)
CAPABILITIES: tuple[tuple[str, str, str], ...] = (
    ("TOOL_CALL", "tool_call", "Calls tools (function calling)."),
    ("REASONING", "reasoning", "Thinks before answering (reasoning tokens)."),
    ("STRUCTURED_OUTPUT", "structured_output", "Answers in a given JSON schema."),
    ("ATTACHMENT", "attachment", "Accepts file attachments."),
    ("TEMPERATURE", "temperature", "Accepts a sampling temperature."),
    ("INTERLEAVED_REASONING", "interleaved_reasoning", "Returns reasoning between tool calls."),
    # From LiteLLM's `supports_*` flags and OpenRouter's parameters (models.dev has none).
    ("PROMPT_CACHING", "prompt_caching", "Caches prompt prefixes (cheaper cache reads)."),
    ("VISION", "vision", "Understands images in the prompt."),
    ("PDF_INPUT", "pdf_input", "Reads PDF documents in the prompt."),
    ("AUDIO_INPUT", "audio_input", "Listens to audio in the prompt."),
    ("AUDIO_OUTPUT", "audio_output", "Answers with audio."),
    ("WEB_SEARCH", "web_search", "Searches the web while answering."),
    ("PARALLEL_TOOL_CALLS", "parallel_tool_calls", "Calls several tools in one turn."),
    ("RESPONSE_SCHEMA", "response_schema", "Accepts a JSON schema for the response."),
    ("SYSTEM_MESSAGES", "system_messages", "Accepts system messages."),
)
MODALITIES: tuple[tuple[str, str, str], ...] = (
    ("TEXT", "text", "Text."),
    ("IMAGE", "image", "Images."),
    ("AUDIO", "audio", "Audio."),
    ("VIDEO", "video", "Video."),
    ("PDF", "pdf", "PDF documents."),
)
STATUSES: tuple[tuple[str, str, str], ...] = (
    ("ACTIVE", "active", "Generally available."),
    ("ALPHA", "alpha", "Early access; may change without notice."),
    ("BETA", "beta", "Preview; may change."),
    (
        "DEPRECATED",
        "deprecated",
        "Still served, but a retirement date is announced (or no date yet).",
    ),
    ("RETIRED", "retired", "Past its retirement date: still listed by a source, no longer served."),
    ("MAINTENANCE", "maintenance", "Temporarily unavailable (operational status)."),
    ("DISABLED", "disabled", "Not to be used (operational status)."),
    ("REMOVED", "removed", "No longer listed upstream; kept so that old code still imports."),
)
KINDS: tuple[tuple[str, str, str], ...] = (
    ("CHAT", "chat", "Answers prompts in text (chat or completion APIs)."),
    ("EMBEDDING", "embedding", "Turns its input into a vector."),
    ("RERANK", "rerank", "Scores documents against a query."),
    ("MODERATION", "moderation", "Classifies content as safe or not (moderation, guard models)."),
    ("IMAGE_GENERATION", "image_generation", "Makes or edits images."),
    ("VIDEO_GENERATION", "video_generation", "Makes videos."),
    ("TRANSCRIPTION", "transcription", "Turns speech into text."),
    ("SPEECH", "speech", "Turns text into speech or other audio."),
)
"""What a model is for; decided by `generator/kinds.py` from the sources' signals."""
DATE_PRECISIONS: tuple[tuple[str, str, str], ...] = (
    ("DAY", "day", "The source gave year, month and day."),
    ("MONTH", "month", "The source gave year and month; the date is the 1st."),
    ("YEAR", "year", "The source gave only the year; the date is 1 January."),
)

PRICE_FIELDS = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "reasoning",
    "input_audio",
    "output_audio",
)
"""The kinds of price, in the order they are shown and generated."""

CAPABILITY_VALUES = frozenset(v for _, v, _ in CAPABILITIES)
MODALITY_VALUES = frozenset(v for _, v, _ in MODALITIES)
STATUS_VALUES = frozenset(v for _, v, _ in STATUSES)
KIND_VALUES = frozenset(v for _, v, _ in KINDS)

_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # not \d: ASCII only

# Decimals travel as strings so that JSON never rounds them.
Price = Annotated[Decimal, PlainSerializer(lambda d: format(d, "f"), return_type=str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    context: int | None = Field(default=None, ge=1)
    input: int | None = Field(default=None, ge=1)
    output: int | None = Field(default=None, ge=1)


class _Prices(_Strict):
    input: Price | None = Field(default=None, ge=0)
    output: Price | None = Field(default=None, ge=0)
    cache_read: Price | None = Field(default=None, ge=0)
    cache_write: Price | None = Field(default=None, ge=0)
    reasoning: Price | None = Field(default=None, ge=0)
    input_audio: Price | None = Field(default=None, ge=0)
    output_audio: Price | None = Field(default=None, ge=0)


class CostTier(_Prices):
    above: int = Field(ge=1)


SERVICE_TIERS = ("batch", "flex", "priority")
"""Service tiers a provider prices apart from its standard one (`cost_of(service_tier=...)`)."""

UNIT_PRICES = (
    "input_per_second",
    "output_per_second",
    "input_per_character",
    "input_per_image",
    "output_per_image",
    "per_query",
)
"""Prices per unit other than tokens (USD per second, character, image or query)."""

SEARCH_CONTEXTS = ("low", "medium", "high")
"""Search context sizes a web-search price may depend on, smallest first."""

IMAGE_QUALITIES = ("standard", "hd", "low", "medium", "high")
"""The `quality` values of OpenAI's Images API that a price may depend on (`standard`
and `hd` for DALL-E 3, `low` to `high` for GPT Image), in this order in a table."""
IMAGE_SIZE = re.compile(r"^[1-9][0-9]{0,5}x[1-9][0-9]{0,5}$")
"""An image size as the Images API spells it: `WIDTHxHEIGHT` in pixels (`1024x1792`)."""


class ImagePrice(_Strict):
    """USD per image made at one size and quality (`ExtraPrices.image_prices`)."""

    quality: str | None = None
    """One of `IMAGE_QUALITIES`, or `None` where the source prices the size alone."""
    size: str
    """`WIDTHxHEIGHT` in pixels (`1024x1024`)."""
    price: Price = Field(ge=0)

    @field_validator("quality")
    @classmethod
    def _known_quality(cls, value: str | None) -> str | None:
        if value is not None and value not in IMAGE_QUALITIES:
            raise ValueError(f"unknown image quality {value!r}: one of {IMAGE_QUALITIES}")
        return value

    @field_validator("size")
    @classmethod
    def _size(cls, value: str) -> str:
        if not IMAGE_SIZE.fullmatch(value):
            raise ValueError(f"not an image size WIDTHxHEIGHT: {value!r}")
        return value

    def order(self) -> tuple[int, int, int]:
        """Where the row goes in a table: by quality (none first), then by area, width."""
        width, height = (int(n) for n in self.size.split("x"))
        rank = -1 if self.quality is None else IMAGE_QUALITIES.index(self.quality)
        return rank, width * height, width

    @property
    def name(self) -> str:
        """`image.QUALITY.SIZE` (`image.SIZE` without a quality): the price's name in
        the changelog and the exports."""
        return ".".join(["image", *([self.quality] if self.quality else []), self.size])


class ExtraPrices(_Strict):
    """Prices few models have: service tiers, the 1-hour cache write, units beyond
    tokens, web search. One optional value of `Cost` (`Cost.extra`), so that the
    models without them carry nothing (see `llm_catalog._extra`)."""

    batch: Cost | None = None
    """The prices of the batch API (a whole price sheet, tiers included)."""
    flex: Cost | None = None
    """The prices of the flex service tier."""
    priority: Cost | None = None
    """The prices of the priority service tier."""
    cache_write_1h: Price | None = Field(default=None, ge=0)
    """USD per million tokens written to a cache kept one hour (`cache_write` is the
    default five-minute write where a source distinguishes the two)."""
    input_per_second: Price | None = Field(default=None, ge=0)
    """USD per second of input audio (transcription)."""
    output_per_second: Price | None = Field(default=None, ge=0)
    """USD per second of output audio or video (speech, video generation)."""
    input_per_character: Price | None = Field(default=None, ge=0)
    """USD per character of input text (speech)."""
    input_per_image: Price | None = Field(default=None, ge=0)
    """USD per image in the prompt."""
    output_per_image: Price | None = Field(default=None, ge=0)
    """USD per image made (image generation)."""
    per_query: Price | None = Field(default=None, ge=0)
    """USD per query (rerank: one query against its documents)."""
    web_search: dict[str, Price] = Field(default_factory=dict)
    """USD per web search, by search context size (`SEARCH_CONTEXTS`)."""
    image_prices: tuple[ImagePrice, ...] = ()
    """USD per image made, by quality and size (OpenAI's Images API prices an image
    by both); one row per (quality, size), in `ImagePrice.order`."""

    @field_validator("batch", "flex", "priority")
    @classmethod
    def _flat(cls, value: Cost | None) -> Cost | None:
        if value is not None and value.extra is not None:
            raise ValueError("a service tier's prices hold no extra prices of their own")
        return value

    @field_validator("web_search")
    @classmethod
    def _contexts(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        unknown = set(value) - set(SEARCH_CONTEXTS)
        if unknown:
            raise ValueError(f"unknown search context sizes {sorted(unknown)}")
        if any(price < 0 for price in value.values()):
            raise ValueError("a web-search price is not negative")
        return {size: value[size] for size in SEARCH_CONTEXTS if size in value}

    @field_validator("image_prices")
    @classmethod
    def _one_row_each(cls, rows: tuple[ImagePrice, ...]) -> tuple[ImagePrice, ...]:
        keys = [(row.quality, row.size) for row in rows]
        if len(set(keys)) != len(keys):
            raise ValueError("two image prices for one quality and size")
        return tuple(sorted(rows, key=ImagePrice.order))

    def flat(self) -> dict[str, str]:
        """Every price as text by name (`batch.input`, `batch.tiers` as JSON,
        `input_per_second`, `web_search.low`): what the changelog compares."""
        out: dict[str, str] = {}
        for name in SERVICE_TIERS:
            sheet = getattr(self, name)
            if sheet is None:
                continue
            for kind in PRICE_FIELDS:
                if getattr(sheet, kind) is not None:
                    out[f"{name}.{kind}"] = format(getattr(sheet, kind), "f")
            if sheet.tiers:
                dumped = [t.model_dump(mode="json", exclude_defaults=True) for t in sheet.tiers]
                out[f"{name}.tiers"] = json.dumps(dumped)
        for name in ("cache_write_1h", *UNIT_PRICES):
            if getattr(self, name) is not None:
                out[name] = format(getattr(self, name), "f")
        for size, price in self.web_search.items():
            out[f"web_search.{size}"] = format(price, "f")
        for row in self.image_prices:
            out[row.name] = format(row.price, "f")
        return out


class Cost(_Prices):
    tiers: tuple[CostTier, ...] = ()
    extra: ExtraPrices | None = None
    """Service tiers, the 1-hour cache write and prices per unit other than tokens."""

    @field_validator("tiers")
    @classmethod
    def _ascending(cls, tiers: tuple[CostTier, ...]) -> tuple[CostTier, ...]:
        sizes = [t.above for t in tiers]
        if sizes != sorted(set(sizes)):
            raise ValueError("tiers must have distinct thresholds in increasing order")
        return tiers


ExtraPrices.model_rebuild()
Cost.model_rebuild()


class Modalities(_Strict):
    input: tuple[str, ...] = ()
    output: tuple[str, ...] = ()

    @field_validator("input", "output")
    @classmethod
    def _known_sorted(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(values) - MODALITY_VALUES
        if unknown:
            raise ValueError(f"unknown modalities {sorted(unknown)}")
        return tuple(sorted(set(values)))


class RateLimits(_Strict):
    rpm: int | None = Field(default=None, ge=1)
    tpm: int | None = Field(default=None, ge=1)


class Latency(_Strict):
    p50_ms: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    p99_ms: float | None = Field(default=None, ge=0, allow_inf_nan=False)


class Quality(_Strict):
    reasoning: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    coding: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    creative: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    summarization: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)


def _check_partial_date(value: str | None) -> str | None:
    if value is not None and not _PARTIAL_DATE.fullmatch(value):
        raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {value!r}")
    return value


class Model(_Strict):
    id: str = Field(min_length=1)
    name: str
    limits: Limits = Limits()
    cost: Cost = Cost()
    modalities: Modalities = Modalities()
    capabilities: tuple[str, ...] = ()
    kind: str = "chat"
    """What the model is for (a `KINDS` value; see `generator/kinds.py`)."""
    family: str | None = None
    status: str = "active"
    open_weights: bool | None = None
    knowledge: str | None = None
    release_date: str | None = None
    last_updated: str | None = None
    aliases: tuple[str, ...] = ()
    """Other names of this model at its provider, given by the data (see `generator/aliases.py`)."""
    deprecation_date: str | None = None
    """YYYY-MM-DD: when the provider stops (or stopped) serving the model."""
    replacement: str | None = None
    """`provider:model` key of the model to move to: named by a source or an override
    for a deprecated model, inferred or given for a removed one (a tombstone)."""
    rate_limits: RateLimits | None = None
    latency: Latency | None = None
    quality: Quality | None = None
    removed_on: str | None = None
    """Tombstones only: the first release that no longer listed the model."""

    _dates = field_validator("knowledge", "release_date", "last_updated", "removed_on")(
        _check_partial_date
    )

    @field_validator("deprecation_date")
    @classmethod
    def _full_date(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
        return value

    @field_validator("capabilities")
    @classmethod
    def _capabilities(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(values) - CAPABILITY_VALUES
        if unknown:
            raise ValueError(f"unknown capabilities {sorted(unknown)}")
        return tuple(sorted(set(values)))

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KIND_VALUES:
            raise ValueError(f"unknown kind {value!r}")
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in STATUS_VALUES:
            raise ValueError(f"unknown status {value!r}")
        return value


class Provider(_Strict):
    id: str = Field(min_length=1)
    name: str
    env: tuple[str, ...] = ()
    doc: str | None = None
    api: str | None = None
    npm: str | None = None
    models: dict[str, Model]
    default_model: str | None = None
    """The provider's default model id when the data names one (see `generator/indexes.py`)."""

    @field_validator("models")
    @classmethod
    def _keys_are_ids(cls, models: dict[str, Model]) -> dict[str, Model]:
        for key, model in models.items():
            if key != model.id:
                raise ValueError(f"model key {key!r} differs from its id {model.id!r}")
        return dict(sorted(models.items()))


class Source(_Strict):
    """Where a snapshot's data came from."""

    name: str
    url: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    kept_from: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    """Set when pulling this source failed and the entries stored by the release of
    this date were kept instead (`generator.multisource`); `url`, `sha256` and `size`
    are then that release's document's. Left out of the manifest when unset."""
    failure: str | None = None
    """Why the pull failed, when `kept_from` is set: the fetch error, the refused
    document or the shrink guard's verdict, as the run printed it."""


class Manifest(_Strict):
    schema_version: int = SCHEMA_VERSION
    date: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    version: str
    sources: tuple[Source, ...]
    providers: int
    models: int

    def as_json(self) -> dict[str, Any]:
        """`manifest.json`'s content: unset optional fields are left out."""
        return self.model_dump(mode="json", exclude_none=True)


class OverrideEvidence(_Strict):
    """Where one override entry's values come from (see `generator.sources.overrides`)."""

    file: str
    """The override file (`overrides/anthropic.toml`)."""
    source: str = Field(pattern=r"^https://\S+$")
    """The provider's own page that states the values."""
    checked: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    """The day the values were checked against `source`."""
    fields: tuple[str, ...]
    """The field paths the entry sets."""


class Catalog(_Strict):
    """A whole snapshot: the manifest and every provider with its models."""

    manifest: Manifest
    providers: dict[str, Provider]
    provenance: dict[str, dict[str, str]] = Field(default_factory=dict)
    """`provider:model` -> field path -> source, for values not from models.dev
    (see `generator.merge`); stored as the snapshot's `provenance.json`."""
    overrides: dict[str, tuple[OverrideEvidence, ...]] = Field(default_factory=dict)
    """`provider:model` -> the evidence of each override entry applied to it;
    stored as the snapshot's `overrides.json`."""
    origins: dict[str, str] = Field(default_factory=dict)
    """Hosted copy `provider:model` -> the `maker:model` it serves (see
    `generator.hosts`); stored in the snapshot's `hosts.json` (`linked`)."""
    primary: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """`provider:model` -> price kind (`input`, ..., `tiers`) -> models.dev's own
    value (JSON form; `null`: it gave none), wherever the catalog ships another
    value; stored as `primary.json`. What tells a correction (another source)
    from a price change (models.dev's own value changed) between releases."""

    @field_validator("providers")
    @classmethod
    def _sorted(cls, providers: dict[str, Provider]) -> dict[str, Provider]:
        for key, provider in providers.items():
            if key != provider.id:
                raise ValueError(f"provider key {key!r} differs from its id {provider.id!r}")
        return dict(sorted(providers.items()))

    def dump_providers(self) -> dict[str, Any]:
        """The providers as JSON-ready data with defaults left out (diff-friendly)."""
        return {
            pid: p.model_dump(mode="json", exclude_defaults=True)
            for pid, p in self.providers.items()
        }
