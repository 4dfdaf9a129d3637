"""Releases over time: the stored history, insertion, changelogs, tombstones, price history.

Expectations are computed here from the raw recorded feeds (`raw_diff`), not
from the generator's own output.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from generator import changelog, history, multisource, snapshot
from llm_catalog import Status
from llm_catalog import _history as runtime_history
from tests.conftest import (
    RECORDED,
    REPO,
    UPSTREAM,
    copy_repo,
    current_snapshot,
    empty_repo,
    find_document,
    run_generator,
    tree_digest,
)

DATES = ("2025-09-01", "2026-03-01", "2026-07-02")
PRICE_FIELDS = changelog.PRICE_FIELDS
STATUSES = {"alpha", "beta", "deprecated", "retired"}  # retired: only shipped (derived) values


def feed(date_: str) -> Path:
    return UPSTREAM / f"models-dev-{date_}.json"


def raw(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh, parse_float=Decimal)
    return data


def _fresh(path: Path) -> Path:
    return empty_repo(path)


def update(root: Path, source: Path, date_: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_generator(
        root,
        "update",
        "--source",
        str(source),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        date_,
        "-q",
        *extra,
    )


def state(root: Path) -> dict[str, str]:
    digests = tree_digest(root / "llm_catalog", root / "snapshots")
    digests["CHANGELOG.md"] = hashlib.sha256((root / "CHANGELOG.md").read_bytes()).hexdigest()
    return digests


# --- an independent diff of two raw feeds ----------------------------------------


def _price(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("1e-10"))


def _limit(value: Any) -> int | None:
    return value or None


SUPPLEMENTARY = {
    "cache_read": "input",
    "cache_write": "input",
    "input_audio": "input",
    "reasoning": "output",
    "output_audio": "output",
}
MODALITY_FLAGS = {
    "vision": ("input", "image"),
    "pdf_input": ("input", "pdf"),
    "audio_input": ("input", "audio"),
    "audio_output": ("output", "audio"),
}


def _cost(model: dict[str, Any], name: str) -> Decimal | None:
    """A price as shipped: a supplementary 0 beside a base price above 0 means
    "no surcharge" and is no price (docs/sources.md)."""
    cost = model.get("cost") or {}
    value = _price(cost.get(name))
    base = _price(cost.get(SUPPLEMENTARY.get(name, name)))
    if name in SUPPLEMENTARY and value == 0 and base:
        return None
    return value


def _capabilities(model: dict[str, Any]) -> set[str]:
    flags = ("attachment", "reasoning", "tool_call", "structured_output", "temperature")
    found = {flag for flag in flags if model.get(flag) is True}
    if model.get("interleaved"):  # `true` or an object naming the field
        found.add("interleaved")
    # the modality capabilities are the modalities; a cache price means prompt caching
    for flag, side_modality in MODALITY_FLAGS.items():
        side, modality = side_modality
        if modality in _modalities(model, side):
            found.add(flag)
    if _cost(model, "cache_read") is not None or _cost(model, "cache_write") is not None:
        found.add("prompt_caching")
    return found | set(model.get("_other_capabilities", ()))


# The committed 2026-07-02 release merges models.dev with OpenRouter, LiteLLM and
# our overrides (the older ones are models.dev and overrides only: the secondary
# recordings are from 2026-07). How the committed history was built:
BUILD_ARGS = {
    DATES[0]: ("--primary-only",),
    DATES[1]: ("--primary-only",),
    DATES[2]: (
        "--openrouter",
        str(UPSTREAM / "openrouter-models-2026-07-01.json"),
        "--openrouter-url",
        "https://openrouter.ai/api/v1/models",
        "--litellm",
        str(UPSTREAM / "litellm-model-prices-1.106.2.json"),
        "--litellm-url",
        "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
    ),
}


def merged_values(date_: str, root: Path = REPO) -> dict[tuple[str, str], dict[str, Any]]:
    """The shipped values, in the raw feed's shape, of the models of release `date_`
    that hold a value from another source than models.dev (see provenance.json), or
    whose price models.dev gives otherwise (primary.json: another price sheet, an
    invariant).

    The independent diff below reads models.dev for every other model; for these it
    reads what we ship, since a secondary source or a rule decided some of their values (a
    retirement date from another source also moves the status: generator/lifecycle.py).
    """
    directory = root / "snapshots" / date_
    if not (directory / "provenance.json").exists():
        return {}
    provenance = json.loads((directory / "provenance.json").read_text("utf-8"))
    primary = directory / "primary.json"
    if primary.exists():
        provenance = {**json.loads(primary.read_text("utf-8")), **provenance}
    catalog = history.load(root / "snapshots").at(date_).dump_providers()
    flags = {"attachment", "reasoning", "tool_call", "structured_output", "temperature"}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for key in provenance:
        pid, _, mid = key.partition(":")
        shipped = catalog[pid]["models"][mid]
        caps = set(shipped.get("capabilities", ()))
        out[(pid, mid)] = {
            "cost": {
                k: v for k, v in shipped.get("cost", {}).items() if k not in ("tiers", "extra")
            },
            "limit": shipped.get("limits", {}),
            "modalities": shipped.get("modalities", {}),
            "status": shipped.get("status"),
            **{flag: True for flag in caps & flags},
            "interleaved": "interleaved_reasoning" in caps,
            "_other_capabilities": sorted(caps - flags - {"interleaved_reasoning"}),
        }
    return out


def _modalities(model: dict[str, Any], side: str) -> set[str]:
    known = {"text", "image", "audio", "video", "pdf"}
    return set(model.get("modalities", {}).get(side, [])) & known


def raw_diff(
    old: dict[str, Any],
    new: dict[str, Any],
    shipped: dict[tuple[str, str], dict[str, Any]] | None = None,
    shipped_old: dict[tuple[str, str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Counts of what changed between two raw models.dev documents (the newer one's
    models in `shipped`, the older one's in `shipped_old`, read as shipped: see
    `merged_values`)."""
    a = {(p, m): v for p, pv in old.items() for m, v in pv["models"].items()}
    b = {(p, m): v for p, pv in new.items() for m, v in pv["models"].items()}
    # The models only a secondary source lists (generator/additions.py) are the
    # release's models too, read as shipped.
    for mine, shipped_values in ((a, shipped_old), (b, shipped)):
        for key, values in (shipped_values or {}).items():
            mine.setdefault(key, values)
    gone, came = set(a) - set(b), set(b) - set(a)
    gone_fold: dict[tuple[str, str], list[str]] = {}
    came_fold: dict[tuple[str, str], list[str]] = {}
    for p, m in gone:
        gone_fold.setdefault((p, m.lower()), []).append(m)
    for p, m in came:
        came_fold.setdefault((p, m.lower()), []).append(m)
    renamed = {
        (p, olds[0]): (p, came_fold[(p, low)][0])
        for (p, low), olds in gone_fold.items()
        if len(olds) == 1 and len(came_fold.get((p, low), [])) == 1
    }
    pairs = [(k, k) for k in set(a) & set(b)] + list(renamed.items())
    per_field = dict.fromkeys(PRICE_FIELDS, 0)
    priced, status, limits, capabilities, modalities = set(), set(), set(), set(), set()
    for old_key, new_key in pairs:
        x = (shipped_old or {}).get(old_key, a[old_key])
        y = (shipped or {}).get(new_key, b[new_key])
        changed = [f for f in PRICE_FIELDS if _cost(x, f) != _cost(y, f)]
        for f in changed:
            per_field[f] += 1
        if changed:
            priced.add(new_key)
        sx, sy = x.get("status"), y.get("status")
        if (sx if sx in STATUSES else "active") != (sy if sy in STATUSES else "active"):
            status.add(new_key)
        if any(
            _limit(x.get("limit", {}).get(f)) != _limit(y.get("limit", {}).get(f))
            for f in ("context", "input", "output")
        ):
            limits.add(new_key)
        if _capabilities(x) != _capabilities(y):
            capabilities.add(new_key)
        if any(_modalities(x, side) != _modalities(y, side) for side in ("input", "output")):
            modalities.add(new_key)
    return {
        "capability_changes": len(capabilities),
        "modality_changes": len(modalities),
        "added": len(came) - len(renamed),
        "removed": len(gone) - len(renamed),
        "renamed": sorted((f"{p}:{m}", f"{q}:{n}") for (p, m), (q, n) in renamed.items()),
        "price_changes": len(priced),
        "price_field_changes": per_field,
        "status_changes": len(status),
        "limit_changes": len(limits),
        "providers_added": len(set(new) - set(old)),
        "providers_removed": len(set(old) - set(new)),
    }


def assert_changelog_matches(log: changelog.Changelog, expected: dict[str, Any]) -> None:
    counts = log.counts()
    for name in (
        "added",
        "removed",
        "status_changes",
        "limit_changes",
        "capability_changes",
        "modality_changes",
        "providers_added",
        "providers_removed",
    ):
        assert counts[name] == expected[name], name
    assert sorted(log.renamed) == expected["renamed"]
    base_prices = [p for p in log.prices if p.field in PRICE_FIELDS]
    assert len({p.key for p in base_prices}) == expected["price_changes"]
    for name, n in expected["price_field_changes"].items():
        assert sum(1 for p in base_prices if p.field == name) == n, name


# --- the committed history ---------------------------------------------------------


@pytest.fixture(scope="module")
def repo_history() -> history.History:
    return history.load(REPO / "snapshots")


def test_committed_history_holds_the_three_feeds(repo_history: history.History) -> None:
    assert [c.manifest.date for c in repo_history.catalogs[:3]] == list(DATES)
    assert [c.manifest.version for c in repo_history.catalogs[:3]] == [
        "2025.9.1",
        "2026.3.1",
        "2026.7.2",
    ]
    for catalog in repo_history.catalogs[:3]:
        data = feed(catalog.manifest.date).read_bytes()
        source = catalog.manifest.sources[0]  # models.dev; the newest has more
        assert source.sha256 == hashlib.sha256(data).hexdigest()
        assert source.size == len(data)
        assert source.url == "https://models.dev/api.json"
        document = json.loads(data)
        # models.dev's models, and those only a secondary source lists (added,
        # generator/additions.py; 2026-07-02 is the release that uses them)
        added = {k for k, fields in catalog.provenance.items() if "model" in fields}
        assert bool(added) == (catalog.manifest.date == RECORDED)
        listed = sum(len(p["models"]) for p in document.values())
        assert catalog.manifest.models == listed + len(added)
        assert catalog.manifest.providers == len(document)
        # every model of the raw feed is in the rebuilt catalog, with its prices
        for pid, provider in document.items():
            own = {m for m in catalog.providers[pid].models if f"{pid}:{m}" not in added}
            assert own == set(provider["models"])
    # older releases are stored as deltas, not full copies
    for date_ in DATES[:-1]:
        assert not (REPO / "snapshots" / date_ / "catalog.json").exists()
        assert (REPO / "snapshots" / date_ / "delta.json").exists()
    assert llm_catalog.__version__ == repo_history.latest.manifest.version


@pytest.mark.parametrize(("old", "new"), [DATES[:2], DATES[1:]])
def test_changelog_counts_match_an_independent_diff(
    repo_history: history.History, old: str, new: str
) -> None:
    log = changelog.diff(repo_history.at(old), repo_history.at(new))
    assert_changelog_matches(
        log, raw_diff(raw(feed(old)), raw(feed(new)), merged_values(new), merged_values(old))
    )
    # the runtime diff (its own code, its own data) agrees with the generator's
    runtime = runtime_history.diff(old, new)
    counts = log.counts()
    del counts["metadata_only"]
    assert runtime["counts"] == counts
    assert [(r["old"], r["new"]) for r in runtime["renamed"]] == log.renamed


def test_case_only_renames_are_renames(repo_history: history.History) -> None:
    log = changelog.diff(repo_history.at(DATES[1]), repo_history.at(DATES[2]))
    assert ("nebius:NousResearch/hermes-4-405b", "nebius:NousResearch/Hermes-4-405B") in log.renamed
    assert "nebius:NousResearch/hermes-4-405b" not in log.removed
    assert "nebius:NousResearch/Hermes-4-405B" not in log.added
    # 21 in models.dev; 9 more where models.dev dropped an id and LiteLLM lists it
    # in another case (`azure:mai-ds-r1` -> `azure:MAI-DS-R1`, added).
    assert ("azure:mai-ds-r1", "azure:MAI-DS-R1") in log.renamed
    assert len(log.renamed) == 30


def test_changelog_markdown_and_json(repo_history: history.History) -> None:
    log = changelog.diff(repo_history.at(DATES[1]), repo_history.at(DATES[2]))
    text = changelog.markdown(log)
    c = log.counts()
    # material first, metadata summarized last
    order = [
        text.index(f"### Removed models ({c['removed']})"),
        text.index(f"### Renamed models (id changed case) ({c['renamed']})"),
        text.index(f"### Price changes ({c['price_changes']})"),
        text.index(f"### Added models ({c['added']})"),
        text.index("### Metadata"),
    ]
    assert order == sorted(order)
    assert "| `openai:gpt-4o` |" not in text or "%" in text
    assert f"{log.metadata_only} models changed only metadata" in text
    assert "last_updated (" in text
    # a price change carries its percent: computed here from the raw feeds
    old_raw, new_raw = raw(feed(DATES[1])), raw(feed(DATES[2]))
    p = next(
        p
        for p in log.prices
        if p.field == "input"
        and p.percent is not None
        and p.key.partition(":")[2] in old_raw[p.key.partition(":")[0]]["models"]
    )
    pid, _, mid = p.key.partition(":")
    a = _price(old_raw[pid]["models"][mid]["cost"]["input"])
    b = _price(new_raw[pid]["models"][mid]["cost"]["input"])
    assert a is not None and b is not None
    assert p.percent is not None
    assert Decimal(p.percent) == ((b - a) / a * 100).quantize(Decimal("0.1"))
    data = json.loads(json.dumps(log.as_json()))
    assert data["counts"] == c
    truncated = changelog.truncate(text, 65_536, "See the summary.")
    assert len(text) > 65_536 >= len(truncated)
    assert truncated.endswith("See the summary.\n")
    assert (REPO / "CHANGELOG.md").read_text("utf-8") == changelog.changelog_file(
        repo_history.catalogs
    )


def test_changelog_command(repo_history: history.History) -> None:
    result = run_generator(REPO, "changelog", "2026.3.1", "2026-07-02", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["renamed"] == 30  # see the test above
    # the default: the newest release against the one before it
    newest = run_generator(REPO, "changelog", "--json")
    assert newest.returncode == 0, newest.stderr
    before, latest = repo_history.catalogs[-2:]
    data = json.loads(newest.stdout)
    assert (data["old_version"], data["new_version"]) == (
        before.manifest.version,
        latest.manifest.version,
    )
    result = run_generator(REPO, "changelog", "2025.9.1", "2026-03-01", "--limit", "4000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## 2026.3.1 (2026-03-01)")
    assert len(result.stdout) <= 4000
    assert run_generator(REPO, "changelog", "2024-01-01").returncode == 2


def test_runtime_diff_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "llm_catalog", "diff", "2026.3.1", "2026-07-02", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = raw_diff(
        raw(feed(DATES[1])), raw(feed(DATES[2])), merged_values(DATES[2]), merged_values(DATES[1])
    )
    data = json.loads(result.stdout)
    counts = data["counts"]
    for name in ("added", "removed", "status_changes", "limit_changes"):
        assert counts[name] == expected[name]
    base_prices = {p["key"] for p in data["prices"] if p["field"] in PRICE_FIELDS}
    assert len(base_prices) == expected["price_changes"]
    markdown = subprocess.run(
        [sys.executable, "-m", "llm_catalog", "diff", "2025-09-01", "2026.3.1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert markdown.startswith("## 2026.3.1 (2026-03-01) compared with 2025.9.1")
    bad = subprocess.run(
        [sys.executable, "-m", "llm_catalog", "diff", "2020-01-01", "2026.3.1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "no release" in bad.stderr


# --- tombstones and price history at runtime -----------------------------------------


def test_removed_model_still_imports_warns_and_keeps_its_last_price() -> None:
    old = raw(feed(DATES[1]))["openai"]["models"]["o1-preview"]
    assert "o1-preview" not in raw(feed(DATES[2]))["openai"]["models"]
    with pytest.warns(DeprecationWarning, match=r"'openai:o1-preview' is no longer listed"):
        from llm_catalog.openai import O1_PREVIEW
    assert O1_PREVIEW.status is Status.REMOVED
    assert O1_PREVIEW.removed_on == date(2026, 7, 2)
    assert O1_PREVIEW.cost.input == _price(old["cost"]["input"])
    assert O1_PREVIEW.cost.output == _price(old["cost"]["output"])
    assert O1_PREVIEW.limits.context == old["limit"]["context"]
    assert O1_PREVIEW.price_at("2026-04-01") == O1_PREVIEW.cost
    assert O1_PREVIEW.price_at(date(2026, 7, 2)) is None
    assert O1_PREVIEW.price_at("2025-01-01") is None  # before the first release
    from llm_catalog import openai

    assert "o1-preview" not in openai.MODELS
    with pytest.raises(AttributeError):
        _ = openai.NOT_A_MODEL  # type: ignore[attr-defined]


def test_case_rename_tombstone_names_its_replacement() -> None:
    """2026-07-02 renamed `NousResearch/hermes-4-405b` to `...Hermes-4-405B`: the old
    id's tombstone names the model that carries it on (the live spelling, should a
    later release rename it again), and the published constants keep their ids."""
    with pytest.warns(DeprecationWarning, match=r"use 'nebius:(?i:nousresearch/hermes-4-405b)'"):
        from llm_catalog.nebius import NOUSRESEARCH_HERMES_4_405B as OLD
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # a tombstone, if renamed again
        from llm_catalog.nebius import NOUSRESEARCH_HERMES_4_405B_2 as NEW

    old, new = OLD, NEW
    assert old.id == "NousResearch/hermes-4-405b" and old.status is Status.REMOVED
    assert new.id == "NousResearch/Hermes-4-405B"
    assert old.replacement is not None
    live = llm_catalog.get_model(old.replacement)
    assert live.status is not Status.REMOVED
    assert live.id.lower() == old.id.lower()


def test_removed_provider_keeps_its_module() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from llm_catalog import firmware
    assert firmware.MODELS == {}
    assert firmware.PROVIDER.id == "firmware"
    with pytest.warns(DeprecationWarning):
        model = firmware.GPT_4O
    assert model.status is Status.REMOVED
    assert llm_catalog.firmware is firmware  # attribute access on the package works too


def test_removed_models_are_every_model_no_longer_listed() -> None:
    ever: set[str] = set()
    for date_ in DATES:
        ever |= {f"{p}:{m}" for p, pv in raw(feed(date_)).items() for m in pv["models"]}
    # releases after the recorded ones (nightly): their snapshots
    for catalog in history.load(REPO / "snapshots").catalogs:
        if catalog.manifest.date > RECORDED:
            ever |= {f"{p}:{m}" for p, pv in catalog.providers.items() for m in pv.models}
    listed = json.loads((current_snapshot() / "catalog.json").read_text("utf-8"))
    current = {f"{p}:{m}" for p, pv in listed.items() for m in pv["models"]}
    removed = llm_catalog.removed_models()
    assert {m.key for m in removed} == ever - current
    assert all(m.status is Status.REMOVED and m.removed_on is not None for m in removed)


def test_price_history_and_price_at() -> None:
    """gpt-4o on OpenAI: prices from each raw feed, as history points."""
    points = llm_catalog.price_history("openai:gpt-4o")
    raw_prices = [
        _price(raw(feed(d))["openai"]["models"]["gpt-4o"]["cost"]["input"]) for d in DATES
    ]
    recorded = [p for p in points if p.since.date <= date.fromisoformat(RECORDED)]
    # A point may change other prices only (the service tiers LiteLLM added on
    # RECORDED, a correction): the input price's own changes are the feed's.
    inputs = [p.cost.input for p in recorded if p.cost]
    assert [v for i, v in enumerate(inputs) if i == 0 or inputs[i - 1] != v] == [
        v for i, v in enumerate(raw_prices) if i == 0 or raw_prices[i - 1] != v
    ]
    assert points[0].since.date == date(2025, 9, 1)
    assert llm_catalog.price_history("openai/gpt-4o") == points
    # a model whose price changed between two feeds: the old price for an old date
    old_raw, new_raw = raw(feed(DATES[1])), raw(feed(DATES[2]))
    key = next(
        f"{p}:{m}"
        for p in sorted(old_raw)
        if p in new_raw
        for m in sorted(old_raw[p]["models"])
        if m in new_raw[p]["models"]
        and old_raw[p]["models"][m].get("cost", {}).get("input") is not None
        and new_raw[p]["models"][m].get("cost", {}).get("input") is not None
        and _price(old_raw[p]["models"][m]["cost"]["input"])
        != _price(new_raw[p]["models"][m]["cost"]["input"])
    )
    model = llm_catalog.get_model(key)
    pid, _, mid = key.partition(":")
    then = model.price_at("2026-06-30")
    assert then is not None
    assert then.input == _price(old_raw[pid]["models"][mid]["cost"]["input"])
    now = model.price_at("2026-07-02")
    assert now is not None
    assert now.input == _price(new_raw[pid]["models"][mid]["cost"]["input"])
    assert model.price_at(llm_catalog.DATA_DATE) == model.cost
    with pytest.raises(KeyError):
        llm_catalog.price_history("openai:gpt-4oo")


def test_capability_history() -> None:
    points = llm_catalog.capability_history("openai:gpt-4o")
    assert points[0].capabilities is not None
    assert llm_catalog.Capability.TOOL_CALL in points[0].capabilities
    releases = llm_catalog.releases()
    assert [r.version for r in releases][:3] == ["2025.9.1", "2026.3.1", "2026.7.2"]
    # and every release since, one per dated snapshot, the package's the newest
    assert [r.date.isoformat() for r in releases] == [
        d.name for d in snapshot.dated_dirs(REPO / "snapshots")
    ]
    assert releases[-1].version == llm_catalog.__version__


def test_history_is_not_loaded_by_provider_imports() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from llm_catalog.openai import GPT_4O; import llm_catalog.firmware;"
            "print(sorted(m for m in sys.modules if m.startswith('llm_catalog._')))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == str(
        [
            "llm_catalog._data",
            "llm_catalog._data.enums",
            "llm_catalog._data.shared",
            "llm_catalog._data.version",
            "llm_catalog._model",
            "llm_catalog._record",
        ]
    )


# --- building the history: in order, by insertion, and guarded -------------------------


@pytest.fixture(scope="module")
def in_order(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = _fresh(tmp_path_factory.mktemp("in-order") / "repo")
    names = []
    for date_ in DATES:
        result = update(root, feed(date_), date_, *BUILD_ARGS[date_])
        assert result.returncode == 0, result.stderr
        names.append(json.loads((root / "snapshots" / "names.json").read_text("utf-8")))
    return root, names


SECONDARY = ("litellm", "openrouter")


def _replay_args(
    manifest: dict[str, Any], previous: dict[str, Any], overrides_sha256: str | None
) -> list[str] | None:
    """The `update` arguments that remake a release after the recorded ones from the
    documents its manifest records (found by sha256: `$LLM_CATALOG_DOCUMENTS` holds a
    nightly's artifact); None when it cannot be remade offline: a document is not
    at hand, a source fell back (`kept_from`), or the overrides have changed since."""
    sources = {s["name"]: s for s in manifest["sources"]}
    before = {s["name"]: s for s in previous["sources"]}
    primary = sources["models.dev"]
    document = find_document(primary["sha256"])
    if document is None or sources.get("override", {}).get("sha256") != overrides_sha256:
        return None
    args = ["--source", str(document), "--source-url", primary["url"], "--date", manifest["date"]]
    if not any(name in sources for name in SECONDARY):
        return [*args, "--primary-only"]
    for name in SECONDARY:
        source = sources.get(name)
        if source is None or "kept_from" in source:
            return None
        old = before.get(name)
        if old is not None and (old["sha256"], old["url"]) == (source["sha256"], source["url"]):
            continue  # reused offline from the release before, as the nightly did
        pulled = find_document(source["sha256"])
        if pulled is None:
            return None
        args += [f"--{name}", str(pulled), f"--{name}-url", source["url"]]
    return args


def test_in_order_build_is_the_committed_repository(
    in_order: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    """Every release whose upstream documents are at hand is remade, in date order,
    byte for byte: the recorded ones always; a nightly's when its documents are
    here (`$LLM_CATALOG_DOCUMENTS`). When they all are, the whole repository is."""
    root, _ = in_order
    dirs = snapshot.dated_dirs(REPO / "snapshots")
    later = [d for d in dirs if d.name > RECORDED]
    if not later:
        assert state(root) == state(REPO)
        return
    replay = tmp_path / "repo"
    shutil.copytree(root, replay)
    overrides = multisource._overrides_source(REPO / "overrides")
    remade = list(DATES)
    for directory in later:
        previous = json.loads((REPO / "snapshots" / remade[-1] / "manifest.json").read_text())
        manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
        args = _replay_args(manifest, previous, overrides.sha256 if overrides else None)
        if args is None:
            break
        result = run_generator(replay, "update", "-q", *args)
        assert result.returncode == 0, result.stderr
        remade.append(directory.name)
    if len(remade) == len(dirs):
        assert state(replay) == state(REPO)
        return
    # Some release cannot be remade here: compare every release that was.
    ours, theirs = history.load(replay / "snapshots"), history.load(REPO / "snapshots")
    for date_ in remade:
        assert ours.at(date_).dump_providers() == theirs.at(date_).dump_providers(), date_
        assert ours.at(date_).manifest.sources == theirs.at(date_).manifest.sources, date_
        for path in sorted((REPO / "snapshots" / date_).rglob("*")):
            if path.is_file() and path.name not in (
                history.CATALOG,
                history.DELTA,
                "manifest.json",
            ):
                mine = replay / "snapshots" / date_ / path.relative_to(REPO / "snapshots" / date_)
                assert mine.read_bytes() == path.read_bytes(), path


def test_a_name_is_never_given_to_another_id(in_order: tuple[Path, list[dict[str, Any]]]) -> None:
    _, names = in_order
    for before, after in itertools.pairwise(names):
        for kind in ("modules", "members"):
            for pid, name in before[kind].items():
                assert after[kind][pid] == name
        for pid, constants in before["constants"].items():
            for mid, name in constants.items():
                assert after["constants"][pid][mid] == name, (pid, mid)
    for constants in names[-1]["constants"].values():
        assert len(set(constants.values())) == len(constants)


def test_inserting_a_middle_feed_keeps_every_published_name(
    in_order: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    """2026-03-01 slotted in after 2025-09-01 and 2026-07-02 were released.

    Published names are fixed points: 2026-07-02 published `Hermes-4-405B` as
    `NOUSRESEARCH_HERMES_4_405B`, so 2026-03-01's `hermes-4-405b`, named here for
    the first time, gets `_2` (in date order it would have had the plain name). So
    the insertion needs no `--force`, moves no name, and stores the same releases as
    the in-order build: only the names of ids never named before may differ."""
    root = _fresh(tmp_path / "repo")
    for date_ in (DATES[0], DATES[2]):
        result = update(root, feed(date_), date_, "--force", *BUILD_ARGS[date_])
        assert result.returncode == 0, result.stderr
    names_path = root / "snapshots" / "names.json"
    published = json.loads(names_path.read_text("utf-8"))
    result = update(root, feed(DATES[1]), DATES[1])
    assert result.returncode == 0, result.stderr
    names = json.loads(names_path.read_text("utf-8"))
    for kind in ("modules", "members"):
        assert {p: names[kind][p] for p in published[kind]} == published[kind]
    for pid, constants in published["constants"].items():
        assert {m: names["constants"][pid][m] for m in constants} == constants, pid
    nebius = names["constants"]["nebius"]
    assert nebius["NousResearch/Hermes-4-405B"] == "NOUSRESEARCH_HERMES_4_405B"
    assert nebius["NousResearch/hermes-4-405b"] == "NOUSRESEARCH_HERMES_4_405B_2"
    # the releases themselves are the in-order build's, byte for byte
    ordered_root, ordered_names = in_order
    snapshots = {k: v for k, v in state(root).items() if k.startswith("snapshots/")}
    expected = {k: v for k, v in state(ordered_root).items() if k.startswith("snapshots/")}
    del snapshots["snapshots/names.json"], expected["snapshots/names.json"]
    assert snapshots == expected
    assert (root / "CHANGELOG.md").read_bytes() == (ordered_root / "CHANGELOG.md").read_bytes()
    # names differ from the in-order build only where an id this insertion named
    # first folds like a published one (which keeps its name; in date order the
    # earlier id would have won it)
    ordered = ordered_names[-1]["constants"]
    moved = {
        (pid, mid)
        for pid, constants in names["constants"].items()
        for mid, name in constants.items()
        if ordered[pid][mid] != name
    }
    assert ("nebius", "NousResearch/hermes-4-405b") in moved
    first_named = {
        (pid, mid)
        for pid, constants in names["constants"].items()
        for mid in constants
        if mid not in published["constants"].get(pid, {})
    }
    for pid in {pid for pid, _ in moved}:
        assert any(p == pid for p, _ in moved & first_named), pid
    assert run_generator(root, "check").returncode == 0


def test_a_late_feed_never_moves_a_published_name(tmp_path: Path) -> None:
    """A feed dated between two releases holding an id that folds to a published
    name and would win it in date order (lower case): the published constant stays
    the live model, the late id gets the next free name, no `--force` needed."""
    root = copy_repo(tmp_path / "repo")
    published = json.loads((root / "snapshots" / "names.json").read_text("utf-8"))
    flash = "deepseek-ai/DeepSeek-V4-Flash"
    assert published["constants"]["siliconflow"][flash] == "DEEPSEEK_AI_DEEPSEEK_V4_FLASH"
    data = json.loads(feed(DATES[1]).read_text("utf-8"))
    models = data["siliconflow"]["models"]
    late = "deepseek-ai/deepseek.v4.flash"
    models[late] = dict(next(iter(models.values())), id=late, name="DeepSeek V4 Flash")
    source = tmp_path / "models-dev-2026-06-01.json"
    source.write_text(json.dumps(data), "utf-8")
    result = update(root, source, "2026-06-01")
    assert result.returncode == 0, result.stderr
    names = json.loads((root / "snapshots" / "names.json").read_text("utf-8"))
    for pid, constants in published["constants"].items():
        assert {m: names["constants"][pid][m] for m in constants} == constants, pid
    assert names["constants"]["siliconflow"][late] == "DEEPSEEK_AI_DEEPSEEK_V4_FLASH_2"
    probe = (
        "import warnings, json;"
        "warnings.simplefilter('error');"  # the published name is not a tombstone
        "from llm_catalog.siliconflow import DEEPSEEK_AI_DEEPSEEK_V4_FLASH as live;"
        "warnings.simplefilter('ignore');"
        "from llm_catalog.siliconflow import DEEPSEEK_AI_DEEPSEEK_V4_FLASH_2 as gone;"
        "print(json.dumps([live.id, str(live.removed_on), gone.id, str(gone.removed_on)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [flash, "None", late, DATES[2]]
    assert run_generator(root, "check").returncode == 0


def _unseen_feed(tmp_path: Path) -> Path:
    """A feed dated between 2026-03-01 and 2026-07-02, made here from the 2026-03-01
    one: gpt-4o's input price changed, o1-preview gone, a model added."""
    data = json.loads(feed(DATES[1]).read_text("utf-8"))
    openai = data["openai"]["models"]
    openai["gpt-4o"]["cost"]["input"] = 3.75
    del openai["o1-preview"]
    added = dict(openai["gpt-4o"], id="gpt-4o-test-0501", name="GPT-4o test")
    openai["gpt-4o-test-0501"] = added
    path = tmp_path / "models-dev-2026-05-01.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_an_unseen_feed_slots_in_between(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    unseen = _unseen_feed(tmp_path)
    result = update(root, unseen, "2026-05-01")
    assert result.returncode == 0, result.stderr
    hist = history.load(root / "snapshots")
    later = [d.name for d in snapshot.dated_dirs(REPO / "snapshots") if d.name > RECORDED]
    assert [c.manifest.date for c in hist.catalogs] == [
        *DATES[:2],
        "2026-05-01",
        DATES[2],
        *later,
    ]
    middle = raw(unseen)
    shipped_middle = merged_values("2026-05-01", root)
    assert_changelog_matches(
        changelog.diff(hist.at(DATES[1]), hist.at("2026-05-01")),
        raw_diff(raw(feed(DATES[1])), middle, shipped_middle, merged_values(DATES[1], root)),
    )
    assert_changelog_matches(
        changelog.diff(hist.at("2026-05-01"), hist.at(DATES[2])),
        raw_diff(middle, raw(feed(DATES[2])), merged_values(DATES[2], root), shipped_middle),
    )
    # the package is still the newest release, and its history knows the new one
    probe = (
        "import warnings, json; warnings.simplefilter('ignore');"
        "import llm_catalog as c; from llm_catalog.openai import GPT_4O, O1_PREVIEW;"
        "print(json.dumps([c.__version__, str(GPT_4O.price_at('2026-05-15').input),"
        "str(GPT_4O.price_at('2026-04-01').input), str(O1_PREVIEW.removed_on),"
        "[r.version for r in c.releases()]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    version, may, april, removed_on, versions = json.loads(out.stdout)
    assert version == llm_catalog.__version__
    assert Decimal(may) == Decimal("3.75")
    assert Decimal(april) == _price(
        raw(feed(DATES[1]))["openai"]["models"]["gpt-4o"]["cost"]["input"]
    )
    assert removed_on == "2026-05-01"
    assert versions[:4] == ["2025.9.1", "2026.3.1", "2026.5.1", "2026.7.2"]
    assert versions[4:] == [r.version for r in llm_catalog.releases()][3:]
    assert run_generator(root, "check").returncode == 0


def test_type_checkers_see_removed_models_and_nothing_else(tmp_path: Path) -> None:
    """Tombstones are declared for type checkers; a misspelt name is still an error."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from llm_catalog.openai import O1_PREVIEW, GPT_4OO\n"
        "from llm_catalog import Model\n"
        "m: Model = O1_PREVIEW\n",
        "utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            "",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(probe),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert '"GPT_4OO"' in errors[0]


def test_check_covers_the_changelog_deltas_and_names(repo_copy: Path) -> None:
    log = repo_copy / "CHANGELOG.md"
    log.write_text(log.read_text("utf-8").replace("Removed models", "Gone models"), "utf-8")
    delta = repo_copy / "snapshots" / DATES[0] / "delta.json"
    delta.write_text(delta.read_text("utf-8") + "\n", "utf-8")
    result = run_generator(repo_copy, "check")
    assert result.returncode == 1
    assert "CHANGELOG.md" in result.stderr
    assert f"snapshots/{DATES[0]}/delta.json" in result.stderr
    names_path = repo_copy / "snapshots" / "names.json"
    names = json.loads(names_path.read_text("utf-8"))
    names["constants"]["openai"]["gpt-4o"] = "SOMETHING_ELSE"
    names_path.write_text(json.dumps(names), "utf-8")
    result = run_generator(repo_copy, "check")
    assert result.returncode == 2
    assert "names.json disagrees" in result.stderr and "SOMETHING_ELSE -> GPT_4O" in result.stderr


def test_given_replacements_win_over_inferred_ones(repo_history: history.History) -> None:
    given = {
        "openai:o1-preview": "openai:o1",
        "nebius:NousResearch/hermes-4-405b": "nebius:other",
    }
    built = history.build(list(repo_history.catalogs), given)
    assert built.tombstones["openai"]["o1-preview"].replacement == "openai:o1"
    assert built.tombstones["nebius"]["NousResearch/hermes-4-405b"].replacement == "nebius:other"
    assert repo_history.tombstones["openai"]["o1-preview"].replacement is None
    assert built.names == repo_history.names


def test_markdown_keeps_upstream_text_inert() -> None:
    assert changelog.code("a`b") == "`a'b`"
    assert changelog.code("x\u202ey\n@team") == "`x?y?@team`"
    assert changelog.cell("a|b") == "`a\\|b`"


def test_an_older_full_copy_is_read_and_flagged(repo_copy: Path) -> None:
    """A full `catalog.json` in an older release (the layout before deltas) still
    loads to the same history; `check` asks for it to be re-encoded."""
    hist = history.load(repo_copy / "snapshots")
    middle = repo_copy / "snapshots" / DATES[1]
    (middle / "delta.json").unlink()
    (middle / "catalog.json").write_text(json.dumps(hist.at(DATES[1]).dump_providers()), "utf-8")
    assert history.load(repo_copy / "snapshots") == hist
    stale = history.stale(repo_copy / "snapshots", hist)
    assert stale == [f"snapshots/{DATES[1]}/delta.json", f"snapshots/{DATES[1]}/catalog.json"]


def test_get_model_of_a_removed_model_warns_and_returns_its_tombstone() -> None:
    import warnings

    from llm_catalog import Status, get_model

    with pytest.warns(DeprecationWarning, match="no longer listed upstream") as caught:
        removed = get_model("openai:o1-preview")
    assert caught[0].filename == __file__  # the warning points at the caller
    assert removed.status is Status.REMOVED
    assert removed.removed_on is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from llm_catalog.openai import O1_PREVIEW

        assert get_model("openai/o1-preview") is O1_PREVIEW is removed
    with pytest.raises(KeyError):
        get_model("openai:o1-previeww")
