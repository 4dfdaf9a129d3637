"""The repository as a user clones it: no large tracked file outside the data."""

from __future__ import annotations

import subprocess

from tests.conftest import REPO

# Generated data may be large (a snapshot's catalog.json is a few MB); anything else
# over this size is a binary or a stray artifact that every clone pays for.
LIMIT_BYTES = 1_000_000
DATA_DIRS = ("snapshots/", "llm_catalog/")


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True
    ).stdout.decode("utf-8")
    return [name for name in listing.split("\0") if name]


def test_no_large_tracked_file_outside_the_data() -> None:
    files = tracked_files()
    assert "pyproject.toml" in files
    large = {
        name: size
        for name in files
        if not name.startswith(DATA_DIRS)
        and (REPO / name).is_file()
        and (size := (REPO / name).stat().st_size) > LIMIT_BYTES
    }
    assert large == {}, f"tracked files over {LIMIT_BYTES} bytes outside {DATA_DIRS}: {large}"


def test_no_tracked_wheel_or_archive() -> None:
    binaries = [
        name
        for name in tracked_files()
        if name.endswith((".whl", ".tar.gz", ".zip", ".exe", ".so"))
    ]
    assert binaries == []
