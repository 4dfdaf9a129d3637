"""`update` shows each stage and its duration on stderr, and nothing with --quiet."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from generator.progress import Progress
from tests.conftest import FIXTURES, empty_repo, run_generator

STAGES = ["pull", "validate", "normalize", "merge", "history", "render", "format", "write"]
LINE = re.compile(r"^(\w+) +(\d+\.\d\d) s$")


def _update(root: Path, *extra: str) -> tuple[int, str, str]:
    result = run_generator(
        root,
        "update",
        "--source",
        str(FIXTURES / "small-feed.json"),
        "--date",
        "2026-01-02",
        "--min-models",
        "1",
        "--min-providers",
        "1",
        *extra,
    )
    return result.returncode, result.stdout, result.stderr


def test_update_prints_every_stage_with_its_duration(tmp_path: Path) -> None:
    code, out, err = _update(empty_repo(tmp_path / "repo", with_overrides=False))
    assert code == 0, err
    timed = [m.groups() for line in err.splitlines() if (m := LINE.match(line))]
    assert [name for name, _ in timed] == STAGES
    assert all(float(seconds) >= 0 for _, seconds in timed)
    # rendering and formatting a package take measurable time
    assert sum(float(s) for _, s in timed) > 0
    assert "snapshots/2026-01-02:" in out  # the summary stays on stdout


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_prints_no_progress(tmp_path: Path, flag: str) -> None:
    code, out, err = _update(empty_repo(tmp_path / "repo", with_overrides=False), flag)
    assert code == 0, err
    assert not any(LINE.match(line) for line in err.splitlines())
    assert out == ""


def test_a_failed_stage_is_not_reported_as_done() -> None:
    stream = io.StringIO()
    progress = Progress(quiet=False, stream=stream)
    with progress.stage("pull"):
        pass
    with pytest.raises(ValueError), progress.stage("validate"):
        raise ValueError("bad feed")
    assert [name for name, _ in progress.stages] == ["pull"]
    assert LINE.match(stream.getvalue().strip())
    assert progress.timed("merge", sorted, [3, 1, 2]) == [1, 2, 3]
    assert [name for name, _ in progress.stages] == ["pull", "merge"]
