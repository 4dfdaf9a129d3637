"""The distributions the release publishes: they pass the publish action's own check.

`pypa/gh-action-pypi-publish` runs `twine check` with the twine it bundles before it
uploads; a build backend writing newer metadata than that twine reads fails the
release after the tag is pushed. This builds the sdist and the wheel the way the
release job does (`uv build`) and runs the same twine (pinned in the dev group) on
them, so the mismatch fails CI instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO

# The twine each pinned release of the publish action bundles (its
# requirements/runtime.txt). v1.12.4 upgraded to twine 6.1.0:
# https://github.com/pypa/gh-action-pypi-publish/pull/327 ; twine 6.1.0 rejects
# Metadata-Version 2.5 ("'2.5' is not a valid metadata version", reproduced here with
# hatchling 1.32.0; reported in https://github.com/alex-feel/claude-code-toolbox/pull/437).
# Moving the action means adding its SHA here with the twine it bundles, and pinning
# that twine in pyproject.
TWINE_OF_PUBLISH_ACTION = {
    "76f52bc884231f62b9a034ebfe128415bbaabdfc": "6.1.0",  # v1.12.4
}
PUBLISH = re.compile(r"uses:\s*pypa/gh-action-pypi-publish@([0-9a-f]{40})")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the distributions (see README)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([uv, "build", "--out-dir", str(out), str(REPO)], check=True, capture_output=True)
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def sdist_of(dist: Path) -> Path:
    (sdist,) = dist.glob("*.tar.gz")
    return sdist


def test_dev_twine_is_the_one_the_pinned_publish_action_runs() -> None:
    text = (REPO / ".github" / "workflows" / "release.yml").read_text("utf-8")
    (sha,) = PUBLISH.findall(text)
    assert sha in TWINE_OF_PUBLISH_ACTION, f"publish action {sha}: which twine does it bundle?"
    assert version("twine") == TWINE_OF_PUBLISH_ACTION[sha]
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert f"twine=={TWINE_OF_PUBLISH_ACTION[sha]}" in pyproject["dependency-groups"]["dev"]


def test_twine_check_passes_on_the_sdist_and_the_wheel(dist: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "check",
            "--strict",
            str(wheel_of(dist)),
            str(sdist_of(dist)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_license_is_inside_the_wheel_and_the_sdist(dist: Path) -> None:
    license_text = (REPO / "LICENSE").read_text("utf-8")
    assert license_text.startswith("MIT License")
    with zipfile.ZipFile(wheel_of(dist)) as zf:
        (inside,) = (n for n in zf.namelist() if n.endswith(".dist-info/licenses/LICENSE"))
        assert zf.read(inside).decode("utf-8") == license_text
    with tarfile.open(sdist_of(dist)) as tf:
        (member,) = (m for m in tf.getmembers() if m.name.endswith("/LICENSE"))
        extracted = tf.extractfile(member)
        assert extracted is not None
        assert extracted.read().decode("utf-8") == license_text


def test_wheel_metadata_names_license_authors_urls_and_keywords(dist: Path) -> None:
    with zipfile.ZipFile(wheel_of(dist)) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = HeaderParser().parsestr(zf.read(name).decode("utf-8"))
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Author"] == "llm-catalog contributors"
    assert sorted(meta["Keywords"].split(",")) == sorted(pyproject["keywords"])
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert urls == pyproject["urls"]
    assert all(url.startswith("https://") for url in urls.values())
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639
