"""What every nightly pull request looks like: a later feed applied to a copy of the
repository, then `generator check` and the whole test suite there.

    uv run --locked python -m tests.nightly_simulation [PYTEST ARGS...]

1. copies the repository as a clone would have it (the files git tracks, plus new
   ones not ignored) to a temporary directory, beside a link to the recorded
   upstream documents (the layout the tests expect: `../shared/upstream`);
2. writes the feed of `tests/later_feed.py` (the recorded 2026-07-02 feed with one
   change of each kind, dated 2026-07-09) and runs `generator update` with it, as the
   nightly job does (OpenRouter and LiteLLM reused from the newest snapshot);
3. stages the result in a fresh git repository in the copy, as the nightly pull
   request commits it (tests that read `git ls-files` see the new release's files);
4. runs `generator check`, then `pytest` (with PYTEST ARGS, default: everything) in
   the copy, in its own environment.

Exit status: the first failing step's. CI runs it as its own job and `.ci/run`
after the main suite. `--keep` leaves the copy in place and prints where it is, to
rerun single test files there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import later_feed
from tests.conftest import DOCUMENTS_VARIABLE, REPO, UPSTREAM

SKIPPED = (".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def _tracked_files(repo: Path) -> list[str] | None:
    """Files a clone would have (and new ones not ignored); None outside a git checkout."""
    try:
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in listed.decode().split("\0") if name]


def copy_checkout(dest: Path, repo: Path = REPO) -> Path:
    """Copy `repo` to `dest` as `git clone` would give it."""
    names = _tracked_files(repo)
    if names is None:
        shutil.copytree(repo, dest, ignore=shutil.ignore_patterns(*SKIPPED, "*.pyc"))
        return dest
    for name in names:
        source = repo / name
        if not source.is_file():  # deleted in the work tree, not yet committed
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return dest


def stage_as_committed(copy: Path) -> None:
    """Make `copy` a git work tree whose index holds every file not ignored: what
    the nightly pull request commits, for the tests that list tracked files."""
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-C", str(copy), *args], check=True, capture_output=True)


def _run(step: str, command: list[str], cwd: Path) -> int:
    print(f"== {step}: {' '.join(command)}", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    # The feed is at hand, as the nightly's artifact would be: the round trip
    # against upstream's text runs on the new release too.
    env[DOCUMENTS_VARIABLE] = str(cwd.parent / "documents")
    result = subprocess.run(command, cwd=cwd, env=env, check=False)
    if result.returncode != 0:
        print(f"== {step} failed (exit {result.returncode})", file=sys.stderr, flush=True)
    return result.returncode


def simulate(pytest_args: list[str], *, keep: bool) -> int:
    if not UPSTREAM.is_dir():
        print(f"recorded upstream documents missing: {UPSTREAM}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="nightly-simulation-"))
    try:
        copy = copy_checkout(work / "llm-catalog")
        (work / "shared").mkdir()
        (work / "shared" / "upstream").symlink_to(UPSTREAM.resolve(), target_is_directory=True)
        (work / "documents").mkdir()
        feed = later_feed.write(work / "documents" / "api.json")
        print(f"== later feed {feed}, dated {later_feed.DATE}:", flush=True)
        for change in later_feed.CHANGES:
            print(f"   {change}", flush=True)
        uv = ["uv", "run", "--locked"]
        steps = [
            (
                "update",
                [
                    *uv,
                    "python",
                    "-m",
                    "generator",
                    "update",
                    "--source",
                    str(feed),
                    "--source-url",
                    "https://models.dev/api.json",
                    "--date",
                    later_feed.DATE,
                ],
            ),
            ("check", [*uv, "python", "-m", "generator", "check"]),
            ("tests", [*uv, "pytest", *pytest_args]),
        ]
        for step, command in steps:
            status = _run(step, command, copy)
            if status != 0:
                return status
            if step == "update":
                stage_as_committed(copy)
        print(f"== the repository updated to {later_feed.DATE} passes", flush=True)
        return 0
    finally:
        if keep:
            print(f"== the copy is kept at {work / 'llm-catalog'}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    return simulate([a for a in argv if a != "--keep"], keep=keep)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
