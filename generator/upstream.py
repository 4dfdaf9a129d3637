"""models.dev `api.json`: parse the document and validate its shape with pydantic.

The schema is strict about types (a price given as a string, a bool given as a
number, NaN: refused) and tolerant about new fields: models.dev adds fields in
almost every release, so unknown fields are collected and reported, never fatal.
Every error names the provider, the model and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from generator.report import FeedError, Finding

MAX_DEPTH = 32
"""Deeper JSON is refused before parsing: the real feed nests six levels."""
MAX_PRICE = Decimal(1_000_000)
"""USD per million tokens. The real feed's highest is 600; a larger number is a
broken upstream (and `1e999999` would otherwise render as a million digits)."""
MAX_TOKENS = 10**12
"""Token counts (limits, tier sizes) above this are not limits but broken data."""
MAX_ID_LENGTH = 256
"""Provider and model ids longer than this are quarantined: the real feed's longest
is far shorter, and every id becomes keys, log lines and (through `naming`,
which shortens long names) identifiers and file names."""


def _number(value: object) -> object:
    # JSON numbers arrive as int or Decimal (see `parse_json`); anything else,
    # a string "2.5" or a bool in particular, is a broken upstream, not a price.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a number, got {type(value).__name__} {value!r:.60}")
    if isinstance(value, int):
        return Decimal(value)
    if not value.is_finite():
        raise ValueError(f"expected a finite number, got {value}")
    if abs(value) > MAX_PRICE:
        raise ValueError(f"{value:.3g} is larger than any price ({MAX_PRICE} per 1M tokens)")
    return value


TokenCount = Annotated[int, Field(le=MAX_TOKENS)]


Number = Annotated[Decimal, BeforeValidator(_number)]


class _Open(BaseModel):
    """Strict types, unknown fields kept aside for the report."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    def unknown_fields(self) -> list[str]:
        return sorted((self.model_extra or {}).keys())


class Prices(_Open):
    input: Number | None = None
    output: Number | None = None
    cache_read: Number | None = None
    cache_write: Number | None = None
    reasoning: Number | None = None
    input_audio: Number | None = None
    output_audio: Number | None = None


class TierSpec(_Open):
    type: str
    size: TokenCount


class Tier(Prices):
    tier: TierSpec


class UpstreamCost(Prices):
    tiers: list[Tier] | None = None
    context_over_200k: Prices | None = None


class UpstreamLimit(_Open):
    context: TokenCount | None = None
    input: TokenCount | None = None
    output: TokenCount | None = None


class UpstreamModalities(_Open):
    input: list[str] = Field(default_factory=list)
    output: list[str] = Field(default_factory=list)


class UpstreamModel(_Open):
    id: str = Field(min_length=1)
    name: str
    family: str | None = None
    attachment: bool | None = None
    reasoning: bool | None = None
    tool_call: bool | None = None
    structured_output: bool | None = None
    temperature: bool | None = None
    knowledge: str | None = None
    release_date: str | None = None
    last_updated: str | None = None
    modalities: UpstreamModalities = UpstreamModalities()
    open_weights: bool | None = None
    limit: UpstreamLimit = UpstreamLimit()
    cost: UpstreamCost | None = None
    status: str | None = None
    interleaved: bool | dict[str, Any] | None = None
    # Known and deliberately not carried into the catalog (see docs/generator.md).
    reasoning_options: Any = None
    provider: Any = None
    experimental: Any = None


class UpstreamProvider(_Open):
    id: str = Field(min_length=1)
    name: str
    env: list[str] = Field(default_factory=list)
    npm: str | None = None
    doc: str | None = None
    api: str | None = None


_PROVIDER_ID = re.compile(r"[!-~]+")
"""Printable ASCII, no spaces; ':' and '/' are excluded separately."""

NOT_CARRIED = ("reasoning_options", "provider", "experimental")
"""Upstream model fields we know and leave out, reported once per feed."""


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _depth_ok(text: str) -> bool:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def parse_json(data: bytes, source: str) -> Any:
    """Decode a JSON document strictly: UTF-8, no NaN, no duplicate keys, bounded depth."""

    def refuse(message: str) -> FeedError:
        return FeedError([Finding("", "", "", f"{source}: {message}", "error")])

    if not data.strip():
        raise refuse("empty document")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless; strip it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 (byte {exc.start}: {exc.reason})") from None
    if text.lstrip()[:1] == "<":
        raise refuse("got HTML or XML, not JSON (an error page?)")
    if not _depth_ok(text):
        raise refuse(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise refuse(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        raise refuse(f"invalid JSON: {exc}") from None


def _errors(exc: ValidationError, provider: str, model: str) -> list[Finding]:
    found = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err["loc"])
        got = err.get("input")
        shown = f" (got {got!r:.60})" if not isinstance(got, dict | list) else ""
        found.append(Finding(provider, model, loc, f"{err['msg']}{shown}", "error"))
    return found


def _unencodable(value: object, path: str = "") -> list[str]:
    """Paths of the keys and strings in `value` that are not valid Unicode text.

    JSON can spell lone surrogates (`"\\ud800"`); Python decodes them into strings
    that cannot be written as UTF-8, so the snapshot could not be stored."""
    found: list[str] = []
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if _unencodable(key):
                found.append(f"{path}.<key>" if path else "<key>")
            found.extend(_unencodable(item, where))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_unencodable(item, f"{path}[{i}]"))
    return found


def _id_problems(pid: str, mid: str, raw: dict[str, Any]) -> list[Finding]:
    """Refusals that pydantic's types cannot express: text anywhere in the entry
    (keys included) that is not valid Unicode."""
    fields = _unencodable(raw)
    if "<key>" in fields and raw.get("id") == raw["<key>"]:
        fields.remove("id")  # the id is the key: one finding is enough
    found = [
        Finding(pid, mid, field, "lone surrogate: not valid Unicode text", "error")
        for field in fields
    ]
    return found


Feed = dict[str, tuple[UpstreamProvider, dict[str, UpstreamModel]]]


@dataclass(frozen=True)
class Quarantined:
    """An entry that failed validation: left out of the feed, named with its findings.

    With `whole_provider`, the provider entry itself is broken and `models` lists
    the model ids it held (when they could be read), all quarantined with it;
    otherwise it is the one model `model` (which may be the empty id)."""

    provider: str
    model: str
    findings: tuple[Finding, ...]
    whole_provider: bool = False
    models: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """How many model entries this takes out of the feed."""
        return max(1, len(self.models)) if self.whole_provider else 1


@dataclass(frozen=True)
class Screened:
    """A models.dev document sorted into what is valid and what is quarantined."""

    feed: Feed
    quarantined: tuple[Quarantined, ...]
    skipped: tuple[Finding, ...]
    """Top-level keys that are not provider objects (`$schema`, ...): warnings."""
    entries: int
    """Model entries in the document, valid or not (the quarantine share's base)."""


def _model_ids(raw_models: object) -> tuple[str, ...]:
    return tuple(str(m) for m in raw_models) if isinstance(raw_models, dict) else ()


def screen_feed(document: Any) -> Screened:
    """Validate a models.dev document entry by entry.

    Raises `FeedError` only when the document as a whole is not a feed (not an
    object). A top-level value that is not an object is skipped with a warning; a
    provider or model that fails validation is quarantined with its findings, each
    naming the provider, the model and the field."""
    if not isinstance(document, dict):
        raise FeedError(
            [
                Finding(
                    "",
                    "",
                    "",
                    f"expected an object of providers, got {type(document).__name__}",
                    "error",
                )
            ]
        )
    result: Feed = {}
    quarantined: list[Quarantined] = []
    skipped: list[Finding] = []
    entries = 0
    # Walking every string for lone surrogates is slow; one encode of the whole
    # document says whether any entry needs the walk.
    try:
        json.dumps(document, ensure_ascii=False, default=str).encode("utf-8")
        suspect = False
    except UnicodeEncodeError:
        suspect = True

    def bad_provider(pid: str, raw_models: object, *found: Finding) -> None:
        quarantined.append(Quarantined(pid, "", tuple(found), True, _model_ids(raw_models)))

    for pid, raw_provider in document.items():
        if not isinstance(raw_provider, dict):
            # `$schema`, a comment, a version string: not a provider, not ours to use.
            skipped.append(
                Finding(
                    pid,
                    "",
                    "",
                    f"top-level {type(raw_provider).__name__} is not a provider object; skipped",
                )
            )
            continue
        shell = {k: v for k, v in raw_provider.items() if k != "models"}
        raw_models = raw_provider.get("models")
        entries += max(1, len(raw_models)) if isinstance(raw_models, dict) else 1
        problems = _id_problems(pid, "", {"<key>": pid, **shell}) if suspect else []
        if problems:
            bad_provider(pid, raw_models, *problems)
            continue
        try:
            provider = UpstreamProvider.model_validate(shell)
        except ValidationError as exc:
            bad_provider(pid, raw_models, *_errors(exc, pid, ""))
            continue
        if not _PROVIDER_ID.fullmatch(pid) or ":" in pid or "/" in pid:
            # `:` and `/` separate provider from model in keys (`openai:gpt-4o`),
            # so a provider id holding them would make keys ambiguous.
            bad_provider(
                pid,
                raw_models,
                Finding(
                    pid,
                    "",
                    "id",
                    "provider ids must be printable ASCII without ':', '/' or spaces",
                    "error",
                ),
            )
            continue
        if len(pid) > MAX_ID_LENGTH:
            bad_provider(
                pid,
                raw_models,
                Finding(pid, "", "id", f"longer than {MAX_ID_LENGTH} characters", "error"),
            )
            continue
        if provider.id != pid:
            bad_provider(
                pid,
                raw_models,
                Finding(pid, "", "id", f"differs from its key ({provider.id!r})", "error"),
            )
            continue
        if not isinstance(raw_models, dict):
            bad_provider(
                pid, raw_models, Finding(pid, "", "models", "expected an object of models", "error")
            )
            continue
        models: dict[str, UpstreamModel] = {}
        for mid, raw_model in raw_models.items():
            found: list[Finding] = []
            if not isinstance(raw_model, dict):
                found.append(Finding(pid, mid, "", "expected an object", "error"))
            elif not mid:  # a finding's empty model means "the provider itself"
                found.append(Finding(pid, "", "models", "a model has an empty id ''", "error"))
            elif len(mid) > MAX_ID_LENGTH:
                found.append(
                    Finding(pid, mid, "id", f"longer than {MAX_ID_LENGTH} characters", "error")
                )
            else:
                found = _id_problems(pid, mid, {"<key>": mid, **raw_model}) if suspect else []
            if not found:
                try:
                    model = UpstreamModel.model_validate(raw_model)
                except ValidationError as exc:
                    found = _errors(exc, pid, mid)
                else:
                    if model.id != mid:
                        found = [
                            Finding(pid, mid, "id", f"differs from its key ({model.id!r})", "error")
                        ]
            if found:
                quarantined.append(Quarantined(pid, mid, tuple(found)))
                continue
            models[mid] = model
        result[pid] = (provider, models)
    return Screened(result, tuple(quarantined), tuple(skipped), entries)


def validate_feed(document: Any) -> Feed:
    """Validate a models.dev document, all or nothing; return providers with their models.

    Raises `FeedError` listing every invalid field of every provider and model (and
    every top-level value that is not a provider). `update` uses `screen_feed`,
    which quarantines broken entries instead."""
    screened = screen_feed(document)
    errors = [
        Finding(f.provider, f.model, f.field, f.message, "error") for f in screened.skipped
    ] + [f for q in screened.quarantined for f in q.findings]
    if errors:
        raise FeedError(errors)
    return screened.feed
