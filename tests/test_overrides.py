"""Overrides with evidence: every entry cites the provider's page and the day it was
checked; the generator refuses one that does not; the catalog ships what they say.

The committed files under `overrides/` are read here with `tomllib` alone, not
through `generator.sources.overrides`, and compared with the committed snapshot of
the data date the overrides were written for (2026-07-02) and with the package
rendered from it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import llm_catalog
from generator.sources import overrides
from llm_catalog import get_model
from tests.conftest import FEED, REPO, recorded_release, run_generator, tree_digest

OVERRIDES = REPO / "overrides"
RECORDED = REPO / "snapshots" / "2026-07-02"
"""The release the committed overrides were checked against."""
SHIPPED = REPO / "snapshots" / llm_catalog.DATA_DATE
"""The snapshot the package was rendered from."""


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _committed() -> list[tuple[str, str, dict[str, Any]]]:
    """(file, model key, flattened table) for every committed override entry
    (`[[retired]]` declarations apart: `_declared`)."""
    found = []
    for path in sorted(OVERRIDES.glob("*.toml")):
        document = tomllib.loads(path.read_text("utf-8"))
        for key, table in document.items():
            if key != "retired":
                found.append((path.name, key, _flatten(table)))
    return found


def _declared() -> list[tuple[str, str, dict[str, Any]]]:
    """(file, `maker:id`, table) for every committed `[[retired]]` declaration."""
    found = []
    for path in sorted(OVERRIDES.glob("*.toml")):
        for table in tomllib.loads(path.read_text("utf-8")).get("retired", []):
            found.append((path.name, f"{path.stem}:{table['id']}", table))
    return found


ENTRIES = _committed()
DECLARED = _declared()
EVIDENCE = ("source", "checked", "note")


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@functools.cache
def _recorded_catalog() -> dict[str, Any]:
    """The providers of the 2026-07-02 release, as its `catalog.json` had them: read
    through the history, since a later release turns that file into a delta."""
    return recorded_release(RECORDED.name).dump_providers()


@functools.cache
def _recorded_feed() -> dict[str, Any]:
    """The models.dev feed the 2026-07-02 release was made from (the makers' own lists)."""
    feed: dict[str, Any] = _json(FEED)
    return feed


def test_the_committed_overrides_cover_the_providers() -> None:
    files = {name for name, _, _ in ENTRIES}
    assert {"anthropic.toml", "openai.toml", "google.toml", "mistral.toml"} <= files
    assert (OVERRIDES / "xai.toml").is_file()  # checked: nothing to override, and why
    assert len(ENTRIES) >= 30


@pytest.mark.parametrize(("name", "key", "table"), ENTRIES, ids=[k for _, k, _ in ENTRIES])
def test_every_entry_cites_a_provider_page_and_a_check_date(
    name: str, key: str, table: dict[str, Any]
) -> None:
    provider = key.partition(":")[0]
    assert name == f"{provider}.toml", "one file per provider"
    assert isinstance(table.get("source"), str) and table["source"].startswith("https://")
    checked = table.get("checked")
    assert isinstance(checked, dt.date) and not isinstance(checked, dt.datetime)
    assert checked == dt.date(2026, 12, 1)
    assert set(table) - set(EVIDENCE), "an entry sets at least one field"


@pytest.mark.parametrize(("name", "key", "table"), DECLARED, ids=[k for _, k, _ in DECLARED])
def test_every_declared_retirement_cites_a_provider_page(
    name: str, key: str, table: dict[str, Any]
) -> None:
    """A `[[retired]]` entry of a maker's file has the same evidence, and names a
    model the maker's models.dev feed does not list in the recorded release (else it
    would be an ordinary table). Where no other source lists it either, hosts.json
    lists it as an origin with that evidence; where LiteLLM or OpenRouter brought it
    into the catalog, the declaration applies to it as an ordinary override."""
    assert isinstance(table.get("source"), str) and table["source"].startswith("https://")
    assert table.get("checked") == dt.date(2026, 12, 1)
    assert isinstance(table.get("deprecation_date"), dt.date)
    pid, _, mid = key.partition(":")
    assert mid not in _recorded_feed()[pid]["models"]
    catalog = _recorded_catalog()
    if "replacement" in table:
        rpid, _, rmid = table["replacement"].partition(":")
        assert rmid in catalog[rpid]["models"]
    if mid in catalog[pid]["models"]:
        model = catalog[pid]["models"][mid]
        assert model["deprecation_date"] == table["deprecation_date"].isoformat()
        assert _json(RECORDED / "provenance.json")[key]["deprecation_date"] == "override"
        [evidence] = _json(RECORDED / "overrides.json")[key]
        assert evidence["file"] == f"overrides/{name}"
        assert evidence["source"] == table["source"]
        return
    origin = _json(RECORDED / "hosts.json")["origins"][key]
    assert origin["retires"] == table["deprecation_date"].isoformat()
    assert origin["evidence"]["file"] == f"overrides/{name}"
    assert origin["evidence"]["source"] == table["source"]


def _shipped_value(model: dict[str, Any], field: str) -> Any:
    group, _, name = field.partition(".")
    if group in ("cost", "limits"):
        return model.get(group, {}).get(name)
    if group == "capabilities":
        return name in model.get("capabilities", [])
    return model.get(field)


def _expected(field: str, value: Any) -> Any:
    if field.startswith("cost."):
        return Decimal(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize(("name", "key", "table"), ENTRIES, ids=[k for _, k, _ in ENTRIES])
def test_the_recorded_release_ships_every_override(
    name: str, key: str, table: dict[str, Any]
) -> None:
    """Each entry names a model of the 2026-07-02 release (none is reported
    unmatched), and every value it sets is the shipped value, with provenance
    `override` and the entry's evidence beside it."""
    catalog = _recorded_catalog()
    provenance = _json(RECORDED / "provenance.json")
    evidence = _json(RECORDED / "overrides.json")
    pid, _, mid = key.partition(":")
    assert mid in catalog[pid]["models"], f"{key} is not a model of the recorded release"
    model = catalog[pid]["models"][mid]
    fields = sorted(set(table) - set(EVIDENCE))
    for field in fields:
        shipped = _shipped_value(model, field)
        if field.startswith("cost."):
            shipped = Decimal(shipped)
        if field == "aliases":
            assert set(table[field]) <= set(shipped)
        else:
            assert shipped == _expected(field, table[field]), field
        assert provenance[key][field] == "override"
    assert evidence[key] == [
        {
            "file": f"overrides/{name}",
            "source": table["source"],
            "checked": table["checked"].isoformat(),
            "fields": fields,
        }
    ]


def test_the_recorded_release_reports_no_unmatched_override() -> None:
    matching = _json(RECORDED / "matching.json")["override"]
    assert matching["entries_unmatched"] == 0
    # A declared retirement another source brought into the catalog is matched too.
    catalog = _recorded_catalog()
    listed = [
        k for _, k, _ in DECLARED if k.partition(":")[2] in catalog[k.partition(":")[0]]["models"]
    ]
    assert matching["models_matched"] == len(ENTRIES) + len(listed)
    report = _json(RECORDED / "report.json")
    assert not [f for f in report if f["provider"] == "override"]
    overridden = {key for _, key, _ in ENTRIES}
    assert not [
        f
        for f in report
        if f["field"] == "replacement" and f"{f['provider']}:{f['model']}" in overridden
    ], "every replacement an override names is a model of the release"


def test_the_package_shows_the_evidence_of_its_snapshot() -> None:
    """`Model.evidence` gives, for each overridden field, the page and the date the
    snapshot the package was rendered from recorded; other fields have none."""
    evidence = _json(SHIPPED / "overrides.json")
    assert evidence
    for key, items in evidence.items():
        model = get_model(key)
        expected = {
            field: (item["source"], item["checked"]) for item in items for field in item["fields"]
        }
        assert dict(model.evidence) == expected
        assert {f for f, s in model.sources.items() if s == "override"} == set(expected)
    assert dict(get_model("openai:gpt-4o").evidence) == {}


def test_facts_of_the_recorded_release() -> None:
    """Spot checks against the pages cited (see overrides/*.toml)."""
    catalog = _recorded_catalog()
    sonnet = catalog["anthropic"]["models"]["claude-3-5-sonnet-20241022"]
    # Anthropic retired both Claude Sonnet 3.5 models on October 28, 2025 (the
    # 2025-10-22 this catalog used to ship was the date first announced).
    assert sonnet["deprecation_date"] == "2025-10-28"
    assert sonnet["replacement"] == "anthropic:claude-sonnet-4-6"
    assert "claude-3-5-sonnet-latest" not in sonnet.get("aliases", [])
    for mid in ("claude-sonnet-4-20250514", "claude-opus-4-20250514"):
        assert catalog["anthropic"]["models"][mid]["deprecation_date"] == "2026-06-15"
    assert catalog["openai"]["models"]["gpt-5"]["deprecation_date"] == "2026-12-11"
    assert catalog["google"]["models"]["gemini-2.0-flash"]["deprecation_date"] == "2026-06-01"
    assert catalog["mistral"]["models"]["open-mixtral-8x7b"]["deprecation_date"] == "2025-03-30"


# -- the generator refuses an entry without evidence --------------------------------

GOOD = 'source = "https://example.com/deprecations"\nchecked = 2026-12-01\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '["openai:gpt-4o"]\nchecked = 2026-12-01\ncost.input = "2.0"\n',
            "x.toml:1: model openai:gpt-4o, field source: missing",
        ),
        (
            '["openai:gpt-4o"]\nsource = "https://example.com/p"\ncost.input = "2.0"\n',
            "x.toml:1: model openai:gpt-4o, field checked: missing",
        ),
        (
            '["openai:gpt-4o"]\nsource = "http://example.com/p"\nchecked = 2026-12-01\n'
            'cost.input = "2.0"\n',
            "x.toml:2: model openai:gpt-4o, field source: expected an https:// URL",
        ),
        (
            '["openai:gpt-4o"]\nsource = "from memory"\nchecked = 2026-12-01\ncost.input = "2.0"\n',
            "x.toml:2: model openai:gpt-4o, field source: expected an https:// URL",
        ),
        (
            '["openai:gpt-4o"]\nsource = ["https://example.com/p"]\nchecked = 2026-12-01\n'
            'cost.input = "2.0"\n',
            "x.toml:2: model openai:gpt-4o, field source: expected an https URL string",
        ),
        (
            '["openai:gpt-4o"]\nsource = "https://example.com/p"\nchecked = "2026-02-30"\n'
            'cost.input = "2.0"\n',
            "x.toml:3: model openai:gpt-4o, field checked: not a calendar date",
        ),
        (
            '["openai:gpt-4o"]\nsource = "https://example.com/p"\nchecked = "last week"\n'
            'cost.input = "2.0"\n',
            "x.toml:3: model openai:gpt-4o, field checked: expected a YYYY-MM-DD date",
        ),
        (
            '["openai:gpt-4o"]\n' + GOOD + 'note = "evidence alone"\n',
            "x.toml:1: model openai:gpt-4o: sets no field",
        ),
    ],
)
def test_an_entry_without_evidence_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.load_file(path, "x.toml")
    assert message in str(caught.value)


def test_evidence_is_read_with_the_entry(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        '["openai:gpt-4o"]\n' + GOOD + 'cost.input = "2.0"\ndeprecation_date = 2027-01-14\n\n'
        '["openai:gpt-4"]\nsource = "https://example.com/other"\nchecked = "2026-11-30"\n'
        'replacement = "openai:gpt-4o"\n',
        "utf-8",
    )
    loaded = overrides.load(tmp_path)
    assert [e.key for e in loaded.entries] == ["openai:gpt-4o", "openai:gpt-4"]
    assert [(e.key, e.source, e.checked, e.fields) for e in loaded.evidence] == [
        (
            "openai:gpt-4o",
            "https://example.com/deprecations",
            "2026-12-01",
            ("cost.input", "deprecation_date"),
        ),
        ("openai:gpt-4", "https://example.com/other", "2026-11-30", ("replacement",)),
    ]


def test_an_update_with_an_unsourced_override_changes_nothing(repo_copy: Path) -> None:
    (repo_copy / "overrides" / "zz-memory.toml").write_text(
        '["openai:gpt-4o"]\nnote = "I remember it cheaper"\ncost.input = "2.0"\n', "utf-8"
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
        "2026-07-02",
    )
    assert result.returncode == 2
    assert "overrides/zz-memory.toml:1: model openai:gpt-4o, field source: missing" in (
        result.stderr
    )
    assert "field checked: missing" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree_digest(repo_copy / "llm_catalog", repo_copy / "snapshots") == before
