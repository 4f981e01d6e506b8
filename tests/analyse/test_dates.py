from datetime import date

import pytest

from briefing.analyse import dates


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2017-12-06", date(2017, 12, 6), date(2017, 12, 6)),
        ("2018-02", date(2018, 2, 1), date(2018, 2, 28)),
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("2018-W07", date(2018, 2, 12), date(2018, 2, 18)),
        ("2018-Q2", date(2018, 4, 1), date(2018, 6, 30)),
        ("2017-WI", date(2017, 12, 1), date(2018, 2, 28)),
        ("199", date(1990, 1, 1), date(1999, 12, 31)),
        ("2018-02-12T15:00", date(2018, 2, 12), date(2018, 2, 12)),
    ],
)
def test_interval_keeps_the_precision_of_the_value(value, first, last):
    assert dates.interval(value) == (first, last)


@pytest.mark.parametrize("value", ["XXXX-12-06", "PAST_REF", "P1M", "", None, "2018-13"])
def test_unanchored_values_have_no_interval(value):
    assert dates.interval(value) is None
    assert not dates.is_anchored(value)


def test_compatible_at_the_shared_granularity():
    assert dates.compatible("2018-02-12", "2018-02")
    assert dates.compatible("2018", "2018-02-12")
    assert not dates.compatible("2018-02-12", "2018-02-13")
    assert not dates.compatible("2018-01", "2018-02-12")


def test_after_needs_the_whole_value_after_the_reference():
    assert dates.after("2018-02-20", "2018-02-12")
    assert not dates.after("2018-02", "2018-02-12")  # the month contains the day
    assert dates.after("2018-03", "2018-02-12")
    assert not dates.after("2018-02-20", None)


def test_granularity_names():
    assert [dates.granularity(v) for v in ("2018-02-12", "2018-02", "2018", "2018-W07", "199")] == [
        "day",
        "month",
        "year",
        "week",
        "decade",
    ]
