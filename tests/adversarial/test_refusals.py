"""Hostile feeds the generator must refuse: exit 2, one clear line per problem
naming provider, model and field, and the repository byte-identical afterwards.

Each feed here is one broken entry and nothing else. A broken entry beside good ones
is quarantined, not refused (`generator/quarantine.py`, tests/test_quarantine.py):
these feeds are refused because their one entry is 100% of the feed, more than the
quarantine share, so the run names the entry and then gives that verdict (or, for a
top-level value that is not a provider, skips it and the size guard refuses the
empty remainder). `test_beside_good_entries_each_is_quarantined_by_name` checks the
same entries next to good ones."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator import upstream
from tests.adversarial.harness import digest, feed, fresh_repo, model, one, provider, update


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository copy for every refusal: none of them may change it."""
    return fresh_repo(tmp_path_factory.mktemp("refusals"))


# (case id, document, expected error line: a regex matched against one stderr line)
REFUSED: list[tuple[str, bytes, str]] = [
    ("infinity", one(cost={"input": 1}).replace(b"1}", b"Infinity}"), r"Infinity"),
    ("minus-infinity", one(cost={"input": 1}).replace(b"1}", b"-Infinity}"), r"Infinity"),
    (
        "price-1e999999",
        one(cost={"input": 1}).replace(b"1}", b"1e999999}"),
        r"provider acme, model m, field cost\.input: .*larger than any price",
    ),
    (
        "price-as-object",
        one(cost={"input": {"usd": 2}}),
        r"provider acme, model m, field cost\.input",
    ),
    (
        "price-as-bool",
        one(cost={"output": True}),
        r"provider acme, model m, field cost\.output: .*expected a number",
    ),
    (
        "context-10e40",
        one(limit={"context": 10**40}),
        r"provider acme, model m, field limit\.context: .*less than or equal",
    ),
    (
        "context-as-string",
        one(limit={"context": "128000"}),
        r"provider acme, model m, field limit\.context",
    ),
    (
        "context-as-bool",
        one(limit={"output": True}),
        r"provider acme, model m, field limit\.output",
    ),
    ("flag-as-string", one(tool_call="yes"), r"provider acme, model m, field tool_call"),
    ("flag-as-number", one(reasoning=1), r"provider acme, model m, field reasoning"),
    (
        "name-missing",
        feed(provider("acme", {"id": "m"})),
        r"provider acme, model m, field name: Field required",
    ),
    ("name-as-number", one(name=42), r"provider acme, model m, field name"),
    ("name-as-null", one(name=None), r"provider acme, model m, field name"),
    (
        "id-differs-from-key",
        feed(provider("acme", model("m"))).replace(b'"id": "m"', b'"id": "n"'),
        r"provider acme, model m, field id: differs from its key \('n'\)",
    ),
    ("empty-model-id", one(mid=""), r"provider acme, field models: a model has an empty id ''"),
    (
        "lone-surrogate-in-name",
        one(name="x\ud800y"),
        r"provider acme, model m, field name: lone surrogate",
    ),
    (
        "lone-surrogate-in-model-id",
        one(mid="m\udfff", name="ok"),
        r"provider acme, model m\\udfff, field <key>: lone surrogate",
    ),
    (
        "lone-surrogate-in-env",
        feed(provider("acme", model("m"), env=["OK", "\udc80"])),
        r"provider acme, field env\[1\]: lone surrogate",
    ),
    (
        "lone-surrogate-in-unknown-field",
        one(notes={"k": "\ud83d"}),
        r"provider acme, model m, field notes\.k: lone surrogate",
    ),
    ("provider-id-with-colon", feed(provider("a:b", model("m"))), r"provider a:b, field id"),
    (
        "provider-id-with-slash",
        feed(provider("../etc", model("m"))),
        r"provider \.\./etc, field id",
    ),
    ("provider-id-with-space", feed(provider("a b", model("m"))), r"provider a b, field id"),
    (
        "provider-id-homoglyph",
        feed(provider("\u043epenai", model("m"))),  # Cyrillic o
        r"provider \\u043epenai, field id",
    ),
    (
        "provider-id-escape-sequence",
        feed(provider("\x1b[31mred", model("m"))),
        r"provider \\x1b\[31mred, field id",
    ),
    ("empty-provider-id", feed(provider("", model("m"))), r"provider '', field id"),
    (
        "models-as-list",
        feed({"id": "acme", "name": "A", "models": []}),
        r"provider acme, field models: expected an object",
    ),
    ("models-missing", feed({"id": "acme", "name": "A"}), r"provider acme, field models"),
    (
        "model-as-list",
        feed({"id": "acme", "name": "A", "models": {"m": ["x"]}}),
        r"provider acme, model m: expected an object",
    ),
    (
        # not a provider object: skipped with a warning, leaving nothing to publish
        "provider-as-string",
        feed({"id": "acme"}).replace(b'{"id": "acme"}', b'"acme"'),
        r"size guard: the feed for 2026-08-01 is empty",
    ),
    (
        "tier-size-as-float",
        one(cost={"input": 1, "tiers": [{"input": 2, "tier": {"type": "context", "size": 1.5}}]}),
        r"provider acme, model m, field cost\.tiers\.0\.tier\.size",
    ),
    (
        "modalities-as-string",
        one(modalities={"input": "text", "output": ["text"]}),
        r"provider acme, model m, field modalities\.input",
    ),
    ("env-as-string", feed(provider("acme", model("m"), env="KEY")), r"provider acme, field env"),
    (
        "duplicate-model-key",
        feed(provider("acme", model("m"), model("n"))).replace(
            b'"n": {"id": "n"', b'"m": {"id": "m"'
        ),
        r"duplicate key 'm'",
    ),
]


VERDICTS = ("error: quarantine: 1 of 1 model entries (100%)", "error: size guard:")


@pytest.mark.parametrize(
    ("document", "expected"), [pytest.param(d, e, id=i) for i, d, e in REFUSED]
)
def test_refused_with_one_clear_line(
    shared_repo: Path, capsys: Any, document: bytes, expected: str
) -> None:
    before = digest(shared_repo)
    code, out, err = update(shared_repo, document, capsys)
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert lines[-1] == "nothing was changed"
    problems = [line for line in lines if line.startswith("error:")]
    named = [line for line in problems if re.search(expected, line)]
    assert len(named) == 1, err
    # anything else is the verdict on the feed as a whole
    assert all(line.startswith(VERDICTS) for line in problems if line not in named), err
    assert all(line.isprintable() for line in lines)  # escapes, never raw controls
    assert digest(shared_repo) == before
    assert not (shared_repo / ".generator-tmp").exists()


def test_every_problem_is_listed_and_long_lists_are_cut(shared_repo: Path, capsys: Any) -> None:
    """Many broken models: the first 50 problems, each named, then a count."""
    broken = [model(f"m{i:03d}", limit={"context": "big"}) for i in range(60)]
    before = digest(shared_repo)
    code, _, err = update(shared_repo, feed(provider("acme", *broken)), capsys)
    assert code == 2
    named = [line for line in err.splitlines() if "field limit.context" in line]
    assert len(named) == 50
    assert named[0].startswith("error: provider acme, model m000, field limit.context")
    assert "... and 10 more" in err
    assert digest(shared_repo) == before


GOOD = provider("good", *(model(f"g{i}") for i in range(40)))


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(d, e, id=i)
        for i, d, e in REFUSED
        if i not in ("infinity", "minus-infinity", "duplicate-model-key", "provider-as-string")
    ],
)
def test_beside_good_entries_each_is_quarantined_by_name(document: bytes, expected: str) -> None:
    """The same broken entries in a feed that is otherwise fine: the document is
    accepted, the bad entry is quarantined with a finding naming it, and the good
    provider's 40 models are all there. (The four left out are broken as a document:
    not JSON, or not a provider object at all.)"""
    parsed = upstream.parse_json(document, "test")
    parsed["good"] = GOOD
    screened = upstream.screen_feed(parsed)
    assert set(screened.feed["good"][1]) == {f"g{i}" for i in range(40)}
    lines = [f.line() for q in screened.quarantined for f in q.findings]
    assert any(re.search(expected, line) for line in lines), lines
    assert all(q.provider != "good" for q in screened.quarantined)
