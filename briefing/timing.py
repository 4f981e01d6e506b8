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

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start

    def total(self) -> float:
        return sum(self.seconds.values())

    def table(self) -> str:
        total = self.total() or 1.0
        rows = [f"{name:<16} {secs:8.3f} s {100 * secs / total:5.1f} %" for name, secs in self.seconds.items()]
        return "\n".join(rows)
