"""Where the language pass spends its time: spaCy itself against our extractors.

    .venv/bin/python -m benchmarks.stage_times [--timebank] [--json]

Runs the real pipeline (`briefing.nlp.pipeline.extract_facts`) over the seeds and, with
``--timebank``, over the TempEval-3 texts as well (256 news documents; skipped with a message
when ``../shared/data`` is absent), and prints seconds per stage and each extractor's share of
the spaCy pass. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from briefing.config import Settings
from briefing.ingest import load
from briefing.model import Article
from briefing.nlp.pipeline import extract_facts
from briefing.timing import StageTimer

REPO = Path(__file__).resolve().parents[1]
EXTRACTORS = ("sentences", "mentions", "quotes", "dates")


def timebank_articles() -> list[Article] | None:
    from benchmarks.tempeval import default_data_dir, load_corpus

    folder = default_data_dir()
    if folder is None:
        return None
    return [
        Article(id=f"tb{i}", path=doc.name, text=doc.text, published=doc.dct)
        for i, doc in enumerate(load_corpus(folder))
    ]


def measure(articles: list[Article], model: str) -> dict:
    extract_facts(articles[:1], model)  # load the model outside the measurement
    timer = StageTimer()
    extract_facts(articles, model, timer=timer)
    spacy_seconds = timer.seconds["spacy"]
    return {
        "articles": len(articles),
        "characters": sum(len(a.text) for a in articles),
        "seconds": {k: round(v, 4) for k, v in timer.seconds.items() if k != "spacy load"},
        "share_of_spacy_pass": {k: round(timer.seconds[k] / spacy_seconds, 4) for k in EXTRACTORS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timebank", action="store_true", help="also time the TempEval-3 texts")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    model = Settings().spacy_model
    corpora = {"seeds": list(load([REPO / "seeds"]).articles)}
    if args.timebank:
        texts = timebank_articles()
        if texts is None:
            print("TempEval-3 data not found next to the checkout (../shared/data/tempeval3): skipped", file=sys.stderr)
        else:
            corpora["timebank"] = texts
    results = {name: measure(articles, model) for name, articles in corpora.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, result in results.items():
        print(f"{name}: {result['articles']} articles, {result['characters']:,} characters")
        for stage, seconds in result["seconds"].items():
            share = result["share_of_spacy_pass"].get(stage)
            note = f"  ({100 * share:.1f} % of the spaCy pass)" if share is not None else ""
            print(f"  {stage:<10} {seconds:8.3f} s{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
