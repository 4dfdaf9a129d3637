"""Before and after: the budget rows for two checkouts, in one interleaved run.

    uv run python bench/compare.py BEFORE_DIR [AFTER_DIR]   # AFTER defaults to this repo
    uv run python bench/compare.py BEFORE_DIR --no-slow     # without update and mypy

`bench/run.py` measures one checkout against bare python. A change's cost is the
difference between two checkouts, and on a noisy machine only runs interleaved in
one process compare fairly: each repetition runs every row of BEFORE and AFTER
back to back (in alternating order), so load from other processes hits both alike.
Each checkout is measured with its own committed package and generator. Rows:

Fresh interpreters (`--repeat` each; median wall time and peak memory, VmHWM):

- bare `python -c pass`, and the stdlib floor under the single-provider import
  (`import enum, _decimal, _datetime`: what it loads besides bare python);
- `import llm_catalog`;
- `from llm_catalog.openai import GPT_4O`;
- the same, then pricing one call (`GPT_4O.cost_of(input_tokens=1000,
  output_tokens=100)`), and one with cached tokens;
- the whole catalog (`list(llm_catalog.all_models())`).

Queries, warm (`--query-repeat` fresh interpreters per checkout, each loading every
provider first, then timing batches of calls; the median of their medians):
`find` with four criteria, a selective `find`, and `select`, as in
`bench/bench_query.py`.

Slow rows (`--slow-repeat` each, default 3; `--no-slow` skips them):

- `update`: the generator's whole run (a fresh process) of the recorded 2026-07-02
  release, models.dev with OpenRouter and LiteLLM, into a temporary copy of the
  checkout that holds the two earlier recorded releases: the last of the three
  `update` commands that rebuild the committed history (as `tests/test_history.py`
  does), offline, from `../shared/upstream/`. Each checkout's own
  generator runs in its own virtualenv (`.venv`, else this interpreter); the copy
  is made afresh for every run and not timed.
- cold `mypy --strict` of a user's script that imports the catalog
  (`from llm_catalog.openai import GPT_4O`, `find(...)`, `cost_of(...)`), in a
  project outside the checkout, with the checkout on `MYPYPATH` and an empty
  `--cache-dir` for every run: the package type-checked as a user sees it (the run
  must find no error). The same mypy (this interpreter's) for both checkouts.

With `--instructions`, each interpreter row also runs once per checkout under
`valgrind --tool=cachegrind` (with `PYTHONHASHSEED=0`): the instructions it executes,
which load from other processes does not move, beside the wall times.

Each checkout's package is byte-compiled first (these machines set
`PYTHONDONTWRITEBYTECODE=1`, so an uncompiled package would be parsed on every
run; the variable is unset for the measured runs, so the generator's and mypy's
own modules are compiled by the first, untimed, runs too). Printed: a Markdown
table of medians per row and checkout, AFTER as a multiple of BEFORE, the
interpreter rows also as multiples of bare python and of the stdlib floor, and
the issue 15 budget (the single-provider import within 10% of BEFORE).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import (  # noqa: E402
    HIGH_WATER,
    PRICE_ONE_CALL,
    STDLIB_FLOOR,
    UPSTREAM,
    MiB,
    machine,
    run_once,
)

ROWS = {
    "bare python": "pass",
    "stdlib floor": STDLIB_FLOOR,
    "import llm_catalog": "import llm_catalog",
    "one provider": "from llm_catalog.openai import GPT_4O",
    "one provider, price one call": PRICE_ONE_CALL,
    "one provider, price one call with cached tokens": (
        "from llm_catalog.openai import GPT_4O\n"
        "GPT_4O.cost_of(input_tokens=1000, output_tokens=100, cache_read_tokens=600)"
    ),
    "whole catalog": "import llm_catalog\nlist(llm_catalog.all_models())",
}
"""Fresh-interpreter rows: `python -c CODE` with the checkout's package."""

QUERIES = {
    "find, four criteria": (
        "find(require={TOOL}, input_modalities={IMAGE}, min_context=128_000,"
        " max_input_cost=Decimal(3))",
        200,
    ),
    "find, selective": (
        "find(providers={'anthropic'}, require={REASONING}, min_context=200_000)",
        2000,
    ),
    "select": ("select(require={TOOL}, min_context=100_000, workload=WORK)", 100),
}
"""Warm query rows (those of `bench/bench_query.py`): the call, and calls per batch."""

QUERY_PROBE = """
import json, statistics, time
from decimal import Decimal
import llm_catalog
from llm_catalog import Capability, Modality, Workload, find, select
models = list(llm_catalog.all_models())
TOOL, REASONING, IMAGE = Capability.TOOL_CALL, Capability.REASONING, Modality.IMAGE
WORK = Workload(input_tokens=10_000, output_tokens=1_000)
found = {}
for name, (call, per_batch) in QUERIES.items():
    code = compile(call, name, "eval")  # a compiled call, as `timeit` times it
    eval(code)  # the first call builds the indexes it needs: not timed
    batches = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(per_batch):
            eval(code)
        batches.append((time.perf_counter() - start) / per_batch)
    found[name] = statistics.median(batches)
print(json.dumps(found))
"""

USER_SCRIPT = """\
from decimal import Decimal

from llm_catalog import find
from llm_catalog.openai import GPT_4O

bill = GPT_4O.cost_of(input_tokens=1000, output_tokens=100)
total: Decimal = bill.total
cheap = find(min_context=128_000, max_input_cost=Decimal(3))
print(total, len(cheap), cheap[0].key if cheap else None)
"""
"""A user's script, type-checked cold by the mypy row."""

UPDATE_SOURCES = {
    "source": "models-dev-2026-07-02.json",
    "openrouter": "openrouter-models-2026-07-01.json",
    "litellm": "litellm-model-prices-1.106.2.json",
}
SOURCE_URLS = {
    "source": "https://models.dev/api.json",
    "openrouter": "https://openrouter.ai/api/v1/models",
    "litellm": "https://raw.githubusercontent.com/BerriAI/litellm/main/"
    "model_prices_and_context_window.json",
}
EARLIER = ("2025-09-01", "2026-03-01")
"""The recorded releases before 2026-07-02 (models.dev only, `--primary-only`)."""

UPDATE_ROW = "update: 2026-07-02 release, 3 sources (fresh process)"
MYPY_ROW = "mypy --strict, cold, a user's script"


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)  # the checkout's package, not an installed one
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _tool_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _turns(roots: dict[str, Path], repeat: int) -> list[list[tuple[str, Path]]]:
    """ABBA: whichever runs second in a pair gains from the first's warm caches, so
    the order flips every repetition."""
    order = list(roots.items())
    return [order if turn % 2 == 0 else order[::-1] for turn in range(repeat)]


Samples = dict[tuple[str, str], list[float]]


def measure_interpreters(roots: dict[str, Path], repeat: int) -> tuple[Samples, Samples]:
    """(row, checkout) -> wall seconds, and -> peak bytes (VmHWM), per repetition."""
    walls: Samples = {}
    peaks: Samples = {}
    for root in roots.values():  # warm the file cache; not counted
        for code in ROWS.values():
            run_once([sys.executable, "-c", code], root, _env(root))
    for order in _turns(roots, repeat):
        for row, code in ROWS.items():
            for label, root in order:
                wall, _, _ = run_once([sys.executable, "-c", code], root, _env(root))
                walls.setdefault((row, label), []).append(wall)
                _, _, out = run_once([sys.executable, "-c", code + HIGH_WATER], root, _env(root))
                kib = next(line.split()[1] for line in out.splitlines() if "@@VmHWM" in line)
                peaks.setdefault((row, label), []).append(float(kib) * 1024)
    return walls, peaks


def count_instructions(roots: dict[str, Path]) -> dict[tuple[str, str], float] | None:
    """(row, checkout) -> instructions executed by the whole interpreter (cachegrind's
    `I refs`), or None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counts = {}
    for row, code in ROWS.items():
        for label, root in roots.items():
            argv = [
                valgrind,
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                sys.executable,
                "-c",
                code,
            ]
            env = {**_env(root), "PYTHONHASHSEED": "0"}
            done = subprocess.run(
                argv, cwd=root, env=env, capture_output=True, text=True, check=True
            )
            lines = (" ".join(line.split()) for line in done.stderr.splitlines())
            refs = next(line for line in lines if "I refs:" in line)  # "==PID== I refs: N"
            counts[(row, label)] = float(refs.split("I refs:")[1].replace(",", ""))
    return counts


def measure_queries(roots: dict[str, Path], repeat: int) -> Samples:
    """(row, checkout) -> each probe's median seconds per call, warm."""
    code = f"QUERIES = {json.dumps(QUERIES)}\n{QUERY_PROBE}"
    found: Samples = {}
    for order in _turns(roots, repeat):
        for label, root in order:
            out = run_once([sys.executable, "-c", code], root, _env(root))[2]
            for row, seconds in json.loads(out).items():
                found.setdefault((row, label), []).append(seconds)
    return found


def checkout_python(root: Path) -> str:
    """The checkout's own interpreter (its locked generator dependencies), if it has one."""
    venv = root / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def update_argv(python: str, root: Path, target: Path, date: str, *, primary: bool) -> list[str]:
    argv = [python, "-m", "generator", "--root", str(target), "update", "-q", "--date", date]
    if primary:
        source = UPSTREAM / f"models-dev-{date}.json"
        return [
            *argv,
            "--source",
            str(source),
            "--source-url",
            SOURCE_URLS["source"],
            "--primary-only",
        ]
    for name, file in UPDATE_SOURCES.items():
        argv += [f"--{name}", str(UPSTREAM / file), f"--{name}-url", SOURCE_URLS[name]]
    return argv


def prepare_update(root: Path, scratch: Path) -> Path:
    """A copy of `root` without its generated files and history, then the two earlier
    releases written into it (as the history rebuild does): what the timed update of
    2026-07-02 starts from. Not timed."""
    target = scratch / "prepared"
    target.mkdir(parents=True)
    shutil.copy2(root / "pyproject.toml", target / "pyproject.toml")
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", target / "overrides")
    shutil.copytree(
        root / "llm_catalog",
        target / "llm_catalog",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    for path in (target / "llm_catalog").rglob("*.py"):
        if path.read_text("utf-8").startswith("# Generated by llm-catalog"):
            path.unlink()
    (target / "snapshots").mkdir()
    python = checkout_python(root)
    for date in EARLIER:
        run_once(update_argv(python, root, target, date, primary=True), root, _tool_env())
    return target


def measure_slow(roots: dict[str, Path], repeat: int, scratch: Path) -> Samples:
    """(row, checkout) -> seconds of each whole update and each cold mypy run."""
    prepared = {}
    projects = {}
    for label, root in roots.items():
        print(f"[{label}] preparing the update's starting copy ...", file=sys.stderr)
        prepared[label] = prepare_update(root, scratch / label)
        project = scratch / label / "user-project"
        project.mkdir()
        (project / "user_script.py").write_text(USER_SCRIPT, "utf-8")
        projects[label] = project

    def update(label: str, root: Path) -> float:
        target = scratch / label / "updated"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(prepared[label], target, symlinks=True)
        argv = update_argv(checkout_python(root), root, target, "2026-07-02", primary=False)
        wall = run_once(argv, root, _tool_env())[0]
        shutil.rmtree(target, ignore_errors=True)
        return wall

    def mypy(label: str, root: Path) -> float:
        with tempfile.TemporaryDirectory(prefix="mypy-cold-") as cache:
            argv = [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--python-version=3.11",
                f"--cache-dir={cache}",
                "--no-error-summary",
                "user_script.py",
            ]
            env = {**_tool_env(), "MYPYPATH": str(root)}
            return run_once(argv, projects[label], env)[0]

    slow: dict[str, Callable[[str, Path], float]] = {UPDATE_ROW: update, MYPY_ROW: mypy}
    for label, root in roots.items():  # warm: bytecode of the tools, file cache
        mypy(label, root)
    found: Samples = {}
    for number, order in enumerate(_turns(roots, repeat), start=1):
        print(f"[slow] repetition {number} of {repeat} ...", file=sys.stderr)
        for row, run in slow.items():
            for label, root in order:
                found.setdefault((row, label), []).append(run(label, root))
    return found


def _ms(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def table(
    walls: Samples, peaks: Samples, others: Samples, labels: list[str], commands: dict[str, str]
) -> str:
    before, after = labels
    lines = [
        f"| row | reps | {before} | {after} | {after} / {before} | x python ({before} → {after})"
        f" | x floor ({before} → {after}) | peak MiB ({before} → {after})"
        f" | min to max ({before}; {after}) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def med(samples: Samples, row: str, label: str) -> float:
        return statistics.median(samples[(row, label)])

    def spread(samples: Samples, row: str) -> str:
        """The range of each checkout's samples: how far to trust a ratio of medians."""
        ranges = (samples[(row, label)] for label in labels)
        return "; ".join(f"{_ms(min(r))} to {_ms(max(r))}" for r in ranges)

    for row in ROWS:
        tb, ta = med(walls, row, before), med(walls, row, after)
        pb, pa = med(walls, "bare python", before), med(walls, "bare python", after)
        fb, fa = med(walls, "stdlib floor", before), med(walls, "stdlib floor", after)
        mb, ma = med(peaks, row, before), med(peaks, row, after)
        lines.append(
            f"| {row} | {len(walls[(row, before)])} | {_ms(tb)} | {_ms(ta)} | {ta / tb:.2f} "
            f"| {tb / pb:.2f} → {ta / pa:.2f} | {tb / fb:.2f} → {ta / fa:.2f} "
            f"| {mb / MiB:.1f} → {ma / MiB:.1f} | {spread(walls, row)} |"
        )
    for row in dict.fromkeys(r for r, _ in others):
        tb, ta = med(others, row, before), med(others, row, after)
        reps = len(others[(row, before)])
        lines.append(
            f"| {row} | {reps} | {_ms(tb)} | {_ms(ta)} | {ta / tb:.2f} |  |  |  "
            f"| {spread(others, row)} |"
        )
    lines += ["", "Commands:", ""]
    lines += [f"- {row}: `{code}`" for row, code in commands.items()]
    return "\n".join(lines)


def instruction_table(counts: dict[tuple[str, str], float], labels: list[str]) -> str:
    before, after = labels
    lines = [
        f"| row | {before}, M instructions | {after}, M instructions | {after} / {before} "
        f"| {after} minus bare python, M |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in ROWS:
        b, a = counts[(row, before)], counts[(row, after)]
        own = a - counts[("bare python", after)]
        lines.append(f"| {row} | {b / 1e6:.1f} | {a / 1e6:.1f} | {a / b:.3f} | {own / 1e6:.1f} |")
    return "\n".join(lines)


def budget(walls: Samples, labels: list[str]) -> str:
    """Issue 15's budget: the single-provider import within 10% of BEFORE."""
    before, after = labels
    row = "one provider"
    ratio = statistics.median(walls[(row, after)]) / statistics.median(walls[(row, before)])
    verdict = "met" if ratio <= 1.10 else "MISSED"
    return (
        f"Budget (issue 15): `from llm_catalog.openai import GPT_4O` within 10% of "
        f"{before}: {after} is {ratio:.2f}x ({(ratio - 1) * 100:+.1f}%): {verdict}"
    )


def describe(root: Path) -> str:
    head = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h %cs %s"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{root}: {head[:90] or 'not a git checkout'}{' (with uncommitted changes)' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="a checkout of the earlier commit")
    parser.add_argument("after", type=Path, nargs="?", default=REPO)
    parser.add_argument("--repeat", type=int, default=20, help="runs per interpreter row")
    parser.add_argument("--query-repeat", type=int, default=5, help="probes per checkout")
    parser.add_argument("--slow-repeat", type=int, default=3, help="updates and mypy runs")
    parser.add_argument("--no-slow", action="store_true", help="skip the update and mypy rows")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    args = parser.parse_args(argv)
    roots = {"before": args.before.resolve(), "after": args.after.resolve()}
    for root in roots.values():
        if not (root / "llm_catalog" / "__init__.py").is_file():
            parser.error(f"{root} is not a checkout of llm-catalog")
        compileall.compile_dir(root / "llm_catalog", quiet=1)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"[interpreters] {args.repeat} repetitions ...", file=sys.stderr)
    walls, peaks = measure_interpreters(roots, args.repeat)
    print(f"[queries] {args.query_repeat} probes per checkout ...", file=sys.stderr)
    others = measure_queries(roots, args.query_repeat)
    commands = dict(ROWS)
    commands |= {row: call for row, (call, _) in QUERIES.items()}
    if not args.no_slow:
        with tempfile.TemporaryDirectory(prefix="llm-catalog-compare-") as scratch:
            others |= measure_slow(roots, args.slow_repeat, Path(scratch))
        commands[UPDATE_ROW] = " ".join(
            ["python -m generator --root COPY update", "-q --date 2026-07-02"]
            + [f"--{name} {UPSTREAM.name}/{file}" for name, file in UPDATE_SOURCES.items()]
        )
        script = "; ".join(line for line in USER_SCRIPT.splitlines() if line)
        commands[MYPY_ROW] = (
            f"MYPYPATH=CHECKOUT mypy --strict --cache-dir=EMPTY user_script.py, the script: {script}"
        )
    load = os.getloadavg()
    print(f"Started {started} on {machine()}, load average {load[0]:.1f} at the end.")
    for label, root in roots.items():
        print(f"{label}: {describe(root)}")
    print()
    commands = {row: code.replace("\n", "; ") for row, code in commands.items()}
    print(table(walls, peaks, others, list(roots), commands))
    print()
    print(budget(walls, list(roots)))
    if args.instructions:
        print(f"[instructions] valgrind, {len(ROWS) * 2} runs ...", file=sys.stderr)
        counts = count_instructions(roots)
        print()
        print(instruction_table(counts, list(roots)) if counts else "valgrind not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
