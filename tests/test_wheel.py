"""The built wheel: only `llm_catalog/`, no dependencies, imports in a bare venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, current_manifest, current_model


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (see README)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_holds_only_the_package(wheel: Path) -> None:
    import llm_catalog

    assert wheel.name == f"llm_catalog-{llm_catalog.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(metadata).decode()
    top = {n.split("/")[0] for n in names}
    assert top == {"llm_catalog", f"llm_catalog-{llm_catalog.__version__}.dist-info"}
    assert "llm_catalog/py.typed" in names
    assert "llm_catalog/openai.py" in names
    # every file of the package, the generated internals of `_data/` included
    package = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "llm_catalog").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "llm_catalog/_data/search.py" in package
    assert {n for n in names if n.startswith("llm_catalog/")} == package
    assert not any("generator" in n or "snapshots" in n or "tests" in n for n in names)
    assert "Requires-Dist" not in meta


def test_wheel_imports_in_a_bare_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as zf:  # what an installer does for a pure wheel
        zf.extractall(site)
    probe = (
        "import sys; sys.addaudithook(lambda e, a: e.startswith('socket.') and sys.exit('network: ' + e));"
        "from llm_catalog.openai import GPT_4O; import llm_catalog;"
        "assert llm_catalog.get_model('openai:gpt-4o') is GPT_4O;"
        "print(sum(1 for _ in llm_catalog.all_models()), GPT_4O.cost.input)"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    expected = current_model("openai:gpt-4o")["cost"]["input"]
    assert result.stdout.split() == [str(current_manifest()["models"]), expected]
