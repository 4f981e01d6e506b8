"""How the build scales: stage times, peak memory and the cost beside a bare spaCy pass.

    .venv/bin/python -m benchmarks.scale --sizes 50 500 5000 [--processes 1 2] [--language-processes 1 2]
        [--json PATH]

For each size it makes a corpus (the TempEval-3 TimeBank/AQUAINT texts from
``../shared/data/tempeval3`` when present, topped up with articles combined from the seeds'
sentences, as ``benchmarks.cached_rebuild`` does; outlets and dates vary), writes it as JSONL and,
in a fresh Python process per size (so peak memory is that size's own), measures:

- a bare ``nlp.pipe`` over the same texts with the pipeline exactly as ``spacy.load`` gives it
  and ``nlp.pipe``'s defaults (one process): parsing the articles once, the issue's floor;
- a bare ``nlp.pipe`` with our pipeline (``load_model``: our paragraph component, the indexed
  attribute ruler), once per ``--processes`` count (spaCy's own ``n_process``);
- our spaCy stage (spaCy plus our extractors, ``extract_facts``) once per
  ``--language-processes`` count, for the speed-up two processes give;
- a cold build without a store: ingest (read the JSONL), the language pass (spaCy, then our
  extractors: sentences, mentions, quotes, dates), analysis, and rendering all formats at once;
  with several processes the per-stage seconds of the language pass are summed over the
  workers (CPU seconds), and ``language_pass`` is its wall time;
- each output format on its own (``write_brief`` with that one format; md/html/pdf include the
  chart) and the chart alone, plus the PDF's page count and the size of each brief section;
- peak resident memory of the process (``ru_maxrss``) and of its spaCy worker processes.

Ratios, model load excluded on both sides: the whole cold build (``--build-processes``, default
"auto" as the real build: two processes from 200 articles on a 2-core machine) to the stock bare
pass ("build / stock bare", the issue's measure: its own speed-ups, fewer components and several
processes, are ours to count), and, stricter, to the bare pass of our pipeline with the same
process count, to the fastest bare pass, and, like for like, the build with a one-process
language pass to our pipeline's one-process bare pass. Growth is also given per 1,000 words
(article lengths differ between sizes) and without the render, which is bounded.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "spacy", "sentences", "mentions", "quotes", "dates", "analyse", "render")
EXTRACTION = ("sentences", "mentions", "quotes", "dates")
FORMATS = ("md", "html", "pdf", "json")
OUTLETS = (
    "Reuters",
    "Associated Press",
    "Al-Monitor",
    "The Moscow Times",
    "Radio Free Europe/Radio Liberty",
    "The Palestine Chronicle",
    "BBC News",
    "Deutsche Welle",
    "France 24",
    "The Guardian",
    "Kyiv Independent",
    "Times of Israel",
)


# --------------------------------------------------------------------------- corpus


def corpus(n: int, use_timebank: bool = True) -> list[dict]:
    """``n`` JSON article records from ``benchmarks.cached_rebuild``'s generator, every one with
    an outlet (the TimeBank texts have none of their own) and distinct titles."""
    from benchmarks.cached_rebuild import corpus_records

    records = corpus_records(n, use_timebank)[:n]
    for k, record in enumerate(records):
        record.setdefault("outlet", OUTLETS[(k * 7) % len(OUTLETS)])
        record["url"] = f"https://example.org/{k}"
    return records


SHARD = 1000  # records per JSONL file: the reader refuses files above 5 MB


def write_corpus(records: list[dict], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(0, len(records), SHARD):
        path = folder / f"corpus-{i // SHARD:03d}.jsonl"
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records[i : i + SHARD])
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def corpus_texts(n: int, use_timebank: bool = True) -> list[str]:
    """What spaCy is given for an ``n``-article corpus: the texts as the build reads them."""
    from briefing.build import read_sources
    from briefing.nlp.pipeline import _texts

    with tempfile.TemporaryDirectory(prefix="briefing-texts-") as tmp:
        read = read_sources(write_corpus(corpus(n, use_timebank), Path(tmp)))
    return list(_texts(read.articles))


# --------------------------------------------------------------------------- one size


def _maxrss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # kilobytes on Linux


def _pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(str(path)).pages)


def measure(
    n: int, processes: list[int], build_processes: str, use_timebank: bool, out: Path, language_processes: list[int]
) -> dict:
    """Every figure for one corpus size, in this process."""
    from briefing.analyse.brief import build_brief
    from briefing.build import read_sources
    from briefing.config import Settings
    from briefing.ingest import load_registry
    from briefing.nlp.pipeline import _texts, extract_facts, load_model, resolve_processes
    from briefing.render import chart as chart_mod
    from briefing.render import write_brief
    from briefing.timing import StageTimer

    settings = Settings()
    paths = write_corpus(corpus(n, use_timebank), out / "corpus")

    started = time.perf_counter()
    nlp = load_model(settings.spacy_model)
    model_seconds = time.perf_counter() - started

    timer = StageTimer()
    with timer("ingest"):
        read = read_sources(paths)
    articles = list(read.articles)
    texts = list(_texts(articles))
    list(nlp.pipe(texts[:8]))  # warm up (first-call allocations) outside every measurement

    bare: dict[str, float] = {}
    for p in processes:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, n_process=p):
            pass
        bare[str(p)] = time.perf_counter() - started

    used = resolve_processes(build_processes, len(articles))
    # Our spaCy stage (spaCy plus our extractors) with each process count; the build's own last,
    # so its facts go on to the analysis and only one set of facts is ever held at once.
    language: dict[str, float] = {}
    for p in [p for p in language_processes if p != used]:
        started = time.perf_counter()
        extract_facts(articles, settings.spacy_model, timer=StageTimer(), processes=p)
        language[str(p)] = time.perf_counter() - started
    started = time.perf_counter()
    facts = extract_facts(articles, settings.spacy_model, timer=timer, processes=used)
    language_seconds = time.perf_counter() - started
    with timer("analyse"):
        profiles = load_registry().profiles({f.article.outlet for f in facts})
        brief = build_brief(facts, settings, read.problems, outlet_profiles=profiles)
    del facts
    with timer("render"):
        write_brief(brief, out / "all", FORMATS, settings=settings)
    stages = {k: timer.seconds.get(k, 0.0) for k in STAGES}
    language_seconds -= timer.seconds.get("spacy load", 0.0)  # loaded above: no second load
    language[str(used)] = language_seconds
    rest = stages["ingest"] + stages["analyse"] + stages["render"]
    whole = rest + language_seconds

    formats: dict[str, float] = {}
    for fmt in FORMATS:
        started = time.perf_counter()
        write_brief(brief, out / fmt, [fmt], settings=settings)
        formats[fmt] = time.perf_counter() - started
    started = time.perf_counter()
    chart_mod.render(brief.events)
    formats["chart"] = time.perf_counter() - started

    if str(used) not in bare:  # the ratio needs the bare pass with the build's process count
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, n_process=used):
            pass
        bare[str(used)] = time.perf_counter() - started
    # Peak memory is the build's: taken before the stock pipeline below is loaded beside ours.
    peak_rss, peak_rss_workers = _maxrss_mb(resource.RUSAGE_SELF), _maxrss_mb(resource.RUSAGE_CHILDREN)
    stock_bare = _stock_pass(settings.spacy_model, texts)

    words = sum(len(t.split()) for t in texts)
    sections = {
        name: len(getattr(brief, name))
        for name in ("key_developments", "events", "actors", "other_actors", "quotes", "outlets", "sources", "notes")
    }
    sections["outlet_evidence"] = sum(len(o.evidence) for o in brief.outlets)
    return {
        "articles": len(articles),
        "characters": sum(len(t) for t in texts),
        "words": words,
        "model_load_seconds": round(model_seconds, 3),
        "build_processes": used,
        "stages": {k: round(v, 3) for k, v in stages.items()},
        "extraction": round(sum(stages[k] for k in EXTRACTION), 3),
        "formats": {k: round(v, 3) for k, v in formats.items()},
        "whole_build": round(whole, 3),
        "bare_spacy": {k: round(v, 3) for k, v in bare.items()},
        "bare_stock_spacy": round(stock_bare, 3),
        # The measure: the whole build against parsing the texts once with spaCy as it
        # comes (spacy.load, then nlp.pipe with its defaults).
        "ratio_to_stock_bare": round(whole / stock_bare, 3),
        "ratio_to_bare": round(whole / bare[str(used)], 3),
        "ratio_to_bare_1_process": round(whole / bare["1"], 3) if "1" in bare else None,
        "ratio_to_best_bare": round(whole / min(bare.values()), 3),
        # The whole build with a one-process language pass, to the one-process bare pass: like for like.
        "ratio_1_process_build": (
            round((rest + language["1"]) / bare["1"], 3) if "1" in language and "1" in bare else None
        ),
        "language_pass": {k: round(v, 3) for k, v in language.items()},
        "language_speedup": {k: round(language["1"] / v, 2) for k, v in language.items()} if "1" in language else {},
        "ms_per_article": round(1000 * whole / max(len(articles), 1), 2),
        # Article lengths differ between sizes (TimeBank texts first, then shorter seed-made
        # ones), so growth is also measured per 1,000 words, and without the bounded render.
        "ms_per_kword": round(1e6 * whole / max(words, 1), 2),
        "ms_per_kword_before_render": round(1e6 * (whole - stages["render"]) / max(words, 1), 2),
        "bare_ms_per_article": {k: round(1000 * v / max(len(articles), 1), 2) for k, v in bare.items()},
        "spacy_speedup": {k: round(bare["1"] / v, 2) for k, v in bare.items()} if "1" in bare else {},
        "peak_rss_mb": peak_rss,
        "peak_rss_children_mb": peak_rss_workers,
        "pdf_pages": _pdf_pages(out / "pdf" / "brief.pdf"),
        "pdf_bytes": (out / "pdf" / "brief.pdf").stat().st_size,
        "sections": sections,
    }


def _stock_pass(model: str, texts: list[str]) -> float:
    """Seconds for ``nlp.pipe`` over ``texts`` with the pipeline exactly as ``spacy.load`` gives
    it and ``nlp.pipe``'s defaults (one process): parsing the articles once, nothing of ours."""
    import spacy

    nlp = spacy.load(model)
    list(nlp.pipe(texts[:8]))  # the same warm-up as our pipeline had
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def run_size(
    n: int, processes: list[int], build_processes: str, use_timebank: bool, language_processes: list[int]
) -> dict:
    """``measure`` in a fresh interpreter, so each size's peak memory is its own."""
    with tempfile.TemporaryDirectory(prefix="briefing-scale-") as tmp:
        result = Path(tmp) / "result.json"
        command = [
            sys.executable,
            "-m",
            "benchmarks.scale",
            "--one",
            str(n),
            "--processes",
            *map(str, processes),
            "--build-processes",
            build_processes,
            "--language-processes",
            *map(str, language_processes),
            "--out",
            tmp,
            "--json",
            str(result),
        ]
        if not use_timebank:
            command.append("--no-timebank")
        subprocess.run(command, check=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        return json.loads(result.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- report


def format_table(results: list[dict]) -> str:
    head = f"{'':<26}" + "".join(f"{r['articles']:>12}" for r in results)

    def row(label: str, values: list, fmt: str = "{:>12.2f}") -> str:
        return f"{label:<26}" + "".join(fmt.format(v) if v is not None else f"{'-':>12}" for v in values)

    lines = [head + "  articles", row("words", [r["words"] for r in results], "{:>12,}")]
    lines.append("seconds")
    for stage in STAGES:
        lines.append(row(f"  {stage}", [r["stages"][stage] for r in results]))
    lines.append(row("  (our extraction)", [r["extraction"] for r in results]))
    for p in results[0]["language_pass"]:
        lines.append(row(f"  language pass, {p} proc", [r["language_pass"].get(p) for r in results]))
    for fmt in (*FORMATS, "chart"):
        label = f"  format {fmt}" + (" (+chart)" if fmt in ("md", "html", "pdf") else "")
        lines.append(row(label, [r["formats"][fmt] for r in results]))
    lines.append(row("  whole cold build", [r["whole_build"] for r in results]))
    lines.append(row("  bare nlp.pipe, stock", [r["bare_stock_spacy"] for r in results]))
    for p in results[0]["bare_spacy"]:
        lines.append(row(f"  bare nlp.pipe, ours {p} proc", [r["bare_spacy"].get(p) for r in results]))
    lines.append(row("build processes", [r["build_processes"] for r in results], "{:>12}"))
    lines.append(row("build / stock bare", [r["ratio_to_stock_bare"] for r in results]))
    lines.append(row("build / bare (same procs)", [r["ratio_to_bare"] for r in results]))
    lines.append(row("build / bare (1 proc)", [r["ratio_to_bare_1_process"] for r in results]))
    lines.append(row("build / best bare", [r["ratio_to_best_bare"] for r in results]))
    lines.append(row("1-proc build / bare 1 proc", [r["ratio_1_process_build"] for r in results]))
    lines.append(row("build ms per article", [r["ms_per_article"] for r in results]))
    lines.append(row("build ms per 1k words", [r["ms_per_kword"] for r in results]))
    lines.append(row("  without render", [r["ms_per_kword_before_render"] for r in results]))
    for p in results[0]["spacy_speedup"]:
        lines.append(row(f"nlp.pipe speed-up, {p} proc", [r["spacy_speedup"].get(p) for r in results]))
    for p in results[0]["language_speedup"]:
        lines.append(row(f"our spaCy stage, {p} proc", [r["language_speedup"].get(p) for r in results]))
    lines.append(row("peak RSS MB", [r["peak_rss_mb"] for r in results], "{:>12.0f}"))
    lines.append(row("peak RSS MB, workers", [r["peak_rss_children_mb"] for r in results], "{:>12.0f}"))
    lines.append(row("PDF pages", [r["pdf_pages"] for r in results], "{:>12}"))
    for name in results[0]["sections"]:
        lines.append(row(f"  {name}", [r["sections"][name] for r in results], "{:>12}"))
    if len(results) > 1:
        base = results[-2]
        last = results[-1]
        growth = last["ms_per_article"] / base["ms_per_article"]
        lines.append(f"time per article at {last['articles']} is {growth:.2f} x that at {base['articles']}")
        growth = last["ms_per_kword_before_render"] / base["ms_per_kword_before_render"]
        lines.append(
            f"time per 1k words before rendering at {last['articles']} is {growth:.2f} x that at {base['articles']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000], help="corpus sizes")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="bare spaCy passes to time")
    parser.add_argument("--build-processes", default="auto", help="processes for the build's language pass")
    parser.add_argument(
        "--language-processes",
        type=int,
        nargs="+",
        default=[1, 2],
        help="process counts to time our spaCy stage (spaCy plus our extractors) with",
    )
    parser.add_argument("--no-timebank", action="store_true", help="only articles combined from the seeds")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size here
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        out = args.out or Path(tempfile.mkdtemp(prefix="briefing-scale-"))
        result = measure(
            args.one, args.processes, args.build_processes, not args.no_timebank, out, args.language_processes
        )
        if args.json:
            args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
        else:
            print(json.dumps(result, indent=2))
        return 0
    results = []
    for n in args.sizes:
        print(f"measuring {n} articles ...", file=sys.stderr, flush=True)
        results.append(run_size(n, args.processes, args.build_processes, not args.no_timebank, args.language_processes))
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps({"sizes": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
