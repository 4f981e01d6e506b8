"""Throughput of the language pass: this machine's process pool against a Dask LocalCluster.

    .venv/bin/python -m benchmarks.cluster_pass [--articles 500] [--repeat 2] [--workers 1 2]

One run, one corpus (ECB+ news articles from ``../shared/data/stories/ecbplus.jsonl`` when
present, else texts made from the seeds' sentences, every one different), one table: the local
pass with 1 process and 2 (the home-made pool), then a LocalCluster of 1 and 2 worker processes
(one thread each). Each figure is the best of ``--repeat`` rounds, each round running every
configuration in turn, every one in processes new to the corpus with the model loaded and the
pass run once on a short text before the clock starts (see ``measure``); the cluster's start-up
and model loads are printed apart, since a long-lived cluster pays them once. One LocalCluster
lives at a time. Beside the wall clock, the CPU seconds per article (this process,
the pool's processes, the cluster's workers) show the cost of each path apart from other work on
the machine. Goals
(issue 21): 2 cluster workers at least 1.7x one, and the cluster within 15% of the local pool at
the same worker count. On a shared 2-core machine the
figures move by several percent from run to run: the load average is printed with them. A
benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "stories" / "ecbplus.jsonl"


def corpus_articles(n: int, data: Path = ECBPLUS) -> tuple[list, str]:
    """``n`` articles as the build reads them, and where they come from: the first ``n`` ECB+
    articles the reader keeps (it drops a few: duplicates, furniture only) when the shared data is
    there and has enough, else generated from seed sentences."""
    import tempfile

    from briefing.build import read_sources

    if data.is_file():
        records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
        source = f"ECB+ ({data})"
    else:
        records, source = [], ""
    if len(records) < n + n // 10:  # room for what the reader drops
        from benchmarks.cached_rebuild import corpus_records

        records = corpus_records(n, use_timebank=False)
        source = "generated from the seeds' sentences (shared data absent)"
    records = [{"text": r["text"], **{k: r[k] for k in ("title", "outlet", "published") if k in r}} for r in records]
    with tempfile.TemporaryDirectory(prefix="briefing-cluster-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        read = read_sources([path], max_bytes=1 << 30)
    return list(read.articles[:n]), source


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _cpu_seconds(with_children: bool = False) -> float:
    """User and system CPU seconds of this process so far (run on a worker by ``client.run``), and
    of its finished child processes (the pool's) when asked."""
    import resource

    who = [resource.RUSAGE_SELF] + ([resource.RUSAGE_CHILDREN] if with_children else [])
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, who))


def _local_pass(articles: list, model: str, processes: int, answer) -> None:
    """In a fresh process: load the model, run the pass once over a short text (as the cluster's
    warm-up does), then time the pass over ``articles``; puts (seconds, CPU seconds of this process
    and its pool) on ``answer``."""
    from briefing.nlp.cluster import warm_up
    from briefing.nlp.pipeline import extract_facts

    warm_up(model)
    before = _cpu_seconds(with_children=True)
    seconds = timed(lambda: extract_facts(articles, model, processes=processes))
    answer.put((seconds, _cpu_seconds(with_children=True) - before))


def _local_run(articles: list, model: str, processes: int) -> tuple[float, float]:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    process = context.Process(target=_local_pass, args=(articles, model, processes, answer))
    process.start()
    result = answer.get()
    process.join()
    return result


def measure(articles: list, model: str, workers: list[int], repeat: int) -> list[dict]:
    """One row per path and worker count: the best of ``repeat`` passes, articles per second, the
    CPU seconds per article (the machine-independent cost: on a shared machine the wall clock
    moves with other work, the CPU seconds much less), and for a LocalCluster its start-up.

    Every pass starts alike: processes new to this corpus, the model loaded and the pass run once
    over a short text before the clock starts. (A process that has seen these articles before
    knows their words already, and spaCy is markedly faster on words it has seen: the local pass
    run again in one process would be flattered.) The local paths run in a fresh process each
    time, whose pool forks from it; each LocalCluster is started for its pass and closed after,
    so only one lives at a time. Each round runs every configuration in turn, so a burst of other
    work on a shared machine falls on all of them alike, and the fastest pass of each is kept."""
    from distributed import Client

    from briefing.nlp.cluster import extract_on_cluster, local_cluster, warm_workers

    best: dict[tuple[str, int], tuple[float, float]] = {}  # (path, workers) -> (seconds, CPU seconds)
    starts: dict[tuple[str, int], float] = {}

    def keep(key: tuple[str, int], seconds: float, cpu: float) -> None:
        if seconds < best.get(key, (float("inf"), 0.0))[0]:
            best[key] = (seconds, cpu)

    for _ in range(repeat):
        for n in workers:
            keep(("local pool", n), *_local_run(articles, model, n))
        for n in workers:
            started = time.perf_counter()
            with local_cluster(n) as cluster, Client(cluster, set_as_default=False) as client:
                warm_workers(client, model)
                start_up = time.perf_counter() - started
                starts["LocalCluster", n] = min(starts.get(("LocalCluster", n), start_up), start_up)
                before = sum(client.run(_cpu_seconds).values()) + _cpu_seconds()
                seconds = timed(lambda client=client: extract_on_cluster(articles, model, client))
                cpu = sum(client.run(_cpu_seconds).values()) + _cpu_seconds() - before
            keep(("LocalCluster", n), seconds, cpu)
    return [
        {
            "path": path,
            "workers": n,
            "seconds": secs,
            "rate": len(articles) / secs,
            "cpu_per_article": cpu / len(articles),
            "start": starts.get((path, n), 0.0),
        }
        for (path, n), (secs, cpu) in best.items()
    ]


def format_table(rows: list[dict]) -> str:
    """The table: articles/s, speed-up over the same path with one worker, cluster over local pool."""
    rate = {(r["path"], r["workers"]): r["rate"] for r in rows}
    lines = [
        f"{'path':<14}{'workers':>8}{'seconds':>9}{'articles/s':>12}{'speed-up':>10}{'vs local':>10}"
        f"{'CPU ms/article':>16}{'start-up s':>12}",
    ]
    for r in rows:
        one = rate.get((r["path"], 1))
        local = rate.get(("local pool", r["workers"]))
        speed = f"{r['rate'] / one:.2f}x" if one else "-"
        versus = f"{r['rate'] / local:.2f}x" if local and r["path"] != "local pool" else "-"
        start = f"{r['start']:.1f}" if r["path"] != "local pool" else "-"
        lines.append(
            f"{r['path']:<14}{r['workers']:>8}{r['seconds']:>9.2f}{r['rate']:>12.1f}{speed:>10}{versus:>10}"
            f"{1000 * r['cpu_per_article']:>16.1f}{start:>12}"
        )
    return "\n".join(lines)


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument(
        "--repeat", type=int, default=2, help="rounds (a pass of each configuration); the fastest counts"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (1 first)")
    args = parser.parse_args(argv)

    from briefing.config import Settings

    model = Settings().spacy_model
    articles, source = corpus_articles(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, from {source}")
    print(f"cores: {len(os.sched_getaffinity(0))}; load average before: {_load()}")
    rows = measure(articles, model, args.workers, max(1, args.repeat))
    print(format_table(rows))
    print(f"load average after: {_load()}")
    print(
        "speed-up: over the same path with 1 worker; vs local: the cluster's rate over the local pool's at the same "
        "worker count; start-up: the LocalCluster started and the model loaded on every worker (paid once); "
        "CPU ms/article: CPU time of this process, its pool and the cluster's workers, per article."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
