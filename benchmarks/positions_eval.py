"""Tone toward each main entity against BASIL's annotated author feeling (neg / neu / pos).

    .venv/bin/python -m benchmarks.positions_eval [--data PATH] [--json] [-v]

BASIL (Fan et al., EMNLP 2019; /work/shared/data/basil, see its README.md) has triplets of
articles on one event by The New York Times, Fox News and HuffPost, and for each article the
annotators' ``author_feeling_<Entity>`` toward each of its main entities. For every triplet the
benchmark runs the real pipeline (spaCy facts, actor resolution, :func:`outlet_positions`) on its
three articles as one corpus, finds the resolved actor for each main entity (all words of the
entity's name among the actor's name and aliases, or its surname for a person), and takes the
outlet's tone toward it: the mean VADER compound score of the sentences that name it, labelled
with VADER's cut-offs (>= +0.05 pos, <= -0.05 neg, else neu).

Reported, over the (article, entity) pairs with an annotation:

* coverage: pairs where the entity was found in the article;
* accuracy and macro-F1 on the found pairs, against the majority-class baseline;
* the same over all pairs, counting a pair whose entity is not found as "neu";
* Spearman's rank correlation between the mean score and the label (neg -1, neu 0, pos +1);
* within-triplet agreement: for entity pairs where the annotators gave two outlets different
  feelings, how often the tool's scores order the two outlets the same way.

Without the data the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from unidecode import unidecode

from briefing.analyse import tone
from briefing.analyse.actors import resolve_actors
from briefing.analyse.positions import outlet_positions
from briefing.config import Settings
from briefing.model import Actor, Article
from briefing.nlp.pipeline import extract_facts

DATA = Path("/work/shared/data/basil")
OUTLETS = {"nyt": "The New York Times", "fox": "Fox News", "hpo": "HuffPost"}
LABELS = ("neg", "neu", "pos")
ORDINAL = {"neg": -1, "neu": 0, "pos": 1}


def _norm(text: str) -> str:
    return unidecode(text).lower().replace("_", " ").replace("'s", "").strip()


def load_triplets(root: Path) -> dict[str, list[tuple[dict, dict]]]:
    """triplet uuid -> [(article json, annotation json)]."""
    triplets: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for path in sorted((root / "articles").glob("*/*.json")):
        ann_path = root / "annotations" / path.parent.name / (path.stem + "_ann.json")
        if not ann_path.exists():
            continue
        article = json.loads(path.read_text(encoding="utf-8"))
        annotation = json.loads(ann_path.read_text(encoding="utf-8"))
        triplets[article["triplet-uuid"]].append((article, annotation))
    return triplets


def _article(data: dict) -> Article:
    paragraphs = [" ".join(p) for p in data["body-paragraphs"]]
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return Article(
        id=data["uuid"][:10],
        path=f"basil/{data['uuid']}",
        text=text,
        title=data.get("title"),
        outlet=OUTLETS.get(data["source"].lower(), data["source"]),
        outlet_source="given",
        published=data.get("date"),
        published_source="given",
    )


def feelings(annotation: dict) -> dict[str, str]:
    """Entity (normalised) -> neg | neu | pos, from author_feeling_<Entity>."""
    out = {}
    for key, value in annotation.get("article-level-annotations", {}).items():
        if not key.startswith("author_feeling_") or key == "author_feeling_main_event":
            continue
        value = str(value).lower().replace("str-", "")
        if value in LABELS:
            out[_norm(key[len("author_feeling_") :])] = value
    return out


def match_actor(entity: str, actors: Sequence[Actor]) -> Actor | None:
    """The most salient actor carrying the entity's name (all its words, or a person's surname)."""
    words = _norm(entity).split()
    for a in actors:
        names = [_norm(n) for n in (a.name, *a.aliases)]
        if any(all(w in n.split() for w in words) for n in names):
            return a
    if len(words) > 1:
        for a in actors:
            if a.type == "person" and any(words[-1] in _norm(n).split() for n in (a.name, *a.aliases)):
                return a
    return None


def evaluate(root: Path, model: str, verbose: bool = False) -> dict:
    triplets = load_triplets(root)
    pairs = []  # (triplet, outlet, entity, gold, score or None, sentences)
    for uuid, members in sorted(triplets.items()):
        articles = [_article(a) for a, _ in members]
        facts = extract_facts(articles, model)
        index = resolve_actors(facts, outlet_names=sorted(OUTLETS.values()))
        for data, annotation in members:
            outlet = OUTLETS.get(data["source"].lower(), data["source"])
            for entity, gold in feelings(annotation).items():
                actor = match_actor(entity, index.actors)
                score, n = None, 0
                if actor is not None:
                    # the entity's actor first, so it is the one key actor whose tone is measured
                    ordered = [actor, *[a for a in index.actors if a.id != actor.id]]
                    positions = outlet_positions(
                        [f for f in facts if f.article.outlet == outlet],
                        [],
                        ordered,
                        [],
                        index.actor_for,
                        max_actors=1,
                        profiles={},
                    )
                    tones = [t for p in positions for t in p.tone if t.actor_id == actor.id]
                    if tones:
                        score, n = tones[0].mean, tones[0].sentences
                pairs.append((uuid, outlet, entity, gold, score, n))
                if verbose:
                    shown = "not found" if score is None else f"{score:+.3f} ({n} sentences)"
                    print(f"{uuid[:8]} {outlet:<20} {entity:<25} gold {gold}  tool {shown}", file=sys.stderr)
    return summarise(pairs)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    scores = []
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) < 3:
        return None
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else None


def summarise(pairs) -> dict:
    found = [p for p in pairs if p[4] is not None]
    gold_found = [p[3] for p in found]
    pred_found = [tone.label(p[4]) for p in found]
    gold_all = [p[3] for p in pairs]
    pred_all = [tone.label(p[4]) if p[4] is not None else "neu" for p in pairs]
    majority = Counter(gold_all).most_common(1)[0][0] if gold_all else "neu"

    def acc(g, p):
        return sum(1 for a, b in zip(g, p, strict=True) if a == b) / len(g) if g else 0.0

    # within a triplet: entity pairs of outlets the annotators told apart
    by_entity: dict[tuple[str, str], list[tuple[str, str, float]]] = defaultdict(list)
    for uuid, outlet, entity, gold, score, _ in found:
        by_entity[(uuid, entity)].append((outlet, gold, score))
    ordered = agree = 0
    for members in by_entity.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                (_, g1, s1), (_, g2, s2) = members[i], members[j]
                if ORDINAL[g1] == ORDINAL[g2]:
                    continue
                ordered += 1
                agree += (ORDINAL[g1] - ORDINAL[g2]) * (s1 - s2) > 0
    confusion = Counter(zip(gold_found, pred_found, strict=True))
    return {
        "pairs": len(pairs),
        "found": len(found),
        "gold_distribution": dict(Counter(gold_all)),
        "predicted_distribution_found": dict(Counter(pred_found)),
        "accuracy_found": round(acc(gold_found, pred_found), 3),
        "macro_f1_found": round(macro_f1(gold_found, pred_found), 3),
        "accuracy_all": round(acc(gold_all, pred_all), 3),
        "macro_f1_all": round(macro_f1(gold_all, pred_all), 3),
        "majority_label": majority,
        "majority_accuracy_all": round(acc(gold_all, [majority] * len(gold_all)), 3),
        "majority_macro_f1_all": round(macro_f1(gold_all, [majority] * len(gold_all)), 3),
        "spearman_found": (
            None if (r := spearman([p[4] for p in found], [ORDINAL[g] for g in gold_found])) is None else round(r, 3)
        ),
        "within_triplet_pairs": ordered,
        "within_triplet_agreement": round(agree / ordered, 3) if ordered else None,
        "confusion_found": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"BASIL folder (default {DATA})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per (article, entity) on stderr")
    args = parser.parse_args(argv)
    if not (args.data / "articles").is_dir() or not (args.data / "annotations").is_dir():
        print(f"positions_eval: BASIL data not found under {args.data}; skipped.")
        return 0
    if not tone.available():
        print("positions_eval: vaderSentiment is not installed, so no tone can be measured; skipped.")
        return 0
    result = evaluate(args.data, Settings().spacy_model, args.verbose)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"BASIL tone toward main entities ({args.data})")
    print(f"  (article, entity) pairs annotated: {result['pairs']}, entity found by the tool: {result['found']}")
    print(
        f"  gold labels: {result['gold_distribution']}; tool labels on found: {result['predicted_distribution_found']}"
    )
    print(f"  found pairs: accuracy {result['accuracy_found']}, macro-F1 {result['macro_f1_found']}")
    print(f"  all pairs (not found = neu): accuracy {result['accuracy_all']}, macro-F1 {result['macro_f1_all']}")
    print(
        f"  majority baseline ({result['majority_label']}): accuracy {result['majority_accuracy_all']}, "
        f"macro-F1 {result['majority_macro_f1_all']}"
    )
    print(f"  Spearman (score vs neg/neu/pos), found pairs: {result['spearman_found']}")
    print(
        f"  within-triplet order agreement: {result['within_triplet_agreement']} "
        f"over {result['within_triplet_pairs']} outlet pairs the annotators told apart"
    )
    print(f"  confusion (gold->tool): {result['confusion_found']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
