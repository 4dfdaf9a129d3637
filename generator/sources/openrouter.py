"""OpenRouter `GET /api/v1/models`: the prices and limits OpenRouter itself charges.

Only OpenRouter's own models are matched: an entry applies to the models.dev
`openrouter` provider's model with the same id (`anthropic/claude-sonnet-4.5`),
nothing else. For those models OpenRouter's API is the authority: it is what a
request through OpenRouter costs.

What an entry states:

- `pricing.prompt`, `completion`, `input_cache_read`, `input_cache_write`,
  `internal_reasoning`: strings in USD per token, multiplied by 1,000,000 in
  exact Decimal arithmetic (`cost.input`, ...; more than 10 decimal places are
  rounded half-even to 10, like every price); a negative price (`"-1"`, the
  routers whose price depends on the model they pick) states nothing;
- `context_length` and `top_provider.max_completion_tokens`: `limits.context`,
  `limits.output`;
- `supported_parameters`: `tools` -> `capabilities.tool_call`, `reasoning` ->
  `reasoning`, `structured_outputs` -> `structured_output`, `temperature` ->
  `temperature`, each true or false (the list is the API's own); and, true
  only, `parallel_tool_calls` and `web_search_options` -> `web_search`;
- `pricing.web_search`: USD per web search, as given (not per token) ->
  `cost.extra` with that `web_search` price for every search context size (one
  price: OpenRouter's does not depend on it); `"0"` states nothing;
- `expiration_date`: `deprecation_date`;
- `architecture.input_modalities` / `output_modalities` (`file` read as `pdf`):
  `modalities.input` / `modalities.output`, compared with models.dev's in the
  disagreement report but never shipped (models.dev's modalities are the
  catalog's, see `generator.merge`).

`canonical_slug` and `hugging_face_id` are kept as the entry's `ids`: they state
nothing about the model's values, but `generator.hosts` links other providers'
copies of the model by them. So is `name`, the display name of a model only
OpenRouter lists (`generator.additions`; models.dev names the others). Not carried
(per-image, per-request and audio prices, whose units OpenRouter's API does not pin
down; descriptions) is counted in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Any

from generator import schema
from generator.report import FeedError, Finding, Report
from generator.sources import Entry, Matching, Unmatched, Value, index, per_million
from generator.upstream import parse_json

NAME = "openrouter"
URL = "https://openrouter.ai/api/v1/models"
CATALOG_PROVIDER = "openrouter"
_PRICES = {
    "prompt": "input",
    "completion": "output",
    "input_cache_read": "cache_read",
    "input_cache_write": "cache_write",
    "internal_reasoning": "reasoning",
}
_STATED_BOTH_WAYS = {
    "tools": "tool_call",
    "reasoning": "reasoning",
    "structured_outputs": "structured_output",
    "temperature": "temperature",
}
_STATED_TRUE = {
    "parallel_tool_calls": "parallel_tool_calls",
    "web_search_options": "web_search",
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MODALITY_NAMES = {"file": "pdf"}
"""OpenRouter's modality names that differ from ours."""


def _price(raw: Any) -> Decimal | None:
    if not isinstance(raw, str):
        raise ValueError(f"expected a decimal string, got {type(raw).__name__}")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {raw!r:.40}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite price: {raw!r:.40}")
    return None if value < 0 else per_million(value)


def _per_search(raw: Any) -> Decimal | None:
    """USD per web search (a price per unit: not scaled); `None` for a negative one."""
    if not isinstance(raw, str):
        raise ValueError(f"expected a decimal string, got {type(raw).__name__}")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {raw!r:.40}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite price: {raw!r:.40}")
    return None if value < 0 else value


def _positive_int(raw: Any) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int):
        if raw is None:
            return None
        raise ValueError(f"expected an integer, got {type(raw).__name__}")
    return raw if raw > 0 else None


def _entry(raw: dict[str, Any], report: Report, skipped: Counter[str]) -> Entry:
    key = raw["id"]
    values: dict[str, Value] = {}

    def warn(field: str, message: str) -> None:
        report.add(NAME, key, field, message)

    pricing = raw.get("pricing") or {}
    for name, value in sorted(pricing.items()):
        if name == "web_search":
            try:
                search = _per_search(value)
            except ValueError as exc:
                warn("pricing.web_search", f"{exc}; ignored")
                continue
            if search:
                web_search = dict.fromkeys(schema.SEARCH_CONTEXTS, search)
                values["cost.extra"] = schema.ExtraPrices(web_search=web_search)
            continue
        if name not in _PRICES:
            skipped[f"pricing.{name}"] += 1
            continue
        try:
            price = _price(value)
        except ValueError as exc:
            warn(f"pricing.{name}", f"{exc}; ignored")
            continue
        if price is not None:
            values[f"cost.{_PRICES[name]}"] = price
    top = raw.get("top_provider") or {}
    for field, raw_value, path in (
        ("context_length", raw.get("context_length"), "limits.context"),
        ("top_provider.max_completion_tokens", top.get("max_completion_tokens"), "limits.output"),
    ):
        try:
            limit = _positive_int(raw_value)
        except ValueError as exc:
            warn(field, f"{exc}; ignored")
            continue
        if limit is not None:
            values[path] = limit
    params = raw.get("supported_parameters")
    if isinstance(params, list):
        given = {p for p in params if isinstance(p, str)}
        for param, cap in _STATED_BOTH_WAYS.items():
            values[f"capabilities.{cap}"] = param in given
        for param, cap in _STATED_TRUE.items():
            if param in given:
                values[f"capabilities.{cap}"] = True
    architecture = raw.get("architecture")
    if not isinstance(architecture, dict):
        architecture = {}
    for side in ("input", "output"):
        listed = architecture.get(f"{side}_modalities")
        if isinstance(listed, list):
            named = {_MODALITY_NAMES.get(m, m) for m in listed if isinstance(m, str)}
            values[f"modalities.{side}"] = tuple(sorted(named & schema.MODALITY_VALUES))
    expires = raw.get("expiration_date")
    if isinstance(expires, str) and _DAY.fullmatch(expires):
        values["deprecation_date"] = expires
    elif expires is not None:
        warn("expiration_date", f"not a YYYY-MM-DD date: {expires!r:.40}; ignored")
    ids: dict[str, str] = {}
    for name in ("canonical_slug", "hugging_face_id", "name"):
        other = raw.get(name)
        if isinstance(other, str) and other and other.isprintable() and len(other) <= 200:
            ids[name] = other
        elif other:
            warn(name, f"not a printable string of at most 200 characters: {other!r:.40}; ignored")
    for extra in ("description", "per_request_limits"):
        if raw.get(extra):
            skipped[extra] += 1
    return Entry(key=key, route=NAME, values=values, ids=ids)


def parse(data: bytes, url: str, report: Report) -> list[Entry]:
    """OpenRouter's model list as entries (raises `FeedError` if it is not one)."""
    document = parse_json(data, url)
    models = document.get("data") if isinstance(document, dict) else None
    if not isinstance(models, list):
        raise FeedError(
            [Finding(NAME, "", "data", f"{url}: expected an object with a list 'data'", "error")]
        )
    entries: dict[str, Entry] = {}
    skipped: Counter[str] = Counter()
    for i, raw in enumerate(models):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            report.add(NAME, "", f"data[{i}]", "entry without a string id skipped")
            continue
        if raw["id"] in entries:
            report.add(NAME, raw["id"], "id", "listed twice; kept the first")
            continue
        entries[raw["id"]] = _entry(raw, report, skipped)
    for field, count in sorted(skipped.items()):
        report.add(
            NAME, "", field, f"not carried into the catalog ({count} models have it)", "info"
        )
    return list(entries.values())


def additions(entries: list[Entry], providers: dict[str, schema.Provider]) -> dict[str, set[str]]:
    """OpenRouter's models that models.dev's `openrouter` provider does not list
    (an id that differs from a listed one in case only is that model, not a new one):
    provider id -> ids, see `generator/additions.py`."""
    listed = {mid.lower() for mid in index(providers).get(CATALOG_PROVIDER, set())}
    new = {e.key for e in entries if e.key.lower() not in listed}
    return {CATALOG_PROVIDER: new} if new else {}


def match(
    entries: list[Entry],
    providers: dict[str, schema.Provider],
    added: frozenset[tuple[str, str]] = frozenset(),
) -> Matching:
    """Each entry onto the `openrouter` provider's model with exactly its id
    (`added`: the models the secondary sources added, for the match report)."""
    result = Matching(NAME, added=added)
    ids = index(providers).get(CATALOG_PROVIDER, set())
    lowered: dict[str, list[str]] = {}
    for mid in ids:
        lowered.setdefault(mid.lower(), []).append(mid)
    for entry in sorted(entries, key=lambda e: e.key):
        if entry.key in ids:
            result.matched[(CATALOG_PROVIDER, entry.key)] = entry
            result.how[(CATALOG_PROVIDER, entry.key)] = "exact id"
        elif entry.key.lower() in lowered:
            result.unmatched.append(
                Unmatched(
                    entry.key,
                    "differs in case only: models.dev spells it "
                    + ", ".join(sorted(lowered[entry.key.lower()])),
                )
            )
        else:
            result.unmatched.append(
                Unmatched(entry.key, "not listed: models.dev's openrouter provider has no such id")
            )
    return result
