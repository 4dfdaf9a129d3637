"""Query benchmark, run by hand: `uv run python bench/bench_query.py`.

Times get_model/resolve, find (four criteria, and a selective one) and select,
each beside a linear scan over every model doing the same filtering, measured in
the same run so the ratios compare like with like. Warm: every provider module
and index is loaded before timing. Prints min / median / max in microseconds.

Targets (issue 3): get_model/resolve <= 2 us, four-criteria find <= 150 us median,
selective find <= 25 us, select <= 1 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import llm_catalog
from llm_catalog import Capability, Modality, Workload, find, get_model, resolve, select
from llm_catalog._costing import workload_total

MODELS = list(llm_catalog.all_models())
LEFT_OUT = ("deprecated", "retired")
"""What `find` and `select` leave out by default, with models of other kinds than
`chat`: the scans do the same, or they answer another question."""
TOOL, REASONING = Capability.TOOL_CALL, Capability.REASONING
IMAGE = Modality.IMAGE


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    return samples


def scan_four() -> list[llm_catalog.Model]:
    ceiling = Decimal(3)
    return [
        m
        for m in MODELS
        if TOOL in m.capabilities
        and IMAGE in m.modalities.input
        and m.limits.context is not None
        and m.limits.context >= 128_000
        and m.cost.input is not None
        and m.cost.input <= ceiling
        and m.status not in LEFT_OUT
        and m.kind == "chat"
    ]


def scan_selective() -> list[llm_catalog.Model]:
    return [
        m
        for m in MODELS
        if m.provider == "anthropic"
        and REASONING in m.capabilities
        and m.limits.context is not None
        and m.limits.context >= 200_000
        and m.status not in LEFT_OUT
        and m.kind == "chat"
    ]


WORK = Workload(input_tokens=10_000, output_tokens=1_000)


def scan_select() -> llm_catalog.Model | None:
    """Scan, then price every candidate with the same fast pricing `select` uses."""
    prompt, parts = WORK.parts()
    priced = tuple((p, t) for p, t in parts.items() if t)
    best = None
    for m in scan_candidates():
        total = workload_total(m, prompt, priced)
        if total is not None and (best is None or total < best[0]):
            best = (total, m)
    return None if best is None else best[1]


def scan_candidates() -> list[llm_catalog.Model]:
    return [
        m
        for m in MODELS
        if TOOL in m.capabilities
        and m.limits.context is not None
        and m.limits.context >= 100_000
        and m.status not in LEFT_OUT
        and m.kind == "chat"
    ]


def main() -> None:
    cases: list[tuple[str, Callable[[], object], Callable[[], object], int]] = [
        (
            "get_model('openai:gpt-4o')",
            lambda: get_model("openai:gpt-4o"),
            lambda: next(m for m in MODELS if m.key == "openai:gpt-4o"),
            20_000,
        ),
        (
            "resolve('claude-3-7-sonnet', provider=...)",
            lambda: resolve("claude-3-7-sonnet", provider="anthropic"),
            lambda: next(m for m in MODELS if m.key == "anthropic:claude-3-7-sonnet-20250219"),
            20_000,
        ),
        (
            f"find: four criteria ({len(scan_four()):,} hits)",
            lambda: find(
                require={TOOL},
                input_modalities={IMAGE},
                min_context=128_000,
                max_input_cost=Decimal(3),
            ),
            scan_four,
            500,
        ),
        (
            "find: selective (one provider)",
            lambda: find(providers={"anthropic"}, require={REASONING}, min_context=200_000),
            scan_selective,
            2_000,
        ),
        (
            "select: tool_call, 100k context",
            lambda: select(require={TOOL}, min_context=100_000, workload=WORK),
            scan_select,
            200,
        ),
    ]
    # Same answers, or the comparison means nothing.
    assert (
        find(
            require={TOOL}, input_modalities={IMAGE}, min_context=128_000, max_input_cost=Decimal(3)
        )
        == scan_four()
    )
    assert (
        find(providers={"anthropic"}, require={REASONING}, min_context=200_000) == scan_selective()
    )
    chosen, scanned = select(require={TOOL}, min_context=100_000, workload=WORK), scan_select()
    assert chosen is not None and scanned is not None
    assert (
        chosen.cost_of(input_tokens=10_000, output_tokens=1_000).total
        == scanned.cost_of(input_tokens=10_000, output_tokens=1_000).total
    )

    print(f"{len(MODELS):,} models; microseconds per call (warm)\n")
    header = f"{'query':<44} {'min':>8} {'median':>8} {'max':>9} {'scan med':>9} {'speedup':>8}"
    print(header)
    print("-" * len(header))
    for name, fast, scan, rounds in cases:
        f = timed(fast, rounds)
        s = timed(scan, max(rounds // 10, 20))
        ratio = statistics.median(s) / statistics.median(f)
        print(
            f"{name:<44} {min(f):>8.2f} {statistics.median(f):>8.2f} {max(f):>9.1f} "
            f"{statistics.median(s):>9.1f} {ratio:>7.1f}x"
        )


if __name__ == "__main__":
    main()
