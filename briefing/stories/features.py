"""What a journalist would compare to tell whether two articles tell one story.

From the language pass's facts of one article: its content words, the actors and places it
names (a person also by surname), the years it states (its publication year among them), and
its publication day.
Words alone mislead when two events are of one kind (two earthquakes, two rehab check-ins):
who, where and when decide, so they are kept apart and weighted on their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from briefing import timeml
from briefing.model import ArticleFacts

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_WORD = re.compile(r"^[a-z][a-z-]{2,}$")


@dataclass(frozen=True)
class StoryFeatures:
    """One article as story grouping sees it; counts keyed by feature."""

    article_id: str
    words: Counter[str]
    entities: Counter[str]
    periods: frozenset[str]  # years ("2008") the article states, its publication year among them
    published: date | None


def features_of(facts: ArticleFacts) -> StoryFeatures:
    """The article's words, names and stated periods, in the form grouping compares."""
    words: Counter[str] = Counter(w for sentence in facts.lemmas for w in sentence if _WORD.match(w))
    if facts.article.title:
        words.update(w for w in re.findall(r"[a-z][a-z-]{2,}", facts.article.title.lower()))
    entities: Counter[str] = Counter()
    for mention in facts.mentions:
        if mention.label not in ENTITY_LABELS:
            continue
        name = " ".join(mention.text.lower().split())
        entities[name] += 1
        parts = name.split()
        if mention.label == "PERSON" and len(parts) > 1:
            entities[parts[-1]] += 1  # "Tara Reid" and a later bare "Reid" are one person
    periods = set()
    for time in facts.times:
        if time.type == "DATE" and time.how == "stated" and timeml.interval(time.value):
            kind = timeml.granularity(time.value)
            if kind in {"day", "month", "year"}:
                periods.add(time.value[:4])
    published = timeml.day(facts.article.published) if facts.article.published else None
    if published:
        # The year a page states about itself counts as a stated year: a header's date is the
        # same evidence as one in the first line, which the page's text may no longer hold.
        periods.add(str(published.year))
    return StoryFeatures(facts.article.id, words, entities, frozenset(periods), published)
