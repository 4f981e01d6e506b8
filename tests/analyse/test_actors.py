"""Actor resolution across articles: merging rules, type vote, roles, exclusions, ranking."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy

from briefing.analyse.actors import name_key, resolve_actors, skeleton, vote_type
from briefing.config import Settings
from briefing.lexicon import load_lexicon
from briefing.model import Article, ArticleFacts, Mention, Quote, Sentence
from briefing.nlp.mentions import extract_mentions
from briefing.nlp.quotes import extract_quotes


@pytest.fixture(scope="session")
def nlp():
    """The configured model, loaded once for the end-to-end tests below."""
    return spacy.load(Settings().spacy_model)


def article_facts(
    article_id: str,
    sentences: list[str],
    names: list[tuple[str, str] | tuple[str, str, str]],
    outlet: str = "Outlet A",
    quotes: list[tuple[str, str]] = (),
) -> ArticleFacts:
    """Facts from hand-written sentences; names are (surface, label[, role]), each found everywhere."""
    text = " ".join(sentences)
    spans, offset = [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, offset, offset + len(s), s))
        offset += len(s) + 1
    mentions = []
    for name in names:
        surface, label, role = (*name, None)[:3]
        start = 0
        while (start := text.find(surface, start)) != -1:
            end = start + len(surface)
            boundary = (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if boundary:
                sentence = next(s.index for s in spans if s.start <= start < s.end + 1)
                mentions.append(Mention(surface, label, start, end, sentence, role))
            start = end
    mentions.sort(key=lambda m: m.start)
    quote_records = []
    for words, speaker in quotes:
        q_start = text.find(words)
        s_start = text.find(speaker, q_start + len(words))
        quote_records.append(
            Quote(words, q_start, q_start + len(words), 0, speaker, s_start, s_start + len(speaker), "said")
        )
    article = Article(id=article_id, path=f"{article_id}.txt", text=text, outlet=outlet)
    return ArticleFacts(article, tuple(spans), tuple(mentions), quotes=tuple(quote_records))


def facts_from_text(nlp, article_id: str, text: str, outlet: str = "Outlet A") -> ArticleFacts:
    """Facts the way the pipeline builds them, for end-to-end checks."""
    doc = nlp(text)
    sentences = tuple(Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents))
    mentions = extract_mentions(doc)
    quotes = extract_quotes(doc, mentions)
    article = Article(id=article_id, path=f"{article_id}.txt", text=text, outlet=outlet)
    return ArticleFacts(article, sentences, tuple(mentions), quotes=tuple(quotes))


def _named(index, name):
    matches = [a for a in index.actors if a.name == name]
    assert len(matches) == 1, [a.name for a in index.actors]
    return matches[0]


def test_surname_joins_full_name():
    facts = [
        article_facts(
            "a", ["Mahmoud Abbas arrived.", "Abbas spoke."], [("Mahmoud Abbas", "PERSON"), ("Abbas", "PERSON")]
        )
    ]
    index = resolve_actors(facts)
    abbas = _named(index, "Mahmoud Abbas")
    assert abbas.mentions == 3  # "Mahmoud Abbas", and "Abbas" found twice (inside the full name too)
    assert abbas.type == "person"


def test_transliteration_variants_merge_and_canonical_is_most_frequent():
    facts = [
        article_facts(
            "a", ["Mahmud Abbas met Sergei Lavrov."], [("Mahmud Abbas", "PERSON"), ("Sergei Lavrov", "PERSON")]
        ),
        article_facts(
            "b",
            ["Mahmoud Abbas met Sergey Lavrov.", "Mahmoud Abbas left."],
            [("Mahmoud Abbas", "PERSON"), ("Sergey Lavrov", "PERSON")],
        ),
    ]
    index = resolve_actors(facts)
    assert _named(index, "Mahmoud Abbas").aliases == ("Mahmud Abbas",)
    lavrov = _named(index, "Sergei Lavrov")  # a tie: the form seen first wins
    assert lavrov.aliases == ("Sergey Lavrov",)
    assert len(index.actors) == 2


def test_different_people_sharing_a_surname_stay_apart():
    facts = [
        article_facts(
            "a", ["Bashar al-Assad met Putin.", "Assad left."], [("Bashar al-Assad", "PERSON"), ("Assad", "PERSON")]
        ),
        article_facts("b", ["Hafez al-Assad ruled before."], [("Hafez al-Assad", "PERSON")]),
    ]
    index = resolve_actors(facts)
    bashar = _named(index, "Bashar al-Assad")
    hafez = _named(index, "Hafez al-Assad")
    assert bashar.id != hafez.id
    assert bashar.mentions == 3 and hafez.mentions == 1  # "Assad" in article a is Bashar


def test_ambiguous_surname_alone_is_not_guessed():
    facts = [
        article_facts(
            "a",
            ["Bashar al-Assad met Hafez al-Assad.", "Assad left."],
            [("Bashar al-Assad", "PERSON"), ("Hafez al-Assad", "PERSON")],
        ),
        article_facts("b", ["Assad spoke."], [("Assad", "PERSON")]),
    ]
    index = resolve_actors(facts)
    assert _named(index, "Assad").mentions == 1


def test_the_forms_and_expanded_abbreviations_merge():
    facts = [
        article_facts(
            "a",
            ["The White House and the UN Security Council spoke."],
            [("The White House", "ORG"), ("UN Security Council", "ORG")],
        ),
        article_facts(
            "b",
            ["White House officials met the United Nations Security Council."],
            [("White House", "ORG"), ("United Nations Security Council", "ORG")],
        ),
    ]
    index = resolve_actors(facts)
    assert _named(index, "White House").mentions == 2
    assert _named(index, "United Nations Security Council").mentions == 2


def test_abbreviation_defined_in_parentheses_merges():
    facts = [
        article_facts(
            "a",
            ["They fight Islamic State (IS) fighters.", "IS lost ground."],
            [("Islamic State", "ORG"), ("IS", "ORG")],
        ),
    ]
    index = resolve_actors(facts)
    actor = _named(index, "Islamic State")
    assert actor.mentions == 3 and "IS" in actor.aliases


def test_acronym_matching_one_organisation_merges():
    facts = [
        article_facts(
            "a", ["The Palestinian Authority met.", "The PA agreed."], [("Palestinian Authority", "ORG"), ("PA", "ORG")]
        )
    ]
    assert _named(resolve_actors(facts), "Palestinian Authority").mentions == 2


def test_the_lexicon_passed_in_is_the_one_used():
    facts = [
        article_facts(
            "a", ["Ruritania acted.", "Ruritanian troops moved."], [("Ruritania", "GPE"), ("Ruritanian", "NORP")]
        )
    ]
    assert {a.name: a.type for a in resolve_actors(facts).actors} == {"Ruritania": "place", "Ruritanian": "group"}
    lex = load_lexicon()
    ours = replace(
        lex, demonyms={**lex.demonyms, "ruritanian": "Ruritania"}, countries={**lex.countries, "ruritania": "Ruritania"}
    )
    (ruritania,) = resolve_actors(facts, lexicon=ours).actors
    assert (ruritania.name, ruritania.type, ruritania.mentions) == ("Ruritania", "country", 2)


def test_demonym_counts_as_country_reference():
    facts = [article_facts("a", ["Russia acted.", "Russian troops moved."], [("Russia", "GPE"), ("Russian", "NORP")])]
    index = resolve_actors(facts)
    russia = _named(index, "Russia")
    assert russia.type == "country" and russia.mentions == 2
    assert not any(a.type == "person" for a in index.actors)


def test_person_tagged_org_once_is_still_a_person():
    facts = [
        article_facts(
            "a",
            ["U.S. President Donald Trump spoke.", "Trump left."],
            [("Donald Trump", "PERSON", "U.S. President"), ("Trump", "ORG")],
        ),
    ]
    index = resolve_actors(facts)
    trump = _named(index, "Donald Trump")
    assert trump.type == "person"
    assert [r.text for r in trump.roles] == ["U.S. President"]
    assert trump.roles[0].citation.sentence == "U.S. President Donald Trump spoke."


def test_vote_type_ties_prefer_person():
    from collections import Counter

    assert vote_type(Counter({"person": 1, "organisation": 1})) == "person"
    assert vote_type(Counter({"organisation": 2, "person": 1})) == "organisation"


def test_roles_deduplicated_with_citations_and_outlets_listed():
    facts = [
        article_facts(
            "a", ["Russian President Vladimir Putin spoke."], [("Vladimir Putin", "PERSON", "Russian President")]
        ),
        article_facts(
            "b",
            ["Russian president Vladimir Putin left."],
            [("Vladimir Putin", "PERSON", "Russian president")],
            outlet="Outlet B",
        ),
    ]
    putin = _named(resolve_actors(facts), "Vladimir Putin")
    assert len(putin.roles) == 1 and putin.roles[0].citation.source_id == "a"
    assert putin.outlets == ("Outlet A", "Outlet B")
    assert [c.source_id for c in putin.citations] == ["a", "b"]


def test_outlets_are_excluded_and_unmapped():
    facts = [
        article_facts(
            "a", ["The Moscow Times reported that Putin spoke."], [("Moscow Times", "ORG"), ("Putin", "PERSON")]
        )
    ]
    index = resolve_actors(facts, outlet_names=["The Moscow Times"])
    assert [a.name for a in index.actors] == ["Putin"]
    moscow_times = facts[0].mentions[0]
    assert index.actor_for("a", moscow_times.start, moscow_times.end) is None


def test_salience_ranks_and_by_mention_maps_every_kept_mention():
    facts = [
        article_facts(
            "a",
            ["Putin met Abbas.", "Putin spoke.", "Later Putin left."],
            [("Putin", "PERSON"), ("Abbas", "PERSON")],
            quotes=[],
        ),
        article_facts("b", ["Putin arrived."], [("Putin", "PERSON")], outlet="Outlet B"),
    ]
    index = resolve_actors(facts)
    assert [a.name for a in index.actors] == ["Putin", "Abbas"]
    assert index.actors[0].salience > index.actors[1].salience
    for f in facts:
        for m in f.mentions:
            assert index.actor_for(f.article.id, m.start, m.end) is not None


def test_quotes_spoken_raise_salience():
    plain = [article_facts("a", ["Putin met Abbas."], [("Putin", "PERSON"), ("Abbas", "PERSON")])]
    quoted = [
        article_facts(
            "a",
            ['"We talked about many things," Abbas said. Putin met Abbas.'],
            [("Putin", "PERSON"), ("Abbas", "PERSON")],
            quotes=[("We talked about many things", "Abbas")],
        )
    ]
    before = _named(resolve_actors(plain), "Abbas").salience
    after = _named(resolve_actors(quoted), "Abbas").salience
    assert after > before


def test_name_key_and_skeleton():
    lex = load_lexicon()
    assert name_key("the White House", lex) == name_key("White House", lex) == "white house"
    assert name_key("UN Security Council", lex) == "united nations security council"
    assert name_key("U.S.", lex) == "united states"
    assert skeleton("mahmud") == skeleton("mahmoud")
    assert skeleton("sergei") == skeleton("sergey")


def test_end_to_end_from_text(nlp):
    facts = [
        facts_from_text(
            nlp,
            "a",
            "Palestinian Authority President Mahmud Abbas met Russian President Vladimir Putin in "
            "Moscow. “We want a new mechanism,” Abbas said.",
        ),
        facts_from_text(
            nlp,
            "b",
            "Palestinian President Mahmoud Abbas arrived in Moscow on Monday. Abbas met Putin.",
            outlet="Outlet B",
        ),
    ]
    index = resolve_actors(facts)
    abbas = _named(index, "Mahmoud Abbas")
    assert abbas.type == "person"
    assert {r.text for r in abbas.roles} == {"Palestinian Authority President", "Palestinian President"}
    quote = facts[0].quotes[0]
    assert index.actor_for("a", quote.speaker_start, quote.speaker_end) == abbas.id
    assert _named(index, "Vladimir Putin").outlets == ("Outlet A", "Outlet B")


def test_demonym_tagged_org_is_still_a_country_reference():
    facts = [
        article_facts("a", ["Kazakh officials hosted talks in Kazakhstan."], [("Kazakh", "ORG"), ("Kazakhstan", "GPE")])
    ]
    kazakhstan = _named(resolve_actors(facts), "Kazakhstan")
    assert kazakhstan.type == "country" and kazakhstan.mentions == 2


# --------------------------------------------------------------------------- places, organisations


def test_cities_and_regions_are_places_countries_stay_countries():
    facts = [
        article_facts(
            "a",
            ["Putin met Assad in Sochi.", "Trump flew to Florida.", "Russia and Syria agreed in Geneva."],
            [
                ("Putin", "PERSON"),
                ("Assad", "PERSON"),
                ("Sochi", "GPE"),
                ("Trump", "PERSON"),
                ("Florida", "GPE"),
                ("Russia", "GPE"),
                ("Syria", "GPE"),
                ("Geneva", "GPE"),
            ],
        )
    ]
    index = resolve_actors(facts)
    types = {a.name: a.type for a in index.actors}
    assert types["Sochi"] == types["Florida"] == types["Geneva"] == "place"
    assert types["Russia"] == types["Syria"] == "country"


def test_capital_standing_for_its_government_stays_a_place():
    facts = [
        article_facts(
            "a",
            ["Moscow seeks to revive talks.", "Russia wants a summit."],
            [("Moscow", "GPE"), ("Russia", "GPE")],
        )
    ]
    index = resolve_actors(facts)
    assert _named(index, "Moscow").type == "place"
    assert _named(index, "Russia").type == "country" and _named(index, "Russia").mentions == 1


def test_alternative_country_names_merge_with_the_country():
    facts = [
        article_facts(
            "a",
            ["Burma held elections.", "Myanmar rejected the criticism.", "The Russian Federation abstained."],
            [("Burma", "GPE"), ("Myanmar", "GPE"), ("Russian Federation", "GPE")],
        )
    ]
    index = resolve_actors(facts)
    assert _named(index, "Myanmar").aliases == ("Burma",)
    assert _named(index, "Russian Federation").type == "country"


def test_org_variants_merge_without_merging_different_bodies():
    facts = [
        article_facts(
            "a",
            [
                "The Palestinian National Authority met.",
                "The Palestinian Authority agreed.",
                "The UN General Assembly voted.",
                "The UN Security Council did not.",
                "The Defence Ministry said so.",
                "The Defense Ministry denied it.",
            ],
            [
                ("Palestinian National Authority", "ORG"),
                ("Palestinian Authority", "ORG"),
                ("UN General Assembly", "ORG"),
                ("UN Security Council", "ORG"),
                ("Defence Ministry", "ORG"),
                ("Defense Ministry", "ORG"),
            ],
        )
    ]
    index = resolve_actors(facts)
    assert len(index.actors) == 4, [a.name for a in index.actors]
    pa = _named(index, "Palestinian National Authority")  # tie: the longer form
    assert pa.aliases == ("Palestinian Authority",)
    assert _named(index, "UN General Assembly").id != _named(index, "UN Security Council").id


def test_different_countries_ministries_stay_apart():
    facts = [
        article_facts(
            "a",
            ["Iran's Foreign Ministry spoke.", "Iraq's Foreign Ministry replied."],
            [("Iran's Foreign Ministry", "ORG"), ("Iraq's Foreign Ministry", "ORG")],
        )
    ]
    assert len(resolve_actors(facts).actors) == 2


def test_short_org_name_joins_the_one_longer_name_in_the_article():
    facts = [
        article_facts(
            "a",
            ["The United Nations General Assembly voted.", "The General Assembly meets again."],
            [("United Nations General Assembly", "ORG"), ("General Assembly", "ORG")],
        ),
        article_facts("b", ["The General Assembly of Virginia met."], [("General Assembly", "ORG")]),
    ]
    index = resolve_actors(facts)
    assert len(index.actors) == 1  # one key for "General Assembly" across articles
    (assembly,) = index.actors
    assert {assembly.name, *assembly.aliases} == {"United Nations General Assembly", "General Assembly"}


def test_short_org_name_with_two_longer_names_stays_apart():
    facts = [
        article_facts(
            "a",
            ["Russia's Foreign Ministry spoke.", "Israel's Foreign Ministry replied.", "The Foreign Ministry added."],
            [
                ("Russia's Foreign Ministry", "ORG"),
                ("Israel's Foreign Ministry", "ORG"),
                ("The Foreign Ministry", "ORG"),
            ],
        )
    ]
    assert len(resolve_actors(facts).actors) == 3


def test_club_tagged_person_is_an_organisation():
    facts = [
        article_facts(
            "a",
            ["Manchester United sacked its manager.", "West Ham United won."],
            [("Manchester United", "PERSON"), ("West Ham United", "GPE")],
        )
    ]
    types = {a.name: a.type for a in resolve_actors(facts).actors}
    assert types == {"Manchester United": "organisation", "West Ham United": "organisation"}


def test_full_name_tagged_org_joins_the_person():
    facts = [
        article_facts(
            "a",
            ["Volodymyr Zelensky met Duda.", "Volodymyr Zelenskiy flew home."],
            [("Volodymyr Zelensky", "PERSON", "Ukrainian President"), ("Volodymyr Zelenskiy", "ORG")],
        )
    ]
    index = resolve_actors(facts)
    assert len(index.actors) == 1 and index.actors[0].type == "person"


def test_surname_joins_a_full_name_tagged_org_in_the_same_article():
    facts = [
        article_facts(
            "a",
            ["Novak Djokovic won in Paris.", "Djokovich was happy."],
            [("Novak Djokovic", "ORG"), ("Djokovich", "PERSON")],
        ),
        article_facts("b", ["JP Morgan rose."], [("JP Morgan", "ORG")]),
        article_facts("c", ["Morgan spoke."], [("Morgan", "PERSON")]),
    ]
    index = resolve_actors(facts)
    djokovic = _named(index, "Novak Djokovic")
    assert djokovic.type == "person" and djokovic.aliases == ("Djokovich",)
    assert _named(index, "Morgan").type == "person"  # only the same article's ORG names count
    assert _named(index, "JP Morgan").type == "organisation"


def test_multi_word_surname_and_given_name_alone_join_the_full_name():
    facts = [
        article_facts(
            "a",
            ["Erik ten Hag was sacked.", "Ten Hag left.", "Prince Abdulaziz bin Salman spoke.", "Abdulaziz smiled."],
            [
                ("Erik ten Hag", "PERSON"),
                ("Ten Hag", "PERSON"),
                ("Abdulaziz bin Salman", "PERSON"),
                ("Abdulaziz", "PERSON"),
            ],
        )
    ]
    index = resolve_actors(facts)
    assert _named(index, "Erik ten Hag").aliases == ("Ten Hag",)
    assert _named(index, "Abdulaziz bin Salman").aliases == ("Abdulaziz",)
    assert len(index.actors) == 2


def test_actor_types_are_the_documented_vocabulary(nlp):
    from briefing import analyse

    facts = [
        facts_from_text(
            nlp,
            "a",
            "Russian President Vladimir Putin met Palestinian Authority President Mahmoud Abbas in Moscow. "
            "The Kremlin said Russia backs a Palestinian state. Hamas welcomed the talks.",
        )
    ]
    types = {a.type for a in resolve_actors(facts).actors}
    assert types <= {"person", "organisation", "country", "place", "group"}
    assert {"person", "organisation", "country", "place"} <= types
    doc = analyse.actors.__doc__
    assert all(f"``{t}``" in doc for t in ("person", "organisation", "country", "place", "group"))


# --------------------------------------------------------------------------- junk in other domains

OTHER_DOMAINS = [
    (
        "Apple Shares Rise After Record Quarter\n\n"
        "Apple chief executive Tim Cook said on Thursday that iPhone sales rose 6 percent. "
        "“We are very pleased,” Cook said.\n\n"
        "Photo: Justin Sullivan/Getty Images\n\n"
        "Reporting by Stephen Nellis; Editing by Leslie Adler"
    ),
    (
        "By Martin Rogers\n\n"
        "Real Madrid beat Bayern Munich 2-1 in the Champions League semi-final in Madrid on Wednesday. "
        "Joselu scored twice, the club said, according to Agence France-Presse.\n\n"
        "AFP contributed reporting."
    ),
    (
        "Judge Tosses Suit Against Meta\n\n"
        "A federal judge in San Francisco dismissed a lawsuit against Meta Platforms on Monday, "
        "Reuters reported. Judge Yvonne Gonzalez Rogers said the plaintiffs had no standing.\n\n"
        "(Photo: AP)\n\n"
        "With reporting by AP and Reuters"
    ),
]
JUNK = {
    "Reuters",
    "AFP",
    "AP",
    "Agence France-Presse",
    "Getty Images",
    "Justin Sullivan",
    "Stephen Nellis",
    "Leslie Adler",
    "Martin Rogers",
    "Apple Shares Rise",
    "Judge Tosses Suit",
    "Tosses Suit",
    "Shares",
    "Photo",
}


@pytest.mark.parametrize("text", OTHER_DOMAINS)
def test_no_junk_actor_in_other_domains(nlp, text):
    index = resolve_actors([facts_from_text(nlp, "a", text)])
    names = {n for a in index.actors for n in (a.name, *a.aliases)}
    assert not names & JUNK, names
    assert names, "the passage names real actors"


# --------------------------------------------------------------------------- the seeds brief


@pytest.fixture(scope="module")
def seeds_brief(seeds_build):
    import json

    _, out = seeds_build
    return json.loads((out / "brief.json").read_text(encoding="utf-8"))


KEY_ACTORS = {
    "Vladimir Putin": ("person", "Russian President"),
    "Mahmoud Abbas": ("person", "Palestinian Authority President"),
    "Donald Trump": ("person", "U.S. President"),
    "Benjamin Netanyahu": ("person", "Israeli Prime Minister"),
    "Sergei Lavrov": ("person", "Russian Foreign Minister"),
    "Bashar al-Assad": ("person", "Syrian President"),
    "White House": ("organisation", None),
    "Kremlin": ("organisation", None),
    "Russia’s Foreign Ministry": ("organisation", None),
}


def test_seeds_key_actors_appear_once_typed_with_roles(seeds_brief):
    everyone = seeds_brief["actors"] + seeds_brief["other_actors"]
    for name, (kind, role) in KEY_ACTORS.items():
        matches = [a for a in everyone if name == a["name"] or name in a["aliases"]]
        assert len(matches) == 1, (name, [a["name"] for a in matches])
        assert matches[0]["type"] == kind, name
        if role:
            assert role in [r["text"] for r in matches[0]["roles"]], name
    surnames = {"Putin", "Abbas", "Trump", "Netanyahu", "Lavrov", "Assad"}
    for a in everyone:
        assert not ({a["name"], *a["aliases"]} & surnames) or a["name"] in KEY_ACTORS


def test_seeds_places_are_not_countries_and_no_agency_is_an_actor(seeds_brief):
    everyone = {a["name"]: a for a in seeds_brief["actors"] + seeds_brief["other_actors"]}
    for place in ("Moscow", "Sochi", "Geneva", "Florida"):
        assert everyone[place]["type"] == "place"
    for country in ("Russia", "Israel", "Syria", "United States"):
        assert everyone[country]["type"] == "country"
    assert not {"Reuters", "AFP", "TASS", "Interfax"} & set(everyone)


def test_seeds_quotes_carry_their_speakers(seeds_brief):
    speakers = {q["text"][:30]: q["speaker"] for q in seeds_brief["quotes"]}

    def speaker(start):
        return next(s for t, s in speakers.items() if t.startswith(start))

    assert speaker("extraordinarily important") == "Donald Trump"  # "Trump" parsed as a verb
    assert speaker("Russia and Putin will have") == "Majdi Khalidi"  # "he explained"
    assert speaker("We keep hearing") == "Sergei Lavrov"  # "he said"
    assert speaker("great pain and concern") == "Vladimir Putin"  # "He also expressed"
    assert speaker("indiscriminate use of force") == "Russia’s Foreign Ministry"
    assert "unattributed" not in speakers.values()


def test_institution_named_by_demonym_or_possessive_is_one_actor():
    facts = [
        article_facts(
            "a",
            ["Russia's Foreign Ministry spoke.", "The Russian Foreign Ministry added.", "The ECJ ruled."],
            [("Russia's Foreign Ministry", "ORG"), ("Russian Foreign Ministry", "ORG"), ("ECJ", "ORG")],
        ),
        article_facts("b", ["The European Court of Justice ruled."], [("European Court of Justice", "ORG")]),
    ]
    index = resolve_actors(facts)
    assert len(index.actors) == 2, [a.name for a in index.actors]
    assert _named(index, "European Court of Justice").aliases == ("ECJ",)


def test_a_case_variant_of_an_acronym_does_not_replace_it():
    from briefing.analyse.actors import ORGANISATION, _canonical

    class Ref:
        def __init__(self, form):
            self.form = form

    assert _canonical([Ref("BP"), Ref("BP"), Ref("Bp")], ORGANISATION) == "BP"
    assert _canonical([Ref("UN"), Ref("UN"), Ref("United Nations")], ORGANISATION) == "United Nations"


def test_surname_alone_goes_to_the_person_the_corpus_overwhelmingly_means():
    """Barack Obama named in ten articles, Michelle Obama in one: "Obama" alone is Barack."""
    facts = [article_facts(f"b{i}", ["Barack Obama spoke."], [("Barack Obama", "PERSON")]) for i in range(10)]
    facts.append(article_facts("m", ["Michelle Obama visited."], [("Michelle Obama", "PERSON")]))
    facts.append(article_facts("x", ["Obama flew to the Gulf."], [("Obama", "PERSON")]))
    index = resolve_actors(facts)
    assert _named(index, "Barack Obama").mentions == 11
    assert _named(index, "Michelle Obama").mentions == 1
    assert not any(a.name == "Obama" for a in index.actors)


def test_a_nationality_taken_into_a_person_entity_is_not_part_of_the_name():
    """spaCy tags "Briton Tony Hayward" PERSON: still Tony Hayward, and "Mr Hayward" joins him."""
    facts = [article_facts(f"a{i}", ["Tony Hayward spoke."], [("Tony Hayward", "PERSON")]) for i in range(5)]
    facts.append(article_facts("b", ["Briton Tony Hayward resigned."], [("Briton Tony Hayward", "PERSON")]))
    facts.append(article_facts("c", ["Mr Hayward flew home."], [("Hayward", "PERSON")]))
    index = resolve_actors(facts)
    hayward = _named(index, "Tony Hayward")
    assert hayward.mentions == 7
    assert [a.name for a in index.actors if "Hayward" in a.name] == ["Tony Hayward"]


def test_a_pronoun_tagged_person_is_no_actor_and_no_surname():
    """spaCy tags "I" PERSON in reader comments; it must not join a name ending in "I"."""
    facts = [article_facts("a", ["Andrew Lindop, Connahs Quay - I agree."], [("Connahs Quay - I", "PERSON")])]
    facts += [article_facts(f"b{i}", ["I think so."], [("I", "PERSON")]) for i in range(5)]
    index = resolve_actors(facts)
    assert all(a.mentions <= 1 for a in index.actors)
    assert not any(a.name == "I" for a in index.actors)


def test_family_members_sharing_a_surname_stay_apart_and_a_given_name_is_no_surname():
    """The Jackson family: "Joseph Jackson" (the father) is not the end of "Michael Joseph
    Jackson"; "Michael" alone is not Alun Michael when the corpus mostly writes Michael as a given
    name; a treebank bracket token is no part of a name."""
    facts = [article_facts(f"m{i}", ["Michael Jackson sang."], [("Michael Jackson", "PERSON")]) for i in range(6)]
    facts.append(
        article_facts("full", ["Michael Joseph Jackson was born in Gary."], [("Michael Joseph Jackson", "PERSON")])
    )
    facts.append(article_facts("father", ["Joseph Jackson managed his sons."], [("Joseph Jackson", "PERSON")]))
    facts.append(article_facts("alun", ["Alun Michael spoke."], [("Alun Michael", "PERSON")]))
    facts.append(article_facts("bare", ["Michael was a genius, fans said."], [("Michael", "PERSON")]))
    facts.append(article_facts("ptb", ["-RRB- Michael Jackson died."], [("-RRB- Michael Jackson", "PERSON")]))
    index = resolve_actors(facts)
    michael = _named(index, "Michael Jackson")
    assert michael.mentions == 8  # six articles, his full name with the middle name, the bracketed one
    assert _named(index, "Joseph Jackson").mentions == 1
    assert _named(index, "Alun Michael").mentions == 1
    assert "-RRB- Michael Jackson" not in michael.aliases


def test_a_common_noun_spacy_took_for_a_name_is_no_actor():
    """ "Propofol" tagged PERSON at a sentence start, "propofol" in lower case everywhere else."""
    facts = [
        article_facts(
            f"a{i}",
            ["Propofol is a powerful anaesthetic.", "Doctors said propofol was used, and propofol killed him."],
            [("Propofol", "PERSON"), ("Conrad Murray", "PERSON")],
        )
        for i in range(3)
    ]
    facts.append(
        article_facts(
            "b", ["Conrad Murray denied it. Murray wept."], [("Conrad Murray", "PERSON"), ("Murray", "PERSON")]
        )
    )
    index = resolve_actors(facts)
    assert not any(a.name == "Propofol" for a in index.actors)
    assert _named(index, "Conrad Murray").mentions == 3  # the surname "Murray" is never written in lower case


def test_a_surname_alone_is_the_namesake_its_article_names_far_more_often():
    """An article about Michael Jackson that names his father once: "Jackson" is Michael; an
    article naming both as often leaves "Jackson" unresolved."""
    about_michael = article_facts(
        "a",
        [
            "Michael Jackson rehearsed.",
            "Michael Jackson sang, his father Joe Jackson said.",
            "Michael Jackson left.",
            "Jackson died.",
        ],
        [("Michael Jackson", "PERSON"), ("Joe Jackson", "PERSON"), ("Jackson", "PERSON")],
    )
    both = article_facts(
        "b",
        ["Michael Jackson met Joe Jackson.", "Jackson smiled."],
        [("Michael Jackson", "PERSON"), ("Joe Jackson", "PERSON"), ("Jackson", "PERSON")],
    )
    index = resolve_actors([_outermost(about_michael), _outermost(both)])
    assert _named(index, "Michael Jackson").mentions == 5  # three in a, "Jackson" in a, one in b
    assert _named(index, "Joe Jackson").mentions == 2
    assert _named(index, "Jackson").mentions == 1  # article b's stays unresolved


def test_a_given_name_alone_joins_its_articles_full_name_even_when_it_is_someones_surname():
    """ "Michael" after "Michael Jackson" in the same article is him, though George Michael is in
    the corpus; with no full name in its article it stays alone."""
    facts = [article_facts(f"m{i}", ["Michael Jackson sang."], [("Michael Jackson", "PERSON")]) for i in range(4)]
    facts.append(article_facts("g", ["George Michael sang."], [("George Michael", "PERSON")]))
    facts.append(
        article_facts("both", ["Michael Jackson was ill.", "Michael rested."], [("Michael Jackson", "PERSON")])
    )
    facts.append(article_facts("alone", ["Michael rested again."], []))
    # "Michael" as a mention of its own, the way spaCy gives it
    facts[-2] = replace(facts[-2], mentions=(*facts[-2].mentions, Mention("Michael", "PERSON", 25, 32, 1)))
    facts[-1] = replace(facts[-1], mentions=(Mention("Michael", "PERSON", 0, 7, 0),))
    index = resolve_actors(facts)
    assert _named(index, "Michael Jackson").mentions == 6  # four articles, "both" twice
    assert _named(index, "George Michael").mentions == 1
    assert _named(index, "Michael").mentions == 1


def test_demonyms_of_every_member_state_count_for_their_country_but_given_names_do_not():
    """ "Mexican officials", "Brazilians": Mexico and Brazil; "Finn" the person stays a person."""
    facts = [
        article_facts(
            "a",
            ["Mexican officials met in Mexico.", "Brazilians voted in Brazil.", "Finn Wolfe said so."],
            [("Mexican", "NORP"), ("Mexico", "GPE"), ("Brazilians", "NORP"), ("Brazil", "GPE")]
            + [("Finn Wolfe", "PERSON")],
        ),
        article_facts("b", ["Finn agreed."], [("Finn", "PERSON")]),
    ]
    index = resolve_actors(facts)
    assert _named(index, "Mexico").mentions == 2 and _named(index, "Mexico").type == "country"
    assert _named(index, "Brazil").mentions == 2
    assert not any(a.name == "Finland" for a in index.actors)
    assert _named(index, "Finn").type == "person"


def _outermost(facts: ArticleFacts) -> ArticleFacts:
    """Without the mentions ``article_facts`` finds inside longer ones (spaCy never nests them)."""
    kept = tuple(
        m
        for m in facts.mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in facts.mentions)
    )
    return replace(facts, mentions=kept)
