"""Story grouping against human story labels: B-cubed precision, recall and F1 (Bagga & Baldwin 1998).

    .venv/bin/python -m benchmarks.stories_eval [--store PATH] [--json PATH]

Three development sets from ``../shared/data`` (each absent set is skipped with a message):

- ``ecbplus``: ECB+ (``stories/ecbplus.jsonl``, 982 articles, 86 stories, two events of one kind
  per topic), in file order; no publication dates.
- ``giveme5w1h``: the nine story folders mixed (59 real articles), by publication date.
- ``timeline17``: the six topics mixed (one story each, months long), by publication date.

Articles go through ``briefing.stories`` one at a time, as they would arrive. Settings are
chosen leave-one-set-out: for each set, the grid setting with the best mean F1 on the *other*
sets, averaged over its grid neighbours (a flat region, not a lucky peak), is scored on it, so
no reported figure is tuned on its own set. Also printed: the same with the name weighting and
the length normalisation fixed at the shipped values (``SET_BY_PRINCIPLE``: the two sets of short
articles cannot choose them), the setting that the three sets together choose with those two
fixed (the shipped default should be it, or within the grid's noise of it) and, for reference,
the TF-IDF average-link baseline of the README with its threshold chosen on each set itself,
and held out like the grouping
(threshold chosen on the other sets). The sets hold one one-article story only (Giveme5W1H's
misc), so last the shipped default is run on ECB+ with one event of each topic whole and the
other cut to its first article (true singletons beside a growing story of the same kind),
against no lower bar for lone articles, against never clustering a small story again, and
against clustering it again by the threshold alone (no relative closeness). ECB+ and Giveme5W1H
are also grouped in shuffled orders (online grouping depends on the order), ECB+ is read
as a user's file (through ingest: furniture stripped, titles and dates found, repeats kept once),
Timeline17's topics are grouped three at a time, with and without their dates (mixes the
default was not chosen on; topics of one period, where time cannot tell them apart), and ECB+ in
random halves of its topics (how far F1 moves from one set of stories to another).

The language pass is cached in a store (default ``$XDG_CACHE_HOME/briefing/stories.sqlite3``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"

# The threshold, how far the link discounts a loose story (cohesion_power 2: average link), the
# weight of names against words, how far names are weighted by rarity (name_idf_power 1: like
# words; 0: by how often the article names them), the pivoted length normalisation (0: plain
# cosine), the lower bar at which a lone article joins a story growing near it (lone_factor
# 1: no lower bar) and whether two parts or stories far less alike across than within stay
# apart though their link passes (closeness_ratio 0: the threshold alone decides; parts of 5
# articles or more are judged so: 4 or 6, in a grid of 960 settings, moved ECB+ and Giveme5W1H
# by a point or five and were not worth tripling the grid's 13 minutes; small
# stories are clustered again, recluster_limit 30, in every setting: never doing so, measured
# in issue 18's notes, lost 4 points on ECB+ and is still run in the true-singletons check).
# 320 settings.
GRID = {
    "threshold": (0.12, 0.16, 0.2, 0.24, 0.28),
    "cohesion_power": (1.5, 2.0),
    "entity_weight": (0.7, 0.8),
    "name_idf_power": (0.0, 1.0),
    "length_power": (0.0, 0.5),
    "lone_factor": (1.0, 0.5),
    "closeness_ratio": (0.0, 0.8),
}
# Settings that only sets of long articles and months-long stories can choose: ECB+ and
# Giveme5W1H score within a point or two whatever their value, so a choice "on the other two"
# is a coin toss for Timeline17. Also reported: held out with these fixed at the shipped values.
SET_BY_PRINCIPLE = ("name_idf_power", "length_power")


@dataclass
class DevSet:
    name: str
    features: list  # StoryFeatures in arrival order
    gold: dict[str, str]  # article id -> story label
    texts: list[str]  # the articles' texts, same order, for the baseline


def default_store() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "stories.sqlite3"


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the gold items."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        mine, theirs = by_pred[predicted[item]], by_gold[gold[item]]
        shared = len(mine & theirs)
        precision += shared / len(mine)
        recall += shared / len(theirs)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --------------------------------------------------------------------------- data


def _facts(articles: list, store_path: Path) -> list:
    from briefing.config import Settings
    from briefing.nlp.pipeline import extract_facts
    from briefing.store import cached_facts, open_store
    from briefing.store import pipeline_version as version

    settings = Settings()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(store_path)
    try:
        for article in articles:
            store.add(article)
        facts, _ = cached_facts(
            store, articles, version(settings.spacy_model), lambda missing: extract_facts(missing, settings.spacy_model)
        )
    finally:
        store.close()
    return facts


def load_sets(
    data: Path, store: Path, timeline_topics: Sequence[str] = (), timeline_store: Path | None = None
) -> list[DevSet]:
    """The development sets; ``timeline_topics`` keeps only those Timeline17 topics, whose
    language pass can be cached in another store (the timeline gate's, to share its work)."""
    from briefing.ingest import load
    from briefing.model import Article
    from briefing.stories.features import features_of

    sets = []
    ecb = data / "stories" / "ecbplus.jsonl"
    if ecb.is_file():
        records, gold = _ecbplus_records(data)
        articles = [Article(id=r["id"], path=f"ecbplus:{r['id']}", text=r["text"]) for r in records]
        facts = _facts(articles, store)
        sets.append(DevSet("ecbplus", [features_of(f) for f in facts], gold, [a.text for a in articles]))
    else:
        print(f"ECB+ not found at {ecb}: skipped")
    for name, folders, label in (
        ("giveme5w1h", sorted((data / "giveme5w1h").glob("*/articles.jsonl")), lambda p: Path(p).parent.name),
        (
            "timeline17",
            [
                p
                for p in sorted((data / "timeline17").glob("*/articles"))
                if not timeline_topics or p.parent.name in timeline_topics
            ],
            lambda p: Path(p).parent.name,
        ),
    ):
        if not folders:
            print(f"{name} not found under {data}: skipped")
            continue
        articles = []
        gold = {}
        for folder in folders:
            for article in load([folder]).articles:
                articles.append(article)
                gold[article.id] = label(folder)
        articles.sort(key=lambda a: (a.published or "", a.id))  # as they would arrive
        facts = _facts(articles, timeline_store if name == "timeline17" and timeline_store else store)
        sets.append(DevSet(name, [features_of(f) for f in facts], gold, [a.text for a in articles]))
    return sets


def _ecbplus_records(data: Path) -> tuple[list[dict], dict[str, str]]:
    """ECB+'s records (id, text) in file order, and each record's story label by id."""
    stories = data / "stories"
    lines = (stories / "ecbplus.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return records, json.loads((stories / "ecbplus-gold.json").read_text(encoding="utf-8"))


def ecbplus_as_a_users_file(data: Path, store: Path) -> tuple[DevSet, int] | None:
    """ECB+ read as ``briefing stories`` reads a user's JSON-lines file: through ingest, which
    strips page furniture, takes the title out, finds publication dates in the headers the
    newer half carries ("September 18th, 2013"), and keeps content seen twice once. The grid is
    scored on the records' raw text (comparable across sessions); this shows what a user gets.
    Gold labels follow each article back to its line. Also returns how many records the file has."""
    import re

    from briefing.ingest import load
    from briefing.stories.features import features_of

    path = data / "stories" / "ecbplus.jsonl"
    if not path.is_file():
        return None
    records, labels = _ecbplus_records(data)
    articles = list(load([path]).articles)
    gold = {}
    for article in articles:
        line = int(re.search(r"#L(\d+)$", article.path).group(1))
        gold[article.id] = labels[records[line - 1]["id"]]
    facts = _facts(articles, store)
    dev = DevSet("ecbplus as a user's file", [features_of(f) for f in facts], gold, [a.text for a in articles])
    return dev, len(records)


def users_file_figures(dev: DevSet, records: int) -> dict:
    """The shipped default on ECB+ read through ingest, and the same with the dates it found
    dropped (what time costs on a set whose events' reports can lie weeks apart)."""
    from dataclasses import replace

    from briefing.stories.grouping import GroupingSettings

    undated = DevSet(dev.name, [replace(f, published=None) for f in dev.features], dev.gold, dev.texts)
    return {
        "records": records,
        "articles": len(dev.features),
        "dated": sum(f.published is not None for f in dev.features),
        "default": bcubed(group(dev, GroupingSettings()), dev.gold),
        "without dates": bcubed(group(undated, GroupingSettings()), dev.gold),
    }


# --------------------------------------------------------------------------- evaluation


def group(dev: DevSet, settings) -> dict[str, str]:
    from briefing.stories.grouping import StoryIndex

    index = StoryIndex(settings)
    index.add_all(dev.features)
    return dict(index.story_of)  # where each article ends up, after later merges


_SETS: list[DevSet] = []  # the sets the grid's worker processes score (inherited when they fork)


def _score(settings) -> dict[str, tuple[float, float, float]]:
    return {dev.name: bcubed(group(dev, settings), dev.gold) for dev in _SETS}


def evaluate(data: Path = DATA, store: Path | None = None, jobs: int = 1) -> dict | None:
    from briefing.stories.grouping import GroupingSettings

    sets = load_sets(data, store or default_store())
    if not sets:
        return None
    keys = list(GRID)
    grid = [GroupingSettings(**dict(zip(keys, values, strict=True))) for values in itertools.product(*GRID.values())]
    started = time.perf_counter()
    _SETS[:] = sets
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            scores = dict(enumerate(pool.map(_score, grid, chunksize=4)))
    else:
        scores = dict(enumerate(map(_score, grid)))
    seconds = time.perf_counter() - started
    default = GroupingSettings()
    fixed = [n for n, s in enumerate(grid) if all(getattr(s, k) == getattr(default, k) for k in SET_BY_PRINCIPLE)]
    held_out, held_out_fixed = {}, {}
    for dev in sets:
        others = [d.name for d in sets if d.name != dev.name] or [dev.name]
        chosen = robust_choice(grid, scores, others)
        held_out[dev.name] = {"settings": asdict(grid[chosen]), "bcubed": scores[chosen][dev.name]}
        chosen = robust_choice(grid, scores, others, allowed=fixed)
        held_out_fixed[dev.name] = {"settings": asdict(grid[chosen]), "bcubed": scores[chosen][dev.name]}
    everyone = robust_choice(grid, scores, [d.name for d in sets], allowed=fixed)
    default_scores = default_figures(sets)
    baseline = {dev.name: tfidf_baseline(dev) for dev in sets}
    users_file = ecbplus_as_a_users_file(data, store or default_store())
    return {
        "sets": {dev.name: {"articles": len(dev.gold), "stories": len(set(dev.gold.values()))} for dev in sets},
        "held_out": held_out,
        "held_out_fixed": held_out_fixed,
        "chosen_on_all": {"settings": asdict(grid[everyone]), "bcubed": scores[everyone]},
        "default": {"settings": asdict(default), "bcubed": default_scores},
        "true_singletons": true_singletons(sets),
        "shuffled": shuffled_orders(sets),
        "users_file": users_file_figures(*users_file) if users_file else None,
        "topic_mixes": {dev.name: topic_mixes(dev) for dev in sets if dev.name == "timeline17"},
        "topic_halves": {
            dev.name: topic_halves(dev)
            for dev in [*sets, *([users_file[0]] if users_file else [])]
            if dev.name.startswith("ecbplus")
        },
        "tail_weights": tail_weights([*sets, users_file[0]] if users_file else sets),
        "baseline": baseline,
        "baseline_held_out": baseline_held_out(baseline),
        "grid_seconds": seconds,
        "grid_size": len(grid),
        # every setting's F1 on each set, to see why a held-out choice fell where it did
        "grid": [
            {"settings": {k: getattr(grid[n], k) for k in GRID}, "f1": {name: f[2] for name, f in scores[n].items()}}
            for n in range(len(grid))
        ],
    }


def with_singletons(dev: DevSet, whole: str) -> DevSet:
    """ECB+ with one story of each topic whole (gold labels ending in ``whole``) and only the first
    article of the other: a true singleton of the same kind beside a story that grows."""
    seen, features = set(), []
    for f in dev.features:
        label = dev.gold[f.article_id]
        if label.endswith(whole) or label not in seen:
            seen.add(label)
            features.append(f)
    return DevSet(f"{dev.name} ({whole} whole)", features, {f.article_id: dev.gold[f.article_id] for f in features}, [])


def true_singletons(sets: Sequence[DevSet]) -> dict[str, dict[str, tuple[float, float, float]]]:
    """The development sets hold one one-article story only, so the lone articles a growing story
    gathers are nearly all rightly gathered there; true singletons of the same kind (see
    ``with_singletons``) check that the lower bar does not pull them in. Shipped default against
    the same with no lower bar (``lone_factor`` 1), never clustered again (``recluster_limit`` 0), and
    clustered again by the threshold alone (``closeness_ratio`` 0)."""
    from dataclasses import replace

    from briefing.stories.grouping import GroupingSettings

    default = GroupingSettings()
    found = {}
    for dev in sets:
        if dev.name != "ecbplus":
            continue
        for whole in ("a", "b"):
            variant = with_singletons(dev, whole)
            found[variant.name] = {
                "default": bcubed(group(variant, default), variant.gold),
                "lone_factor 1": bcubed(group(variant, replace(default, lone_factor=1.0)), variant.gold),
                "recluster_limit 0": bcubed(group(variant, replace(default, recluster_limit=0)), variant.gold),
                "closeness_ratio 0": bcubed(group(variant, replace(default, closeness_ratio=0.0)), variant.gold),
            }
    return found


SHUFFLED_SEEDS = range(8)


def shuffled_orders(sets: Sequence[DevSet], seeds: Iterable[int] = SHUFFLED_SEEDS) -> dict[str, dict[str, float]]:
    """The shipped default's F1 with each set's articles in shuffled orders (mean, spread, worst):
    grouping online depends on the order articles come in, and ECB+'s file holds each topic's
    articles together, a kind order a real stream does not give. Timeline17 is left in the
    order of its dates (months of stories, shuffled, would be no stream at all)."""
    import random

    found = {}
    for dev in sets:
        if dev.name == "timeline17":
            continue
        scores = []
        for seed in seeds:
            features = list(dev.features)
            random.Random(seed).shuffle(features)
            scores.append(_shipped_f1(dev, features))
        found[dev.name] = {**_spread(scores), "orders": len(scores)}
    return found


TAIL_WEIGHTS = (0.0, 0.25, 0.5, 0.75)  # the time decay's slow part (GroupingSettings.tail_weight)


def tail_weights(sets: Sequence[DevSet], weights: Sequence[float] = TAIL_WEIGHTS) -> dict:
    """The shipped default with each slow-tail weight on every set (the ECB+ user's file among
    them: the only reading of ECB+ with dates), and the weight each set gets held out: the one
    the other sets score best on together, ties to the smaller. Time only matters where stories
    are dated, so the tail is read apart from the grid rather than doubling it."""
    from dataclasses import replace

    from briefing.stories.grouping import GroupingSettings

    scores = {
        w: {dev.name: bcubed(group(dev, replace(GroupingSettings(), tail_weight=w)), dev.gold)[2] for dev in sets}
        for w in weights
    }
    held_out = {}
    for dev in sets:
        others = [d.name for d in sets if d.name != dev.name] or [dev.name]
        chosen = max(weights, key=lambda w: (sum(scores[w][n] for n in others), -w))
        held_out[dev.name] = {"tail_weight": chosen, "f1": scores[chosen][dev.name]}
    return {"scores": scores, "held_out": held_out}


MIX_SIZE = 3  # topics per mix in topic_mixes


def topic_mixes(dev: DevSet, size: int = MIX_SIZE) -> dict:
    """The shipped default on every mix of ``size`` of a set's topics (Timeline17's six: 20 mixes),
    with the publication dates and without them: how it holds on a mix of stories it was not
    chosen on, and on topics of one period, where time tells nothing and only words and names
    can keep two stories apart (the hidden sets' topics may all be of one year). Mean and worst
    F1 over the mixes, and each mix's."""
    import statistics
    from dataclasses import replace

    topics = sorted(set(dev.gold.values()))
    found = {}
    for dated in (True, False):
        scores = {}
        for mix in itertools.combinations(topics, size):
            features = [
                f if dated else replace(f, published=None) for f in dev.features if dev.gold[f.article_id] in mix
            ]
            scores[" + ".join(mix)] = _shipped_f1(dev, features)
        found["dated" if dated else "undated"] = {
            "mean": statistics.mean(scores.values()),
            "min": min(scores.values()),
            "mixes": scores,
        }
    found["all undated"] = _shipped_f1(dev, [replace(f, published=None) for f in dev.features])
    return found


HALVES_SEEDS = range(20)


def topic_halves(dev: DevSet, seeds: Iterable[int] = HALVES_SEEDS) -> dict:
    """The shipped default on random halves of ECB+'s topics (a topic: both events of one kind,
    "1a" and "1b"): how far F1 moves from one set of stories to another, which is what an unseen
    set of the same kind is. Mean, spread, worst, and the share of halves at 0.93 or more."""
    import random

    def topic(label: str) -> str:
        return label.rstrip("abcdefghijklmnopqrstuvwxyz")

    topics = sorted({topic(label) for label in dev.gold.values()})
    scores = []
    for seed in seeds:
        kept = set(random.Random(seed).sample(topics, len(topics) // 2))
        scores.append(_shipped_f1(dev, [f for f in dev.features if topic(dev.gold[f.article_id]) in kept]))
    return {**_spread(scores), "at_goal": sum(f >= 0.93 for f in scores) / len(scores), "halves": len(scores)}


def _spread(scores: Sequence[float]) -> dict[str, float]:
    import statistics

    return {
        "mean": statistics.mean(scores),
        "sd": statistics.stdev(scores) if len(scores) > 1 else 0.0,
        "min": min(scores),
        "max": max(scores),
    }


def _shipped_f1(dev: DevSet, features: Sequence) -> float:
    """The shipped default's B-cubed F1 on ``features`` (some or all of ``dev``'s articles, in the
    order given), scored by their own labels."""
    from briefing.stories.grouping import GroupingSettings

    gold = {f.article_id: dev.gold[f.article_id] for f in features}
    return bcubed(group(DevSet(dev.name, list(features), gold, []), GroupingSettings()), gold)[2]


def default_figures(sets: Sequence[DevSet]) -> dict[str, tuple[float, float, float]]:
    """B-cubed of the shipped default settings on each set (what the gate checks)."""
    from briefing.stories.grouping import GroupingSettings

    return {dev.name: bcubed(group(dev, GroupingSettings()), dev.gold) for dev in sets}


def robust_choice(grid: list, scores: dict, names: Sequence[str], allowed: Sequence[int] | None = None) -> int:
    """The grid setting whose neighbourhood (itself and the settings one grid step either way on
    each axis) has the best mean F1 on ``names``: a flat region rather than a lucky peak. Where a
    neighbour is missing (the grid's edge, or a setting not ``allowed``) the setting stands in
    for it, so an edge is not favoured for having fewer neighbours. ``allowed``: choose among
    (and smooth over) only these settings."""

    def mean(n: int) -> float:
        return sum(scores[n][name][2] for name in names) / len(names)

    allowed = list(scores) if allowed is None else list(allowed)
    steps = {key: list(values) for key, values in GRID.items()}
    at = {tuple(steps[key].index(getattr(grid[n], key)) for key in steps): n for n in allowed}
    smoothed = {}
    for here, n in at.items():
        near = [n]
        for axis in range(len(steps)):
            for step in (-1, 1):
                there = tuple(x + step if i == axis else x for i, x in enumerate(here))
                near.append(at.get(there, n))
        smoothed[n] = sum(mean(m) for m in near) / len(near)
    return max(allowed, key=lambda n: (smoothed[n], mean(n), -n))


def tfidf_baseline(dev: DevSet) -> dict:
    """TF-IDF (words of the raw text, English stop words out, sublinear counts) average link on
    cosine, threshold chosen on the set itself: the issue's baseline (0.870 on ECB+)."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = [f.article_id for f in dev.features]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(dev.texts)
    distances = np.clip(1 - (matrix @ matrix.T).toarray(), 0, None)
    best = (0.0, 0.0, 0.0), 0.0
    by_threshold = {}
    for threshold in np.arange(0.5, 1.0, 0.025):
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=float(threshold)
        ).fit_predict(distances)
        found = bcubed({i: str(label) for i, label in zip(ids, labels, strict=True)}, dev.gold)
        by_threshold[f"{threshold:.3f}"] = found
        best = max(best, (found, float(threshold)), key=lambda x: x[0][2])
    return {"bcubed": best[0], "threshold": round(best[1], 3), "by_threshold": by_threshold}


def baseline_held_out(baseline: Mapping[str, dict]) -> dict[str, dict]:
    """The baseline held out as the grouping is: its threshold chosen on the other sets (best
    mean F1), scored on the set left out."""
    held = {}
    for name in baseline:
        others = [n for n in baseline if n != name] or [name]
        chosen = max(
            baseline[name]["by_threshold"],
            key=lambda t: sum(baseline[o]["by_threshold"][t][2] for o in others) / len(others),
        )
        held[name] = {"threshold": float(chosen), "bcubed": baseline[name]["by_threshold"][chosen]}
    return held


def _fmt(score: Sequence[float]) -> str:
    return f"P {score[0]:.3f}  R {score[1]:.3f}  F1 {score[2]:.3f}"


def format_table(result: dict) -> str:
    lines = [
        "| set | articles | stories | held out: every setting chosen on the others | held out: "
        + "/".join(SET_BY_PRINCIPLE)
        + " fixed | default | baseline* | baseline held out** |"
    ]
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, info in result["sets"].items():
        lines.append(
            f"| {name} | {info['articles']} | {info['stories']} | {_fmt(result['held_out'][name]['bcubed'])} | "
            f"{_fmt(result['held_out_fixed'][name]['bcubed'])} | {_fmt(result['default']['bcubed'][name])} | "
            f"{result['baseline'][name]['bcubed'][2]:.3f} | {result['baseline_held_out'][name]['bcubed'][2]:.3f} |"
        )
    lines.append("")
    for key, label in (
        ("held_out", "every setting chosen on the others"),
        ("held_out_fixed", "/".join(SET_BY_PRINCIPLE) + " fixed at the shipped values"),
        ("baseline_held_out", "TF-IDF baseline, threshold chosen on the others"),
    ):
        mean = sum(h["bcubed"][2] for h in result[key].values()) / len(result[key])
        lines.append(f"Mean held-out F1, {label}: {mean:.3f}")
    for key in ("held_out", "held_out_fixed"):
        for name, held in result[key].items():
            chosen = {k: v for k, v in held["settings"].items() if k in GRID}
            lines.append(f"  {key} {name}: chosen on the others: {chosen}")
    chosen = result["chosen_on_all"]["bcubed"]
    lines.append(
        "Chosen on all sets together ("
        + "/".join(SET_BY_PRINCIPLE)
        + " fixed): "
        + ", ".join(f"{name} {chosen[name][2]:.3f}" for name in result["sets"])
        + f" with {result['chosen_on_all']['settings']}"
    )
    lines.append(f"Shipped default: {result['default']['settings']}")
    for name, found in result["true_singletons"].items():
        lines.append(
            f"With true singletons, {name}, one article of each other story: shipped default "
            f"{_fmt(found['default'])}; no lower bar for lone articles {_fmt(found['lone_factor 1'])}; "
            f"never clustered again {_fmt(found['recluster_limit 0'])}; "
            f"clustered again by the threshold alone {_fmt(found['closeness_ratio 0'])}"
        )
    for name, spread in result.get("shuffled", {}).items():
        lines.append(
            f"{name} in {spread['orders']} shuffled orders, shipped default: F1 mean {spread['mean']:.3f} "
            f"(sd {spread['sd']:.3f}, worst {spread['min']:.3f}, best {spread['max']:.3f})"
        )
    found = result.get("users_file")
    if found:
        lines.append(
            f"ECB+ as a user's file (through ingest, as `briefing stories FILE.jsonl` reads it: "
            f"{found['articles']} of {found['records']} records kept, {found['dated']} dated from their "
            f"headers): shipped default {_fmt(found['default'])}; without the dates found "
            f"{_fmt(found['without dates'])}"
        )
    for name, mixes in result.get("topic_mixes", {}).items():
        lines.append(
            f"{name}, every mix of {MIX_SIZE} topics ({len(mixes['dated']['mixes'])}), shipped default: "
            f"F1 mean {mixes['dated']['mean']:.3f} (worst {mixes['dated']['min']:.3f}); without their dates "
            f"(topics of one period) {mixes['undated']['mean']:.3f} (worst {mixes['undated']['min']:.3f}); "
            f"all topics without dates {mixes['all undated']:.3f}"
        )
    for name, halves in result.get("topic_halves", {}).items():
        lines.append(
            f"{name}, {halves['halves']} random halves of its topics, shipped default: F1 mean {halves['mean']:.3f} "
            f"(sd {halves['sd']:.3f}, worst {halves['min']:.3f}, best {halves['max']:.3f}; "
            f"{halves['at_goal']:.0%} at 0.93 or more)"
        )
    tails = result.get("tail_weights")
    if tails:
        for w, found in tails["scores"].items():
            lines.append(
                f"Slow tail of the time decay at weight {w}: "
                + ", ".join(f"{name} {f1:.3f}" for name, f1 in found.items())
            )
        lines.append(
            "  held out, the weight the others choose: "
            + ", ".join(f"{name} {h['tail_weight']} ({h['f1']:.3f})" for name, h in tails["held_out"].items())
        )
    lines.append(
        "* TF-IDF average link, threshold chosen on the set itself (an upper bound for that method): "
        + ", ".join(f"{name} at distance {result['baseline'][name]['threshold']}" for name in result["sets"])
    )
    lines.append(
        "** the same, its threshold chosen on the other sets: "
        + ", ".join(f"{name} at {held['threshold']:.3f}" for name, held in result["baseline_held_out"].items())
    )
    lines.append(f"Grid: {result['grid_size']} settings in {result['grid_seconds']:.1f} s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--store", type=Path, help=f"store caching the language pass (default {default_store()})")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for the grid")
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.store, args.jobs)
    if result is None:
        print(f"No story data under {args.data} (shared data folder absent): nothing to evaluate.")
        return 0
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
