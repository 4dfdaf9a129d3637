"""Exports: every format, and the same questions answered by SQLite, by a real
PostgreSQL server and by Python straight over `all_models()`."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

import llm_catalog
from llm_catalog import Capability, Catalog, Modality, Status, all_models
from llm_catalog._export import json_schema, write_postgres, write_sqlite
from tests import postgres_server
from tests.conftest import REPO, current_manifest, current_model

SNAPSHOT = REPO / "snapshots" / llm_catalog.DATA_DATE
PRICE_KINDS = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "reasoning",
    "input_audio",
    "output_audio",
)


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_catalog._export", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- the questions, in SQL and in Python ------------------------------------------

HISTORY_MODEL = "deepseek:deepseek-reasoner"
"""Its prices changed at each of the three recorded releases (see `price_history`)."""


def _vision_long_context() -> list[tuple[str, ...]]:
    return sorted(
        (m.key,)
        for m in all_models()
        if Modality.IMAGE in m.modalities.input
        and (m.limits.context or 0) > 100_000
        and m.status is not Status.DEPRECATED
    )


def _history_rows(key: str) -> list[tuple[str, ...]]:
    """`price_history(key)` as rows: every price of every point, by its release date."""
    rows = []
    for point in llm_catalog.price_history(key):
        if point.cost is None:
            continue
        day = point.since.date.isoformat()
        cost = point.cost
        for above, prices in [(0, cost), *((t.above, t) for t in cost.tiers)]:
            for kind in PRICE_KINDS:
                value = getattr(prices, kind)
                if value is not None:
                    rows.append((day, str(above), kind, format(value, "f")))
        rows.extend((day, above, kind, price) for above, kind, price in _extra_rows(cost))
    return sorted(rows, key=lambda r: (r[0], int(r[1]), r[2]))


def _extra_rows(cost: llm_catalog.Cost) -> list[tuple[str, str, str]]:
    """(above, kind, price) of `cost.extra` as docs/pricing.md says the tables hold it."""
    extra = cost.extra
    if extra is None:
        return []
    rows: list[tuple[str, str, str]] = []
    for tier in ("batch", "flex", "priority"):
        sheet = getattr(extra, tier)
        for above, prices in [(0, sheet), *((t.above, t) for t in sheet.tiers)] if sheet else []:
            rows.extend(
                (str(above), f"{tier}.{kind}", format(getattr(prices, kind), "f"))
                for kind in PRICE_KINDS
                if getattr(prices, kind) is not None
            )
    units = (
        "cache_write_1h",
        "input_per_second",
        "output_per_second",
        "input_per_character",
        "input_per_image",
        "output_per_image",
        "per_query",
    )
    rows.extend(
        ("0", kind, format(getattr(extra, kind), "f"))
        for kind in units
        if getattr(extra, kind) is not None
    )
    rows.extend(("0", f"web_search.{size}", format(p, "f")) for size, p in extra.web_search)
    rows.extend(
        ("0", ".".join(["image", *([q] if q else []), s]), format(p, "f"))
        for q, s, p in extra.image_prices
    )
    return rows


def _image_prices() -> list[tuple[str, ...]]:
    """Every price of an image made, by quality and size (`image.low.1024x1024`)."""
    rows = [
        (m.key, kind, price)
        for m in all_models()
        for _, kind, price in _extra_rows(m.cost)
        if kind.startswith("image.")
    ]
    assert ("openai:gpt-image-1", "image.low.1024x1024") in {r[:2] for r in rows}
    return sorted(rows)


def _price_history() -> list[tuple[str, ...]]:
    rows = _history_rows(HISTORY_MODEL)
    # a model whose price changed: the table must hold more than today's prices
    assert len({r[0] for r in rows}) == 3
    assert len({r[3] for r in rows if r[2] == "input"}) == 3
    return rows


def _corrections() -> list[tuple[str, ...]]:
    """Prices that differ from the release before only because another source gives
    them, from the runtime diff of every pair of releases."""
    from llm_catalog._history import diff, price_at

    found = set()
    releases = llm_catalog.releases()
    for old, new in itertools.pairwise(releases):
        for p in diff(old.version, new.version)["prices"]:
            cost = price_at(p["key"], new.date)
            value = None if cost is None else getattr(cost, p["field"])
            if p["correction"] and value not in (None, ()):  # a row only for a price
                found.add((p["key"], p["field"], new.date.isoformat()))
    assert found  # OpenRouter and LiteLLM were first merged in 2026.7.2
    return sorted(found)


def _tools_reasoning_structured() -> list[tuple[str, ...]]:
    need = {Capability.TOOL_CALL, Capability.REASONING, Capability.STRUCTURED_OUTPUT}
    return sorted((m.key,) for m in all_models() if need <= m.capabilities)


def _cheap_long_context() -> list[tuple[str, ...]]:
    return sorted(
        (m.key,)
        for m in all_models()
        if m.cost.input is not None
        and Decimal("0.1") <= m.cost.input <= Decimal("1")
        and (m.limits.context or 0) >= 200_000
    )


def _status_counts() -> list[tuple[str, ...]]:
    counts: dict[str, int] = {}
    for m in all_models():
        counts[m.status.value] = counts.get(m.status.value, 0) + 1
    return sorted((k, str(v)) for k, v in counts.items())


def _lifecycle() -> list[tuple[str, ...]]:
    return sorted(
        (m.key, m.deprecation_date.isoformat(), m.replacement or "-", json.dumps(list(m.aliases)))
        for m in all_models()
        if m.deprecation_date is not None
    )


QUESTIONS: list[tuple[str, str, Callable[[], list[tuple[str, ...]]]]] = [
    (
        "vision and context over 100K and not deprecated",
        """SELECT m.key FROM models m
           WHERE m.context_tokens > 100000 AND m.status <> 'deprecated'
             AND EXISTS (SELECT 1 FROM modalities x WHERE x.model_key = m.key
                         AND x.direction = 'input' AND x.modality = 'image')""",
        _vision_long_context,
    ),
    (
        "price history of a model",
        f"""SELECT effective_date, above_tokens, kind, usd_per_mtok_text FROM price_history
            WHERE model_key = '{HISTORY_MODEL}'""",
        _price_history,
    ),
    (
        "price corrections, not price changes",
        """SELECT DISTINCT model_key,
                  CASE WHEN kind LIKE '%.%' OR kind LIKE '%_per_%' OR kind = 'cache_write_1h'
                       THEN 'extra' WHEN above_tokens = 0 THEN kind ELSE 'tiers' END,
                  effective_date
           FROM price_history WHERE correction""",
        _corrections,
    ),
    (
        "prices of images made, by quality and size",
        "SELECT model_key, kind, usd_per_mtok_text FROM prices WHERE kind LIKE 'image.%'",
        _image_prices,
    ),
    (
        "tool calls, reasoning and structured output (capability containment)",
        """SELECT model_key FROM capabilities
           WHERE capability IN ('tool_call', 'reasoning', 'structured_output')
           GROUP BY model_key HAVING COUNT(*) = 3""",
        _tools_reasoning_structured,
    ),
    (
        "input price from $0.10 to $1 and context of 200K or more (price and context ranges)",
        """SELECT p.model_key FROM prices p JOIN models m ON m.key = p.model_key
           WHERE p.kind = 'input' AND p.above_tokens = 0
             AND p.usd_per_mtok BETWEEN 0.1 AND 1 AND m.context_tokens >= 200000""",
        _cheap_long_context,
    ),
    (
        "deprecation dates, replacements and aliases (lifecycle columns)",
        """SELECT key, CAST(deprecation_date AS TEXT), COALESCE(replacement, '-'), aliases
           FROM models WHERE deprecation_date IS NOT NULL""",
        _lifecycle,
    ),
    (
        "models by status",
        "SELECT status, COUNT(*) FROM models GROUP BY status",
        _status_counts,
    ),
]


def _sort(rows: list[tuple[str, ...]], question: str) -> list[tuple[str, ...]]:
    if question == "price history of a model":
        return sorted(rows, key=lambda r: (r[0], int(r[1]), r[2]))
    return sorted(rows)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("sqlite") / "catalog.db"
    assert _export("--format", "sqlite", "--output", str(path)).returncode == 0
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


@pytest.mark.parametrize(("question", "sql", "expected"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_sqlite_answers_like_python(
    sqlite_db: sqlite3.Connection,
    question: str,
    sql: str,
    expected: Callable[[], list[tuple[str, ...]]],
) -> None:
    rows = [tuple(str(v) for v in row) for row in sqlite_db.execute(sql)]
    want = expected()
    assert want, "a question with no answer tests nothing"
    assert _sort(rows, question) == want


def test_sqlite_uses_its_indexes(sqlite_db: sqlite3.Connection) -> None:
    def plan(sql: str) -> str:
        return " | ".join(row[-1] for row in sqlite_db.execute("EXPLAIN QUERY PLAN " + sql))

    # the primary key (capability, model_key) is the containment index
    assert "SEARCH capabilities USING COVERING INDEX" in plan(
        "SELECT model_key FROM capabilities WHERE capability = 'reasoning'"
    )
    assert "models_by_context_tokens" in plan(
        "SELECT key FROM models WHERE context_tokens BETWEEN 100000 AND 200000"
    )
    assert "prices_by_kind_above_tokens_usd_per_mtok" in plan(
        "SELECT model_key FROM prices WHERE kind = 'input' AND above_tokens = 0 AND usd_per_mtok < 0.5"
    )
    tables = {
        row[0] for row in sqlite_db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert {
        "providers",
        "models",
        "capabilities",
        "modalities",
        "prices",
        "price_history",
    } <= tables
    manifest = current_manifest()
    assert sqlite_db.execute("SELECT COUNT(*) FROM models").fetchone() == (manifest["models"],)
    assert sqlite_db.execute("SELECT COUNT(*) FROM providers").fetchone() == (
        manifest["providers"],
    )
    assert sqlite_db.execute("PRAGMA foreign_key_check").fetchall() == []
    info = dict(sqlite_db.execute("SELECT name, value FROM catalog_info"))
    assert info["data_date"] == manifest["date"]


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[postgres_server.Postgres]:
    bin_path = postgres_server.bindir()
    if bin_path is None:
        pytest.skip(
            "PostgreSQL binaries not found (/usr/lib/postgresql/*/bin): "
            "apt-get install -y postgresql (.ci/run does)"
        )
    script = tmp_path_factory.mktemp("pg") / "catalog.sql"
    assert _export("--format", "postgres", "--output", str(script)).returncode == 0
    with postgres_server.cluster(bin_path) as server:
        server.psql("-f", str(script))
        yield server


@pytest.mark.parametrize(("question", "sql", "expected"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_postgres_answers_like_python(
    postgres: postgres_server.Postgres,
    question: str,
    sql: str,
    expected: Callable[[], list[tuple[str, ...]]],
) -> None:
    assert _sort(postgres.query(sql), question) == expected()


def test_postgres_types_and_constraints(postgres: postgres_server.Postgres) -> None:
    types: dict[str, str] = {
        row[0]: row[1]
        for row in postgres.query(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
    }
    assert types["prices.usd_per_mtok"] == "numeric"
    assert types["models.release_date"] == "date"
    assert types["models.open_weights"] == "boolean"
    assert types["price_history.correction"] == "boolean"
    # exact decimals: the numeric column equals the exact text, for every price
    assert postgres.query(
        "SELECT COUNT(*) FROM prices WHERE usd_per_mtok <> usd_per_mtok_text::numeric"
    ) == [("0",)]
    # names with tabs, quotes and non-ASCII survived COPY's escaping
    names = {m.key: m.name for m in all_models()}
    rows = {row[0]: row[1] for row in postgres.query("SELECT key, name FROM models")}
    assert rows == names
    with pytest.raises(RuntimeError, match="violates foreign key"):
        postgres.psql("-c", "INSERT INTO capabilities VALUES ('nobody:nothing', 'reasoning')")


# -- flat formats -----------------------------------------------------------------


def test_json_round_trips_and_matches_its_schema(tmp_path: Path) -> None:
    out = tmp_path / "catalog.json"
    assert _export("--format", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["providers"] == json.loads((SNAPSHOT / "catalog.json").read_text("utf-8"))
    assert Catalog.load(out).models == Catalog.packaged().models
    schema = json.loads(_export("--format", "json-schema").stdout)
    assert schema == json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator.validate(data)
    snapshot = {
        "manifest": json.loads((SNAPSHOT / "manifest.json").read_text("utf-8")),
        "providers": json.loads((SNAPSHOT / "catalog.json").read_text("utf-8")),
    }
    validator.validate(snapshot)
    model = data["providers"]["openai"]["models"]["gpt-4o"]
    for path, bad in [
        (("cost", "input"), 2.5),  # prices are exact strings
        (("limits", "context"), 0),
        (("status",), "sunset"),
        (("capabilities",), ["telepathy"]),
        (("release_date",), "2024-5-1"),
        (("quality",), {"coding": 101}),
    ]:
        broken = json.loads(json.dumps(model))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = bad
        errors = list(
            validator.iter_errors(
                {
                    **data,
                    "providers": {
                        "openai": {"id": "openai", "name": "OpenAI", "models": {"gpt-4o": broken}}
                    },
                }
            )
        )
        assert errors, path


def test_jsonl_and_csv() -> None:
    models = {m.key: m for m in all_models()}
    lines = _export("--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(models)
    records = [json.loads(line) for line in lines]
    assert [r["key"] for r in records] == list(models)
    gpt = next(r for r in records if r["key"] == "openai:gpt-4o")
    assert gpt["provider"] == "openai"
    assert gpt["cost"]["input"] == current_model("openai:gpt-4o")["cost"]["input"]
    assert Catalog.packaged().extend([]).get("openai:gpt-4o") is models["openai:gpt-4o"]

    rows = list(csv.DictReader(io.StringIO(_export("--format", "csv").stdout)))
    assert [r["key"] for r in rows] == list(models)
    for row in rows:
        model = models[row["key"]]
        assert row["name"] == model.name
        assert row["context_tokens"] == str(model.limits.context or "")
        assert row["price_input"] == (
            "" if model.cost.input is None else format(model.cost.input, "f")
        )
        assert set(filter(None, row["capabilities"].split("|"))) == {
            c.value for c in model.capabilities
        }
        assert row["open_weights"] == {True: "true", False: "false", None: ""}[model.open_weights]
        tiers = json.loads(row["price_tiers"]) if row["price_tiers"] else []
        assert [t["above"] for t in tiers] == [t.above for t in model.cost.tiers]


def test_a_customized_catalog_exports_its_operational_fields(tmp_path: Path) -> None:
    catalog = (
        Catalog.packaged()
        .extend(
            [{"provider": "acme", "id": "bot", "name": "Bot\twith a tab", "cost": {"input": "0"}}]
        )
        .override(
            "openai:gpt-4o",
            status="maintenance",
            rate_limits={"rpm": 500},
            latency={"p50_ms": 350, "p99_ms": 1800},
            quality={"coding": 87.5},
        )
    )
    saved = tmp_path / "custom.json"
    saved.write_text(json.dumps(catalog.to_data()))
    path = tmp_path / "custom.db"
    assert _export("--format", "sqlite", "-o", str(path), "--catalog", str(saved)).returncode == 0
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT status, rpm, tpm, latency_p50_ms, latency_p99_ms, quality_coding "
            "FROM models WHERE key = 'openai:gpt-4o'"
        ).fetchone()
        assert row == ("maintenance", 500, None, 350.0, 1800.0, 87.5)
        assert db.execute("SELECT name, module FROM providers WHERE id = 'acme'").fetchone() == (
            "acme",
            None,
        )
        assert db.execute("SELECT name FROM models WHERE key = 'acme:bot'").fetchone() == (
            "Bot\twith a tab",
        )
    script = io.StringIO()
    write_postgres(catalog, script)
    assert "acme:bot\tacme\tbot\tBot\\twith a tab\t" in script.getvalue()
    write_sqlite(catalog, path)  # replaces the file
    assert not path.with_name(path.name + ".partial").exists()


def test_price_history_rows_follow_the_recorded_history() -> None:
    from llm_catalog._export import price_history_rows

    def rows_of(catalog: Catalog, key: str) -> list[tuple[str, ...]]:
        rows = [
            (r.effective_date.isoformat(), str(r.above_tokens), r.kind, format(r.usd_per_mtok, "f"))
            for r in price_history_rows(catalog)
            if r.model_key == key and r.effective_date is not None
        ]
        return sorted(rows, key=lambda r: (r[0], int(r[1]), r[2]))

    packaged = Catalog.packaged()
    every = list(price_history_rows(packaged))
    keys = {r.model_key for r in every}
    # every listed model, and models removed since (their last known prices)
    removed = {m.key for m in llm_catalog.removed_models() if m.cost.input is not None}
    assert removed and removed <= keys
    for key in ("google:gemini-2.5-pro", "mistral:mistral-small-latest", HISTORY_MODEL):
        assert rows_of(packaged, key) == _history_rows(key)
    assert len({(r.model_key, r.kind, r.above_tokens, r.effective_date) for r in every}) == len(
        every
    )  # the table's primary key holds
    # an override replaces the prices at the data date and keeps the earlier ones
    changed = packaged.override(HISTORY_MODEL, cost={"input": "0.1", "output": "0.2"})
    rows = rows_of(changed, HISTORY_MODEL)
    today = llm_catalog.DATA_DATE
    assert [r for r in rows if r[0] < today] == [
        r for r in _history_rows(HISTORY_MODEL) if r[0] < today
    ]
    assert [r for r in rows if r[0] == today] == [
        (today, "0", "cache_read", "0.0028"),  # `override` keeps the prices it does not name
        (today, "0", "input", "0.1"),
        (today, "0", "output", "0.2"),
    ]
    # an added model has its current prices; another data date, current prices only
    added = packaged.extend([{"provider": "acme", "id": "bot", "cost": {"input": "0.3"}}])
    assert rows_of(added, "acme:bot") == [(today, "0", "input", "0.3")]
    data = packaged.to_data()
    data["manifest"]["date"] = "2026-08-01"
    newer = Catalog.from_data(data)
    assert {r[0] for r in rows_of(newer, HISTORY_MODEL)} == {"2026-08-01"}


def test_cli_errors() -> None:
    missing = _export("--format", "sqlite")
    assert missing.returncode == 2 and "--format sqlite needs --output FILE" in missing.stderr
    bad = _export("--format", "json", "--catalog", "/nonexistent/snapshot")
    assert bad.returncode == 2 and "cannot read /nonexistent/snapshot" in bad.stderr
    unknown = _export("--format", "xml")
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr
    assert "--format" in _export("--help").stdout


def test_csv_and_jsonl_carry_the_lifecycle_fields() -> None:
    from llm_catalog._lifecycle_fields import LIFECYCLE_FIELDS

    models = {m.key: m for m in all_models()}
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(_export("--format", "csv").stdout))}
    records = {
        r["key"]: r for r in map(json.loads, _export("--format", "jsonl").stdout.splitlines())
    }
    for key, model in models.items():
        assert set(LIFECYCLE_FIELDS) <= set(rows[key]) and set(LIFECYCLE_FIELDS) <= set(
            records[key]
        )
        dated = model.deprecation_date
        assert rows[key]["deprecation_date"] == ("" if dated is None else dated.isoformat())
        assert records[key]["deprecation_date"] == (None if dated is None else dated.isoformat())
        assert records[key]["aliases"] == list(model.aliases)
        assert json.loads(rows[key]["aliases"]) == list(model.aliases)
        assert rows[key]["release_date_precision"] == model.release_date_precision.value
