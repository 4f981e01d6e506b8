"""Online story grouping: each article joins the story it belongs to or starts a new one.

An article is compared with every story that shares a name or one of its most telling words
(an inverted index, so adding an article costs the same however many stories there are), by
average link: its mean similarity to the story's articles, which a running sum of their vectors
gives in one dot product. The similarity weighs

* words: TF-IDF (sublinear counts, document frequencies of every article seen so far) cosine;
* names: the same over the actors and places named, since two events of one kind share words
  but not their who and where;
* periods: stated years agreeing add, disagreeing subtract ("the 2008 quake" is not 2013's);
* time: a story drifts, so an article published far outside a story's days counts less
  (the similarity halves every ``half_life_days`` past its first or last day).

Grouping is order-dependent by nature (a stream has no end); ids are the first article's id,
so the same articles in the same order always give the same stories.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from briefing.stories.features import StoryFeatures


@dataclass(frozen=True)
class GroupingSettings:
    """The weights and threshold: the grid setting the three development sets choose together
    (``benchmarks/stories_eval.py``; leave-one-set-out figures in its output and the README)."""

    threshold: float = 0.1
    entity_weight: float = 0.7  # the rest goes to words
    period_weight: float = 0.0  # added when stated years agree, subtracted when they do not
    half_life_days: float = 30.0
    telling_words: int = 12  # an article's highest-weighted words used to find candidate stories


@dataclass
class Story:
    """A running story: its articles and the sums that average link needs."""

    id: str
    articles: list[str] = field(default_factory=list)
    words: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    periods: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    keys: set[str] = field(default_factory=set)  # its entries in the inverted index


class StoryIndex:
    """Stories so far, the document frequencies, and the inverted index from features to stories."""

    def __init__(self, settings: GroupingSettings | None = None):
        self.settings = settings or GroupingSettings()
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}
        self._df_words: Counter[str] = Counter()
        self._df_entities: Counter[str] = Counter()
        self._seen = 0
        self._postings: dict[str, set[str]] = defaultdict(set)

    def add(self, article: StoryFeatures) -> str:
        """The id of the story the article joins (a new one if none is close enough).

        The article starts as a story of its own, which then merges with the closest story while
        their average link passes the threshold: greedy average-link clustering, one arrival at
        a time, so a story that two articles' worth of evidence ties to another joins it then.
        """
        if article.article_id in self.story_of:  # seen before: nothing changes
            return self.story_of[article.article_id]
        self._seen += 1
        self._df_words.update(article.words.keys())
        self._df_entities.update(article.entities.keys())
        words = _tfidf(article.words, self._df_words, self._seen)
        entities = _tfidf(article.entities, self._df_entities, self._seen)
        story = Story(id=f"s{article.article_id}")
        self.stories[story.id] = story
        self._join(story, article, words, entities)
        while True:
            best, score = None, self.settings.threshold
            for other_id in self._candidates(story.words, story.entities) - {story.id}:
                other = self.stories[other_id]
                sim = self.linkage(story, other)
                if sim >= score:
                    best, score = other, sim
            if best is None:
                return story.id
            story = self._merge(best, story)

    def linkage(self, a: Story, b: Story) -> float:
        """Average link between two stories, with the period and time terms."""
        s = self.settings
        pairs = len(a.articles) * len(b.articles)
        text = _dot(a.words, b.words) / pairs
        names = _dot(a.entities, b.entities) / pairs
        sim = (1 - s.entity_weight) * text + s.entity_weight * names
        if a.periods and b.periods:
            shared = sum(min(a.periods[p], b.periods[p]) for p in a.periods)
            agree = shared / min(sum(a.periods.values()), sum(b.periods.values()))
            sim += s.period_weight * (2 * agree - 1)
        gap = _gap(a, b)
        if gap:
            sim *= 0.5 ** (gap / s.half_life_days)
        return sim

    def _merge(self, keep: Story, gone: Story) -> Story:
        """``gone``'s articles join ``keep`` (the older story keeps its id)."""
        if len(gone.articles) > len(keep.articles) or (len(gone.articles) == len(keep.articles) and gone.id < keep.id):
            keep, gone = gone, keep
        keep.articles.extend(gone.articles)
        _add_into(keep.words, gone.words)
        _add_into(keep.entities, gone.entities)
        keep.periods.update(gone.periods)
        days = [d for d in (keep.first, keep.last, gone.first, gone.last) if d]
        keep.first, keep.last = (min(days), max(days)) if days else (None, None)
        for article_id in gone.articles:
            self.story_of[article_id] = keep.id
        for key in gone.keys:
            self._postings[key].discard(gone.id)
            self._postings[key].add(keep.id)
        keep.keys |= gone.keys
        del self.stories[gone.id]
        return keep

    def add_all(self, articles: Iterable[StoryFeatures]) -> dict[str, str]:
        """Article id -> story id for each article, added in order."""
        return {a.article_id: self.add(a) for a in articles}

    def _candidates(self, words: Mapping[str, float], entities: Mapping[str, float]) -> set[str]:
        # A story is filed under each article's ``telling_words`` best words; looking up three
        # times as many finds a story whose articles put the shared words a little lower.
        telling = sorted(words, key=words.__getitem__, reverse=True)[: self.settings.telling_words * 3]
        found: set[str] = set()
        for key in (*(f"e:{e}" for e in entities), *(f"w:{w}" for w in telling)):
            found |= self._postings.get(key, set())
        return found

    def _join(self, story: Story, article: StoryFeatures, words: Mapping[str, float], entities: Mapping[str, float]):
        story.articles.append(article.article_id)
        _add_into(story.words, words)
        _add_into(story.entities, entities)
        story.periods.update(article.periods)
        if article.published:
            story.first = min(filter(None, (story.first, article.published)))
            story.last = max(filter(None, (story.last, article.published)))
        telling = sorted(words, key=words.__getitem__, reverse=True)[: self.settings.telling_words]
        for key in (*(f"e:{e}" for e in entities), *(f"w:{w}" for w in telling)):
            self._postings[key].add(story.id)
            story.keys.add(key)
        self.story_of[article.article_id] = story.id


def _tfidf(counts: Mapping[str, int], df: Mapping[str, int], n: int) -> dict[str, float]:
    vector = {k: (1 + math.log(c)) * (math.log((1 + n) / (1 + df.get(k, 0))) + 1) for k, c in counts.items() if c}
    norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
    return {k: x / norm for k, x in vector.items()}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def _add_into(total: dict[str, float], vector: Mapping[str, float]) -> None:
    for k, x in vector.items():
        total[k] = total.get(k, 0.0) + x


def _gap(a: Story, b: Story) -> int:
    """Days between two stories' spans (0 when they overlap or a date is missing)."""
    if not (a.first and a.last and b.first and b.last):
        return 0
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0
