"""Catalog-wide invariants, checked on every update; each violation repaired or reported.

Every rule is about one model; what breaks it is either dropped (the value
becomes unknown: a wrong number is worse than none) or, where the data cannot
say which of two values is wrong, shipped as it is and reported. Either way the
violation is a `report.json` finding naming the provider, the model and the
field, with a message starting `invariant:`.

| rule | on violation |
| --- | --- |
| no price is negative or above `MAX_PRICE` (base, supplementary, tier) | the price is dropped |
| no limit is above `MAX_LIMIT` | the limit is dropped |
| a cache read costs at most the input price (base and per tier) | `cache_read` is dropped |
| a long-context tier is not cheaper than the base price (input, output) | the tiers are dropped |
| a text model's output limit is at most its context window | reported |
| an input cap is at most the context window | reported |

"Absurd" is defined by two documented bounds, far above every real value in the
recorded data (the highest price is o1-pro's $600 output per 1M tokens, the
largest context window 10,000,000 tokens, `qwen-long`), so that only
placeholders and unit errors trip them (`qiniu-ai:kling-v2-6` gives 99,999,999
tokens of context and of output).

`python -m generator check` runs `remaining` on the newest snapshot and fails
when the `invariant:` findings of its `report.json` are not exactly what it
finds: a hand-edited catalog, or a report from an older generator, is stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import schema
from generator.report import Finding

MAX_PRICE = Decimal(10_000)
"""USD per 1M tokens: 16x the highest real price in the recorded data ($600)."""
MAX_LIMIT = 50_000_000
"""Tokens: 5x the largest real context window in the recorded data (10,000,000)."""
PREFIX = "invariant: "
_PRICES = schema.PRICE_FIELDS


def _text_model(model: schema.Model) -> bool:
    return set(model.modalities.output) == {"text"}


def _price_problems(prices: schema.Cost | schema.CostTier, where: str) -> Iterator[tuple[str, str]]:
    for name in _PRICES:
        value: Decimal | None = getattr(prices, name)
        if value is None:
            continue
        if value < 0:
            yield f"{where}{name}", f"negative price ${value}: dropped"
        elif value > MAX_PRICE:
            yield f"{where}{name}", f"${value} per 1M tokens is above ${MAX_PRICE}: dropped"
    read, base = prices.cache_read, prices.input
    if read is not None and base is not None and 0 <= read <= MAX_PRICE and read > base:
        yield (
            f"{where}cache_read",
            f"cache read ${read} costs more than input ${base}: dropped",
        )


def _check(model: schema.Model) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(repairs to apply as {field path: None}, findings as (field, message))."""
    repairs: dict[str, Any] = {}
    notes: list[tuple[str, str]] = []
    cost = model.cost
    for path, message in _price_problems(cost, "cost."):
        repairs[path] = None
        notes.append((path, message))
    tiers_broken = False
    for tier in cost.tiers:
        where = f"cost.tiers[above {tier.above}]."
        for path, message in _price_problems(tier, where):
            tiers_broken = True
            notes.append((path, message.replace(": dropped", ": the tiers are dropped")))
        for side in ("input", "output"):
            high, low = getattr(tier, side), getattr(cost, side)
            if high is not None and low is not None and high < low:
                tiers_broken = True
                notes.append(
                    (
                        f"{where}{side}",
                        f"long-context {side} ${high} is below the base ${low}: "
                        "the tiers are dropped",
                    )
                )
    if tiers_broken:
        repairs["cost.tiers"] = ()
    limits = model.limits
    for name in ("context", "input", "output"):
        value = getattr(limits, name)
        if value is not None and value > MAX_LIMIT:
            repairs[f"limits.{name}"] = None
            notes.append((f"limits.{name}", f"{value:,} tokens is above {MAX_LIMIT:,}: dropped"))
    context = None if "limits.context" in repairs else limits.context
    output = None if "limits.output" in repairs else limits.output
    cap = None if "limits.input" in repairs else limits.input
    if context is not None and output is not None and output > context and _text_model(model):
        notes.append(
            (
                "limits.output",
                f"output limit {output:,} is above the context window {context:,}: reported",
            )
        )
    if context is not None and cap is not None and cap > context:
        notes.append(
            ("limits.input", f"input cap {cap:,} is above the context window {context:,}: reported")
        )
    return repairs, notes


def _repaired(model: schema.Model, repairs: Mapping[str, Any]) -> schema.Model:
    cost: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    for path, value in repairs.items():
        group, _, name = path.partition(".")
        (cost if group == "cost" else limits)[name] = value
    return model.model_copy(
        update={
            "cost": model.cost.model_copy(update=cost),
            "limits": model.limits.model_copy(update=limits),
        }
    )


def enforce(
    providers: Mapping[str, schema.Provider],
    provenance: dict[str, dict[str, str]] | None = None,
) -> tuple[dict[str, schema.Provider], list[Finding]]:
    """`providers` with every repairable violation repaired, and every finding.

    A dropped value loses its `provenance` entry, if one is given."""
    out: dict[str, schema.Provider] = {}
    findings: list[Finding] = []
    for pid, provider in providers.items():
        changed: dict[str, schema.Model] = {}
        for mid, model in provider.models.items():
            repairs, notes = _check(model)
            findings.extend(Finding(pid, mid, f, PREFIX + m, "info") for f, m in notes)
            if repairs:
                changed[mid] = _repaired(model, repairs)
                fields = (provenance or {}).get(f"{pid}:{mid}", {})
                for path in repairs:
                    fields.pop(path, None)
        out[pid] = (
            provider.model_copy(update={"models": {**provider.models, **changed}})
            if changed
            else provider
        )
    return out, findings


def remaining(providers: Mapping[str, schema.Provider]) -> list[Finding]:
    """What `enforce` reports about an already repaired catalog: exactly the
    `reported` violations of the update that wrote it."""
    return sorted(enforce(providers)[1])


def stored(report: list[dict[str, str]]) -> list[Finding]:
    """The `invariant:` findings of a `report.json` that a repaired catalog still shows."""
    return sorted(
        Finding(**f)  # type: ignore[arg-type]
        for f in report
        if f.get("message", "").startswith(PREFIX) and f["message"].endswith(": reported")
    )


def stale_report(directory: Path, catalog: schema.Catalog) -> list[str]:
    """Why `directory/report.json` disagrees with the invariants of `catalog`
    (the snapshot stored there), one line per difference; empty when it agrees."""
    path = directory / "report.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"cannot read {path.name}: {exc}"]
    if not isinstance(data, list):
        return [f"{path.name} is not a list of findings"]
    recorded = set(stored(data))
    found = set(remaining(catalog.providers))
    lines = [f"not in {path.name}: {f.line()}" for f in sorted(found - recorded)]
    lines += [f"in {path.name} but no longer true: {f.line()}" for f in sorted(recorded - found)]
    return lines
