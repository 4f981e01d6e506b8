"""Each outlet's position: whom it quotes, which words set it apart, whom and what it covers.

Everything here is counted from the outlet's own cleaned article text (boilerplate was removed
at ingest), and every statement carries the sentences it rests on.

Distinctive terms use the weighted log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi and Quinn 2008, "Fightin' Words"): the prior is the whole corpus's term
distribution with a total weight of ``PRIOR_WEIGHT`` times the corpus size, each outlet is
compared with all the others, and a term counts as distinctive when its z-score is above
``Z_THRESHOLD`` and the outlet used it at least ``MIN_TERM_COUNT`` times.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from briefing.model import (
    Actor,
    ArticleFacts,
    Citation,
    Event,
    Evidence,
    OutletPosition,
    QuoteEntry,
    Voice,
)
from briefing.nlp.mentions import load_lexicon

Z_THRESHOLD = 1.96
PRIOR_WEIGHT = 0.1
MIN_TERM_COUNT = 2
MAX_TERMS = 6
MAX_VOICES = 5
UNATTRIBUTED = "unattributed"


def outlet_positions(
    facts: Sequence[ArticleFacts],
    quotes: Sequence[QuoteEntry],
    actors: Sequence[Actor],
    events: Sequence[Event],
    actor_for,
) -> list[OutletPosition]:
    by_outlet: dict[str, list[ArticleFacts]] = defaultdict(list)
    for f in facts:
        by_outlet[f.article.outlet].append(f)
    counts = {outlet: _lemma_counts(items) for outlet, items in by_outlet.items()}
    names = {a.id: a.name for a in actors}
    positions = []
    for outlet in sorted(by_outlet, key=lambda o: (-len(by_outlet[o]), o)):
        items = by_outlet[outlet]
        voices = _voices([q for q in quotes if q.outlet == outlet])
        terms = _distinctive_terms(outlet, counts) if len(counts) > 1 else []
        mentioned = _actors_mentioned(items, actor_for, [a.id for a in actors])
        covered = tuple(e.id for e in events if outlet in e.outlets)
        evidence = _evidence(outlet, items, quotes, voices, terms)
        positions.append(
            OutletPosition(
                outlet=outlet,
                source_ids=tuple(f.article.id for f in items),
                voices=tuple(voices),
                terms=tuple(terms),
                actors=tuple(mentioned),
                events=covered,
                statement=_statement(outlet, len(items), voices, terms, mentioned, names, covered, events),
                evidence=tuple(evidence),
            )
        )
    return positions


def _lemma_counts(items: Sequence[ArticleFacts]) -> Counter:
    """Lemma counts without verbs of saying: how an outlet attributes words is not its framing."""
    reporting = load_lexicon().speech_verbs
    return Counter(lemma for f in items for sentence in f.lemmas for lemma in sentence if lemma not in reporting)


def _distinctive_terms(outlet: str, counts: Mapping[str, Counter]) -> list[str]:
    """Fightin' Words: z-scored log-odds of each lemma, this outlet against all the others."""
    mine = counts[outlet]
    others: Counter = Counter()
    for name, counter in counts.items():
        if name != outlet:
            others.update(counter)
    pooled = mine + others
    corpus_size = sum(pooled.values())
    alpha0 = PRIOR_WEIGHT * corpus_size
    n_mine, n_others = sum(mine.values()), sum(others.values())
    scored = []
    for term, count in mine.items():
        if count < MIN_TERM_COUNT:
            continue
        alpha = alpha0 * pooled[term] / corpus_size
        log_odds_mine = math.log((count + alpha) / (n_mine + alpha0 - count - alpha))
        log_odds_others = math.log((others[term] + alpha) / (n_others + alpha0 - others[term] - alpha))
        variance = 1 / (count + alpha) + 1 / (others[term] + alpha)
        z = (log_odds_mine - log_odds_others) / math.sqrt(variance)
        if z > Z_THRESHOLD:
            scored.append((z, term))
    return [term for _, term in sorted(scored, key=lambda p: (-p[0], p[1]))[:MAX_TERMS]]


def _voices(quotes: Sequence[QuoteEntry]) -> list[Voice]:
    counts: Counter = Counter()
    words: Counter = Counter()
    ids: dict[str, str | None] = {}
    for quote in quotes:
        counts[quote.speaker] += 1
        words[quote.speaker] += len(quote.text.split())
        ids[quote.speaker] = quote.speaker_id
    ranked = sorted(counts, key=lambda s: (s == UNATTRIBUTED, -words[s], s))
    return [Voice(s, ids[s], counts[s], words[s]) for s in ranked[:MAX_VOICES]]


def _actors_mentioned(items: Sequence[ArticleFacts], actor_for, ranked_ids: Sequence[str]) -> list[str]:
    seen = {actor_for(f.article.id, m.start, m.end) for f in items for m in f.mentions}
    return [actor_id for actor_id in ranked_ids if actor_id in seen]


def _evidence(outlet, items, quotes, voices, terms) -> list[Evidence]:
    evidence = []
    for voice in voices[:3]:
        cited = tuple(dict.fromkeys(q.citation for q in quotes if q.outlet == outlet and q.speaker == voice.speaker))[
            :2
        ]
        share = "quote" if voice.quotes == 1 else "quotes"
        evidence.append(Evidence("quotes", f"{voice.speaker}: {voice.quotes} {share}, {voice.words} words", cited))
    for term in terms[:4]:
        sentence = _first_sentence_with(items, term)
        if sentence is not None:
            evidence.append(Evidence("term", f"“{term}”", (sentence,)))
    return evidence


def _first_sentence_with(items: Sequence[ArticleFacts], lemma: str) -> Citation | None:
    for f in items:
        for sentence, lemmas in zip(f.sentences, f.lemmas, strict=False):
            if lemma in lemmas:
                return Citation(f.article.id, sentence.text, sentence.start, sentence.end)
    return None


def _statement(outlet, n_articles, voices, terms, mentioned, names, covered, events) -> str:
    """A plain summary of the figures above; it claims nothing they do not show."""
    parts = [f"{outlet} ({n_articles} article{'s' if n_articles != 1 else ''})"]
    named = [v for v in voices if v.speaker != UNATTRIBUTED]
    if named:
        listed = ", ".join(f"{v.speaker} ({v.quotes})" for v in named[:3])
        parts.append(f"quotes {listed}")
    else:
        parts.append("carries no attributed direct quotes")
    if mentioned:
        parts.append("mentions most prominently " + ", ".join(names.get(a, a) for a in mentioned[:3]))
    sentence = "; ".join(parts) + "."
    if terms:
        sentence += " Terms it uses more than the other outlets: " + ", ".join(f"“{t}”" for t in terms[:4]) + "."
    if events:
        sentence += f" It reports {len(covered)} of the brief's {len(events)} dated events."
    return sentence
