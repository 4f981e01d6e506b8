"""A timeline for a large corpus: which days matter, and the sentences that best say what happened.

With a handful of articles every dated event fits in the brief; with hundreds the brief must
choose. This follows DATEWISE (Gholipour Ghalandari and Ifrim, ACL 2020), unsupervised, and adds
what it knows of a story's shape (``Ranking``):

1. Rank days by how much the corpus says about them, above all by references from other
   articles: each article referring to a day (a day-precision DATE or TIME value from our
   normaliser, relative ones resolved against the publication date) counts once for it, less
   when it is the article's own publication day or still ahead of it, more the later it was
   published after the day (a turning point is still cited weeks on; routine coverage is not);
   each article published on the day or the day after adds ``Ranking.published``. References may
   be divided by the coverage volume around the day, so a busy week does not win on volume alone.
2. Choose days best first, but each day already chosen nearer than the mean gap between the
   timeline's days (its span over the number of days) lowers a day's score, so one busy week
   does not crowd out the other months.
3. For each chosen day the candidate sentences are those that refer to it, plus the opening
   sentences of articles published on it or the day after that refer to no day at all.
4. Summarise the candidates centroid-first over TF-IDF vectors: greedily add the sentence that
   brings the summary closest to the candidates' centroid, skipping sentences too similar
   (cosine above ``MAX_SIMILARITY``) to one already in this or another day's summary, too short
   or too long, off the corpus's topic, or a caption run into a sentence with no full stop. A
   day left without a sentence gives way to the next.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from briefing import timeml
from briefing.model import GIVEN, ArticleFacts, Citation, Event

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+")

# Opening sentences of an article that count as telling of its publication day when undated.
OPENING_SENTENCES = 5
# Two sentences above this cosine (TF-IDF) say the same thing: the second is left out.
MAX_SIMILARITY = 0.5
# Sentences shorter than this many words say too little; longer ones are run-ons or lists.
MIN_WORDS, MAX_WORDS = 8, 40
# A summary sentence must use one of the corpus's most widespread content words (its topic).
TOPIC_WORDS = 20
# Coverage volume of a day: the articles published this many days either side of it.
VOLUME_DAYS = 3
# Days considered for the timeline, as a multiple of the days asked for (the rest never make it).
POOL = 6


@dataclass(frozen=True)
class Ranking:
    """How days are ranked and chosen. The defaults are the setting the six Timeline17 topics
    choose together from ``benchmarks.timeline17_eval``'s grid (README, "Timelines of large corpora")."""

    # An article referring to a day counts once however many of its sentences do: one long piece saying
    # "today" forty times must not outweigh the days many articles look back to. "Today" in an article
    # published that day is weaker evidence (the publication counts as well), and a day still ahead of
    # the article is only scheduled.
    same_day: float = 0.5
    future: float = 0.5
    published: float = 0.5  # each article published on a day or the day after counts this much for it
    later: float = 0.0  # a reference g days after the day counts 1 + later * log10(1 + g)
    burst: float = 0.0  # references divided by (1 + articles published within VOLUME_DAYS) ** burst
    spread: float = 0.3  # each chosen day nearer than the mean gap multiplies a day's score by 1 - spread


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


@dataclass
class Prepared:
    """What the timeline needs of a corpus whatever the ranking: its sentences with their days,
    TF-IDF vectors, candidates per day and which sentences may summarise. Made once by
    :func:`prepare`, so several rankings of one corpus (the benchmark's grid) share it."""

    facts: Sequence[ArticleFacts]
    units: list[_Unit]
    vectors: object = None  # scipy CSR matrix, one L2-normalised row per unit
    candidates: dict[date, list[int]] = field(default_factory=dict)
    usable: list[bool] = field(default_factory=list)


def prepare(facts: Sequence[ArticleFacts]) -> Prepared:
    """The ranking-free part of a timeline over ``facts``."""
    units = _units(facts)
    if not units:
        return Prepared(facts, units)
    vectors, vectorizer = _vectors(units)
    topic = _topic_columns(facts, vectorizer)
    common = _common_words(facts)
    return Prepared(facts, units, vectors, _candidates(facts, units), _usable(units, vectors, topic, common))


def build_timeline(
    facts: Sequence[ArticleFacts],
    max_dates: int = 20,
    per_date: int = 1,
    since: date | None = None,
    until: date | None = None,
    ranking: Ranking | None = None,
    prepared: Prepared | None = None,
) -> list[TimelineDay]:
    """The ``max_dates`` days the corpus says most about (within ``since``..``until``), each with
    up to ``per_date`` sentences, in date order. ``prepared`` is :func:`prepare` of ``facts``."""
    ranking = ranking or Ranking()
    prepared = prepared if prepared is not None else prepare(facts)
    units, vectors = prepared.units, prepared.vectors
    if not units or max_dates <= 0 or per_date <= 0:
        return []
    ranked = rank_dates(facts, units, since, until, ranking)
    chosen_rows: list[int] = []
    days: list[TimelineDay] = []

    def summarised(entry: tuple[date, float, int, int]) -> bool:
        day, score, mentions, published = entry
        taken = set(chosen_rows)
        rows = [r for r in dict.fromkeys(prepared.candidates.get(day, ())) if prepared.usable[r] and r not in taken]
        picked = summarise(vectors, rows, per_date, vectors[chosen_rows] if chosen_rows else None)
        if not picked:
            return False
        chosen_rows.extend(picked)
        sentences = tuple(_timeline_sentence(facts, units[r]) for r in picked)
        referring = {facts[units[r].facts].article.outlet for r in prepared.candidates[day] if units[r].days}
        days.append(TimelineDay(day.isoformat(), score, mentions, published, sentences, tuple(sorted(referring))))
        return True

    gap = _mean_gap(facts, since, until, max_dates)
    choose(ranked[: POOL * max_dates], max_dates, gap, ranking.spread, summarised)
    return sorted(days, key=lambda d: d.date)


def choose(
    ranked: Sequence[tuple[date, float, int, int]],
    limit: int,
    gap: float,
    spread: float,
    accept: Callable[[tuple[date, float, int, int]], bool],
) -> list[date]:
    """Up to ``limit`` days, best first, each ``accept``-ed; every accepted day nearer than ``gap``
    days multiplies a day's score by ``1 - spread``, so one busy week cannot take the whole timeline."""
    if not ranked:
        return []
    ordinals = np.array([d.toordinal() for d, *_ in ranked])
    scores = np.array([s for _, s, *_ in ranked], dtype=float)
    near = np.zeros(len(ranked))
    open_ = np.ones(len(ranked), bool)
    kept: list[date] = []
    factor = max(0.0, 1.0 - spread)
    while len(kept) < limit and open_.any():
        adjusted = np.where(open_, scores * factor**near, -np.inf)
        best = int(np.argmax(adjusted))  # ties: the earlier in ``ranked``
        open_[best] = False
        if accept(ranked[best]):
            kept.append(ranked[best][0])
            near += np.abs(ordinals - ordinals[best]) < gap
    return kept


def _mean_gap(facts: Sequence[ArticleFacts], since: date | None, until: date | None, n: int) -> float:
    """Days between a timeline's days if they were spread evenly over its span (at least one):
    the span is ``since``..``until``, else the articles' publication dates."""
    published = [d for f in facts if (d := _day(f.article.published))]
    first = since or min(published, default=None)
    last = until or max(published, default=None)
    if first is None or last is None or n <= 0:
        return 1.0
    return max(1.0, ((last - first).days + 1) / n)


# ----------------------------------------------------------------------------- date ranking


def rank_dates(
    facts: Sequence[ArticleFacts],
    units: Sequence[_Unit] | None = None,
    since: date | None = None,
    until: date | None = None,
    ranking: Ranking | None = None,
) -> list[tuple[date, float, int, int]]:
    """(day, score, mentions, published) for every day inside the span, best first."""
    ranking = ranking or Ranking()
    units = _units(facts) if units is None else units
    per_article: dict[int, Counter[date]] = defaultdict(Counter)
    for unit in units:
        per_article[unit.facts].update(set(unit.days))
    mentions: Counter[date] = Counter()
    references: dict[date, float] = defaultdict(float)
    for i, refs in per_article.items():
        published_on = _day(facts[i].article.published)
        for day, n in refs.items():
            mentions[day] += n
            references[day] += reference_weight(day, published_on, ranking)
    published: Counter[date] = Counter()
    for f in facts:
        day = _day(f.article.published)
        if day is not None:
            published.update({day, day - timedelta(days=1)})
    volume = _volume(facts) if ranking.burst else None
    scores: dict[date, float] = defaultdict(float)
    for day, weight in references.items():
        scores[day] = weight / (1 + volume(day)) ** ranking.burst if volume else weight
    for day, n in published.items():
        scores[day] += ranking.published * n
    inside = [d for d in scores if (since is None or d >= since) and (until is None or d <= until)]
    inside.sort(key=lambda d: (-scores[d], -mentions[d], d))
    return [(d, scores[d], mentions[d], published[d]) for d in inside]


def reference_weight(day: date, published_on: date | None, ranking: Ranking) -> float:
    """What one article referring to ``day`` adds to it: less from the day itself or before it,
    more the later the article looks back (a turning point is cited long after; routine news is not)."""
    if published_on is None:
        return 1.0
    if day == published_on:
        return ranking.same_day
    if day > published_on:
        return ranking.future
    return 1.0 + ranking.later * math.log10(1 + (published_on - day).days)


def _volume(facts: Sequence[ArticleFacts]) -> Callable[[date], int]:
    """Articles published within ``VOLUME_DAYS`` of a day: how busy the coverage was around it."""
    ordinals = np.sort(np.array([d.toordinal() for f in facts if (d := _day(f.article.published))], dtype=int))

    def around(day: date) -> int:
        lo, hi = day.toordinal() - VOLUME_DAYS, day.toordinal() + VOLUME_DAYS
        return int(np.searchsorted(ordinals, hi, "right") - np.searchsorted(ordinals, lo, "left"))

    return around


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


def _usable(units: Sequence[_Unit], vectors, topic: np.ndarray, common: frozenset[str]) -> list[bool]:
    lengths = [len(_WORD.findall(u.text)) for u in units]
    on_topic = np.asarray(vectors[:, topic].sum(axis=1)).ravel() > 0 if topic.size else np.ones(len(units), bool)
    return [
        MIN_WORDS <= n <= MAX_WORDS and bool(t) and not run_on(u.text, common)
        for u, n, t in zip(units, lengths, on_topic, strict=True)
    ]


# Lower-case words a capitalised common word may follow inside one sentence ("the Government",
# "told Reporters" is rare but "said Police" is not a run-on either).
_JOINERS = frozenset(
    """
    a an the of to in on at by for from with into onto about as than like via and or nor but
    said says told say wrote called named dubbed titled is was are were be been his her their its
    our my your this that these those which who whom whose between among against over under after
    before during per versus toward towards across behind warned added urged asked
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def _common_words(facts: Sequence[ArticleFacts]) -> frozenset[str]:
    """Words the corpus writes in lower case inside a sentence at least three times as often as
    capitalised: common words, so a capitalised one straight after a lower-case word starts a new
    sentence that lost its full stop (a caption run into the text: "... outbreaks in pigs Infection
    control experts are ...")."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for f in facts:
        for s in f.sentences:
            for word in s.text.split()[1:]:
                if not word.isalpha():
                    continue
                if word.islower():
                    lower[word] += 1
                elif word[0].isupper() and word[1:].islower():
                    upper[word.lower()] += 1
    return frozenset(w for w, n in lower.items() if n >= 3 * upper[w] + 3)


# Page furniture left inside a sentence: a bar between fields ("AJB | September 16 | Report abuse"),
# a headline in capitals.
_FURNITURE = re.compile(r"\s\|\s|\bReport abuse\b|(?:\b[A-Z]{2,}\s+){3}[A-Z]{2,}\b")


def run_on(text: str, common: Iterable[str]) -> bool:
    """Whether the sentence runs two together: a lower-case word followed by a capitalised common
    word ("pigs Infection"), as captions and link texts do when their full stop was lost; or
    carries page furniture (a bar between fields, a headline in capitals)."""
    if _FURNITURE.search(text):
        return True
    tokens = _TOKEN.findall(text)
    for left, right in zip(tokens, tokens[1:], strict=False):
        if (
            left.isalpha()
            and left.islower()
            and left not in _JOINERS
            and right.isalpha()
            and right[0].isupper()
            and right[1:].islower()
            and right.lower() in common
        ):
            return True
    return False


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
