"""One bad entry never blocks the night: broken entries are quarantined and named.

The real 2026-07-02 feed, with the kinds of breakage upstream ships (an empty model
id, a `null` name or modality list, a date given as a number, `interleaved` as a
string, a long-context tier of a new shape, a top-level `$schema`, a provider whose
one model has context `"lots"`, ids of 250 and 300 characters), applied to a copy of
the repository as the next day's release: the good entries ship, every bad one is
named with provider, model and field, kept at its 2026-07-02 values when that
release had it, and counted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import naming, quarantine, upstream
from tests.conftest import (
    FEED,
    copy_repo,
    recorded_repo,
    require_upstream,
    run_generator,
    tree_digest,
)

DATE = "2026-07-03"
LONG_BAD = "x" * 300
LONG_OK = "y" * 250
ANTHROPIC_INTERLEAVED = "claude-3-5-sonnet-20240620"
ANTHROPIC_TIER = "claude-3-5-sonnet-20241022"


def _feed() -> dict[str, Any]:
    require_upstream()
    data: dict[str, Any] = json.loads(FEED.read_text("utf-8"))
    return data


def _broken_feed() -> dict[str, Any]:
    feed = _feed()
    feed["$schema"] = "https://models.dev/schema.json"
    openai = feed["openai"]["models"]
    openai["gpt-4o"]["name"] = None
    openai["gpt-4o-mini"]["modalities"]["input"] = None
    openai["gpt-4.1"]["release_date"] = 20250414
    anthropic = feed["anthropic"]["models"]
    anthropic[ANTHROPIC_INTERLEAVED]["interleaved"] = "yes"
    anthropic[ANTHROPIC_TIER]["cost"]["tiers"] = [
        {"input": 6, "output": 22.5, "tier": {"type": "context", "above": 200_000}}
    ]
    feed["deepseek"]["models"][""] = {"id": "", "name": "Nameless"}
    feed["lotsai"] = {
        "id": "lotsai",
        "name": "Lots AI",
        "env": [],
        "models": {"big-1": {"id": "big-1", "name": "Big 1", "limit": {"context": "lots"}}},
    }
    for pid in (LONG_BAD, LONG_OK):
        feed[pid] = {
            "id": pid,
            "name": "Long",
            "env": [],
            "models": {"m": {"id": "m", "name": "M"}},
        }
    return feed


# (provider, model, field) of every finding the broken feed must name
NAMED = [
    ("openai", "gpt-4o", "name"),
    ("openai", "gpt-4o-mini", "modalities.input"),
    ("openai", "gpt-4.1", "release_date"),
    ("anthropic", ANTHROPIC_INTERLEAVED, "interleaved.bool"),
    ("anthropic", ANTHROPIC_TIER, "cost.tiers.0.tier.size"),
    ("deepseek", "", "models"),
    ("lotsai", "big-1", "limit.context"),
    (LONG_BAD, "", "id"),
]
KEPT = [
    ("openai", "gpt-4o"),
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4.1"),
    ("anthropic", ANTHROPIC_INTERLEAVED),
    ("anthropic", ANTHROPIC_TIER),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("quarantine")
    root = recorded_repo(base / "repo")  # the broken feed is dated the day after
    source = base / "broken.json"
    source.write_text(json.dumps(_broken_feed()), "utf-8")
    result = run_generator(
        root,
        "update",
        "--source",
        str(source),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        DATE,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root, result.stderr


def _catalog(root: Path, date: str) -> dict[str, Any]:
    from generator import history

    return history.load(root / "snapshots").at(date).dump_providers()


def test_every_bad_entry_is_named_on_stderr_and_in_the_report(run: tuple[Path, str]) -> None:
    root, err = run
    report = json.loads((root / "snapshots" / DATE / "report.json").read_text("utf-8"))
    for pid, mid, field in NAMED:
        where = f"provider {pid if len(pid) < 100 else pid[:119] + '…'}"
        where += f", model {mid}" if mid else ""
        assert any(
            line.startswith(f"warning: {where}, field {field}: quarantined")
            for line in err.splitlines()
        ), (pid, mid, field)
        assert any(
            (f["provider"], f["model"], f["field"]) == (pid, mid, field)
            and f["message"].startswith("quarantined")
            for f in report
        ), (pid, mid, field)


def test_the_top_level_schema_key_is_skipped_with_a_warning(run: tuple[Path, str]) -> None:
    root, err = run
    assert "warning: provider $schema: top-level str is not a provider object; skipped" in err
    assert "$schema" not in _catalog(root, DATE)


def test_entries_of_the_previous_release_are_kept_at_their_last_good_values(
    run: tuple[Path, str],
) -> None:
    root, _ = run
    before, after = _catalog(root, "2026-07-02"), _catalog(root, DATE)
    for pid, mid in KEPT:
        assert after[pid]["models"][mid] == before[pid]["models"][mid], (pid, mid)
    marks = json.loads((root / "snapshots" / DATE / quarantine.FILE).read_text("utf-8"))
    kept = {
        (f["provider"], f["model"]) for f in marks["findings"] if f["kept_from"] == "2026-07-02"
    }
    assert kept == set(KEPT)


def test_new_bad_entries_are_left_out_and_the_good_ones_ship(run: tuple[Path, str]) -> None:
    root, _ = run
    feed, after = _feed(), _catalog(root, DATE)
    assert "" not in after["deepseek"]["models"]
    assert "lotsai" not in after  # its one model was quarantined: no empty module
    assert LONG_BAD not in after
    # everything valid in the feed is in the release
    for pid, provider in feed.items():
        assert set(provider["models"]) <= set(after[pid]["models"]), pid
    assert set(after[LONG_OK]["models"]) == {"m"}


def test_the_quarantine_is_counted(run: tuple[Path, str]) -> None:
    root, err = run
    marks = json.loads((root / "snapshots" / DATE / quarantine.FILE).read_text("utf-8"))
    total = sum(len(p["models"]) for p in _feed().values()) + 4  # '', big-1, two long ids
    assert (marks["entries"], marks["quarantined"], marks["kept"], marks["left_out"]) == (
        total,
        8,
        5,
        3,
    )
    assert (
        f"quarantined 8 of {total} model entries (0.2%, allowed 5%): 5 kept at their "
        "values of 2026-07-02, 3 left out" in err
    )


def test_a_long_provider_id_gets_a_short_stable_module_name(run: tuple[Path, str]) -> None:
    root, _ = run
    module = naming.module_base(LONG_OK)
    assert len(module) == naming.MAX_NAME
    assert module.startswith("y" * 50) and module == naming.module_base(LONG_OK)
    assert (root / "llm_catalog" / f"{module}.py").exists()
    check = run_generator(root, "check")
    assert check.returncode == 0, check.stderr


def test_too_many_bad_entries_refuse_the_feed_and_change_nothing(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    feed = _feed()
    keys = sorted((pid, mid) for pid, p in feed.items() for mid in p["models"])
    broken = keys[::16]  # one in 16: 6%, over the 5% allowed
    for pid, mid in broken:
        feed[pid]["models"][mid]["limit"]["context"] = "lots"
    source = tmp_path / "broken.json"
    source.write_text(json.dumps(feed), "utf-8")
    before = tree_digest(root / "llm_catalog", root / "snapshots")
    result = run_generator(root, "update", "--source", str(source), "--date", DATE)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "nothing was changed"
    first = broken[0]
    errors = [line for line in lines if line.startswith("error:")]
    assert errors[0].startswith(
        f"error: provider {first[0]}, model {first[1]}, field limit.context:"
    )
    assert len(errors) == 51  # the first 50 named, then the verdict
    assert f"... and {len(broken) - 50} more" in result.stderr
    summary = lines[-2]
    assert summary.startswith(f"error: quarantine: {len(broken)} of {len(keys)} model entries")
    assert "more than the allowed 5% (--max-quarantine)" in summary
    assert tree_digest(root / "llm_catalog", root / "snapshots") == before
    # a higher share, chosen by the operator, accepts it
    allowed = run_generator(
        root, "update", "--source", str(source), "--date", DATE, "--max-quarantine", "0.1", "-q"
    )
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"id": "m", "name": None}, "name"),
        ({"id": "m", "name": "M", "modalities": {"input": None}}, "modalities.input"),
        ({"id": "m", "name": "M", "release_date": 2024}, "release_date"),
        ({"id": "m", "name": "M", "interleaved": "true"}, "interleaved.bool"),
        ({"id": "m", "name": "M", "limit": {"context": "lots"}}, "limit.context"),
        (
            {"id": "m", "name": "M", "cost": {"tiers": [{"input": 1, "tier": {"kind": "ctx"}}]}},
            "cost.tiers.0.tier.type",
        ),
    ],
)
def test_screening_quarantines_one_entry_and_keeps_its_neighbour(
    entry: dict[str, Any], field: str
) -> None:
    document = {
        "acme": {
            "id": "acme",
            "name": "Acme",
            "models": {"m": entry, "ok": {"id": "ok", "name": "OK"}},
        },
        "$schema": "x",
    }
    screened = upstream.screen_feed(document)
    assert set(screened.feed["acme"][1]) == {"ok"}
    (bad,) = screened.quarantined
    assert (bad.provider, bad.model, bad.whole_provider, bad.count) == ("acme", "m", False, 1)
    assert field in {f.field for f in bad.findings}
    assert screened.entries == 2
    assert [f.provider for f in screened.skipped] == ["$schema"]


def test_the_pull_request_body_lists_the_quarantine_first(run: tuple[Path, str]) -> None:
    """`generator changelog --limit 65000` is the nightly PR body: the quarantined
    entries come right after the summary, each named, so a reviewer sees them and
    cutting the body to GitHub's limit keeps them."""
    root, _ = run
    result = run_generator(root, "changelog", "--limit", "65000")
    assert result.returncode == 0, result.stderr
    body = result.stdout
    blocks = body.split("\n\n")
    assert blocks[0] == "## 2026.7.3 (2026-07-03)"
    assert blocks[2] == "### Quarantined entries (8)"
    assert "`openai` model `gpt-4o` field `name`: " in body
    assert "(kept at 2026-07-02)" in body and "(left out)" in body
    for pid, mid, field in NAMED:
        line = f"- `{pid}`" + (f" model `{mid}`" if mid else "") + f" field `{field}`: "
        assert line in body, line
    plain = run_generator(root, "changelog", "2026-03-01", "2026-07-02")
    assert "Quarantined" not in plain.stdout  # only a release that quarantined


def test_an_unchanged_feed_with_a_kept_entry_says_so_and_writes_nothing(tmp_path: Path) -> None:
    repo_copy = recorded_repo(tmp_path / "repo")
    feed = _feed()
    feed["openai"]["models"]["gpt-4o"]["name"] = None
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), "utf-8")
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    result = run_generator(
        repo_copy,
        "update",
        "--source",
        str(source),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        DATE,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no change since 2026-07-02 (2026.7.2); nothing written\n"
    assert (
        "warning: provider openai, model gpt-4o, field name: quarantined (kept at its values "
        "of 2026-07-02)"
    ) in result.stderr
    assert "quarantined 1 of" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before


@pytest.mark.parametrize("share", ["-0.1", "1.5", "lots"])
def test_the_quarantine_share_is_a_share(tmp_path: Path, share: str) -> None:
    result = run_generator(
        tmp_path, "update", "--source", str(FEED), "--max-quarantine", share, "--date", DATE
    )
    assert result.returncode == 2
    assert "--max-quarantine" in result.stderr and "Traceback" not in result.stderr
