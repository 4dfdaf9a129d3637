"""Shared fixtures: paths to the recorded upstream data and throwaway repository copies."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
UPSTREAM = REPO.parent / "shared" / "upstream"
FEED = UPSTREAM / "models-dev-2026-07-02.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def tree_digest(*roots: Path) -> dict[str, str]:
    """sha256 of every file under `roots` (caches ignored), to prove nothing changed."""
    digests: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digests[path.relative_to(root.parent).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return digests


def copy_repo(dest: Path, *, with_snapshots: bool = True, with_overrides: bool = True) -> Path:
    """A minimal copy of the repository that the generator can work in."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "pyproject.toml", dest / "pyproject.toml")
    if with_snapshots and (REPO / "CHANGELOG.md").exists():
        shutil.copy2(REPO / "CHANGELOG.md", dest / "CHANGELOG.md")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "llm_catalog", dest / "llm_catalog", ignore=ignore)
    if with_snapshots:
        shutil.copytree(REPO / "snapshots", dest / "snapshots", ignore=ignore)
    else:
        (dest / "snapshots").mkdir()
    if with_overrides:
        shutil.copytree(REPO / "overrides", dest / "overrides", ignore=ignore)
    return dest


def run_generator(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def require_upstream() -> None:
    if not FEED.exists():
        pytest.fail(f"recorded upstream data missing: {FEED}")
