"""Timeline summarisation on Timeline17: Date F1 and alignment-based ROUGE against journalists' timelines.

    .venv/bin/python -m benchmarks.timeline17_eval [--topic NAME] [--store PATH | --cold] [--json PATH]
    .venv/bin/python -m benchmarks.timeline17_eval --loo [--store PATH] [--json PATH]

For each topic of ``../shared/data/timeline17`` it runs ``briefing timeline`` (the command itself,
in this process, with ``--json``) over the topic's articles, restricted to the gold timeline's
span (``--since``/``--until`` its first and last day), asking for as many days as the gold
timeline has and as many sentences per day as it has on average (rounded), as in the literature
(Martschat and Markert 2018; Gholipour Ghalandari and Ifrim 2020). It reports:

- Date F1: the chosen days against the gold days, exact match.
- AR-1 and AR-2: alignment-based ROUGE-1/ROUGE-2 F1, the "align+ m:1" variant of Martschat and
  Markert (2017), "Improving ROUGE for Timeline Summarization" (tilse's
  ``align_date_content_costs_many_to_one``): for precision each predicted day is aligned to the
  gold day of least cost, for recall each gold day to the predicted day of least cost, the cost
  being ``(1 - 1/(|d - d'| + 1)) * (1 - approximate ROUGE-1 F1 of the two summaries)``; n-gram
  matches of an aligned pair are discounted by ``1/(|d - d'| + 1)``. Counts are micro-averaged
  over the days of a topic. As in tilse (ROUGE-1.5.5 with stemming and stop-word removal):
  rouge-score's tokeniser, stop words dropped (scikit-learn's English list), Porter stems.
- Seconds per topic: the whole command (reading, language pass or cache, timeline).

Averages over topics are given two ways: the mean of the per-topic F1, and, as the published
figures are computed (news-tls ``get_average_results``), the F1 of the mean precision and mean
recall. Published on the whole of Timeline17: DATEWISE Date F1 0.544, AR-1 0.120, AR-2 0.035.

``--loo`` reports leave-one-topic-out figures instead, the honest ones: for each topic, the
ranking setting (``briefing.analyse.timeline.Ranking``) of a small grid (``GRID``) that scores the
best mean Date F1 over the *other* topics (ties: mean AR-1) is scored on it; the figure is the
mean over the held-out scores. It also names the setting all topics choose together (the
defaults). The timelines are built in this process from the cached facts (same selection, span,
length and sentences per day as the command), so the grid takes seconds per setting.

The language pass is cached in a corpus store (default ``$XDG_CACHE_HOME/briefing/timeline17.sqlite3``,
i.e. ``~/.cache/briefing/``; never in the repository), so a rerun takes seconds; ``--cold``
uses a fresh temporary store to time a first build. Exits 0 with a message when the data
folder is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "timeline17"
PUBLISHED = {
    "DATEWISE (Gholipour Ghalandari & Ifrim 2020)": (0.544, 0.120, 0.035),
    "CLUST (Gholipour Ghalandari & Ifrim 2020)": (0.407, 0.082, 0.020),
    "Martschat & Markert 2018": (0.544, 0.105, 0.030),
}
SEPARATOR = "-" * 32

Timeline = Mapping[date, Sequence[str]]


def default_store() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "timeline17.sqlite3"


def topics(folder: Path = DATA) -> list[Path]:
    """Topic folders: each with ``articles/`` and a gold timeline in ``timelines/``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "articles").is_dir() and any((p / "timelines").glob("*.txt")))


def read_gold(path: Path) -> dict[date, list[str]]:
    """A Timeline17 timeline file: a date line, its sentences, a line of dashes. A date given twice
    keeps the sentences of both entries."""
    timeline: dict[date, list[str]] = {}
    current: date | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if line.startswith(SEPARATOR):
            current = None
        elif current is None and line:
            try:
                current = date.fromisoformat(line)
            except ValueError:
                continue
            timeline.setdefault(current, [])
        elif line:
            timeline[current].append(line)
    return timeline


def gold_timeline(topic: Path) -> dict[date, list[str]]:
    return read_gold(sorted((topic / "timelines").glob("*.txt"))[0])


# --------------------------------------------------------------------------- running the command


def run_timeline(
    articles: Path, since: date, until: date, dates: int, sentences: int, store: Path
) -> tuple[dict[date, list[str]], list[dict], float]:
    """``briefing timeline ... --json`` in this process: the timeline, its JSON rows, the seconds taken."""
    from briefing.cli import main

    argv = ["-q", "timeline", str(articles), "--since", since.isoformat(), "--until", until.isoformat()]
    argv += ["--dates", str(dates), "--sentences", str(sentences), "--json", "--store", str(store)]
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    seconds = time.perf_counter() - started
    if code not in (0, 1):
        raise RuntimeError(f"briefing {' '.join(argv)} exited with {code}")
    rows = json.loads(out.getvalue())
    return {date.fromisoformat(r["date"]): list(r["sentences"]) for r in rows}, rows, seconds


# --------------------------------------------------------------------------- metrics


def date_scores(predicted: Timeline, gold: Timeline) -> dict[str, float]:
    shared = len(set(predicted) & set(gold))
    precision = shared / len(predicted) if predicted else 0.0
    recall = shared / len(gold) if gold else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


class RougeCounter:
    """N-gram counts as ROUGE-1.5.5 with ``-m -s`` (stemming, stop words removed) makes them,
    using rouge-score's tokeniser and n-gram counter."""

    def __init__(self) -> None:
        from nltk.stem import porter

        self.stemmer = porter.PorterStemmer()
        self.stop = _stop_words()
        self._cache: dict[tuple[str, int], Counter] = {}

    def tokens(self, text: str) -> list[str]:
        from rouge_score import tokenize

        words = [w for w in tokenize.tokenize(text, None) if w not in self.stop]
        return [self.stemmer.stem(w) if len(w) > 3 else w for w in words]

    def ngrams(self, sentences: Sequence[str], n: int) -> Counter:
        from rouge_score import rouge_scorer

        total: Counter = Counter()
        for sentence in sentences:
            key = (sentence, n)
            if key not in self._cache:
                self._cache[key] = rouge_scorer._create_ngrams(self.tokens(sentence), n)
            total.update(self._cache[key])
        return total

    def counts(self, predicted: Sequence[str], gold: Sequence[str], n: int) -> tuple[int, int, int]:
        """(matches, predicted n-grams, gold n-grams)."""
        p, g = self.ngrams(predicted, n), self.ngrams(gold, n)
        return sum(min(c, g[k]) for k, c in p.items()), sum(p.values()), sum(g.values())


@lru_cache(maxsize=200_000)
def _bag(sentences: tuple[str, ...]) -> tuple[Counter, int]:
    """Whitespace tokens of a day's summary and how many: the approximate ROUGE's unit, made once."""
    bag = Counter(w for s in sentences for w in s.split())
    return bag, sum(bag.values())


def _approximate_rouge1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """tilse's content factor: unigram F1 over whitespace tokens, no stemming."""
    (p, p_total), (g, g_total) = _bag(tuple(predicted)), _bag(tuple(gold))
    small, large = (p, g) if len(p) <= len(g) else (g, p)
    match = sum(min(c, large[w]) for w, c in small.items() if w in large)
    precision = match / p_total if p_total else 0.0
    recall = match / g_total if g_total else 0.0
    return _f1(precision, recall)


def _cost(d1: date, s1: Sequence[str], d2: date, s2: Sequence[str]) -> float:
    """tilse's alignment cost; symmetric, as the approximate ROUGE-1 F1 in it is."""
    date_factor = 1 - 1 / (abs(d1.toordinal() - d2.toordinal()) + 1)
    return date_factor * (1 - _approximate_rouge1(s1, s2)) if date_factor else 0.0


def _aligned_counts(own: Timeline, other: Timeline, n: int, counter: RougeCounter) -> tuple[float, float]:
    """(discounted n-gram matches, n-grams) of ``own``'s days, each aligned to its cheapest day
    of ``other`` (many-to-one; ties go to the earliest day, as numpy's argmin does in tilse)."""
    targets = sorted(other)
    matched = total = 0.0
    for d in sorted(own):
        total += sum(counter.ngrams(own[d], n).values())
        if targets:
            t = min(targets, key=lambda t: _cost(d, own[d], t, other[t]))
            match, _, _ = counter.counts(own[d], other[t], n)
            matched += match / (abs(d.toordinal() - t.toordinal()) + 1)
    return matched, total


def alignment_rouge(
    predicted: Timeline, gold: Timeline, counter: RougeCounter | None = None, orders: Sequence[int] = (1, 2)
) -> dict[str, dict[str, float]]:
    """Alignment-based ROUGE-n ("align+ m:1", Martschat and Markert 2017), per n: P, R, F1.

    Precision aligns every predicted day to a gold day, recall every gold day to a predicted one."""
    counter = counter or RougeCounter()
    result = {}
    for n in orders:
        p_num, p_den = _aligned_counts(predicted, gold, n, counter)
        r_num, r_den = _aligned_counts(gold, predicted, n, counter)
        precision = p_num / p_den if p_den else 0.0
        recall = r_num / r_den if r_den else 0.0
        result[f"rouge{n}"] = {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}
    return result


# --------------------------------------------------------------------------- evaluation


def evaluate_topic(topic: Path, store: Path, counter: RougeCounter | None = None) -> dict:
    gold = gold_timeline(topic)
    days = sorted(gold)
    n_dates = len(days)
    n_sentences = max(1, round(sum(len(s) for s in gold.values()) / n_dates))
    predicted, rows, seconds = run_timeline(topic / "articles", days[0], days[-1], n_dates, n_sentences, store)
    rouge = alignment_rouge(predicted, gold, counter)
    return {
        "topic": topic.name,
        "span": [days[0].isoformat(), days[-1].isoformat()],
        "gold_dates": n_dates,
        "sentences_per_date": n_sentences,
        "predicted_dates": len(predicted),
        "date": date_scores(predicted, gold),
        "rouge1": rouge["rouge1"],
        "rouge2": rouge["rouge2"],
        "seconds": round(seconds, 2),
        "timeline": rows,
    }


def average(results: Sequence[dict]) -> dict:
    """Mean per-topic F1, and the F1 of mean precision and recall (how the published figures average)."""
    summary = {}
    for key in ("date", "rouge1", "rouge2"):
        precision = sum(r[key]["precision"] for r in results) / len(results)
        recall = sum(r[key]["recall"] for r in results) / len(results)
        summary[key] = {
            "mean_f1": sum(r[key]["f1"] for r in results) / len(results),
            "f1_of_means": _f1(precision, recall),
        }
    summary["seconds"] = round(sum(r["seconds"] for r in results), 2)
    return summary


def evaluate(data: Path = DATA, store: Path | None = None, only: Sequence[str] = (), cold: bool = False) -> dict | None:
    """Every topic's figures and the averages; None when the data is absent."""
    folders = [t for t in topics(data) if not only or t.name in only]
    if not folders:
        return None
    counter = RougeCounter()
    with tempfile.TemporaryDirectory(prefix="briefing-t17-") as tmp:
        if cold:
            store = Path(tmp) / "store.sqlite3"
        store = store or default_store()
        store.parent.mkdir(parents=True, exist_ok=True)
        results = []
        for folder in folders:
            if cold:  # a fresh store per topic: nothing cached, nothing loaded before
                store = Path(tmp) / f"{folder.name}.sqlite3"
            results.append(evaluate_topic(folder, store, counter))
    return {"topics": results, "average": average(results), "store": None if cold else str(store), "cold": cold}


# --------------------------------------------------------------------------- leave one topic out


def _grid():
    """The settings tried: how much later references count, burst normalisation, spread over the span."""
    from briefing.analyse.timeline import Ranking

    return tuple(
        Ranking(later=later, burst=burst, spread=spread)
        for later in (0.0, 0.5, 1.0)
        for burst in (0.0, 0.5)
        for spread in (0.0, 0.3, 0.6)
    )


@dataclass
class Topic:
    """A topic ready for timelines: its gold, the task's size, its facts and their shared preparation."""

    name: str
    gold: dict[date, list[str]]
    dates: int
    sentences: int
    facts: tuple
    prepared: object  # briefing.analyse.timeline.Prepared

    @property
    def span(self) -> tuple[date, date]:
        days = sorted(self.gold)
        return days[0], days[-1]


def load_topic(folder: Path, store: Path) -> Topic:
    """The articles published inside the gold span, through the language pass (cached in ``store``),
    as ``briefing timeline --since --until`` selects them."""
    from briefing.analyse.timeline import prepare
    from briefing.build import BuildRequest, run
    from briefing.store import Selection

    gold = gold_timeline(folder)
    days = sorted(gold)
    request = BuildRequest(
        sources=(folder / "articles",), selection=Selection(since=days[0], until=days[-1]), store=store, until="facts"
    )
    with contextlib.redirect_stderr(io.StringIO()):
        facts = run(request).facts
    sentences = max(1, round(sum(len(s) for s in gold.values()) / len(days)))
    return Topic(folder.name, gold, len(days), sentences, facts, prepare(facts))


def score_setting(topic: Topic, ranking, counter: RougeCounter) -> dict[str, float]:
    """Date F1, AR-1 and AR-2 F1 of the timeline ``ranking`` makes of ``topic``."""
    from briefing.analyse.timeline import build_timeline

    since, until = topic.span
    days = build_timeline(topic.facts, topic.dates, topic.sentences, since, until, ranking, topic.prepared)
    predicted = {date.fromisoformat(d.date): [s.text for s in d.sentences] for d in days}
    rouge = alignment_rouge(predicted, topic.gold, counter)
    return {
        "date": date_scores(predicted, topic.gold)["f1"],
        "rouge1": rouge["rouge1"]["f1"],
        "rouge2": rouge["rouge2"]["f1"],
    }


def _objective(rows: Sequence[Mapping[str, float]]) -> tuple[float, float]:
    """What a setting is chosen by: mean Date F1, then mean AR-1."""
    return (
        round(sum(r["date"] for r in rows) / len(rows), 6),
        round(sum(r["rouge1"] for r in rows) / len(rows), 6),
    )


def choose(scores: Sequence[Sequence[Mapping[str, float]]], topics: Sequence[int]) -> int:
    """The grid setting with the best objective over ``topics`` (ties: the earlier, simpler setting).
    ``scores[i][j]`` is setting i on topic j."""
    return max(range(len(scores)), key=lambda i: (_objective([scores[i][j] for j in topics]), -i))


def leave_one_out(data: Path = DATA, store: Path | None = None, only: Sequence[str] = ()) -> dict | None:
    """Every grid setting on every topic, each topic scored with the setting the others choose."""
    folders = [t for t in topics(data) if not only or t.name in only]
    if len(folders) < 2:
        return None
    store = store or default_store()
    store.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    loaded = [load_topic(f, store) for f in folders]
    loading = time.perf_counter() - started
    counter = RougeCounter()
    grid = _grid()
    scores = [[score_setting(t, ranking, counter) for t in loaded] for ranking in grid]
    held_out = []
    for j, topic in enumerate(loaded):
        i = choose(scores, [k for k in range(len(loaded)) if k != j])
        held_out.append({"topic": topic.name, "setting": _setting(grid[i]), **scores[i][j]})
    together = choose(scores, range(len(loaded)))
    mean = {k: sum(r[k] for r in held_out) / len(held_out) for k in ("date", "rouge1", "rouge2")}
    return {
        "held_out": held_out,
        "mean": mean,
        "chosen_on_all": _setting(grid[together]),
        "on_all": [{"topic": t.name, **scores[together][j]} for j, t in enumerate(loaded)],
        "grid": [{"setting": _setting(r), "scores": row} for r, row in zip(grid, scores, strict=True)],
        "seconds": {"facts": round(loading, 1), "grid": round(time.perf_counter() - started - loading, 1)},
    }


def _setting(ranking) -> dict[str, float]:
    return {"later": ranking.later, "burst": ranking.burst, "spread": ranking.spread}


def format_loo(result: dict) -> str:
    lines = [f"{'held-out topic':<22}{'Date F1':>9}{'AR-1':>8}{'AR-2':>8}   setting chosen on the others"]
    for r in result["held_out"]:
        s = r["setting"]
        lines.append(
            f"{r['topic']:<22}{r['date']:>9.3f}{r['rouge1']:>8.3f}{r['rouge2']:>8.3f}"
            f"   later {s['later']}, burst {s['burst']}, spread {s['spread']}"
        )
    m = result["mean"]
    lines.append(f"{'mean (held out)':<22}{m['date']:>9.3f}{m['rouge1']:>8.3f}{m['rouge2']:>8.3f}")
    s = result["chosen_on_all"]
    lines.append(f"\nChosen on all topics (the defaults): later {s['later']}, burst {s['burst']}, spread {s['spread']}")
    for r in result["on_all"]:
        lines.append(f"  {r['topic']:<20}{r['date']:>9.3f}{r['rouge1']:>8.3f}{r['rouge2']:>8.3f}")
    secs = result["seconds"]
    lines.append(f"\n{len(result['grid'])} settings; seconds: facts {secs['facts']}, grid {secs['grid']}")
    return "\n".join(lines)


def format_table(result: dict) -> str:
    head = f"{'topic':<12}{'dates':>7}{'k':>4}{'Date F1':>9}{'AR-1 F1':>9}{'AR-2 F1':>9}{'seconds':>9}"
    lines = [head]
    for r in result["topics"]:
        lines.append(
            f"{r['topic']:<12}{r['gold_dates']:>7}{r['sentences_per_date']:>4}{r['date']['f1']:>9.3f}"
            f"{r['rouge1']['f1']:>9.3f}{r['rouge2']['f1']:>9.3f}{r['seconds']:>9.1f}"
        )
    avg = result["average"]
    lines.append(
        f"{'mean F1':<23}{avg['date']['mean_f1']:>9.3f}{avg['rouge1']['mean_f1']:>9.3f}"
        f"{avg['rouge2']['mean_f1']:>9.3f}{avg['seconds']:>9.1f}"
    )
    lines.append(
        f"{'F1 of means':<23}{avg['date']['f1_of_means']:>9.3f}{avg['rouge1']['f1_of_means']:>9.3f}"
        f"{avg['rouge2']['f1_of_means']:>9.3f}"
    )
    lines.append("")
    lines.append("Published, whole Timeline17 (F1 of means):")
    for name, (d, r1, r2) in PUBLISHED.items():
        lines.append(f"  {name:<45}{d:>7.3f}{r1:>9.3f}{r2:>9.3f}")
    mode = "cold (fresh store per topic)" if result["cold"] else f"language pass cached in {result['store']}"
    lines.append(f"\nSeconds: the whole `briefing timeline` command per topic; {mode}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"Timeline17 folder (default {DATA})")
    parser.add_argument("--topic", action="append", default=[], help="only this topic; repeatable")
    parser.add_argument("--store", type=Path, help=f"store caching the language pass (default {default_store()})")
    parser.add_argument("--cold", action="store_true", help="a fresh temporary store per topic: time a first build")
    parser.add_argument("--json", type=Path, help="also write the figures and timelines to this JSON file")
    parser.add_argument("--loo", action="store_true", help="leave-one-topic-out figures over the settings grid")
    args = parser.parse_args(argv)
    if args.loo:
        loo = leave_one_out(args.data, args.store, args.topic)
        if loo is None:
            print(f"Timeline17 data not found at {args.data} (or fewer than two topics): nothing to evaluate.")
            return 0
        print(format_loo(loo))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(loo, indent=2) + "\n", encoding="utf-8")
        return 0
    result = evaluate(args.data, args.store, args.topic, args.cold)
    if result is None:
        print(f"Timeline17 data not found at {args.data} (shared data folder absent): nothing to evaluate.")
        return 0
    print(format_table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
