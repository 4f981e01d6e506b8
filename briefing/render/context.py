"""What every template receives: the Brief plus lookup tables and everything counted, picked or
grouped for display (counts, per-outlet figures, tone tables, the coverage matrix), so templates
compute nothing: they only lay out and format what is here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from briefing import timeml
from briefing.model import (
    UNKNOWN_OUTLET,
    Actor,
    Brief,
    Citation,
    Event,
    Evidence,
    OutletPosition,
    QuoteEntry,
    Source,
    StoryDigest,
    Tone,
)

# The sections of the default (analyst) layout, in order; an audience profile sets its own.
DEFAULT_SECTIONS = (
    "since_last_week",
    "top_stories",
    "key_developments",
    "timeline",
    "events",
    "actors",
    "outlets",
    "sources",
    "method",
    "notes",
)


@dataclass(frozen=True)
class ChartInfo:
    """The timeline chart as the templates see it."""

    svg: str | None = None  # file name beside the brief, e.g. "brief-timeline.svg"
    png: str | None = None
    alt: str = ""
    shown: tuple[int, ...] = ()  # event numbers drawn on the chart
    left_out: tuple[int, ...] = ()  # event numbers whose date could not be placed


@dataclass(frozen=True)
class OutletQuotes:
    """One speaker's quotes in one outlet (press brief: quotes by speaker and outlet)."""

    outlet: str
    quotes: tuple[QuoteEntry, ...]


@dataclass(frozen=True)
class SpeakerQuotes:
    """One speaker's quotes, grouped by outlet (press brief: quotes by speaker and outlet)."""

    speaker: str  # Actor.name, or "unattributed"
    speaker_id: str | None  # Actor.id, None when unattributed
    outlets: tuple[OutletQuotes, ...]  # outlets in the order they first quote this speaker
    count: int  # quotes in all outlets


@dataclass(frozen=True)
class AudienceInfo:
    """The audience profile the brief was made for, as the templates see it."""

    name: str = "analyst"  # "executive", "analyst", "press" or a custom profile
    description: str = ""


@dataclass(frozen=True)
class Counts:
    """The numbers the templates print, counted once here."""

    articles: int = 0  # Scope.articles
    outlets: int = 0  # outlets of the corpus (Scope.outlets)
    outlet_positions: int = 0  # outlets with a section (Brief.outlets): 1 means nothing is compared
    events: int = 0  # dated events in the brief
    events_off_chart: int = 0  # dated events the chart could not place
    sources: int = 0  # every source (brief.json lists them all)
    listed_sources: int = 0  # sources in the printed list
    more_outlets: int = 0  # outlets named only in the "more outlets" line


@dataclass(frozen=True)
class OutletFigures:
    """One outlet's figures, counted and picked from its OutletPosition, ready to print."""

    outlet: str
    articles: int  # its articles
    listed_source_ids: tuple[str, ...]  # its sources in the printed source list, in order
    unlisted_articles: int  # its articles not in the printed list (brief.json has them)
    profile: str  # the registry's country, ownership and language it states, "Testland, private"
    events: int  # dated events of the brief it reports
    only_here: int  # of those, events no other outlet reports
    blind_spots: int  # events other outlets report and it leaves out
    only_here_evidence: tuple[Evidence, ...]  # its "only here" evidence (the sentences behind the count)
    blind_spot_evidence: tuple[Evidence, ...]  # its "blind spot" evidence
    second_hand_share: float  # share of its quoted words carried second hand from institutions, 0..1
    other_speakers: int  # speakers beyond max_speakers, summed in one line
    other_speaker_quotes: int  # their quotes
    other_speaker_words: int  # their quoted words
    clear_framing: bool  # its most distinctive term is significant (False: none clearly sets it apart)
    tone: tuple[Tone | None, ...]  # its tone toward each of top_actors, in that order; None: it does not name one


@dataclass(frozen=True)
class ToneRow:
    """One row of the tone table: an actor and each outlet's tone toward it, in Brief.outlets order."""

    actor: Actor  # one of top_actors
    cells: tuple[Tone | None, ...]  # None: the outlet does not name the actor


@dataclass(frozen=True)
class CoverageRow:
    """One row of the coverage matrix: a dated event and which outlets report it."""

    number: int  # its number in the list of dated events
    event: Event
    reported: tuple[bool, ...]  # one per outlet, in Brief.outlets order


@dataclass(frozen=True)
class RenderContext:
    """The variables of every template (:meth:`as_dict`); docs/templates.md lists them from here."""

    brief: Brief  # the brief, already trimmed to the audience's limits
    chart: ChartInfo  # the timeline chart: file names, alt text, which events it shows
    source_by_id: Mapping[str, Source]  # Article.id -> its entry in the source list
    actor_by_id: Mapping[str, Actor]  # key actors and the other actors events and quotes name
    key_actor_ids: frozenset[str]  # the actors with a row in the key-actors table
    event_number_by_id: Mapping[str, int]  # Event.id -> its number in the list of dated events
    quotes_by_outlet: Mapping[str, tuple[QuoteEntry, ...]]  # outlet name -> its quotes, in brief order
    notes: tuple[Citation, ...]  # Brief.notes, one per note number, in number order
    extra: Mapping[str, Any] = field(default_factory=dict)  # further variables, passed as they are
    sections: tuple[str, ...] = DEFAULT_SECTIONS  # template blocks to render, in this order
    audience: AudienceInfo = AudienceInfo()  # the profile the brief was made for
    quotes_by_speaker: tuple[SpeakerQuotes, ...] = ()  # most quoted speaker first
    top_actors: tuple[Actor, ...] = ()  # up to three key actors that are not places (tone rows)
    outlet_lines: Mapping[str, str] = field(default_factory=dict)  # outlet -> one line about its coverage
    more_outlets: tuple[str, ...] = ()  # outlets of the corpus the brief has no section or line for
    bottom_line: str = ""  # one sentence: what the coverage centres on, from how many articles
    # Bounded lists, so a brief over thousands of articles stays readable (brief.json keeps all):
    listed_sources: tuple[Source, ...] = ()  # every source, or only the cited ones above max_sources
    listed_source_ids: frozenset[str] = frozenset()  # Source.id of each listed source (links only to these)
    unlisted_sources: int = 0  # sources left out of the printed list
    shown_warnings: tuple[str, ...] = ()  # the first max_warnings of Brief.warnings
    more_warnings: int = 0  # warnings left out of the printed list
    max_speakers: int = 10  # voices listed per outlet; the rest summed in one line
    counts: Counts = Counts()  # the numbers the templates print
    outlet_figures: Mapping[str, OutletFigures] = field(default_factory=dict)  # outlet -> its figures
    tone_rows: tuple[ToneRow, ...] = ()  # tone toward each of top_actors, one cell per outlet
    coverage_rows: tuple[CoverageRow, ...] = ()  # which outlet reports which dated event
    outlet_statements: tuple[str, ...] = ()  # OutletPosition.statement of each outlet that has one
    since_last_week_events: tuple[Event, ...] = ()  # the brief's events new since last week, in brief order
    story_lines: Mapping[str, str] = field(default_factory=dict)  # StoryDigest.id -> "3 articles from 2 outlets, ..."

    def as_dict(self) -> dict[str, Any]:
        return {
            "brief": self.brief,
            "chart": self.chart,
            "source_by_id": self.source_by_id,
            "actor_by_id": self.actor_by_id,
            "key_actor_ids": self.key_actor_ids,
            "event_number_by_id": self.event_number_by_id,
            "quotes_by_outlet": self.quotes_by_outlet,
            "notes": self.notes,
            "sections": self.sections,
            "audience": self.audience,
            "quotes_by_speaker": self.quotes_by_speaker,
            "top_actors": self.top_actors,
            "outlet_lines": self.outlet_lines,
            "more_outlets": self.more_outlets,
            "bottom_line": self.bottom_line,
            "listed_sources": self.listed_sources,
            "listed_source_ids": self.listed_source_ids,
            "unlisted_sources": self.unlisted_sources,
            "shown_warnings": self.shown_warnings,
            "more_warnings": self.more_warnings,
            "max_speakers": self.max_speakers,
            "counts": self.counts,
            "outlet_figures": self.outlet_figures,
            "tone_rows": self.tone_rows,
            "coverage_rows": self.coverage_rows,
            "outlet_statements": self.outlet_statements,
            "since_last_week_events": self.since_last_week_events,
            "story_lines": self.story_lines,
            **self.extra,
        }


def build_context(
    brief: Brief,
    chart: ChartInfo | None = None,
    sections: tuple[str, ...] = DEFAULT_SECTIONS,
    audience: AudienceInfo | None = None,
    max_sources: int = 100,
    max_warnings: int = 12,
    max_speakers: int = 10,
    **extra: Any,
) -> RenderContext:
    """Everything the templates show, worked out from ``brief`` here, once, for every format."""
    chart = chart or ChartInfo()
    quotes: dict[str, list[QuoteEntry]] = {}
    for quote in brief.quotes:
        quotes.setdefault(quote.outlet, []).append(quote)
    # One entry per note number (the first one given), in number order, so ids stay unique.
    seen: dict[int, Citation] = {}
    for citation in brief.notes:
        seen.setdefault(citation.note, citation)
    listed = _listed_sources(brief, max_sources)
    listed_ids = frozenset(s.id for s in listed)
    outlet_names = {o.outlet for o in brief.outlets}
    more_outlets = tuple(n for n in brief.scope.outlets if n != UNKNOWN_OUTLET and n not in outlet_names)
    top_actors = tuple([a for a in brief.actors if a.type != "place"][:3])
    figures = {o.outlet: _outlet_figures(o, brief, listed_ids, top_actors, max_speakers) for o in brief.outlets}
    since = brief.since_last_week
    new_events = set(since.new_events) if since else set()
    return RenderContext(
        brief=brief,
        chart=chart,
        source_by_id=MappingProxyType({s.id: s for s in brief.sources}),
        actor_by_id=MappingProxyType({a.id: a for a in (*brief.actors, *brief.other_actors)}),
        # Actor names link to the key-actors table only when the audience shows it.
        key_actor_ids=frozenset(a.id for a in brief.actors) if "actors" in sections else frozenset(),
        event_number_by_id=MappingProxyType({e.id: n for n, e in enumerate(brief.events, start=1)}),
        quotes_by_outlet=MappingProxyType({k: tuple(v) for k, v in quotes.items()}),
        notes=tuple(seen[n] for n in sorted(seen)),
        extra=MappingProxyType(dict(extra)),
        sections=tuple(sections),
        audience=audience or AudienceInfo(),
        quotes_by_speaker=_quotes_by_speaker(brief.quotes),
        top_actors=top_actors,
        outlet_lines=MappingProxyType({o.outlet: _outlet_line(o, len(brief.events)) for o in brief.outlets}),
        more_outlets=more_outlets,
        bottom_line=_bottom_line(brief),
        listed_sources=listed,
        listed_source_ids=listed_ids,
        unlisted_sources=len(brief.sources) - len(listed),
        shown_warnings=brief.warnings[: max(max_warnings, 0)],
        more_warnings=max(len(brief.warnings) - max(max_warnings, 0), 0),
        max_speakers=max_speakers,
        counts=Counts(
            articles=brief.scope.articles,
            outlets=len(brief.scope.outlets),
            outlet_positions=len(brief.outlets),
            events=len(brief.events),
            events_off_chart=len(chart.left_out),
            sources=len(brief.sources),
            listed_sources=len(listed),
            more_outlets=len(more_outlets),
        ),
        outlet_figures=MappingProxyType(figures),
        tone_rows=tuple(
            ToneRow(actor, tuple(figures[o.outlet].tone[k] for o in brief.outlets))
            for k, actor in enumerate(top_actors)
        ),
        coverage_rows=tuple(
            CoverageRow(n, e, tuple(e.id in o.events for o in brief.outlets))
            for n, e in enumerate(brief.events, start=1)
        ),
        outlet_statements=tuple(o.statement for o in brief.outlets if o.statement),
        since_last_week_events=tuple(e for e in brief.events if e.id in new_events),
        story_lines=MappingProxyType({s.id: _story_line(s) for s in brief.top_stories}),
    )


def _story_line(story: StoryDigest) -> str:
    """ "3 articles from 2 outlets, 2 March 2026 to 5 March 2026": a top story's size and span."""
    articles = f"{story.articles} article{'' if story.articles == 1 else 's'}"
    outlets = f"{len(story.outlets)} outlet{'' if len(story.outlets) == 1 else 's'}"
    days = [d for d in dict.fromkeys((story.first_seen, story.last_seen)) if d]
    span = " to ".join(timeml.human(d) for d in days)
    return f"{articles} from {outlets}" + (f", {span}" if span else "")


def _outlet_figures(
    o: OutletPosition, brief: Brief, listed_ids: frozenset[str], top_actors: tuple[Actor, ...], max_speakers: int
) -> OutletFigures:
    listed = tuple(sid for sid in o.source_ids if sid in listed_ids)
    rest = o.speakers[max_speakers:]  # as the templates list o.speakers[:max_speakers]
    tone = {}
    for t in o.tone:
        tone.setdefault(t.actor_id, t)  # the first entry for an actor, as a lookup by id finds it
    profile = o.profile
    return OutletFigures(
        outlet=o.outlet,
        articles=len(o.source_ids),
        listed_source_ids=listed,
        unlisted_articles=len(o.source_ids) - len(listed),
        profile=", ".join(x for x in (profile.country, profile.ownership, profile.language) if x) if profile else "",
        events=len(o.events),
        only_here=len(o.only_here),
        blind_spots=len(o.blind_spots),
        only_here_evidence=tuple(ev for ev in o.evidence if ev.label == "only here"),
        blind_spot_evidence=tuple(ev for ev in o.evidence if ev.label == "blind spot"),
        second_hand_share=o.second_hand_words / o.quoted_words if o.quoted_words else 0.0,
        other_speakers=len(rest),
        other_speaker_quotes=sum(s.quotes for s in rest),
        other_speaker_words=sum(s.words for s in rest),
        clear_framing=bool(o.framing) and o.framing[0].significant,
        tone=tuple(tone.get(a.id) for a in top_actors),
    )


def _listed_sources(brief: Brief, limit: int) -> tuple[Source, ...]:
    """Every source up to ``limit``; above it, the sources the brief's notes cite (numbers kept,
    so a note's "source 412" still finds its entry). A reader of a 5,000-article brief needs the
    articles behind its statements, not 5,000 rows; brief.json lists them all."""
    if len(brief.sources) <= limit:
        return brief.sources
    cited = {c.source_id for c in brief.notes}
    return tuple(s for s in brief.sources if s.id in cited)


def _quotes_by_speaker(quotes: tuple[QuoteEntry, ...]) -> tuple[SpeakerQuotes, ...]:
    by_speaker: dict[tuple[str, str | None], dict[str, list[QuoteEntry]]] = {}
    for q in quotes:
        by_speaker.setdefault((q.speaker, q.speaker_id), {}).setdefault(q.outlet, []).append(q)
    groups = [
        SpeakerQuotes(
            speaker=speaker,
            speaker_id=speaker_id,
            outlets=tuple(OutletQuotes(outlet, tuple(qs)) for outlet, qs in outlets.items()),
            count=sum(len(qs) for qs in outlets.values()),
        )
        for (speaker, speaker_id), outlets in by_speaker.items()
    ]
    # Most quoted first; the unattributed last; ties in the order speakers first appear.
    order = {id(g): n for n, g in enumerate(groups)}
    groups.sort(key=lambda g: (g.speaker_id is None, -g.count, order[id(g)]))
    return tuple(groups)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _outlet_line(o: OutletPosition, total_events: int) -> str:
    """``1 article; 4 of 28 dated events, 4 reported only here; most quoted: Vladimir Putin (96% of
    its quoted words).`` (the outlet's name is not part of the line)."""
    parts = [_plural(len(o.source_ids), "article")]
    if total_events:
        coverage = f"{len(o.events)} of {total_events} dated events"
        if o.only_here:
            coverage += f", {len(o.only_here)} reported only here"
        parts.append(coverage)
    if o.speakers:
        top = o.speakers[0]
        parts.append(f"most quoted: {top.speaker} ({top.share * 100:.0f}% of its quoted words)")
    elif not o.voices:
        parts.append("no direct quotes")
    return "; ".join(parts) + "."


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bottom_line(brief: Brief) -> str:
    """``Coverage centres on A, B and C: 5 articles by 4 outlets, published between ... and ....``"""
    from briefing.render.environment import human_date

    scope = brief.scope
    made_from = f"{_plural(scope.articles, 'article')} by {_plural(len(scope.outlets), 'outlet')}"
    if scope.first_published and scope.last_published:
        if scope.first_published == scope.last_published:
            made_from += f", published on {human_date(scope.first_published)}"
        else:
            made_from += (
                f", published between {human_date(scope.first_published)} and {human_date(scope.last_published)}"
            )
    names = [a.name for a in brief.actors if a.type != "place"][:3]
    if not names:
        return f"{made_from[0].upper()}{made_from[1:]}."
    return f"Coverage centres on {_join(names)}: {made_from}."
