"""Before and after: the same import rows for two checkouts, in one interleaved run.

    uv run python bench/compare.py BEFORE_DIR [AFTER_DIR]   # AFTER defaults to this repo

`bench/run.py` measures one checkout against bare python. A change's cost is the
difference between two checkouts, and on a noisy machine only runs interleaved in
one process compare fairly: each repetition runs every row of BEFORE and AFTER
back to back (in alternating order), so load from other processes hits both alike. Rows:

- bare `python -c pass` (the floor both share);
- `import llm_catalog`;
- `from llm_catalog.openai import GPT_4O`;
- the same, then pricing one call (`GPT_4O.cost_of(input_tokens=1000, output_tokens=100)`);
- the whole catalog (`list(llm_catalog.all_models())`).

Each checkout's package is byte-compiled first (these machines set
`PYTHONDONTWRITEBYTECODE=1`, so an uncompiled package would be parsed on every
run). Printed: median wall time and peak memory (VmHWM) per row and checkout, and
AFTER as a multiple of BEFORE.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import HIGH_WATER, MiB, run_once  # noqa: E402

ROWS = {
    "bare python": "pass",
    "import llm_catalog": "import llm_catalog",
    "one provider": "from llm_catalog.openai import GPT_4O",
    "one provider, price one call": (
        "from llm_catalog.openai import GPT_4O\n"
        "GPT_4O.cost_of(input_tokens=1000, output_tokens=100)"
    ),
    "whole catalog": "import llm_catalog\nlist(llm_catalog.all_models())",
}


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)  # the checkout's package, not an installed one
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(roots: dict[str, Path], repeat: int) -> dict[tuple[str, str], tuple[float, float]]:
    """(row, checkout) -> (median seconds, median peak bytes)."""
    for root in roots.values():
        compileall.compile_dir(root / "llm_catalog", quiet=1)
    walls: dict[tuple[str, str], list[float]] = {}
    peaks: dict[tuple[str, str], list[float]] = {}
    for root in roots.values():  # warm the file cache; not counted
        for code in ROWS.values():
            run_once([sys.executable, "-c", code], root, _env(root))
    for turn in range(repeat):
        # ABBA: whichever runs second in a pair gains from the first's warm caches,
        # so the order flips every repetition.
        order = list(roots.items())
        if turn % 2:
            order.reverse()
        for row, code in ROWS.items():
            for label, root in order:
                wall, _, _ = run_once([sys.executable, "-c", code], root, _env(root))
                walls.setdefault((row, label), []).append(wall)
                _, _, out = run_once([sys.executable, "-c", code + HIGH_WATER], root, _env(root))
                kib = next(line.split()[1] for line in out.splitlines() if "@@VmHWM" in line)
                peaks.setdefault((row, label), []).append(float(kib) * 1024)
    return {key: (statistics.median(walls[key]), statistics.median(peaks[key])) for key in walls}


def table(results: dict[tuple[str, str], tuple[float, float]], labels: list[str]) -> str:
    before, after = labels
    lines = [
        f"| row | {before} ms | {after} ms | time x | {before} MiB | {after} MiB | memory x |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in ROWS:
        (tb, mb), (ta, ma) = results[(row, before)], results[(row, after)]
        lines.append(
            f"| {row} | {tb * 1000:.1f} | {ta * 1000:.1f} | {ta / tb:.2f} | "
            f"{mb / MiB:.1f} | {ma / MiB:.1f} | {ma / mb:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="a checkout of the earlier commit")
    parser.add_argument("after", type=Path, nargs="?", default=REPO)
    parser.add_argument("--repeat", type=int, default=20, help="runs per row and checkout")
    args = parser.parse_args(argv)
    roots = {"before": args.before.resolve(), "after": args.after.resolve()}
    for root in roots.values():
        if not (root / "llm_catalog" / "__init__.py").is_file():
            parser.error(f"{root} is not a checkout of llm-catalog")
    print(table(measure(roots, args.repeat), list(roots)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
