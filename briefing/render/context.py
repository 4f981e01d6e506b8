"""What every template receives: the Brief plus lookup tables, so templates compute nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from briefing.model import Actor, Brief, Citation, QuoteEntry, Source


@dataclass(frozen=True)
class ChartInfo:
    """The timeline chart as the templates see it."""

    svg: str | None = None  # file name beside the brief, e.g. "brief-timeline.svg"
    png: str | None = None
    alt: str = ""
    shown: tuple[int, ...] = ()  # event numbers drawn on the chart
    left_out: tuple[int, ...] = ()  # event numbers whose date could not be placed


@dataclass(frozen=True)
class RenderContext:
    brief: Brief
    chart: ChartInfo
    source_by_id: Mapping[str, Source]
    actor_by_id: Mapping[str, Actor]  # key actors and the other actors events and quotes name
    key_actor_ids: frozenset[str]  # the actors with a row in the key-actors table
    event_number_by_id: Mapping[str, int]  # Event.id -> its number in the list of dated events
    quotes_by_outlet: Mapping[str, tuple[QuoteEntry, ...]]
    notes: tuple[Citation, ...]  # Brief.notes, one per note number, in number order
    extra: Mapping[str, Any] = field(default_factory=dict)

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
            **self.extra,
        }


def build_context(brief: Brief, chart: ChartInfo | None = None, **extra: Any) -> RenderContext:
    quotes: dict[str, list[QuoteEntry]] = {}
    for quote in brief.quotes:
        quotes.setdefault(quote.outlet, []).append(quote)
    # One entry per note number (the first one given), in number order, so ids stay unique.
    seen: dict[int, Citation] = {}
    for citation in brief.notes:
        seen.setdefault(citation.note, citation)
    return RenderContext(
        brief=brief,
        chart=chart or ChartInfo(),
        source_by_id=MappingProxyType({s.id: s for s in brief.sources}),
        actor_by_id=MappingProxyType({a.id: a for a in (*brief.actors, *brief.other_actors)}),
        key_actor_ids=frozenset(a.id for a in brief.actors),
        event_number_by_id=MappingProxyType({e.id: n for n, e in enumerate(brief.events, start=1)}),
        quotes_by_outlet=MappingProxyType({k: tuple(v) for k, v in quotes.items()}),
        notes=tuple(seen[n] for n in sorted(seen)),
        extra=MappingProxyType(dict(extra)),
    )
