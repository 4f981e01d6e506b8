"""Synthetic events and briefs for the render tests and for looking at the output by eye."""

from __future__ import annotations

import random
from datetime import date, timedelta

from briefing.model import Event


def event(
    i: int,
    value: str,
    granularity: str = "day",
    upcoming: bool = False,
    certain: bool = True,
    summary: str | None = None,
) -> Event:
    return Event(
        id=f"e{i}",
        date=value,
        granularity=granularity,
        how="stated",
        summary=summary or f"Event number {i} happened",
        upcoming=upcoming,
        certain=certain,
    )


def one_event() -> list[Event]:
    return [event(1, "2018-02-12", summary="Trump and Putin speak by phone")]


def same_day() -> list[Event]:
    return [event(i, "2018-02-12") for i in range(1, 4)]


def many_years(n: int = 40, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    start = date(2009, 1, 1)
    out = []
    for i in range(1, n + 1):
        d = start + timedelta(days=rng.randrange(15 * 365))
        kind = rng.random()
        if kind < 0.15:
            out.append(event(i, f"{d.year}-{d.month:02d}", "month"))
        elif kind < 0.2:
            out.append(event(i, f"{d.year}", "year"))
        else:
            out.append(event(i, d.isoformat(), upcoming=i > n - 3, certain=rng.random() > 0.1))
    return out


def seeds_like() -> list[Event]:
    spec = [
        ("2011", "year", False, True, "Palestinians seek UN membership"),
        ("2017-11-18", "day", False, True, "Hariri arrives in Paris"),
        ("2017-11-21", "day", False, True, "Hariri returns to Beirut"),
        ("2017-11-22", "day", False, False, "Independence Day parade"),
        ("2017-11", "month", False, True, "Saudi pressure on Lebanon"),
        ("2018-02-12", "day", False, True, "Trump and Putin speak by phone"),
        ("2018-02-12", "day", False, True, "Putin meets Abbas in Moscow"),
        ("2018-02-14", "day", False, True, "Abbas addresses Security Council"),
        ("2018-04", "month", False, True, "Syria strikes"),
        ("2024-08-13", "day", False, True, "Ceasefire talks resume"),
        ("2024-08-15", "day", True, True, "Talks scheduled in Doha"),
        ("XXXX-12-06", "day", False, False, "Recognition of Jerusalem"),
    ]
    return [event(i, *row) for i, row in enumerate(spec, start=1)]


def large_brief(n_sources: int = 10, n_events: int = 40):
    """A bigger brief (many sources, events over 15 years, long text) to look at by eye."""
    from briefing.model import (
        GIVEN,
        INFERRED,
        Actor,
        Brief,
        Citation,
        KeyDevelopment,
        OutletPosition,
        QuoteEntry,
        Role,
        Scope,
        Source,
        Voice,
    )

    rng = random.Random(11)
    outlets = ["Reuters", "Al Jazeera", "RFE/RL", "The Guardian", "Associated Press"]
    sources = []
    for i in range(n_sources):
        sources.append(
            Source(
                id=f"src{i:07d}",
                number=i + 1,
                outlet=outlets[i % len(outlets)],
                outlet_source=GIVEN if i % 3 else INFERRED,
                title=f"Long headline number {i + 1} about ceasefire negotiations and regional diplomacy",
                title_source=GIVEN,
                published=f"2018-02-{10 + i % 18:02d}",
                published_source=GIVEN if i % 2 else INFERRED,
                path=f"seeds/{i:03d}_{'ab' * 8}.txt",
                url=f"https://news.example.com/{2018}/{i}/a-very-long-url-slug-for-the-article-{i}" if i % 2 else None,
            )
        )
    notes: list[Citation] = []

    def cite(text: str) -> Citation:
        src = sources[len(notes) % len(sources)]
        c = Citation(src.id, text, 100 + len(notes), 100 + len(notes) + len(text), note=len(notes) + 1)
        notes.append(c)
        return c

    sentence = (
        "Officials from both sides said on Tuesday that the negotiations, which have stalled repeatedly "
        "since the previous round, would continue under international supervision."
    )
    kds = tuple(KeyDevelopment(f"Development {i}: {sentence}", (cite(sentence), cite(sentence))) for i in range(5))
    events = []
    for e in many_years(n_events, seed=5):
        events.append(
            Event(
                e.id,
                e.date,
                e.granularity,
                e.how,
                f"{e.summary}. {sentence}",
                actors=("vladimir-putin",),
                outlets=tuple(outlets[:2]),
                upcoming=e.upcoming,
                certain=e.certain,
                citations=(cite(sentence),),
            )
        )
    events.sort(key=lambda e: e.date)
    actors = tuple(
        Actor(
            f"actor-{i}",
            f"Actor Number {i} With A Long Name",
            rng.choice(["person", "organisation", "country"]),
            aliases=(f"A{i}",),
            mentions=30 - i,
            outlets=tuple(outlets[: 1 + i % 5]),
            roles=(Role("Deputy Minister of Foreign Affairs", cite(sentence)),) if i % 2 else (),
        )
        for i in range(15)
    )
    actors = (Actor("vladimir-putin", "Vladimir Putin", "person", mentions=40, outlets=tuple(outlets)),) + actors
    positions = tuple(
        OutletPosition(
            o,
            tuple(s.id for s in sources if s.outlet == o),
            voices=(Voice("Vladimir Putin", "vladimir-putin", 3, 60), Voice("unattributed", None, 1, 12)),
            terms=("ceasefire", "two-state solution", "normalisation"),
            statement=f"{o} quotes Putin three times and stresses the ceasefire talks.",
            evidence=(),
        )
        for o in outlets
    )
    quotes = tuple(
        QuoteEntry(
            "We will not accept any solution imposed from outside",
            "Vladimir Putin",
            "vladimir-putin",
            o,
            "said",
            cite(sentence),
        )
        for o in outlets
    )
    return Brief(
        title="Ceasefire negotiations and regional diplomacy: what five outlets reported over a long period",
        scope=Scope(n_sources, tuple(outlets), "2018-02-10", "2018-02-27", "2026-11-23T09:30:00+00:00"),
        key_developments=kds,
        events=tuple(events),
        actors=actors,
        quotes=quotes,
        outlets=positions,
        sources=tuple(sources),
        notes=tuple(notes),
        warnings=("2 articles had no outlet; it was inferred from their text.",),
    )


def mixed_precision() -> list[Event]:
    """The seeds-like spread plus a week, a quarter and a whole decade (which spans every cluster)."""
    return seeds_like()[:-1] + [
        event(12, "2018-W07", "week"),
        event(13, "2019-Q2", "quarter"),
        event(14, "201", "decade"),
    ]
