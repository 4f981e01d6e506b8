from briefing.analyse.positions import outlet_positions
from briefing.model import Actor, Citation, QuoteEntry

from .factories import actor_by_surface, make_facts

ACTORS = {"Trump": "donald-trump", "Putin": "vladimir-putin"}
ACTOR_LIST = [
    Actor("vladimir-putin", "Vladimir Putin", "person"),
    Actor("donald-trump", "Donald Trump", "person"),
]


def _quote(text, speaker, speaker_id, outlet, source):
    return QuoteEntry(text, speaker, speaker_id, outlet, "said", Citation(source, text, 0, len(text)))


SHARED = ["Officials met again this week.", "Talks continued about the region.", "Leaders spoke about talks."]


def _corpus():
    eastern = [
        "Putin praised the ceasefire agreement.",
        "The ceasefire agreement holds, Putin said.",
        "Critics question the ceasefire plan.",
        "Another ceasefire followed the first ceasefire.",
        "The ceasefire monitors reported calm.",
    ]
    western = [
        "Trump criticised the sanctions regime.",
        "The sanctions regime must tighten, Trump said.",
        "Sanctions remain, officials said.",
        "New sanctions were drafted.",
        "The sanctions bill passed.",
    ]
    one = make_facts("a1", "Eastern Post", eastern * 2 + SHARED * 3, names={"Putin": "PERSON"})
    two = make_facts("a2", "Western Daily", western * 2 + SHARED * 3, names={"Trump": "PERSON"})
    return [one, two]


def test_an_outlet_quoting_only_one_side_shows_only_that_voice():
    facts = _corpus()
    quotes = [
        _quote("The ceasefire holds", "Vladimir Putin", "vladimir-putin", "Eastern Post", "a1"),
        _quote("We want more", "Vladimir Putin", "vladimir-putin", "Eastern Post", "a1"),
        _quote("Sanctions must tighten now", "Donald Trump", "donald-trump", "Western Daily", "a2"),
    ]
    positions = {p.outlet: p for p in outlet_positions(facts, quotes, ACTOR_LIST, [], actor_by_surface(facts, ACTORS))}
    east = positions["Eastern Post"]
    assert [v.speaker for v in east.voices] == ["Vladimir Putin"]
    assert east.voices[0].quotes == 2 and east.voices[0].words == 6
    assert "Vladimir Putin 100%" in east.statement
    assert "Donald Trump" not in east.statement.split(".")[0]  # the voices clause
    assert [v.speaker for v in positions["Western Daily"].voices] == ["Donald Trump"]


def test_distinctive_terms_come_from_the_outlets_own_sentences():
    facts = _corpus()
    positions = {p.outlet: p for p in outlet_positions(facts, [], ACTOR_LIST, [], actor_by_surface(facts, ACTORS))}
    assert "ceasefire" in positions["Eastern Post"].terms
    assert "ceasefire" not in positions["Western Daily"].terms
    assert "sanctions" in positions["Western Daily"].terms
    term_evidence = [e for e in positions["Eastern Post"].evidence if e.label == "term"]
    assert term_evidence and all(c.source_id == "a1" for e in term_evidence for c in e.citations)
    assert all("ceasefire" in c.sentence.lower() for e in term_evidence if "ceasefire" in e.text for c in e.citations)


def test_a_single_outlet_has_no_distinctive_terms_to_compare():
    facts = _corpus()[:1]
    (position,) = outlet_positions(facts, [], ACTOR_LIST, [], actor_by_surface(facts, ACTORS))
    assert position.terms == ()
    assert position.actors == ("vladimir-putin",)
