"""Story grouping at scale: adding articles to a big index, and saving and loading its state.

    .venv/bin/python -m benchmarks.stories_speed [--articles 50000] [--added 100] [--seed 18]

The features are synthetic (no data set needed, the same on every machine): a Zipf-distributed
background vocabulary of 40,000 words, stories of 1 to 400 articles (most short, a few long)
each with its own topic words and names that drift as it goes on, and names shared by many
stories ("u.s." style), about 130 distinct words and 20 names per article like the Timeline17
and Giveme5W1H articles, dates over three years. An index of ``--articles`` is built once (its
time is printed too, but building is a one-off: a store adds articles as they come), then
``--added`` more articles are added one at a time, and the state goes through
``to_bytes``/``from_bytes``. Each step's wall and CPU seconds are printed, and the load average
(on a busy machine wall time grows, CPU time does not); never asserted (speed is a benchmark,
not a test). The default 50,000 takes about 17 minutes on a 2-core machine (grouping version 4:
the stream's widely shared names pull it into about 150 big stories; an arrival that joins one is
compared with the candidates again as part of it, which reads each smaller candidate whole, so
an arrival costs more the bigger the stories grow: 21 ms CPU an article building the index, 34
ms adding to it), almost all of it building the index; ``--articles 3000`` takes about 15 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta

from briefing.stories.features import StoryFeatures
from briefing.stories.grouping import StoryIndex


def synthetic(n: int, seed: int = 18, prefix: str = "a") -> list[StoryFeatures]:
    """``n`` articles' features in arrival order (see the module docstring)."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(40_000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    common_names = [f"country{i}" for i in range(60)]
    start = date(2016, 1, 1)
    stories = []
    made = 0
    while made < n:
        size = min(400, max(1, int(rng.paretovariate(1.1))))
        topic = rng.sample(vocabulary[2000:], 60)
        names = [f"person{rng.randrange(10**6)}" for _ in range(6)] + rng.sample(common_names, 2)
        stories.append((size, topic, names, start + timedelta(days=rng.randrange(3 * 365))))
        made += size
    queue = []
    for number, (size, topic, names, first) in enumerate(stories):
        for k in range(size):
            day = first + timedelta(days=int(k * rng.uniform(0.1, 1.5)))
            drift = topic[(k // 20) % 20 :][:40]  # the vocabulary moves as the story goes on
            words = Counter(rng.choices(vocabulary, weights=weights, k=220))
            words.update(rng.choices(drift, k=60))
            entities = Counter(rng.choices(names, k=25))
            entities.update(rng.sample(common_names, 3))
            entities.update(f"person{rng.randrange(10**6)}" for _ in range(5))
            queue.append((day, number, k, words, entities, day.year))
    queue.sort(key=lambda item: (item[0], item[1], item[2]))
    return [
        StoryFeatures(f"{prefix}{i}", words, entities, frozenset({str(year)}), day)
        for i, (day, _, _, words, entities, year) in enumerate(queue[:n])
    ]


class _Clock:
    """Wall and CPU seconds of a step (CPU: this process; on a busy machine wall grows, CPU not)."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s ({self.cpu:.2f} s CPU)"


def measure(articles: int, added: int, seed: int) -> list[tuple[str, str]]:
    everything = synthetic(articles + added, seed)
    base, extra = everything[:articles], everything[articles:]
    rows = []
    index = StoryIndex()
    with _Clock() as clock:
        index.add_all(base)
    rows.append(
        (
            f"build an index of {articles:,} articles (one-off)",
            f"{clock} ({1000 * clock.cpu / articles:.1f} ms CPU each)",
        )
    )
    rows.append(("stories in it", f"{len(index.stories):,}"))
    with _Clock() as clock:
        data = index.to_bytes()
    rows.append(("save: to_bytes", str(clock)))
    rows.append(("state size", f"{len(data) / 1e6:.1f} MB"))
    with _Clock() as clock:
        loaded = StoryIndex.from_bytes(data)
    rows.append(("load: from_bytes", str(clock)))
    with _Clock() as clock:
        placed = loaded.add_all(extra)
    rows.append((f"add {added} more articles, one at a time", f"{clock} ({1000 * clock.cpu / added:.1f} ms CPU each)"))
    # The stories each took when added, and where all are now (a later arrival may merge them).
    same = index.add_all(extra) == placed and index.story_of == loaded.story_of
    rows.append(("same decisions after the round trip", "yes" if same else "NO"))
    rows.append(("load average (1, 5, 15 min) at the end", ", ".join(f"{x:.1f}" for x in os.getloadavg())))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    rows = measure(args.articles, args.added, args.seed)
    print("| step | figure |")
    print("| --- | --- |")
    for step, figure in rows:
        print(f"| {step} | {figure} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
