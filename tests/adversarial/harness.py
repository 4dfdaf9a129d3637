"""Shared by the adversarial tests: tiny feeds, running the generator, and a probe
that imports a generated package under an audit hook and dumps every value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator import cli
from tests import conftest
from tests.conftest import REPO, copy_repo, tree_digest

DATE = "2026-08-01"


def model(mid: str, **fields: Any) -> dict[str, Any]:
    """A models.dev model entry: the required fields, plus `fields`."""
    return {"id": mid, "name": f"Model {mid}", **fields}


def provider(pid: str, *models: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A models.dev provider entry holding `models`."""
    entry: dict[str, Any] = {"id": pid, "name": f"Provider {pid}", "env": [], **fields}
    entry["models"] = {m["id"]: m for m in models}
    return entry


def feed(*providers: dict[str, Any]) -> bytes:
    """A whole document; `ensure_ascii` keeps lone surrogates and odd text spellable."""
    return json.dumps({p["id"]: p for p in providers}).encode("ascii")


def one(pid: str = "acme", mid: str = "m", **fields: Any) -> bytes:
    """A feed of one provider with one model."""
    return feed(provider(pid, model(mid, **fields)))


SMALL_FEED = ("--min-models", "1", "--min-providers", "1")
"""`update` options for a small fixture feed (the size guard's defaults suit the live one)."""


def empty_repo(parent: Path) -> Path:
    """A repository copy with no release yet: the feed under test is the first one,
    so the package holds its models only (no history, no shrink guard)."""
    return conftest.empty_repo(parent / "repo", with_overrides=False)


def fresh_repo(parent: Path) -> Path:
    """A repository copy holding the committed snapshot and package."""
    return copy_repo(parent / "repo")


def update(root: Path, document: bytes, capsys: Any) -> tuple[int, str, str]:
    """`python -m generator update` in-process on `document`: (exit code, stdout, stderr)."""
    source = root.parent / "feed.json"
    source.write_bytes(document)
    capsys.readouterr()
    code = cli.main(
        [
            "--root",
            str(root),
            "update",
            "--source",
            str(source),
            "--source-url",
            "https://models.dev/api.json",
            "--date",
            DATE,
            # hostile feeds are small on purpose: lower the size guard (see test_size_guard)
            *SMALL_FEED,
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def digest(root: Path) -> dict[str, str]:
    return tree_digest(root / "llm_catalog", root / "snapshots")


# Run in a fresh interpreter inside the generated repository: import everything
# with an audit hook that records process, file-write and network events, then
# print every value as JSON.
PROBE = r"""
import json, os, sys
sys.dont_write_bytecode = True
events = []
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
FORBIDDEN = ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "pty.spawn", "socket.", "os.remove", "os.rename", "os.rmdir",
    "os.mkdir", "os.chmod", "os.chown", "os.truncate", "os.symlink", "os.link",
    "shutil.", "ctypes.", "urllib.", "http.", "webbrowser.", "builtins.input")
def hook(event, args):
    if event.startswith(FORBIDDEN):
        events.append(event)
    elif event == "open" and len(args) >= 3:
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE
        ):
            events.append("open for writing: " + repr(args[0]))
sys.addaudithook(hook)
import llm_catalog
from llm_catalog import Provider, all_models, get_model, providers

def value(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, (frozenset, set)):
        return sorted(str(x) for x in v)
    if isinstance(v, tuple):
        return [value(x) for x in v]
    if hasattr(v, "__dataclass_fields__"):
        return {k: value(getattr(v, k)) for k in v.__dataclass_fields__}
    return str(v)  # Decimal, date, enums

models = {}
for m in all_models():
    assert get_model(m.key) is m
    assert get_model(m.provider.value + "/" + m.id) is m
    models[m.key] = value(m)
infos = {p.id.value: value(p) for p in providers()}
enum = {member.name: member.value for member in Provider}
assert all(Provider(v).value == v for v in enum.values())
modules = {p.id.value: p.module for p in providers()}
print(json.dumps({"events": events, "models": models, "providers": infos,
    "enum": enum, "modules": modules}))
"""


def probe(root: Path) -> dict[str, Any]:
    """Import the package generated in `root` and dump it (see `PROBE`)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    dumped: dict[str, Any] = json.loads(result.stdout)
    assert dumped["events"] == [], dumped["events"]
    return dumped


def _template_comments() -> frozenset[str]:
    """Every comment the templates write themselves, read from `templates/*.j2`
    (a comment holding `{{ ... }}` would not match its rendered text, and fail)."""
    found = set()
    for template in (REPO / "templates").glob("*.j2"):
        for line in template.read_text("utf-8").splitlines():
            at = line.find("# ")
            if at >= 0 and not line[:at].endswith("{"):
                found.add(line[at:].rstrip())
    return frozenset(found)


TEMPLATE_COMMENTS = _template_comments()


def generated_files(root: Path) -> dict[str, str]:
    """The generated modules (`_data/` and the provider modules), by path in the package."""
    package = root / "llm_catalog"
    return {
        p.relative_to(package).as_posix(): p.read_text("utf-8")
        for p in sorted(package.rglob("*.py"))
        if p.read_text("utf-8").startswith("# Generated by llm-catalog")
    }


def assert_inert_source(root: Path) -> None:
    """Generated source is ASCII, parses, has no coding cookie, and carries no
    comment that the templates did not write (so no upstream pragma or cookie)."""
    import ast
    import io
    import re
    import tokenize

    cookie = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
    files = generated_files(root)
    assert files
    for name, text in files.items():
        assert text.isascii(), name
        ast.parse(text)
        for line in text.splitlines()[:2]:
            assert not cookie.match(line), (name, line)
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                assert token.string.startswith("# Generated by llm-catalog's generator") or (
                    token.string in TEMPLATE_COMMENTS
                ), (name, token.string)
    for path in (root / "llm_catalog").rglob("*"):
        assert path.resolve().is_relative_to((root / "llm_catalog").resolve())
        if path.suffix == ".py":
            assert re.fullmatch(r"[a-z_][a-z0-9_]*\.py", path.name), path.name
    # Valid code, whatever the text spells (`Cost(`, `date(`, `Capability.X`): no
    # unused import, no undefined name (pyflakes' checks, as `ruff check` runs them).
    flakes = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F"]
        + [str(root / "llm_catalog" / name) for name in files],
        check=False,
        capture_output=True,
        text=True,
    )
    assert flakes.returncode == 0, flakes.stdout[-3000:]


__all__ = ["REPO"]
