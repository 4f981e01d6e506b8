"""Wall time per stage, collected as the build runs, for `-v` output and the benchmarks."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager


class StageTimer:
    """Adds up the seconds spent in each named stage; stages may be entered many times."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        # stages (also) timed in worker processes: their seconds add up across processes, so they
        # can exceed the wall time of the stage that ran the workers ("workers")
        self.parallel: set[str] = set()

    def add(self, stage: str, seconds: float, parallel: bool = False) -> None:
        """Count ``seconds`` for ``stage`` measured elsewhere (e.g. in a worker process)."""
        self.seconds[stage] += seconds
        if parallel:
            self.parallel.add(stage)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start

    def total(self) -> float:
        """Wall time: stages timed inside worker processes are counted through "workers" only."""
        return sum(secs for name, secs in self.seconds.items() if name not in self.parallel)

    def table(self) -> str:
        total = self.total() or 1.0
        rows = []
        for name, secs in self.seconds.items():
            if name in self.parallel:
                rows.append(f"{name:<16} {secs:8.3f} s  (summed over worker processes)")
            else:
                rows.append(f"{name:<16} {secs:8.3f} s {100 * secs / total:5.1f} %")
        return "\n".join(rows)
