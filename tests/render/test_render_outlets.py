"""The outlet sections of the brief: comparison table, event matrix, per-outlet evidence."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from briefing.analyse.brief import number_citations
from briefing.model import (
    Actor,
    Brief,
    Citation,
    Evidence,
    OutletPosition,
    OutletProfile,
    Scope,
    SideShare,
    SpeakerShare,
    Term,
    Tone,
)
from briefing.render.context import build_context
from briefing.render.environment import make_environment
from briefing.render.jsonout import brief_from_dict, brief_to_dict, render_json

# Words of the outlets' donation / subscription appeals: none may become a figure.
APPEAL_WORDS = {"donate", "donation", "subscribe", "subscription", "support", "newsletter", "membership", "reader"}


def _position(outlet, source, tone_mean, term, compared_with=1):
    sentence = Citation(source, f"{outlet} wrote a sentence.", 0, 20)
    evidence = (
        Evidence("quotes", "Putin: 1 quote", (sentence,)),
        Evidence("term", f"“{term}”", (sentence,)),
        Evidence("tone", "most negative", (dataclasses.replace(sentence, start=30, end=40),)),
    )
    return OutletPosition(
        outlet=outlet,
        source_ids=(source,),
        evidence=evidence,
        speakers=(SpeakerShare("Vladimir Putin", "vladimir-putin", 1, 5, 1.0, "Russia", False, ("claimed",), 0),),
        sides=(SideShare("Russia", 5, 1.0, ("Vladimir Putin",)),),
        quoted_words=5,
        framing=(Term(term, "phrase", 4, 0, 2.5, 1),),
        tone=(Tone("vladimir-putin", "Vladimir Putin", 3, tone_mean, 0, 3, -1, 2, ("claimed (1)",)),),
        profile=OutletProfile(country="Testland", ownership="private"),
        compared_with=compared_with,
        statement=f"{outlet} statement.",
    )


def _brief(positions):
    scope = Scope(2, tuple(p.outlet for p in positions), None, None, "2026-11-23T09:00:00+00:00")
    putin = Actor("vladimir-putin", "Vladimir Putin", "person")
    return number_citations(Brief("Test", scope, actors=(putin,), outlets=tuple(positions)))


def _render(brief, name):
    return (
        make_environment()
        .get_template(name)
        .render(**build_context(brief).as_dict(), inline_css="", media="screen", stylesheets=())
    )


@pytest.fixture
def two_outlets():
    return _brief(
        [_position("Eastern Post", "a1", -0.42, "peace process"), _position("Western Daily", "a2", 0.3, "ceasefire")]
    )


def test_markdown_has_a_comparison_table_and_cited_figures(two_outlets):
    md = _render(two_outlets, "brief.md.j2")
    assert "| | Eastern Post | Western Daily |" in md
    assert "| Tone toward Vladimir Putin | -0.42 (3 sentences) | +0.30 (3 sentences) |" in md
    assert "*peace process* (4 here, 0 elsewhere, z 2.50)[^" in md
    assert "Vladimir Putin: 100% (1 quote, 5 words), Russia; introduced with *claimed*[^1]" in md
    assert re.search(r"Vladimir Putin: -0\.42 over 3 sentences .*most negative\[\^\d+\]", md)
    assert "Testland" in md


def test_html_has_the_table_and_the_sections(two_outlets):
    html = _render(two_outlets, "brief.html.j2")
    assert 'class="outlet-comparison"' in html
    assert html.count('<article class="outlet"') == 2
    assert 'class="tone-neg">-0.42</span>' in html


def test_a_single_outlet_says_so_instead_of_comparing():
    brief = _brief([_position("Solo Times", "a1", 0.0, "x", compared_with=0)])
    md = _render(brief, "brief.md.j2")
    html = _render(brief, "brief.html.j2")
    assert "single outlet, so nothing is compared" in md
    assert "| | Solo Times |" not in md
    assert "single outlet, so nothing is compared" in html and "outlet-comparison" not in html


def test_json_reads_back_the_new_figures(two_outlets):
    again = brief_from_dict(json.loads(render_json(two_outlets)))
    assert again.outlets == two_outlets.outlets
    assert brief_to_dict(again)["outlets"][0]["tone"][0]["mean"] == -0.42


def test_seeds_each_outlet_has_figures_on_its_own_cited_sentences_and_no_appeal_words(seeds_build):
    _, out = seeds_build
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    outlet_of = {s["id"]: s["outlet"] for s in data["sources"]}
    assert len(data["outlets"]) == 4
    for o in data["outlets"]:
        assert o["speakers"] and o["tone"], o["outlet"]
        assert o["profile"] is not None, o["outlet"]
        figures = [s["evidence"] for s in o["speakers"]] + [t["evidence"] for t in o["framing"]]
        figures += [i for t in o["tone"] for i in (t["most_positive"], t["most_negative"]) if i >= 0]
        for index in figures:
            for c in o["evidence"][index]["citations"]:
                assert outlet_of[c["source_id"]] == o["outlet"]
                assert c["note"] > 0
        terms = {w for t in o["framing"] for w in t["term"].split()}
        assert not terms & APPEAL_WORDS, (o["outlet"], terms & APPEAL_WORDS)
    md = (out / "brief.md").read_text(encoding="utf-8")
    assert "| | Radio Free Europe/Radio Liberty |" in md
    assert "Which outlet reports which dated event" in md
