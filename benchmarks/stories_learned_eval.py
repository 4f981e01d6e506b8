"""Experiment (not shipped): a learned join decision for story grouping, scored leave-one-set-out.

    .venv/bin/python -m benchmarks.stories_learned_eval [--store PATH]

Instead of one threshold on the link, a logistic regression decides whether an article (or a
story) joins a story, from four features of the pair: the word link and the name link of
``briefing.stories.grouping`` (cosine of summed vectors times cohesion), stated-year agreement,
and how far the later one lies past the story's grace (log months). It is trained on the
*other* development sets only, by replaying each set with its true stories (every article
against every true story so far; each set weighs the same, and within a set both classes
weigh the same), then used as the link of ``StoryIndex`` with threshold 0 (logit). The two
settings the features depend on (``cohesion_power``, ``length_power``) are chosen on the
other sets too, so no figure is tuned on its own set.

Measured 2026-12-07 (branch stories-quality; held-out B-cubed F1): ECB+ 0.785, Giveme5W1H
0.774, Timeline17 0.461, mean 0.673, against 0.762, 0.763, 0.288 (mean 0.604) for the shipped
threshold grouping held out the same way. Better held out on every set, but its figures when
trained on all sets are not above the shipped default's (0.835, 0.901, 0.765), and Timeline17
held out still collapses (the other two sets choose ``length_power`` 0, which shatters its long
articles), so it is kept as an experiment, not shipped.

Measured again after names came to be weighted by count, not rarity (grouping version 2,
2026-12-07, on the same saved facts): with ``CHOICES`` as below, 0.735 / 0.891 / 0.578 (mean
0.735) against the threshold grouping's 0.814 / 0.901 / 0.396 (mean 0.704, every setting chosen
on the other sets); with ``length_power`` fixed at 0.5, 0.822 / 0.915 / 0.814 (mean 0.850)
against 0.840 / 0.901 / 0.797 (mean 0.846). (The threshold grouping's figures are from that
day's 108-setting grid of ``benchmarks/stories_eval.py``; its final five-threshold grid gives
0.717 and 0.825 for the two means.) Within half a point where the length is fixed, so
the threshold stays: one number a user can read and set.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.stories_eval import DATA, DevSet, bcubed, default_store, load_sets

CHOICES = {"cohesion_power": (1.5, 2.0), "length_power": (0.0, 0.5)}
FEATURES = ("word link", "name link", "year agreement", "log months late")


def pair_features(index, a, b) -> list[float]:
    """The four features of a link between two stories (an article is a story of one)."""
    from briefing.stories.grouping import _gap, _link, _span, year_agreement

    s = index.settings
    na, nb = len(a.articles), len(b.articles)
    text = _link(index._words.dot(a.words, b.words), a.words_norm2, b.words_norm2, na, nb, s)
    names = _link(index._entities.dot(a.entities, b.entities), a.entities_norm2, b.entities_norm2, na, nb, s)
    years = year_agreement(a.periods, b.periods) if a.periods and b.periods else 0.0
    late = max(0.0, _gap(a, b) - max(s.grace_days, _span(a), _span(b))) / 30.0
    return [text, names, years, math.log1p(late)]


def true_pairs(dev: DevSet, settings) -> tuple[list[list[float]], list[int]]:
    """Features and labels of every article against every true story before it, in arrival order."""
    from briefing.stories.grouping import Story, StoryIndex

    index = StoryIndex(settings)
    truth: dict[str, Story] = {}
    rows, labels = [], []
    for article in dev.features:
        index._seen += 1
        index._words.count(article.words.keys())
        index._entities.count(article.entities.keys())
        words, entities = index._vectors(article)
        alone = index._place(Story(id="article"))
        index._join(alone, article, words, entities)
        label = dev.gold[article.article_id]
        for name, story in truth.items():
            rows.append(pair_features(index, alone, story))
            labels.append(int(name == label))
        story = truth.get(label)
        if story is None:
            story = truth[label] = index._place(Story(id=label))
        index._join(story, article, words, entities)
    return rows, labels


def fit(pairs: dict[str, tuple[list, list]], names: Sequence[str]):
    """Logistic regression on the named sets: each set weighs the same, each class within it too."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for name in names:
        rows, labels = pairs[name]
        y = np.array(labels)
        xs.append(np.array(rows))
        ys.append(y)
        ws.append(np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())))
    y = np.concatenate(ys)
    return LogisticRegression(max_iter=2000).fit(np.vstack(xs), y, sample_weight=np.concatenate(ws) * len(y))


def group_learned(dev: DevSet, settings, model) -> dict[str, str]:
    from briefing.stories.grouping import StoryIndex

    weights, bias = [float(w) for w in model.coef_[0]], float(model.intercept_[0])

    class LearnedIndex(StoryIndex):
        def linkage(self, a, b, dots=None) -> float:
            return bias + sum(w * x for w, x in zip(weights, pair_features(self, a, b), strict=True))

    index = LearnedIndex(settings)
    index.add_all(dev.features)
    return dict(index.story_of)


def evaluate_sets(sets: Sequence[DevSet]) -> dict:
    """Held-out B-cubed of each set: model and feature settings chosen on the other sets."""
    from briefing.stories.grouping import GroupingSettings

    scores = {}
    for values in itertools.product(*CHOICES.values()):
        settings = GroupingSettings(threshold=0.0, **dict(zip(CHOICES, values, strict=True)))
        pairs = {dev.name: true_pairs(dev, settings) for dev in sets}
        for held in sets:
            model = fit(pairs, [d.name for d in sets if d.name != held.name] or [held.name])
            scores[values, held.name] = {d.name: bcubed(group_learned(d, settings, model), d.gold) for d in sets}
    held_out = {}
    for held in sets:
        others = [d.name for d in sets if d.name != held.name] or [held.name]
        best = max(
            itertools.product(*CHOICES.values()),
            key=lambda v: sum(scores[v, held.name][n][2] for n in others) / len(others),
        )
        held_out[held.name] = {
            "settings": dict(zip(CHOICES, best, strict=True)),
            "bcubed": scores[best, held.name][held.name],
        }
    return held_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"shared data folder (default {DATA})")
    parser.add_argument("--store", type=Path, help=f"store caching the language pass (default {default_store()})")
    args = parser.parse_args(argv)
    sets = load_sets(args.data, args.store or default_store())
    if not sets:
        print(f"No story data under {args.data} (shared data folder absent): nothing to evaluate.")
        return 0
    held_out = evaluate_sets(sets)
    for name, held in held_out.items():
        p, r, f1 = held["bcubed"]
        print(f"{name}: held-out P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (chosen on the others: {held['settings']})")
    print(f"Mean held-out F1: {sum(h['bcubed'][2] for h in held_out.values()) / len(held_out):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
