"""A cold build against a cached rebuild over the same stored corpus.

    .venv/bin/python -m benchmarks.cached_rebuild [--articles 600] [--no-timebank] [--json]

Makes a corpus of at least ``--articles`` articles (the TempEval-3 TimeBank/AQUAINT texts from
``../shared/data/tempeval3`` when present, topped up with articles made by combining the seeds'
sentences), ingests it into a temporary store, then makes the brief twice from the store: cold
(nothing cached: spaCy runs on every article) and again (every article's facts come from the
cache). It counts the articles handed to spaCy each time; the cached rebuild must hand it none.
A benchmark, not a test: it prints figures and fails only if the cache was not used.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import briefing.build as build_module
from briefing.build import brief_from_articles, ingest
from briefing.config import Settings
from briefing.ingest import load
from briefing.store import open_store
from briefing.timing import StageTimer

REPO = Path(__file__).resolve().parents[1]
OUTLETS = ("Radio Free Europe/Radio Liberty", "The Palestine Chronicle", "The Moscow Times", "Al-Monitor", "Reuters")


def seed_sentences() -> list[str]:
    sentences = []
    for article in load([REPO / "seeds"]).articles:
        for paragraph in article.text.split("\n"):
            sentences += [s.strip() for s in re.split(r"(?<=[.!?\u201d])\s+(?=[A-Z\u201c])", paragraph) if len(s) > 40]
    return sentences


def corpus_records(n: int, use_timebank: bool = True, seed: int = 7, first: int = 0) -> list[dict]:
    """At least ``n`` JSON article records, TimeBank texts first, then combined seed sentences
    (numbered from ``first``, so a top-up never repeats an earlier record)."""
    records: list[dict] = []
    if use_timebank:
        from benchmarks.stage_times import timebank_articles

        for article in timebank_articles() or []:
            records.append({"text": article.text, "published": article.published, "title": article.path})
    pool = seed_sentences()
    rng = random.Random(seed + first)
    start = date(2018, 1, 1)
    while len(records) < n:
        k = first + len(records)
        body = " ".join(rng.sample(pool, min(len(pool), rng.randint(6, 14))))
        records.append(
            {
                "text": f"Report {k}.\n\n{body}",
                "title": f"Generated report {k}",
                "published": (start + timedelta(days=k % 120)).isoformat(),
                "outlet": OUTLETS[k % len(OUTLETS)],
            }
        )
    return records


def _ingest(records: list[dict], path: Path, store):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return ingest([path], store)


class CountingExtract:
    """Wraps the language pass the build calls, counting the articles handed to spaCy."""

    def __init__(self) -> None:
        self.articles = 0
        self.calls = 0
        self.original = build_module.extract_facts

    def __call__(self, articles, *args, **kwargs):
        self.calls += 1
        self.articles += len(articles)
        return self.original(articles, *args, **kwargs)


def run(n: int, use_timebank: bool, model: str) -> dict:
    settings = Settings(spacy_model=model)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        folder = Path(tmp)
        records = corpus_records(n, use_timebank)
        with open_store(folder / "store.sqlite3") as store:
            started = time.perf_counter()
            summary = _ingest(records, folder / "corpus.jsonl", store)
            while store.count() < n:  # a text may be skipped (nothing left after cleaning) or repeated
                extra = corpus_records(n - store.count(), use_timebank=False, first=len(records))
                records += extra
                summary = _ingest(extra, folder / f"extra-{len(records)}.jsonl", store)
            ingest_seconds = time.perf_counter() - started
            articles = store.select()
            counter = CountingExtract()
            build_module.extract_facts = counter
            try:
                figures = {}
                for name in ("cold", "cached"):
                    before_articles, before_calls = counter.articles, counter.calls
                    timer = StageTimer()
                    started = time.perf_counter()
                    brief, report = brief_from_articles(articles, settings, timer=timer, store=store)
                    figures[name] = {
                        "seconds": round(time.perf_counter() - started, 2),
                        "spacy_articles": counter.articles - before_articles,
                        "extract_calls": counter.calls - before_calls,
                        "cache_hits": report.hits,
                        "cache_misses": report.misses,
                        "stages": {k: round(v, 2) for k, v in timer.seconds.items()},
                        "actors": len(brief.actors),
                        "events": len(brief.events),
                    }
            finally:
                build_module.extract_facts = counter.original
            size = sum(p.stat().st_size for p in folder.glob("store.sqlite3*"))
    return {
        "articles": len(articles),
        "from_timebank": sum(1 for r in records if "outlet" not in r),
        "ingest": {"seconds": round(ingest_seconds, 2), "last": summary.line()},
        "store_bytes": size,
        **figures,
        "speedup": round(figures["cold"]["seconds"] / max(figures["cached"]["seconds"], 1e-9), 1),
    }


def format_table(result: dict) -> str:
    cold, cached = result["cold"], result["cached"]
    lines = [
        f"Corpus: {result['articles']} stored articles ({result['from_timebank']} TimeBank/AQUAINT texts, "
        f"the rest combined from the seeds' sentences); ingest {result['ingest']['seconds']} s "
        f"(last batch: {result['ingest']['last']}); store {result['store_bytes'] / 1e6:.1f} MB",
        "",
        f"{'':<16}{'seconds':>10}{'spaCy articles':>16}{'extract calls':>15}{'cache hits':>12}",
        f"{'cold build':<16}{cold['seconds']:>10}{cold['spacy_articles']:>16}{cold['extract_calls']:>15}"
        f"{cold['cache_hits']:>12}",
        f"{'cached rebuild':<16}{cached['seconds']:>10}{cached['spacy_articles']:>16}{cached['extract_calls']:>15}"
        f"{cached['cache_hits']:>12}",
        "",
        f"Speed-up: {result['speedup']}x. Cached rebuild stages: "
        + ", ".join(f"{k} {v} s" for k, v in cached["stages"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="at least this many articles (default 600)")
    parser.add_argument("--no-timebank", action="store_true", help="only articles combined from the seeds")
    parser.add_argument("--model", default=Settings().spacy_model, help="spaCy pipeline")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(max(args.articles, 1), not args.no_timebank, args.model)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    if result["cached"]["spacy_articles"] or result["cached"]["extract_calls"]:
        print("error: the cached rebuild ran spaCy", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
