"""What editors see: pyright (VS Code's Pylance) in strict mode and mypy find no error
in a user's scripts that touch every public name, and jedi (IPython, editors built on
it) completes enum members, the package's lazy API, model and price fields, and shows
docstrings on hover.

The scripts live outside the repository, in a temporary project, as a user's would;
both checkers read this checkout's `llm_catalog`. A control script with typos checks
that each checker really resolves the package: it must report each typo, and nothing
else.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import shutil
import subprocess
import sys
from enum import Enum
from pathlib import Path

import jedi  # type: ignore[import-untyped]  # jedi ships no type information
import pytest

import llm_catalog
from llm_catalog import (
    Cost,
    CostBreakdown,
    CostComponent,
    Limits,
    Modalities,
    Model,
    Workload,
    get_model,
    openai,
)
from llm_catalog.openai import GPT_4O
from tests.conftest import REPO

# Every enum the package exports, whatever vocabularies later releases add.
ENUMS: tuple[type[Enum], ...] = tuple(
    value
    for name in llm_catalog.__all__
    if isinstance(value := getattr(llm_catalog, name), type) and issubclass(value, Enum)
)
USER_SCRIPT = REPO / "tests" / "editor_user_script.py"
# Each line of the control script, and the name its typo must be reported under.
TYPOS = {
    "Capability.TOOL_CAL": "TOOL_CAL",
    "GPT_4O.cost.inptu": "inptu",
    "GPT_4O.limits.contxt": "contxt",
    "llm_catalog.get_modle": "get_modle",
}


_ADDED_NAME = "WHISPER_1" if "WHISPER_1" in openai._ADDED else min(openai._ADDED)
"""An OpenAI model that only a secondary source lists (whisper-1 while models.dev
does not): not a global of `llm_catalog.openai` until first accessed."""


def _every_name_script() -> str:
    """A script, made from the package itself, that touches every name of `__all__`,
    every member of every enum and every field of a model and of its parts, and pins
    each field's type to the annotation the class declares."""
    lines = [
        "# pyright: strict",
        "from __future__ import annotations",
        "",
        "from datetime import date",
        "from decimal import Decimal",
        "from typing import Literal, assert_type",
        "",
        "import llm_catalog",
        "from llm_catalog import (",
        *(
            f"    {name},"
            for name in sorted(
                {e.__name__ for e in ENUMS}
                | {"Cost", "CostTier", "ExtraPrices", "Latency", "Limits", "Modalities"}
                | {"Quality", "RateLimits"}
            )
        ),
        ")",
        "from collections.abc import Mapping",
        "from llm_catalog.openai import GPT_4O, MODELS",
        # A model only a secondary source lists: built on first access, declared
        # for checkers in the module's typing block (issue 15 item 5).
        f"from llm_catalog.openai import {_ADDED_NAME}",
        "",
        f"assert_type({_ADDED_NAME}, llm_catalog.Model)",
        "assert_type(MODELS, Mapping[str, llm_catalog.Model])",
        "",
        "public = (",
        *(f"    llm_catalog.{name}," for name in llm_catalog.__all__),
        ")",
        "",
    ]
    for enum in ENUMS:
        for member in enum:
            ref = f"{enum.__name__}.{member.name}"
            lines.append(f"assert_type({ref}, Literal[{ref}])")
    for path, cls in (
        ("GPT_4O", Model),
        ("GPT_4O.cost", Cost),
        ("GPT_4O.limits", Limits),
        ("GPT_4O.modalities", Modalities),
    ):
        for field in dataclasses.fields(cls):
            lines.append(f"assert_type({path}.{field.name}, {field.type})")
    return "\n".join(lines) + "\n"


_FIRST_TYPO_LINE = 6


def _typos_script() -> str:
    body = "\n".join(f"print({expression})" for expression in TYPOS)
    return (
        "# pyright: strict\nimport llm_catalog\nfrom llm_catalog import Capability\n"
        f"from llm_catalog.openai import GPT_4O\n\n{body}\n"
    )


@pytest.fixture(scope="module")
def user_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project: the hand-written script, the generated one, the control."""
    root = tmp_path_factory.mktemp("user-project")
    shutil.copy(USER_SCRIPT, root / "user_script.py")
    (root / "every_name.py").write_text(_every_name_script(), "utf-8")
    (root / "typos.py").write_text(_typos_script(), "utf-8")
    return root


def test_every_module_shows_its_typing_block_to_jedi() -> None:
    """`TYPE_CHECKING = False` hides a module's typing-only imports from jedi, which
    then infers nothing that depends on them (docs/querying.md, In your editor): every runtime
    module and template spells it `TYPE_CHECKING: bool = False`."""
    sources = [*(REPO / "llm_catalog").rglob("*.py"), *(REPO / "templates").glob("*.j2")]
    hiding = [
        path.relative_to(REPO).as_posix()
        for path in sources
        if any(
            line.rpartition("}")[2] == "TYPE_CHECKING = False"
            for line in path.read_text("utf-8").splitlines()
        )
    ]
    assert len(sources) > 150
    assert hiding == [], f"spell it `TYPE_CHECKING: bool = False` in {hiding}"


def test_the_user_script_runs(user_project: Path) -> None:
    """The script is real code, not only something to type-check."""
    result = subprocess.run(
        [sys.executable, "user_script.py"],
        cwd=user_project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "openai:gpt-4o (GPT-4o)" in result.stdout


def test_every_public_name_is_in_the_generated_script(user_project: Path) -> None:
    text = (user_project / "every_name.py").read_text("utf-8")
    for name in llm_catalog.__all__:
        assert f"llm_catalog.{name}," in text
    assert "assert_type(Capability.TOOL_CALL, Literal[Capability.TOOL_CALL])" in text
    assert "assert_type(GPT_4O.cost.input, Decimal | None)" in text
    assert f"assert_type({_ADDED_NAME}, llm_catalog.Model)" in text
    # Each enum member, each field, and the added model and the provider's table.
    assert (
        text.count("assert_type(")
        == sum(len(enum) for enum in ENUMS)
        + sum(len(dataclasses.fields(cls)) for cls in (Model, Cost, Limits, Modalities))
        + 2
    )


def _pyright_environment() -> dict[str, str]:
    """The PyPI wrapper's own settings cleared (a forced version would be downloaded),
    and no check of PyPI for a newer release: pyright runs offline."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYRIGHT_PYTHON_")},
        "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1",
    }


def test_pyright_strict_finds_no_error(user_project: Path) -> None:
    """Pyright from PyPI runs its bundled copy on Node.js from PyPI (the `nodejs`
    extra): no download, no system node."""
    (user_project / "pyrightconfig.json").write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.11",
                "extraPaths": [str(REPO)],
            }
        ),
        "utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "user_script.py",
            "every_name.py",
            "typos.py",
        ],
        cwd=user_project,
        env=_pyright_environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] == 3
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    by_file: dict[str, dict[int, str]] = {}
    for error in errors:
        lines = by_file.setdefault(Path(error["file"]).name, {})
        line = error["range"]["start"]["line"] + 1
        lines[line] = lines.get(line, "") + error["message"] + "\n"
    assert "user_script.py" not in by_file, by_file
    assert "every_name.py" not in by_file, by_file
    # The control: each typo reported on its own line, and nothing else.
    expected_lines = dict(enumerate(TYPOS.values(), start=_FIRST_TYPO_LINE))
    assert sorted(by_file.get("typos.py", {})) == sorted(expected_lines), by_file
    for line, name in expected_lines.items():
        assert f'"{name}"' in by_file["typos.py"][line], by_file


def test_pyright_finds_every_exported_symbol_typed_and_documented(tmp_path: Path) -> None:
    """Pyright's report for typed libraries (`--verifytypes`, what Pylance relies on for
    an installed package): every symbol the package exports, provider constants
    included, has a declared type (none inferred differently by different checkers,
    none unknown), and every public function and class has a docstring."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--verifytypes",
            "llm_catalog",
            "--ignoreexternal",
        ],
        cwd=tmp_path,
        env={**_pyright_environment(), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    report = json.loads(result.stdout)
    completeness = report["typeCompleteness"]
    assert Path(completeness["packageRootDirectory"]) == REPO / "llm_catalog"
    exported = completeness["exportedSymbolCounts"]
    # Every model constant of every provider module is exported.
    assert exported["withKnownType"] > len(list(llm_catalog.all_models()))
    assert exported["withAmbiguousType"] == exported["withUnknownType"] == 0, result.stdout[-3000:]
    other = completeness["otherSymbolCounts"]
    assert other["withAmbiguousType"] == other["withUnknownType"] == 0, result.stdout[-3000:]
    assert completeness["missingFunctionDocStringCount"] == 0
    assert completeness["missingClassDocStringCount"] == 0
    assert completeness["completenessScore"] == 1
    assert report["summary"]["errorCount"] == 0


def test_mypy_strict_finds_no_error(user_project: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version=3.11",
            f"--cache-dir={tmp_path / 'mypy-cache'}",
            "--no-error-summary",
            "user_script.py",
            "every_name.py",
            "typos.py",
        ],
        cwd=user_project,
        env={**os.environ, "MYPYPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if not e.startswith("typos.py:")], result.stdout
    for line, name in enumerate(TYPOS.values(), start=_FIRST_TYPO_LINE):
        assert any(e.startswith(f"typos.py:{line}: ") and f'"{name}"' in e for e in errors), (
            result.stdout
        )
    assert len(errors) == len(TYPOS), result.stdout


# -- jedi -----------------------------------------------------------------------------


def _script(source: str, user_project: Path) -> tuple[jedi.Script, int, int]:
    """A jedi script over `source`, in the user's project, and the position of its end."""
    # This interpreter, and this checkout first, before any installed copy of the package.
    project = jedi.Project(
        user_project,
        environment_path=sys.executable,
        sys_path=[str(REPO), *filter(None, sys.path)],
    )
    lines = source.splitlines()
    script = jedi.Script(source, path=user_project / "typing_here.py", project=project)
    return script, len(lines), len(lines[-1])


def _completions(source: str, user_project: Path) -> set[str]:
    script, line, column = _script(source, user_project)
    return {c.name for c in script.complete(line, column)}


def _public_members(cls: type) -> set[str]:
    """A class's fields, properties and methods, as a user would complete them."""
    return {name for name in dir(cls) if not name.startswith("_")}


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_jedi_completes_enum_members(enum: type[Enum], user_project: Path) -> None:
    found = _completions(f"from llm_catalog import {enum.__name__}\n{enum.__name__}.", user_project)
    assert set(enum.__members__) <= found, set(enum.__members__) - found


def test_jedi_completes_the_lazy_api(user_project: Path) -> None:
    found = _completions("import llm_catalog\nllm_catalog.", user_project)
    assert set(llm_catalog.__all__) <= found, set(llm_catalog.__all__) - found
    assert {"openai", "anthropic"} <= found


@pytest.mark.parametrize(
    ("expression", "cls"),
    [
        ("GPT_4O", Model),
        ("GPT_4O.cost", Cost),
        ("GPT_4O.limits", Limits),
        ("GPT_4O.modalities", Modalities),
    ],
)
def test_jedi_completes_model_fields(expression: str, cls: type, user_project: Path) -> None:
    found = _completions(f"from llm_catalog.openai import GPT_4O\n{expression}.", user_project)
    expected = _public_members(cls)
    assert {"id", "cost", "capabilities", "supports", "cost_of"} <= _public_members(Model)
    assert expected <= found, expected - found


@pytest.mark.parametrize(
    ("expression", "cls"),
    [
        ("GPT_4O.cost_of(input_tokens=1000)", CostBreakdown),
        # jedi infers no item of a `tuple[X, ...]` (nor of `cost.tiers`): a component
        # as a user's code would make one
        ("CostComponent(part='input', tokens=1, price=p, usd=p)", CostComponent),
        ("Workload(input_tokens=1000)", Workload),
    ],
    ids=["CostBreakdown", "CostComponent", "Workload"],
)
def test_jedi_completes_what_pricing_returns(
    expression: str, cls: type, user_project: Path
) -> None:
    """The pricing records are made by `_record.dataclass` at runtime; jedi reads the
    real `@dataclass` in the typing block and completes their fields and properties."""
    source = (
        "from decimal import Decimal\n"
        "from llm_catalog import CostComponent, Workload\n"
        "from llm_catalog.openai import GPT_4O\n"
        f"p = Decimal(1)\n{expression}."
    )
    found = _completions(source, user_project)
    expected = _public_members(cls)
    assert {"total", "components", "complete", "fits"} <= _public_members(CostBreakdown)
    assert expected <= found, expected - found


@pytest.mark.parametrize(
    "source",
    [
        "from llm_catalog import get_model\nget_model('openai:gpt-4o').",
        "from llm_catalog import resolve\nresolve('gpt-4o').",
        "from llm_catalog import find\nfind()[0].",
        "import llm_catalog\nllm_catalog.get_model('openai:gpt-4o').",
    ],
    ids=["get_model", "resolve", "find", "lazy-get_model"],
)
def test_jedi_completes_what_functions_return(source: str, user_project: Path) -> None:
    found = _completions(source, user_project)
    assert _public_members(Model) <= found, _public_members(Model) - found


def test_jedi_completes_a_provider_modules_constants(user_project: Path) -> None:
    found = _completions("from llm_catalog.openai import GPT_", user_project)
    # `dir`: the models only secondary sources list are globals once accessed only.
    assert found == {name for name in dir(openai) if name.startswith("GPT_")}
    assert any(name in openai._ADDED for name in found)


def test_jedi_completes_and_documents_models_built_on_first_access(user_project: Path) -> None:
    """The models only secondary sources list are declared, with their docstrings, in
    the module's typing block: jedi completes them, infers a `Model` and shows the
    docstring on hover, as for any model."""
    found = _completions("from llm_catalog.openai import ", user_project)
    assert set(openai._ADDED) <= found
    assert "MODELS" in found
    source = f"from llm_catalog.openai import {_ADDED_NAME}\n{_ADDED_NAME}"
    script, line, column = _script(source, user_project)
    inferred = sorted(f"{d.type} {d.full_name}" for d in script.infer(line, column))
    assert inferred == ["instance llm_catalog._model.Model"]
    (model_help,) = script.help(line, column)
    model = getattr(openai, _ADDED_NAME)
    # The generated docstring (tests/test_generator.py): the name, then what is known.
    assert model_help.docstring().startswith(f"{model.name}, ")


def test_jedi_completes_removed_models_constants(user_project: Path) -> None:
    """Removed models are built on access (a module `__getattr__`), and declared for
    type checkers: jedi completes them too."""
    found = _completions("from llm_catalog.openai import ", user_project)
    assert openai._REMOVED
    assert set(openai._REMOVED) <= found


def test_jedi_infers_exact_types(user_project: Path) -> None:
    """What jedi infers is the one type the checkers see, no `StrEnum` beside it."""
    head = "from llm_catalog import Capability, get_model\nfrom llm_catalog.openai import GPT_4O\n"
    for expression, expected in {
        "Capability": ["class llm_catalog._data.enums.Capability"],
        "Capability.TOOL_CALL": ["instance llm_catalog._data.enums.Capability"],
        "GPT_4O": ["instance llm_catalog._model.Model"],
        # `Cost` is declared in `_record` (re-exported by `_model`).
        "GPT_4O.cost": ["instance llm_catalog._record.Cost"],
        "get_model('openai:gpt-4o')": ["instance llm_catalog._model.Model"],
    }.items():
        script, line, column = _script(head + expression, user_project)
        inferred = sorted(f"{d.type} {d.full_name}" for d in script.infer(line, column))
        assert inferred == expected, expression


def test_jedi_shows_docstrings_on_hover(user_project: Path) -> None:
    script, line, column = _script("from llm_catalog.openai import GPT_4O\nGPT_4O", user_project)
    (model_help,) = script.help(line, column)
    # The generated docstring: name, context window, prices (tests/test_generator.py).
    assert model_help.docstring().startswith(f"{GPT_4O.name}, {GPT_4O.limits.context:,} context")

    script, line, column = _script("import llm_catalog\nllm_catalog.get_model", user_project)
    (function_help,) = script.help(line, column)
    assert function_help.type == "function"
    assert inspect.getdoc(get_model) in function_help.docstring()
    assert function_help.docstring().startswith("get_model(")  # the signature, then the doc
