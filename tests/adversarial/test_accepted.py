"""Hostile feeds the generator must accept: the text stays data (inert, exact), and
anything repaired or dropped is named in a warning and in `report.json`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from tests.adversarial.harness import (
    DATE,
    assert_inert_source,
    digest,
    empty_repo,
    feed,
    model,
    one,
    probe,
    provider,
    update,
)

CODE = '"""; import os; os.system(\'touch /tmp/pwned\') #'
LINE_BREAKS = "a\nb\rc\u2028d\u2029e\x85f\x0bg\x0ch\x1ci"
PRAGMAS = "# noqa: E501 # type: ignore # fmt: off # pragma: no cover"
COOKIE = "# -*- coding: rot13 -*-"
BIDI = "\u202egpt\u2066\u200b\u200d\ufeff"
JINJA = "{{ 7*7 }} {% raw %}{# x #}{%- endraw %} ${x} %(x)s {0}"
# What generated code calls and imports, spelled in text: must not change the imports.
SPELLS_CODE = (
    "Cost(1) CostTier(2) Limits(3) Modalities(4) RateLimits(5) Latency(6) Quality(7)"
    " date(8) Decimal(9) Capability.X Modality.Y Status.Z DatePrecision.W _USD_1 _DATE_2024_01_01"
)


def _check_text(dumped: dict[str, Any], key: str, **expected: Any) -> None:
    got = dumped["models"][key]
    for field, value in expected.items():
        assert got[field] == value, (field, got[field], value)


Check = Callable[[dict[str, Any], str], None]


def _exact(pid: str, mid: str, **expected: Any) -> Check:
    def check(dumped: dict[str, Any], err: str) -> None:
        _check_text(dumped, f"{pid}:{mid}", **expected)

    return check


def _warned(*patterns: str) -> Check:
    def check(dumped: dict[str, Any], err: str) -> None:
        for pattern in patterns:
            assert pattern in err, (pattern, err)

    return check


def _modules(expected: dict[str, str]) -> Check:
    def check(dumped: dict[str, Any], err: str) -> None:
        assert dumped["modules"] == expected

    return check


def _distinct_models(pid: str, count: int) -> Check:
    def check(dumped: dict[str, Any], err: str) -> None:
        assert sum(1 for key in dumped["models"] if key.startswith(pid + ":")) == count

    return check


ACCEPTED: list[tuple[str, bytes, list[Check]]] = [
    (
        "text-that-spells-generated-code",
        feed(provider("acme", model(SPELLS_CODE, name=SPELLS_CODE, family=SPELLS_CODE))),
        [_exact("acme", SPELLS_CODE, name=SPELLS_CODE, family=SPELLS_CODE)],
    ),
    (
        "python-code-in-text-fields",
        feed(
            provider(
                "acme",
                model(CODE, name=CODE, family=CODE),
                doc=CODE,
                api=CODE,
                npm=CODE,
                env=[CODE],
            )
        ),
        [_exact("acme", CODE, id=CODE, name=CODE, family=CODE)],
    ),
    (
        "line-breaks-of-every-kind",
        one(mid=LINE_BREAKS, name=LINE_BREAKS, family=LINE_BREAKS),
        [_exact("acme", LINE_BREAKS, name=LINE_BREAKS, family=LINE_BREAKS)],
    ),
    (
        "coding-cookie-and-lint-pragmas",
        feed(
            provider(
                "acme",
                model(COOKIE, name=COOKIE),
                model(PRAGMAS, name=PRAGMAS, family=COOKIE),
                doc=PRAGMAS,
            )
        ).replace(b'"name": "Provider acme"', b'"name": "# -*- coding: latin-1 -*-"'),
        [
            _exact("acme", COOKIE, name=COOKIE),
            _exact("acme", PRAGMAS, name=PRAGMAS, family=COOKIE),
        ],
    ),
    (
        "bidi-and-zero-width",
        feed(provider("acme", model(BIDI, name=BIDI), model("gpt", name="gpt"))),
        [_exact("acme", BIDI, id=BIDI, name=BIDI), _exact("acme", "gpt", name="gpt")],
    ),
    (
        "template-syntax",
        one(mid=JINJA, name=JINJA, family=JINJA),
        [_exact("acme", JINJA, name=JINJA, family=JINJA)],
    ),
    (
        "nfkc-equivalent-model-ids",
        feed(
            provider(
                "acme",
                model("\ufb01ne"),  # the fi ligature
                model("fine"),
                model("\uff46\uff49\uff4e\uff45"),  # fullwidth
                model("Fine"),
                model("fi\u0301ne"),  # combining accent
            )
        ),
        [_distinct_models("acme", 5)],
    ),
    (
        "ids-that-fold-to-nothing",
        feed(provider("acme", model("..."), model("\u4e2d\u6587"), model("---"), model("_"))),
        [_distinct_models("acme", 4)],
    ),
    (
        "two-hundred-ids-folding-alike",
        feed(provider("acme", *(model("a" + sep * n) for sep in ".-_ " for n in range(1, 51)))),
        [_distinct_models("acme", 200)],
    ),
    (
        "model-ids-that-shadow-module-names",
        feed(
            provider(
                "acme",
                *(
                    model(mid)
                    for mid in (
                        "PROVIDER",
                        "MODELS",
                        "TYPE_CHECKING",
                        "ModelId",
                        "Final",
                        "Decimal",
                        "date",
                        "Model",
                        "annotations",
                        "MappingProxyType",
                        "None",
                        "True",
                        "class",
                        "__import__",
                        "__init__",
                        "_LIMITS_CONTEXT_1",
                    )
                ),
            )
        ),
        [_distinct_models("acme", 16)],
    ),
    (
        "provider-ids-that-are-reserved-module-or-file-names",
        feed(
            *(
                provider(pid, model("m"))
                for pid in (
                    "class",
                    "import",
                    "os",
                    "sys",
                    "typing",
                    "json",
                    "llm_catalog",
                    "_enums",
                    "_model",
                    "__init__",
                    "get_model",
                    "Provider",
                    "con",
                    "NUL",
                    "com1",
                    "LPT9",
                    "Acme",
                    "acme",
                    "..",
                    "..\\..\\windows",
                    "__pycache__",
                    "setup",
                )
            )
        ),
        [
            _modules(
                {
                    "..": "provider_5ec1f7e7",
                    "..\\..\\windows": "windows",
                    "Acme": "acme_2",
                    "LPT9": "lpt9_",
                    "NUL": "nul_",
                    "Provider": "provider_",
                    "__init__": "init",
                    "__pycache__": "pycache",
                    "_enums": "enums",
                    "_model": "model_",
                    "acme": "acme",
                    "class": "class_",
                    "com1": "com1_",
                    "con": "con_",
                    "get_model": "get_model_",
                    "import": "import_",
                    "json": "json_",
                    "llm_catalog": "llm_catalog_",
                    "os": "os_",
                    "setup": "setup_",
                    "sys": "sys_",
                    "typing": "typing_",
                }
            )
        ],
    ),
    (
        "enum-reserved-member-names",
        feed(
            *(
                provider(pid, model("m"))
                for pid in (
                    "mro",
                    "_missing_",
                    "_ignore_",
                    "name",
                    "value",
                    "_generate_next_value_",
                )
            )
        ),
        [_distinct_models("", 0)],  # the probe checks Provider(value) for every member
    ),
    (
        "repairs-and-drops-are-named",
        feed(
            provider(
                "acme",
                model(
                    "m",
                    name="  ",
                    modalities={"input": ["text", "smell"], "output": ["text"]},
                    status="retired",
                    release_date="\uff12\uff10\uff12\uff15-01-02",
                    knowledge="2025-13-01",
                    last_updated="2025-02-30",
                    limit={"context": 0, "output": -5},
                    cost={
                        "input": -1,
                        "output": 0.1000000000000000055511151231257827,
                        "tiers": [{"input": 9, "tier": {"type": "requests", "size": 10}}],
                    },
                    vibes="immaculate",
                ),
            )
        ),
        [
            _warned(
                "provider acme, model m, field name: empty; the id is used instead",
                "provider acme, model m, field modalities.input: unknown modality 'smell' dropped",
                "provider acme, model m, field status: unknown status 'retired'; kept as active",
                "provider acme, model m, field release_date: unreadable date",
                "provider acme, model m, field knowledge: impossible month",
                "provider acme, model m, field last_updated: impossible day",
                "provider acme, model m, field cost.input: negative price -1 dropped",
                "provider acme, model m, field cost.tiers[0]: tier type 'requests' not understood",
                "provider acme, model m, field vibes: unknown field ignored",
            ),
            _exact(
                "acme",
                "m",
                name="m",
                release_date=None,
                knowledge=None,
                last_updated="2025-02-01",
                status="active",
                limits={"context": None, "input": None, "output": None},
            ),
        ],
    ),
    (
        "byte-order-mark-and-exponents",
        b"\xef\xbb\xbf" + one(cost={"input": 1}).replace(b'"input": 1', b'"input": 2.5E+0'),
        [_exact("acme", "m", name="Model m")],
    ),
    (
        "model-ids-holding-key-separators",
        feed(provider("acme", model("a:b"), model("a/b"), model(":"), model("/"))),
        [_distinct_models("acme", 4)],
    ),
    (
        "a-provider-without-models",
        feed(provider("empty"), provider("acme", model("m"))),
        [_exact("acme", "m", name="Model m")],
    ),
    (
        "a-very-long-name",
        one(name="x" * 100_000 + "\u2028" + "y" * 10),
        [_exact("acme", "m", name="x" * 100_000 + "\u2028" + "y" * 10)],
    ),
]


@pytest.mark.parametrize(("document", "checks"), [pytest.param(d, c, id=i) for i, d, c in ACCEPTED])
def test_accepted_inert_and_exact(
    tmp_path: Path, capsys: Any, document: bytes, checks: list[Check]
) -> None:
    root = empty_repo(tmp_path)
    code, out, err = update(root, document, capsys)
    assert code == 0, err
    assert f"snapshots/{DATE}:" in out
    assert all(line.isprintable() for line in err.splitlines())
    assert_inert_source(root)
    dumped = probe(root)
    raw = json.loads(document.decode("utf-8-sig"))
    # Every model is there, by its exact id, with its exact (stripped) name.
    expected_keys = {f"{pid}:{mid}" for pid, p in raw.items() for mid in p["models"]}
    assert set(dumped["models"]) == expected_keys
    for pid, p in raw.items():
        assert dumped["providers"][pid]["env"] == p["env"]
        for field in ("doc", "api", "npm"):
            assert dumped["providers"][pid][field] == (p.get(field) or None)
        for mid, m in p["models"].items():
            got = dumped["models"][f"{pid}:{mid}"]
            assert got["id"] == mid
            assert got["name"] == (m["name"].strip() or mid)
            assert got["provider"] == pid
    for check in checks:
        check(dumped, err)
    # The report names every warning printed.
    report = json.loads((root / "snapshots" / DATE / "report.json").read_text("utf-8"))
    warned = sum(1 for line in err.splitlines() if line.startswith("warning:"))
    assert warned == sum(1 for f in report if f["severity"] == "warning")


@pytest.mark.parametrize("case", ["python-code-in-text-fields", "two-hundred-ids-folding-alike"])
def test_rerun_gives_the_same_bytes(tmp_path: Path, capsys: Any, case: str) -> None:
    """Same hostile input, same bytes: a rerun changes nothing, in a fresh copy too."""
    document = next(d for i, d, _ in ACCEPTED if i == case)
    first, second = empty_repo(tmp_path / "a"), empty_repo(tmp_path / "b")
    assert update(first, document, capsys)[0] == 0
    once = digest(first)
    assert update(first, document, capsys)[0] == 0
    assert digest(first) == once
    assert update(second, document, capsys)[0] == 0
    assert digest(second) == once


def test_a_removed_model_whose_text_spells_code_imports_nothing_more(
    tmp_path: Path, capsys: Any
) -> None:
    """The tombstone of a removed model is rendered by another path (`release.py`):
    its text must not change that module's imports either."""
    root = empty_repo(tmp_path)
    kept = [model(f"k{i}") for i in range(19)]
    gone = model("gone", name=SPELLS_CODE, family=SPELLS_CODE)
    assert update(root, feed(provider("acme", gone, *kept)), capsys)[0] == 0
    later = root.parent / "later.json"
    later.write_bytes(feed(provider("acme", *kept)))
    argv = ["--root", str(root), "update", "--source", str(later), "--date", "2026-08-02"]
    argv += ["--min-models", "1", "--min-providers", "1"]
    assert cli.main([*argv, "--source-url", "https://models.dev/api.json"]) == 0, (
        capsys.readouterr()
    )
    tombstones = (root / "llm_catalog" / "_data" / "tombstones.py").read_text("utf-8")
    assert '"acme:gone"' in tombstones and "CostTier(2)" in tombstones
    assert_inert_source(root)
