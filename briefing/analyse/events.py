"""Dated events: sentences that place something in time, merged across articles and outlets.

A candidate event is a sentence with an anchored date expression and at least one actor. Two
more are dated without a date of their own: the main event of an article's lead, when the lead
has no date words at all ("Abbas has arrived in Moscow"), takes the publication day (marked
``how="published"``: news reports a happening when it happens); and "a day after the summit"
takes the date of the summit when an earlier sentence of the same text dates a summit. The
same happening told by several outlets (compatible dates, shared actors, similar wording)
becomes one event citing all of them. Candidates are bucketed by year, so merging never
compares all pairs of the corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

from briefing.analyse import dates
from briefing.model import GIVEN, ArticleFacts, Citation, Event, TimeExpression

# Words that say a happening lies ahead of the article even when the date alone does not.
_FUTURE_CUES = re.compile(
    r"\b(is|are) (scheduled|due|expected|set|slated|planned) to\b|\bwill\b|\bupcoming\b",
    re.IGNORECASE,
)
_HOW_RANK = {"stated": 0, "relative": 1, "published": 2, "inferred": 2, "unanchored": 3}
# The lead: the article's first sentence, where news says what happened.
LEAD_SENTENCES = 1

# Similar wording (token-set similarity, 0-100) above which two candidates that share an actor are
# one happening: across articles, and (stricter) within one article, where a second sentence
# with the same date is more often a second happening. Without a shared actor the wording must
# be near identical.
SIMILAR_ACROSS_ARTICLES = 50
SIMILAR_WITHIN_ARTICLE = 70
SIMILAR_WITHOUT_ACTOR = 85
# Dates are only "the same date at the shared granularity" when both are at most a month wide:
# "earlier this year" is too vague to be the same happening as "on February 11".
MERGEABLE_DAYS = 31


@dataclass
class _Candidate:
    value: str
    how: str
    certain: bool
    upcoming: bool
    summary: str
    actors: set[str]
    outlets: set[str]
    citations: list[Citation] = field(default_factory=list)
    expressions: set[str] = field(default_factory=set)
    date_text: str = ""  # the expression in ``summary`` that gives the date


def find_events(facts: Sequence[ArticleFacts], actor_for, salience: Mapping[str, float]) -> list[Event]:
    """All events of the corpus, merged, best first (by coverage and actor salience)."""
    candidates = [c for f in facts for c in _drop_contained(_candidates(f, actor_for))]
    merged = _merge(candidates)
    events = [_to_event(i, c) for i, c in enumerate(merged)]
    return sorted(events, key=lambda e: (-_score(e, salience), e.date))


def _candidates(facts: ArticleFacts, actor_for) -> list[_Candidate]:
    article = facts.article
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for mention in facts.mentions:
        actor = actor_for(article.id, mention.start, mention.end)
        if actor and actor not in by_sentence[mention.sentence]:
            by_sentence[mention.sentence].append(actor)
    found = []
    for time in (*facts.times, *_after_events(facts), *_lead_dates(facts)):
        if time.type not in {"DATE", "TIME"} or not (0 <= time.sentence < len(facts.sentences)):
            continue
        value = _date_part(time.value)
        if not dates.is_anchored(value):
            continue
        actors = by_sentence.get(time.sentence, [])
        if not actors:
            continue
        sentence = facts.sentences[time.sentence]
        found.append(
            _Candidate(
                value=value,
                how=time.how,
                certain=_certain(time, article.published_source),
                upcoming=_upcoming(value, article.published, sentence.text),
                summary=sentence.text.strip(),
                actors=set(actors),
                outlets={article.outlet},
                citations=[Citation(article.id, sentence.text, sentence.start, sentence.end)],
                expressions={time.text} if time.text else set(),
                date_text=time.text,
            )
        )
    return found


def _lead_dates(facts: ArticleFacts) -> list[TimeExpression]:
    """The publication day for each lead sentence with no time expression at all: a lead with no
    date words tells what happened as it was reported ("Abbas has arrived in Moscow"). Nothing
    when the publication date is not a day, when the lead speaks of the future, or when another
    sentence already dates something to that day (the text then dates its own main event)."""
    published = facts.article.published
    if dates.granularity(published or "") != "day":
        return []
    timed = {t.sentence for t in facts.times}
    day = published[:10]
    if any(_date_part(t.value) == day for t in facts.times):
        return []
    return [
        TimeExpression("", s.start, s.start, "DATE", day, anchor=day, how="published", sentence=s.index)
        for s in facts.sentences[:LEAD_SENTENCES]
        if s.index not in timed and not _FUTURE_CUES.search(s.text)
    ]


# "a day after the vote", "two weeks before the election", "the day after the quake": time from a happening.
_FROM_HAPPENING = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2}|the)\s+(?P<unit>days?|weeks?)\s+(?P<dir>after|before)"
    r"\s+(?:the|this|that|its|their|his|her)\s+(?P<what>[a-z]+(?:\s+[a-z]+)?)",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _after_events(facts: ArticleFacts) -> list[TimeExpression]:
    """ "A day after the summit" dated from the summit, when an earlier sentence of the same text
    names the summit with a day: TimeML tags at most the duration, but the sentence's happening
    has a date. The last such day before the sentence counts; nothing when none is found."""
    found = []
    for sentence in facts.sentences[1:]:
        for m in _FROM_HAPPENING.finditer(sentence.text):
            n = m.group("n").lower()
            if n == "the" and m.group("unit").lower() != "day":
                continue
            amount = int(n) if n.isdigit() else _NUMBERS[n]
            days = amount * (7 if m.group("unit").lower().startswith("week") else 1)
            base = _dated_happening(facts, m.group("what"), sentence.index)
            if base is None:
                continue
            sign = 1 if m.group("dir").lower() == "after" else -1
            value = (base + timedelta(days=sign * days)).isoformat()
            start = sentence.start + m.start()
            found.append(
                TimeExpression(
                    m.group(0),
                    start,
                    sentence.start + m.end(),
                    "DATE",
                    value,
                    base.isoformat(),
                    "relative",
                    sentence.index,
                )
            )
    return found


def _dated_happening(facts: ArticleFacts, what: str, before_sentence: int) -> date | None:
    """The day of the last sentence before ``before_sentence`` that names ``what`` (any of its
    words of four letters or more) with a day-precision date."""
    words = [w for w in what.split() if len(w) >= 4]
    if not words:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    dated = [
        t
        for t in facts.times
        if t.type in {"DATE", "TIME"}
        and 0 <= t.sentence < before_sentence
        and t.how != "unanchored"
        and dates.granularity(_date_part(t.value)) == "day"
        and pattern.search(facts.sentences[t.sentence].text)
    ]
    if not dated:
        return None
    return date.fromisoformat(_date_part(max(dated, key=lambda t: t.start).value))


def _drop_contained(candidates: list[_Candidate]) -> list[_Candidate]:
    """In one sentence, "earlier this month ... on November 11" is one date, the more precise."""

    def contains(wide: _Candidate, narrow: _Candidate) -> bool:
        outer, inner = dates.interval(wide.value), dates.interval(narrow.value)
        return outer != inner and outer[0] <= inner[0] and inner[1] <= outer[1]  # type: ignore[index]

    return [
        c
        for c in candidates
        if not any(o is not c and o.citations[0] == c.citations[0] and contains(c, o) for o in candidates)
    ]


def _date_part(value: str) -> str:
    """TIME values ("2018-02-12T15:00") are events of their day."""
    return value.split("T", 1)[0]


def _certain(time: TimeExpression, published_source: str) -> bool:
    """A relative date is only as certain as the publication date it was resolved against."""
    return time.how == "stated" or published_source == GIVEN


def _upcoming(value: str, published: str | None, sentence: str) -> bool:
    """After the publication date, or in its period with the sentence speaking of the future."""
    if published is None:
        return False
    if dates.after(value, published):
        return True
    return bool(_FUTURE_CUES.search(sentence)) and not dates.after(published, value)


def _merge(candidates: list[_Candidate]) -> list[_Candidate]:
    """Merge candidates telling of the same happening; the first compatible earlier one absorbs.

    Indexed, not all-pairs: a candidate is compared only with earlier merged ones that have its
    value or, both being narrow, share a day with it, and that sit in a year it spans (the year
    buckets are those each merged candidate was first filed under). Order and outcome are those
    of comparing with every merged candidate of those years in turn.
    """
    years: dict[int, frozenset[int]] = {}  # merged position -> years it was filed under
    by_value: dict[str, set[int]] = defaultdict(set)  # current value -> merged positions
    by_day: dict[date, set[int]] = defaultdict(set)  # each day of a narrow current value -> positions
    merged: list[_Candidate] = []

    def file(position: int, value: str) -> None:
        by_value[value].add(position)
        if _narrow(value):
            first, last = dates.interval(value)
            for offset in range((last - first).days + 1):
                by_day[first + timedelta(days=offset)].add(position)

    def unfile(position: int, value: str) -> None:
        by_value[value].discard(position)
        if _narrow(value):
            first, last = dates.interval(value)
            for offset in range((last - first).days + 1):
                by_day[first + timedelta(days=offset)].discard(position)

    for candidate in candidates:
        span = dates.interval(candidate.value)
        assert span is not None  # filtered in _candidates
        own_years = frozenset(range(span[0].year, span[1].year + 1))
        near = set(by_value.get(candidate.value, ()))
        if _narrow(candidate.value):
            for offset in range((span[1] - span[0]).days + 1):
                near |= by_day.get(span[0] + timedelta(days=offset), set())
        # the order the year buckets gave: by the first year shared, then by merge order
        order = sorted((min(years[p] & own_years), p) for p in near if years[p] & own_years)
        position = next((p for _, p in order if _same_happening(merged[p], candidate)), None)
        if position is None:
            years[len(merged)] = own_years
            file(len(merged), candidate.value)
            merged.append(candidate)
        else:
            target = merged[position]
            before = target.value
            _absorb(target, candidate)
            if target.value != before:
                unfile(position, before)
                file(position, target.value)
    return merged


def _same_happening(a: _Candidate, b: _Candidate) -> bool:
    if a.value != b.value and not (_narrow(a.value) and _narrow(b.value) and dates.compatible(a.value, b.value)):
        return False
    if any(c.source_id == d.source_id and c.start == d.start for c in a.citations for d in b.citations):
        return False  # two dates in one sentence are two happenings
    similarity = fuzz.token_set_ratio(a.summary, b.summary)
    if not a.actors & b.actors:
        return similarity >= SIMILAR_WITHOUT_ACTOR
    same_article = {c.source_id for c in a.citations} & {c.source_id for c in b.citations}
    return similarity >= (SIMILAR_WITHIN_ARTICLE if same_article else SIMILAR_ACROSS_ARTICLES)


def _narrow(value: str) -> bool:
    span = dates.interval(value)
    return span is not None and (span[1] - span[0]).days < MERGEABLE_DAYS


def _absorb(target: _Candidate, other: _Candidate) -> None:
    if dates.precision_rank(other.value) > dates.precision_rank(target.value):
        target.value = other.value
    if _HOW_RANK.get(other.how, 9) < _HOW_RANK.get(target.how, 9):
        target.how = other.how
    target.certain = target.certain or other.certain
    target.upcoming = target.upcoming and other.upcoming
    if len(other.actors) > len(target.actors):
        target.summary, target.date_text = other.summary, other.date_text
    target.actors |= other.actors
    target.outlets |= other.outlets
    known = {(c.source_id, c.start) for c in target.citations}
    target.citations.extend(c for c in other.citations if (c.source_id, c.start) not in known)
    target.expressions |= other.expressions


def _to_event(index: int, candidate: _Candidate) -> Event:
    return Event(
        id=f"e{index + 1}",
        date=candidate.value,
        granularity=dates.granularity(candidate.value),
        how=candidate.how,
        summary=candidate.summary,
        actors=tuple(sorted(candidate.actors)),
        outlets=tuple(sorted(candidate.outlets)),
        upcoming=candidate.upcoming,
        certain=candidate.certain,
        citations=tuple(candidate.citations),
        date_text=candidate.date_text,
    )


def _score(event: Event, salience: Mapping[str, float]) -> float:
    """Coverage first (outlets, then citations), then how central its actors are (0-1 each)."""
    top = max(salience.values(), default=0.0) or 1.0
    return 3 * len(event.outlets) + len(event.citations) + sum(salience.get(a, 0.0) / top for a in event.actors)


def chronological(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (dates.interval(e.date)[0], e.id))  # type: ignore[index]
