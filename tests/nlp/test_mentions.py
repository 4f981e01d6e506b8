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


def test_untagged_institution_with_its_owner_is_one_mention(nlp):
    text = (
        "Moscow faces many challenges in the region.\n\n"
        "Russia’s Foreign Ministry is calling on Palestinians and Israelis to show restraint."
    )
    found = _by_text(_mentions(nlp, text))
    assert found["Russia’s Foreign Ministry"].label == "ORG"
    assert "Russia" not in found  # the owner is part of the institution's name


def test_institution_inside_a_role_is_not_a_mention(nlp):
    found = _by_text(_mentions(nlp, "Foreign Ministry spokesperson Mao Ning told a briefing in Beijing."))
    assert found["Mao Ning"].role == "Foreign Ministry spokesperson"
    assert "Foreign Ministry" not in found


def test_surname_the_tagger_took_for_a_verb_is_a_mention(nlp):
    text = 'Donald Trump spoke to Putin. Trump at the time called that joint document "extraordinarily important."'
    mentions = _mentions(nlp, text)
    trump = [m for m in mentions if m.text == "Trump"]
    assert len(trump) == 1 and trump[0].label == "PERSON" and trump[0].sentence == 1


def test_surname_of_a_person_not_named_in_full_is_not_invented(nlp):
    texts = [
        m.text for m in _mentions(nlp, 'Trump at the time called that joint document "extraordinarily important."')
    ]
    assert texts == []


def test_news_agency_in_the_body_is_not_an_actor(nlp):
    text = "In an interview with Reuters last month, Trump accused Russia of helping North Korea."
    texts = {m.text for m in _mentions(nlp, text)}
    assert "Reuters" not in texts and "Trump" in texts


def test_state_news_agency_is_not_an_actor(nlp):
    text = "“Our partnership is strategic,” the crown prince said, according to the Saudi Press Agency."
    assert "Saudi Press Agency" not in {m.text for m in _mentions(nlp, text)}


def test_headline_line_in_body_gives_no_mentions(nlp):
    text = "Apple Shares Rise After Record Quarter\n\nApple chief executive Tim Cook said sales rose."
    texts = {m.text for m in _mentions(nlp, text)}
    assert "Tim Cook" in texts
    assert not any("Shares" in t or "Rise" in t for t in texts)


def test_title_with_of_is_a_role(nlp):
    found = _by_text(_mentions(nlp, "Sheinbaum met U.S. Secretary of State Marco Rubio in Mexico City on Thursday."))
    assert found["Marco Rubio"].role == "U.S. Secretary of State"
    assert "State" not in found


def test_hyphenated_title_is_a_role(nlp):
    found = _by_text(_mentions(nlp, "Secretary-General Antonio Guterres said the deadlock was a failure."))
    assert found["Antonio Guterres"].role == "Secretary-General"


def test_name_particles_and_names_cut_short_are_joined(nlp):
    found = _by_text(
        _mentions(
            nlp,
            "Manchester United sacked manager Erik ten Hag on Monday.\n\n"
            "Novak Djokovic beat Daniil Medvedev in the final in Paris on Sunday.",
        )
    )
    assert found["Erik ten Hag"].role == "manager"
    assert "Novak Djokovic" in found and "Novak" not in found


def test_multi_word_surname_at_sentence_start_is_a_mention(nlp):
    text = "Manchester United sacked manager Erik ten Hag on Monday.\n\nTen Hag had won two trophies at the club."
    assert "Ten Hag" in {m.text for m in _mentions(nlp, text)}


def test_nested_entities_give_one_mention(nlp):
    text = "Saudi Energy Minister Prince Abdulaziz bin Salman told reporters in Vienna."
    texts = [m.text for m in _mentions(nlp, text)]
    assert texts.count("Abdulaziz bin Salman") == 1 and "bin Salman" not in texts


@pytest.mark.parametrize(
    "text",
    [
        "LONDON (Reuters) - Britain's Supreme Court ruled on Wednesday that the plan was unlawful.",
        "SAN FRANCISCO, Jan 24 (AP) — Tesla Inc reported lower profit on Wednesday, chief executive Elon Musk said.",
    ],
)
def test_dateline_city_and_agency_are_not_actors(nlp, text):
    texts = {m.text for m in _mentions(nlp, text)}
    assert not texts & {"LONDON", "SAN FRANCISCO", "Reuters", "AP"}
    assert texts  # the story's own actors are kept


def test_forms_of_address_and_date_words_are_no_role(nlp):
    found = _by_text(_mentions(nlp, "On Wednesday Adm Thad Allen met BP chief executive Bob Dudley."))
    assert "Thad Allen" in found and found["Thad Allen"].role is None
    assert found["Bob Dudley"].role == "BP chief executive"


def test_role_text_keeps_only_roles():
    from briefing.lexicon import load_lexicon
    from briefing.nlp.mentions import _role_text

    lex = load_lexicon()
    assert _role_text("Wednesday Mr", lex) is None
    assert _role_text("Mr.", lex) is None
    assert _role_text("Quote US President", lex) == "US President"
    assert _role_text("Secretary-General", lex) == "Secretary-General"
