"""Unit tests for the temporal tagger: each kind of expression in a small sentence of its own."""

from __future__ import annotations

import re
import time

import pytest

from briefing.model import TimeExpression
from briefing.nlp.temporal import granularity, infer_anchor, tag_times, tagger
from briefing.nlp.temporal.context import Resolution, Rule
from briefing.nlp.temporal.rules import RULES


def found(text: str, published: str | None = None) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag_times(text, published)]


def one(text: str, published: str | None, span: str) -> TimeExpression:
    hits = [t for t in tag_times(text, published) if t.text == span]
    assert hits, f"{span!r} not found in {found(text, published)}"
    t = hits[0]
    assert text[t.start : t.end] == t.text
    return t


# --------------------------------------------------------------------------- the examples


def test_bare_month_day_in_previous_year():
    t = one("The meeting took place on December 6.", "2018-02-12", "December 6")
    assert (t.type, t.value, t.how, t.anchor) == ("DATE", "2017-12-06", "relative", "2018-02-12")


def test_bare_month_day_later_same_month():
    assert ("Feb 20", "DATE", "2018-02-20") in found("The vote is set for Feb 20.", "2018-02-12")


def test_last_month():
    assert found("Sales fell last month.", "2024-08-13") == [("last month", "DATE", "2024-07")]


def test_late_december_previous_year():
    assert found("Late December was cold.", "2018-02-12") == [("Late December", "DATE", "2017-12")]


def test_weekday_same_day_article():
    # 2024-08-13 is a Tuesday: "on Tuesday" is that day, past or future tense alike
    assert found("The minister spoke on Tuesday.", "2024-08-13") == [("Tuesday", "DATE", "2024-08-13")]
    assert found("The minister will speak on Tuesday.", "2024-08-13") == [("Tuesday", "DATE", "2024-08-13")]


def test_weekday_past_by_default_future_with_cue():
    # 2018-02-14 is a Wednesday
    assert found("The minister said on Monday that talks failed.", "2018-02-14") == [("Monday", "DATE", "2018-02-12")]
    assert found("The minister will travel to Paris on Friday.", "2018-02-14") == [("Friday", "DATE", "2018-02-16")]
    assert found("The vote is next Tuesday.", "2024-08-13") == [("next Tuesday", "DATE", "2024-08-20")]
    assert found("They met last Friday.", "2018-02-14") == [("last Friday", "DATE", "2018-02-09")]


def test_full_date_stated():
    t = one("On Nov. 29, 2012, the assembly voted.", None, "Nov. 29, 2012")
    assert (t.type, t.value, t.how, t.anchor) == ("DATE", "2012-11-29", "stated", None)


def test_year_and_month_year():
    assert found("He moved there in 2016.", "2018-02-12") == [("2016", "DATE", "2016")]
    assert found("The plant closed in October 2015.", "2018-02-12") == [("October 2015", "DATE", "2015-10")]


def test_a_day_after_resolves_against_date_in_text():
    text = "The vote was held on November 21, 2012. A day after, protests began."
    t = one(text, "2018-02-12", "A day after")
    assert (t.type, t.value, t.how, t.anchor) == ("DATE", "2012-11-22", "relative", "2012-11-21")


def test_a_day_later_resolves_against_bare_date():
    text = "On November 21 the vote was held. A day later, protests began."
    t = one(text, "2018-02-12", "A day later")
    assert t.value == "2017-11-22"


def test_earlier_this_year_and_seasons():
    assert found("Prices rose earlier this year.", "2018-02-12") == [("earlier this year", "DATE", "2018")]
    assert found("It flooded last summer.", "2018-02-12") == [("last summer", "DATE", "2017-SU")]
    assert found("They will open this summer.", "2018-02-12") == [("this summer", "DATE", "2018-SU")]


def test_decades_and_centuries():
    assert found("Crime fell in the 1990s.", "2018-02-12") == [("the 1990s", "DATE", "199")]
    assert found("It began in the mid-1980s.", "2018-02-12") == [("the mid-1980s", "DATE", "198")]
    assert found("The 20th century was violent.", "2018-02-12") == [("The 20th century", "DATE", "19")]


def test_quarters_halves_fiscal_years():
    assert found("Sales will rise in the third quarter.", "2018-02-12") == [("the third quarter", "DATE", "2018-Q3")]
    assert found("Profit fell in the fourth quarter.", "2018-02-12") == [("the fourth quarter", "DATE", "2017-Q4")]
    assert found("Profit rose in the second quarter of 2016.", "2018-02-12") == [
        ("the second quarter of 2016", "DATE", "2016-Q2")
    ]
    assert found("Third-quarter profit fell.", "2018-10-25") == [("Third-quarter", "DATE", "2018-Q3")]
    assert found("It grew in the first half of 2016.", "2018-02-12") == [("the first half of 2016", "DATE", "2016-H1")]
    assert found("The company earned $5 million in fiscal 2017.", "2018-02-12") == [("fiscal 2017", "DATE", "2017")]


def test_year_ago_in_earnings_report_follows_the_quarter():
    text = "Third-quarter net income rose to $5 million from $4 million a year ago."
    assert ("a year ago", "DATE", "2017-Q3") in found(text, "2018-10-25")


def test_ranges_are_two_expressions():
    assert found("The 2009-2010 season was long.", "2018-02-12") == [("2009", "DATE", "2009"), ("2010", "DATE", "2010")]
    assert found("In 1989-90 output fell.", "2018-02-12") == [("1989", "DATE", "1989"), ("90", "DATE", "1990")]


def test_present_past_future_refs():
    assert found("Now the talks are over.", "2018-02-12") == [("Now", "DATE", "PRESENT_REF")]
    assert found("He is currently in Paris.", "2018-02-12") == [("currently", "DATE", "PRESENT_REF")]
    assert found("She recently left.", "2018-02-12") == [("recently", "DATE", "PAST_REF")]
    assert found("It may change in the future.", "2018-02-12") == [("the future", "DATE", "FUTURE_REF")]


def test_durations():
    assert found("The strike lasted two weeks.", "2018-02-12") == [("two weeks", "DURATION", "P2W")]
    assert found("The flight took 3 hours.", "2018-02-12") == [("3 hours", "DURATION", "PT3H")]
    assert found("Prices have risen over the past three years.", "2018-02-12") == [
        ("the past three years", "DURATION", "P3Y")
    ]
    assert found("He has lived there for a year.", "2018-02-12") == [("a year", "DURATION", "P1Y")]
    assert found("It is a 10-year plan.", "2018-02-12") == [("10-year", "DURATION", "P10Y")]
    assert found("The siege lasted 2 1/2 years.", "2018-02-12") == [("2 1/2 years", "DURATION", "P2Y6M")]
    assert found("The fight took several months.", "2018-02-12") == [("several months", "DURATION", "PXM")]
    assert found("Trade grew in recent months.", "2018-02-12") == [("recent months", "DURATION", "PXM")]


def test_ages_are_not_durations():
    assert found("The 6-year-old boy and a man, 52 years old, were rescued.", "2018-02-12") == []


def test_two_weeks_after_event_is_a_duration():
    # TimeML tags the amount of time; "after" is a signal linking it to the event
    assert found("Two weeks after the vote, they met.", "2018-02-12") == [("Two weeks", "DURATION", "P2W")]


def test_sets():
    assert found("They meet every week.", "2018-02-12") == [("every week", "SET", "P1W")]
    assert found("The paper is published weekly.", "2018-02-12") == [("weekly", "SET", "P1W")]
    assert found("Rates are reviewed annually.", "2018-02-12") == [("annually", "SET", "P1Y")]
    assert found("The market opens each Monday.", "2018-02-12") == [("each Monday", "SET", "XXXX-WXX-1")]
    assert found("Exports reached 50,000 barrels a day.", "2018-02-12") == [("a day", "SET", "P1D")]


def test_times():
    assert found("The blast happened at 3 p.m.", "2018-02-12") == [("3 p.m.", "TIME", "2018-02-12T15:00")]
    assert found("He arrived at 10:35 a.m. Friday.", "2018-02-12") == [
        ("10:35 a.m. Friday", "TIME", "2018-02-09T10:35")
    ]
    assert found("The talks broke down this morning.", "2018-02-12") == [("this morning", "TIME", "2018-02-12TMO")]
    assert found("Troops moved in last night.", "2018-02-12") == [("last night", "TIME", "2018-02-11TNI")]


def test_time_takes_the_day_stated_before_it():
    text = "Dr. Slepian was shot on Oct. 23, 1998. He died at 10 p.m. in his kitchen."
    assert ("10 p.m.", "TIME", "1998-10-23T22:00") in found(text, "1999-04-19")


def test_today_yesterday_tomorrow_this_week():
    assert found("Today the court ruled.", "2018-02-12") == [("Today", "DATE", "2018-02-12")]
    assert found("Police said yesterday that two men fled.", "2018-02-12") == [("yesterday", "DATE", "2018-02-11")]
    assert found("The court rules tomorrow.", "2018-02-12") == [("tomorrow", "DATE", "2018-02-13")]
    assert found("This week is busy.", "2018-02-12") == [("This week", "DATE", "2018-W07")]
    assert found("The bill passed last week.", "2018-02-12") == [("last week", "DATE", "2018-W06")]
    assert found("He left two years ago.", "2018-02-12") == [("two years ago", "DATE", "2016")]


def test_months_relative():
    assert found("The deal closed last November.", "2018-02-12") == [("last November", "DATE", "2017-11")]
    assert found("Elections are due next May.", "2018-02-12") == [("next May", "DATE", "2018-05")]
    assert found("The fair opened in January.", "2018-02-12") == [("January", "DATE", "2018-01")]
    assert found("Troops will leave by September.", "2018-02-12") == [("September", "DATE", "2018-09")]


def test_may_and_march_need_context():
    assert found("Officials may leave. Protesters march on.", "2018-02-12") == []
    assert found("The law took effect in May.", "2018-02-12") == [("May", "DATE", "2017-05")]


def test_holidays():
    assert found("Stores close on Christmas Day.", "2018-02-12") == [("Christmas Day", "DATE", "2017-12-25")]
    assert found("They met last Thanksgiving.", "2018-02-12") == [("last Thanksgiving", "DATE", "2017-11-23")]


def test_anaphoric_following_year_and_that_day():
    text = "The plant opened in 2009. The following year it closed."
    assert ("The following year", "DATE", "2010") in found(text, "2018-02-12")
    text = "The treaty was signed on March 3, 2015. Protests broke out that day."
    assert ("that day", "DATE", "2015-03-03") in found(text, "2018-02-12")


# --------------------------------------------------------------------------- without a publication date


def test_no_publication_date_never_invents_a_year():
    text = "The meeting was on December 6. Today is busy. Last month was hot. On Tuesday he spoke."
    got = tag_times(text, None)
    assert [(t.text, t.value, t.how) for t in got] == [
        ("December 6", "XXXX-12-06", "unanchored"),
        ("Today", "XXXX-XX-XX", "unanchored"),
        ("Last month", "XXXX-XX", "unanchored"),
        ("Tuesday", "XXXX-WXX-2", "unanchored"),
    ]
    assert all(t.anchor is None for t in got)


def test_no_publication_date_the_text_s_latest_full_date_anchors_deictic_values():
    opening = "The minister resigned. " * 30  # past the opening lines the latest full date anchors
    text = opening + "On Nov. 29, 2012, the vote took place. Three weeks ago he left. A day later he returned."
    got = found(text, None)
    assert got == [
        ("Nov. 29, 2012", "DATE", "2012-11-29"),
        ("Three weeks ago", "DATE", "2012-W45"),
        ("A day later", "DATE", "2012-11-30"),
    ]


def test_no_publication_date_latest_full_date_in_opening_lines_is_the_anchor():
    text = "On Nov. 29, 2012, the vote took place. Three weeks ago he left."
    got = tag_times(text, None)
    assert [(t.text, t.value, t.how) for t in got] == [
        ("Nov. 29, 2012", "2012-11-29", "stated"),
        ("Three weeks ago", "2012-W45", "relative"),
    ]
    assert got[1].anchor == "2012-11-29"


def test_no_publication_date_uses_dateline():
    text = "WASHINGTON, March 3, 2015 -- The Senate voted on Monday. Last month the bill failed."
    assert infer_anchor(text) == "2015-03-03"
    got = tag_times(text, None)
    by = {t.text: t for t in got}
    assert by["Monday"].value == "2015-03-02" and by["Monday"].how == "relative"
    assert by["Monday"].anchor == "2015-03-03"
    assert by["Last month"].value == "2015-02"


def test_infer_anchor_none_without_full_date():
    assert infer_anchor("The minister spoke on Tuesday about the March vote.") is None
    assert infer_anchor("The bill, first tabled in 1998, failed again last year.") is None  # a year alone is no anchor
    assert infer_anchor("") is None


def test_without_a_date_in_the_opening_the_latest_full_date_of_the_text_is_the_anchor():
    text = (
        "The minister spoke on Tuesday. "
        + "The debate went on. " * 40
        + "The vote of May 4, 1999 and of March 2, 1998."
    )
    assert infer_anchor(text) == "1999-05-04"


def test_a_month_named_with_its_year_anchors_at_month_precision():
    text = "Profits rose in March 1998 after a weak June 1997. Last month sales fell."
    assert infer_anchor(text) == "1998-03"
    by = {t.text: t for t in tag_times(text, None)}
    assert by["Last month"].value == "1998-02"


def test_partial_publication_dates():
    assert found("Last year sales fell.", "2018") == [("Last year", "DATE", "2017")]
    t = one("Yesterday the firm said so.", "2018-04", "Yesterday")
    assert t.value == "2018-04-XX"
    assert found("It opened in December.", "2018-04") == [("December", "DATE", "2017-12")]


def test_timestamp_publication_date():
    assert found("He spoke yesterday.", "2018-02-12T23:10:00Z") == [("yesterday", "DATE", "2018-02-11")]


def test_offsets_and_sentence_left_for_caller():
    text = "Sales fell last month, the firm said on Tuesday."
    for t in tag_times(text, "2024-08-13"):
        assert text[t.start : t.end] == t.text
        assert t.sentence == -1
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_no_false_positives_on_numbers():
    assert found("The company employs 2,000 people and paid $1999 for 1,500 shares.", "2018-02-12") == []
    assert found("", "2018-02-12") == []


# --------------------------------------------------------------------------- granularity


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-12-06", "day"),
        ("2018-W07", "week"),
        ("2018-01", "month"),
        ("2018-Q2", "quarter"),
        ("2017-SU", "season"),
        ("2018-H1", "half"),
        ("2018", "year"),
        ("199", "decade"),
        ("19", "century"),
        ("2018-02-12T15:00", "time"),
        ("XXXX-12-06", "day"),
        ("PRESENT_REF", "other"),
        ("P1M", "other"),
        ("", "other"),
    ],
)
def test_granularity(value, expected):
    assert granularity(value) == expected


def test_fast_enough():
    text = (
        "The minister said on Tuesday that talks held last month in Geneva, and again on Dec. 6, "
        "would resume within two weeks. Sales fell 3% in the third quarter from a year earlier. "
    ) * 40
    t0 = time.perf_counter()
    tag_times(text, "2018-02-12")
    assert time.perf_counter() - t0 < 1.0


# --------------------------------------------------------------------------- extents and shorthand


def test_duration_extents_follow_timebank():
    assert found("They spent about five hours there.", "2018-02-12") == [("five hours", "DURATION", "PT5H")]
    assert found("Banks must wait at least 30 days.", "2018-02-12") == [("at least 30 days", "DURATION", "P30D")]
    assert found("He met Moi in a five-hour visit.", "2018-02-12") == [("five-hour", "DURATION", "PT5H")]
    assert found("The talks were cut off for nearly two years.", "2018-02-12") == [
        ("nearly two years", "DURATION", "P2Y")
    ]
    assert found("Results for the nine months rose.", "2018-02-12") == [("the nine months", "DURATION", "P9M")]


def test_verb_last_is_not_the_last():
    assert found("The truce will last 72 hours.", "2018-02-12") == [("72 hours", "DURATION", "PT72H")]
    assert found("Prices rose in the last 72 hours.", "2018-02-12") == [("the last 72 hours", "DURATION", "PT72H")]


def test_vague_plurals():
    assert found("His car was seen in the weeks before the shooting.", "2018-02-12") == [("weeks", "DURATION", "PXW")]
    assert found("The region has been troubled for years.", "2018-02-12") == [("years", "DURATION", "PXY")]
    assert found("Many years of work went into it.", "2018-02-12") == [("Many years", "DURATION", "PXY")]
    assert found("The days are long and the weeks fly.", "2018-02-12") == []


def test_financial_shorthand():
    assert found("The deal closes in Q3 2018; H2 2018 looks weak.", "2018-02-12") == [
        ("Q3 2018", "DATE", "2018-Q3"),
        ("H2 2018", "DATE", "2018-H2"),
    ]
    assert found("3Q18 sales rose.", "2018-02-12") == [("3Q18", "DATE", "2018-Q3")]
    assert found("FY2019 guidance was cut.", "2018-02-12") == [("FY2019", "DATE", "2019")]


def test_month_with_relative_year():
    assert found("In June last year the leaders met.", "2018-02-12") == [("June last year", "DATE", "2017-06")]
    assert found("It began in February this year.", "2018-12-03") == [("February this year", "DATE", "2018-02")]


def test_capitalised_relative_words():
    assert found("Last Friday he left.", "2018-02-12") == [("Last Friday", "DATE", "2018-02-09")]
    assert found('Baker spoke on ABC\'s "This Week" program.', "2018-02-12") == []


def test_military_time_with_zone():
    assert found("The ceasefire began at 0600 GMT on Monday.", "2018-02-14") == [
        ("0600 GMT on Monday", "TIME", "2018-02-12T06:00")
    ]


def test_possessive_weekday_is_a_reported_event():
    # "Wednesday's ruling" in a Saturday article: the Wednesday just gone, even beside a future verb
    assert found("They would look for ways to get around Wednesday's ruling.", "2000-01-15") == [
        ("Wednesday", "DATE", "2000-01-12")
    ]


def test_clock_time_takes_weekday_after_it():
    assert found("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.", "1998-08-08") == [
        ("10:35 a.m.", "TIME", "1998-08-07T10:35"),
        ("Friday", "DATE", "1998-08-07"),
    ]


def test_date_naming_a_reported_event_is_in_the_past():
    text = "Abbas postponed the trip after the brutal Oct. 7 attack on Israel."
    assert found(text, "2024-08-13") == [("Oct. 7", "DATE", "2023-10-07")]
    assert found("Ahead of the March 3 vote, parties campaigned.", "2018-02-12") == [("March 3", "DATE", "2018-03-03")]


def test_empty_publication_date_is_treated_as_missing():
    text = "WASHINGTON, March 3, 2015 -- Last month the bill failed."
    assert found(text, "") == [("March 3, 2015", "DATE", "2015-03-03"), ("Last month", "DATE", "2015-02")]


def test_an_expression_that_cannot_be_resolved_is_skipped_not_fatal():
    """Year -491 and a week after a century: the rule gives up, the article keeps its other dates."""
    found = tag_times("The temple was built 2,500 years ago, officials said on Monday.", "2009-06-25")
    assert [(t.text, t.value) for t in found] == [("Monday", "2009-06-22")]
    found = tag_times("It was a 19th-century custom. Later in the week, he sang on March 3.", "2010-02-27")
    assert ("March 3", "2010-03-03") in [(t.text, t.value) for t in found]


# --------------------------------------------------------------------------- the rule list


def _fake_rule(name: str, handler) -> Rule:
    return Rule(name, re.compile(r"\bblue moon\b"), 1, handler)


def test_rules_are_listed_once_each():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) == 36
    assert all(isinstance(r, Rule) for r in RULES)


def test_a_tie_goes_to_the_rule_listed_later(monkeypatch):
    first = _fake_rule("first", lambda m, st: Resolution("DATE", "2001", "stated", None))
    second = _fake_rule("second", lambda m, st: Resolution("DATE", "2002", "stated", None))
    monkeypatch.setattr(tagger, "RULES", (first, second))
    assert found("Once in a blue moon.") == [("blue moon", "DATE", "2002")]


def test_a_coding_error_in_a_rule_is_raised_not_hidden(monkeypatch):
    """Only calendar arithmetic failing (ValueError, OverflowError) skips an expression; a bug must show."""

    def broken(m, st):
        return None + 1

    monkeypatch.setattr(tagger, "RULES", (_fake_rule("broken", broken),))
    with pytest.raises(TypeError):
        tag_times("Once in a blue moon.", "2018-02-12")
