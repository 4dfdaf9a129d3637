"""What a release adds to the package beyond the newest catalog: tombstones and history.

- `llm_catalog/_data/tombstones.py`: every model no longer listed upstream, as a full
  `Model` (last known data, `Status.REMOVED`, `removed_on`, `replacement`), by key.
  Provider modules list their removed models' constant names and build them
  from here on access, with a `DeprecationWarning`.
- `llm_catalog/_data/history.py`: per release, the material state of every model
  ever listed (prices, limits, capabilities, modalities, status), and the price
  kinds whose change at that release is a correction (`generator.history.corrections`),
  as compact JSON split into one string per line. Strings keep the bulk data out of mypy's and
  the importer's way; `llm_catalog/_history.py` parses it on first use.

Both are loaded lazily: `from llm_catalog.openai import GPT_4O` never touches them.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

import jinja2

from generator import constructors, schema
from generator.changelog import PRICE_FIELDS
from generator.code import Code, identifier, literal
from generator.history import PRICE_KINDS, History, corrections
from generator.layout import data_file

if TYPE_CHECKING:
    from generator.render import Plan

STATE_FIELDS = (
    "cost",
    "context",
    "input",
    "output",
    "capabilities",
    "modalities_in",
    "modalities_out",
    "status",
)
"""The order of a state record in `_data/history.py` (the runtime reads it by position)."""


def _cost(cost: schema.Cost) -> list[Any]:
    def prices(obj: schema.Cost | schema.CostTier) -> list[str | None]:
        values = (getattr(obj, name) for name in PRICE_FIELDS)
        return [None if v is None else format(v, "f") for v in values]

    record: list[Any] = [*prices(cost), [[t.above, *prices(t)] for t in cost.tiers]]
    if cost.extra is not None:  # rare: only the costs that have them grow
        record.append(cost.extra.model_dump(mode="json", exclude_defaults=True))
    return record


def history_data(history: History) -> dict[str, Any]:
    """The runtime history as JSON-ready data: releases, interned costs and states,
    and per model key the releases where its state changed (`-1`: not listed)."""
    costs: dict[str, int] = {}
    states: dict[str, int] = {}
    timelines: dict[str, list[list[Any]]] = {}
    for index, catalog in enumerate(history.catalogs):
        present: set[str] = set()
        for pid, provider in catalog.providers.items():
            for mid, model in provider.models.items():
                key = f"{pid}:{mid}"
                present.add(key)
                cost = json.dumps(_cost(model.cost), separators=(",", ":"))
                cost_id = costs.setdefault(cost, len(costs))
                state = json.dumps(
                    [
                        cost_id,
                        model.limits.context,
                        model.limits.input,
                        model.limits.output,
                        " ".join(model.capabilities),
                        " ".join(model.modalities.input),
                        " ".join(model.modalities.output),
                        model.status,
                    ],
                    separators=(",", ":"),
                )
                state_id = states.setdefault(state, len(states))
                timeline = timelines.setdefault(key, [])
                if not timeline or timeline[-1][1] != state_id:
                    point: list[Any] = [index, state_id]
                    if timeline and timeline[-1][1] != -1:  # listed in the release before
                        corrected = corrections(history.catalogs[index - 1], key, catalog)
                        if corrected:
                            point.append(" ".join(k for k in PRICE_KINDS if k in corrected))
                    timeline.append(point)
        for key, timeline in timelines.items():
            if key not in present and timeline[-1][1] != -1:
                timeline.append([index, -1])
    return {
        "releases": [[c.manifest.date, c.manifest.version] for c in history.catalogs],
        "costs": [json.loads(c) for c in costs],
        "states": [json.loads(s) for s in states],
        "timelines": dict(sorted(timelines.items())),
    }


def _json_lines(data: dict[str, Any]) -> list[str]:
    """`data` as JSON, one list item or mapping entry per line (diff-friendly)."""

    def dump(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=True)

    lines = ["{"]
    sections = list(data.items())
    for number, (name, value) in enumerate(sections):
        closing = "," if number < len(sections) - 1 else ""
        if isinstance(value, dict):
            lines.append(f"{dump(name)}:{{")
            items = [f"{dump(k)}:{dump(v)}" for k, v in value.items()]
            lines.extend(item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items))
            lines.append("}" + closing)
        else:
            lines.append(f"{dump(name)}:[")
            items = [dump(v) for v in value]
            lines.extend(item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items))
            lines.append("]" + closing)
    lines.append("}")
    return lines


def render_files(
    history: History, plan: Plan, env: jinja2.Environment, header: Code
) -> dict[str, str]:
    """`_data/tombstones.py` and `_data/history.py`, before formatting."""
    tombstones = []
    needs_decimal = needs_date = False
    model_classes = {"Model"}
    enum_classes: set[str] = set()  # none without tombstones: no unused import
    for pid, models in sorted(history.tombstones.items()):
        for mid, model in sorted(models.items()):
            enum_classes.add("Provider")
            fields = constructors.model_fields(model, plan.members[pid], {}, Counter())
            for f in fields:
                if f["name"] in constructors.TEXT_FIELDS:
                    continue
                names = constructors.constructed(f["value"])
                needs_date |= "date" in names
                needs_decimal |= "Decimal" in names
                model_classes |= names & {"Limits", "Cost", "CostTier", "Modalities"}
                model_classes |= names & {constructors.EXTRA_CLASS}
                enum_classes |= names & set(constructors.ENUM_CLASSES.values())
            tombstones.append({"key": literal(f"{pid}:{mid}"), "fields": fields})
    files = {
        data_file("tombstones"): env.get_template("tombstones.py.j2").render(
            header=header,
            needs_decimal=needs_decimal,
            needs_date=needs_date,
            enum_imports=Code(", ".join(identifier(c) for c in sorted(enum_classes))),
            model_imports=Code(", ".join(identifier(c) for c in sorted(model_classes))),
            models=tombstones,
        ),
        data_file("history"): env.get_template("history.py.j2").render(
            header=header,
            lines=[literal(line) for line in _json_lines(history_data(history))],
        ),
    }
    return files
