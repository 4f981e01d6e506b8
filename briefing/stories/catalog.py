"""Stories as a reader meets them: a title from their own articles, first and last seen, outlets.

Pure functions over articles already grouped (story id -> articles); the store and the grouping
stay elsewhere. Biggest first: by articles, then outlets, then the latest news.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing import timeml
from briefing.model import Article

_TITLE_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_MINOR = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "over",
        "says",
        "the",
        "to",
        "was",
        "were",
        "will",
        "with",
        "after",
        "amid",
        "into",
        "new",
        "not",
        "than",
        "that",
        "this",
        "up",
    ]
)


@dataclass(frozen=True)
class StoryArticle:
    source_id: str
    url: str | None
    path: str
    title: str | None
    outlet: str
    published: str | None


@dataclass(frozen=True)
class StorySummary:
    id: str
    title: str
    first_seen: str | None  # first publication day of its articles (None: none is dated)
    last_seen: str | None
    outlets: tuple[str, ...]  # most articles first
    articles: tuple[StoryArticle, ...]  # by publication date


def summarise(groups: Mapping[str, Sequence[Article]]) -> list[StorySummary]:
    """One summary per story, biggest first."""
    summaries = [_summary(story_id, articles) for story_id, articles in groups.items() if articles]
    return sorted(summaries, key=_rank)


def story_title(articles: Sequence[Article]) -> str:
    """The headline most typical of the story: the one whose words the story's other headlines
    share most (ties: the earliest); without headlines, the opening words of its first article."""
    titles = [a.title.strip() for a in articles if a.title and a.title.strip()]
    if not titles:
        words = articles[0].text.split()
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    if len(titles) == 1:
        return titles[0]
    words_of = [set(_words(t)) for t in titles]
    shared = Counter(w for words in words_of for w in words)

    def typical(n: int) -> float:
        words = words_of[n]
        return sum(shared[w] - 1 for w in words) / len(words) if words else 0.0

    return titles[max(range(len(titles)), key=lambda n: (typical(n), -n))]


def _words(title: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _TITLE_WORD.finditer(title)) if w not in _MINOR]


def _summary(story_id: str, articles: Sequence[Article]) -> StorySummary:
    ordered = sorted(articles, key=lambda a: (_first_day(a) or "9999", a.path))
    days = [d for a in ordered for d in (_first_day(a), _last_day(a)) if d]
    outlets = Counter(a.outlet for a in ordered)
    return StorySummary(
        id=story_id,
        title=story_title(ordered),
        first_seen=min(days) if days else None,
        last_seen=max(days) if days else None,
        outlets=tuple(sorted(outlets, key=lambda o: (-outlets[o], o))),
        articles=tuple(StoryArticle(a.id, a.url, a.path, a.title, a.outlet, a.published) for a in ordered),
    )


def _first_day(article: Article) -> str | None:
    span = timeml.interval(article.published) if article.published else None
    return span[0].isoformat() if span else None


def _last_day(article: Article) -> str | None:
    span = timeml.interval(article.published) if article.published else None
    return span[1].isoformat() if span else None


def _rank(summary: StorySummary) -> tuple:
    latest = summary.last_seen or ""
    return (-len(summary.articles), -len(summary.outlets), _descending(latest), summary.id)


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
