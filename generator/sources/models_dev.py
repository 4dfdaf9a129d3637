"""models.dev `api.json`, the primary source: it decides which models exist.

Parsing, validation and normalization are `generator.upstream` and
`generator.normalize` (via `generator.pipeline.build_catalog`); this module adds the
view the merge needs: a catalog model as statements by field path.

models.dev states every one of its six flags for every model (a missing flag
means "not supported", see docs/generator.md), every price and limit it gives, and its
dates; it states nothing about the capabilities only LiteLLM or OpenRouter know,
except the four that are its modalities under another name: `vision`,
`pdf_input`, `audio_input`, `audio_output` (see `generator.coherence`).
"""

from __future__ import annotations

from generator import coherence, schema
from generator.fetch import Fetched
from generator.pipeline import build_catalog
from generator.report import Report
from generator.sources import LIMIT_FIELDS, PRICE_FIELDS, Value

NAME = "models.dev"
URL = "https://models.dev/api.json"
FLAGS = (
    "tool_call",
    "reasoning",
    "structured_output",
    "attachment",
    "temperature",
    "interleaved_reasoning",
)
"""The capabilities models.dev has a field for."""


def load(fetched: Fetched, date: str, report: Report, url: str | None = None) -> schema.Catalog:
    """Parse, validate and normalize one models.dev document (raises `FeedError`)."""
    return build_catalog(fetched, date, report, url=url)


def statements(model: schema.Model) -> dict[str, Value]:
    """What models.dev says about `model`, by field path."""
    out: dict[str, Value] = {}
    for name in LIMIT_FIELDS:
        value = getattr(model.limits, name)
        if value is not None:
            out[f"limits.{name}"] = value
    for name in PRICE_FIELDS:
        value = getattr(model.cost, name)
        if value is not None:
            out[f"cost.{name}"] = value
    if model.cost.tiers:
        out["cost.tiers"] = model.cost.tiers
    for flag in FLAGS:
        out[f"capabilities.{flag}"] = flag in model.capabilities
    for flag, value in coherence.flags_from_modalities(model.modalities).items():
        out[f"capabilities.{flag}"] = value
    out["modalities.input"] = model.modalities.input
    out["modalities.output"] = model.modalities.output
    if model.deprecation_date is not None:
        out["deprecation_date"] = model.deprecation_date
    return out
