"""A timeline for a large corpus: which days matter, and the sentences that best say what happened.

With a handful of articles every dated event fits in the brief; with hundreds the brief must
choose. This follows DATEWISE (Gholipour Ghalandari and Ifrim, ACL 2020), unsupervised:

1. Rank days by how much the corpus says about them, above all by references from other
   articles: each article referring to a day (a day-precision DATE or TIME value from our
   normaliser, relative ones resolved against the publication date) counts once for it, less
   when it is the article's own publication day or still ahead of it; each article published on
   the day or the day after adds ``PUBLISHED_WEIGHT``, since news reports a happening then.
2. For each day, best first, the candidate sentences are those that refer to it, plus the opening
   sentences of articles published on it or the day after that refer to no day at all.
3. Summarise the candidates centroid-first over TF-IDF vectors: greedily add the sentence that
   brings the summary closest to the candidates' centroid, skipping sentences too similar
   (cosine above ``MAX_SIMILARITY``) to one already in this or another day's summary, too short
   or too long, or off the corpus's topic. A day left without a sentence gives way to the next.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from briefing import timeml
from briefing.model import GIVEN, ArticleFacts, Citation, Event

_WORD = re.compile(r"\w+")

# An article referring to a day counts once however many of its sentences do: one long piece saying "today"
# forty times (a programme listing, a live page) must not outweigh the days many articles look back to.
# "Today" in an article published that day is weaker evidence than a reference from another day's article
# (the publication counts as well, below), and a day still ahead of the article is only scheduled.
SAME_DAY_WEIGHT = 0.5
FUTURE_WEIGHT = 0.5
# An article published on a day or the day after counts this much for it.
PUBLISHED_WEIGHT = 0.5
# Opening sentences of an article that count as telling of its publication day when undated.
OPENING_SENTENCES = 5
# Two sentences above this cosine (TF-IDF) say the same thing: the second is left out.
MAX_SIMILARITY = 0.5
# Sentences shorter than this many words say too little; longer ones are run-ons or lists.
MIN_WORDS, MAX_WORDS = 8, 40
# A summary sentence must use one of the corpus's most widespread content words (its topic).
TOPIC_WORDS = 20


@dataclass(frozen=True)
class TimelineSentence:
    """One sentence of a day's summary, where it comes from."""

    text: str
    citation: Citation
    sentence: int  # Sentence.index in its article


@dataclass(frozen=True)
class TimelineDay:
    """A chosen day: how much the corpus says about it and what happened on it."""

    date: str  # YYYY-MM-DD
    score: float  # the ranking score: articles referring to the day plus publications, weighted
    mentions: int  # sentences referring to the day
    published: int  # articles published on the day or the day after
    sentences: tuple[TimelineSentence, ...] = ()
    outlets: tuple[str, ...] = ()  # outlets with an article referring to the day


@dataclass
class _Unit:
    facts: int  # index into the facts
    sentence: int
    text: str
    days: tuple[date, ...]  # days the sentence refers to, in order of mention


def build_timeline(
    facts: Sequence[ArticleFacts],
    max_dates: int = 20,
    per_date: int = 1,
    since: date | None = None,
    until: date | None = None,
) -> list[TimelineDay]:
    """The ``max_dates`` days the corpus says most about (within ``since``..``until``), each with
    up to ``per_date`` sentences, in date order."""
    units = _units(facts)
    if not units or max_dates <= 0 or per_date <= 0:
        return []
    ranked = rank_dates(facts, units, since, until)
    vectors, vectorizer = _vectors(units)
    topic = _topic_columns(facts, vectorizer)
    candidates = _candidates(facts, units)
    usable = _usable(units, vectors, topic)
    chosen_rows: list[int] = []
    days: list[TimelineDay] = []
    for day, score, mentions, published in ranked:
        taken = set(chosen_rows)
        rows = [r for r in dict.fromkeys(candidates.get(day, ())) if usable[r] and r not in taken]
        picked = summarise(vectors, rows, per_date, vectors[chosen_rows] if chosen_rows else None)
        if not picked:
            continue
        chosen_rows += picked
        sentences = tuple(_timeline_sentence(facts, units[r]) for r in picked)
        outlets = tuple(sorted({facts[units[r].facts].article.outlet for r in candidates[day] if units[r].days}))
        days.append(TimelineDay(day.isoformat(), score, mentions, published, sentences, outlets))
        if len(days) >= max_dates:
            break
    return sorted(days, key=lambda d: d.date)


# ----------------------------------------------------------------------------- date ranking


def rank_dates(
    facts: Sequence[ArticleFacts],
    units: Sequence[_Unit] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[tuple[date, float, int, int]]:
    """(day, score, mentions, published) for every day inside the span, best first."""
    units = _units(facts) if units is None else units
    per_article: dict[int, Counter[date]] = defaultdict(Counter)
    for unit in units:
        per_article[unit.facts].update(set(unit.days))
    mentions: Counter[date] = Counter()
    scores: dict[date, float] = defaultdict(float)
    for i, refs in per_article.items():
        published_on = _day(facts[i].article.published)
        for day, n in refs.items():
            mentions[day] += n
            ahead = published_on is not None and day > published_on
            scores[day] += SAME_DAY_WEIGHT if day == published_on else FUTURE_WEIGHT if ahead else 1.0
    published: Counter[date] = Counter()
    for f in facts:
        day = _day(f.article.published)
        if day is not None:
            published.update({day, day - timedelta(days=1)})
    for day, n in published.items():
        scores[day] += PUBLISHED_WEIGHT * n
    inside = [d for d in scores if (since is None or d >= since) and (until is None or d <= until)]
    inside.sort(key=lambda d: (-scores[d], -mentions[d], d))
    return [(d, scores[d], mentions[d], published[d]) for d in inside]


# ----------------------------------------------------------------------------- candidates


def _units(facts: Sequence[ArticleFacts]) -> list[_Unit]:
    """Every sentence of the corpus with the days it refers to."""
    units = []
    for i, f in enumerate(facts):
        days_of: dict[int, list[date]] = defaultdict(list)
        for time in sorted(f.times, key=lambda t: t.start):
            if time.type not in {"DATE", "TIME"}:
                continue
            day = _day(time.value)
            if day is not None and day not in days_of[time.sentence]:
                days_of[time.sentence].append(day)
        for sentence in f.sentences:
            units.append(_Unit(i, sentence.index, sentence.text.strip(), tuple(days_of.get(sentence.index, ()))))
    return units


def _candidates(facts: Sequence[ArticleFacts], units: Sequence[_Unit]) -> dict[date, list[int]]:
    """Rows of ``units`` that may summarise each day: those referring to it, and the undated
    opening sentences of articles published on it or the day after."""
    found: dict[date, list[int]] = defaultdict(list)
    for row, unit in enumerate(units):
        for day in unit.days:
            found[day].append(row)
        if not unit.days and unit.sentence < OPENING_SENTENCES:
            published = _day(facts[unit.facts].article.published)
            if published is not None:
                found[published].append(row)
                found[published - timedelta(days=1)].append(row)
    return found


def _usable(units: Sequence[_Unit], vectors, topic: np.ndarray) -> list[bool]:
    lengths = [len(_WORD.findall(u.text)) for u in units]
    on_topic = np.asarray(vectors[:, topic].sum(axis=1)).ravel() > 0 if topic.size else np.ones(len(units), bool)
    return [MIN_WORDS <= n <= MAX_WORDS and bool(t) for n, t in zip(lengths, on_topic, strict=True)]


# ----------------------------------------------------------------------------- vectors


def _vectors(units: Sequence[_Unit]):
    """L2-normalised TF-IDF rows, one per sentence, fitted on the whole corpus."""
    # imported here: scikit-learn takes seconds to import, and most builds never need a timeline
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", lowercase=True, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([u.text for u in units])
    except ValueError:  # nothing but stop words
        vectorizer = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b")
        matrix = vectorizer.fit_transform([u.text or "_" for u in units])
    return matrix.tocsr(), vectorizer


def _topic_columns(facts: Sequence[ArticleFacts], vectorizer) -> np.ndarray:
    """Columns of the corpus's topic words: the content words found in the most articles."""
    vocabulary = vectorizer.vocabulary_
    articles: Counter[str] = Counter()
    for f in facts:
        words = {w.lower() for w in _WORD.findall(f.article.text)}
        articles.update(w for w in words if w in vocabulary)
    return np.array([vocabulary[w] for w, _ in articles.most_common(TOPIC_WORDS)], dtype=int)


def summarise(vectors, rows: Sequence[int], k: int, taken=None) -> list[int]:
    """Up to ``k`` of ``rows`` whose sum is closest to their centroid, none too similar to another
    or to a row of ``taken`` (sentences already in the timeline)."""
    if not rows:
        return []
    x = vectors[list(rows)]
    total = np.asarray(x.sum(axis=0)).ravel()
    centroid = total / (np.linalg.norm(total) or 1.0)
    to_centroid = x @ centroid
    gram = (x @ x.T).toarray()
    blocked = np.zeros(len(rows), bool)
    if taken is not None and taken.shape[0]:
        blocked |= (x @ taken.T).toarray().max(axis=1) > MAX_SIMILARITY
    picked: list[int] = []
    summary_dot = 0.0  # summary sum . centroid
    summary_norm2 = 0.0  # |summary sum|^2
    summary_cross = np.zeros(len(rows))  # each row . summary sum
    for _ in range(k):
        norms = np.sqrt(summary_norm2 + 2 * summary_cross + 1.0)
        score = (summary_dot + to_centroid) / norms
        score[blocked] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        picked.append(best)
        summary_dot += to_centroid[best]
        summary_norm2 += 2 * summary_cross[best] + 1.0
        summary_cross += gram[:, best]
        blocked |= gram[:, best] > MAX_SIMILARITY
        blocked[best] = True
    return [rows[i] for i in picked]


# ----------------------------------------------------------------------------- output


def _timeline_sentence(facts: Sequence[ArticleFacts], unit: _Unit) -> TimelineSentence:
    f = facts[unit.facts]
    sentence = f.sentences[unit.sentence]
    citation = Citation(f.article.id, sentence.text, sentence.start, sentence.end)
    return TimelineSentence(unit.text, citation, unit.sentence)


def timeline_events(
    facts: Sequence[ArticleFacts],
    actor_for: Callable[[str, int, int], str | None],
    max_dates: int,
    per_date: int,
) -> list[Event]:
    """The timeline as the brief's dated events, the days the corpus says most about first."""
    days = build_timeline(facts, max_dates, per_date)
    by_id = {f.article.id: f for f in facts}
    last_published = max((d for f in facts if (d := _day(f.article.published))), default=None)
    events = []
    for n, day in enumerate(sorted(days, key=lambda d: -d.score), start=1):
        sources = [by_id[s.citation.source_id] for s in day.sentences]
        actors = {
            a
            for s, f in zip(day.sentences, sources, strict=True)
            for m in f.mentions
            if m.sentence == s.sentence and (a := actor_for(f.article.id, m.start, m.end))
        }
        events.append(
            Event(
                id=f"e{n}",
                date=day.date,
                granularity="day",
                how=_how(day, sources),
                summary=" ".join(s.text for s in day.sentences),
                actors=tuple(sorted(actors)),
                outlets=tuple(sorted(set(day.outlets) | {f.article.outlet for f in sources})),
                upcoming=last_published is not None and date.fromisoformat(day.date) > last_published,
                certain=all(f.article.published_source == GIVEN for f in sources),
                citations=tuple(s.citation for s in day.sentences),
                date_text=_date_text(day, sources),
            )
        )
    return events


def _date_text(day: TimelineDay, sources: Sequence[ArticleFacts]) -> str:
    """The first words in the chosen sentences that give the day, if any states it."""
    for s, f in zip(day.sentences, sources, strict=True):
        for t in f.times:
            if t.sentence == s.sentence and t.value[:10] == day.date and t.text in s.text:
                return t.text
    return ""


def _how(day: TimelineDay, sources: Sequence[ArticleFacts]) -> str:
    """Whether a chosen sentence states the day outright ("stated") or not ("relative")."""
    for s, f in zip(day.sentences, sources, strict=True):
        if any(t.sentence == s.sentence and t.how == "stated" and t.value[:10] == day.date for t in f.times):
            return "stated"
    return "relative"


def _day(value: str | None) -> date | None:
    return timeml.day(value)
