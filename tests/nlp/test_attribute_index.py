"""The indexed attribute ruler must annotate exactly as spaCy's own ruler does, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from briefing.config import Settings
from briefing.nlp.attribute_index import IndexedAttributeRuler, index_attribute_ruler

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Sentences that reach the exception patterns of the English ruler: contractions, "ain't",
# "y'all", existential "there", auxiliaries, determiners used as pronouns, "it"/"you" as objects.
TRICKY = (
    "Aren't they going? Y'all said it ain't so, and I'm sure you've seen it. "
    "There were three men; that was all that mattered. Give it to you and me.\n\n"
    "  She has been told whether he'd come, though nobody knows which.   Do you? He did."
)


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def indexed():
    return index_attribute_ruler(spacy.load(Settings().spacy_model))


def test_the_shipped_ruler_is_replaced(indexed):
    assert isinstance(indexed.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert indexed.pipe_names.index("attribute_ruler") < indexed.pipe_names.index("lemmatizer")


def test_same_annotations_as_spacys_ruler(nlp, indexed):
    texts = [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*"))[:6] if p.is_file()]
    for stock, ours in zip(nlp.pipe(texts), indexed.pipe(texts), strict=True):
        assert _annotations(ours) == _annotations(stock)


def _blank_with_ruler(patterns):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    return nlp


def test_later_rules_win_and_negative_indices_count_from_the_end():
    patterns = [
        {"patterns": [[{"LOWER": "run"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": ["run", "walk"]}}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"LOWER": "to"}, {"IS_ALPHA": True}]], "attrs": {"TAG": "VB"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^wa"}}, {"ORTH": "home"}]], "attrs": {"LEMMA": "stroll"}},
    ]
    stock = _blank_with_ruler(patterns)
    ours = index_attribute_ruler(_blank_with_ruler(patterns))
    assert isinstance(ours.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    text = "I want to run, then walk home. Run!"
    expected = _annotations(stock(text))
    assert _annotations(ours(text)) == expected
    assert [t[2] for t in expected if t[0].lower() == "run"] == ["VERB", "VERB"]
    assert expected[3][1] == "VB" and expected[6][4] == "stroll"


def test_patterns_the_index_cannot_match_keep_spacys_ruler():
    patterns = [{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}]
    nlp = index_attribute_ruler(_blank_with_ruler(patterns))
    assert not isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert nlp("very very good")[1].pos_ == "ADV"
