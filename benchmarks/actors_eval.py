"""Actor resolution and quote attribution on the hand-written gold set (tests/nlp/gold/actors.yaml).

    .venv/bin/python -m benchmarks.actors_eval [-v] [--json]

Runs the real pipeline (``briefing.nlp.pipeline.extract_facts`` then
``briefing.analyse.actors.resolve_actors``) on each gold passage (one corpus each) and on the
seeds (one corpus, outlets excluded as the brief does), and prints:

* actor precision / recall / F1 after merging. A gold actor is *found* when exactly one
  resolved actor carries all its names (canonical name and the aliases that must merge into
  it) and no other resolved actor carries any of them. Precision counts the resolved actors
  matched to a gold actor among all resolved actors, so junk actors, split actors and actors
  the gold does not know all cost precision. Type accuracy is over the found actors.
* quote attribution accuracy on the gold quotations of actors.yaml and of quotes.yaml: a quote
  is right when the pipeline finds it and its speaker resolves to the gold speaker's actor (or
  to no actor when the gold speaker is null). Compared, on the same docs and with the same
  actor index, with the "nearest PERSON before the verb of saying" baseline and, when it is
  installed, textacy's ``direct_quotations`` (textacy is not a project dependency).

Names are compared after unidecode, lower case and a leading "the" dropped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from unidecode import unidecode

from briefing.analyse.actors import ActorIndex, resolve_actors
from briefing.config import Settings
from briefing.ingest import load
from briefing.model import Actor, Article, ArticleFacts, Mention, Quote
from briefing.nlp.pipeline import extract_facts, load_model

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "nlp" / "gold" / "actors.yaml"
QUOTES_GOLD = REPO / "tests" / "nlp" / "gold" / "quotes.yaml"
SEEDS = REPO / "seeds"

try:  # a peer for comparison only; never imported by the project itself
    from textacy.extract.triples import direct_quotations
except ImportError:  # pragma: no cover - depends on the environment
    direct_quotations = None


def norm(name: str) -> str:
    low = unidecode(name).lower().replace("'s", "").strip()
    return low[4:] if low.startswith("the ") else low


def names_of(actor: Actor) -> set[str]:
    return {norm(actor.name)} | {norm(a) for a in actor.aliases}


# --------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    """One gold unit: articles resolved together, with the gold actors and quotes."""

    id: str
    facts: list[ArticleFacts]
    index: ActorIndex
    actors: list[dict]
    quotes: list[dict]  # {source (article id), start, speaker}
    docs: dict[str, object] = field(default_factory=dict)  # article id -> spaCy Doc, for the peers
    heldout: bool = False  # written after the rules were tuned, scored apart


def _passage_article(item: dict) -> Article:
    return Article(id=item["id"], path=f"gold:{item['id']}", text=item["text"].strip(), outlet="Gold")


def build_corpora(gold: dict, model: str) -> list[Corpus]:
    nlp = load_model(model)
    corpora = []
    for item in gold.get("passages") or ():
        article = _passage_article(item)
        facts = extract_facts([article], model)
        quotes = [{**q, "source": article.id} for q in item.get("quotes") or ()]
        docs = {article.id: nlp(article.text)}
        heldout = bool(item.get("heldout"))
        corpora.append(Corpus(item["id"], facts, resolve_actors(facts), item["actors"], quotes, docs, heldout))
    seeds = gold.get("seeds")
    if seeds:
        articles = list(load([SEEDS]).articles)
        by_file = {Path(a.path).name: a.id for a in articles}
        facts = extract_facts(articles, model)
        outlets = sorted({a.outlet for a in articles})
        quotes = [{**q, "source": by_file[q["file"]]} for q in seeds.get("quotes") or ()]
        docs = {a.id: nlp(a.text) for a in articles}
        corpora.append(
            Corpus("seeds", facts, resolve_actors(facts, outlet_names=outlets), seeds["actors"], quotes, docs)
        )
    return corpora


def quote_corpora(model: str) -> list[Corpus]:
    """tests/nlp/gold/quotes.yaml read the way benchmarks.quotes_eval reads it, through the pipeline."""
    nlp = load_model(model)
    corpora = []
    for item in yaml.safe_load(QUOTES_GOLD.read_text(encoding="utf-8")):
        text = " ".join(item["text"].split())
        article = Article(id=item["id"], path=f"gold:{item['id']}", text=text, outlet="Gold")
        facts = extract_facts([article], model)
        quotes = [{"source": article.id, **q} for q in item["quotes"]]
        corpora.append(Corpus(item["id"], facts, resolve_actors(facts), [], quotes, {article.id: nlp(text)}))
    return corpora


# --------------------------------------------------------------------------- actors


@dataclass
class ActorScore:
    gold: int = 0
    resolved: int = 0
    found: int = 0
    matched: int = 0  # resolved actors matched to a gold actor
    typed: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.resolved if self.resolved else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.typed / self.found if self.found else 0.0


def score_actors(corpora: Sequence[Corpus]) -> ActorScore:
    score = ActorScore()
    for corpus in corpora:
        resolved = list(corpus.index.actors)
        resolved_names = [names_of(a) for a in resolved]
        matched: set[int] = set()
        score.gold += len(corpus.actors)
        score.resolved += len(resolved)
        for g in corpus.actors:
            names = {norm(g["name"])} | {norm(a) for a in g.get("aliases") or ()}
            covering = [i for i, rn in enumerate(resolved_names) if names <= rn]
            touching = [i for i, rn in enumerate(resolved_names) if names & rn]
            if len(covering) == 1 and touching == covering and covering[0] not in matched:
                i = covering[0]
                matched.add(i)
                score.found += 1
                if resolved[i].type == g["type"]:
                    score.typed += 1
                else:
                    score.lines.append(f"  TYPE   {corpus.id}: {g['name']} gold={g['type']} got={resolved[i].type}")
            else:
                got = [f"{resolved[i].name} {sorted(resolved_names[i])}" for i in touching] or ["nothing"]
                score.lines.append(f"  MISSED {corpus.id}: {g['name']} ({g['type']}) -> {'; '.join(got)}")
        score.matched += len(matched)
        for i, a in enumerate(resolved):
            if i not in matched:
                score.lines.append(f"  EXTRA  {corpus.id}: {a.name} ({a.type}) {sorted(resolved_names[i])}")
    return score


# --------------------------------------------------------------------------- quotes

# A speaker finder: (corpus, article facts, doc, the pipeline's quote) -> resolved Actor or None.
SpeakerFinder = Callable[[Corpus, ArticleFacts, object, Quote], Actor | None]


def _actor(corpus: Corpus, source_id: str, start: int, end: int) -> Actor | None:
    actor_id = corpus.index.actor_for(source_id, start, end)
    return next((a for a in corpus.index.actors if a.id == actor_id), None) if actor_id else None


def ours(corpus: Corpus, facts: ArticleFacts, doc, quote: Quote) -> Actor | None:
    return _actor(corpus, facts.article.id, quote.speaker_start, quote.speaker_end) if quote.speaker else None


def nearest_person(corpus: Corpus, facts: ArticleFacts, doc, quote: Quote) -> Actor | None:
    from benchmarks.quotes_eval import baseline_speaker

    m: Mention | None = baseline_speaker(doc, facts.mentions, quote)
    return _actor(corpus, facts.article.id, m.start, m.end) if m else None


def textacy_speaker(corpus: Corpus, facts: ArticleFacts, doc, quote: Quote) -> Actor | None:
    """textacy's speaker for the quotation covering this one, mapped to our actor via its mention."""
    for dq in _textacy_triples(doc):
        content = dq.content
        if not (content.start_char <= quote.start < content.end_char):
            continue
        for tok in dq.speaker:
            for m in facts.mentions:
                if m.start <= tok.idx < m.end:
                    return _actor(corpus, facts.article.id, m.start, m.end)
        return None
    return None


_TEXTACY_CACHE: dict[int, list] = {}


def _textacy_triples(doc) -> list:
    key = id(doc)
    if key not in _TEXTACY_CACHE:
        try:
            _TEXTACY_CACHE[key] = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - a peer's failure on one doc counts as finding nothing
            _TEXTACY_CACHE[key] = []
    return _TEXTACY_CACHE[key]


@dataclass
class QuoteScore:
    total: int = 0
    right: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.right.get(name, 0) / self.total if self.total else 0.0


def score_quotes(corpora: Sequence[Corpus], finders: dict[str, SpeakerFinder]) -> QuoteScore:
    score = QuoteScore(right={name: 0 for name in finders})
    for corpus in corpora:
        facts_by_id = {f.article.id: f for f in corpus.facts}
        for g in corpus.quotes:
            score.total += 1
            facts = facts_by_id[g["source"]]
            quote = next((q for q in facts.quotes if q.text.startswith(g["start"])), None)
            want = g["speaker"]
            if quote is None:
                score.lines.append(f"  MISSED {corpus.id}: {g['start']!r}")
                continue
            got = {}
            for name, finder in finders.items():
                actor = finder(corpus, facts, corpus.docs[g["source"]], quote)
                ok = actor is None if want is None else actor is not None and norm(want) in names_of(actor)
                score.right[name] += ok
                got[name] = (ok, actor.name if actor else None)
            mark = "ok " if got["ours"][0] else "BAD"
            peers = " ".join(f"{n}={a}" for n, (_, a) in got.items())
            score.lines.append(f"  {mark} {corpus.id}: {g['start']!r} want={want} {peers}")
    return score


def finders() -> dict[str, SpeakerFinder]:
    found: dict[str, SpeakerFinder] = {"ours": ours, "nearest PERSON": nearest_person}
    if direct_quotations is not None:
        found["textacy direct_quotations"] = textacy_speaker
    return found


# --------------------------------------------------------------------------- report


def _actor_figures(score: ActorScore) -> dict:
    return {
        "gold": score.gold,
        "resolved": score.resolved,
        "precision": round(100 * score.precision, 1),
        "recall": round(100 * score.recall, 1),
        "f1": round(100 * score.f1, 1),
        "type_accuracy": round(100 * score.type_accuracy, 1),
    }


def _quote_figures(score: QuoteScore, names: Sequence[str]) -> dict:
    return {"total": score.total, **{name: round(100 * score.accuracy(name), 1) for name in names}}


def evaluate(model: str | None = None) -> dict:
    """All figures as a dict (percentages), with the detail lines.

    ``actors``/``quotes``: every corpus of actors.yaml; ``heldout``: only the passages marked
    ``heldout`` (written after the rules were tuned); ``quotes_yaml``: tests/nlp/gold/quotes.yaml.
    """
    model = model or Settings().spacy_model
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    corpora = build_corpora(gold, model)
    heldout = [c for c in corpora if c.heldout]
    quote_finders = finders()
    actors = score_actors(corpora)
    quotes = score_quotes(corpora, quote_finders)
    quotes_other = score_quotes(quote_corpora(model), quote_finders)
    return {
        "passages": len(gold.get("passages") or ()) + (1 if gold.get("seeds") else 0),
        "actors": _actor_figures(actors),
        "quotes": _quote_figures(quotes, list(quote_finders)),
        "heldout": {
            "corpora": len(heldout),
            "actors": _actor_figures(score_actors(heldout)),
            "quotes": _quote_figures(score_quotes(heldout, quote_finders), list(quote_finders)),
        },
        "quotes_yaml": _quote_figures(quotes_other, list(quote_finders)),
        "lines": {"actors": actors.lines, "quotes": quotes.lines + quotes_other.lines},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    result = evaluate()
    if "--json" in args:
        print(json.dumps({k: v for k, v in result.items() if k != "lines"}, indent=2))
        return 0
    a = result["actors"]
    print(f"actors on {result['passages']} gold corpora ({a['gold']} gold actors, {a['resolved']} resolved)")
    print(f"  precision {a['precision']:.1f}  recall {a['recall']:.1f}  F1 {a['f1']:.1f}")
    print(f"  type accuracy among found actors: {a['type_accuracy']:.1f}")
    h = result["heldout"]
    ha = h["actors"]
    print(f"  passages marked heldout only ({h['corpora']}, {ha['gold']} gold actors; first score, before the")
    print("  fixes they prompted: P 79.2 R 86.4 F1 82.6, quotes 2/4):")
    print(f"  precision {ha['precision']:.1f}  recall {ha['recall']:.1f}  F1 {ha['f1']:.1f}")
    for label, q in (
        ("actors.yaml", result["quotes"]),
        ("the passages marked heldout", h["quotes"]),
        ("quotes.yaml", result["quotes_yaml"]),
    ):
        print(f"quote attribution on {q['total']} gold quotations of {label}")
        for name, value in q.items():
            if name != "total":
                print(f"  {name:<26} {value:.1f}%")
    if direct_quotations is None:
        print("  (textacy is not installed: its direct_quotations was not compared)")
    if "-v" in args:
        print("\n".join(result["lines"]["actors"] + result["lines"]["quotes"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
