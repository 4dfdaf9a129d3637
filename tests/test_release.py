"""Release mechanics: CalVer with `.N`, the shrink guard, manifests, and the version."""

from __future__ import annotations

import json
from pathlib import Path

import llm_catalog
from tests.conftest import FIXTURES, REPO, copy_repo, remove_generated, run_generator, tree_digest

SMALL = FIXTURES / "small-feed.json"


def _fresh(path: Path) -> Path:
    root = copy_repo(path, with_snapshots=False)
    remove_generated(root / "llm_catalog")
    return root


def _update(root: Path, source: Path, date: str, *extra: str) -> tuple[int, str]:
    result = run_generator(
        root,
        "update",
        "--source",
        str(source),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        date,
        "-q",
        "--min-models",
        "1",
        "--min-providers",
        "1",
        *extra,
    )
    return result.returncode, result.stderr


def _variant(tmp_path: Path, name: str, change: dict[str, object]) -> Path:
    """The small fixture feed with some providers replaced or (value None) dropped."""
    data = json.loads(SMALL.read_text("utf-8"))
    for pid, value in change.items():
        if value is None:
            del data[pid]
        else:
            data[pid] = value
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def _manifest(root: Path, date: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (root / "snapshots" / date / "manifest.json").read_text("utf-8")
    )
    return data


def test_second_release_of_a_date_gets_a_release_number(tmp_path: Path) -> None:
    root = _fresh(tmp_path / "repo")
    assert _update(root, SMALL, "2026-01-02")[0] == 0
    assert _manifest(root, "2026-01-02")["version"] == "2026.1.2"
    # the same data again: the same release, the same bytes
    before = tree_digest(root / "llm_catalog", root / "snapshots")
    assert _update(root, SMALL, "2026-01-02")[0] == 0
    assert tree_digest(root / "llm_catalog", root / "snapshots") == before
    # changed data on the same date: 2026.1.2.1, then 2026.1.2.2
    raw = json.loads(SMALL.read_text("utf-8"))
    acme = raw["acme"]
    acme["models"]["chat-1"]["cost"] = {"input": 1, "output": 2}
    changed = _variant(tmp_path, "changed.json", {"acme": acme})
    assert _update(root, changed, "2026-01-02")[0] == 0
    assert _manifest(root, "2026-01-02")["version"] == "2026.1.2.1"
    acme["models"]["chat-1"]["cost"] = {"input": 1, "output": 3}
    again = _variant(tmp_path, "again.json", {"acme": acme})
    assert _update(root, again, "2026-01-02")[0] == 0
    assert _manifest(root, "2026-01-02")["version"] == "2026.1.2.2"
    version = (root / "llm_catalog" / "_data" / "version.py").read_text("utf-8")
    assert '__version__ = "2026.1.2.2"' in version


def test_shrink_guard_refuses_a_feed_that_lost_too_much(tmp_path: Path) -> None:
    root = _fresh(tmp_path / "repo")
    assert _update(root, SMALL, "2026-01-02")[0] == 0
    before = tree_digest(root / "llm_catalog", root / "snapshots")
    # 5 of 7 providers and 5 of 6 models gone
    shrunk = _variant(
        tmp_path,
        "shrunk.json",
        {"acme": None, "class": None, "get_model": None, "json": None, "wafer.ai": None},
    )
    code, stderr = _update(root, shrunk, "2026-01-03")
    assert code == 2
    assert "shrink guard" in stderr and "lost 5 of 6 (83%) models" in stderr
    assert "--force" in stderr
    assert tree_digest(root / "llm_catalog", root / "snapshots") == before
    # the share is configurable, and --force accepts the feed
    assert _update(root, shrunk, "2026-01-03", "--max-loss", "0.9")[0] == 0
    assert _manifest(root, "2026-01-03")["models"] == 1
    root2 = _fresh(tmp_path / "repo2")
    assert _update(root2, SMALL, "2026-01-02")[0] == 0
    assert _update(root2, shrunk, "2026-01-03", "--force")[0] == 0
    # the lost models stay importable as tombstones
    tombstones = (root2 / "llm_catalog" / "_data" / "tombstones.py").read_text("utf-8")
    assert "Status.REMOVED" in tombstones and '"acme:chat-1"' in tombstones
    assert (root2 / "llm_catalog" / "acme.py").exists()


def test_each_release_has_a_manifest() -> None:
    for directory in sorted((REPO / "snapshots").glob("20*")):
        manifest = json.loads((directory / "manifest.json").read_text("utf-8"))
        year, month, day = (int(p) for p in directory.name.split("-"))
        assert manifest["version"] == f"{year}.{month}.{day}"
        assert manifest["date"] == directory.name
        assert manifest["models"] > 0 and manifest["providers"] > 0
        assert all(len(s["sha256"]) == 64 and s["url"] for s in manifest["sources"])


def test_the_package_version_is_the_newest_release() -> None:
    newest = sorted((REPO / "snapshots").glob("20*"))[-1]
    manifest = json.loads((newest / "manifest.json").read_text("utf-8"))
    assert llm_catalog.__version__ == manifest["version"]
    assert newest.name == llm_catalog.DATA_DATE
    assert manifest["sources"][0]["sha256"] == llm_catalog.SOURCE_SHA256
    assert (newest / "catalog.json").exists()


def test_an_unchanged_feed_makes_no_release(tmp_path: Path) -> None:
    root = _fresh(tmp_path / "repo")
    assert _update(root, SMALL, "2026-01-02")[0] == 0
    before = tree_digest(root / "llm_catalog", root / "snapshots")
    assert _update(root, SMALL, "2026-01-03")[0] == 0
    assert tree_digest(root / "llm_catalog", root / "snapshots") == before
    assert not (root / "snapshots" / "2026-01-03").exists()
