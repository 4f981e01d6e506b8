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


def test_an_undated_lead_is_dated_by_the_publication_day_and_marked_so():
    lead = make_facts(
        "l1",
        "Outlet One",
        ["Abbas has arrived in Moscow for talks.", "Abbas will meet officials next week."],
        published="2018-02-12",
        names={"Abbas": "PERSON"},
    )
    events = find_events([lead], actor_by_surface([lead], ACTORS), {})
    assert [(e.date, e.how, e.summary) for e in events] == [
        ("2018-02-12", "published", "Abbas has arrived in Moscow for talks.")
    ]
    assert events[0].certain  # the publication date was given


def test_a_lead_with_date_words_or_a_month_of_publication_takes_no_publication_day():
    dated = make_facts(
        "l2",
        "Outlet One",
        ["Abbas arrived in Moscow on Sunday."],
        published="2018-02-12",
        names={"Abbas": "PERSON"},
        times=[("Sunday", "2018-02-11", "relative")],
    )
    month = make_facts(
        "l3", "Outlet Two", ["Abbas has arrived in Moscow for talks."], published="2018-02", names={"Abbas": "PERSON"}
    )
    events = find_events([dated, month], actor_by_surface([dated, month], ACTORS), {})
    assert [(e.date, e.how) for e in events] == [("2018-02-11", "relative")]


def test_a_day_after_a_dated_happening_takes_the_next_day():
    facts = make_facts(
        "d1",
        "Outlet One",
        [
            "The summit in Sochi opened on February 12 with Putin as host.",
            "A day after the summit, Putin flew to Ankara.",
            "Two weeks before the election, Putin spoke of reform.",
        ],
        published="2018-02-20",
        names={"Putin": "PERSON"},
        times=[("February 12", "2018-02-12", "stated")],
    )
    events = find_events([facts], actor_by_surface([facts], ACTORS), {})
    by_summary = {e.summary: (e.date, e.how) for e in events}
    assert by_summary["A day after the summit, Putin flew to Ankara."] == ("2018-02-13", "relative")
    assert "Two weeks before the election, Putin spoke of reform." not in by_summary  # no election is dated


def test_a_lead_is_not_dated_by_publication_when_the_text_dates_that_day_itself():
    facts = make_facts(
        "l4",
        "Outlet One",
        ["Abbas has arrived in Moscow for talks.", "Abbas landed in Moscow on Monday evening."],
        published="2018-02-12",
        names={"Abbas": "PERSON"},
        times=[("Monday", "2018-02-12", "relative")],
    )
    events = find_events([facts], actor_by_surface([facts], ACTORS), {})
    assert [(e.date, e.how) for e in events] == [("2018-02-12", "relative")]
