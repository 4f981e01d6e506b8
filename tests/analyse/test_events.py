from briefing.analyse.events import chronological, find_events
from briefing.model import INFERRED

from .factories import actor_by_surface, make_facts

ACTORS = {"Trump": "donald-trump", "Putin": "vladimir-putin", "Abbas": "mahmoud-abbas"}


def test_same_happening_told_by_two_outlets_is_one_event_citing_both():
    one = make_facts(
        "a1",
        "Outlet One",
        ["Trump spoke with Putin by phone on February 12 about peace."],
        names={"Trump": "PERSON", "Putin": "PERSON"},
        times=[("February 12", "2018-02-12", "relative")],
    )
    two = make_facts(
        "a2",
        "Outlet Two",
        ["Putin and Trump discussed peace in a phone call on Monday."],
        names={"Trump": "PERSON", "Putin": "PERSON"},
        times=[("Monday", "2018-02-12", "relative")],
    )
    events = find_events([one, two], actor_by_surface([one, two], ACTORS), {})
    assert len(events) == 1
    assert {c.source_id for c in events[0].citations} == {"a1", "a2"}
    assert events[0].outlets == ("Outlet One", "Outlet Two")
    assert set(events[0].actors) == {"donald-trump", "vladimir-putin"}


def test_different_days_stay_apart():
    one = make_facts(
        "a1",
        "Outlet One",
        ["Trump spoke with Putin on February 12.", "Trump spoke with Putin again on February 14."],
        names={"Trump": "PERSON", "Putin": "PERSON"},
        times=[("February 12", "2018-02-12", "relative"), ("February 14", "2018-02-14", "relative")],
    )
    events = find_events([one], actor_by_surface([one], ACTORS), {})
    assert sorted(e.date for e in events) == ["2018-02-12", "2018-02-14"]


def test_month_precision_is_kept_and_merges_with_a_day_in_that_month_only_when_told_alike():
    one = make_facts(
        "a1",
        "One",
        ["Abbas met Putin in Moscow in February."],
        names={"Abbas": "PERSON", "Putin": "PERSON"},
        times=[("February", "2018-02", "relative")],
    )
    two = make_facts(
        "a2",
        "Two",
        ["Abbas met Putin in Moscow on February 12."],
        names={"Abbas": "PERSON", "Putin": "PERSON"},
        times=[("February 12", "2018-02-12", "relative")],
    )
    events = find_events([one, two], actor_by_surface([one, two], ACTORS), {})
    assert len(events) == 1
    assert events[0].date == "2018-02-12"
    assert events[0].granularity == "day"


def test_sentence_without_actor_or_with_unanchored_date_is_not_an_event():
    one = make_facts(
        "a1",
        "One",
        ["The weather was cold on February 12.", "Trump spoke on December 6."],
        names={"Trump": "PERSON"},
        times=[("February 12", "2018-02-12", "relative"), ("December 6", "XXXX-12-06", "unanchored")],
    )
    assert find_events([one], actor_by_surface([one], ACTORS), {}) == []


def test_later_date_is_upcoming_and_inferred_anchor_is_uncertain():
    one = make_facts(
        "a1",
        "One",
        ["Abbas is scheduled to address the council on Feb 20."],
        names={"Abbas": "PERSON"},
        times=[("Feb 20", "2018-02-20", "relative")],
        published_source=INFERRED,
    )
    (event,) = find_events([one], actor_by_surface([one], ACTORS), {})
    assert event.upcoming
    assert not event.certain
    stated = make_facts(
        "a2",
        "One",
        ["Abbas spoke on Nov. 29, 2012."],
        names={"Abbas": "PERSON"},
        times=[("Nov. 29, 2012", "2012-11-29", "stated")],
        published_source=INFERRED,
    )
    (event,) = find_events([stated], actor_by_surface([stated], ACTORS), {})
    assert event.certain and not event.upcoming


def test_chronological_orders_by_start_of_period():
    one = make_facts(
        "a1",
        "One",
        ["Putin spoke in 2011.", "Putin spoke on March 3, 2011.", "Putin spoke in 2010."],
        names={"Putin": "PERSON"},
        times=[
            ("2011", "2011", "stated"),
            ("March 3, 2011", "2011-03-03", "stated"),
            ("2010", "2010", "stated"),
        ],
    )
    events = chronological(find_events([one], actor_by_surface([one], ACTORS), {}))
    assert [e.date for e in events][0] == "2010"


def test_an_event_keeps_the_words_of_its_summary_that_date_it():
    one = make_facts(
        "a1",
        "One",
        ["Abbas met Putin on Feb 12 ahead of a council session on Feb 20."],
        names={"Abbas": "PERSON", "Putin": "PERSON"},
        times=[("Feb 12", "2018-02-12", "relative"), ("Feb 20", "2018-02-20", "relative")],
    )
    events = find_events([one], actor_by_surface([one], ACTORS), {})
    assert {e.date: e.date_text for e in events} == {"2018-02-12": "Feb 12", "2018-02-20": "Feb 20"}
    assert all(e.date_text in e.summary for e in events)
