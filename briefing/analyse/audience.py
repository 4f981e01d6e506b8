"""The brief as one audience reads it: a view of the analysed brief, made before rendering.

Templates compute nothing, so what a profile (:mod:`briefing.audiences`) leaves out has to be
left out of the data: :func:`audience_view` applies the profile's limits, clears the citations
of everything the profile does not show, and numbers the notes again, so the notes list holds
exactly the notes the reader can meet, numbered 1, 2, 3...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from briefing.analyse.brief import keep_latest, number_citations
from briefing.audiences import Audience
from briefing.model import Brief, OutletPosition, Quote


def audience_view(brief: Brief, audience: Audience) -> Brief:
    """The brief as ``audience`` reads it: limits applied, hidden parts uncited, notes renumbered.

    Every format is rendered from this one view, so Markdown, HTML, PDF and JSON agree on what
    the reader is shown and on the note numbers.
    """
    shown = set(audience.sections)
    limits = audience.limits
    r = dataclasses.replace

    developments = brief.key_developments
    if "key_developments" in limits:
        developments = keep_latest(developments, limits["key_developments"], brief.events)
    if not shown & {"key_developments", "bottom_line"}:
        developments = ()

    events = brief.events
    if "events" in limits:
        events = events[: limits["events"]]
    kept_events = {e.id for e in events}
    if "events" not in shown:
        events = tuple(r(e, citations=()) for e in events)

    actors = brief.actors
    other_actors = brief.other_actors
    if "actors" in limits and len(actors) > limits["actors"]:
        dropped = actors[limits["actors"] :]
        actors = actors[: limits["actors"]]
        # Still named in events and quotes, so still looked up by name; no longer in the table.
        other_actors = (*other_actors, *(r(a, roles=(), citations=()) for a in dropped))
    if "actors" not in shown:
        actors = tuple(r(a, roles=(), citations=()) for a in actors)
    other_actors = tuple(r(a, roles=(), citations=()) for a in other_actors)
    kept_actors = {a.id for a in actors}

    quotes = brief.quotes
    if "quotes" in limits:
        quotes = quotes[: limits["quotes"]]
    if not shown & {"quotes", "outlets"}:
        quotes = ()
    elif "outlets" not in shown:
        # Read by speaker, then outlet (the "quotes" section): number the notes in that order too.
        quotes = _by_speaker(quotes)

    def outlet(o: OutletPosition) -> OutletPosition:
        o = r(
            o,
            events=tuple(e for e in o.events if e in kept_events),
            only_here=tuple(e for e in o.only_here if e in kept_events),
            blind_spots=tuple(e for e in o.blind_spots if e in kept_events),
            actors=tuple(a for a in o.actors if a in kept_actors),
        )
        if "outlets" not in shown:
            o = r(o, evidence=tuple(r(ev, citations=()) for ev in o.evidence))
        return o

    since = brief.since_last_week
    if since is not None:
        since = r(since, new_events=tuple(e for e in since.new_events if e in kept_events))
    trimmed = r(
        brief,
        title=audience.make_title(brief.title),
        key_developments=tuple(developments),
        events=tuple(events),
        actors=tuple(actors),
        other_actors=tuple(other_actors),
        quotes=tuple(quotes),
        # the outlets with most articles first (the brief's order); the rest are named by the templates
        outlets=tuple(outlet(o) for o in brief.outlets[: limits.get("outlets", len(brief.outlets))]),
        since_last_week=since,
        top_stories=brief.top_stories if "top_stories" in shown else (),
    )
    return number_citations(trimmed)


def _by_speaker(quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """Quotes grouped as the "quotes" section shows them: most quoted speaker first (the
    unattributed last), then by outlet in order of first appearance; stable within a group."""
    speakers: dict[tuple, list[Quote]] = {}
    for q in quotes:
        speakers.setdefault((q.speaker, q.speaker_id), []).append(q)
    order = sorted(enumerate(speakers.items()), key=lambda item: (item[1][0][1] is None, -len(item[1][1]), item[0]))
    result: list[Quote] = []
    for _, (_, group) in order:
        outlets: dict[str, list[Quote]] = {}
        for q in group:
            outlets.setdefault(q.outlet, []).append(q)
        for qs in outlets.values():
            result.extend(qs)
    return tuple(result)
