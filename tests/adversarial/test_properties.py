"""Property-based tests: arbitrary text in every text field and arbitrary ids.

Whatever the strings, the generated package is pure ASCII, parses, imports under
an audit hook that records no process, file-write or network event, and gives
back every value exactly (after the documented repairs: surrounding whitespace
stripped, an empty name replaced by the id, empty URLs dropped). Rendering skips
the swap into a repository (`render.build_package` into a temporary directory,
ruff included) to keep examples fast; the swap is covered by the other tests.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import code, naming, pipeline, render
from generator.fetch import Fetched
from generator.report import FeedError, Report
from generator.upstream import parse_json, validate_feed
from tests.adversarial.harness import DATE, assert_inert_source, probe
from tests.conftest import REPO

any_text = st.text(max_size=24)  # every code point but lone surrogates (refused: test_refusals)
model_ids = st.text(min_size=1, max_size=24)
provider_ids = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=":/"),
    min_size=1,
    max_size=12,
)
prices = st.decimals(min_value=0, max_value=10_000, places=6, allow_nan=False)
token_counts = st.integers(min_value=1, max_value=10**12)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def models(draw: st.DrawFn, mid: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": mid, "name": draw(any_text)}
    if draw(st.booleans()):
        entry["family"] = draw(any_text)
    for flag in ("tool_call", "reasoning", "attachment", "structured_output", "temperature"):
        if draw(st.booleans()):
            entry[flag] = draw(st.booleans())
    if draw(st.booleans()):
        entry["limit"] = {"context": draw(token_counts), "output": draw(token_counts)}
    if draw(st.booleans()):
        entry["cost"] = {"input": draw(prices), "output": draw(prices), "cache_read": draw(prices)}
    if draw(st.booleans()):
        entry["release_date"] = draw(dates).isoformat()
    entry["modalities"] = {
        "input": draw(st.lists(st.sampled_from(["text", "image", "audio", "pdf"]), unique=True)),
        "output": ["text"],
    }
    if draw(st.booleans()):
        entry[draw(st.text(min_size=1, max_size=8))] = draw(any_text)  # unknown field
    return entry


@st.composite
def feeds(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for pid in draw(st.lists(provider_ids, min_size=1, max_size=3, unique=True)):
        mids = draw(st.lists(model_ids, min_size=1, max_size=4, unique=True))
        document[pid] = {
            "id": pid,
            "name": draw(any_text),
            "env": draw(st.lists(any_text, max_size=2)),
            "doc": draw(any_text),
            "api": draw(any_text),
            "npm": draw(any_text),
            "models": {mid: draw(models(mid)) for mid in mids},
        }
    return document


def encode(document: dict[str, Any], ascii_only: bool) -> bytes:
    """JSON with Decimals written as exact numbers (json has no Decimal support)."""
    numbers: list[str] = []

    def mark(value: object) -> str:
        assert isinstance(value, Decimal)
        numbers.append(format(value, "f"))
        return f"@@{len(numbers) - 1}@@"

    text = json.dumps(document, default=mark, ensure_ascii=ascii_only)
    return re.sub(r'"@@(\d+)@@"', lambda m: numbers[int(m.group(1))], text).encode("utf-8")


def expected_text(value: str, fallback: str | None) -> str | None:
    stripped = value.strip()
    return stripped or fallback


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=feeds(), ascii_only=st.booleans())
def test_arbitrary_text_generates_inert_exact_code(
    tmp_path_factory: Any, document: dict[str, Any], ascii_only: bool
) -> None:
    data = encode(document, ascii_only)
    catalog = pipeline.build_catalog(
        Fetched(url="https://example.test/api.json", data=data), DATE, Report()
    )
    assert render.render_files(catalog) == render.render_files(catalog)  # deterministic
    root = tmp_path_factory.mktemp("prop")
    render.build_package(
        catalog, REPO / "llm_catalog", root / "llm_catalog", REPO / "pyproject.toml"
    )
    assert_inert_source(root)
    dumped = probe(root)
    assert set(dumped["models"]) == {
        f"{pid}:{mid}" for pid, p in document.items() for mid in p["models"]
    }
    for pid, p in document.items():
        info = dumped["providers"][pid]
        assert info["name"] == expected_text(p["name"], pid)
        assert info["env"] == p["env"]
        for field in ("doc", "api", "npm"):
            assert info[field] == (p[field] or None)
        for mid, m in p["models"].items():
            got = dumped["models"][f"{pid}:{mid}"]
            assert got["id"] == mid
            assert got["provider"] == pid
            assert got["name"] == expected_text(m["name"], mid)
            assert got["family"] == (expected_text(m["family"], None) if "family" in m else None)
            for field, value in m.get("cost", {}).items():
                assert Decimal(got["cost"][field]) == value
            limits = m.get("limit", {})
            assert got["limits"]["context"] == limits.get("context")
            assert got["limits"]["output"] == limits.get("output")
            assert got["release_date"] == m.get("release_date")
            assert set(got["modalities"]["input"]) == set(m["modalities"]["input"])
            caps = {
                c
                for c in (
                    "tool_call",
                    "reasoning",
                    "attachment",
                    "structured_output",
                    "temperature",
                )
                if m.get(c)
            }
            assert set(got["capabilities"]) == caps


@settings(max_examples=300, deadline=None)
@given(pid=st.text(min_size=0, max_size=16), mids=st.lists(st.text(max_size=16), max_size=4))
def test_arbitrary_ids_are_accepted_with_safe_names_or_refused_by_name(
    pid: str, mids: list[str]
) -> None:
    document = {pid: {"id": pid, "name": "P", "models": {m: {"id": m, "name": "M"} for m in mids}}}
    data = json.dumps(document).encode("ascii")
    try:
        feed = validate_feed(parse_json(data, "test"))
    except FeedError as exc:
        assert exc.findings
        assert all(f.provider == pid for f in exc.findings)
        assert all(line.isprintable() and line.isascii() for line in str(exc).splitlines())
        return
    module = naming.module_names([pid])[pid]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", module) and not module.endswith("__")
    constants = naming.constant_names(feed[pid][1]).values()
    assert len(set(constants)) == len(feed[pid][1])
    for name in constants:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name)
        code.identifier(name)
