"""Where the sources disagree: prices, limits and capabilities, by how much, and what ships.

Generated with every snapshot as `disagreements.json` (the data) and
`disagreements.md` (for people); `python -m generator disagreements` prints a
summary or filters it. A disagreement is one field of one model for which at
least two sources state a value and the values differ. Compared fields: the
seven prices (`cost.*`), the long-context tiers (`cost.tiers`, compared as a
whole schedule), the limits, every capability two sources state, and the
modalities: models.dev states `vision`, `pdf_input`, `audio_input` and
`audio_output` through its modalities (kind `modality`), so a LiteLLM
`supports_vision` that contradicts them is a row here, and the shipped flag
follows the modalities (see `generator.merge`); OpenRouter's own modality lists
(`modalities.input`, `modalities.output`) are compared with models.dev's too,
and models.dev's ship.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.coherence import FLAG_MODALITY
from generator.merge import COMPARED_ONLY, ORDER, Merged
from generator.report import printable
from generator.sources import LIMIT_FIELDS, PRICE_FIELDS, Value

COMPARED_PREFIXES = ("cost.", "limits.", "capabilities.")
_COMPARED_EXACT = (
    {f"cost.{n}" for n in PRICE_FIELDS} | {"cost.tiers"} | {f"limits.{n}" for n in LIMIT_FIELDS}
)
MODALITY_FLAGS = frozenset(f"capabilities.{flag}" for flag in FLAG_MODALITY)
KINDS = ("capability", "limit", "modality", "price", "tier")


def _kind(path: str) -> str:
    if path in MODALITY_FLAGS or path in COMPARED_ONLY:
        return "modality"
    if path == "cost.tiers":
        return "tier"
    return {"cost": "price", "limits": "limit", "capabilities": "capability"}[
        path.split(".", maxsplit=1)[0]
    ]


def _json(value: Value) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple) and all(hasattr(t, "above") for t in value):
        return [t.model_dump(mode="json", exclude_none=True) for t in value]
    return value


def _compared(path: str) -> bool:
    return path in _COMPARED_EXACT or path in COMPARED_ONLY or path.startswith("capabilities.")


def find(merged: Merged) -> list[dict[str, Any]]:
    """Every disagreement, sorted by model key and field."""
    rows: list[dict[str, Any]] = []
    for (pid, mid), sources in sorted(merged.stated.items()):
        key = f"{pid}:{mid}"
        model = merged.providers[pid].models[mid]
        paths = sorted({p for values in sources.values() for p in values if _compared(p)})
        for path in paths:
            given = {s: sources[s][path] for s in ORDER if s in sources and path in sources[s]}
            if len(given) < 2 or len(set(given.values())) < 2:
                continue
            shipped_from = "models.dev" if path in COMPARED_ONLY else list(given)[-1]
            shipped = _shipped(model, path)
            row: dict[str, Any] = {
                "model": key,
                "field": path,
                "kind": _kind(path),
                "values": {s: _json(v) for s, v in given.items()},
                "shipped": _json(shipped) if shipped is not None else None,
                "shipped_from": shipped_from,
            }
            numbers = [v for v in given.values() if isinstance(v, Decimal | int)]
            if len(numbers) == len(given) and not any(isinstance(v, bool) for v in numbers):
                low, high = min(numbers), max(numbers)
                row["spread"] = _json(Decimal(high) - Decimal(low))
                row["spread_percent"] = (
                    round(float((Decimal(high) - Decimal(low)) / Decimal(low) * 100), 1)
                    if low
                    else None
                )
            rows.append(row)
    return rows


def _shipped(model: Any, path: str) -> Value | None:
    group, _, name = path.partition(".")
    if group == "capabilities":
        return name in model.capabilities
    if path == "cost.tiers":
        return tuple(model.cost.tiers)
    if group == "modalities":
        return tuple(getattr(model.modalities, name))
    value: Value | None = getattr(getattr(model, group), name)
    return value


def summary(rows: list[dict[str, Any]], merged: Merged) -> dict[str, Any]:
    """Exact counts: overlapping models, disagreeing models, by kind, field and source."""
    by_field = Counter(r["field"] for r in rows)
    by_kind = Counter(r["kind"] for r in rows)
    by_winner = Counter(r["shipped_from"] for r in rows)
    overlap = Counter(
        "+".join(s for s in ORDER if s in sources) for sources in merged.stated.values()
    )
    return {
        "models_in_more_than_one_source": len(merged.stated),
        "models_by_sources": dict(sorted(overlap.items())),
        "models_with_disagreements": len({r["model"] for r in rows}),
        "disagreements": len(rows),
        "by_kind": dict(sorted(by_kind.items())),
        "by_field": dict(sorted(by_field.items())),
        "shipped_from": dict(sorted(by_winner.items())),
    }


def as_json(merged: Merged) -> dict[str, Any]:
    rows = find(merged)
    return {"summary": summary(rows, merged), "disagreements": rows}


def _cell(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(t, dict) for t in value):  # a tier schedule
        text = (
            "; ".join(
                f"above {t['above']}: "
                + " ".join(f"{k} {v}" for k, v in sorted(t.items()) if k != "above")
                for t in value
            )
            or "no tiers"
        )
        return text.replace("|", "\\|")
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value) or "none"  # modalities
    text = "yes" if value is True else "no" if value is False else str(value)
    # Model ids are upstream text: keep them from breaking the table.
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(data: dict[str, Any], date: str) -> str:
    """The report for people: counts, then one table row per disagreement."""
    s = data["summary"]
    lines = [
        f"# Where the sources disagree (snapshot {date})",
        "",
        "Generated by `python -m generator update`; the data is `disagreements.json`.",
        "Precedence, lowest first: " + " < ".join(ORDER) + " (see docs/sources.md).",
        "",
        f"- models stated by more than one source: {s['models_in_more_than_one_source']}",
        f"- models with at least one disagreement: {s['models_with_disagreements']}",
        f"- disagreements: {s['disagreements']}",
        "",
        "| kind | disagreements |",
        "| --- | ---: |",
        *(f"| {k} | {n} |" for k, n in s["by_kind"].items()),
        "",
        "| field | disagreements |",
        "| --- | ---: |",
        *(f"| `{k}` | {n} |" for k, n in s["by_field"].items()),
        "",
        "| value shipped from | disagreements |",
        "| --- | ---: |",
        *(f"| {k} | {n} |" for k, n in s["shipped_from"].items()),
        "",
        "## Every disagreement",
        "",
        "| model | field | " + " | ".join(ORDER) + " | shipped | spread |",
        "| --- | --- | " + " | ".join("---" for _ in ORDER) + " | --- | ---: |",
    ]
    for row in data["disagreements"]:
        values = [_cell(row["values"].get(s, "")) for s in ORDER]
        spread = ""
        if "spread" in row:
            pct = row["spread_percent"]
            spread = f"{row['spread']}" + (f" ({pct}%)" if pct is not None else "")
        lines.append(
            f"| `{_cell(row['model'])}` | `{row['field']}` | "
            + " | ".join(values)
            + f" | {_cell(row['shipped'])} ({row['shipped_from']}) | {spread} |"
        )
    return "\n".join(lines) + "\n"


def view(
    directory: Path,
    *,
    model: str | None = None,
    field: str | None = None,
    kind: str | None = None,
    limit: int = 50,
) -> int:
    """Print a snapshot's disagreements, filtered: the `disagreements` subcommand."""
    path = directory / "disagreements.json"
    if not path.exists():
        print(f"snapshots/{directory.name} has no disagreements.json (one source only?)")
        return 0
    data = json.loads(path.read_text("utf-8"))
    rows = [
        r
        for r in data["disagreements"]
        if (model is None or r["model"] == model or r["model"].startswith(model))
        and (field is None or r["field"] == field)
        and (kind is None or r["kind"] == kind)
    ]
    s = data["summary"]
    print(
        f"snapshots/{directory.name}: {s['disagreements']} disagreements over "
        f"{s['models_with_disagreements']} of {s['models_in_more_than_one_source']} "
        "models stated by more than one source"
    )
    for name, count in s["by_field"].items():
        print(f"  {name:28} {count}")
    if model or field or kind:
        print(f"{len(rows)} match the filter")
    for row in rows[: limit or None]:
        given = ", ".join(f"{src}={_cell(v)}" for src, v in row["values"].items())
        spread = f"  spread {row['spread']}" if "spread" in row else ""
        if row.get("spread_percent") is not None:
            spread += f" ({row['spread_percent']}%)"
        print(
            f"{printable(row['model'])}  {row['field']}: {printable(given)}; "
            f"ships {_cell(row['shipped'])} from {row['shipped_from']}{spread}"
        )
    if limit and len(rows) > limit:
        print(f"... {len(rows) - limit} more (--limit 0 prints all)")
    return 0
