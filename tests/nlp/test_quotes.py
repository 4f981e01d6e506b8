"""Quotations and their speakers, one test per attribution form."""

from __future__ import annotations

from briefing.nlp.mentions import extract_mentions
from briefing.nlp.quotes import extract_quotes, find_quote_spans


def _quotes(nlp, text):
    doc = nlp(text)
    return extract_quotes(doc, extract_mentions(doc))


def _pairs(nlp, text):
    return [(q.text, q.speaker) for q in _quotes(nlp, text)]


def test_straight_quotes(nlp):
    quotes = _quotes(nlp, '"We will never accept this plan," Abbas said.')
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [("We will never accept this plan", "Abbas", "said")]


def test_curly_quotes_and_offsets(nlp):
    text = "“We will never accept this plan,” Abbas said."
    (quote,) = _quotes(nlp, text)
    assert quote.speaker == "Abbas"
    assert text[quote.start : quote.end] == quote.text
    assert text[quote.speaker_start : quote.speaker_end] == "Abbas"


def test_quote_split_around_said(nlp):
    pairs = _pairs(nlp, "“We want peace,” Putin said. “But we will defend our interests.”")
    assert pairs == [("We want peace", "Putin"), ("But we will defend our interests.", "Putin")]


def test_partial_quote_inside_sentence(nlp):
    pairs = _pairs(nlp, 'Putin said the talks had found a "common approach to the conflict" with Abbas.')
    assert pairs == [("common approach to the conflict", "Putin")]


def test_multi_sentence_quote(nlp):
    pairs = _pairs(nlp, "“The talks went well. We agreed on a plan,” Lavrov said.")
    assert pairs == [("The talks went well. We agreed on a plan", "Lavrov")]


def test_pronoun_speaker_resolves_to_previous_person(nlp):
    text = "Russian Foreign Minister Sergei Lavrov spoke in Moscow on Monday. “We keep hearing about a deal,” he said."
    assert _pairs(nlp, text) == [("We keep hearing about a deal", "Sergei Lavrov")]


def test_pronoun_speaker_follows_previous_speaker_not_names_in_quote(nlp):
    text = (
        "“The Palestinian side insists on a multilateral approach,” Abbas advisor, Majdi Khalidi, told the radio.\n\n"
        "“Russia and Putin will have an important role in this matter,” he explained."
    )
    assert [s for _, s in _pairs(nlp, text)] == ["Majdi Khalidi", "Majdi Khalidi"]


def test_title_speaker_resolves_to_person_with_that_role(nlp):
    text = (
        "Russian President Vladimir Putin met Abbas in Sochi on Monday. "
        "“The meeting was useful for both sides,” the Russian leader said."
    )
    assert _pairs(nlp, text) == [("The meeting was useful for both sides", "Vladimir Putin")]


def test_institution_speaker(nlp):
    assert _pairs(nlp, "“The call was productive and friendly,” the White House said.") == [
        ("The call was productive and friendly", "White House")
    ]


def test_trailing_attribution_wins_over_names_before_the_quote(nlp):
    pairs = _pairs(nlp, 'Trump and Putin discussed "a lasting peace in Ukraine," the Kremlin said.')
    assert pairs == [("a lasting peace in Ukraine", "Kremlin")]


def test_unresolvable_speaker_is_none_not_nearest_name(nlp):
    text = "Putin met Abbas on Monday. “The situation is very bad for everyone,” officials said."
    (quote,) = _quotes(nlp, text)
    assert quote.speaker is None and quote.speaker_start == -1
    assert quote.cue == "said"


def test_pronoun_without_antecedent_is_none(nlp):
    assert _pairs(nlp, "“This cannot continue any longer,” he said.") == [("This cannot continue any longer", None)]


def test_scare_quotes_are_skipped(nlp):
    assert _quotes(nlp, 'Some analysts called the plan a "major deal" for the region.') == []
    assert _quotes(nlp, 'The outlet was declared "undesirable" by the government.') == []


def test_short_quote_with_speaker_is_kept(nlp):
    assert _pairs(nlp, 'Afterward, Trump said it was a "great call" with Putin.') == [("great call", "Trump")]


def test_find_quote_spans_pairs_marks_within_a_line():
    text = 'He said "one two three" and “four five”.\n"unclosed\nline"'
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["one two three", "four five"]


def test_gold_set_attribution_beats_the_nearest_person_baseline(nlp):
    """Regression gate on tests/nlp/gold/quotes.yaml (see benchmarks/quotes_eval.py)."""
    import yaml

    from benchmarks.quotes_eval import GOLD, evaluate

    ours, baseline, total, _ = evaluate(nlp, yaml.safe_load(GOLD.read_text(encoding="utf-8")))
    assert total >= 12
    assert ours / total >= 0.9
    assert ours > baseline


def test_speaker_the_tagger_took_for_a_verb(nlp):
    text = (
        "Donald Trump and Vladimir Putin issued a joint statement.\n\n"
        'Trump at the time called that joint document "extraordinarily important."'
    )
    assert _pairs(nlp, text) == [("extraordinarily important.", "Trump")]


def test_nationality_as_speaker_is_the_person_not_the_country(nlp):
    text = (
        "Novak Djokovic beat Daniil Medvedev in the final in Paris on Sunday.\n\n"
        "Medvedev, who had won the title in 2020, said he was tired. “He was simply better today,” the Russian said."
    )
    assert _pairs(nlp, text) == [("He was simply better today", "Medvedev")]


def test_untagged_institution_speaks(nlp):
    text = (
        "Both sides must show restraint.\n\n“We call on both sides to show restraint,” Russia’s Foreign Ministry said."
    )
    assert _pairs(nlp, text) == [("We call on both sides to show restraint", "Russia’s Foreign Ministry")]


def test_quoted_verb_of_saying_belongs_to_its_subject(nlp):
    text = "Last month, the Kremlin “strongly condemned” the killing of Hamas leader Ismail Haniiyeh in Iran."
    assert _pairs(nlp, text) == [("strongly condemned", "Kremlin")]
    assert _quotes(nlp, "Some analysts “strongly condemned” the plan.") == []  # no named speaker: a scare quote
