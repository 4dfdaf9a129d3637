"""The layout of `llm_catalog/`: which files are generated, and that `render` owns
exactly those.

Generated: every file of `llm_catalog/_data/` (the internals: enums, shared values,
indexes, aliases, provenance, host links, tombstones, history, version, and the
models only secondary sources list, `added_<module>.py`) and every
provider module that `_data/providers.py` lists (`openai.py`, ...). Each carries the
generated header. Every other file is hand-written and sits beside its peers at the
top of the package. `render` deletes and rebuilds the generated files and never
touches a hand-written one; `generator check` names any generated file that is not
what render makes from the committed snapshot (a hand edit), a stale module, or a
hand-written file where the generator writes.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from generator import history, publish, render
from generator.layout import DATA_PACKAGE
from tests.conftest import REPO, run_generator, tree_digest

PACKAGE = REPO / "llm_catalog"

DATA_MODULES = frozenset(
    {
        "__init__.py",
        "aliases.py",
        "enums.py",
        "history.py",
        "host_links.py",
        "index.py",
        "provenance.py",
        "providers.py",
        "search.py",
        "shared.py",
        "tombstones.py",
        "version.py",
    }
)
"""The generated internals, by file name in `llm_catalog/_data/` (besides the added
models' modules)."""


def _added_modules() -> set[str]:
    """`added_<module>.py` for each provider module with models only secondary sources
    list (its `_ADDED`): they are built from there on first access."""
    import importlib

    from llm_catalog._data.providers import PROVIDER_MODULES

    return {
        f"{render.added_module(m)}.py"
        for m in PROVIDER_MODULES.values()
        if getattr(importlib.import_module(f"llm_catalog.{m}"), "_ADDED", None)
    }


def _files(package: Path) -> dict[str, bool]:
    """Every file of `package` (caches aside) -> whether it carries the generated header."""
    return {
        path.relative_to(package).as_posix(): render.is_generated(path)
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _provider_modules() -> set[str]:
    from llm_catalog._data.providers import PROVIDER_MODULES, REMOVED_PROVIDER_MODULES

    return {f"{m}.py" for m in (*PROVIDER_MODULES.values(), *REMOVED_PROVIDER_MODULES.values())}


def test_generated_files_are_the_data_package_and_the_provider_modules() -> None:
    files = _files(PACKAGE)
    data = {name.removeprefix("_data/") for name in files if name.startswith("_data/")}
    assert _added_modules()  # the recorded LiteLLM and OpenRouter feeds add models
    assert data == DATA_MODULES | _added_modules()
    generated = {f"_data/{name}" for name in DATA_MODULES | _added_modules()}
    generated |= _provider_modules()
    assert len(_provider_modules()) > 100  # the recorded feeds have about 150 providers
    assert {name for name, header in files.items() if header} == generated
    assert set(render.owned_files(PACKAGE)) == generated


def test_the_data_package_imports_nothing() -> None:
    """A single-provider import loads `_data/__init__.py` on its way to `enums`,
    `shared` and `version`: it must stay a docstring, so that costs nothing."""
    tree = ast.parse((PACKAGE / "_data" / "__init__.py").read_text("utf-8"))
    assert [type(node) for node in tree.body] == [ast.Expr]  # the docstring
    assert ast.get_docstring(tree)


def test_hand_written_files_sit_beside_their_peers() -> None:
    hand_written = {name for name, header in _files(PACKAGE).items() if not header}
    assert {"__init__.py", "py.typed", "_model.py", "_query.py", "_cli.py"} <= hand_written
    assert all("/" not in name for name in hand_written), hand_written  # none in `_data/`
    assert not hand_written & _provider_modules()
    assert render.misplaced(PACKAGE, render.owned_files(PACKAGE)) == []


def test_check_passes_on_the_repository() -> None:
    """Every generated file is what render makes from the committed snapshot."""
    result = run_generator(REPO, "check")
    assert result.returncode == 0, result.stderr


def test_check_names_hand_edits_strays_and_misplaced_files(repo_copy: Path) -> None:
    package = repo_copy / "llm_catalog"
    search = package / "_data" / "search.py"
    search.write_text(search.read_text("utf-8").replace("COUNT: Final = ", "COUNT: Final = 1 + "))
    (package / "_data" / "notes.py").write_text('"""Mine."""\n', "utf-8")
    (package / "gone_provider.py").write_text(f"{render.HEADER_PREFIX}\n", "utf-8")
    result = run_generator(repo_copy, "check")
    assert result.returncode == 1
    named = {line.strip() for line in result.stderr.splitlines()}
    assert {
        "llm_catalog/_data/search.py",
        "llm_catalog/_data/notes.py",
        "llm_catalog/gone_provider.py",
    } <= named
    assert "llm_catalog/_data/index.py" not in named
    assert "llm_catalog/_model.py" not in named


def test_render_refuses_to_delete_a_hand_written_file(repo_copy: Path) -> None:
    package = repo_copy / "llm_catalog"
    (package / "_data" / "notes.py").write_text('"""Mine."""\n', "utf-8")
    before = tree_digest(package, repo_copy / "snapshots")
    result = run_generator(repo_copy, "render")
    assert result.returncode == 2
    assert "llm_catalog/_data/notes.py" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree_digest(package, repo_copy / "snapshots") == before


def test_render_rebuilds_generated_files_only(repo_copy: Path) -> None:
    """A hand edit is undone, a stale module of a provider that is gone is removed,
    and the hand-written files are not even rewritten (same inode, same mtime)."""
    package = repo_copy / "llm_catalog"
    expected = tree_digest(package)
    search = package / "_data" / "search.py"
    search.write_text(search.read_text("utf-8") + "EDITED = True\n", "utf-8")
    (package / "gone_provider.py").write_text(f"{render.HEADER_PREFIX}\n", "utf-8")
    (package / "_mine.py").write_text('"""A hand-written module of my own."""\n', "utf-8")
    hand_written = {
        name: os.stat(package / name) for name, header in _files(package).items() if not header
    }
    result = run_generator(repo_copy, "render")
    assert result.returncode == 0, result.stderr
    assert not (package / "gone_provider.py").exists()
    rebuilt = tree_digest(package)
    assert rebuilt.pop("llm_catalog/_mine.py")
    assert rebuilt == expected
    for name, old in hand_written.items():
        new = os.stat(package / name)
        assert (new.st_ino, new.st_mtime_ns) == (old.st_ino, old.st_mtime_ns), name


def test_a_failure_while_swapping_changes_nothing(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The swap moves the old generated files out and the new ones in, one rename at a
    time; a failure halfway (here: moving the new `_data/` in) moves everything back."""
    package = repo_copy / "llm_catalog"
    search = package / "_data" / "search.py"
    search.write_text(search.read_text("utf-8") + "EDITED = True\n", "utf-8")
    before = tree_digest(package, repo_copy / "snapshots")
    real_move = publish._move

    def failing_move(src: Path, dst: Path, moves: list[tuple[Path, Path]]) -> None:
        if dst == package / DATA_PACKAGE:
            raise OSError("disk full")
        real_move(src, dst, moves)

    monkeypatch.setattr(publish, "_move", failing_move)
    ws = publish.Workspace(repo_copy)
    hist = history.load(ws.snapshots)
    with pytest.raises(OSError, match="disk full"):
        publish.publish(ws, hist.latest, history=hist)
    assert tree_digest(package, repo_copy / "snapshots") == before
    assert not (repo_copy / ".generator-tmp").exists()
