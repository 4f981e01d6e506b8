"""Outlet positions on small corpora written for the test: each figure must show what was planted."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.analyse import tone
from briefing.analyse.brief import number_citations
from briefing.analyse.positions import outlet_positions
from briefing.lexicon import load_lexicon
from briefing.model import Actor, ArticleFacts, Brief, Citation, Event, QuoteEntry, Role, Scope

from .factories import actor_by_surface, make_facts

NAMES = {"Trump": "donald-trump", "Putin": "vladimir-putin", "White House": "white-house"}


def _cite(text: str) -> Citation:
    return Citation("x", text, 0, len(text))


ACTORS = [
    Actor("vladimir-putin", "Vladimir Putin", "person", roles=(Role("Russian President", _cite("r")),)),
    Actor("donald-trump", "Donald Trump", "person", roles=(Role("U.S. President", _cite("u")),)),
    Actor("white-house", "White House", "organisation"),
]
SHARED = ["Officials met again this week.", "Talks continued about the region.", "Leaders spoke about talks."]


def _quote(text, speaker, speaker_id, outlet, source, cue="said"):
    return QuoteEntry(text, speaker, speaker_id, outlet, cue, Citation(source, text, 0, len(text)))


def _with_phrases(facts: ArticleFacts, phrases: dict[int, tuple[str, ...]]) -> ArticleFacts:
    per_sentence = tuple(phrases.get(i, ()) for i in range(len(facts.sentences)))
    return dataclasses.replace(facts, phrases=per_sentence)


def _positions(facts, quotes=(), events=(), profiles=None):
    found = outlet_positions(
        facts, list(quotes), ACTORS, list(events), actor_by_surface(facts, NAMES), profiles=profiles or {}
    )
    return {p.outlet: p for p in found}


def _evidence_sentences(position, index):
    return [c.sentence for c in position.evidence[index].citations]


def test_an_outlet_quoting_only_one_side_shows_that_side_alone():
    east = make_facts("a1", "Eastern Post", ["Putin spoke.", *SHARED], names={"Putin": "PERSON"})
    west = make_facts(
        "a2",
        "Western Daily",
        ["Trump spoke.", "Putin spoke too.", *SHARED],
        names=dict.fromkeys(("Trump", "Putin"), "PERSON"),
    )
    quotes = [
        _quote("We want peace in the region now", "Vladimir Putin", "vladimir-putin", "Eastern Post", "a1"),
        _quote("The talks went well", "Vladimir Putin", "vladimir-putin", "Western Daily", "a2"),
        _quote("Sanctions must tighten now and stay", "Donald Trump", "donald-trump", "Western Daily", "a2"),
        _quote("We will see", "Donald Trump", "donald-trump", "Western Daily", "a2"),
    ]
    positions = _positions([east, west], quotes)
    e, w = positions["Eastern Post"], positions["Western Daily"]
    assert [(s.side, s.share) for s in e.sides] == [("Russia", 1.0)]
    assert e.speakers[0].speaker == "Vladimir Putin" and e.speakers[0].share == 1.0
    assert "by country: Russia 100%" in e.statement
    shares = {s.side: s.words for s in w.sides}
    assert shares == {"United States": 9, "Russia": 4}
    assert w.speakers[0].speaker == "Donald Trump" and w.speakers[0].share == pytest.approx(9 / 13)
    # the share is backed by the quotes themselves
    assert _evidence_sentences(e, e.speakers[0].evidence) == ["We want peace in the region now"]


def test_an_institution_speaking_is_carried_second_hand():
    facts = make_facts("a1", "Capital News", ["The White House spoke.", *SHARED], names={"White House": "ORG"})
    other = make_facts("a2", "Other Times", SHARED)
    quotes = [
        _quote("now is the time to work toward peace", "White House", "white-house", "Capital News", "a1"),
        _quote("fine", "unattributed", None, "Capital News", "a1"),
    ]
    p = _positions([facts, other], quotes)["Capital News"]
    (house, unattributed) = p.speakers
    assert house.institution and not unattributed.institution
    assert p.second_hand_words == 8 and p.quoted_words == 9
    assert "(second hand)" in p.statement
    assert [s.side for s in p.sides] == ["United States"]  # through the seats table in actors.yaml


def test_a_distinctive_term_and_noun_phrase_are_found_with_their_sentences():
    east = make_facts(
        "a1",
        "Eastern Post",
        ["The occupation continues, Putin said.", "Another occupation report came.", "The occupation deepened."] * 4
        + SHARED * 3,
        names={"Putin": "PERSON"},
    )
    east = _with_phrases(east, dict.fromkeys(range(12), ("peace process",)))
    west = make_facts(
        "a2", "Western Daily", ["Trump criticised the sanctions regime.", *SHARED * 3], names={"Trump": "PERSON"}
    )
    p = _positions([east, west])["Eastern Post"]
    by_term = {t.term: t for t in p.framing}
    assert "occupation" in by_term and by_term["occupation"].kind == "word"
    assert "peace process" in by_term and by_term["peace process"].kind == "phrase"
    for term in ("occupation", "peace process"):
        t = by_term[term]
        assert t.count == 12 and t.others == 0 and t.z > 1.96
        (sentence,) = p.evidence[t.evidence].citations
        assert sentence.source_id == "a1"
    assert "occupation" in p.evidence[by_term["occupation"].evidence].citations[0].sentence.lower()
    assert "occupation" not in _positions([east, west])["Western Daily"].terms


def test_verbs_of_saying_never_count_as_framing():
    east = make_facts(
        "a1", "Eastern Post", ["Putin insisted again.", "Putin insisted more.", "Putin insisted.", *SHARED]
    )
    west = make_facts("a2", "Western Daily", SHARED * 2)
    assert "insisted" not in _positions([east, west])["Eastern Post"].terms


@pytest.mark.skipif(not tone.available(), reason="vaderSentiment is not installed")
def test_an_outlet_negative_about_one_actor_shows_it_with_the_sentence():
    east = make_facts(
        "a1",
        "Eastern Post",
        [
            "Trump is a disastrous, dishonest and cruel leader.",
            "Trump made a terrible, shameful mistake.",
            "Putin praised the wonderful, successful agreement.",
            "Putin is a great and admired friend.",
            *SHARED,
        ],
        names=dict.fromkeys(("Trump", "Putin"), "PERSON"),
    )
    west = make_facts(
        "a2",
        "Western Daily",
        ["Trump spoke.", "Putin spoke.", *SHARED],
        names=dict.fromkeys(("Trump", "Putin"), "PERSON"),
    )
    quotes = [_quote("we are right", "Donald Trump", "donald-trump", "Eastern Post", "a1", cue="claimed")]
    p = _positions([east, west], quotes)["Eastern Post"]
    tones = {t.actor_id: t for t in p.tone}
    trump, putin = tones["donald-trump"], tones["vladimir-putin"]
    assert trump.mean < -0.3 and trump.negative == 2 and trump.positive == 0
    assert putin.mean > 0.3 and putin.positive == 2
    assert trump.most_positive == -1  # no positive sentence, so none is cited as one
    worst = p.evidence[trump.most_negative].citations[0]
    assert worst.source_id == "a1" and "Trump" in worst.sentence and "cruel" in worst.sentence
    assert "Trump" in p.evidence[putin.most_positive].citations[0].sentence or "Putin" in (
        p.evidence[putin.most_positive].citations[0].sentence
    )
    assert trump.cues == ("claimed (1)",)
    assert "Donald Trump negative" in p.statement
    neutral = {t.actor_id: t for t in _positions([east, west])["Western Daily"].tone}
    assert neutral["donald-trump"].mean == 0.0


def _event(i, outlets, source_ids):
    cites = tuple(Citation(s, f"Event {i} in {s}.", 0, 5) for s in source_ids)
    return Event(f"e{i}", "2018-02-12", "day", "stated", f"Event {i}", outlets=tuple(outlets), citations=cites)


def test_coverage_only_here_and_blind_spots():
    facts = [
        make_facts("a1", "A", ["Putin spoke.", *SHARED], names={"Putin": "PERSON"}),
        make_facts("b1", "B", ["Putin spoke.", *SHARED], names={"Putin": "PERSON"}),
        make_facts(
            "c1", "C", ["Putin spoke.", "Trump spoke.", *SHARED], names=dict.fromkeys(("Trump", "Putin"), "PERSON")
        ),
    ]
    events = [
        _event(1, ["A", "B", "C"], ["a1", "b1", "c1"]),
        _event(2, ["B", "C"], ["b1", "c1"]),
        _event(3, ["A"], ["a1"]),
    ]
    positions = _positions(facts, events=events)
    a, b = positions["A"], positions["B"]
    assert a.events == ("e1", "e3") and a.only_here == ("e3",) and a.blind_spots == ("e2",)
    assert b.only_here == () and b.blind_spots == ()
    blind = next(e for e in a.evidence if e.label == "blind spot")
    assert {c.source_id for c in blind.citations} <= {"b1", "c1"}
    alone = next(e for e in a.evidence if e.label == "only here")
    assert [c.source_id for c in alone.citations] == ["a1"]
    # Trump is named by one other outlet only: not enough to call his absence a blind spot
    assert a.actors_missing == ()
    assert "1 of them alone, and leaves out 1" in a.statement


def test_a_single_outlet_says_it_compares_with_nothing():
    facts = [make_facts("a1", "Solo", ["Putin spoke.", "Putin spoke again.", *SHARED], names={"Putin": "PERSON"})]
    (p,) = _positions(facts, events=[_event(1, ["Solo"], ["a1"])]).values()
    assert p.compared_with == 0 and p.terms == () and p.framing == ()
    assert p.only_here == () and p.blind_spots == ()
    assert "only outlet in this brief" in p.statement


def test_profiles_are_the_callers_data_and_nothing_is_guessed():
    facts = [make_facts("a1", "Reuters", SHARED), make_facts("a2", "Unheard Of Gazette", SHARED)]
    profiles = {"Reuters": {"country": "United Kingdom", "ownership": "private", "language": "English"}}
    by_name = _positions(facts, profiles=profiles)
    assert by_name["Reuters"].profile.country == "United Kingdom"
    assert by_name["Reuters"].profile.ownership == "private"
    assert by_name["Unheard Of Gazette"].profile is None
    assert "based in United Kingdom" in by_name["Reuters"].statement
    partial = _positions(facts, profiles={"Reuters": {"language": "English"}})["Reuters"]
    assert partial.profile.country is None and "based in" not in partial.statement
    # No mapping given: no profile is known (the analysis looks nothing up itself).
    unknown = outlet_positions(facts, [], ACTORS, [], actor_by_surface(facts, NAMES))
    assert all(p.profile is None for p in unknown)


def test_seats_and_demonyms_come_from_the_lexicon_passed_in():
    facts = make_facts("a1", "Capital News", ["Castle Hill spoke.", *SHARED], names={"Castle Hill": "ORG"})
    other = make_facts("a2", "Other Times", SHARED)
    quotes = [_quote("the talks will go on as planned", "Castle Hill", None, "Capital News", "a1")]
    for_facts = actor_by_surface([facts, other], NAMES)
    plain = outlet_positions([facts, other], quotes, ACTORS, [], for_facts, profiles={})
    assert [s.side for s in plain[0].speakers] == [None] and not plain[0].speakers[0].institution
    lex = load_lexicon()
    ours = dataclasses.replace(lex, seats={**lex.seats, "castle hill": "Ruritania"})
    found = outlet_positions([facts, other], quotes, ACTORS, [], for_facts, profiles={}, lexicon=ours)
    (castle,) = found[0].speakers
    assert castle.side == "Ruritania" and castle.institution


def test_every_figure_citation_gets_a_note_number():
    east = make_facts(
        "a1",
        "Eastern Post",
        ["Trump made a terrible mistake.", "Putin spoke.", *SHARED],
        names=dict.fromkeys(("Trump", "Putin"), "PERSON"),
    )
    west = make_facts("a2", "Western Daily", ["Trump spoke.", *SHARED], names={"Trump": "PERSON"})
    positions = outlet_positions([east, west], [], ACTORS, [], actor_by_surface([east, west], NAMES))
    brief = number_citations(Brief("t", Scope(2, ("a", "b"), None, None, "now"), outlets=tuple(positions)))
    assert all(n.note > 0 for n in brief.notes)
    for p in brief.outlets:
        for t in p.tone:
            for index in (t.most_positive, t.most_negative):
                if index >= 0:
                    assert all(c.note > 0 for c in p.evidence[index].citations)
