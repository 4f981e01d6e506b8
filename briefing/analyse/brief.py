"""Assemble the Brief: run the corpus-level analyses, then number every citation in reading order."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone

from briefing.analyse import dates
from briefing.analyse.actors import resolve_actors
from briefing.analyse.events import chronological, find_events
from briefing.analyse.positions import UNATTRIBUTED, outlet_positions
from briefing.analyse.timeline import timeline_events
from briefing.config import Settings
from briefing.lexicon import Lexicon, load_lexicon
from briefing.model import (
    GIVEN,
    UNKNOWN_OUTLET,
    Actor,
    ArticleFacts,
    Brief,
    Citation,
    Event,
    KeyDevelopment,
    Problem,
    QuoteEntry,
    Scope,
    Source,
)

ACTOR_CITATIONS = 2
# Sources cited under one event or key development: one per outlet first. A story told by
# hundreds of articles would otherwise add hundreds of notes to the brief (its outlets still all show).
EVENT_CITATIONS = 6


def build_brief(
    facts: Sequence[ArticleFacts],
    settings: Settings | None = None,
    problems: Sequence[Problem] = (),
    title: str | None = None,
    generated_at: datetime | None = None,
    lexicon: Lexicon | None = None,
    outlet_profiles: Mapping[str, Mapping[str, str]] | None = None,
) -> Brief:
    """The whole analysis, from per-article facts to the brief every format is rendered from.

    ``lexicon`` (the word lists of actors.yaml) is loaded once here unless given, and passed to
    actors and positions. ``outlet_profiles`` maps outlet name -> profile (country, ownership,
    language), as the ingest stage's registry knows them (the build passes them); none given, none known.
    """
    settings = settings or Settings()
    generated_at = generated_at or datetime.now(timezone.utc)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    outlet_profiles = outlet_profiles or {}
    outlets = sorted({f.article.outlet for f in facts} - {UNKNOWN_OUTLET})
    index = resolve_actors(facts, outlet_names=outlets, lexicon=lexicon)
    actors = [_trim_citations(a) for a in index.actors]
    salience = {a.id: a.salience for a in actors}
    if len(facts) > settings.timeline_from:  # too many for every dated event: the days the corpus says most about
        ranked_events = timeline_events(facts, index.actor_for, settings.timeline_dates, settings.timeline_sentences)
    else:
        ranked_events = find_events(facts, index.actor_for, salience)
    events = chronological(ranked_events[: settings.max_events])
    quotes = _quotes(facts, index)
    positions = outlet_positions(
        facts,
        quotes,
        actors,
        events,
        index.actor_for,
        max_actors=settings.max_actors,
        profiles=outlet_profiles,
        lexicon=lexicon,
    )
    shown_ids = {e.id for e in events}
    outlet_of = {f.article.id: f.article.outlet for f in facts}
    trimmed = {e.id: _mark_passed(_trim_event_citations(e, outlet_of), generated_at.date()) for e in events}
    events = [trimmed[e.id] for e in events]
    developments = _key_developments(
        [trimmed[e.id] for e in ranked_events if e.id in shown_ids], settings.max_key_developments
    )
    key_actors = actors[: settings.max_actors]
    quotes = _shown_quotes(quotes, salience, settings.max_quotes)
    referenced = {a for e in events for a in e.actors} | {q.speaker_id for q in quotes if q.speaker_id}
    other_actors = [a for a in actors[settings.max_actors :] if a.id in referenced]
    brief = Brief(
        title=title or _title(actors, len(facts)),
        scope=_scope(facts, generated_at),
        key_developments=tuple(developments),
        events=tuple(events),
        actors=tuple(key_actors),
        other_actors=tuple(other_actors),
        quotes=tuple(quotes),
        outlets=tuple(positions),
        sources=tuple(_sources(facts)),
        warnings=tuple(_warnings(facts, problems, events)),
    )
    return number_citations(brief)


# ----------------------------------------------------------------------------- parts


def _trim_citations(actor: Actor) -> Actor:
    return dataclasses.replace(actor, citations=actor.citations[:ACTOR_CITATIONS])


def _quotes(facts: Sequence[ArticleFacts], index) -> list[QuoteEntry]:
    names = {a.id: a.name for a in index.actors}
    entries = []
    for f in facts:
        for quote in f.quotes:
            speaker_id = None
            if quote.speaker_start >= 0:
                speaker_id = index.actor_for(f.article.id, quote.speaker_start, quote.speaker_end)
            speaker = names.get(speaker_id) if speaker_id else None
            if speaker is None and quote.speaker:
                speaker = quote.speaker  # resolved in the article but not a key actor
            entries.append(
                QuoteEntry(
                    text=quote.text,
                    speaker=speaker or UNATTRIBUTED,
                    speaker_id=speaker_id,
                    outlet=f.article.outlet,
                    cue=quote.cue,
                    citation=_quote_citation(f, quote.start, quote.end, quote.sentence),
                )
            )
    return entries


def _mark_passed(event: Event, today: date) -> Event:
    """An event scheduled when reported whose whole period lies before ``today`` has since
    passed: a brief read years later must not call a 2017 summit "upcoming"."""
    span = dates.interval(event.date) if event.upcoming else None
    return dataclasses.replace(event, passed=True) if span is not None and span[1] < today else event


def _trim_event_citations(event: Event, outlet_of: Mapping[str, str], limit: int = EVENT_CITATIONS) -> Event:
    """At most ``limit`` citations, the first from each outlet before any second one, in their order."""
    if len(event.citations) <= limit:
        return event
    seen: set[str] = set()
    firsts, rest = [], []
    for i, citation in enumerate(event.citations):
        outlet = outlet_of.get(citation.source_id, citation.source_id)
        (rest if outlet in seen else firsts).append(i)
        seen.add(outlet)
    keep = sorted((firsts + rest)[:limit])
    return dataclasses.replace(event, citations=tuple(event.citations[i] for i in keep))


def _shown_quotes(quotes: Sequence[QuoteEntry], salience: Mapping[str, float], limit: int) -> list[QuoteEntry]:
    """At most ``limit`` quotes, those of the most salient speakers first (unattributed last),
    kept in their original order: thousands of articles must not make a thousand-page brief.

    An outlet that runs the same words of the same speaker in several articles (updates of one
    story, a stock line) shows them once, at their first article: a repeat would take the place
    of a different quote. Every occurrence still counts in the outlet's figures."""
    quotes = _first_occurrences(quotes)
    if len(quotes) <= limit:
        return list(quotes)

    def order(i: int) -> tuple[int, float, int]:
        speaker = quotes[i].speaker_id
        if speaker is None:
            return (2, 0.0, i)
        return (0, -salience[speaker], i) if speaker in salience else (1, 0.0, i)

    rank = sorted(range(len(quotes)), key=order)
    keep = sorted(rank[: max(limit, 0)])
    return [quotes[i] for i in keep]


def _first_occurrences(quotes: Sequence[QuoteEntry]) -> list[QuoteEntry]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for q in quotes:
        key = (q.outlet, q.speaker_id or q.speaker, _quote_key(q.text))
        if key not in seen:
            seen.add(key)
            kept.append(q)
    return kept


def _quote_key(text: str) -> str:
    """Quote text compared without case, punctuation or spacing ("``We ..." and "“We ..." alike)."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


def _quote_citation(f: ArticleFacts, start: int, end: int, sentence_index: int) -> Citation:
    """The sentence(s) holding the quote: a quote may run over several sentences."""
    covering = [s for s in f.sentences if s.start < end and s.end > start]
    if not covering and 0 <= sentence_index < len(f.sentences):
        covering = [f.sentences[sentence_index]]
    first, last = covering[0].start, covering[-1].end
    return Citation(f.article.id, f.article.text[first:last], first, last)


def _key_developments(events: Sequence[Event], limit: int) -> list[KeyDevelopment]:
    """The best-covered events, one bullet per sentence even when a sentence holds two dates.

    The latest thing that has happened always has a place (the last one, if coverage did not
    give it one): a reader opens a brief for what is new, and the newest story is often told by
    one outlet only, so coverage alone would leave it out."""
    chosen: dict[str, Event] = {}
    for e in events:
        if e.summary not in chosen and len(chosen) < limit:
            chosen[e.summary] = e
    latest = _latest(events)
    if latest is not None and latest.summary not in chosen and len(chosen) >= max(limit, 1):
        chosen.pop(list(chosen)[-1])
        chosen[latest.summary] = latest
    return [KeyDevelopment(e.summary, e.citations, date=e.date, event_id=e.id) for e in chosen.values()]


def keep_latest(
    developments: Sequence[KeyDevelopment], limit: int, events: Sequence[Event]
) -> tuple[KeyDevelopment, ...]:
    """The first ``limit`` key developments, the latest happening kept in the last place (an
    audience's shorter list must not lose what is new)."""
    kept = list(developments[: max(limit, 0)])
    by_id = {e.id: e for e in events}
    listed = [by_id[k.event_id] for k in developments if k.event_id in by_id]
    latest = _latest(listed)
    if kept and latest is not None and all(k.event_id != latest.id for k in kept):
        kept[-1] = next(k for k in developments if k.event_id == latest.id)
    return tuple(kept)


def _latest(events: Sequence[Event]) -> Event | None:
    """The event that happened last (not one still ahead when reported); the better ranked on a tie."""

    def order(ranked: tuple[int, Event]) -> tuple[date, int, int]:
        rank, event = ranked
        first, last = dates.interval(event.date)  # type: ignore[misc]
        return first, -(last - first).days, -rank  # latest start, then the narrower, then the better ranked

    happened = [(rank, e) for rank, e in enumerate(events) if not e.upcoming and dates.interval(e.date)]
    return max(happened, key=order)[1] if happened else None


def _title(actors: Sequence[Actor], n_articles: int) -> str:
    people: list[str] = []
    for a in actors:
        if a.type != "person":
            continue
        if " " not in a.name and any(p.split()[-1] == a.name for p in people):
            continue  # a bare surname left unresolved ("Jackson" beside "Michael Jackson") adds no one
        people.append(a.name)
    people = people[:3]
    if not people:
        return f"News brief: {n_articles} articles"
    names = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    return f"{names}: a news brief"


def _scope(facts: Sequence[ArticleFacts], generated_at: datetime) -> Scope:
    published = sorted(
        (f.article.published for f in facts if dates.is_anchored(f.article.published)),
        key=lambda v: dates.interval(v)[0],  # type: ignore[index]
    )
    return Scope(
        articles=len(facts),
        outlets=tuple(sorted({f.article.outlet for f in facts})),
        first_published=published[0] if published else None,
        last_published=published[-1] if published else None,
        generated_at=generated_at.isoformat(timespec="seconds"),
    )


def _sources(facts: Sequence[ArticleFacts]) -> list[Source]:
    def order(f: ArticleFacts):
        span = dates.interval(f.article.published)
        return (span is None, span[0] if span else None, f.article.path)

    ordered = sorted(facts, key=order)
    return [
        Source(
            id=f.article.id,
            number=n,
            outlet=f.article.outlet,
            outlet_source=f.article.outlet_source,
            title=f.article.title,
            title_source=f.article.title_source,
            published=f.article.published,
            published_source=f.article.published_source,
            path=f.article.path,
            url=f.article.url,
        )
        for n, f in enumerate(ordered, start=1)
    ]


def _warnings(facts, problems: Sequence[Problem], events: Sequence[Event]) -> list[str]:
    warnings = [f"Skipped {p.path}: {p.message}" for p in problems if p.severity == "error"]
    warnings += [f"Note on {p.path}: {p.message}" for p in problems if p.severity != "error"]
    unknown_outlet = [f.article.path for f in facts if f.article.outlet == UNKNOWN_OUTLET]
    if unknown_outlet:
        warnings.append("Outlet unknown for: " + ", ".join(unknown_outlet) + ".")
    undated = [f.article.path for f in facts if f.article.published_source != GIVEN]
    if undated:
        warnings.append(
            "Publication date not given for: "
            + ", ".join(undated)
            + ". Dates these articles state only relatively are marked uncertain."
        )
    uncertain = sum(1 for e in events if not e.certain)
    if uncertain:
        warnings.append(f"{uncertain} event date(s) rest on an inferred or unknown publication date.")
    return warnings


# ----------------------------------------------------------------------------- citations


def number_citations(brief: Brief) -> Brief:
    """Give every citation a note number, in the order a reader meets them.

    The same sentence cited twice keeps one number, so the notes list has no duplicates.
    """
    numbers: dict[tuple[str, int, int], int] = {}

    def cite(citation: Citation) -> Citation:
        key = (citation.source_id, citation.start, citation.end)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
        return dataclasses.replace(citation, note=numbers[key])

    def cite_all(citations):
        return tuple(cite(c) for c in citations)

    stories = tuple(dataclasses.replace(s, citations=cite_all(s.citations)) for s in brief.top_stories)
    developments = tuple(dataclasses.replace(k, citations=cite_all(k.citations)) for k in brief.key_developments)
    events = tuple(dataclasses.replace(e, citations=cite_all(e.citations)) for e in brief.events)

    def cite_actor(a: Actor) -> Actor:
        roles = tuple(dataclasses.replace(r, citation=cite(r.citation)) for r in a.roles)
        return dataclasses.replace(a, roles=roles, citations=cite_all(a.citations))

    actors = tuple(cite_actor(a) for a in brief.actors)
    outlets = tuple(
        dataclasses.replace(
            o, evidence=tuple(dataclasses.replace(e, citations=cite_all(e.citations)) for e in o.evidence)
        )
        for o in brief.outlets
    )
    quotes = tuple(dataclasses.replace(q, citation=cite(q.citation)) for q in brief.quotes)
    texts = {}
    other_actors = tuple(cite_actor(a) for a in brief.other_actors)
    for group in (stories, developments, events, actors, outlets, quotes, other_actors):
        for citation in _walk_citations(group):
            texts[citation.note] = citation
    notes = tuple(texts[n] for n in sorted(texts))
    return dataclasses.replace(
        brief,
        top_stories=stories,
        key_developments=developments,
        events=events,
        actors=actors,
        other_actors=other_actors,
        outlets=outlets,
        quotes=quotes,
        notes=notes,
    )


def _walk_citations(items):
    for item in items:
        if isinstance(item, Citation):
            yield item
        elif dataclasses.is_dataclass(item):
            for field in dataclasses.fields(item):
                yield from _walk_citations([getattr(item, field.name)])
        elif isinstance(item, tuple | list):
            yield from _walk_citations(item)
