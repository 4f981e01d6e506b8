"""Online story grouping: each article joins the story it belongs to or starts a new one.

An article is compared with every story that shares a name or one of its most telling words
(an inverted index, so adding an article costs about the same however many stories there are).
The link between an article (or story) and a story weighs

* words: TF-IDF (sublinear counts, document frequencies of every article seen so far) over the
  summed vectors of the two stories;
* names: the same over the actors and places named, since two events of one kind share words
  but not their who and where;
* periods: stated years agreeing add, disagreeing subtract ("the 2008 quake" is not 2013's);
* time: an article published long after a story's last day counts less, but only past a grace
  as long as the story's own span (a months-long story tolerates a quiet month, a two-day one
  does not tolerate a year: a second earthquake is a new story).

Long articles of one story share a smaller part of their words than short ones, so cosine
under-rates them; ``length_power`` scales up the vectors of an article of more than 100
distinct words by (words / 100) to that power (after pivoted length normalisation, Singhal et
al. 1996; shorter articles are left as they are).

The link is scale-free in story size: cosine of the two summed vectors times the two stories'
cohesions to the power ``cohesion_power / 2`` (cohesion: how close the members are to their
centroid, the norm of the sum over the count). 2 is plain average link, which dilutes a long,
drifting story until nothing can join it; 0 is centroid cosine, which lets a big story swallow
its neighbours; the development sets choose in between (``benchmarks/stories_eval.py``).

Grouping is order-dependent by nature (a stream has no end); a story's id is "s" + the id of
its first article, and when two stories merge the bigger keeps its id (the older on a tie), so
the same articles in the same order always give the same stories. ``merged`` records which ids
were merged away and into which story. Users can merge and split stories; a split leaves a
cannot-link between the two parts that later arrivals never override.

The whole state serialises to JSON compressed with zlib (``to_bytes``/``from_bytes``), never
pickle: a store shared by a team must not execute code when it loads.
"""

from __future__ import annotations

import base64
import json
import math
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from briefing.stories.features import StoryFeatures

FORMAT = 1


@dataclass(frozen=True)
class GroupingSettings:
    """The weights and threshold. Defaults: the grid setting the three development sets choose
    together (``benchmarks/stories_eval.py``; leave-one-set-out figures in its output)."""

    threshold: float = 0.2
    entity_weight: float = 0.7  # the rest goes to words
    cohesion_power: float = 1.5  # 2: average link; 0: centroid cosine
    period_weight: float = 0.1  # added when stated years agree, subtracted when they do not
    half_life_days: float = 30.0  # 0: time never counts
    grace_days: float = 7.0  # gaps shorter than this, or than the story's own span, cost nothing
    telling_words: int = 12  # an article's highest-weighted words used to find candidate stories
    telling_names: int = 8  # and names
    candidates: int = 200  # at most this many stories compared per arrival (those sharing most keys)
    top_words: int = 0  # keep only an article's best words (0: all); memory and speed
    length_power: float = 0.5  # pivoted length normalisation: long articles' vectors count more


@dataclass
class Story:
    """A running story: its articles and the sums the link needs."""

    id: str
    articles: list[str] = field(default_factory=list)
    words: dict[str, float] = field(default_factory=dict)  # summed TF-IDF word vectors
    entities: dict[str, float] = field(default_factory=dict)
    periods: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    keys: set[str] = field(default_factory=set)  # its entries in the inverted index
    words_norm2: float = 0.0  # squared norms of the sums, kept up to date as articles join
    entities_norm2: float = 0.0
    seq: int = 0  # arrival number of its first article: the older keeps its id on a tie
    apart: set[str] = field(default_factory=set)  # stories a user split from this one


class StoryIndex:
    """Stories so far, the document frequencies, and the inverted index from features to stories."""

    def __init__(self, settings: GroupingSettings | None = None):
        self.settings = settings or GroupingSettings()
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}
        self.merged: dict[str, str] = {}  # story id merged away -> the story that took it in
        self._df_words: Counter[str] = Counter()
        self._df_entities: Counter[str] = Counter()
        self._seen = 0
        self._postings: dict[str, set[str]] = defaultdict(set)

    # ------------------------------------------------------------------ arrivals

    def add(self, article: StoryFeatures) -> str:
        """The id of the story the article joins (a new one if none is close enough).

        The article starts as a story of its own, which then merges with the closest story while
        their link passes the threshold: greedy agglomeration, one arrival at a time, so two
        stories that a new article ties together become one then. An article id already seen
        returns its story and changes nothing.
        """
        if article.article_id in self.story_of:
            return self.story_of[article.article_id]
        self._seen += 1
        self._df_words.update(article.words.keys())
        self._df_entities.update(article.entities.keys())
        words, entities = self._vectors(article)
        story = Story(id=f"s{article.article_id}", seq=self._seen)
        self.stories[story.id] = story
        self._join(story, article, words, entities)
        # Only stories sharing a key with the article can pass the threshold after a merge
        # that they did not pass before (the merged link lies between its parts' links).
        candidates = self._candidates(story)
        while True:
            best, best_key = None, (self.settings.threshold, -math.inf, "")
            candidates.discard(story.id)
            for other_id in candidates - story.apart:
                other = self.stories[other_id]
                key = (self.linkage(story, other), -other.seq, other.id)  # ties: the older story
                if key >= best_key:
                    best, best_key = other, key
            if best is None:
                return story.id
            candidates.discard(best.id)
            story = self._merge(best, story)

    def add_all(self, articles: Iterable[StoryFeatures]) -> dict[str, str]:
        """Article id -> story id for each article, added in order (ids as they were when added)."""
        return {a.article_id: self.add(a) for a in articles}

    def current(self, story_id: str) -> str:
        """The id a story has now, following merges (itself when it was never merged away)."""
        seen = set()
        while story_id in self.merged and story_id not in self.stories and story_id not in seen:
            seen.add(story_id)
            story_id = self.merged[story_id]
        return story_id

    def linkage(self, a: Story, b: Story) -> float:
        """How strongly two stories (or an article's story and a story) belong together."""
        s = self.settings
        text = _link(a.words, b.words, a.words_norm2, b.words_norm2, len(a.articles), len(b.articles), s)
        names = _link(a.entities, b.entities, a.entities_norm2, b.entities_norm2, len(a.articles), len(b.articles), s)
        sim = (1 - s.entity_weight) * text + s.entity_weight * names
        if s.period_weight and a.periods and b.periods:
            shared = sum(min(n, b.periods[p]) for p, n in a.periods.items())
            agree = shared / min(sum(a.periods.values()), sum(b.periods.values()))
            sim += s.period_weight * (2 * agree - 1)
        if s.half_life_days:
            gap = _gap(a, b)
            grace = max(s.grace_days, _span(a), _span(b))
            if gap > grace:
                sim *= 0.5 ** ((gap - grace) / s.half_life_days)
        return sim

    # ------------------------------------------------------------------ user edits

    def merge(self, keep_id: str, gone_id: str) -> str:
        """A user's merge: ``gone_id``'s articles join ``keep_id``, which keeps its id (the user's
        choice, not the bigger). A cannot-link between the two is lifted: the user decided."""
        if keep_id == gone_id:
            return keep_id
        keep, gone = self.stories[keep_id], self.stories[gone_id]
        keep.apart.discard(gone_id)
        gone.apart.discard(keep_id)
        self._absorb(keep, gone)
        return keep_id

    def split(self, story_id: str, moved: Sequence[StoryFeatures], kept: Sequence[StoryFeatures]) -> str:
        """A user's split: ``moved`` become a new story "s" + the first moved article's id.

        Both parts' sums are recomputed from the features given (with today's document
        frequencies), and the two never merge again by a later arrival, whatever each absorbs.
        ``moved`` and ``kept`` together must be the story's articles. The kept part keeps the
        story's id; if "s" + the first moved id is taken (the story was named after it), the
        next moved article names the new story. Returns the new story's id.
        """
        story = self.stories[story_id]
        moved_ids = [f.article_id for f in moved]
        kept_ids = [f.article_id for f in kept]
        if not moved_ids or not kept_ids:
            raise ValueError("a split needs at least one moved and one kept article")
        if sorted(moved_ids + kept_ids) != sorted(story.articles):
            raise ValueError(f"moved and kept articles are not exactly the articles of story {story_id}")
        new_id = next((f"s{a}" for a in moved_ids if f"s{a}" not in self.stories), "")
        n = 1
        while not new_id:
            n += 1
            new_id = f"s{moved_ids[0]}-{n}" if f"s{moved_ids[0]}-{n}" not in self.stories else ""
        self._unindex(story)
        del self.stories[story_id]
        kept_id = story_id
        first_seq = story.seq
        parts = []
        for part_id, features in ((kept_id, kept), (new_id, moved)):
            part = Story(id=part_id, seq=first_seq, apart=set(story.apart))
            for f in features:
                words, entities = self._vectors(f)
                self._join(part, f, words, entities)
            self.stories[part_id] = part
            parts.append(part)
        kept_part, new_part = parts
        kept_part.apart.add(new_id)
        new_part.apart.add(kept_id)
        for other_id in story.apart:  # their cannot-links now name both parts
            other = self.stories[other_id].apart
            other.discard(story_id)
            other.update((kept_id, new_id))
        return new_id

    # ------------------------------------------------------------------ persistence

    def to_bytes(self) -> bytes:
        """The whole state as zlib-compressed JSON (no pickle: loading must not run code); story
        vectors as packed doubles inside it, so a round trip is exact."""
        state = {
            "format": FORMAT,
            "settings": asdict(self.settings),
            "seen": self._seen,
            "df_words": self._df_words,
            "df_entities": self._df_entities,
            "merged": self.merged,
            "stories": [
                [
                    s.id,
                    s.seq,
                    s.articles,
                    _pack(s.words),
                    _pack(s.entities),
                    s.periods,
                    s.first.isoformat() if s.first else None,
                    s.last.isoformat() if s.last else None,
                    sorted(s.keys),
                    s.words_norm2,
                    s.entities_norm2,
                    sorted(s.apart),
                ]
                for s in self.stories.values()
            ],
        }
        return zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"), 3)

    @classmethod
    def from_bytes(cls, data: bytes, settings: GroupingSettings | None = None) -> StoryIndex:
        """An index from ``to_bytes``; ``settings`` replace the saved ones when given."""
        state = json.loads(zlib.decompress(data).decode("utf-8"))
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError("not a story index of a known format")
        known = {f.name for f in fields(GroupingSettings)}
        saved = GroupingSettings(**{k: v for k, v in state["settings"].items() if k in known})
        index = cls(settings or saved)
        index._seen = int(state["seen"])
        index._df_words = Counter(state["df_words"])
        index._df_entities = Counter(state["df_entities"])
        index.merged = dict(state["merged"])
        for sid, seq, articles, words, entities, periods, first, last, keys, wn2, en2, apart in state["stories"]:
            story = Story(
                id=sid,
                articles=list(articles),
                words=_unpack(words),
                entities=_unpack(entities),
                periods=Counter(periods),
                first=date.fromisoformat(first) if first else None,
                last=date.fromisoformat(last) if last else None,
                keys=set(keys),
                words_norm2=float(wn2),
                entities_norm2=float(en2),
                seq=int(seq),
                apart=set(apart),
            )
            index.stories[sid] = story
            for article_id in story.articles:
                index.story_of[article_id] = sid
            for key in story.keys:
                index._postings[key].add(sid)
        return index

    # ------------------------------------------------------------------ internals

    def _vectors(self, article: StoryFeatures) -> tuple[dict[str, float], dict[str, float]]:
        s = self.settings
        words = _tfidf(article.words, self._df_words, self._seen, s.top_words)
        entities = _tfidf(article.entities, self._df_entities, self._seen, 0)
        if s.length_power:
            # Cosine favours short texts: two long articles of one story share a smaller part of
            # their words than two short ones. Pivoted at 100 distinct words, and only upwards:
            # a short brief keeps its plain cosine rather than never joining anything.
            scale = max(1.0, len(article.words) / 100) ** s.length_power
            words = {k: x * scale for k, x in words.items()}
            entities = {k: x * scale for k, x in entities.items()}
        return words, entities

    def _candidates(self, story: Story) -> set[str]:
        """Stories filed under the article's telling words and names, the ``candidates`` sharing
        most of them: bounded work per arrival however common a word or a name is."""
        # A story is filed under each article's ``telling_words`` best words; looking up three
        # times as many finds a story whose articles put the shared words a little lower.
        s = self.settings
        hits: Counter[str] = Counter()
        for key in self._telling(story.words, story.entities, 3):
            hits.update(self._postings.get(key, ()))
        if len(hits) <= s.candidates:
            return set(hits)
        seq = {sid: self.stories[sid].seq for sid in hits}
        return set(sorted(hits, key=lambda sid: (-hits[sid], -seq[sid]))[: s.candidates])

    def _telling(self, words: Mapping[str, float], entities: Mapping[str, float], widen: int = 1) -> list[str]:
        s = self.settings
        best_words = sorted(words, key=lambda k: (-words[k], k))[: s.telling_words * widen]
        best_names = sorted(entities, key=lambda k: (-entities[k], k))[: s.telling_names * widen]
        return [*(f"e:{e}" for e in best_names), *(f"w:{w}" for w in best_words)]

    def _join(self, story: Story, article: StoryFeatures, words: Mapping[str, float], entities: Mapping[str, float]):
        story.articles.append(article.article_id)
        story.words_norm2 += 2 * _dot(words, story.words) + _dot(words, words)
        story.entities_norm2 += 2 * _dot(entities, story.entities) + _dot(entities, entities)
        _add_into(story.words, words)
        _add_into(story.entities, entities)
        story.periods.update(article.periods)
        if article.published:
            story.first = min(filter(None, (story.first, article.published)))
            story.last = max(filter(None, (story.last, article.published)))
        for key in self._telling(words, entities):
            self._postings[key].add(story.id)
            story.keys.add(key)
        self.story_of[article.article_id] = story.id

    def _merge(self, a: Story, b: Story) -> Story:
        """An automatic merge: the bigger story keeps its id, the older on a tie."""
        keep, gone = (a, b) if (len(a.articles), -a.seq) >= (len(b.articles), -b.seq) else (b, a)
        self._absorb(keep, gone)
        return keep

    def _absorb(self, keep: Story, gone: Story) -> None:
        keep.words_norm2 += 2 * _dot(keep.words, gone.words) + gone.words_norm2
        keep.entities_norm2 += 2 * _dot(keep.entities, gone.entities) + gone.entities_norm2
        keep.articles.extend(gone.articles)
        _add_into(keep.words, gone.words)
        _add_into(keep.entities, gone.entities)
        keep.periods.update(gone.periods)
        days = [d for d in (keep.first, keep.last, gone.first, gone.last) if d]
        keep.first, keep.last = (min(days), max(days)) if days else (None, None)
        keep.seq = min(keep.seq, gone.seq)
        for article_id in gone.articles:
            self.story_of[article_id] = keep.id
        for key in gone.keys:
            self._postings[key].discard(gone.id)
            self._postings[key].add(keep.id)
        keep.keys |= gone.keys
        for other_id in gone.apart:  # the cannot-link follows the story that absorbed it
            other = self.stories[other_id].apart
            other.discard(gone.id)
            other.add(keep.id)
        keep.apart |= gone.apart
        del self.stories[gone.id]
        self.merged[gone.id] = keep.id

    def _unindex(self, story: Story) -> None:
        for key in story.keys:
            postings = self._postings.get(key)
            if postings is not None:
                postings.discard(story.id)
                if not postings:
                    del self._postings[key]
        for article_id in story.articles:
            self.story_of.pop(article_id, None)


def _tfidf(counts: Mapping[str, int], df: Mapping[str, int], n: int, top: int) -> dict[str, float]:
    vector = {k: (1 + math.log(c)) * (math.log((1 + n) / (1 + df.get(k, 0))) + 1) for k, c in counts.items() if c > 0}
    if top and len(vector) > top:
        vector = dict(sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
    return {k: x / norm for k, x in vector.items()}


def _pack(vector: Mapping[str, float]) -> list[str]:
    """Keys joined, values as little-endian doubles in base64: exact, and far faster than JSON floats."""
    values = array("d", vector.values())
    if sys.byteorder != "little":
        values.byteswap()
    return ["\n".join(vector), base64.b64encode(values.tobytes()).decode("ascii")]


def _unpack(packed: Sequence[str]) -> dict[str, float]:
    keys, encoded = packed
    values = array("d")
    values.frombytes(base64.b64decode(encoded))
    if sys.byteorder != "little":
        values.byteswap()
    names = keys.split("\n") if keys else []
    if len(names) != len(values):
        raise ValueError("a story vector's keys and values do not match")
    return dict(zip(names, values, strict=True))


def _link(a: Mapping[str, float], b: Mapping[str, float], a2: float, b2: float, na: int, nb: int, s) -> float:
    """Cosine of two summed vectors times the stories' cohesions to the power ``cohesion_power/2``."""
    if not a2 or not b2:
        return 0.0
    na_, nb_ = math.sqrt(a2), math.sqrt(b2)
    cosine = _dot(a, b) / (na_ * nb_)
    if not s.cohesion_power:
        return cosine
    return cosine * ((na_ / na) * (nb_ / nb)) ** (s.cohesion_power / 2)


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def _add_into(total: dict[str, float], vector: Mapping[str, float]) -> None:
    for k, x in vector.items():
        total[k] = total.get(k, 0.0) + x


def _span(s: Story) -> int:
    return (s.last - s.first).days if s.first and s.last else 0


def _gap(a: Story, b: Story) -> int:
    """Days between two stories' spans (0 when they overlap or a date is missing)."""
    if not (a.first and a.last and b.first and b.last):
        return 0
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0
