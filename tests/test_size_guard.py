"""The size guard: an empty or near-empty feed is never published, `--force` or not.

The shrink guard compares a feed with the release before it, and `--force` accepts a
large shrink after checking; the size guard is absolute, so a forced run on the night
the CDN answers `{}` still publishes nothing. Providers that lose every model are
named, both in the shrink guard's refusal and in the run's report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import history
from tests.conftest import FEED, empty_repo, require_upstream, run_generator, tree_digest

DATE = "2026-07-03"


def _feed() -> dict[str, Any]:
    require_upstream()
    data: dict[str, Any] = json.loads(FEED.read_text("utf-8"))
    return data


def _write(tmp_path: Path, name: str, document: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


def _update(root: Path, source: Path, *extra: str) -> tuple[int, str]:
    result = run_generator(
        root,
        "update",
        "--source",
        str(source),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        DATE,
        *extra,
    )
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


def _one_model_feed() -> dict[str, Any]:
    openai = _feed()["openai"]
    return {"openai": {**openai, "models": {"gpt-4o": openai["models"]["gpt-4o"]}}}


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("empty", "is empty: 0 models from 0 providers"),
        ("one-model", "is too small: 1 model from 1 provider"),
    ],
)
def test_an_empty_or_one_model_feed_is_refused_even_with_force(
    repo_copy: Path, tmp_path: Path, name: str, said: str, force: bool
) -> None:
    document = {} if name == "empty" else _one_model_feed()
    source = _write(tmp_path, f"{name}.json", document)
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    changelog = (repo_copy / "CHANGELOG.md").read_bytes()
    code, err = _update(repo_copy, source, *(["--force"] if force else []))
    assert code == 2, err
    assert f"size guard: the feed for {DATE} {said}" in err
    assert f"minimum of {history.DEFAULT_MIN_MODELS} models" in err
    assert "--force does not override this" in err
    assert "nothing was changed" in err
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before
    assert (repo_copy / "CHANGELOG.md").read_bytes() == changelog


def test_an_empty_feed_is_refused_as_a_first_release_whatever_the_minimum(
    tmp_path: Path,
) -> None:
    root = empty_repo(tmp_path / "repo", with_overrides=False)
    source = _write(tmp_path, "empty.json", {})
    code, err = _update(root, source, "--force", "--min-models", "1", "--min-providers", "1")
    assert code == 2
    assert "is empty: 0 models from 0 providers" in err
    assert list((root / "snapshots").iterdir()) == []


def test_the_minimum_cannot_be_zero(tmp_path: Path) -> None:
    root = empty_repo(tmp_path / "repo", with_overrides=False)
    code, err = _update(root, _write(tmp_path, "empty.json", {}), "--min-models", "0")
    assert code == 2
    assert "an empty release is never published" in err


def test_a_small_private_feed_passes_with_a_lowered_minimum(tmp_path: Path) -> None:
    root = empty_repo(tmp_path / "repo", with_overrides=False)
    source = _write(tmp_path, "one.json", _one_model_feed())
    code, err = _update(root, source, "--primary-only", "--min-models", "1")
    assert code == 2 and "1 model from 1 provider" in err  # still 20 providers needed
    code, err = _update(root, source, "--primary-only", "--min-models", "1", "--min-providers", "1")
    assert code == 0, err
    manifest = json.loads((root / "snapshots" / DATE / "manifest.json").read_text("utf-8"))
    assert (manifest["providers"], manifest["models"]) == (1, 1)


def test_the_shrink_guard_names_providers_left_with_no_model(
    repo_copy: Path, tmp_path: Path
) -> None:
    feed = _feed()
    gone = sorted(feed)[: len(feed) // 2]  # half the providers: over the 30% guard
    emptied = gone[0]
    for pid in gone[1:]:
        del feed[pid]
    feed[emptied] = {**feed[emptied], "models": {}}
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    code, err = _update(repo_copy, _write(tmp_path, "shrunk.json", feed))
    assert code == 2
    assert "shrink guard" in err
    assert f"providers left with no model: {gone[0]}, {gone[1]}, " in err
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before


def test_a_provider_losing_all_its_models_is_named_in_the_output(
    repo_copy: Path, tmp_path: Path
) -> None:
    """Named in the run's output (the nightly log), not in report.json: a snapshot's
    report says what its feed held, whatever releases were stored before it."""
    feed = _feed()
    count = len(feed["deepseek"]["models"])
    assert count > 0
    feed["deepseek"] = {**feed["deepseek"], "models": {}}
    code, err = _update(repo_copy, _write(tmp_path, "emptied.json", feed))
    assert code == 0, err
    said = f"lost all its {count} models since 2026-07-02"
    assert f"warning: provider deepseek, field models: {said}" in err.splitlines()
