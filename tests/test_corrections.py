"""Corrections are not changes: a price that differs between two releases only because
another source gives it is labelled a correction in the changelog, `price_history`,
`diff()` and the SQL export.

The expectation is computed here from the raw recorded models.dev feeds (the
primary source's own values at both dates) and the snapshots' provenance, not
from the generator's code; it is pinned to the releases 2026.3.1 and 2026.7.2.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from generator import changelog, history
from llm_catalog import Catalog
from llm_catalog._export import price_history_rows, table_rows
from llm_catalog._history import diff, price_history
from tests.conftest import REPO, UPSTREAM

OLD, NEW = "2026-03-01", "2026-07-02"
KINDS = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "reasoning",
    "input_audio",
    "output_audio",
    "tiers",
)


def _feed(date: str) -> Any:
    with (UPSTREAM / f"models-dev-{date}.json").open(encoding="utf-8") as fh:
        return json.load(fh, parse_float=Decimal)


def _raw(feed: Any, key: str, kind: str) -> Any:
    pid, _, mid = key.partition(":")
    cost = feed[pid]["models"][mid].get("cost") or {}
    if kind == "tiers":
        return json.dumps(cost.get("tiers") or cost.get("context_over_200k"), default=str)
    value = cost.get(kind)
    return None if value is None else Decimal(value)


def _extra(catalog: dict[str, Any], key: str) -> dict[str, Any]:
    """The shipped `cost.extra` by price name, flattened independently of the
    generator: a service tier's sheet as `batch.input` (`batch.tiers` whole), a
    search size as `web_search.low`, the others by their own name."""
    pid, _, mid = key.partition(":")
    extra = catalog[pid]["models"][mid].get("cost", {}).get("extra") or {}
    flat: dict[str, Any] = {}
    for name, value in extra.items():
        if isinstance(value, dict):
            for part, price in value.items():
                flat[f"{name}.{part}"] = json.dumps(price) if part == "tiers" else Decimal(price)
        else:
            flat[name] = Decimal(value)
    return flat


def _shipped(catalog: dict[str, Any], key: str, kind: str) -> Any:
    pid, _, mid = key.partition(":")
    cost = catalog[pid]["models"][mid].get("cost", {})
    value = cost.get(kind)
    return value if kind == "tiers" else None if value is None else Decimal(value)


@pytest.fixture(scope="module")
def expected() -> set[tuple[str, str]]:
    """(model key, price kind) whose shipped value differs from 2026-03-01 to
    2026-07-02 while models.dev's own value does not, and whose source changed."""
    hist = history.load(REPO / "snapshots")
    old, new = (json.loads(json.dumps(hist.at(d).dump_providers())) for d in (OLD, NEW))
    provenance = {
        d: json.loads((REPO / "snapshots" / d / "provenance.json").read_text("utf-8"))
        for d in (OLD, NEW)
    }
    feeds = {d: _feed(d) for d in (OLD, NEW)}
    found = set()
    for pid, provider in new.items():
        for mid in provider["models"]:
            key = f"{pid}:{mid}"
            if mid not in old.get(pid, {}).get("models", {}):
                continue
            for kind in KINDS:
                a, b = _shipped(old, key, kind), _shipped(new, key, kind)
                if a == b:
                    continue
                if mid not in feeds[NEW][pid]["models"]:
                    # models.dev no longer lists it; a secondary source does (added,
                    # generator/additions.py): its own price is the shipped one.
                    if kind == "tiers" or _raw(feeds[OLD], key, kind) != b:
                        continue
                elif _raw(feeds[OLD], key, kind) != _raw(feeds[NEW], key, kind):
                    continue  # models.dev's own price moved: a change

                def source(date: str, value: Any, key: str = key, kind: str = kind) -> Any:
                    if value is None:
                        return None
                    return provenance[date].get(key, {}).get(f"cost.{kind}", "models.dev")

                if source(OLD, a) != source(NEW, b):
                    found.add((key, kind))
            # models.dev states none of the rarer prices (`cost.extra`): one that
            # differs because its source changed is a correction too
            if mid not in feeds[NEW][pid]["models"]:
                # ...except on a model models.dev no longer lists (added): its shipped
                # price is its own, against models.dev's none before, so a change.
                continue
            old_extra, new_extra = _extra(old, key), _extra(new, key)

            def extra_source(date: str, extra: dict[str, Any], key: str = key) -> Any:
                return provenance[date].get(key, {}).get("cost.extra") if extra else None

            if extra_source(OLD, old_extra) != extra_source(NEW, new_extra):
                for name in set(old_extra) | set(new_extra):
                    if old_extra.get(name) != new_extra.get(name):
                        found.add((key, name))
    return found


def test_the_changelog_labels_exactly_the_corrections(expected: set[tuple[str, str]]) -> None:
    hist = history.load(REPO / "snapshots")
    log = changelog.diff(hist.at(OLD), hist.at(NEW))
    corrected = {(p.key, p.field) for p in log.prices if p.correction}
    assert corrected == expected
    assert expected  # OpenRouter and LiteLLM were first merged on 2026-07-02
    counts = log.counts()
    assert counts["corrections"] == len({key for key, _ in expected})
    changed_only_by_correction = {p.key for p in log.prices if p.correction} - {
        p.key for p in log.prices if not p.correction
    }
    assert counts["price_changes"] == len({p.key for p in log.prices}) - len(
        changed_only_by_correction
    )
    text = changelog.markdown(log)
    assert f"### Corrections ({counts['corrections']})" in text
    assert f"{counts['price_changes']} price changes" in text
    assert f"### Corrections ({counts['corrections']})" in (REPO / "CHANGELOG.md").read_text(
        "utf-8"
    )


def test_runtime_history_and_diff_label_corrections(expected: set[tuple[str, str]]) -> None:
    data = diff(OLD, NEW)
    # the runtime's diff names the rarer prices' sheet as one field, `extra`
    sheets = {(key, kind if kind in KINDS else "extra") for key, kind in expected}
    assert {(p["key"], p["field"]) for p in data["prices"] if p["correction"]} == sheets
    assert data["counts"]["corrections"] == len({key for key, _ in expected})
    by_key: dict[str, set[str]] = {}
    for key, kind in expected:
        # price_history names the rarer prices' sheet as one kind, `extra`
        by_key.setdefault(key, set()).add(kind if kind in KINDS else "extra")
    real = {(p["key"], p["field"]) for p in data["prices"] if not p["correction"]}
    for key, kinds in sorted(by_key.items()):
        point = next(p for p in price_history(key) if p.since.date.isoformat() == NEW)
        assert point.corrected == kinds, key
        assert point.correction == (not any(k == key for k, _ in real)), key


def test_the_export_labels_corrected_rows(expected: set[tuple[str, str]]) -> None:
    # The packaged history holds every release's prices, a later release's too:
    # the corrections of NEW are the rows effective on NEW.
    catalog = Catalog.packaged()
    every = [r for r in price_history_rows(catalog) if r.correction]
    rows = [
        r for r in every if r.effective_date is not None and r.effective_date.isoformat() == NEW
    ]

    def field(kind: str, above: int) -> str:
        if not above:
            return kind
        sheet, _, _ = kind.rpartition(".")  # `batch.input` above N: the batch sheet's tiers
        return f"{sheet}.tiers" if sheet else "tiers"

    assert {(r.model_key, field(r.kind, r.above_tokens)) for r in rows} == expected
    assert rows
    table = table_rows(catalog)["price_history"]
    assert sum(1 for row in table if row[-1] is True) == len(every)


def test_primary_json_holds_models_dev_s_own_prices() -> None:
    """Where the catalog ships another price, primary.json keeps models.dev's."""
    primary = json.loads((REPO / "snapshots" / NEW / "primary.json").read_text("utf-8"))
    feed = _feed(NEW)
    checked = 0
    for key, kinds in primary.items():
        for kind, value in kinds.items():
            if kind == "tiers":
                continue
            raw = _raw(feed, key, kind)
            assert (None if value is None else Decimal(value)) == raw, (key, kind)
            checked += 1
    assert checked > 100
