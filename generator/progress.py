"""Progress of a long run: each stage of `update` and how long it took, on stderr.

A person watching a 15-second update sees it move (`pull`, `validate`, `normalize`,
`merge`, `history`, `render`, `format`, `write`); `--quiet` silences it. Durations
go to stderr only, never into a file the run writes, so output stays deterministic.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TextIO, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Progress:
    """Prints one line per finished stage: its name and duration."""

    def __init__(self, *, quiet: bool = True, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream
        self.stages: list[tuple[str, float]] = []
        """Every finished stage and its seconds, in order (also when quiet)."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name`; a stage that raises is not reported."""
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.stages.append((name, seconds))
        if not self.quiet:
            print(f"{name:<9} {seconds:6.2f} s", file=self.stream or sys.stderr, flush=True)

    def timed(self, name: str, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """`function(*args, **kwargs)`, timed as stage `name`."""
        with self.stage(name):
            return function(*args, **kwargs)


SILENT = Progress(quiet=True)
"""For callers that do not report progress (library use, tests)."""
