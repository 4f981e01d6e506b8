"""Actor mentions: roles split off, junk and credit lines dropped, offsets exact."""

from __future__ import annotations

import pytest

from briefing.nlp.mentions import credit_spans, extract_mentions


def _mentions(nlp, text):
    return extract_mentions(nlp(text))


def _by_text(mentions):
    return {m.text: m for m in mentions}


def test_role_before_name_goes_to_role(nlp):
    found = _by_text(
        _mentions(nlp, "Russian President Vladimir Putin met Palestinian Authority President Mahmoud Abbas in Moscow.")
    )
    assert found["Vladimir Putin"].role == "Russian President"
    assert found["Mahmoud Abbas"].role == "Palestinian Authority President"
    assert found["Vladimir Putin"].label == "PERSON"


def test_demonym_inside_role_is_not_a_separate_mention(nlp):
    found = _by_text(
        _mentions(nlp, "Russian President Vladimir Putin met Palestinian Authority President Mahmoud Abbas.")
    )
    assert "Russian" not in found
    assert "Palestinian Authority" not in found


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Late December, U.S. President Donald Trump moved the embassy.", "Donald Trump", "U.S. President"),
        ("Israeli Prime Minister Benjamin Netanyahu praised the move.", "Benjamin Netanyahu", "Israeli Prime Minister"),
        ("Russian Foreign Minister Sergei Lavrov spoke on Monday.", "Sergei Lavrov", "Russian Foreign Minister"),
        ("“The talks were useful,” Abbas advisor, Majdi Khalidi, told reporters.", "Majdi Khalidi", "Abbas advisor"),
    ],
)
def test_role_forms(nlp, text, name, role):
    found = _by_text(_mentions(nlp, text))
    assert found[name].role == role
    assert "Abbas" not in found  # the name inside "Abbas advisor" belongs to the role


def test_the_and_possessive_are_stripped(nlp):
    found = _by_text(_mentions(nlp, "The White House welcomed Abbas's trip to Moscow."))
    assert "White House" in found
    assert "Abbas" in found
    assert found["White House"].role is None


def test_offsets_and_sentence_index(nlp):
    text = "Putin met Abbas on Monday. Later, the Kremlin said the talks went well."
    mentions = _mentions(nlp, text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert _by_text(mentions)["Kremlin"].sentence == 1
    assert _by_text(mentions)["Putin"].sentence == 0


def test_headline_fragment_is_cut(nlp):
    texts = [
        m.text for m in _mentions(nlp, "Abbas and Putin Meet to Discuss Peace Plan\n\nThe two leaders met on Monday.")
    ]
    assert not any("Meet" in t or "Discuss" in t for t in texts)


def test_credit_lines_and_boilerplate_are_not_actors(nlp):
    text = (
        "Vladimir Putin and Mahmoud Abbas. Alexei Maishev / POOL / TASS\n\n"
        "(Photo credit should read YURI KOCHETKOV/AFP/Getty Images)\n\n"
        "Breaking News\n\n"
        "With reporting by Reuters, AFP and TASS"
    )
    texts = {m.text for m in _mentions(nlp, text)}
    assert {"Vladimir Putin", "Mahmoud Abbas"} <= texts
    assert not texts & {"TASS", "AFP", "Reuters", "YURI KOCHETKOV", "Getty Images", "Breaking News", "POOL"}


def test_credit_spans_do_not_swallow_the_caption():
    text = "Vladimir Putin and Mahmoud Abbas. Alexei Maishev / POOL / TASS"
    spans = credit_spans(text)
    assert spans and all(text[s:e].startswith("Alexei") for s, e in spans)


def test_abbreviation_defined_in_text_is_mentioned_later(nlp):
    mentions = _mentions(
        nlp, "Russia and Iran agreed to fight the Islamic State (IS) group. Both said IS remains a threat."
    )
    found = _by_text(mentions)
    assert found["Islamic State"].label == found["IS"].label
    assert found["IS"].sentence == 1


def test_bylines_and_agency_credit_lines_are_not_actors(nlp):
    text = "By John Smith, Reuters\n\nPutin spoke in Moscow on Monday.\n\nAFP contributed reporting."
    texts = {m.text for m in _mentions(nlp, text)}
    assert "Putin" in texts
    assert not texts & {"John Smith", "Reuters", "AFP"}


def test_bracketed_acronym_is_dropped_from_role(nlp):
    found = _by_text(_mentions(nlp, "Palestinian Authority (PA) President Mahmoud Abbas consented to the proposal."))
    assert found["Mahmoud Abbas"].role == "Palestinian Authority President"


def test_hyphenated_pair_of_people_is_not_an_actor(nlp):
    text = "Trump spoke with Putin on Tuesday. The White House statement about the Trump-Putin conversation was short."
    assert "Trump-Putin" not in {m.text for m in _mentions(nlp, text)}
