"""`briefing stories` on a store of 5,000 articles with the language pass cached: how long it takes.

    .venv/bin/python -m benchmarks.stories_store_speed [--articles 5000] [--source STORE] [--keep DIR]

The articles are real: those of the story benchmark's cache (``benchmarks.stories_eval`` fills
it: ECB+, Giveme5W1H and Timeline17, 2,516 articles), copied until there are ``--articles`` (a
copy's text gets a closing line, so it is a new article, and it reuses the original's cached
facts, so no spaCy runs here). Three runs of the command, each a fresh process, as a user meets
them:

1. the first ``briefing stories`` on the store: every article is grouped (facts read from the
   cache, features, grouping, state saved);
2. the same again: nothing new, the stories are listed;
3. after 100 more articles are stored: only those are placed (the saved state is loaded, the
   100 added, the state saved), then the stories listed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stories_eval import default_store


def make_store(source: Path, target: Path, count: int, extra: int) -> list:
    """Fill ``target`` with ``count`` articles made from the cached ones in ``source``; return
    ``extra`` more (article, facts) pairs, for :func:`store_more`."""
    from briefing.config import Settings
    from briefing.ingest import article_id
    from briefing.store import Selection, open_store, pipeline_version

    version = pipeline_version(Settings().spacy_model)
    with open_store(source) as cache:
        originals = cache.select(Selection())
        facts = cache.cached(originals, version)
    originals = [a for a in originals if facts.get(_hash(a))]
    if not originals:
        raise SystemExit(f"no cached facts in {source}: run `python -m benchmarks.stories_eval` first")
    made = []
    copy = 0
    while len(made) < count + extra:
        for article in originals:
            if len(made) >= count + extra:
                break
            text = article.text if copy == 0 else f"{article.text}\n\n(Copy {copy}.)"
            variant = dataclasses.replace(article, id=article_id(text), text=text, path=f"{article.path}#copy{copy}")
            made.append((variant, dataclasses.replace(facts[_hash(article)], article=variant)))
        copy += 1
    store_more(target, made[:count])
    return made[count:]


def store_more(target: Path, pairs: list) -> None:
    """Store articles with their facts cached, as an ingest and a language pass would leave them."""
    from briefing.config import Settings
    from briefing.store import open_store, pipeline_version

    version = pipeline_version(Settings().spacy_model)
    with open_store(target) as store:
        for variant, found in pairs:
            store.add(variant)
            store.save_facts(found, version)


def _hash(article) -> str:
    from briefing.store import content_hash

    return content_hash(article.text)


def timed_stories(store: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user and system) of one `briefing stories --store STORE` in a fresh
    process, and its first line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "-q", "stories", "--store", str(store), "--limit", "3"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip().splitlines()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--source", type=Path, default=default_store(), help="a store with cached facts")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(
            f"No cached facts at {args.source}: run `python -m benchmarks.stories_eval` first (needs ../shared/data)."
        )
        return 0
    with tempfile.TemporaryDirectory() as folder:
        root = args.keep or Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        target = root / "stories-speed.sqlite3"
        target.unlink(missing_ok=True)
        started = time.perf_counter()
        extra = make_store(args.source, target, args.articles, 100)
        print(f"Store of {args.articles} articles with cached facts made in {time.perf_counter() - started:.1f} s")
        rows = [(f"first `briefing stories`: {args.articles} articles grouped", *timed_stories(target))]
        rows.append(("again: nothing new, stories listed", *timed_stories(target)))
        store_more(target, extra)
        rows.append(("after 100 more stored: 100 placed, stories listed", *timed_stories(target)))
        print("| run | wall s | CPU s | output |")
        print("| --- | --- | --- | --- |")
        for what, wall, cpu, line in rows:
            print(f"| {what} | {wall:.1f} | {cpu:.1f} | {line} |")
        print(f"Load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
