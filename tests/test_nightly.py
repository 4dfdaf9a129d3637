"""The nightly job's run, end to end: every source pulled live over real HTTP (servers
on 127.0.0.1 serving the recorded documents), one of them failing.

A secondary source that fails keeps the previous release's stored entries; the
run's output, the manifest and the changelog (the pull request's body, what a
reviewer reads) say which source fell back and why; the documents that were
pulled are kept with their sha256 for the workflow's artifact.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import llm_catalog
from tests import later_feed
from tests.conftest import (
    DOCUMENTS_VARIABLE,
    FEED,
    FIXTURES,
    UPSTREAM,
    current_feed,
    empty_repo,
    require_upstream,
    run_generator,
)
from tests.upstream_server import serve

OPENROUTER = UPSTREAM / "openrouter-models-2026-07-01.json"
LITELLM = UPSTREAM / "litellm-model-prices-1.106.2.json"
PREVIOUS = llm_catalog.DATA_DATE
"""The release the nightly run follows: the package's, whatever its date."""
DATE = (date.fromisoformat(PREVIOUS) + timedelta(days=7)).isoformat()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_sources(root: Path, date: str) -> dict[str, dict[str, object]]:
    manifest = json.loads((root / "snapshots" / date / "manifest.json").read_text("utf-8"))
    return {s["name"]: s for s in manifest["sources"]}


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Next week's models.dev document: the recorded release plus a week of changes
    (`tests/later_feed.py`) while the package is the recorded release; after a
    nightly release, that release's own document with one price cut."""
    require_upstream()
    dest = tmp_path_factory.mktemp("feed") / "api.json"
    current = current_feed()
    if current is not None and current.resolve() == FEED.resolve():
        return later_feed.write(dest)
    if current is None:
        pytest.skip(
            f"the models.dev document of snapshots/{PREVIOUS} is not at hand: download the "
            f"nightly's upstream-documents artifact and set {DOCUMENTS_VARIABLE}"
        )
    document = json.loads(current.read_bytes())
    priced = next(
        model
        for provider in document.values()
        if isinstance(provider, dict)
        for model in provider.get("models", {}).values()
        if isinstance((model.get("cost") or {}).get("input"), int | float)
        and model["cost"]["input"] > 0
    )
    priced["cost"]["input"] = priced["cost"]["input"] / 2
    dest.write_text(json.dumps(document), "utf-8")
    return dest


def test_a_failing_secondary_keeps_the_previous_entries_and_the_pr_body_says_so(
    repo_copy: Path, later: Path, tmp_path: Path
) -> None:
    files = {"api.json": later, "openrouter.json": OPENROUTER, "litellm.json": LITELLM}
    kept = tmp_path / "documents"
    with serve(files) as (base, server):
        result = run_generator(
            repo_copy,
            "update",
            "--date",
            DATE,
            "--source",
            f"{base}/ok/api.json",
            "--openrouter",
            f"{base}/flaky/openrouter.json",  # two 503s, then the document
            "--litellm",
            f"{base}/down/litellm.json",  # 500 on every attempt
            "--keep-documents",
            str(kept),
        )
    assert result.returncode == 0, result.stderr
    assert server.hits["/down/litellm.json"] == 4  # every retry was made
    assert server.hits["/flaky/openrouter.json"] == 3

    # The run's output says which source fell back, why, and to what.
    previous_litellm = json.loads(
        (repo_copy / "snapshots" / PREVIOUS / "sources" / "litellm.json").read_text("utf-8")
    )
    count = len(previous_litellm["entries"])
    assert (
        f"warning: litellm: the pull failed ({base}/down/litellm.json: gave up after 4 "
        f"attempts: HTTP 500); kept the {count} entries of the release of {PREVIOUS}"
    ) in result.stderr
    assert "openrouter: the pull failed" not in result.stderr

    # The manifest: LiteLLM is the previous release's document, marked as kept;
    # OpenRouter and models.dev are tonight's.
    sources = manifest_sources(repo_copy, DATE)
    before = manifest_sources(repo_copy, PREVIOUS)
    assert sources["litellm"] == {
        **before["litellm"],
        "kept_from": PREVIOUS,
        "failure": f"{base}/down/litellm.json: gave up after 4 attempts: HTTP 500",
    }
    assert sources["openrouter"]["sha256"] == sha256(OPENROUTER.read_bytes())
    assert sources["openrouter"]["url"] == f"{base}/flaky/openrouter.json"
    assert "kept_from" not in sources["openrouter"]
    assert sources["models.dev"]["sha256"] == sha256(later.read_bytes())
    # ... and the release carries the previous release's LiteLLM entries.
    stored = json.loads(
        (repo_copy / "snapshots" / DATE / "sources" / "litellm.json").read_text("utf-8")
    )
    assert stored["entries"] == previous_litellm["entries"]

    # The pull request's body, as the workflow writes it.
    body = run_generator(repo_copy, "changelog", "--limit", "65000")
    assert body.returncode == 0, body.stderr
    section = body.stdout.split("### Sources that could not be pulled (1)\n\n", 1)[1]
    section = section.split("\n\n", 1)[0]  # up to the next section
    (first,) = section.splitlines()  # OpenRouter was pulled: only LiteLLM is listed
    assert first == (
        f"- `litellm`: `{base}/down/litellm.json: gave up after 4 attempts: HTTP 500`. "
        f"This release keeps its entries from the release of {PREVIOUS}."
    )
    # The committed changelog says the same.
    assert first in (repo_copy / "CHANGELOG.md").read_text("utf-8")

    # The documents pulled tonight are kept, with the manifest's digests.
    assert sorted(p.name for p in kept.iterdir()) == [
        "SHA256SUMS",
        "models.dev.json",
        "openrouter.json",
    ]
    assert (kept / "openrouter.json").read_bytes() == OPENROUTER.read_bytes()
    sums = {}
    for line in (kept / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    assert sums == {
        "models.dev.json": sources["models.dev"]["sha256"],
        "openrouter.json": sources["openrouter"]["sha256"],
    }
    assert sha256((kept / "models.dev.json").read_bytes()) == sums["models.dev.json"]


def _shrunk_openrouter(dest: Path) -> Path:
    document = json.loads(OPENROUTER.read_bytes())
    document["data"] = document["data"][: len(document["data"]) // 4]
    dest.write_text(json.dumps(document), "utf-8")
    return dest


def test_a_secondary_that_lost_most_entries_is_refused_per_source(
    repo_copy: Path, later: Path, tmp_path: Path
) -> None:
    """The shrink guard applies to each pulled source: OpenRouter losing three
    quarters of its models keeps the previous release's entries, models.dev is
    still used; `--force` accepts the shrunk document."""
    shrunk = _shrunk_openrouter(tmp_path / "openrouter.json")
    args = ("update", "--date", DATE, "--source", str(later), "--openrouter", str(shrunk))
    result = run_generator(repo_copy, *args)
    assert result.returncode == 0, result.stderr
    assert "warning: openrouter: the pull failed (shrink guard: openrouter lost " in (result.stderr)
    sources = manifest_sources(repo_copy, DATE)
    assert sources["openrouter"]["kept_from"] == PREVIOUS
    assert "more than the allowed 30%" in str(sources["openrouter"]["failure"])
    assert "kept_from" not in sources["litellm"]  # reused offline, as always

    forced = run_generator(repo_copy, *args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "openrouter: the pull failed" not in forced.stderr
    sources = manifest_sources(repo_copy, DATE)
    assert sources["openrouter"]["sha256"] == sha256(shrunk.read_bytes())
    assert "kept_from" not in sources["openrouter"]


def test_a_failing_secondary_with_no_stored_entries_is_left_out(tmp_path: Path) -> None:
    """The first release: nothing to fall back on, so the source is not used, and
    the run says so instead of failing."""
    root = empty_repo(tmp_path / "repo")
    with serve({"openrouter.json": OPENROUTER}) as (base, _):
        result = run_generator(
            root,
            "update",
            "--date",
            "2026-07-02",
            "--source",
            str(FIXTURES / "small-feed.json"),
            "--openrouter",
            f"{base}/missing/openrouter.json",  # 404: not retried
            "--min-models",
            "1",
            "--min-providers",
            "1",
        )
    assert result.returncode == 0, result.stderr
    assert (
        f"warning: openrouter: the pull failed ({base}/missing/openrouter.json: HTTP 404 "
        "'Not Found'); no earlier release stores its entries, so this release does not "
        "use openrouter"
    ) in result.stderr
    sources = manifest_sources(root, "2026-07-02")
    assert "openrouter" not in sources and "models.dev" in sources
    assert not (root / "snapshots" / "2026-07-02" / "sources" / "openrouter.json").exists()


def test_the_later_feed_holds_one_change_of_each_kind() -> None:
    """What `tests/nightly_simulation.py` applies: the recorded feed plus exactly the
    changes `tests/later_feed.py` lists, checked here on the raw JSON."""
    require_upstream()
    old, new = json.loads(FEED.read_bytes()), later_feed.build()
    keys = {(p, m) for p, v in old.items() for m in v["models"]}
    later = {(p, m) for p, v in new.items() for m in v["models"]}
    assert set(new) - set(old) == {later_feed.NEW_PROVIDER} and not set(old) - set(new)
    pid, renamed_from, renamed_to = later_feed.CASE_RENAME
    assert keys - later == {later_feed.REMOVED_MODEL, (pid, renamed_from)}
    assert later - keys == {
        later_feed.NEW_DATED_MODEL[:2],
        (pid, renamed_to),
        *((later_feed.NEW_PROVIDER, m) for m in new[later_feed.NEW_PROVIDER]["models"]),
    }
    assert renamed_from.lower() == renamed_to.lower() != renamed_from
    pid, mid, prices = later_feed.PRICE_CHANGE
    assert {k: new[pid]["models"][mid]["cost"][k] for k in prices} == prices
    assert prices != {k: old[pid]["models"][mid]["cost"][k] for k in prices}
    pid, mid = later_feed.NEW_TIER
    assert "tiers" not in old[pid]["models"][mid]["cost"]
    (tier,) = new[pid]["models"][mid]["cost"]["tiers"]
    assert tier["tier"] == {"type": "context", "size": 200_000}
    assert new[pid]["models"][mid]["limit"]["context"] > tier["tier"]["size"]
    # nothing else changed
    changed = {(p, m) for p, m in keys & later if old[p]["models"][m] != new[p]["models"][m]}
    assert changed == {later_feed.PRICE_CHANGE[:2], later_feed.NEW_TIER}
