"""Lifecycle at the data date and one model at many hosts, on the real recorded data.

The recorded release `snapshots/2026-07-02` was built from the recorded models.dev,
OpenRouter (2026-07-01) and LiteLLM feeds: facts of that release are checked against
its snapshot (its catalog read through the history) and the recorded feeds, never
typed in as answers. The package is rendered from the newest snapshot, whatever its
date: the recorded one, or a nightly release after it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import pytest

import llm_catalog
from generator import hosts, lifecycle, makers, schema, snapshot
from generator.sources import Entry
from llm_catalog import AmbiguousModelError, Status, Workload, find, get_model, resolve, select
from llm_catalog._rules import status_on
from tests.conftest import RECORDED, REPO, UPSTREAM, current_manifest, recorded_release

SNAPSHOT = REPO / "snapshots" / RECORDED
OPENROUTER_FEED = UPSTREAM / "openrouter-models-2026-07-01.json"
DATA_DATE = date.fromisoformat(llm_catalog.DATA_DATE)


@cache
def report() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SNAPSHOT / "hosts.json").read_text("utf-8"))
    return data


@cache
def recorded_catalog() -> schema.Catalog:
    """The recorded release, read through the history: a later release stores its
    `catalog.json` as a delta."""
    return recorded_release()


def catalog_json() -> dict[str, Any]:
    return recorded_catalog().dump_providers()


@cache
def every_model() -> tuple[llm_catalog.Model, ...]:
    return tuple(llm_catalog.all_models())


def _openrouter_expired() -> set[str]:
    """OpenRouter ids the recorded feed marks expired by the data date."""
    if not OPENROUTER_FEED.exists():
        pytest.skip("the recorded OpenRouter feed is not at ../shared/upstream")
    feed = json.loads(OPENROUTER_FEED.read_text("utf-8"))["data"]
    return {
        m["id"]
        for m in feed
        if m.get("expiration_date") and date.fromisoformat(m["expiration_date"]) <= DATA_DATE
    }


# -- lifecycle at the data date ------------------------------------------------------


def test_the_package_is_the_newest_release() -> None:
    """Rendered from the newest snapshot: the recorded one or a release after it."""
    newest = snapshot.dated_dirs(REPO / "snapshots")[-1]
    assert llm_catalog.DATA_DATE == newest.name == current_manifest()["date"]
    assert llm_catalog.DATA_DATE >= RECORDED
    assert llm_catalog.__version__ == current_manifest()["version"]


def test_find_offers_nothing_retired_or_past_its_date() -> None:
    offered = find()
    assert offered
    assert not [m.key for m in offered if m.status is Status.RETIRED]
    assert not [
        m.key for m in offered if m.deprecation_date is not None and m.deprecation_date <= DATA_DATE
    ]
    # Before this work, 14 models were `active` with a date before 2026-07-02.
    past = [m for m in every_model() if m.deprecation_date and m.deprecation_date < DATA_DATE]
    assert len(past) > 14
    assert all(m.status is Status.RETIRED for m in past)


def test_find_offers_no_copy_of_a_retired_origin() -> None:
    retired_origins = {
        key
        for key, o in report()["origins"].items()
        if o.get("retires") and date.fromisoformat(o["retires"]) <= DATA_DATE
    }
    assert retired_origins
    for model in find(include_deprecated=True):
        if model.origin in retired_origins:
            # Only a host that states its own, later date keeps serving the copy.
            assert model.provider.value in hosts.OWN_SCHEDULES or (
                model.deprecation_date is not None and model.deprecation_date > DATA_DATE
            ), model.key


def _canonical_slugs(ids: set[str]) -> dict[str, str]:
    """OpenRouter id -> its canonical slug, with a trailing -MM-DD written -MMDD."""
    feed = json.loads(OPENROUTER_FEED.read_text("utf-8"))["data"]
    return {
        m["id"]: re.sub(r"-(\d\d)-(\d\d)$", r"-\1\2", m["canonical_slug"])
        for m in feed
        if m["id"] in ids and m.get("canonical_slug")
    }


def test_copies_of_the_models_openrouter_expired_are_retired() -> None:
    expired = _openrouter_expired()
    assert {"x-ai/grok-4", "x-ai/grok-3", "x-ai/grok-code-fast-1"} <= expired
    origins = {}
    for slug in [*expired, *_canonical_slugs(expired).values()]:
        # A copy spelling the canonical slug (abacus:grok-4-0709) links to xAI's own
        # id for it, declared retired in overrides/xai.toml.
        author, _, name = slug.partition("/")
        origins[f"{makers.AUTHORS[author]}:{name}"] = slug
    linked = [key for key, link in report()["linked"].items() if link["origin"] in origins]
    # The issue counted 31 copies at other providers still offered by find(); the
    # copies LiteLLM adds (generator/additions.py) at clouds that retire on their
    # own schedule (hosts.OWN_SCHEDULES: Azure's `grok-4`) keep their own dates.
    added = {key for key in linked if "model" in get_model(key).sources}
    assert len(set(linked) - added) == 31
    copies = [
        key
        for key in linked
        if key not in added or key.partition(":")[0] not in hosts.OWN_SCHEDULES
    ]
    offered = {m.key for m in find(include_deprecated=True)}
    assert not offered & set(copies)
    brought_back = {m.key for m in find(include_retired=True)}
    assert set(copies) <= brought_back
    for key in copies:
        model = get_model(key)
        assert model.status is Status.RETIRED
        # An added copy may state its own date (OpenRouter's `expiration_date`).
        own = {model.sources["model"]} if key in added else set()
        assert model.sources["deprecation_date"] in {"origin", *own}
    for key in ("poe:xai/grok-4", "abacus:grok-4-0709", "zenmux:x-ai/grok-4"):
        assert key in copies


def test_include_retired_and_statuses_bring_them_back() -> None:
    retired = {m.key for m in every_model() if m.status is Status.RETIRED}
    assert len(retired) >= 40
    # (Compared as subsets: other default filters, such as a model's kind, may
    # leave some retired models out of every query.)
    asked = {m.key for m in find(statuses=[Status.RETIRED])}
    assert asked and asked <= retired
    added = {m.key for m in find(include_retired=True)} - {m.key for m in find()}
    assert added and added <= retired
    assert added == asked
    assert not retired & {m.key for m in find(include_deprecated=True)}


def test_overridden_claude_retirements_are_retired_by_derivation() -> None:
    overridden = [
        m
        for m in every_model()
        if m.sources.get("deprecation_date") == "override" and m.deprecation_date is not None
    ]
    assert overridden
    for model in overridden:
        assert model.deprecation_date is not None
        expected = Status.RETIRED if model.deprecation_date <= DATA_DATE else Status.DEPRECATED
        assert model.status is expected, model.key
    # Claude Sonnet 3.5 (June 2024) was retired in 2025, a year before the data date.
    assert get_model("anthropic:claude-3-5-sonnet-20240620").status is Status.RETIRED


def test_announced_retirements_are_deprecated() -> None:
    ahead = [m for m in every_model() if m.deprecation_date and m.deprecation_date > DATA_DATE]
    assert ahead
    for model in ahead:
        if model.status.value not in ("maintenance", "disabled"):
            assert model.status is Status.DEPRECATED, model.key


def test_select_and_default_model_never_choose_a_retired_model() -> None:
    small = Workload(input_tokens=10_000, output_tokens=1_000)  # fits every grok
    chosen = select(providers={"xai", "poe", "abacus", "zenmux"}, families=["grok"], workload=small)
    assert chosen is not None and chosen.status is not Status.RETIRED
    retired_only = select(allow=["*:*grok-4-0709"], include_retired=True, workload=small)
    assert retired_only is not None and retired_only.status is Status.RETIRED
    assert select(allow=["*:*grok-4-0709"], workload=small) is None
    for provider in llm_catalog.providers():
        try:
            model = llm_catalog.default_model(provider.id)
        except LookupError:
            continue
        assert model.status is not Status.RETIRED, model.key


def test_an_ambiguous_name_does_not_offer_retired_models() -> None:
    with pytest.raises(AmbiguousModelError) as raised:
        resolve("gemini-3.1-flash-lite-preview")
    candidates = raised.value.candidates
    assert candidates
    assert all(get_model(k).status is not Status.RETIRED for k in candidates)
    # google's own copy passed its retirement date (LiteLLM: 2026-05-25).
    assert get_model("google:gemini-3.1-flash-lite-preview").status is Status.RETIRED
    assert "google:gemini-3.1-flash-lite-preview" not in candidates


def test_status_at_applies_the_rule_to_any_day() -> None:
    later = DATA_DATE + timedelta(days=400)
    for model in every_model():
        assert model.status_at(DATA_DATE) is model.status, model.key
        for day in (DATA_DATE - timedelta(days=30), later):
            expected = status_on(model.status.value, model.deprecation_date, day)
            assert model.status_at(day).value == expected, model.key
    sonnet = get_model("anthropic:claude-sonnet-4-5")
    assert sonnet.deprecation_date is not None and sonnet.deprecation_date > DATA_DATE
    assert sonnet.status is Status.DEPRECATED
    assert sonnet.status_at(sonnet.deprecation_date) is Status.RETIRED
    assert sonnet.status_at(sonnet.deprecation_date - timedelta(days=1)) is Status.DEPRECATED
    assert sonnet.status_at(sonnet.deprecation_date.isoformat()) is Status.RETIRED
    noon = datetime(2030, 1, 1, 12, 0)
    assert sonnet.status_at(noon) is Status.RETIRED
    undated = next(m for m in every_model() if m.status is Status.ACTIVE and not m.deprecation_date)
    assert undated.status_at(later) is Status.ACTIVE


def test_status_at_costs_no_import() -> None:
    code = (
        "import sys; from llm_catalog.anthropic import CLAUDE_SONNET_4_5 as m; "
        "before = set(sys.modules); m.status_at('2027-01-01'); "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_derivation_is_idempotent_on_the_snapshot() -> None:
    catalog = recorded_catalog()
    again, changes = lifecycle.derive(catalog.providers, catalog.manifest.date)
    assert not changes
    assert again == catalog.providers
    _, a_year_on = lifecycle.derive(catalog.providers, "2027-07-02")
    assert a_year_on["deprecated -> retired"] > 0


# -- one model, many hosts ----------------------------------------------------------


def test_the_hosts_of_a_famous_model() -> None:
    served = llm_catalog.hosts("anthropic:claude-sonnet-4-5")
    keys = [m.key for m in served]
    assert "anthropic:claude-sonnet-4-5" in keys
    assert "openrouter:anthropic/claude-sonnet-4.5" in keys
    assert len(keys) >= 10
    for model in served:
        assert model.key == "anthropic:claude-sonnet-4-5" or (
            model.origin == "anthropic:claude-sonnet-4-5"
        )
    totals = [m.cost.input + m.cost.output for m in served if m.cost.input and m.cost.output]
    assert totals == sorted(totals)
    assert (
        served[-1].cost.input is None
        or served[-1].cost.output is None
        or len(totals) == len(served)
    )
    assert [m.key for m in get_model("openrouter:anthropic/claude-sonnet-4.5").hosts] == keys


@pytest.mark.parametrize(
    ("copy", "origin"),
    [
        ("poe:xai/grok-4", "xai:grok-4"),
        ("zenmux:x-ai/grok-4", "xai:grok-4"),
        # xAI's own id, declared retired in overrides/xai.toml, wins over the
        # canonical slug (x-ai/grok-4-07-09) of OpenRouter's x-ai/grok-4.
        ("abacus:grok-4-0709", "xai:grok-4-0709"),
        ("jiekou:grok-4-fast-reasoning", "xai:grok-4-fast-reasoning"),
        ("qiniu-ai:x-ai/grok-4.1-fast-reasoning", "xai:grok-4-1-fast-reasoning"),
        (
            "amazon-bedrock:anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic:claude-sonnet-4-5-20250929",
        ),
        (
            "google-vertex-anthropic:claude-sonnet-4-5@20250929",
            "anthropic:claude-sonnet-4-5-20250929",
        ),
        ("azure:gpt-4o", "openai:gpt-4o"),
    ],
)
def test_copies_link_to_the_model_they_serve(copy: str, origin: str) -> None:
    assert get_model(copy).origin == origin
    assert report()["linked"][copy]["origin"] == origin
    assert copy in [m.key for m in llm_catalog.hosts(origin, include_retired=True)]


def test_an_origin_only_openrouter_names_answers_hosts() -> None:
    assert "xai:grok-4" not in {m.key for m in every_model()}
    # Every copy is retired but those at clouds on their own schedule that only
    # LiteLLM lists (Azure's `grok-4`, generator/additions.py).
    for model in llm_catalog.hosts("xai:grok-4"):
        assert model.provider in hosts.OWN_SCHEDULES, model.key
        assert model.sources["model"] == "litellm"
    every = llm_catalog.hosts("xai:grok-4", include_retired=True)
    retired = [m for m in every if "model" not in m.sources]
    # 8 before xAI's own grok-4-0709 was declared retired (overrides/xai.toml): the
    # two copies that spell it (abacus:, jiekou:grok-4-0709) are its copies now.
    assert len(retired) == 6
    assert all(m.status is Status.RETIRED for m in retired)
    with pytest.raises(llm_catalog.UnknownModelError):
        llm_catalog.hosts("xai:no-such-model")


def test_the_match_report_accounts_for_every_model() -> None:
    data = report()
    linked, unlinked = data["linked"], data["unlinked"]
    keys = {f"{p}:{m}" for p, prov in catalog_json().items() for m in prov["models"]}
    copies = {k for k in keys if k.partition(":")[0] not in makers.MAKERS}
    assert set(linked) | set(unlinked) == copies
    assert not set(linked) & set(unlinked)
    summary = data["summary"]
    assert summary["copies_linked"] == len(linked)
    assert summary["copies_unlinked"] == len(unlinked)
    assert sum(summary["linked_by_rule"].values()) == len(linked)
    assert set(summary["linked_by_rule"]) <= set(hosts.RULES)
    from llm_catalog._data.host_links import ORIGINS

    assert dict(ORIGINS) == {k: v["origin"] for k, v in linked.items()}


def test_each_link_follows_its_rule() -> None:
    """An independent reading of the rules: the copy's id names the origin."""
    canonical = {}
    if OPENROUTER_FEED.exists():
        for m in json.loads(OPENROUTER_FEED.read_text("utf-8"))["data"]:
            canonical[m["id"]] = m

    def names_of(origin: str) -> set[str]:
        maker, _, mid = origin.partition(":")
        found = {hosts.normalized(mid)}
        for author in makers.MAKERS[maker]:
            entry = canonical.get(f"{author}/{mid}")
            if entry and entry.get("canonical_slug"):
                slug = entry["canonical_slug"].partition("/")[2]
                found |= {
                    hosts.normalized(slug),
                    hosts.normalized(re.sub(r"-(\d\d)-(\d\d)$", r"-\1\2", slug)),
                }
        return found

    for copy, link in report()["linked"].items():
        mid = copy.partition(":")[2]
        origin, rule = link["origin"], link["rule"]
        maker = origin.partition(":")[0]
        if rule == "author/id":
            author, name = mid.split("/")[-2:]
            assert makers.AUTHORS[author.lower()] == maker, copy
            assert hosts.normalized(name) in names_of(origin), copy
        elif rule == "author.id":
            assert f"{makers.MAKERS[maker][0]}." in mid or any(
                f"{a}." in mid for a in makers.MAKERS[maker]
            ), copy
        elif rule == "bare id":
            assert "/" not in mid
            assert hosts.normalized(mid) in names_of(origin), copy
        else:
            assert rule == "hugging face id"
            assert "/" in mid


def test_unlinked_stays_unlinked() -> None:
    unlinked = report()["unlinked"]
    for key in list(unlinked)[:200]:
        assert get_model(key).origin is None
    # A different model with a shared prefix is not a copy: Qwen at a reseller is
    # not linked to anyone (no maker of this catalog authors it).
    qwen = [k for k in unlinked if "/qwen" in k.lower()]
    assert qwen and all(unlinked[k].startswith("no maker") for k in qwen[:20])


def _provider(pid: str, models: dict[str, dict[str, Any]]) -> Any:
    from generator import schema

    return schema.Provider(
        id=pid,
        name=pid,
        models={mid: schema.Model(id=mid, name=mid, **extra) for mid, extra in models.items()},
    )


def test_link_rules_on_a_small_catalog() -> None:
    providers = {
        "xai": _provider("xai", {"grok-9": {"family": "grok"}}),
        "anthropic": _provider("anthropic", {"claude-x-1": {}, "claude-x-1-20990101": {}}),
        "mistral": _provider("mistral", {"small": {}}),
        "openai": _provider("openai", {"small": {}}),
        "host": _provider(
            "host",
            {
                "grok-9": {"family": "gpt"},  # unrelated family: not linked
                "x-ai/grok-9": {"family": "grok-mini"},
                "grok-8-0102": {},  # OpenRouter's canonical slug grok-8-01-02
                "small": {},  # two makers' id: ambiguous
                "us.anthropic.claude-x-1-20990101-v1:0": {},
                "claude-x-1@20990101": {},
            },
        ),
        "amazon-bedrock": _provider("amazon-bedrock", {"xai.grok-8": {}}),
    }
    entries = [
        Entry(
            key="x-ai/grok-8",
            route="openrouter",
            values={"deprecation_date": "2099-01-01"},
            ids={"canonical_slug": "x-ai/grok-8-01-02"},
        )
    ]
    links = hosts.link(providers, entries)
    assert links.origins == {
        "host:x-ai/grok-9": "xai:grok-9",
        "host:grok-8-0102": "xai:grok-8",
        "host:us.anthropic.claude-x-1-20990101-v1:0": "anthropic:claude-x-1-20990101",
        "host:claude-x-1@20990101": "anthropic:claude-x-1-20990101",
        "amazon-bedrock:xai.grok-8": "xai:grok-8",
    }
    assert links.unlinked["host:grok-9"].startswith("family differs")
    assert links.unlinked["host:small"].startswith("ambiguous")
    # Not yet retired at the data date: nothing is carried.
    carried, _ = hosts.carry_dates(providers, {}, links, "2098-12-31")
    assert carried["host"].models["grok-8-0102"].deprecation_date is None
    carried, provenance = hosts.carry_dates(providers, {}, links, "2099-01-01")
    assert carried["host"].models["grok-8-0102"].deprecation_date == "2099-01-01"
    assert provenance["host:grok-8-0102"] == {"deprecation_date": "origin"}
    # Bedrock runs its own deployments on its own schedule.
    assert carried["amazon-bedrock"].models["xai.grok-8"].deprecation_date is None


def test_cli_hosts(capsys: pytest.CaptureFixture[str]) -> None:
    from llm_catalog._cli import main

    assert main(["hosts", "anthropic:claude-sonnet-4-5"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("anthropic:claude-sonnet-4-5: served by ")
    assert "openrouter:anthropic/claude-sonnet-4.5" in text
    assert main(["hosts", "poe:xai/grok-4", "--include-retired", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"] == "xai:grok-4"
    assert {h["key"] for h in data["hosts"]} >= {"poe:xai/grok-4", "zenmux:x-ai/grok-4"}
    assert main(["hosts", "xai:nothing"]) == 1


def test_hosts_costs_nothing_until_asked() -> None:
    code = (
        "import sys; from llm_catalog.openai import GPT_4O; "
        "print('llm_catalog._data.host_links' in sys.modules); "
        "print(GPT_4O.origin, len(GPT_4O.hosts) > 1, 'llm_catalog._data.host_links' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "None", "True", "True"]
