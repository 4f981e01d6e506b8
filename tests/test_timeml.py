"""TimeML values: one reading of what a value denotes, how precise it is and how to say it."""

from __future__ import annotations

from datetime import date

import pytest

from briefing import timeml


@pytest.mark.parametrize(
    ("value", "kind", "first", "last", "shown"),
    [
        ("2017-12-06", "day", "2017-12-06", "2017-12-06", "6 December 2017"),
        ("2017-12-06T10:30", "time", "2017-12-06", "2017-12-06", "6 December 2017"),
        ("2018-W07", "week", "2018-02-12", "2018-02-18", "week 7, 2018"),
        ("2018-W07-WE", "week", "2018-02-17", "2018-02-18", "the weekend of week 7, 2018"),
        ("2018-W07-3", "day", "2018-02-14", "2018-02-14", "14 February 2018"),
        ("2018-02", "month", "2018-02-01", "2018-02-28", "February 2018"),
        ("2018-Q4", "quarter", "2018-10-01", "2018-12-31", "Q4 2018"),
        ("2018-H1", "half", "2018-01-01", "2018-06-30", "first half of 2018"),
        ("2018-WI", "season", "2018-12-01", "2019-02-28", "winter 2018"),
        ("2018", "year", "2018-01-01", "2018-12-31", "2018"),
        ("201", "decade", "2010-01-01", "2019-12-31", "the 2010s"),
        ("19", "century", "1900-01-01", "1999-12-31", "the 20th century"),
    ],
)
def test_each_form(value, kind, first, last, shown):
    assert timeml.granularity(value) == kind
    assert timeml.interval(value) == (date.fromisoformat(first), date.fromisoformat(last))
    assert timeml.human(value) == shown


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("XXXX-12-06", "day", "6 December (year unknown)"),
        ("XXXX-12", "month", "December (year unknown)"),
        ("2018-02-30", "day", "30 February 2018"),
        ("2018-13", "month", "2018-13"),
        ("PAST_REF", "other", "PAST_REF"),
        ("P1M", "other", "P1M"),
        ("", "other", ""),
    ],
)
def test_values_that_are_not_placed_in_time(value, kind, shown):
    assert timeml.interval(value) is None
    assert timeml.granularity(value) == kind
    assert timeml.human(value) == shown


def test_day_of_a_day_or_time_only():
    assert timeml.day("2018-02-12T09:00") == date(2018, 2, 12)
    assert timeml.day("2018-02") is None
    assert timeml.day(None) is None


@pytest.mark.parametrize(("word", "number"), [("Sept.", 9), ("december", 12), ("Jan", 1), ("Monday", None)])
def test_month_numbers(word, number):
    assert timeml.month_number(word) == number
