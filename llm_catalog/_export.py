"""Export the catalog: JSON, JSON Lines, CSV, SQLite, PostgreSQL, and its JSON Schema.

    python -m llm_catalog._export --format sqlite --output catalog.db
    python -m llm_catalog._export --format postgres > catalog.sql  # psql -f catalog.sql

- `json`: the snapshot shape (`{"manifest": ..., "providers": ...}`), which
  `Catalog.load` reads back; `json-schema` describes it.
- `jsonl`: one model per line, the snapshot's model shape plus `key`, `provider`
  and every lifecycle field (`deprecation_date`, `replacement`, `removed_on`,
  `aliases`, `*_precision`; `llm_catalog._lifecycle_fields`), empty ones as null.
- `csv`: one model per row (the `models` table's columns, then modalities,
  capabilities and prices); sets joined with `|`, aliases, long-context tiers
  and the rarer prices (`price_extra`: `cost.extra` in the snapshot's shape) as JSON.
- `sqlite`: a database file (stdlib `sqlite3`), tables and indexes below.
- `postgres`: one SQL script: DDL, then `COPY ... FROM stdin` blocks (what
  `pg_dump` writes), then indexes, in one transaction: `psql -f catalog.sql`.

Both databases have the same tables and columns (`TABLES`), so the same SQL
answers the same questions in both:

- `providers(id, name, module, env, doc, api, npm)`
- `models(key, provider, id, name, kind, family, status, open_weights, context_tokens,
  input_tokens, output_tokens, knowledge, release_date, last_updated, *_precision,
  deprecation_date, replacement, removed_on, aliases, rpm, tpm, latency_p50_ms,
  latency_p99_ms, quality_*)`
- `capabilities(model_key, capability)` and `modalities(model_key, direction,
  modality)`: one row per member, indexed by member, for containment queries;
- `prices(model_key, kind, above_tokens, usd_per_mtok, usd_per_mtok_text)`: the
  current prices, `above_tokens` 0 for the base price and the threshold for a
  long-context tier; `usd_per_mtok` is numeric for range queries (REAL in
  SQLite, exact NUMERIC in PostgreSQL), `usd_per_mtok_text` the exact decimal;
- `price_history(model_key, kind, above_tokens, effective_date, usd_per_mtok,
  usd_per_mtok_text, correction)`: prices by the date from which they applied
  (see `price_history_rows`); `correction` is true where the price differs from
  the row before only because another source gives it, not a price change;
  in both, the prices few models have (`Cost.extra`) are rows too: a service
  tier's as `batch.input`, `flex.output`, `priority.cache_read`, ... (per 1M
  tokens, tiers by `above_tokens`), the 1-hour cache write as `cache_write_1h`,
  and prices per unit as `input_per_second`, `output_per_second`,
  `input_per_character`, `input_per_image`, `output_per_image`, `per_query` and
  `web_search.low` / `.medium` / `.high`, and images made by quality and size
  as `image.QUALITY.SIZE` (`image.hd.1024x1792`; `image.SIZE` where the source
  prices the size alone), whose `usd_per_mtok` is then USD per that unit
  (second, character, image, query, search), not per 1M tokens;
- `catalog_info(name, value)`: data date, version, schema version.

Zero dependencies; loaded only when exporting.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from llm_catalog._catalog import Catalog, model_data
from llm_catalog._data.version import SCHEMA_VERSION
from llm_catalog._history import PricePoint, Release
from llm_catalog._lifecycle_fields import lifecycle_values
from llm_catalog._model import PRICE_FIELDS

TYPE_CHECKING: bool = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from typing import Any, TextIO

    from llm_catalog._extra import ExtraPrices
    from llm_catalog._model import Cost

__all__ = [
    "FORMATS",
    "TABLES",
    "PriceRow",
    "json_schema",
    "main",
    "price_history_rows",
    "table_rows",
    "write_postgres",
    "write_sqlite",
]

FORMATS = ("json", "jsonl", "csv", "sqlite", "postgres", "json-schema")


@dataclass(frozen=True, slots=True)
class PriceRow:
    """One price of one model from one date on."""

    model_key: str
    kind: str
    """A `Cost` field: `input`, `output`, `cache_read`, ..."""
    above_tokens: int
    """0 for the base price; for a long-context tier, its threshold."""
    effective_date: date | None
    usd_per_mtok: Decimal
    correction: bool = False
    """The price differs from the one before only because another source gives it
    (`PricePoint.corrected`): a correction of the data, not a price change."""


def _cost_rows(
    key: str, cost: Cost, effective: date | None, corrected: frozenset[str] = frozenset()
) -> Iterator[PriceRow]:
    for kind in PRICE_FIELDS:
        value = getattr(cost, kind)
        if value is not None:
            yield PriceRow(key, kind, 0, effective, value, kind in corrected)
    for tier in cost.tiers:
        for kind in PRICE_FIELDS:
            value = getattr(tier, kind)
            if value is not None:
                yield PriceRow(key, kind, tier.above, effective, value, "tiers" in corrected)
    if cost.extra is not None:
        fixed = "extra" in corrected
        for name, above, price in _extra_rows(cost.extra):
            yield PriceRow(key, name, above, effective, price, fixed)


def _extra_rows(extra: ExtraPrices) -> Iterator[tuple[str, int, Decimal]]:
    """(kind, above_tokens, price) of every price of `extra` (see the module doc)."""
    from llm_catalog._extra import SERVICE_TIERS, UNIT_PRICES

    for tier_name in SERVICE_TIERS:
        sheet = getattr(extra, tier_name)
        if sheet is None:
            continue
        for row in _cost_rows("", sheet, None):
            yield f"{tier_name}.{row.kind}", row.above_tokens, row.usd_per_mtok
    for name in ("cache_write_1h", *UNIT_PRICES):
        value = getattr(extra, name)
        if value is not None:
            yield name, 0, value
    for size, value in extra.web_search:
        yield f"web_search.{size}", 0, value
    if extra.image_prices:
        from llm_catalog._extra import image_price_name

        for quality, image_size, value in extra.image_prices:
            yield image_price_name(quality, image_size), 0, value


def current_price_rows(catalog: Catalog) -> Iterator[PriceRow]:
    """Every price of every model as the catalog states it, dated by the
    catalog's data date."""
    effective = date.fromisoformat(catalog.data_date) if catalog.data_date else None
    for model in catalog.models:
        yield from _cost_rows(model.key, model.cost, effective)


def price_history_rows(catalog: Catalog) -> Iterator[PriceRow]:
    """The rows of the `price_history` table: each model's prices by the release
    from which they applied.

    For a catalog of this release's data date (the packaged catalog, and catalogs
    derived from it with `extend` / `override`), the recorded history of every
    release (`llm_catalog.price_history`): one set of rows per price change,
    dated by the release that first listed it, removed models included. A model
    whose prices differ from the recorded ones at the data date (an override) or
    that has no recorded history (an added model) gets its current prices at the
    data date. Any other catalog (a snapshot of another date, your own data)
    knows only its current prices, dated by its data date.
    """
    from llm_catalog._data.version import DATA_DATE

    if catalog.data_date != DATA_DATE:
        yield from current_price_rows(catalog)
        return
    from llm_catalog._history import price_history
    from llm_catalog._lookup import UnknownModelError, removed_models

    today = date.fromisoformat(DATA_DATE)
    listed = {m.key for m in catalog.models}
    gone = [m for m in removed_models() if m.key not in listed]
    for model in sorted([*catalog.models, *gone], key=lambda m: m.key):
        try:
            points = [p for p in price_history(model.key) if p.since.date <= today]
        except UnknownModelError:
            points = []
        current = model.key in listed
        if current and (not points or points[-1].cost != model.cost):
            # prices the history does not hold: they apply from the data date
            if points and points[-1].since.date == today:
                points.pop()
            points = [*points, PricePoint(Release(today, ""), model.cost)]
        for point in points:
            if point.cost is not None:
                yield from _cost_rows(model.key, point.cost, point.since.date, point.corrected)


# -- tables -------------------------------------------------------------------------

# (column, SQLite type, PostgreSQL type); types are the same meaning in both.
_Column = tuple[str, str, str]
_TEXT = ("TEXT", "TEXT")
_INT = ("INTEGER", "BIGINT")
_REAL = ("REAL", "DOUBLE PRECISION")
_BOOL = ("INTEGER", "BOOLEAN")
_DATE = ("TEXT", "DATE")
_NUM = ("REAL", "NUMERIC")


def _cols(*spec: tuple[str, tuple[str, str]]) -> tuple[_Column, ...]:
    return tuple((name, lite, pg) for name, (lite, pg) in spec)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[_Column, ...]
    primary_key: tuple[str, ...]
    not_null: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    """(column, `table(column)`)"""
    indexes: tuple[tuple[str, ...], ...] = ()


TABLES: tuple[Table, ...] = (
    Table(
        "catalog_info",
        _cols(("name", _TEXT), ("value", _TEXT)),
        ("name",),
    ),
    Table(
        "providers",
        _cols(
            ("id", _TEXT),
            ("name", _TEXT),
            ("module", _TEXT),
            ("env", _TEXT),  # a JSON array of variable names
            ("doc", _TEXT),
            ("api", _TEXT),
            ("npm", _TEXT),
        ),
        ("id",),
        not_null=("name",),
    ),
    Table(
        "models",
        _cols(
            ("key", _TEXT),
            ("provider", _TEXT),
            ("id", _TEXT),
            ("name", _TEXT),
            ("kind", _TEXT),
            ("family", _TEXT),
            ("status", _TEXT),
            ("open_weights", _BOOL),
            ("context_tokens", _INT),
            ("input_tokens", _INT),
            ("output_tokens", _INT),
            ("knowledge", _DATE),
            ("knowledge_precision", _TEXT),
            ("release_date", _DATE),
            ("release_date_precision", _TEXT),
            ("last_updated", _DATE),
            ("last_updated_precision", _TEXT),
            ("deprecation_date", _DATE),
            ("replacement", _TEXT),  # the provider:model key to move to
            ("removed_on", _DATE),
            ("aliases", _TEXT),  # a JSON array of other ids of the model at its provider
            ("rpm", _INT),
            ("tpm", _INT),
            ("latency_p50_ms", _REAL),
            ("latency_p99_ms", _REAL),
            ("quality_reasoning", _REAL),
            ("quality_coding", _REAL),
            ("quality_creative", _REAL),
            ("quality_summarization", _REAL),
        ),
        ("key",),
        not_null=("provider", "id", "name", "kind", "status"),
        references=(("provider", "providers(id)"),),
        indexes=(
            ("provider",),
            ("kind",),
            ("status", "context_tokens"),
            ("context_tokens",),
            ("output_tokens",),
            ("family",),
            ("release_date",),
        ),
    ),
    Table(
        "capabilities",
        _cols(("model_key", _TEXT), ("capability", _TEXT)),
        ("capability", "model_key"),
        references=(("model_key", "models(key)"),),
        indexes=(("model_key",),),
    ),
    Table(
        "modalities",
        _cols(("model_key", _TEXT), ("direction", _TEXT), ("modality", _TEXT)),
        ("direction", "modality", "model_key"),
        references=(("model_key", "models(key)"),),
        indexes=(("model_key",),),
    ),
    Table(
        "prices",
        _cols(
            ("model_key", _TEXT),
            ("kind", _TEXT),
            ("above_tokens", _INT),
            ("usd_per_mtok", _NUM),
            ("usd_per_mtok_text", _TEXT),
        ),
        ("model_key", "kind", "above_tokens"),
        not_null=("usd_per_mtok", "usd_per_mtok_text"),
        references=(("model_key", "models(key)"),),
        indexes=(("kind", "above_tokens", "usd_per_mtok"),),
    ),
    Table(
        "price_history",
        _cols(
            ("model_key", _TEXT),
            ("kind", _TEXT),
            ("above_tokens", _INT),
            ("effective_date", _DATE),
            ("usd_per_mtok", _NUM),
            ("usd_per_mtok_text", _TEXT),
            ("correction", _BOOL),
        ),
        ("model_key", "kind", "above_tokens", "effective_date"),
        not_null=("effective_date", "usd_per_mtok", "usd_per_mtok_text"),
        indexes=(("effective_date",),),
        # no foreign key: history keeps models that have since left the catalog
    ),
)


def table_rows(catalog: Catalog) -> dict[str, list[tuple[object, ...]]]:
    """The rows of every table, as Python values (`None`, `bool`, `int`,
    `float`, `Decimal`, `date`, `str`), in catalog order."""
    info: list[tuple[object, ...]] = [
        ("data_date", catalog.data_date),
        ("version", catalog.version),
        ("schema_version", str(SCHEMA_VERSION)),
        ("origin", catalog.origin),
    ]
    providers: list[tuple[object, ...]] = [
        (
            p.id.value,
            p.name,
            p.module or None,
            json.dumps(list(p.env)),
            p.doc,
            p.api,
            p.npm,
        )
        for p in catalog.providers.values()
    ]
    models: list[tuple[object, ...]] = []
    capabilities: list[tuple[object, ...]] = []
    modalities: list[tuple[object, ...]] = []
    for m in catalog.models:
        rate, latency, quality = m.rate_limits, m.latency, m.quality
        models.append(
            (
                m.key,
                m.provider.value,
                m.id,
                m.name,
                m.kind.value,
                m.family,
                m.status.value,
                m.open_weights,
                m.limits.context,
                m.limits.input,
                m.limits.output,
                m.knowledge,
                m.knowledge_precision.value,
                m.release_date,
                m.release_date_precision.value,
                m.last_updated,
                m.last_updated_precision.value,
                m.deprecation_date,
                m.replacement,
                m.removed_on,
                json.dumps(list(m.aliases)),
                rate.rpm if rate else None,
                rate.tpm if rate else None,
                latency.p50_ms if latency else None,
                latency.p99_ms if latency else None,
                quality.reasoning if quality else None,
                quality.coding if quality else None,
                quality.creative if quality else None,
                quality.summarization if quality else None,
            )
        )
        capabilities.extend((m.key, c.value) for c in sorted(m.capabilities))
        for direction in ("input", "output"):
            members = getattr(m.modalities, direction)
            modalities.extend((m.key, direction, x.value) for x in sorted(members))
    prices: list[tuple[object, ...]] = [
        (r.model_key, r.kind, r.above_tokens, r.usd_per_mtok, format(r.usd_per_mtok, "f"))
        for r in current_price_rows(catalog)
    ]
    history: list[tuple[object, ...]] = [
        (
            r.model_key,
            r.kind,
            r.above_tokens,
            r.effective_date,
            r.usd_per_mtok,
            format(r.usd_per_mtok, "f"),
            r.correction,
        )
        for r in price_history_rows(catalog)
        if r.effective_date is not None
    ]
    return {
        "catalog_info": info,
        "providers": providers,
        "models": models,
        "capabilities": capabilities,
        "modalities": modalities,
        "prices": prices,
        "price_history": history,
    }


def _ddl(table: Table, dialect: int) -> str:
    """`CREATE TABLE` for SQLite (`dialect` 1) or PostgreSQL (2)."""
    lines = []
    for column in table.columns:
        name, sql_type = column[0], column[dialect]
        lines.append(f"{name} {sql_type}{' NOT NULL' if name in table.not_null else ''}")
    lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    lines.extend(f"FOREIGN KEY ({col}) REFERENCES {target}" for col, target in table.references)
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(lines) + "\n);"


def _index_ddl(table: Table) -> list[str]:
    return [
        f"CREATE INDEX {table.name}_by_{'_'.join(cols)} ON {table.name} ({', '.join(cols)});"
        for cols in table.indexes
    ]


# -- SQLite -------------------------------------------------------------------------


def _sqlite_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_sqlite(catalog: Catalog, path: str | os.PathLike[str]) -> None:
    """Write the catalog to a new SQLite database at `path` (replaced atomically)."""
    import sqlite3

    target = Path(path)
    scratch = target.with_name(target.name + ".partial")
    scratch.unlink(missing_ok=True)
    rows = table_rows(catalog)
    connection = sqlite3.connect(scratch)
    try:
        with connection:
            connection.execute("PRAGMA foreign_keys = ON")
            for table in TABLES:
                connection.execute(_ddl(table, 1))
                marks = ", ".join("?" for _ in table.columns)
                connection.executemany(
                    f"INSERT INTO {table.name} VALUES ({marks})",
                    ([_sqlite_value(v) for v in row] for row in rows[table.name]),
                )
                for statement in _index_ddl(table):
                    connection.execute(statement)
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()
    os.replace(scratch, target)


# -- PostgreSQL ---------------------------------------------------------------------


def _copy_value(value: object) -> str:
    """A value in COPY's text format: `\\N` for NULL, backslash escapes."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_postgres(catalog: Catalog, out: TextIO) -> None:
    """A SQL script for `psql -f`: tables, `COPY ... FROM stdin` data, indexes,
    in one transaction."""
    rows = table_rows(catalog)
    out.write("-- llm-catalog export for PostgreSQL: psql -v ON_ERROR_STOP=1 -f FILE\n")
    out.write("BEGIN;\n\n")
    for table in TABLES:
        out.write(_ddl(table, 2) + "\n\n")
    for table in TABLES:
        columns = ", ".join(c[0] for c in table.columns)
        out.write(f"COPY {table.name} ({columns}) FROM stdin;\n")
        for row in rows[table.name]:
            out.write("\t".join(_copy_value(v) for v in row) + "\n")
        out.write("\\.\n\n")
    for table in TABLES:
        for statement in _index_ddl(table):
            out.write(statement + "\n")
    out.write("\nCOMMIT;\nANALYZE;\n")


# -- flat formats -------------------------------------------------------------------


def _dumps(data: object) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(catalog: Catalog, out: TextIO) -> None:
    out.write(_dumps(catalog.to_data()))


def write_jsonl(catalog: Catalog, out: TextIO) -> None:
    for model in catalog.models:
        # the snapshot shape, plus every lifecycle field stated even when empty
        record = {
            "key": model.key,
            "provider": model.provider.value,
            **model_data(model),
            **lifecycle_values(model),
        }
        out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")


CSV_COLUMNS = (
    *(c[0] for c in TABLES[2].columns),
    "input_modalities",
    "output_modalities",
    "capabilities",
    *(f"price_{kind}" for kind in PRICE_FIELDS),
    "price_tiers",
    "price_extra",
)


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(catalog: Catalog, out: TextIO) -> None:
    rows = {row[0]: row for row in table_rows(catalog)["models"]}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for model in catalog.models:
        base = [_csv_value(v) for v in rows[model.key]]
        cost = model_data(model).get("cost", {})
        tiers, extra = cost.get("tiers"), cost.get("extra")
        writer.writerow(
            [
                *base,
                "|".join(sorted(m.value for m in model.modalities.input)),
                "|".join(sorted(m.value for m in model.modalities.output)),
                "|".join(sorted(c.value for c in model.capabilities)),
                *(
                    ""
                    if getattr(model.cost, kind) is None
                    else format(getattr(model.cost, kind), "f")
                    for kind in PRICE_FIELDS
                ),
                json.dumps(tiers, sort_keys=True) if tiers else "",
                json.dumps(extra, sort_keys=True) if extra else "",
            ]
        )


# -- JSON Schema --------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `--format json` output and of snapshot
    files (`manifest.json` is `manifest`, `catalog.json` is `providers`)."""
    from llm_catalog._data.enums import Capability, Kind, Modality, Status
    from llm_catalog._extra import IMAGE_QUALITIES, SEARCH_CONTEXTS, UNIT_PRICES

    price = {
        "type": "string",
        "pattern": r"^[0-9]+(\.[0-9]+)?$",
        "description": "USD per 1M tokens, an exact decimal string",
    }
    prices = {kind: {"$ref": "#/$defs/price"} for kind in PRICE_FIELDS}
    partial_date = {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
    count = {"type": "integer", "minimum": 1}
    score = {"type": "number", "minimum": 0, "maximum": 100}
    milliseconds = {"type": "number", "minimum": 0}

    def obj(properties: dict[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": properties,
            "required": list(required),
            "additionalProperties": False,
        }

    def members(values: Iterable[str]) -> dict[str, Any]:
        return {"type": "array", "items": {"enum": sorted(values)}, "uniqueItems": True}

    sheet = obj(
        {
            **prices,
            "tiers": {"type": "array", "items": obj({"above": count, **prices}, ["above"])},
        }
    )
    per_unit = {"$ref": "#/$defs/unit_price"}
    extra = obj(
        {
            "batch": sheet,
            "flex": sheet,
            "priority": sheet,
            "cache_write_1h": {"$ref": "#/$defs/price"},
            **dict.fromkeys(UNIT_PRICES, per_unit),
            "web_search": obj(dict.fromkeys(SEARCH_CONTEXTS, per_unit)),
            "image_prices": {
                "type": "array",
                "description": "USD per image made, by quality and size",
                "items": obj(
                    {
                        "quality": {"enum": list(IMAGE_QUALITIES)},
                        "size": {"type": "string", "pattern": r"^[1-9][0-9]*x[1-9][0-9]*$"},
                        "price": per_unit,
                    },
                    ["size", "price"],
                ),
            },
        }
    )
    model = obj(
        {
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string"},
            "limits": obj({"context": count, "input": count, "output": count}),
            "cost": obj(
                {
                    **prices,
                    "tiers": {
                        "type": "array",
                        "items": obj({"above": count, **prices}, ["above"]),
                    },
                    "extra": extra,
                }
            ),
            "modalities": obj(
                {
                    "input": members(m.value for m in Modality),
                    "output": members(m.value for m in Modality),
                }
            ),
            "capabilities": members(c.value for c in Capability),
            "kind": {"enum": [k.value for k in Kind]},
            "family": {"type": "string"},
            "status": {"enum": [s.value for s in Status]},
            "open_weights": {"type": "boolean"},
            "knowledge": partial_date,
            "release_date": partial_date,
            "last_updated": partial_date,
            "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "deprecation_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "replacement": {"type": "string", "minLength": 1},
            "rate_limits": obj({"rpm": count, "tpm": count}),
            "latency": obj({"p50_ms": milliseconds, "p99_ms": milliseconds}),
            "quality": obj(
                {k: score for k in ("reasoning", "coding", "creative", "summarization")}
            ),
        },
        ["id", "name"],
    )
    provider = obj(
        {
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string"},
            "env": {"type": "array", "items": {"type": "string"}},
            "doc": {"type": "string"},
            "api": {"type": "string"},
            "npm": {"type": "string"},
            "models": {"type": "object", "additionalProperties": {"$ref": "#/$defs/model"}},
        },
        ["id", "name", "models"],
    )
    manifest = {
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "date": {"type": ["string", "null"], "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "version": {"type": ["string", "null"]},
            "providers": {"type": "integer", "minimum": 0},
            "models": {"type": "integer", "minimum": 0},
            "sources": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["schema_version", "date"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://llm-catalog.invalid/schema/v{SCHEMA_VERSION}.json",
        "title": "llm-catalog snapshot",
        "description": "Providers and models of an llm-catalog snapshot "
        f"(schema version {SCHEMA_VERSION}); `llm_catalog.Catalog.load` reads it.",
        "type": "object",
        "properties": {
            "manifest": {"$ref": "#/$defs/manifest"},
            "providers": {"type": "object", "additionalProperties": {"$ref": "#/$defs/provider"}},
        },
        "required": ["manifest", "providers"],
        "additionalProperties": False,
        "$defs": {
            "price": price,
            "unit_price": {
                **price,
                "description": "USD per unit (second, character, image, query or "
                "search, as the field name says), an exact decimal string",
            },
            "model": model,
            "provider": provider,
            "manifest": manifest,
        },
    }


# -- command line -------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llm-catalog export",
        description="Write the catalog as JSON, JSON Lines, CSV, a SQLite database or "
        "a PostgreSQL script, or print its JSON Schema.",
    )
    parser.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    parser.add_argument(
        "-o",
        "--output",
        help="file to write (default: standard output; required for sqlite)",
    )
    parser.add_argument(
        "--catalog",
        metavar="PATH",
        help="export this snapshot directory or JSON file instead of the packaged catalog",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """`llm-catalog export`: 0 on success, 2 on bad arguments or unreadable input."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.format == "sqlite" and not args.output:
        parser.error("--format sqlite needs --output FILE")
    if args.format == "json-schema":
        return _emit(_dumps(json_schema()), args.output)
    try:
        catalog = Catalog.load(args.catalog) if args.catalog else Catalog.packaged()
    except (OSError, ValueError) as exc:
        print(f"llm-catalog export: cannot read {args.catalog}: {exc}", file=sys.stderr)
        return 2
    if args.format == "sqlite":
        try:
            write_sqlite(catalog, args.output)
        except OSError as exc:
            print(f"llm-catalog export: cannot write {args.output}: {exc}", file=sys.stderr)
            return 2
        return 0
    buffer = io.StringIO()
    writers = {
        "json": write_json,
        "jsonl": write_jsonl,
        "csv": write_csv,
        "postgres": write_postgres,
    }
    writers[args.format](catalog, buffer)
    return _emit(buffer.getvalue(), args.output)


def _emit(text: str, output: str | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"llm-catalog export: cannot write {output}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
