"""Run every code example of the manual (`docs/*.md`) and of `README.md`.

    python tests/docs_examples.py --root ROOT FILE.md...

`ROOT` is the repository whose `llm_catalog` the examples run against (put it first
on `PYTHONPATH`): `tests/test_docs.py` passes this repository when it holds the
recorded release, or a copy rendered from that release after a nightly one, so the
values the examples show stay those of the recorded release.

Fenced blocks, by language:

- `python` with `>>>` prompts: a doctest (`ELLIPSIS`); the output shown is checked.
  Without prompts: executed, and must not raise. The blocks of one page share one
  namespace, in page order.
- `console`: `$ COMMAND` lines, each followed by its exact output.
- `sh`: every line is a command that must exit 0 (`llm-catalog ...`,
  `python -m llm_catalog...`, and the read-only `generator changelog` and
  `generator disagreements`).
- `sql`: every statement must run on the SQLite export of the catalog.

A block whose first line is `# not run: REASON`, or that follows the line
`<!-- not run: REASON -->` (where a comment in the block would mislead: the
README's opening commands), is skipped, and must say why. Any
other language, or a shell command this runner does not know how to run safely,
is a failure: the block must then be marked.

Prints one line per failure, then a JSON summary (blocks run, per page and kind);
exits 1 on any failure. Standard library only: it runs under the `ROOT` given.
"""

from __future__ import annotations

import argparse
import doctest
import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FENCE = re.compile(
    r"^(?P<indent>[ ]*)```(?P<lang>[\w-]*)[ ]*\n(?P<body>.*?)^(?P=indent)```[ ]*$",
    re.MULTILINE | re.DOTALL,
)
NOT_RUN = re.compile(r"#\s*not run\b[^:]*:\s*\S")
"""`# not run: REASON` (or `# not run here: REASON`) as a block's first line."""
GENERATOR_READ_ONLY = ("changelog", "disagreements")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    lang: str
    code: str
    marked: bool = False
    """Preceded by `<!-- not run: REASON -->`."""

    @property
    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    @property
    def skipped(self) -> bool:
        first = self.code.lstrip("\n").split("\n", 1)[0]
        return self.marked or bool(NOT_RUN.match(first.strip()))


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, dedented, in order."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        indent = len(match["indent"])
        body = "\n".join(line[indent:] for line in match["body"].split("\n"))
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        marked = bool(re.fullmatch(r"<!--\s*not run\b[^:]*:\s*\S.*-->", before))
        found.append(Block(path, line, match["lang"], body, marked))
    return found


def command(line: str, root: Path) -> list[str] | None:
    """The argv that runs a documented shell command here; None when this runner
    does not run it (it writes the repository, needs a server, or is unknown)."""
    words = shlex.split(line, comments=True)
    if not words:
        return []
    if words[0] == "llm-catalog":
        return [sys.executable, "-m", "llm_catalog", *words[1:]]
    if words[:3] == ["python", "-m", "llm_catalog"] or (
        words[0] == "python" and words[1:2] == ["-m"] and words[2].startswith("llm_catalog.")
    ):
        return [sys.executable, *words[1:]]
    if words[:2] == ["uv", "run"]:
        words = words[2:]
    if (
        words[:3] == ["python", "-m", "generator"]
        and words[3:4]
        and words[3] in GENERATOR_READ_ONLY
    ):
        return [sys.executable, "-m", "generator", "--root", str(root), *words[3:]]
    return None


def _environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    # the package under test first; the generator (not in a rendered copy) from here
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([str(root), str(REPO)]))
    env["COLUMNS"] = "100"
    return env


def _run(argv: list[str], root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=_environment(root),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_python(block: Block, scope: dict[str, object]) -> list[str]:
    if ">>>" not in block.code:
        try:
            exec(compile(block.code, block.where, "exec"), scope)
        except Exception as error:
            return [f"{block.where}: raised {type(error).__name__}: {error}"]
        return []
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.code, scope, block.where, str(block.path), block.line)
    failures: list[str] = []

    def report(out: str) -> None:
        failures.append(out)

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report, clear_globs=False)
    scope.update(test.globs)  # the parser ran the examples in a copy of the namespace
    return [f"{block.where}: doctest failed\n{text}" for text in failures if text.strip()]


def run_console(block: Block, root: Path, cwd: Path) -> list[str]:
    failures = []
    steps = re.split(r"(?m)^\$ ", block.code)
    if steps[0].strip():
        return [f"{block.where}: a console block starts with `$ COMMAND`"]
    for step in steps[1:]:
        line, _, shown = step.partition("\n")
        argv = command(line, root)
        if not argv:
            failures.append(f"{block.where}: cannot run {line!r}: mark the block `# not run: ...`")
            continue
        done = _run(argv, root, cwd)
        got = "\n".join(text.rstrip() for text in done.stdout.strip("\n").split("\n"))
        want = "\n".join(text.rstrip() for text in shown.strip("\n").split("\n"))
        if done.returncode != 0 or got != want:
            failures.append(
                f"{block.where}: {line!r} exited {done.returncode}\n"
                f"--- shown\n{want}\n--- got\n{got}\n{done.stderr}"
            )
    return failures


def run_shell(block: Block, root: Path, cwd: Path) -> list[str]:
    failures = []
    for line in block.code.split("\n"):
        argv = command(line, root)
        if argv is None:
            failures.append(f"{block.where}: cannot run {line!r}: mark the block `# not run: ...`")
        elif argv:
            done = _run(argv, root, cwd)
            if done.returncode != 0:
                failures.append(f"{block.where}: {line!r} exited {done.returncode}\n{done.stderr}")
    return failures


def run_sql(block: Block, root: Path, cwd: Path) -> list[str]:
    database = cwd / "docs-examples.db"
    if not database.exists():
        argv = [sys.executable, "-m", "llm_catalog._export", "--format", "sqlite"]
        made = _run([*argv, "-o", str(database)], root, cwd)
        if made.returncode != 0:
            return [f"{block.where}: the SQLite export failed\n{made.stderr}"]
    failures = []
    with sqlite3.connect(database) as connection:
        for statement in (s for s in block.code.split(";") if s.strip()):
            try:
                rows = connection.execute(statement).fetchall()
            except sqlite3.Error as error:
                failures.append(f"{block.where}: {error}\n{statement.strip()}")
                continue
            if not rows:
                failures.append(f"{block.where}: no rows\n{statement.strip()}")
    return failures


def run_page(path: Path, root: Path, cwd: Path, summary: dict[str, dict[str, int]]) -> list[str]:
    scope: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    counts = summary.setdefault(path.name, {})
    failures: list[str] = []
    for block in blocks(path):
        if block.skipped:
            kind = "not run"
        elif block.lang == "python":
            kind = "doctest" if ">>>" in block.code else "python"
            failures += run_python(block, scope)
        elif block.lang == "console":
            kind = "console"
            failures += run_console(block, root, cwd)
        elif block.lang == "sh":
            kind = "sh"
            failures += run_shell(block, root, cwd)
        elif block.lang == "sql":
            kind = "sql"
            failures += run_sql(block, root, cwd)
        else:
            kind = "unknown"
            failures.append(f"{block.where}: a ```{block.lang} block: no way to run it")
        counts[kind] = counts.get(kind, 0) + 1
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("pages", type=Path, nargs="+")
    args = parser.parse_args(argv)
    summary: dict[str, dict[str, int]] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for page in args.pages:
            failures += run_page(page.resolve(), args.root.resolve(), Path(scratch), summary)
    for failure in failures:
        print(failure, end="\n\n")
    print(json.dumps(summary, sort_keys=True))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
