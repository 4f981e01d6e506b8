"""The template context: every count, pick and grouping is made here, so the templates only print."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import synthetic

from briefing import model
from briefing.render.context import ChartInfo, CoverageRow, build_context
from briefing.render.environment import builtin_templates_dir, make_environment

CITE = model.Citation("a1", "A sentence.", 0, 11, 1)


def _tone(actor_id: str, mean: float) -> model.Tone:
    return model.Tone(actor_id, actor_id.title(), 2, mean, 1, 1, -1, -1, ())


def _brief() -> model.Brief:
    events = tuple(synthetic.event(i, f"2018-02-1{i}") for i in range(1, 4))
    actors = (
        model.Actor("putin", "Vladimir Putin", "person"),
        model.Actor("moscow", "Moscow", "place"),
        model.Actor("abbas", "Mahmud Abbas", "person"),
    )
    speakers = tuple(model.SpeakerShare(f"Speaker {i}", None, i, 10 * i, 0.1, None, False, (), -1) for i in range(1, 5))
    east = model.OutletPosition(
        "Eastern Post",
        ("a1", "a2", "a3"),
        events=("e1", "e2"),
        only_here=("e2",),
        evidence=(model.Evidence("quotes", "x", (CITE,)), model.Evidence("only here", "1 event", (CITE,))),
        speakers=speakers,
        quoted_words=100,
        second_hand_words=25,
        framing=(model.Term("ceasefire", "word", 3, 0, 1.2, -1, significant=False),),
        tone=(_tone("abbas", 0.2), _tone("putin", -0.4), _tone("putin", 0.9)),
        profile=model.OutletProfile(country="Testland", language="en"),
        statement="Eastern Post quotes four speakers.",
    )
    west = model.OutletPosition(
        "Western Daily",
        ("a4",),
        events=("e3",),
        blind_spots=("e1", "e2"),
        evidence=(model.Evidence("blind spot", "2 events", (CITE,)),),
        tone=(_tone("putin", 0.3),),
    )
    scope = model.Scope(4, ("Eastern Post", "Western Daily", "Northern Star"), None, None, "2026-11-23T09:00:00+00:00")
    since = model.SinceLastWeek("2018-W07", "2018-W06", 2, "report", new_events=("e3", "e1"))
    return model.Brief("Test", scope, events=events, actors=actors, outlets=(east, west), since_last_week=since)


def test_counts():
    context = build_context(_brief(), ChartInfo(svg="c.svg", png="c.png", left_out=(2,)))
    c = context.counts
    assert (c.articles, c.outlets, c.outlet_positions, c.events, c.events_off_chart) == (4, 3, 2, 3, 1)
    assert (c.sources, c.listed_sources, c.more_outlets) == (0, 0, 1)
    assert context.more_outlets == ("Northern Star",)


def test_outlet_figures():
    east = build_context(_brief(), max_speakers=2).outlet_figures["Eastern Post"]
    assert (east.articles, east.events, east.only_here, east.blind_spots) == (3, 2, 1, 0)
    assert east.profile == "Testland, en"
    assert east.second_hand_share == 0.25
    assert (east.other_speakers, east.other_speaker_quotes, east.other_speaker_words) == (2, 7, 70)
    assert not east.clear_framing
    assert [ev.label for ev in east.only_here_evidence] == ["only here"] and east.blind_spot_evidence == ()
    west = build_context(_brief()).outlet_figures["Western Daily"]
    assert west.profile == "" and west.second_hand_share == 0.0 and west.other_speakers == 0
    assert [ev.label for ev in west.blind_spot_evidence] == ["blind spot"]


def test_tone_tables_follow_the_top_actors_and_the_outlets():
    context = build_context(_brief())
    assert [a.id for a in context.top_actors] == ["putin", "abbas"]  # places have no tone row
    east, west = context.outlet_figures["Eastern Post"], context.outlet_figures["Western Daily"]
    assert [t.mean for t in east.tone] == [-0.4, 0.2]  # the first entry for an actor
    assert [t.mean if t else None for t in west.tone] == [0.3, None]
    rows = context.tone_rows
    assert [r.actor.id for r in rows] == ["putin", "abbas"]
    assert [t.mean if t else None for t in rows[0].cells] == [-0.4, 0.3]
    assert [t.mean if t else None for t in rows[1].cells] == [0.2, None]


def test_coverage_rows_statements_and_new_events():
    context = build_context(_brief())
    assert context.coverage_rows[1] == CoverageRow(2, _brief().events[1], (True, False))
    assert [r.reported for r in context.coverage_rows] == [(True, False), (True, False), (False, True)]
    assert context.outlet_statements == ("Eastern Post quotes four speakers.",)
    assert [e.id for e in context.since_last_week_events] == ["e1", "e3"]  # in brief order


def test_the_templates_print_the_figures():
    brief = _brief()
    md = make_environment().get_template("brief.md.j2").render(**build_context(brief, max_speakers=2).as_dict())
    assert "| Tone toward Vladimir Putin | -0.40 (2 sentences) | +0.30 (2 sentences) |" in md
    assert "| Tone toward Mahmud Abbas | +0.20 (2 sentences) | not named |" in md
    assert "| Events covered | 2 of 3, 1 alone | 1 of 3 |" in md
    assert "| 2. 12 February 2018 | ● | ○ |" in md
    assert "  - 2 other speakers: 7 quotes, 70 words (each in brief.json)" in md
    assert "25% of them carried second hand" in md
    assert "(none clearly sets it apart; the nearest, on too few uses to be sure)" in md


def test_an_evidence_index_out_of_range_cites_nothing():
    brief = _brief()
    east = dataclasses.replace(
        brief.outlets[0], speakers=(model.SpeakerShare("S", None, 1, 5, 1.0, None, False, (), 99),), quoted_words=5
    )
    context = build_context(dataclasses.replace(brief, outlets=(east, brief.outlets[1])))
    md = make_environment().get_template("brief.md.j2").render(**context.as_dict())
    assert "  - S: 100% (1 quote, 5 words)\n" in md


# Jinja filters and constructs that filter, count, sum, sort or group: they belong in build_context.
COMPUTING = re.compile(
    r"\|\s*(selectattr|rejectattr|select|reject|length|count|sum|sort|groupby|unique|min|max|map)\b"
    r"|namespace\s*\(|\{%-?\s*for\b[^%]*\bif\b"  # and loops that filter: {% for x in xs if ... %}
)


def test_built_in_templates_compute_nothing():
    found = {
        path.name: COMPUTING.findall(path.read_text(encoding="utf-8"))
        for path in Path(builtin_templates_dir()).glob("*.j2")
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
