"""The timeline stage: which days are chosen, and which sentences say what happened on them."""

from __future__ import annotations

from datetime import date

from briefing.analyse.brief import build_brief
from briefing.analyse.timeline import (
    Ranking,
    build_timeline,
    choose,
    rank_dates,
    reference_weight,
    run_on,
    timeline_events,
)
from briefing.config import Settings
from briefing.model import GIVEN, Article, ArticleFacts, Sentence, TimeExpression

from .factories import actor_by_surface, make_facts

FLOOD = "The river burst its banks in Riverton on March 3 and flooded the old town centre overnight."
RESCUE = "Rescue teams in boats evacuated four hundred residents of Riverton on March 3 after the flood."
FLOOD_AGAIN = "The river burst its banks in Riverton on March 3 and flooded the old town centre during the night."
DAM = "Engineers warned the Riverton dam was weakening on March 5 as the flood water kept rising."
PUBLISHED = "2018-03-20"
AID = "The government promised flood aid for Riverton on March 9 at a meeting with the mayor."


def _corpus() -> list[ArticleFacts]:
    """March 3 told by three articles, March 5 by two, March 9 by one; all published on March 20."""
    return [
        make_facts("a1", "Outlet A", [FLOOD, DAM], published=PUBLISHED, times=_times(FLOOD, DAM)),
        make_facts("a2", "Outlet B", [RESCUE, DAM], published=PUBLISHED, times=_times(RESCUE, DAM)),
        make_facts("a3", "Outlet C", [FLOOD_AGAIN, AID], published=PUBLISHED, times=_times(FLOOD_AGAIN, AID)),
    ]


def _times(*sentences: str) -> list[tuple[str, str, str]]:
    days = {"March 3": "2018-03-03", "March 5": "2018-03-05", "March 9": "2018-03-09"}
    found = []
    for sentence in sentences:
        for text, value in days.items():
            if text in sentence:
                found.append((text, value, "stated"))
    return found


def test_days_referred_to_by_more_sentences_rank_first():
    ranked = rank_dates(_corpus())
    days = [d for d, *_ in ranked]
    assert days[0] == date(2018, 3, 3)  # three sentences
    assert days.index(date(2018, 3, 5)) < days.index(date(2018, 3, 9))  # two against one
    first = ranked[0]
    assert first[2] == 3  # mentions


def test_publication_days_count_but_less_than_references():
    ranked = {d: (score, mentions, published) for d, score, mentions, published in rank_dates(_corpus())}
    # three articles published on March 20: the day and the day before count them
    assert ranked[date(2018, 3, 20)][1:] == (0, 3)
    assert ranked[date(2018, 3, 19)][1:] == (0, 3)
    assert ranked[date(2018, 3, 3)][0] > ranked[date(2018, 3, 20)][0]  # three references outweigh three articles


def test_only_day_precision_values_are_ranked_and_the_span_is_kept():
    facts = [
        make_facts(
            "m1",
            "Outlet A",
            ["The talks began in March in Geneva with both delegations.", FLOOD],
            published="2018-03-20",
            times=[("March", "2018-03", "stated"), ("March 3", "2018-03-03", "stated")],
        )
    ]
    days = [d for d, *_ in rank_dates(facts, since=date(2018, 3, 1), until=date(2018, 3, 10))]
    assert days == [date(2018, 3, 3)]  # the month is not a day; the publication days fall outside


def test_the_timeline_has_the_best_days_in_date_order_with_cited_sentences():
    facts = _corpus()
    days = build_timeline(facts, max_dates=2, per_date=1)
    assert [d.date for d in days] == ["2018-03-03", "2018-03-05"]
    texts = {f.article.id: f.article.text for f in facts}
    for day in days:
        assert len(day.sentences) == 1
        for s in day.sentences:
            assert texts[s.citation.source_id][s.citation.start : s.citation.end] == s.citation.sentence
            assert s.text == s.citation.sentence.strip()


def test_a_near_copy_is_left_out_of_a_days_summary():
    days = build_timeline(_corpus(), max_dates=1, per_date=3)
    sentences = [s.text for s in days[0].sentences]
    assert RESCUE in sentences
    assert (FLOOD in sentences) != (FLOOD_AGAIN in sentences)  # one of the two near copies, not both
    assert len(sentences) == 2


def test_a_sentence_already_in_the_timeline_is_not_repeated_for_another_day():
    both = "Riverton flooded on March 3 and the river crested again on March 4 across the valley floor."
    other = "Volunteers in Riverton filled sandbags on March 4 along the embankment near the bridge."
    facts = [
        make_facts(
            "b1",
            "Outlet A",
            [both],
            published=PUBLISHED,
            times=[("March 3", "2018-03-03", "stated"), ("March 4", "2018-03-04", "stated")],
        ),
        make_facts(
            "b2",
            "Outlet B",
            [both],
            published=PUBLISHED,
            times=[("March 3", "2018-03-03", "stated"), ("March 4", "2018-03-04", "stated")],
        ),
        make_facts("b3", "Outlet C", [other], published=PUBLISHED, times=[("March 4", "2018-03-04", "stated")]),
    ]
    days = {d.date: [s.text for s in d.sentences] for d in build_timeline(facts, max_dates=2, per_date=1)}
    # March 4 (three references) takes the shared sentence; March 3 has nothing else to say and gives way
    assert days == {"2018-03-04": [both]}


def test_too_short_sentences_are_not_summaries_and_a_day_without_one_gives_way():
    facts = [
        make_facts(
            "c1", "Outlet A", ["On March 2 ."], published="2018-03-20", times=[("March 2", "2018-03-02", "stated")]
        ),
        make_facts(
            "c2", "Outlet B", ["March 2 ."], published="2018-03-20", times=[("March 2", "2018-03-02", "stated")]
        ),
        make_facts("c3", "Outlet C", [AID], published="2018-03-20", times=[("March 9", "2018-03-09", "stated")]),
    ]
    days = build_timeline(facts, max_dates=1, per_date=1, until=date(2018, 3, 15))
    assert [d.date for d in days] == ["2018-03-09"]


def test_undated_opening_sentences_tell_of_the_publication_day():
    text = "Storm Ada hit the Riverton coast and cut power to thousands of homes across the region."
    facts = [make_facts("d1", "Outlet A", [text], published="2018-03-12")]
    days = build_timeline(facts, max_dates=2, per_date=1)
    assert {d.date for d in days} <= {"2018-03-12", "2018-03-11"}
    assert days and days[0].sentences[0].text == text


def test_timeline_events_are_day_events_with_actors_and_citations():
    facts = [
        make_facts(
            f"e{i}",
            f"Outlet {i}",
            [FLOOD, DAM],
            published=PUBLISHED,
            times=_times(FLOOD, DAM),
            names={"Riverton": "GPE"},
        )
        for i in range(3)
    ]
    events = timeline_events(facts, actor_by_surface(facts, {"Riverton": "riverton"}), max_dates=5, per_date=1)
    assert events and all(e.granularity == "day" for e in events)
    assert events[0].date == "2018-03-03"  # the best day first
    assert events[0].actors == ("riverton",)
    assert events[0].how == "stated"
    assert len(events[0].citations) == 1
    assert events[0].date_text == "March 3" and "March 3" in events[0].summary  # the words emphasised


def test_a_large_corpus_brief_shows_the_timeline_days():
    facts = _corpus()
    few = build_brief(facts, Settings(timeline_from=100))
    many = build_brief(facts, Settings(timeline_from=2, timeline_dates=2, timeline_sentences=1))
    assert [e.date for e in many.events] == ["2018-03-03", "2018-03-05"]
    assert len(many.events) <= len(few.events) or few.events == ()
    assert all(c.note > 0 for e in many.events for c in e.citations)


def test_no_sentences_no_timeline():
    article = Article(id="x", path="x.txt", text="", published="2018-03-01", published_source=GIVEN)
    assert build_timeline([ArticleFacts(article, ())]) == []
    sentence = Sentence(0, 0, 4, "Hi .")
    time = TimeExpression("today", 0, 2, "DATE", "2018-03-01", sentence=0)
    article = Article(id="y", path="y.txt", text="Hi .", published="2018-03-01", published_source=GIVEN)
    assert build_timeline([ArticleFacts(article, (sentence,), times=(time,))]) == []


def test_a_later_reference_counts_more_than_a_reference_from_the_day_after():
    day = date(2018, 3, 3)
    later = Ranking(later=1.0)
    assert reference_weight(day, date(2018, 3, 4), later) < reference_weight(day, date(2018, 4, 3), later)
    assert reference_weight(day, day, later) == later.same_day
    assert reference_weight(day, date(2018, 3, 1), later) == later.future
    assert reference_weight(day, date(2018, 4, 3), Ranking()) == 1.0  # the plain count


def test_burst_normalisation_lowers_days_of_heavy_coverage():
    quiet = "The minister resigned over the Riverton dam report on March 3 after weeks of pressure."
    busy = "Riverton residents returned home on March 10 as the flood water went down."
    facts = [make_facts(f"q{i}", "Outlet A", [quiet], published="2018-04-20", times=_times(quiet)) for i in range(2)]
    facts += [
        make_facts(f"b{i}", "Outlet B", [busy], published="2018-03-11", times=[("March 10", "2018-03-10", "stated")])
        for i in range(3)
    ]
    plain = [d for d, *_ in rank_dates(facts)]
    assert plain.index(date(2018, 3, 10)) < plain.index(date(2018, 3, 3))
    normalised = [d for d, *_ in rank_dates(facts, ranking=Ranking(burst=1.0, published=0.0))]
    assert normalised.index(date(2018, 3, 3)) < normalised.index(date(2018, 3, 10))


def test_chosen_days_spread_over_the_span_when_asked():
    ranked = [(date(2018, 3, d), s, 0, 0) for d, s in ((1, 10.0), (2, 9.0), (3, 8.0), (20, 6.0))]
    assert choose(ranked, 2, gap=7, spread=0.0, accept=lambda _: True) == [date(2018, 3, 1), date(2018, 3, 2)]
    assert choose(ranked, 2, gap=7, spread=0.5, accept=lambda _: True) == [date(2018, 3, 1), date(2018, 3, 20)]
    # a day refused by ``accept`` (no sentence to show) lowers no other day
    refused = {date(2018, 3, 1)}
    assert choose(ranked, 2, gap=7, spread=0.5, accept=lambda e: e[0] not in refused) == [
        date(2018, 3, 2),
        date(2018, 3, 20),
    ]


def test_a_caption_run_into_a_sentence_is_not_a_summary():
    common = {"infection", "control", "experts"}
    assert run_on("Swine flu causes regular outbreaks in pigs Infection control experts are worried", common)
    assert not run_on("Officials in the Gulf said the Infection control team had left", common)  # "the" joins
    assert not run_on("Health officials in Scotland said experts were worried", common)  # a name, not common


def test_the_same_sentence_is_never_under_two_days():
    shared = "Riverton flooded on March 3 and the river crested again on March 4 across the valley floor."
    facts = [
        make_facts(
            f"s{i}",
            f"Outlet {i}",
            [shared, AID],
            published=PUBLISHED,
            times=[
                ("March 3", "2018-03-03", "stated"),
                ("March 4", "2018-03-04", "stated"),
                ("March 9", "2018-03-09", "stated"),
            ],
        )
        for i in range(3)
    ]
    days = build_timeline(facts, max_dates=3, per_date=2)
    texts = [s.text for d in days for s in d.sentences]
    assert len(texts) == len(set(texts))


def test_page_furniture_in_a_sentence_is_not_a_summary():
    assert run_on("AJB | September 16 , 2008 12:28 PM | Report abuse McCain was chairman of the committee", ())
    assert run_on("THE NEW PARADIGM FOR MARKETS The Credit Crisis of 2008 and What It Means", ())
    assert not run_on("The U.S. government seized Fannie Mae and Freddie Mac on Sunday", ())
