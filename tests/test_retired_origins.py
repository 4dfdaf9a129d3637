"""Retired models a maker's feed no longer lists, declared in its override file
(`[[retired]]`), are origins for host linking: their copies at other hosts are
retired with them.

Facts of the recorded release (2026-07-02) are read from its snapshot and from the
committed `overrides/xai.toml` (itself read with `tomllib` alone), never typed in
as answers; the package is checked against the snapshot it was rendered from.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from generator import hosts, schema
from generator.sources import Entry, overrides
from llm_catalog import Status, find
from tests.conftest import (
    FEED,
    RECORDED,
    REPO,
    current_snapshot,
    recorded_release,
    run_generator,
    tree_digest,
)

SNAPSHOT = REPO / "snapshots" / RECORDED
XAI_PAGE = "https://docs.x.ai/developers/migration/may-15-retirement"

COPIES = {
    # copy -> the origin xAI's page names, and the rule that links it
    "302ai:grok-4-1-fast-non-reasoning": ("xai:grok-4-1-fast-non-reasoning", "bare id"),
    "poe:xai/grok-4-fast-reasoning": ("xai:grok-4-fast-reasoning", "author/id"),
    "helicone:grok-4-1-fast-reasoning": ("xai:grok-4-1-fast-reasoning", "bare id"),
    "qiniu-ai:x-ai/grok-4.1-fast-reasoning": ("xai:grok-4-1-fast-reasoning", "author/id"),
    "jiekou:grok-4-fast-reasoning": ("xai:grok-4-fast-reasoning", "bare id"),
    "zenmux:x-ai/grok-4.1-fast-non-reasoning": ("xai:grok-4-1-fast-non-reasoning", "author/id"),
    "vercel:xai/grok-4.1-fast-reasoning": ("xai:grok-4-1-fast-reasoning", "author/id"),
    "perplexity-agent:xai/grok-4-1-fast-non-reasoning": (
        "xai:grok-4-1-fast-non-reasoning",
        "author/id",
    ),
    "llmgateway:grok-4-1-fast-reasoning": ("xai:grok-4-1-fast-reasoning", "bare id"),
}


@cache
def _recorded(name: str) -> Any:
    """A file of the recorded release; its `catalog.json` read through the history,
    since a later release stores that one as a delta."""
    if name == "catalog.json":
        return recorded_release().dump_providers()
    return json.loads((SNAPSHOT / name).read_text("utf-8"))


@cache
def _recorded_feed() -> dict[str, Any]:
    """The models.dev feed the recorded release was made from: the makers' own lists."""
    feed: dict[str, Any] = json.loads(FEED.read_text("utf-8"))
    return feed


@cache
def _xai_declared() -> dict[str, dict[str, Any]]:
    """`xai:id` -> the committed `[[retired]]` table of overrides/xai.toml."""
    document = tomllib.loads((REPO / "overrides" / "xai.toml").read_text("utf-8"))
    return {f"xai:{t['id']}": t for t in document["retired"]}


# -- the recorded release --------------------------------------------------------------


def test_xai_declares_the_eight_models_of_its_page() -> None:
    declared = _xai_declared()
    assert len(declared) == 8
    catalog = _recorded("catalog.json")
    for key, table in declared.items():
        assert table["source"] == XAI_PAGE
        assert table["deprecation_date"] == date(2026, 5, 15)
        # Not a model of the xai provider in the recorded feed: that is why it is declared.
        assert key.partition(":")[2] not in _recorded_feed()["xai"]["models"]
        pid, _, mid = table["replacement"].partition(":")
        assert mid in catalog[pid]["models"], "a replacement is a model of the release"


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_the_recorded_release_retires_each_copy_with_its_origin(copy: str) -> None:
    origin, rule = COPIES[copy]
    pid, _, mid = copy.partition(":")
    assert _recorded("hosts.json")["linked"][copy] == {"origin": origin, "rule": rule}
    day = _xai_declared()[origin]["deprecation_date"].isoformat()
    assert _recorded("catalog.json")[pid]["models"][mid]["deprecation_date"] == day
    assert _recorded("provenance.json")[copy]["deprecation_date"] == "origin"
    assert _recorded("hosts.json")["carried"][copy] == {"deprecation_date": day, "from": origin}


def test_hosts_json_lists_the_declared_origins_with_their_evidence() -> None:
    report = _recorded("hosts.json")
    declared = _xai_declared()
    declared_anywhere = {
        k: o for k, o in report["origins"].items() if o.get("retires_by") == "override"
    }
    assert report["summary"]["origins_declared_retired"] == len(declared_anywhere)
    listed = {k: o for k, o in declared_anywhere.items() if k.startswith("xai:")}
    # Those LiteLLM or OpenRouter brought into the catalog take the declaration as an
    # ordinary override (tests/test_overrides.py); the others are declared origins.
    in_catalog = {
        k for k in declared if k.partition(":")[2] in _recorded("catalog.json")["xai"]["models"]
    }
    assert set(listed) == set(declared) - in_catalog
    for key, origin in listed.items():
        table = declared[key]
        assert origin["in_catalog"] is False
        assert origin["retires"] == table["deprecation_date"].isoformat()
        assert origin["replacement"] == table["replacement"]
        assert origin["evidence"] == {
            "file": "overrides/xai.toml",
            "source": table["source"],
            "checked": table["checked"].isoformat(),
            "fields": ["deprecation_date", "replacement"],
        }
    # Hosts still list copies of most of them.
    assert sum(1 for o in listed.values() if o["copies"]) >= len(listed) - 1
    # A declaration is not an unmatched override.
    assert not _recorded("matching.json")["override"]["unmatched"]


def test_own_schedule_clouds_keep_their_copies() -> None:
    """Azure runs its own deployments on its own schedule: its copies are linked to
    xAI's retired models, but do not inherit xAI's date."""
    catalog = _recorded("catalog.json")
    linked = _recorded("hosts.json")["linked"]
    for key in ("azure:grok-4-1-fast-reasoning", "azure:grok-4-1-fast-non-reasoning"):
        pid, _, mid = key.partition(":")
        assert pid in hosts.OWN_SCHEDULES
        assert linked[key]["origin"] == f"xai:{mid}"
        assert _recorded("provenance.json").get(key, {}).get("deprecation_date") != "origin"
        assert catalog[pid]["models"][mid].get("deprecation_date") is None


# -- the package -----------------------------------------------------------------------


def test_find_offers_none_of_the_copies() -> None:
    """The package retires each copy as the snapshot it was rendered from carried it
    (the origin's date, provenance `origin`), whatever that snapshot's date: `find()`
    offers none whose date is past, `include_retired=True` brings them back."""
    report = json.loads((current_snapshot() / "hosts.json").read_text("utf-8"))
    carried = {k: v for k, v in report["carried"].items() if k in COPIES}
    if not carried:
        pytest.skip(f"no host of {current_snapshot().name} still lists a copy of xAI's models")
    today = date.fromisoformat(llm_catalog.DATA_DATE)
    offered = {m.key for m in find()} | {m.key for m in find(include_deprecated=True)}
    brought_back = {m.key: m for m in find(include_retired=True)}
    for key, carry in carried.items():
        day = date.fromisoformat(carry["deprecation_date"])
        assert day <= today, "xAI retired them before any release here"
        assert key not in offered
        model = brought_back[key]
        assert model.status is Status.RETIRED
        assert model.deprecation_date == day
        assert model.sources["deprecation_date"] == "origin"
        assert model.origin == report["linked"][key]["origin"] == carry["from"]
    origin = "xai:grok-4-1-fast-reasoning"
    served = {m.key for m in llm_catalog.hosts(origin, include_retired=True)}
    assert served >= {k for k, c in carried.items() if c["from"] == origin}
    # Only the clouds that retire on their own schedule still serve it.
    still = llm_catalog.hosts(origin)
    assert all(m.provider.value in hosts.OWN_SCHEDULES for m in still)
    grok_fast = [m for m in find() if "fast-" in m.id and "grok-4" in m.id]
    for model in grok_fast:
        assert model.provider.value in hosts.OWN_SCHEDULES or model.origin is None, model.key


# -- the generator ---------------------------------------------------------------------

GOOD = (
    '[[retired]]\nid = "grok-9-fast"\nsource = "https://example.com/retired"\n'
    "checked = 2026-12-01\ndeprecation_date = 2026-05-15\n"
)


def test_a_declaration_is_read_with_its_evidence(tmp_path: Path) -> None:
    (tmp_path / "xai.toml").write_text(
        GOOD + 'replacement = "xai:grok-10"\nnote = "what the page says"\n', "utf-8"
    )
    loaded = overrides.load(tmp_path)
    assert [(r.key, r.deprecation_date, r.replacement) for r in loaded.retired] == [
        ("xai:grok-9-fast", "2026-05-15", "xai:grok-10")
    ]
    assert loaded.retired[0].evidence.source == "https://example.com/retired"
    assert loaded.retired[0].evidence.fields == ("deprecation_date", "replacement")
    # Also an ordinary override entry, for a feed that still lists the model.
    assert [(e.key, dict(e.values)) for e in loaded.entries] == [
        ("xai:grok-9-fast", {"deprecation_date": "2026-05-15", "replacement": "xai:grok-10"})
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "xai.toml",
            GOOD.replace('source = "https://example.com/retired"\n', ""),
            "xai.toml:1: retired model xai:grok-9-fast, field source: missing",
        ),
        (
            "xai.toml",
            GOOD.replace("checked = 2026-12-01\n", ""),
            "xai.toml:1: retired model xai:grok-9-fast, field checked: missing",
        ),
        (
            "xai.toml",
            GOOD.replace("https://example.com/retired", "from memory"),
            "xai.toml:3: retired model xai:grok-9-fast, field source: expected an https:// URL",
        ),
        (
            "xai.toml",
            GOOD.replace("deprecation_date = 2026-05-15\n", ""),
            "xai.toml:1: retired model xai:grok-9-fast, field deprecation_date: missing",
        ),
        (
            "xai.toml",
            GOOD.replace('id = "grok-9-fast"', 'id = "xai:grok-9-fast"'),
            "xai.toml:2: retired model xai:[[retired]] #1, field id: expected the maker's model",
        ),
        (
            "xai.toml",
            GOOD + "cost.input = 1\n",
            "xai.toml:6: retired model xai:grok-9-fast, field cost.input: unknown field",
        ),
        (
            "example.toml",
            GOOD,
            "example.toml:1: [[retired]]: declared in the maker's own file, and 'example' is not",
        ),
        (
            "xai.toml",
            GOOD + "\n" + GOOD,
            "xai.toml: retired model xai:grok-9-fast: declared twice in this file",
        ),
        (
            "xai.toml",
            '["xai:grok-9-fast"]\nsource = "https://example.com/p"\nchecked = 2026-12-01\n'
            "deprecation_date = 2026-06-01\n\n" + GOOD,
            "xai.toml: retired model xai:grok-9-fast: declared twice in this file",
        ),
    ],
)
def test_a_declaration_without_evidence_is_refused(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.load_file(path, name)
    assert message in str(caught.value)


def _provider(pid: str, models: dict[str, dict[str, Any]]) -> schema.Provider:
    return schema.Provider(
        id=pid,
        name=pid,
        models={mid: schema.Model(id=mid, name=mid, **extra) for mid, extra in models.items()},
    )


def test_a_declared_origin_retires_its_copies(tmp_path: Path) -> None:
    (tmp_path / "xai.toml").write_text(GOOD, "utf-8")
    declared = overrides.load(tmp_path).retired
    providers = {
        "xai": _provider("xai", {"grok-10": {}}),
        "host": _provider(
            "host",
            {
                "x-ai/grok-9.fast": {},  # author/id, `.` read as `-`
                "grok-9-fast": {},  # bare id
                "grok-9.fast": {"deprecation_date": "2026-09-01"},  # the host's own date
            },
        ),
        "azure": _provider("azure", {"grok-9-fast": {}}),  # its own schedule
    }
    assert overrides.origins_to_declare(declared, providers) == declared
    # OpenRouter's later expiration date does not replace the maker's word.
    expiring = Entry(
        key="x-ai/grok-9-fast", route="openrouter", values={"deprecation_date": "2026-06-30"}
    )
    links = hosts.link(providers, [expiring], declared)
    assert links.origins == {
        "host:x-ai/grok-9.fast": "xai:grok-9-fast",
        "host:grok-9-fast": "xai:grok-9-fast",
        "host:grok-9.fast": "xai:grok-9-fast",
        "azure:grok-9-fast": "xai:grok-9-fast",
    }
    assert links.rules["host:x-ai/grok-9.fast"] == "author/id"
    assert links.rules["host:grok-9-fast"] == "bare id"
    assert links.known["xai:grok-9-fast"].retires == "2026-05-15"
    assert links.known["xai:grok-9-fast"].retires_by == "override"
    carried, provenance = hosts.carry_dates(providers, {}, links, "2026-07-02")
    host = carried["host"].models
    assert host["x-ai/grok-9.fast"].deprecation_date == "2026-05-15"
    assert host["grok-9-fast"].deprecation_date == "2026-05-15"
    assert provenance["host:grok-9-fast"] == {"deprecation_date": "origin"}
    assert host["grok-9.fast"].deprecation_date == "2026-09-01"
    assert carried["azure"].models["grok-9-fast"].deprecation_date is None
    origin = links.as_json()["origins"]["xai:grok-9-fast"]
    assert origin["retires_by"] == "override"
    assert origin["evidence"]["source"] == "https://example.com/retired"
    # Before the date, nothing is carried.
    early, _ = hosts.carry_dates(providers, {}, links, "2026-05-14")
    assert early["host"].models["grok-9-fast"].deprecation_date is None


def test_a_feed_that_lists_the_model_gets_an_ordinary_override(tmp_path: Path) -> None:
    (tmp_path / "xai.toml").write_text(GOOD, "utf-8")
    loaded = overrides.load(tmp_path)
    providers = {"xai": _provider("xai", {"grok-9-fast": {}})}
    assert overrides.origins_to_declare(loaded.retired, providers) == []
    matching = overrides.match(loaded.entries, providers)
    assert matching.matched[("xai", "grok-9-fast")].values == {"deprecation_date": "2026-05-15"}
    # Without the feed's model, the declaration is an origin, not an unmatched entry.
    missing = overrides.match(
        loaded.entries, {"xai": _provider("xai", {})}, frozenset({"xai:grok-9-fast"})
    )
    assert not missing.unmatched and not missing.matched


def test_an_update_with_an_unsourced_declaration_changes_nothing(repo_copy: Path) -> None:
    xai = repo_copy / "overrides" / "xai.toml"
    xai.write_text(
        xai.read_text("utf-8") + '\n[[retired]]\nid = "grok-2"\ndeprecation_date = 2026-01-01\n',
        "utf-8",
    )
    before = tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots")
    result = run_generator(
        repo_copy,
        "update",
        "--source",
        str(FEED),
        "--source-url",
        "https://models.dev/api.json",
        "--date",
        RECORDED,
    )
    assert result.returncode == 2
    assert "retired model xai:grok-2, field source: missing" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before


def test_every_declared_origin_retires_its_copies_in_the_recorded_release() -> None:
    """For each maker's declaration (overrides/*.toml), every linked copy either
    inherits its date (provenance `origin`), states its own, or is at a cloud on its
    own schedule."""
    report = _recorded("hosts.json")
    catalog = _recorded("catalog.json")
    provenance = _recorded("provenance.json")
    declared = {k: o for k, o in report["origins"].items() if o.get("retires_by") == "override"}
    assert {k.partition(":")[0] for k in declared} >= {"xai", "openai", "anthropic", "google"}
    inherited = 0
    for copy, link in report["linked"].items():
        if link["origin"] not in declared:
            continue
        pid, _, mid = copy.partition(":")
        day = catalog[pid]["models"][mid].get("deprecation_date")
        if provenance.get(copy, {}).get("deprecation_date") == "origin":
            assert day == declared[link["origin"]]["retires"], copy
            inherited += 1
        else:
            assert pid in hosts.OWN_SCHEDULES or day is not None, copy
    assert inherited == sum(
        1 for c in report["carried"] if report["carried"][c]["from"] in declared
    )
    assert inherited >= 40
