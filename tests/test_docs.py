"""The manual (`docs/`, `mkdocs.yml`) and the README's front page.

The site builds with warnings as errors, its API reference covers exactly the public
API, and every example of the manual and the README runs and shows what it prints
(`tests/docs_examples.py`), against the package as of the recorded release: after a
nightly release, against a copy rendered from the recorded one, so new data does not
break the examples while a change of code that changes an answer does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import llm_catalog
from tests.conftest import RECORDED, REPO, recorded_repo

DOCS = REPO / "docs"
PAGES = sorted(DOCS.glob("*.md"))
TOPICS = (
    "querying",
    "pricing",
    "sources",
    "history",
    "catalogs",
    "discovery-export",
    "generator",
    "security",
    "performance",
)
"""One page per topic of the manual, besides `index` and `api`."""


def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    assert time.monotonic() - started < 120  # about 8 s here; the budget is 30 s on CI
    for topic in (*TOPICS, "api"):
        assert (tmp_path / topic / "index.html").is_file(), topic
    api = (tmp_path / "api" / "index.html").read_text("utf-8")
    # rendered from the docstrings, not just named
    assert "What a call costs, in Decimal USD, part by part." in api
    assert 'id="llm_catalog.find"' in api


def test_the_api_reference_documents_the_public_api() -> None:
    listed = re.findall(r"(?m)^::: llm_catalog\.(\w+)$", (DOCS / "api.md").read_text("utf-8"))
    assert sorted(listed) == sorted(llm_catalog.__all__)
    assert len(listed) == len(set(listed))


def test_every_page_is_in_the_navigation() -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    navigated = re.findall(r"(?m)^  - [^:]+: (\S+\.md)$", config)
    assert sorted(navigated) == sorted(p.name for p in PAGES)
    assert {f"{t}.md" for t in TOPICS} | {"index.md", "api.md"} == set(navigated)


def _package_root(tmp_path: Path) -> Path:
    """This repository when its package is the recorded release, else a copy of it
    rendered from that release (after a nightly update, as in the simulation)."""
    if llm_catalog.DATA_DATE == RECORDED:
        return REPO
    return recorded_repo(tmp_path / "recorded")


def test_every_example_runs_and_shows_what_it_prints(tmp_path: Path) -> None:
    root = _package_root(tmp_path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys([str(root), str(REPO)])))
    ran = subprocess.run(
        [
            sys.executable,
            str(REPO / "tests" / "docs_examples.py"),
            "--root",
            str(root),
            str(REPO / "README.md"),
            *map(str, PAGES),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    summary: dict[str, dict[str, int]] = json.loads(ran.stdout.strip().splitlines()[-1])
    # the pages with examples have them run, and most are checked doctests
    for page in ("README.md", "querying.md", "pricing.md", "sources.md", "history.md"):
        assert summary[page].get("doctest", 0) >= 1, page
    assert summary["catalogs.md"]["doctest"] >= 1
    assert summary["querying.md"]["console"] >= 1
    assert summary["discovery-export.md"]["sql"] >= 1
    checked = sum(
        n for counts in summary.values() for kind, n in counts.items() if kind != "not run"
    )
    skipped = sum(counts.get("not run", 0) for counts in summary.values())
    assert checked > skipped, summary  # each skipped block says why (`# not run: ...`)
    assert not any("unknown" in counts for counts in summary.values())


def test_the_runner_fails_on_a_wrong_output_and_an_unmarked_command(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\n>>> 1 + 1\n3\n```\n\n"
        "```sh\nuv run python -m generator render\n```\n\n"
        "```sh\n# not run: writes the package\nuv run python -m generator render\n```\n",
        "utf-8",
    )
    ran = subprocess.run(
        [sys.executable, str(REPO / "tests" / "docs_examples.py"), str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 1
    assert "page.md:1: doctest failed" in ran.stdout
    assert "page.md:6: cannot run 'uv run python -m generator render'" in ran.stdout
    assert json.loads(ran.stdout.strip().splitlines()[-1]) == {
        "page.md": {"doctest": 1, "sh": 1, "not run": 1}
    }


def _blocks(text: str) -> list[tuple[str, str]]:
    return re.findall(r"(?ms)^```(\w*)\n(.*?)^```$", text)


def test_the_readme_is_a_front_door() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme) < 8_000, len(readme)
    lang, commands = _blocks(readme)[0]
    setup, test = commands.strip().split("\n")
    # one sets up and renders the committed snapshot offline, one runs the tests
    assert lang == "sh"
    assert setup == (
        "uv sync --locked && uv run python -m generator render && uv run python -m generator check"
    )
    assert test == "uv run --locked pytest"
    # what CI runs on a fresh machine is the README's test command
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert re.search(rf"(?m)^# README: run the tests\n{re.escape(test)}$", ci)
    assert "## A 30-second tour" in readme
    for topic in (*TOPICS, "index", "api"):
        assert f"](docs/{topic}.md)" in readme, topic
